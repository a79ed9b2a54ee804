//! After the form: how the result comes back (at the desk, by public post, as an electronic
//! copy), when it is due, a booked time to hand the dossier in (at the desk, or a visit at
//! home where the office offers it), and the citizen's rating. Values only: the store keeps
//! them, the flow asks them, the slip prints them.

use super::date::Date;
use super::workdays::WorkCalendar;
use serde::{Deserialize, Serialize};

/// A way the result comes back (Nghị định 87/2020/NĐ-CP, Điều 12 khoản 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Way {
    /// Collected at the Bộ phận Một cửa.
    Desk,
    /// Sent by the public postal service (bưu chính công ích) to an address.
    Post,
    /// The electronic copy (bản điện tử), sent to the citizen's data store on the national
    /// portal / VNeID.
    Electronic,
}

impl Way {
    pub const ALL: [Way; 3] = [Way::Desk, Way::Post, Way::Electronic];

    pub fn as_str(self) -> &'static str {
        match self {
            Way::Desk => "desk",
            Way::Post => "post",
            Way::Electronic => "electronic",
        }
    }

    pub fn parse(s: &str) -> Option<Way> {
        Way::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// What a procedure's template says about its result: when it is due and how it may come
/// back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultTerms {
    /// Working days to the result; 0 = the same working day (a dossier after the cut-off
    /// time: the next one); None = it depends on the case (CT01 serves several residence
    /// procedures): the desk writes the day on its receipt.
    pub days: Option<u32>,
    /// The ways the result may come back, the desk first.
    pub ways: Vec<Way>,
    /// Why the result must be collected in person (both parties of a marriage sign), when
    /// it must; then only the desk is offered and the screen says this.
    pub in_person: Option<String>,
    /// Where the time and the ways are written.
    pub basis: String,
}

impl Default for ResultTerms {
    fn default() -> Self {
        ResultTerms { days: None, ways: vec![Way::Desk], in_person: None, basis: String::new() }
    }
}

/// Who pays for sending the result by post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    /// The citizen pays the postman on delivery.
    Citizen,
    /// The province's budget pays (many provinces support BCCI delivery).
    State,
}

/// The office's terms for sending results of one group of procedures by post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostTerms {
    /// The procedures' group as the templates name it ("Hộ tịch", "Cư trú").
    pub group: String,
    /// The fee in đồng; 0 = the postal service's own price list, said when it delivers.
    pub fee: u32,
    pub payer: Payer,
}

/// How one dossier's result comes back, as the citizen chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub way: Way,
    /// Where the post takes it (2025 units): the residence on the card unless changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Delivery {
    pub fn desk() -> Delivery {
        Delivery { way: Way::Desk, address: None }
    }
}

/// Where a booked time is kept: at the desk, or a visit at home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visit {
    Desk,
    Home,
}

impl Visit {
    pub fn as_str(self) -> &'static str {
        match self {
            Visit::Desk => "desk",
            Visit::Home => "home",
        }
    }

    pub fn parse(s: &str) -> Option<Visit> {
        [Visit::Desk, Visit::Home].into_iter().find(|v| v.as_str() == s)
    }
}

/// A time to book: a day and the minute of the day its hour starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slot {
    pub day: Date,
    pub minute: u32,
}

impl Slot {
    /// "08:30".
    pub fn time(&self) -> String {
        clock(self.minute)
    }
}

/// "08:30" for a minute of the day.
pub fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// "08:30" → minutes since midnight (00:00–23:59).
pub fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let digits = |x: &str| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A booked time on a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub visit: Visit,
    pub slot: Slot,
    /// Where the visit at home goes (2025 units); None at the desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The slots an office offers for one kind of visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotPlan<'a> {
    /// The hours each working day, as minutes of the day, in order.
    pub starts: &'a [u32],
    /// Bookings one slot takes.
    pub capacity: u32,
    /// How many working days ahead can be booked (today not counted).
    pub days_ahead: u32,
}

/// A slot on the booking screen, with the places left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub slot: Slot,
    pub left: u32,
}

/// The slots from the next working day on, `plan.days_ahead` working days, each with the
/// places left after `taken` (slot → bookings). A full slot is listed with 0 left (the
/// screen shows it as full; it cannot be chosen), so the buttons do not move when one fills.
pub fn offers(cal: &WorkCalendar, today: Date, plan: &SlotPlan, taken: &dyn Fn(Slot) -> u32) -> Vec<Offer> {
    let mut out = Vec::new();
    let mut day = today;
    for _ in 0..plan.days_ahead {
        day = cal.next_working_day(day);
        for &minute in plan.starts {
            let slot = Slot { day, minute };
            out.push(Offer { slot, left: plan.capacity.saturating_sub(taken(slot)) });
        }
    }
    out
}

/// One tap on the done screen: how the citizen found the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    VerySatisfied,
    Satisfied,
    Unsatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::VerySatisfied, Rating::Satisfied, Rating::Unsatisfied];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "very_satisfied",
            Rating::Satisfied => "satisfied",
            Rating::Unsatisfied => "unsatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::workdays::Decided;

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("07:30"), Some(450));
        assert_eq!(parse_clock("15:00"), Some(900));
        for bad in ["7:30", "24:00", "12:60", "ab:cd", "", "12:3"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(clock(450), "07:30");
    }

    #[test]
    fn offers_skip_days_off_and_count_places() {
        let decided = Decided::default();
        let cal = WorkCalendar::new(&decided);
        // Wednesday 29/04/2026: 30/4 and 1/5 are holidays, 2–3/5 a weekend
        let today = Date::new(29, 4, 2026).unwrap();
        let plan = SlotPlan { starts: &[450, 810], capacity: 2, days_ahead: 2 };
        let first = Slot { day: Date::new(4, 5, 2026).unwrap(), minute: 450 };
        let o = offers(&cal, today, &plan, &|s| if s == first { 2 } else { 1 });
        let days: Vec<String> = o.iter().map(|x| x.slot.day.to_string()).collect();
        assert_eq!(days, ["04/05/2026", "04/05/2026", "05/05/2026", "05/05/2026"]);
        assert_eq!(o.iter().map(|x| x.left).collect::<Vec<_>>(), [0, 1, 1, 1]);
    }
}
