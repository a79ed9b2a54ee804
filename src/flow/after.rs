//! After the review: how the result comes back (the desk unless the citizen picks another
//! way), a booked time to hand the dossier in, the slip printed after the form, and the
//! done screen's rating.

use super::view::{Msg, Page, SlotTile};
use super::{Effect, KioskFlow};
use crate::core::after::{Booking, Delivery, Rating, Visit, Way};
use crate::core::workdays::weekday;
use chrono::NaiveDateTime;

/// The kiosk's own address questions: `@address-for:post`, `@address-for:home`.
pub(super) const ADDRESS_FOR: &str = "@address-for:";

impl KioskFlow {
    /// After the review: the delivery screen, unless the procedure offers nothing to choose
    /// (only the desk, no booking): then straight to consent.
    pub(super) fn after_review(&mut self, now: NaiveDateTime) {
        let Ok(options) = self.service.delivery_options(&self.session) else { return self.ask_consent(now) };
        let cfg = &self.service.config;
        let desk_booking = !cfg.booking_times.is_empty() && self.service.has_store();
        let home_booking = !cfg.home_visit_times.is_empty() && self.service.has_store();
        if options.ways == [Way::Desk] && options.in_person.is_none() && !desk_booking && !home_booking {
            self.delivery_shown = false;
            return self.ask_consent(now);
        }
        self.delivery_shown = true;
        let a = &mut self.view.after;
        a.ways = options.ways.iter().map(|w| w.as_str().to_string()).collect();
        a.in_person = options.in_person.map(|why| Msg::InPerson { why });
        a.post_fee = options.post.map(|p| Msg::PostFee { fee: p.fee, state: p.payer == crate::core::after::Payer::State });
        a.desk_booking = desk_booking;
        a.home_booking = home_booking;
        a.error = None;
        self.show_delivery(now);
    }

    /// The delivery screen as the session stands: the way chosen, the post address, the
    /// due day, the booked time.
    fn show_delivery(&mut self, now: NaiveDateTime) {
        let delivery = self.session.delivery().cloned().unwrap_or_else(Delivery::desk);
        let due = self.service.due_day(&self.session, now);
        let a = &mut self.view.after;
        a.way = delivery.way.as_str().to_string();
        a.post_address = delivery.address.unwrap_or_default();
        a.due = Some(match due {
            Some(d) => Msg::DueOn { day: d.to_string() },
            None => Msg::NoDueDay,
        });
        a.booked = self.session.booking().map(|b| Msg::BookedAt { day: b.slot.day.to_string(), time: b.slot.time(), home: b.visit == Visit::Home });
        self.asking = None;
        self.view.page = Page::Delivery;
    }

    /// Consent (when the person at the kiosk scanned a card: a profile to keep or not), else
    /// the dossier is stored and printed.
    fn ask_consent(&mut self, now: NaiveDateTime) {
        if self.session.requester_scanned() {
            self.view.consent_notice = super::consent_notice(&self.view.language).into();
            self.view.page = Page::Consent;
        } else {
            self.confirm_and_print(false, now);
        }
    }

    /// A way tapped. Post goes to the card's residence; without one in the 2025 units the
    /// address is asked.
    pub(super) fn choose_way(&mut self, way: &str, now: NaiveDateTime) {
        let Some(way) = Way::parse(way) else { return };
        self.view.after.error = None;
        match self.service.set_delivery(&mut self.session, Delivery { way, address: None }) {
            Ok(()) => self.show_delivery(now),
            Err(crate::service::ServiceError::BadDeliveryAddress) => self.ask_place_own(&format!("{ADDRESS_FOR}post"), Msg::PostAddressAsk),
            Err(e) => self.view.after.error = Some(e.msg()),
        }
    }

    /// "Đổi địa chỉ" under post.
    pub(super) fn change_post_address(&mut self) {
        self.ask_place_own(&format!("{ADDRESS_FOR}post"), Msg::PostAddressAsk);
    }

    /// The answer to one of the kiosk's address questions.
    pub(super) fn after_address(&mut self, field: &str, value: String, now: NaiveDateTime) {
        match field.strip_prefix(ADDRESS_FOR) {
            Some("post") => match self.service.set_delivery(&mut self.session, Delivery { way: Way::Post, address: Some(value) }) {
                Ok(()) => self.show_delivery(now),
                Err(e) => self.view.question.error = Some(e.msg()),
            },
            Some("home") => {
                self.home_address = Some(value);
                self.show_slots(Visit::Home, now);
            }
            _ => {}
        }
    }

    /// "Hẹn giờ nộp hồ sơ" or "Hẹn cán bộ đến nhà": the slots. A visit at home asks the
    /// address first (the card's residence offered first).
    pub(super) fn open_booking(&mut self, visit: &str, now: NaiveDateTime) {
        match Visit::parse(visit) {
            Some(Visit::Home) => {
                self.home_address = None;
                self.ask_place_own(&format!("{ADDRESS_FOR}home"), Msg::HomeAddressAsk);
            }
            Some(Visit::Desk) => self.show_slots(Visit::Desk, now),
            None => {}
        }
    }

    fn show_slots(&mut self, visit: Visit, now: NaiveDateTime) {
        self.asking = None;
        self.booking_visit = visit;
        match self.service.slot_offers(visit, now) {
            Ok(offers) => {
                self.offers = offers.iter().map(|o| o.slot).collect();
                self.view.after.slots = offers
                    .iter()
                    .map(|o| SlotTile { day: o.slot.day.to_string(), weekday: weekday(o.slot.day) as i32, time: o.slot.time(), left: o.left as i32 })
                    .collect();
            }
            Err(e) => {
                self.offers.clear();
                self.view.after.slots.clear();
                self.view.after.error = Some(e.msg());
            }
        }
        self.view.after.home = visit == Visit::Home;
        self.view.page = Page::Booking;
    }

    /// A slot tapped: booked for the session (the place is taken when the dossier is stored).
    pub(super) fn pick_slot(&mut self, index: usize, now: NaiveDateTime) {
        let Some(slot) = self.offers.get(index).copied() else { return };
        let booking = Booking { visit: self.booking_visit, slot, address: self.home_address.clone() };
        match self.service.set_booking(&mut self.session, Some(booking), now) {
            Ok(()) => {
                self.view.after.error = None;
                self.show_delivery(now);
            }
            Err(e) => {
                self.view.after.error = Some(e.msg());
                // the places as they are now
                self.show_slots(self.booking_visit, now);
            }
        }
    }

    /// "Không hẹn giờ": no booking.
    pub(super) fn no_booking(&mut self, now: NaiveDateTime) {
        let _ = self.service.set_booking(&mut self.session, None, now);
        self.view.after.error = None;
        self.show_delivery(now);
    }

    /// "Tiếp tục" on the delivery screen: the desk unless another way was chosen.
    pub(super) fn delivery_next(&mut self, now: NaiveDateTime) {
        if self.session.delivery().is_none() {
            let _ = self.service.set_delivery(&mut self.session, Delivery::desk());
        }
        self.ask_consent(now)
    }

    /// The slot filled up while the citizen decided: the booking screen again, with the
    /// places as they are and the message.
    pub(super) fn slot_taken_meanwhile(&mut self, why: Msg, now: NaiveDateTime) {
        let visit = self.session.booking().map(|b| b.visit).unwrap_or(Visit::Desk);
        let _ = self.service.set_booking(&mut self.session, None, now);
        self.view.after.booked = None;
        self.show_slots(visit, now);
        self.view.after.error = Some(why);
    }

    /// After the form printed: the slip, on a worker (`SlipDone` reports it).
    pub(super) fn print_slip(&mut self, code: &str, now: NaiveDateTime) {
        match self.service.slip_job(code, now) {
            Ok(job) => self.effects.push(Effect::PrintSlip { code: code.to_string(), job }),
            Err(e) => self.view.after.slip_error = Some(e.msg()),
        }
    }

    pub(super) fn slip_done(&mut self, code: &str, fault: Option<Msg>) {
        if let Some(f) = &fault {
            tracing::warn!(code = %code, "slip not printed: {}", f.vi());
        }
        if self.code.as_deref() == Some(code) {
            self.view.after.slip_error = fault;
        }
    }

    /// One tap on the done screen: counted for the day and the procedure only.
    pub(super) fn rate(&mut self, rating: &str, now: NaiveDateTime) {
        let (Some(rating), Some(form)) = (Rating::parse(rating), self.session.form_id().map(String::from)) else { return };
        if self.view.after.rated || self.code.is_none() {
            return;
        }
        match self.service.rate(&form, rating, now) {
            Ok(()) => {
                self.view.after.rated = true;
                self.view.after.rating_error = None;
            }
            Err(e) => self.view.after.rating_error = Some(e.msg()),
        }
    }
}
