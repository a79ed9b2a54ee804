//! Staff mode over the citizen's session, which it leaves intact: the corner tapped three
//! times, the PIN (five wrong in a row shut the keypad for five minutes), today's dossiers,
//! reprint, the printer's state, unlocking card answers, forgetting a citizen, quitting.
//! Every action needs the PIN first; erasing and quitting are asked twice.

use super::view::{Msg, Page, StaffBooking, StaffDossier, StaffView};
use super::{Effect, Event, KioskFlow};
use crate::staff::PinCheck;
use chrono::NaiveDateTime;
use zeroize::Zeroizing;

/// Wrong PINs in a row before the keypad shuts for a while.
pub const MAX_PIN_FAILURES: u32 = 5;

/// Staff mode: the page the kiosk was on (a citizen's session stays behind it), and what is
/// being typed.
pub(super) struct Staff {
    pub back_to: Page,
    /// The citizen's larger-text choice: the staff screens use normal text.
    large_text: bool,
    /// The PIN was right: staff actions are allowed.
    inside: bool,
    /// The PIN being typed, zeroed when dropped.
    pin: Zeroizing<String>,
    /// The ID number typed to erase a citizen's data.
    id: String,
}

impl KioskFlow {
    pub(super) fn staff_event(&mut self, event: Event, now: NaiveDateTime) {
        use Event as E;
        match event {
            E::StaffCorner => self.corner(),
            E::CornerTimeout => self.corner_taps = 0,
            E::PinKey(d) => {
                let Some(staff) = self.staff.as_mut() else { return };
                // the capacity is reserved: the PIN is never copied by a reallocation
                if staff.pin.len() < 12 && d.chars().all(|c| c.is_ascii_digit()) {
                    staff.pin.push_str(&d);
                }
                self.view.staff.pin_dots = "•".repeat(staff.pin.len());
            }
            E::PinClear => {
                if let Some(staff) = self.staff.as_mut() {
                    staff.pin.clear();
                }
                self.view.staff.pin_dots.clear();
            }
            E::PinEnter => self.pin_enter(now),
            E::PinLockoutOver => self.pin_failures = 0,
            E::StaffClose => {
                let (back_to, large) = self.staff.take().map(|s| (s.back_to, s.large_text)).unwrap_or((Page::Welcome, false));
                self.view.staff = StaffView::default();
                self.view.large_text = large;
                self.view.page = back_to;
            }
            // closing the kiosk leaves citizens without it until someone starts it again:
            // asked first, the confirmation on a button of its own
            E::StaffQuit if self.staff_in() => {
                self.view.staff.message = Some(Msg::QuitAsk);
                self.view.staff.confirm_quit = true;
            }
            E::StaffQuitConfirm => {
                let armed = self.view.staff.confirm_quit;
                if self.staff_in() && armed {
                    let _ = self.service.record_staff("kiosk_quit", now);
                    self.wipe(now);
                    self.effects.push(Effect::Quit);
                }
            }
            E::StaffUnlock if self.staff_in() => {
                if let Err(e) = self.service.record_staff("unlock_card_answers", now) {
                    self.view.staff.message = Some(e.msg());
                    return;
                }
                self.unlocked = true;
                self.view.staff.unlocked = true;
                for row in &mut self.view.answers {
                    row.locked = false;
                }
                self.view.review_locked = false;
                self.view.staff.message = Some(Msg::Unlocked);
            }
            E::StaffPrinterCheck if self.staff_in() => self.check_printer(),
            // a booked time freed by staff (audited): its place is offered again
            E::StaffCancelBooking(code) if self.staff_in() => {
                self.view.staff.message = Some(match self.service.cancel_booking(&code, now) {
                    Ok(true) => Msg::BookingCancelled { code },
                    Ok(false) => Msg::NoSuchDossier { code },
                    Err(e) => e.msg(),
                });
                self.refresh_staff(now);
            }
            E::StaffDoctor if self.staff_in() => {
                self.view.staff.doctor_open = true;
                self.view.staff.doctor.clear();
                self.effects.push(Effect::Doctor(Box::new(self.service.doctor_job())));
            }
            E::StaffDoctorClose => {
                self.view.staff.doctor_open = false;
                self.view.staff.doctor.clear();
            }
            E::DoctorReport(lines) if self.view.page == Page::Staff && self.view.staff.doctor_open => self.view.staff.doctor = lines,
            // the check ended: shown if the staff screen is still open
            E::PrinterState(text) if self.view.page == Page::Staff => self.view.staff.printer = Some(text),
            E::StaffReprint(code) if self.staff_in() => match self.service.print_job(&code, None) {
                Ok(job) => {
                    self.view.staff.message = Some(Msg::Reprinting { code: code.clone() });
                    self.effects.push(Effect::Print { code, job, citizen: false });
                }
                Err(e) => self.view.staff.message = Some(e.msg()),
            },
            E::StaffPrintDone { code, fault } => {
                let recorded = self.service.record_print(&code, fault.is_none(), crate::store::Actor::Staff, now);
                if !self.staff.as_ref().is_some_and(|s| s.inside) {
                    return;
                }
                self.view.staff.message = Some(match (fault, recorded) {
                    (_, Err(e)) => e.msg(),
                    (None, Ok(())) => Msg::Reprinted { code },
                    (Some(fault), Ok(())) => fault,
                });
                self.refresh_staff(now);
            }
            E::StaffIdKey(d) if self.staff_in() => {
                let Some(staff) = self.staff.as_mut() else { return };
                if staff.id.len() < 12 && d.chars().all(|c| c.is_ascii_digit()) {
                    staff.id.push_str(&d);
                }
                self.view.staff.id = staff.id.clone();
            }
            E::StaffIdClear if self.staff_in() => {
                if let Some(staff) = self.staff.as_mut() {
                    staff.id.clear();
                }
                self.view.staff.id.clear();
            }
            // erasing is asked twice, the second time on a button of its own, away from the keypad
            E::StaffForget if self.staff_in() => {
                if self.staff.as_ref().is_some_and(|s| s.id.len() != 12) {
                    self.view.staff.message = Some(Msg::IdDigits);
                    return;
                }
                self.view.staff.confirm_forget = true;
                self.view.staff.message = Some(Msg::ForgetAsk);
            }
            E::StaffForgetConfirm => {
                let armed = self.view.staff.confirm_forget;
                if self.staff_in() && armed {
                    self.forget(now);
                }
            }
            E::JobsForgotten { shown, removed } => {
                let note = match removed {
                    Some(0) => return,
                    Some(n) => Msg::JobsRemoved { n },
                    None => Msg::JobsNotRemoved,
                };
                if self.view.staff.message.as_ref() == Some(&shown) {
                    self.view.staff.message = Some(Msg::Then(Box::new(shown), Box::new(note)));
                }
            }
            // a staff action without the PIN, or a citizen's event: nothing happens
            _ => {}
        }
    }

    /// The corner: three taps within three seconds open the PIN keypad.
    fn corner(&mut self) {
        self.corner_taps += 1;
        self.effects.push(Effect::CornerTimer);
        if self.corner_taps < 3 {
            return;
        }
        self.corner_taps = 0;
        self.view.staff = StaffView::default();
        self.staff = Some(Staff {
            back_to: self.view.page,
            large_text: self.view.large_text,
            inside: false,
            pin: Zeroizing::new(String::with_capacity(12)),
            id: String::new(),
        });
        self.view.large_text = false;
        if self.service.config.staff_pin_hash.trim().is_empty() {
            self.view.staff.error = Some(Msg::NoPin);
        }
        self.view.page = Page::StaffPin;
    }

    fn pin_enter(&mut self, now: NaiveDateTime) {
        let Some(staff) = self.staff.as_mut() else { return };
        // taken out and zeroed when dropped at the end of this call
        let pin = std::mem::replace(&mut staff.pin, Zeroizing::new(String::with_capacity(12)));
        self.view.staff.pin_dots.clear();
        // after five wrong PINs in a row the keypad stays shut for five minutes
        if self.pin_failures >= MAX_PIN_FAILURES {
            let _ = self.service.record_staff("staff_login_locked", now);
            self.view.staff.error = Some(Msg::PinLocked);
            return;
        }
        let (check, audit) = self.service.staff_login(&pin, now);
        match check {
            PinCheck::Right => {
                self.pin_failures = 0;
                let Some(staff) = self.staff.as_mut() else { return };
                staff.inside = true;
                let back_to = staff.back_to;
                self.view.staff.error = None;
                self.view.staff.in_session = matches!(back_to, Page::Question | Page::Review | Page::Others | Page::Consent);
                self.view.staff.unlocked = self.unlocked;
                self.refresh_staff(now);
                // the log could not be written (a full disk): staff still get in, and are told
                if let Some(e) = audit {
                    self.view.staff.message = Some(Msg::AuditNotWritten { why: Box::new(e.msg()) });
                }
                self.view.page = Page::Staff;
                self.check_printer();
            }
            PinCheck::Wrong => {
                self.pin_failures += 1;
                self.view.staff.error = Some(Msg::PinWrong { n: self.pin_failures, max: MAX_PIN_FAILURES });
                if self.pin_failures == MAX_PIN_FAILURES {
                    self.effects.push(Effect::PinLockout);
                }
            }
            PinCheck::NotSet => self.view.staff.error = Some(Msg::NoPin),
            PinCheck::BadHash => self.view.staff.error = Some(Msg::BadPinHash),
        }
    }

    /// What staff do needs the PIN first: every action checks it; any other action disarms a
    /// pending erase, and the quit question goes with its button.
    fn staff_in(&mut self) -> bool {
        if !self.staff.as_ref().is_some_and(|s| s.inside) {
            return false;
        }
        self.view.staff.confirm_forget = false;
        if self.view.staff.confirm_quit {
            self.view.staff.confirm_quit = false;
            self.view.staff.message = None;
        }
        true
    }

    /// The staff screen's lists: today's dossiers and the counts per form.
    fn refresh_staff(&mut self, now: NaiveDateTime) {
        match self.service.day_report(now) {
            Ok(r) => {
                self.view.staff.dossiers = r
                    .dossiers
                    .iter()
                    .map(|d| StaffDossier {
                        code: d.code.clone(),
                        form: self.service.form(&d.form_id).map(|t| t.name.clone()).unwrap_or_else(|_| d.form_id.clone()),
                        time: d.created_at.get(11..16).unwrap_or_default().into(),
                        status: d.status.as_str().into(),
                    })
                    .collect();
                self.view.staff.counts = r.counts.iter().map(|(name, n)| format!("{name}: {n}")).collect();
                let here = self.service.config.kiosk_id.clone();
                self.view.staff.office = (!r.by_kiosk.is_empty()).then(|| Msg::OfficeDay { kiosks: r.by_kiosk.clone(), here });
            }
            Err(e) => self.view.staff.message = Some(e.msg()),
        }
        // today's booked times and the next working day's, and today's ratings
        let today = crate::service::date_of(now);
        let next = self.service.next_working_day(today);
        let name = |id: &str| self.service.form(id).map(|t| t.name.clone()).unwrap_or_else(|_| id.to_string());
        if let Ok(rows) = self.service.bookings(today, next) {
            self.view.staff.bookings = rows
                .iter()
                .map(|b| StaffBooking {
                    line: Msg::BookingLine {
                        day: b.day.clone(),
                        time: b.time.clone(),
                        home: b.visit == crate::core::after::Visit::Home,
                        code: b.code.clone(),
                        form: name(&b.form_id),
                        cancelled: b.cancelled,
                    },
                    code: if b.cancelled { String::new() } else { b.code.clone() },
                })
                .collect();
        }
        if let Ok(rows) = self.service.rating_table(today, today) {
            self.view.staff.ratings =
                rows.iter().map(|r| Msg::RatingLine { form: name(&r.form_id), very: r.counts[0], satisfied: r.counts[1], unsatisfied: r.counts[2] }).collect();
        }
    }

    /// Look at the printer on a worker; the answer comes back as `PrinterState`.
    fn check_printer(&mut self) {
        self.view.staff.printer = Some(Msg::CheckingPrinter);
        self.effects.push(Effect::CheckPrinter(self.service.printer_probe()));
    }

    fn forget(&mut self, now: NaiveDateTime) {
        let Some(staff) = self.staff.as_mut() else { return };
        let id = std::mem::take(&mut staff.id);
        self.view.staff.id.clear();
        self.view.staff.message = Some(match self.service.forget_citizen(&id, now) {
            Ok(r) => {
                let done = Msg::Forgotten { profile: r.profile, dossiers: r.dossiers };
                // their print jobs too, on a worker: CUPS may be slow to answer
                let done = if r.wal_wiped { done } else { Msg::Then(Box::new(done), Box::new(Msg::WalNotWiped)) };
                self.effects.push(Effect::ForgetJobs { jobs: self.service.forget_jobs(&r.codes), shown: done.clone() });
                done
            }
            Err(e) => e.msg(),
        });
        self.refresh_staff(now);
    }
}
