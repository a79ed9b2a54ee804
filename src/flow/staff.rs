//! Staff mode over the citizen's session, which it leaves intact: the corner tapped three
//! times, the PIN (five wrong in a row shut the keypad for five minutes), today's dossiers,
//! reprint, the printer's state, unlocking card answers, forgetting a citizen, quitting.
//! Every action needs the PIN first; erasing and quitting are asked twice.

use super::view::{Page, StaffDossier, StaffView};
use super::{Effect, Event, KioskFlow};
use crate::staff::PinCheck;
use chrono::NaiveDateTime;
use zeroize::Zeroizing;

/// Wrong PINs in a row before the keypad shuts for a while.
pub const MAX_PIN_FAILURES: u32 = 5;
const NO_PIN: &str = "Chưa đặt mã PIN cán bộ: chạy “form-kiosk staff-pin” và ghi dòng staff_pin_hash vào kiosk.toml.";

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
                self.view.staff.message = "Đóng phần mềm kiosk? Người dân sẽ không dùng được kiosk cho đến khi khởi động lại.".into();
                self.view.staff.confirm_quit = true;
            }
            E::StaffQuitConfirm => {
                let armed = self.view.staff.confirm_quit;
                if self.staff_in() && armed {
                    let _ = self.service.record_staff("kiosk_quit", now);
                    self.wipe();
                    self.effects.push(Effect::Quit);
                }
            }
            E::StaffUnlock if self.staff_in() => {
                if let Err(e) = self.service.record_staff("unlock_card_answers", now) {
                    self.view.staff.message = e.to_string();
                    return;
                }
                self.unlocked = true;
                self.view.staff.unlocked = true;
                self.view.review_locked = false;
                self.view.staff.message = "Đã mở khóa: công dân có thể sửa các thông tin lấy từ thẻ trong lượt này.".into();
            }
            E::StaffPrinterCheck if self.staff_in() => self.check_printer(),
            // the check ended: shown if the staff screen is still open
            E::PrinterState(text) if self.view.page == Page::Staff => self.view.staff.printer = text,
            E::StaffReprint(code) if self.staff_in() => match self.service.print_job(&code, None) {
                Ok(job) => {
                    self.view.staff.message = format!("Đang in lại hồ sơ {code}…");
                    self.effects.push(Effect::Print { code, job, citizen: false });
                }
                Err(e) => self.view.staff.message = e.to_string(),
            },
            E::StaffPrintDone { code, ok, message } => {
                let recorded = self.service.record_print(&code, ok, crate::store::Actor::Staff, now);
                if !self.staff.as_ref().is_some_and(|s| s.inside) {
                    return;
                }
                self.view.staff.message = match (ok, recorded) {
                    (_, Err(e)) => e.to_string(),
                    (true, Ok(())) => format!("Đã in lại hồ sơ {code}."),
                    (false, Ok(())) => message,
                };
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
                    self.view.staff.message = "Số định danh gồm 12 chữ số.".into();
                    return;
                }
                self.view.staff.confirm_forget = true;
                self.view.staff.message = "Xóa thông tin lưu sẵn và câu trả lời của mọi hồ sơ có số này? Không thể hoàn tác: bấm “Xác nhận xóa” để xóa.".into();
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
                    Some(n) => format!(" Đã xóa {n} lệnh in còn lưu trên máy chủ in."),
                    None => " Chưa xóa được lệnh in còn lưu trên máy chủ in: xin kiểm tra dịch vụ in rồi xóa lại.".to_string(),
                };
                if self.view.staff.message == shown {
                    self.view.staff.message = format!("{shown}{note}");
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
            self.view.staff.error = NO_PIN.into();
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
            self.view.staff.error = "Đã nhập sai mã PIN 5 lần. Vui lòng thử lại sau vài phút.".into();
            return;
        }
        let (check, audit) = self.service.staff_login(&pin, now);
        match check {
            PinCheck::Right => {
                self.pin_failures = 0;
                let Some(staff) = self.staff.as_mut() else { return };
                staff.inside = true;
                let back_to = staff.back_to;
                self.view.staff.error.clear();
                self.view.staff.in_session = matches!(back_to, Page::Question | Page::Review | Page::Others | Page::Consent);
                self.view.staff.unlocked = self.unlocked;
                self.refresh_staff(now);
                // the log could not be written (a full disk): staff still get in, and are told
                if let Some(e) = audit {
                    self.view.staff.message = format!("Không ghi được nhật ký: {e}");
                }
                self.view.page = Page::Staff;
                self.check_printer();
            }
            PinCheck::Wrong => {
                self.pin_failures += 1;
                self.view.staff.error = format!("Mã PIN không đúng (lần {} / {MAX_PIN_FAILURES}).", self.pin_failures);
                if self.pin_failures == MAX_PIN_FAILURES {
                    self.effects.push(Effect::PinLockout);
                }
            }
            PinCheck::NotSet => self.view.staff.error = NO_PIN.into(),
            PinCheck::BadHash => {
                self.view.staff.error = "staff_pin_hash trong kiosk.toml không phải mã băm argon2; hãy tạo lại bằng “form-kiosk staff-pin”.".into()
            }
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
            self.view.staff.message.clear();
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
            }
            Err(e) => self.view.staff.message = e.to_string(),
        }
    }

    /// Look at the printer on a worker; the answer comes back as `PrinterState`.
    fn check_printer(&mut self) {
        self.view.staff.printer = "Đang kiểm tra máy in…".into();
        self.effects.push(Effect::CheckPrinter(self.service.printer_probe()));
    }

    fn forget(&mut self, now: NaiveDateTime) {
        let Some(staff) = self.staff.as_mut() else { return };
        let id = std::mem::take(&mut staff.id);
        self.view.staff.id.clear();
        self.view.staff.message = match self.service.forget_citizen(&id, now) {
            Ok(r) => {
                let text = format!(
                    "Đã xóa: {}, câu trả lời và bản in của {} hồ sơ.",
                    if r.profile { "thông tin lưu sẵn" } else { "không có thông tin lưu sẵn" },
                    r.dossiers
                );
                // their print jobs too, on a worker: CUPS may be slow to answer
                self.effects.push(Effect::ForgetJobs { jobs: self.service.forget_jobs(&r.codes), shown: text.clone() });
                text
            }
            Err(e) => e.to_string(),
        };
        self.refresh_staff(now);
    }
}
