//! After the form: the ways the result may come back, the day it is due, booked times, the
//! slip, and the citizens' ratings — the same steps for the kiosk and the CLI.

use super::*;
use crate::core::after::{Booking, Delivery, Offer, PostTerms, Rating, Slot, SlotPlan, Visit, Way};
use crate::core::units::{check_address, old, AddressCheck};
use crate::core::workdays::WorkCalendar;
use chrono::Timelike;

/// What the delivery step offers for the chosen procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOptions {
    /// The ways offered, the desk first (only the desk when the result is collected in person).
    pub ways: Vec<Way>,
    /// The office's terms for post (when post is offered).
    pub post: Option<PostTerms>,
    /// Why the result is collected in person, when it is.
    pub in_person: Option<String>,
    /// The address the post takes it to unless changed: the requester's residence on the
    /// card, in the 2025 units (None: the card's is not one, the citizen picks it).
    pub card_address: Option<String>,
}

/// One day's ratings of one procedure: very satisfied, satisfied, not satisfied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RatingRow {
    /// `dd/mm/yyyy`.
    pub day: String,
    pub form_id: String,
    pub counts: [u32; 3],
}

/// An address in the 2025 units as it is kept, or None.
fn in_2025_units(a: &str) -> Option<String> {
    match check_address(a, true) {
        AddressCheck::Ok(clean) => Some(clean),
        _ => None,
    }
}

impl Service {
    /// The ways the chosen procedure's result may come back, with the office's post terms.
    pub fn delivery_options(&self, s: &Session) -> Result<DeliveryOptions, ServiceError> {
        let t = self.form(s.form_id().ok_or(ServiceError::NoForm)?)?;
        let post = self.config.post_terms(&t.group).cloned();
        let ways = t.result.ways.iter().copied().filter(|w| *w != Way::Post || post.is_some()).collect();
        // the card's residence, or the one 2025 address its old units became
        let card_address = s.requester_card().and_then(|c| {
            in_2025_units(&c.residence).or_else(|| match old::convert(&c.residence).moved().as_slice() {
                [one] => Some(one.address.clone()),
                _ => None,
            })
        });
        Ok(DeliveryOptions { ways, post, in_person: t.result.in_person.clone(), card_address })
    }

    /// The citizen's choice; refused when the procedure does not offer that way or a post
    /// address is not one in the 2025 units.
    pub fn set_delivery(&self, s: &mut Session, d: Delivery) -> Result<(), ServiceError> {
        let options = self.delivery_options(s)?;
        if !options.ways.contains(&d.way) {
            return Err(ServiceError::WayNotOffered);
        }
        let address = match (d.way, d.address.as_deref()) {
            (Way::Post, Some(a)) => Some(in_2025_units(a).ok_or(ServiceError::BadDeliveryAddress)?),
            (Way::Post, None) => Some(options.card_address.ok_or(ServiceError::BadDeliveryAddress)?),
            _ => None,
        };
        s.delivery = Some(Delivery { way: d.way, address });
        Ok(())
    }

    /// The office's calendar (its decided days and closures from the configuration).
    fn with_calendar<T>(&self, f: impl FnOnce(&WorkCalendar) -> T) -> T {
        let decided = self.config.decided();
        f(&WorkCalendar::new(&decided))
    }

    /// The office's next working day after `day`.
    pub fn next_working_day(&self, day: Date) -> Date {
        self.with_calendar(|cal| cal.next_working_day(day))
    }

    /// The slots the office offers for a kind of visit, from the next working day, with the
    /// places left (a store is needed to count them).
    pub fn slot_offers(&self, visit: Visit, now: NaiveDateTime) -> Result<Vec<Offer>, ServiceError> {
        let store = self.store.as_ref().ok_or(ServiceError::NoStore)?;
        let starts = self.config.slot_starts(visit);
        let plan = SlotPlan { starts: &starts, capacity: self.config.capacity(visit), days_ahead: self.config.booking_days };
        // a count the store cannot give leaves no place: nothing is offered that may be full
        let taken = |slot: Slot| store.taken(visit, slot).unwrap_or(u32::MAX);
        Ok(self.with_calendar(|cal| crate::core::after::offers(cal, date_of(now), &plan, &taken)))
    }

    /// Book a slot (None: no booking). Refused when the slot is not offered or is full now;
    /// the place is taken for good only when the dossier is confirmed.
    pub fn set_booking(&self, s: &mut Session, booking: Option<Booking>, now: NaiveDateTime) -> Result<(), ServiceError> {
        let Some(b) = booking else {
            s.booking = None;
            return Ok(());
        };
        let offer = self.slot_offers(b.visit, now)?.into_iter().find(|o| o.slot == b.slot).ok_or(ServiceError::SlotNotOffered)?;
        if offer.left == 0 {
            return Err(ServiceError::Store(StoreError::SlotFull));
        }
        let address = match b.visit {
            Visit::Home => Some(b.address.as_deref().and_then(in_2025_units).ok_or(ServiceError::BadDeliveryAddress)?),
            Visit::Desk => None,
        };
        s.booking = Some(Booking { address, ..b });
        Ok(())
    }

    /// The day the result is due: the procedure's working days from the day the dossier is
    /// handed in — the booked day at its hour, or now (after the cut-off: the next working
    /// day). None when the procedure's time depends on the case.
    pub fn due_day(&self, s: &Session, now: NaiveDateTime) -> Option<Date> {
        let t = self.form(s.form_id()?).ok()?;
        let days = t.result.days?;
        let (day, minute) = match &s.booking {
            Some(b) => (b.slot.day, b.slot.minute),
            _ => (date_of(now), now.hour() * 60 + now.minute()),
        };
        Some(self.with_calendar(|cal| cal.due(day, minute, self.config.cutoff_minutes(), days)))
    }

    /// What `confirm` keeps with the dossier besides its answers (the desk when nothing was
    /// chosen: the CLI, a procedure with one way).
    pub(super) fn after_of(&self, s: &Session, now: NaiveDateTime) -> (Delivery, Option<Date>, Option<(Booking, u32)>) {
        let delivery = s.delivery.clone().unwrap_or_else(Delivery::desk);
        let booking = s.booking.clone().map(|b| {
            let capacity = self.config.capacity(b.visit);
            (b, capacity)
        });
        (delivery, self.due_day(s, now), booking)
    }

    /// One tap on the done screen: counted for the day and the procedure, nothing else.
    pub fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<(), ServiceError> {
        Ok(self.store()?.rate(form_id, rating, now)?)
    }

    pub fn bookings(&self, from: Date, through: Date) -> Result<Vec<crate::store::BookingRow>, ServiceError> {
        Ok(self.store.as_ref().ok_or(ServiceError::NoStore)?.bookings(from, through)?)
    }

    pub fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool, ServiceError> {
        Ok(self.store()?.cancel_booking(code, now)?)
    }

    pub fn ratings(&self, from: Date, through: Date) -> Result<Vec<crate::store::RatingCount>, ServiceError> {
        Ok(self.store.as_ref().ok_or(ServiceError::NoStore)?.ratings(from, through)?)
    }

    /// The ratings from one day through another, a row per day and procedure with the
    /// three answers side by side (very satisfied, satisfied, not satisfied).
    pub fn rating_table(&self, from: Date, through: Date) -> Result<Vec<RatingRow>, ServiceError> {
        let mut rows: Vec<RatingRow> = Vec::new();
        for c in self.ratings(from, through)? {
            let k = Rating::ALL.iter().position(|r| *r == c.rating).expect("a rating is one of the three");
            match rows.iter_mut().find(|r| r.day == c.day && r.form_id == c.form_id) {
                Some(r) => r.counts[k] += c.count,
                None => {
                    let mut counts = [0; 3];
                    counts[k] = c.count;
                    rows.push(RatingRow { day: c.day, form_id: c.form_id, counts });
                }
            }
        }
        Ok(rows)
    }
}

impl Service {
    /// The slip of a stored dossier laid out on its paper: the roll when a receipt printer is
    /// configured, else the top half of an A4 page.
    pub fn slip_document(&self, code: &str, now: NaiveDateTime) -> Result<Document, ServiceError> {
        use crate::core::layout::slip::{layout_slip, Paper, Slip};
        let store = self.store.as_ref().ok_or(ServiceError::NoStore)?;
        let d = store.dossier(code)?;
        if d.erased_at.is_some() {
            return Err(ServiceError::Store(StoreError::Erased(code.to_string())));
        }
        let t = self.forms.version(&d.form_id, d.form_version).ok_or_else(|| ServiceError::UnknownForm(d.form_id.clone()))?;
        let booking = store.booking(code)?;
        let delivery = d.delivery.clone().unwrap_or_else(Delivery::desk);
        let post_note = self.config.post_terms(&t.group).map(|p| Msg::PostFee { fee: p.fee, state: p.payer == crate::core::after::Payer::State }.vi());
        let due = d.due_day.as_deref().and_then(crate::store::from_iso);
        // the agency the form itself is addressed to ("Kính gửi"), as printed on it
        let addressee = d.answers.as_ref().and_then(|a| a["addressee"]["value"].as_str()).map(String::from);
        let record_url = self.config.record_url_for(code);
        let slip = Slip {
            agency: addressee.as_deref().unwrap_or(&self.config.agency_name),
            code,
            record_url: &record_url,
            procedure: &t.name,
            procedure_code: &t.procedure_code,
            papers: &t.papers,
            desk: &self.config.desk,
            delivery: &delivery,
            post_note,
            in_person: t.result.in_person.as_deref(),
            days: t.result.days,
            basis: &t.result.basis,
            cutoff: &self.config.cutoff_time,
            due,
            booking: booking.as_ref(),
            hotline: &self.config.hotline,
            printed_at: format!("{} ngày {}", now.format("%H:%M"), date_of(now)),
        };
        let paper = if self.config.receipt_printer.is_empty() { Paper::HalfA4 } else { Paper::Roll80 };
        Ok(layout_slip(&slip, paper, &self.metrics))
    }

    /// The slip as a print job: on the receipt printer's queue when one is configured, else
    /// on the form's. Titled with the dossier code like the form's job, so that erasing the
    /// citizen reaches it in the spool too.
    pub fn slip_job(&self, code: &str, now: NaiveDateTime) -> Result<PrintJob, ServiceError> {
        let doc = self.slip_document(code, now)?;
        let pdf = (self.renderer)(&doc, Some(now)).map_err(|e| ServiceError::Render(e.to_string()))?;
        let queue = [&self.config.receipt_printer, &self.config.printer].into_iter().find(|q| !q.is_empty()).cloned();
        let deadline = std::time::Duration::from_secs(self.config.print_timeout_secs as u64);
        Ok(PrintJob { code: code.to_string(), pdf, queue, deadline, printer: self.printer.clone() })
    }
}
