//! The staff screens drawn from the flow's `StaffView`.

use super::generated::{StaffAdapter, StaffBooking, StaffDossier};
use super::{say, text, texts};
use crate::flow::{self, Lang};
use slint::{ModelRc, VecModel};

pub(super) fn draw_staff(a: &StaffAdapter, old: Option<&flow::StaffView>, new: &flow::StaffView, lang: Lang) {
    if changed!(old, new, pin_dots) {
        a.set_staff_pin_dots(text(&new.pin_dots));
    }
    if changed!(old, new, error) {
        a.set_staff_error(say(&new.error, lang));
    }
    if changed!(old, new, dossiers) {
        let rows: Vec<StaffDossier> =
            new.dossiers.iter().map(|d| StaffDossier { code: text(&d.code), form: text(&d.form), time: text(&d.time), status: text(&d.status) }).collect();
        a.set_staff_dossiers(ModelRc::new(VecModel::from(rows)));
    }
    if changed!(old, new, counts) || changed!(old, new, office) {
        let office = new.office.iter().map(|m| m.text(lang));
        a.set_staff_counts(texts(&new.counts.iter().cloned().chain(office).collect::<Vec<_>>()));
    }
    if changed!(old, new, bookings) {
        let rows: Vec<StaffBooking> = new.bookings.iter().map(|b| StaffBooking { line: b.line.text(lang).into(), code: text(&b.code) }).collect();
        a.set_staff_bookings(ModelRc::new(VecModel::from(rows)));
    }
    if changed!(old, new, ratings) {
        a.set_staff_ratings(texts(&new.ratings.iter().map(|m| m.text(lang)).collect::<Vec<_>>()));
    }
    if changed!(old, new, printer) {
        a.set_staff_printer(say(&new.printer, lang));
    }
    if changed!(old, new, message) {
        a.set_staff_message(say(&new.message, lang));
    }
    if changed!(old, new, in_session) {
        a.set_staff_in_session(new.in_session);
    }
    if changed!(old, new, unlocked) {
        a.set_staff_unlocked(new.unlocked);
    }
    if changed!(old, new, id) {
        a.set_staff_id(text(&new.id));
    }
    if changed!(old, new, confirm_forget) {
        a.set_staff_confirm_forget(new.confirm_forget);
    }
    if changed!(old, new, confirm_quit) {
        a.set_staff_confirm_quit(new.confirm_quit);
    }
    if changed!(old, new, doctor_open) {
        a.set_staff_doctor_open(new.doctor_open);
    }
    if changed!(old, new, doctor) {
        a.set_staff_doctor_lines(texts(&new.doctor));
    }
}
