//! The screens after the review (how the result comes back, the booking) and the done
//! screen's rating: the `AfterAdapter` drawn from the flow's `AfterView`, its callbacks
//! wired to events.

use super::generated::{AfterAdapter, AppWindow, BookingDay, SlotTime};
use super::{on, on1, s, say, text, texts, Shell};
use crate::flow::{AfterView, Event, Lang};
use slint::{ComponentHandle, ModelRc, VecModel};
use std::rc::Rc;

/// The slots grouped by day, in order, each with its place in the flow's list.
fn days(v: &AfterView) -> Vec<BookingDay> {
    let mut out: Vec<(String, i32, Vec<SlotTime>)> = Vec::new();
    for (i, t) in v.slots.iter().enumerate() {
        let time = SlotTime { time: text(&t.time), left: t.left, index: i as i32 };
        match out.last_mut() {
            Some(d) if d.0 == t.day => d.2.push(time),
            _ => out.push((t.day.clone(), t.weekday, vec![time])),
        }
    }
    out.into_iter().map(|(day, weekday, times)| BookingDay { day: text(&day), weekday, times: ModelRc::new(VecModel::from(times)) }).collect()
}

/// Copy what changed (`old` None: everything, after a change of language too).
pub(super) fn draw_after(ui: &AppWindow, old: Option<&AfterView>, new: &AfterView, lang: Lang) {
    let a = ui.global::<AfterAdapter>();
    if changed!(old, new, ways) {
        a.set_ways(texts(&new.ways));
    }
    if changed!(old, new, way) {
        a.set_way(text(&new.way));
    }
    if changed!(old, new, post_address) {
        a.set_post_address(text(&new.post_address));
    }
    if changed!(old, new, post_fee) {
        a.set_post_fee(say(&new.post_fee, lang));
    }
    if changed!(old, new, in_person) {
        a.set_in_person(say(&new.in_person, lang));
    }
    if changed!(old, new, due) {
        a.set_due(say(&new.due, lang));
    }
    if changed!(old, new, desk_booking) {
        a.set_desk_booking(new.desk_booking);
    }
    if changed!(old, new, home_booking) {
        a.set_home_booking(new.home_booking);
    }
    if changed!(old, new, booked) {
        a.set_booked(say(&new.booked, lang));
    }
    if changed!(old, new, home) {
        a.set_home(new.home);
    }
    if changed!(old, new, slots) {
        a.set_days(ModelRc::new(VecModel::from(days(new))));
    }
    if changed!(old, new, error) {
        a.set_error(say(&new.error, lang));
    }
    if changed!(old, new, rated) {
        a.set_rated(new.rated);
    }
    if changed!(old, new, rating_error) {
        a.set_rating_error(say(&new.rating_error, lang));
    }
    if changed!(old, new, hotline) {
        a.set_hotline(text(&new.hotline));
    }
    if changed!(old, new, slip_error) {
        a.set_slip_error(say(&new.slip_error, lang));
    }
}

/// Every callback of the screens after the review, one event each.
pub(super) fn wire_after(ui: &AppWindow, sh: &Rc<Shell>) {
    let a = ui.global::<AfterAdapter>();
    a.on_choose_way(on1(sh, |w| Event::ChooseWay(s(w))));
    a.on_change_post_address(on(sh, Event::ChangePostAddress));
    a.on_open_booking(on1(sh, |v| Event::OpenBooking(s(v))));
    a.on_pick_slot(on1(sh, |i: i32| Event::PickSlot(i.max(0) as usize)));
    a.on_no_booking(on(sh, Event::NoBooking));
    a.on_next(on(sh, Event::DeliveryNext));
    a.on_rate(on1(sh, |r| Event::Rate(s(r))));
}
