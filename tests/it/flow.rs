//! The kiosk's flow without a display: `KioskFlow` driven by events, the screen read from its
//! `View`. Each case is a script — one step per line — run from a fresh kiosk; the steps are
//! what a citizen, a timer, a worker or staff do, and the checks what the screen must show.

use crate::support::{now, FATHER, GRANDFATHER, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::flow::{Effect, Event, KioskFlow, Lang, Msg, Origin, Page, QKind, QNotice, View};

/// A message as the Vietnamese screen says it ("" for none).
fn vi(m: &Option<Msg>) -> String {
    m.as_ref().map(|m| m.text(Lang::Vi)).unwrap_or_default()
}
use form_kiosk::forms_io;
use form_kiosk::service::Service;
use form_kiosk::store::Store;

const PIN: &str = "246810";

/// A kiosk on a store of its own, its staff PIN set, and the effects it asked for.
struct Run {
    flow: KioskFlow,
    effects: Vec<String>,
    /// Taps and characters since the start, as the effort count counts them.
    taps: usize,
    chars: usize,
    script: String,
    _dir: tempfile::TempDir,
}

fn kiosk() -> KioskFlow {
    kiosk_in(&tempfile::tempdir().unwrap().keep())
}

fn kiosk_in(dir: &std::path::Path) -> KioskFlow {
    kiosk_with(dir, forms_io::bundled().0)
}

fn kiosk_with(dir: &std::path::Path, forms: forms_io::FormSet) -> KioskFlow {
    kiosk_configured(dir, forms, KioskConfig::default())
}

fn kiosk_configured(dir: &std::path::Path, forms: forms_io::FormSet, base: KioskConfig) -> KioskFlow {
    let config = KioskConfig {
        agency_name: "UBND phường Hồng Ngự".into(),
        agency_code: "000.00.00.H20".into(),
        printer: "KioskPDF".into(),
        staff_pin_hash: hash(),
        idle_timeout_secs: 60,
        // the commune health station: offered first for a place of birth or death
        health_facilities: vec!["Trạm Y tế phường An Bình, Phường An Bình, Tỉnh Đồng Tháp".into()],
        ..base
    };
    let service = Service::new(forms, config).with_store(Store::open(&dir.join("k.db"), None).unwrap(), now()).unwrap();
    KioskFlow::new(service)
}

/// argon2 is slow on purpose: hashed once for every case.
fn hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| form_kiosk::staff::hash_pin(PIN).unwrap()).clone()
}

fn card(name: &str) -> &'static str {
    match name {
        "MOTHER" => MOTHER,
        "FATHER" => FATHER,
        "GRANDFATHER" => GRANDFATHER,
        // cards printed before 2025: a ward that went wholly into one 2025 commune, and one
        // that was divided between two
        "OLD-ADDRESS" => "087190001111||Phạm Thị Hoa|12031990|Nữ|Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp|01022022",
        "OLD-ADDRESS-HUSBAND" => "087085003333||Trần Văn Lâm|05061985|Nam|Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp|01022022",
        "DIVIDED-WARD" => "087085002222||Nguyễn Văn Tư|05061985|Nam|Ấp Phú Lợi A, Xã Phú Thuận B, Huyện Hồng Ngự, Tỉnh Đồng Tháp|01022022",
        "NOT-A-CARD" => "https://example.com/not-a-card",
        other => panic!("no card {other}"),
    }
}

impl Run {
    fn new() -> Run {
        Run::with(forms_io::bundled().0)
    }

    fn with(forms: forms_io::FormSet) -> Run {
        Run::with_config(forms, KioskConfig::default())
    }

    fn with_config(forms: forms_io::FormSet, config: KioskConfig) -> Run {
        let dir = tempfile::tempdir().unwrap();
        Run { flow: kiosk_configured(dir.path(), forms, config), effects: Vec::new(), taps: 0, chars: 0, script: String::new(), _dir: dir }
    }

    fn v(&self) -> &View {
        self.flow.view()
    }

    fn send(&mut self, e: Event) -> Vec<Effect> {
        let effects = self.flow.handle(e, now());
        self.effects.extend(effects.iter().map(|e| format!("{e:?}")));
        effects
    }

    fn tap(&mut self, e: Event) {
        self.taps += 1;
        self.send(e);
    }

    /// Keys on the on-screen keyboard or keypad, one per character.
    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.chars += 1;
            self.send(Event::Key(c.to_string()));
        }
    }

    fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\nscript so far:\n{}\nview: page {:?}, question {:?} ({:?}), errors scan `{}` other `{}` q `{}` keypad `{}` staff `{}`/`{}`",
            self.script,
            self.v().page,
            self.v().question.label,
            self.flow.asking(),
            vi(&self.v().scan_error),
            vi(&self.v().other_error),
            vi(&self.v().question.error),
            vi(&self.v().keypad_error),
            vi(&self.v().staff.error),
            vi(&self.v().staff.message)
        )
    }

    fn check(&self, ok: bool, what: &str) {
        if !ok {
            self.fail(what)
        }
    }

    /// Answer what is asked until the review, the way a citizen would: the first option, a
    /// typical value typed, the first place found; the `others`' cards scanned when asked for.
    /// Returns how many of them were scanned.
    fn answer_rest(&mut self, t: &form_kiosk::core::template::FormTemplate, others: &[(String, &str)]) -> usize {
        let id = t.id.clone();
        let mut scanned = 0;
        for _ in 0..60 {
            match self.v().page {
                Page::Others => {
                    let payload = others.get(scanned).map(|c| c.1).unwrap_or_else(|| self.fail("no more cards"));
                    scanned += 1;
                    self.send(Event::ScannedOther(payload.into()));
                }
                Page::Question => {
                    let field = self.flow.asking().unwrap().to_string();
                    // the kiosk's own questions ("@person:", "@address:") are options
                    let f = t.field(&field);
                    match self.v().question.kind {
                        QKind::Options => {
                            let first = self.v().question.options[0].clone();
                            self.tap(Event::Option(first));
                        }
                        QKind::Place => {
                            let f = f.unwrap_or_else(|| self.fail("a place for no field"));
                            let province = f.address_level == form_kiosk::core::template::AddressLevel::Province;
                            self.keys(if province { "ddoong thap" } else { typed_for(f.kind) });
                            let place = self.v().question.places.first().map(|p| p.value.clone()).unwrap_or_else(|| self.fail("no place found"));
                            self.tap(Event::PickPlace(place));
                            if self.v().page == Page::Question && self.flow.asking() == Some(field.as_str()) {
                                self.tap(Event::Next);
                            }
                        }
                        QKind::Digits | QKind::Keyboard => {
                            let f = f.unwrap_or_else(|| self.fail("keys for no field"));
                            self.keys(typed_for(f.kind));
                            self.tap(Event::Next);
                        }
                        QKind::Desk => self.fail("a table is left to the desk, never asked"),
                    }
                    self.check(self.v().question.error.is_none() || self.flow.asking() != Some(field.as_str()), &format!("{id}: {field} refused"));
                }
                Page::Review => break,
                _ => self.fail(&format!("{id}: an unexpected page")),
            }
        }
        scanned
    }

    /// One line of a script.
    fn step(&mut self, line: &str) {
        self.script.push_str(line);
        self.script.push('\n');
        let (verb, arg) = line.split_once(' ').unwrap_or((line, ""));
        use Event as E;
        match verb {
            // what people and the machine do
            "start" => self.tap(E::Start),
            "scan" => {
                self.send(E::Scanned(card(arg).into()));
            }
            "scan-during" => {
                self.send(E::ScannedDuring(card(arg).into()));
            }
            "scan-other" => {
                self.send(E::ScannedOther(card(arg).into()));
            }
            "skip" => self.tap(E::SkipOther),
            "choose" => self.tap(E::Choose(arg.into())),
            "tap" => self.tap(E::Option(arg.into())),
            // every question left answered as `answer_rest` does, to the review
            "answer-rest" => {
                let id = self.flow.form_id().map(String::from).unwrap_or_else(|| self.fail("no form"));
                let t = self.flow.service().form(&id).unwrap().clone();
                self.answer_rest(&t, &[]);
            }
            "keys" => self.keys(arg),
            "quick" => self.tap(E::Insert(arg.into())),
            "digits" => {
                for d in arg.chars() {
                    self.chars += 1;
                    self.send(E::Key(d.to_string()));
                }
            }
            "backspace" => self.tap(E::Backspace),
            "backspaces" => {
                for _ in 0..arg.parse::<usize>().unwrap() {
                    self.send(E::Backspace);
                }
            }
            "next" => self.tap(E::Next),
            "pick" => self.tap(E::PickPlace(arg.into())),
            "browse" => self.tap(E::Browse(true)),
            "change-place" => self.tap(E::ChangePlace),
            "back" => self.tap(E::Back),
            "edit" => self.tap(E::Edit(arg.into())),
            "review-next" => self.tap(E::ReviewNext),
            "delivery-next" => self.tap(E::DeliveryNext),
            "way" => self.tap(E::ChooseWay(arg.into())),
            "change-post-address" => self.tap(E::ChangePostAddress),
            "booking" => self.tap(E::OpenBooking(arg.into())),
            "slot" => self.tap(E::PickSlot(arg.parse().unwrap())),
            "no-booking" => self.tap(E::NoBooking),
            "rate" => self.tap(E::Rate(arg.into())),
            "slip-done" => {
                let code = self.v().dossier_code.clone();
                self.send(E::SlipDone { code, fault: (arg != "ok").then_some(Msg::PrinterPaused) });
            }
            "consent" => self.tap(E::Consent(arg == "yes")),
            "start-over" => self.tap(E::StartOver),
            "start-over-now" => self.tap(E::StartOverNow),
            "keep-going" => self.tap(E::KeepGoing),
            "finish" => self.tap(E::Finish),
            "language" => self.tap(E::SetLanguage(arg.into())),
            "large-text" => self.tap(E::ToggleLargeText),
            "no-card" => self.tap(E::NoCard),
            "keypad" => {
                for d in arg.chars() {
                    self.send(E::KeypadDigit(d.to_string()));
                }
            }
            "keypad-clear" => self.tap(E::KeypadClear),
            "lookup" => self.tap(E::LookupId),
            "group" => self.tap(E::ChooseGroup(arg.into())),
            "search" => self.tap(E::FormSearchOpen(true)),
            "form-keys" => {
                for c in arg.chars() {
                    self.send(E::FormKey(c.to_string()));
                }
            }
            // the printer's worker reporting back: `print-done ok` or `print-done fail`, for
            // this session's dossier, or `print-done-for CODE ok`
            "print-done" => {
                let code = self.v().dossier_code.clone();
                self.send(E::PrintDone { code, fault: (arg != "ok").then_some(Msg::PrinterPaused) });
            }
            "print-done-for" => {
                let (code, ok) = arg.split_once(' ').unwrap();
                self.send(E::PrintDone { code: code.into(), fault: (ok != "ok").then_some(Msg::PrintUnfinished) });
            }
            "reprint" => self.tap(E::Reprint),
            "idle-warn" => {
                self.send(E::IdleWarn);
            }
            "idle-tick" => {
                self.send(E::IdleTick);
            }
            "idle-wipe" => {
                self.send(E::IdleWipe);
            }
            "activity" => {
                self.send(E::Activity);
            }
            "corner" => {
                for _ in 0..arg.parse::<usize>().unwrap_or(3) {
                    self.send(E::StaffCorner);
                }
            }
            "corner-timeout" => {
                self.send(E::CornerTimeout);
            }
            "pin" => {
                for d in arg.chars() {
                    self.send(E::PinKey(d.to_string()));
                }
                self.send(E::PinEnter);
            }
            "pin-lockout-over" => {
                self.send(E::PinLockoutOver);
            }
            "keypad-lockout-over" => {
                self.send(E::KeypadLockoutOver);
            }
            "staff-unlock" => {
                self.send(E::StaffUnlock);
            }
            // "Hủy hẹn" beside the first booked time that still stands
            "staff-cancel-first-booking" => {
                let code =
                    self.v().staff.bookings.iter().find(|b| !b.code.is_empty()).map(|b| b.code.clone()).unwrap_or_else(|| self.fail("no booking to cancel"));
                self.send(E::StaffCancelBooking(code));
            }
            "staff-close" => {
                self.send(E::StaffClose);
            }
            "staff-quit" => {
                self.send(E::StaffQuit);
            }
            "staff-quit-confirm" => {
                self.send(E::StaffQuitConfirm);
            }
            "staff-id" => {
                for d in arg.chars() {
                    self.send(E::StaffIdKey(d.to_string()));
                }
            }
            "staff-forget" => {
                self.send(E::StaffForget);
            }
            "staff-forget-confirm" => {
                self.send(E::StaffForgetConfirm);
            }
            "staff-reprint" => {
                let code = self.v().staff.dossiers.first().map(|d| d.code.clone()).unwrap_or_default();
                self.send(E::StaffReprint(code));
            }
            "printer-state" => {
                // the check's answer for queue KioskPDF: `ready` or `paused`
                let word = if arg == "ready" { form_kiosk::core::message::QueueWord::Ready } else { form_kiosk::core::message::QueueWord::Paused };
                self.send(E::PrinterState(Msg::Queue { name: "KioskPDF".into(), word, reasons: vec![] }));
            }
            "clear-effects" => self.effects.clear(),
            // the birth form from the welcome screen to its review, as the README counts it
            "birth-to-review" => {
                for s in [
                    "start",
                    "scan MOTHER",
                    "choose khai-sinh",
                    "scan-other MOTHER",
                    "scan-other FATHER",
                    "tap Mẹ",
                    "quick Trần",
                    "keys baor ngocj",
                    "next",
                    "digits 05022026",
                    "next",
                    "tap Nữ",
                    "tap Kinh",
                    "keys an binh",
                    "pick Phường An Bình, Tỉnh Đồng Tháp",
                    "next",
                    "tap Tỉnh Đồng Tháp",
                    "tap Không cần bản sao",
                    "=page Review",
                ] {
                    self.step(s);
                }
            }
            // checks
            "=page" => {
                let want = format!("{:?}", self.v().page);
                self.check(want == arg, &format!("page {want}, not {arg}"));
            }
            "=asking" => self.check(self.flow.asking() == Some(arg), &format!("asking {arg}")),
            "=label" => self.check(self.v().question.label == arg, &format!("question `{arg}`")),
            "=shown" => self.check(self.v().question.shown == arg, &format!("shown `{}`, not `{arg}`", self.v().question.shown)),
            "=of" => {
                let of = format!("{}/{}", self.v().question.number, self.v().question.count);
                self.check(of == arg, &format!("question {of}, not {arg}"))
            }
            "=option" => {
                self.check(self.v().question.options.iter().any(|o| o == arg), &format!("option `{arg}` offered, not {:?}", self.v().question.options))
            }
            "=option-label" => self.check(
                self.v()
                    .question
                    .option_labels
                    .iter()
                    .any(|m| m.text(form_kiosk::core::message::Lang::En) == arg || m.text(form_kiosk::core::message::Lang::Vi) == arg),
                &format!("option said `{arg}`"),
            ),
            "=options" => self.check(self.v().question.options.len().to_string() == arg, &format!("{arg} options, not {:?}", self.v().question.options)),
            "=hint" => self.check(vi(&self.v().question.hint_msg).contains(arg) && self.v().question.hint_msg.is_some(), &format!("hint with `{arg}`")),
            "=prompt-q" => {
                self.check(vi(&self.v().question.prompt).contains(arg) && self.v().question.prompt.is_some(), &format!("question prompt with `{arg}`"))
            }
            "=kind" => self.check(format!("{:?}", self.v().question.kind) == arg, &format!("kind {arg}")),
            "=notice" => self.check(format!("{:?}", self.v().question.notice) == arg, &format!("notice {arg}")),
            "=q-error" => self.check(vi(&self.v().question.error).contains(arg) && self.v().question.error.is_some(), &format!("q-error with `{arg}`")),
            "=no-q-error" => self.check(self.v().question.error.is_none(), "no q-error"),
            "=quick" => self.check(self.v().question.quick.iter().any(|q| q == arg), &format!("quick `{arg}` offered")),
            "=place-offered" => self.check(self.v().question.places.iter().any(|p| p.value == arg), &format!("place `{arg}` offered")),
            "=place" => self.check(self.v().question.place == arg, &format!("place `{arg}`")),
            "=places" => self.check(self.v().question.places.len().to_string() == arg, &format!("{arg} places, not {}", self.v().question.places.len())),
            "=browsing" => self.check(self.v().question.browsing == (arg == "yes"), &format!("browsing {arg}")),
            "=scan-error" => self.check(vi(&self.v().scan_error).contains(arg) && self.v().scan_error.is_some(), &format!("scan error with `{arg}`")),
            "=no-scan-error" => self.check(self.v().scan_error.is_none(), "no scan error"),
            "=other-error" => self.check(vi(&self.v().other_error).contains(arg) && self.v().other_error.is_some(), &format!("other error with `{arg}`")),
            "=prompt" => self.check(self.v().other_prompt == arg, &format!("prompt `{arg}`")),
            "=keypad-error" => self.check(vi(&self.v().keypad_error).contains(arg) && self.v().keypad_error.is_some(), &format!("keypad error `{arg}`")),
            "=typed-id" => self.check(self.v().typed_id == arg, &format!("typed id `{arg}`")),
            "=typed-birth" => self.check(self.v().typed_birth == arg, &format!("typed birth `{arg}`")),
            "=keypad-birth" => self.check(self.v().keypad_birth == (arg == "yes"), &format!("keypad birth {arg}")),
            "=citizen" => self.check(self.v().citizen_name == arg, &format!("citizen `{arg}`")),
            "=honorific" => self.check(self.v().citizen_honorific == arg, &format!("honorific `{arg}`")),
            "=card-notice" => self.check(self.v().card_notice_name == arg, &format!("card notice `{arg}`, not `{}`", self.v().card_notice_name)),
            "=card-notice-role" => self.check(self.v().card_notice_role == arg, &format!("card notice role `{arg}`")),
            "=answer" => {
                let (label, value) = arg.split_once(" = ").unwrap();
                self.check(self.v().answers.iter().any(|r| r.label == label && r.value == value), &format!("answer {label} = {value}"))
            }
            "=answer-from" => {
                let (label, origin) = arg.split_once(" = ").unwrap();
                self.check(self.v().answers.iter().any(|r| r.label == label && format!("{:?}", r.origin) == origin), &format!("answer {label} from {origin}"))
            }
            "=offered" => self.check(self.v().answers.iter().any(|r| r.field == arg && r.origin == Origin::Optional), &format!("{arg} offered with Thêm")),
            "=row-locked" => {
                let (label, yes) = arg.split_once(" = ").unwrap();
                self.check(self.v().answers.iter().any(|r| r.label == label && r.locked == (yes == "yes")), &format!("answer {label} locked {yes}"))
            }
            "=review-error" => self.check(vi(&self.v().review_error).contains(arg) && self.v().review_error.is_some(), &format!("review error with `{arg}`")),
            "=no-review-error" => self.check(self.v().review_error.is_none(), "no review error"),
            "=no-answer" => self.check(!self.v().answers.iter().any(|r| r.label == arg && !r.value.is_empty()), &format!("no answer for {arg}")),
            "=locked" => self.check(self.v().review_locked == (arg == "yes"), &format!("review locked {arg}")),
            "=preview" => self.check(self.v().preview.as_ref().is_some_and(|d| !d.0.pages.is_empty() && !d.0.pages[0].items.is_empty()), "the review picture"),
            "=consent-notice" => self.check(self.v().consent_notice.contains(arg), &format!("consent notice with `{arg}`")),
            "=dossier" => self.check(
                self.v().dossier_code.starts_with("000.00.00.H20-") && self.v().record_url.contains(&self.v().dossier_code),
                "a dossier code and its record URL",
            ),
            "=no-dossier" => self.check(self.v().dossier_code.is_empty(), "no dossier"),
            "=print-error" => self.check(vi(&self.v().print_error).contains(arg) && self.v().print_error.is_some(), &format!("print error `{arg}`")),
            "=way" => self.check(self.v().after.way == arg, &format!("way {arg}, not {}", self.v().after.way)),
            "=ways" => self.check(self.v().after.ways.join(",") == arg, &format!("ways {arg}, not {:?}", self.v().after.ways)),
            "=post-address" => self.check(self.v().after.post_address.contains(arg), &format!("post address with `{arg}`: {}", self.v().after.post_address)),
            "=due" => self.check(vi(&self.v().after.due).contains(arg), &format!("due `{arg}`: {}", vi(&self.v().after.due))),
            "=booked" => self
                .check(vi(&self.v().after.booked).contains(arg) && self.v().after.booked.is_some(), &format!("booked `{arg}`: {}", vi(&self.v().after.booked))),
            "=no-booked" => self.check(self.v().after.booked.is_none(), "no booking"),
            "=slots" => self.check(self.v().after.slots.len().to_string() == arg, &format!("{arg} slots, not {}", self.v().after.slots.len())),
            "=slot-left" => {
                let (i, n) = arg.split_once(' ').unwrap();
                let left = self.v().after.slots[i.parse::<usize>().unwrap()].left;
                self.check(left.to_string() == n, &format!("slot {i}: {n} left, not {left}"))
            }
            "=after-error" => self.check(
                vi(&self.v().after.error).contains(arg) && self.v().after.error.is_some(),
                &format!("after error `{arg}`: {}", vi(&self.v().after.error)),
            ),
            "=in-person" => self.check(vi(&self.v().after.in_person).contains(arg) && self.v().after.in_person.is_some(), &format!("in person `{arg}`")),
            "=rated" => self.check(self.v().after.rated == (arg == "yes"), &format!("rated {arg}")),
            "=slip-error" => self.check(vi(&self.v().after.slip_error).contains(arg) && self.v().after.slip_error.is_some(), &format!("slip error `{arg}`")),
            "=no-print-error" => self.check(self.v().print_error.is_none(), "no print error"),
            "=idle-left" => self.check(self.v().idle_left.to_string() == arg, &format!("idle left {arg}, not {}", self.v().idle_left)),
            "=confirm-start-over" => self.check(self.v().confirm_start_over == (arg == "yes"), &format!("start-over question {arg}")),
            "=language" => self.check(self.v().language == arg, &format!("language {arg}")),
            "=large-text" => self.check(self.v().large_text == (arg == "yes"), &format!("large text {arg}")),
            "=tiles" => {
                // `all`: every form in force
                let want = if arg == "all" { forms_io::bundled().0.on(crate::support::today()).forms.len().to_string() } else { arg.to_string() };
                self.check(self.v().forms.len().to_string() == want, &format!("{want} tiles, not {}", self.v().forms.len()))
            }
            "=tile" => self.check(self.v().forms.iter().any(|t| t.name == arg), &format!("tile `{arg}`")),
            "=staff-error" => self.check(vi(&self.v().staff.error).contains(arg) && self.v().staff.error.is_some(), &format!("staff error `{arg}`")),
            "=staff-message" => self.check(vi(&self.v().staff.message).contains(arg) && self.v().staff.message.is_some(), &format!("staff message `{arg}`")),
            "=staff-in-session" => self.check(self.v().staff.in_session == (arg == "yes"), &format!("staff in session {arg}")),
            "=staff-unlocked" => self.check(self.v().staff.unlocked == (arg == "yes"), &format!("staff unlocked {arg}")),
            "=staff-bookings" => {
                let lines: Vec<String> = self.v().staff.bookings.iter().map(|b| b.line.text(Lang::Vi)).collect();
                self.check(lines.join("\n").contains(arg), &format!("a booking line with `{arg}` in {lines:?}"))
            }
            "=staff-dossiers" => self.check(self.v().staff.dossiers.len().to_string() == arg, &format!("{arg} staff dossiers")),
            "=staff-printer" => self.check(vi(&self.v().staff.printer) == arg, &format!("printer `{arg}`, not `{}`", vi(&self.v().staff.printer))),
            "=confirm-quit" => self.check(self.v().staff.confirm_quit == (arg == "yes"), &format!("quit question {arg}")),
            "=confirm-forget" => self.check(self.v().staff.confirm_forget == (arg == "yes"), &format!("forget question {arg}")),
            "=effect" => self.check(self.effects.iter().any(|e| e.starts_with(arg)), &format!("effect {arg} in {:?}", self.effects)),
            "=no-effect" => self.check(!self.effects.iter().any(|e| e.starts_with(arg)), &format!("no effect {arg} in {:?}", self.effects)),
            // nothing of the session left: the view is a fresh kiosk's, field for field
            "=wiped" => {
                let fresh = kiosk();
                if self.v() != fresh.view() {
                    self.fail(&format!("not wiped:\n{:#?}\nfresh:\n{:#?}", self.v(), fresh.view()))
                }
            }
            other => panic!("unknown step `{other}`"),
        }
    }
}

/// Run a script; returns the run for more checks.
fn run(name: &str, script: &str) -> Run {
    run_in(Run::new(), name, script)
}

fn run_in(mut r: Run, name: &str, script: &str) -> Run {
    r.script = format!("[{name}]\n");
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        r.step(line);
    }
    r
}

/// Every path the kiosk's screens take, with the edge cases; one script each.
const CASES: &[(&str, &str)] = &[
    (
        "the birth form with three cards, welcome to printed",
        "=page Welcome
         start
         =page Scan
         scan NOT-A-CARD
         =page Scan
         =scan-error không phải mã QR của thẻ căn cước
         scan GRANDFATHER
         =page Choose
         =no-scan-error
         =citizen Lê Văn Cường
         =honorific ông
         choose khai-sinh
         =page Others
         =prompt Quét thẻ căn cước của người mẹ
         scan-other NOT-A-CARD
         =other-error không phải mã QR
         scan-other GRANDFATHER
         =other-error không phải của người mẹ
         =prompt Quét thẻ căn cước của người mẹ
         scan-other MOTHER
         =prompt Quét thẻ căn cước của người cha
         =card-notice Nguyễn Thị An
         =card-notice-role người mẹ
         scan-other FATHER
         =page Question
         =label Quan hệ với người được khai sinh
         =kind Options
         =of 1/8
         tap Ông
         =card-notice
         =label Họ, chữ đệm, tên
         =quick Nguyễn
         =quick Lê
         next
         =notice Empty
         quick Trần
         =notice None
         keys baor ngocj
         =shown Trần bảo ngọc
         next
         =label Ngày, tháng, năm sinh (Người được khai sinh)
         digits 31022026
         =shown 31/02/2026
         next
         =label Ngày, tháng, năm sinh (Người được khai sinh)
         =q-error Ngày không hợp lệ
         =shown 31/02/2026
         backspaces 8
         =shown
         digits 05022026
         next
         =label Giới tính
         tap Nữ
         tap Kinh
         =label Nơi sinh
         =kind Place
         =place-offered Phường Hồng Ngự, Tỉnh Đồng Tháp
         next
         =notice PickPlace
         keys an binh
         pick Phường An Bình, Tỉnh Đồng Tháp
         =place Phường An Bình, Tỉnh Đồng Tháp
         next
         =label Quê quán
         =place-offered Thành phố Hồ Chí Minh
         tap Tỉnh Đồng Tháp
         # the copies of the birth certificate, last: none, or 1 to 5 with one tap
         =asking @copies
         =of 8/8
         =prompt-q Ông/Bà có cần bản sao
         =options 6
         # the kiosk's own answers are said in the screen's language
         =option-label No copies
         =option-label 2 copies
         tap 2 bản
         =page Review
         =answer Đề nghị cấp bản sao = Có
         =answer Số lượng bản sao = 2
         edit copies_wanted
         tap Không
         =page Review
         =answer Đề nghị cấp bản sao = Không
         =preview
         =answer Họ, chữ đệm, tên người mẹ = Nguyễn Thị An
         =answer-from Họ, chữ đệm, tên người mẹ = Card
         =answer Năm sinh (Người mẹ) = 1990
         =answer Họ, chữ đệm, tên = Trần Bảo Ngọc
         =answer-from Họ, chữ đệm, tên = Typed
         =answer Nơi sinh = Phường An Bình, Tỉnh Đồng Tháp
         review-next
         # how the result comes back: the desk unless another way is tapped
         =page Delivery
         =ways desk,post,electronic
         =way desk
         =due Ngày hẹn trả kết quả: 27/11/2026
         =no-booked
         way post
         =way post
         =post-address Xã Thường Phước, Tỉnh Đồng Tháp
         change-post-address
         =page Question
         =prompt-q Bưu điện gửi kết quả đến địa chỉ nào
         back
         =page Delivery
         =way post
         # a time at the desk: the next five working days from Monday 30/11, seven hours each
         booking desk
         =page Booking
         =slots 35
         =slot-left 0 3
         back
         =page Delivery
         =no-booked
         booking desk
         slot 0
         =page Delivery
         =booked 07:30 ngày 30/11/2026
         =due Ngày hẹn trả kết quả: 30/11/2026
         delivery-next
         =page Consent
         =consent-notice Nếu Ông/Bà đồng ý
         back
         =page Delivery
         back
         =page Review
         review-next
         =page Delivery
         =way post
         =booked 07:30
         delivery-next
         consent no
         =page Printing
         =dossier
         =effect Print
         print-done fail
         =page Done
         =print-error Máy in đang tạm dừng
         =effect RestartIdle
         clear-effects
         reprint
         =page Printing
         =effect Print
         print-done ok
         =page Done
         =no-print-error
         # the slip after the form, on its worker
         =effect PrintSlip
         slip-done fail
         =slip-error Máy in đang tạm dừng
         =rated no
         rate very_satisfied
         =rated yes
         finish
         =wiped",
    ),
    (
        "back: one question at a time, answers kept, then the scan screens, then the procedures",
        "start
         scan MOTHER
         choose khai-sinh
         scan-other MOTHER
         scan-other FATHER
         tap Mẹ
         keys Lan
         next
         digits 05022026
         next
         =label Giới tính
         back
         =label Ngày, tháng, năm sinh (Người được khai sinh)
         =shown 05/02/2026
         next
         =label Giới tính
         # twice back, then on: nothing answered in between is lost
         back
         back
         =label Họ, chữ đệm, tên
         =shown Lan
         next
         =label Giới tính
         back
         back
         back
         =label Quan hệ với người được khai sinh
         # before the first question: the other people's scan screens, their cards forgotten
         back
         =page Others
         =prompt Quét thẻ căn cước của người cha
         back
         =prompt Quét thẻ căn cước của người mẹ
         scan-other MOTHER
         =prompt Quét thẻ căn cước của người cha
         back
         =prompt Quét thẻ căn cước của người mẹ
         back
         =page Choose
         back
         =page Scan",
    ),
    (
        "back from the others' cards is the procedures, back from the keypad the scan screen",
        "start
         scan MOTHER
         choose khai-sinh
         =page Others
         back
         =page Choose
         back
         =page Scan
         no-card
         =page Keypad
         back
         =page Scan",
    ),
    (
        "a skipped father is asked about: yes asks his name and what it makes necessary",
        "start
         scan MOTHER
         choose khai-sinh
         skip
         =prompt Quét thẻ căn cước của người cha
         skip
         =page Question
         =label Tờ khai có ghi thông tin người cha không?
         =kind Options
         tap Có
         =asking father_name
         keys Traanf Vawn Binhf
         next
         =asking father_birth_year
         digits 1988
         next
         =asking father_ethnicity",
    ),
    (
        "a card scanned on a question screen is never dropped: a skipped person's card is taken, others answered",
        "start
         scan MOTHER
         choose khai-sinh
         skip
         skip
         =label Tờ khai có ghi thông tin người cha không?
         # the father's card, late: refused as the mother (a man's card), taken as the father
         scan-during FATHER
         =card-notice Trần Văn Bình
         =card-notice-role người cha
         =label Quan hệ với người được khai sinh
         scan-during MOTHER
         =label Quan hệ với người được khai sinh
         =q-error đã có trên tờ khai
         scan-during GRANDFATHER
         =q-error không cần thêm thẻ
         scan-during NOT-A-CARD
         =q-error không phải mã QR
         tap Mẹ
         =no-q-error
         # back before the first question: the father's scan screen, his card forgotten
         back
         back
         =page Others
         =prompt Quét thẻ căn cước của người cha",
    ),
    (
        "a skipped father the citizen leaves off: asked once, then the usual questions",
        "start
         scan MOTHER
         choose khai-sinh
         scan-other MOTHER
         skip
         =label Tờ khai có ghi thông tin người cha không?
         tap Không
         =label Quan hệ với người được khai sinh
         tap Mẹ
         back
         =label Quan hệ với người được khai sinh",
    ),
    (
        "a card scanned on the review: a left-out person's card is taken, any other is answered there",
        "start
         scan MOTHER
         choose khai-sinh
         scan-other MOTHER
         skip
         tap Không
         answer-rest
         =page Review
         =no-answer Họ, chữ đệm, tên người cha
         # the card already on the form: said on the review, nothing changes
         scan-during MOTHER
         =page Review
         =review-error đã có trên tờ khai
         # the father's card after all: taken, and the review shows him
         scan-during FATHER
         =page Review
         =no-review-error
         =card-notice Trần Văn Bình
         =answer Họ, chữ đệm, tên người cha = Trần Văn Bình
         =answer-from Họ, chữ đệm, tên người cha = Card",
    ),
    (
        "edit from the review: one question, no count, back to the review",
        "birth-to-review
         edit child_birth_place
         =page Question
         =of 1/0
         =label Nơi sinh
         =place Phường An Bình, Tỉnh Đồng Tháp
         back
         =page Review
         edit child_name
         =shown Trần Bảo Ngọc
         backspace
         backspace
         backspace
         backspace
         keys Mai
         next
         =page Review
         =answer Họ, chữ đệm, tên = Trần Bảo Mai
         # the picker, province by province
         edit child_birth_place
         =kind Place
         change-place
         =place
         browse
         =browsing yes
         =places 34
         pick Tỉnh Đồng Tháp
         =shown Tỉnh Đồng Tháp
         pick Phường Hồng Ngự, Tỉnh Đồng Tháp
         =browsing no
         keys beenhj vieenj ddk
         next
         =page Review
         =answer Nơi sinh = Bệnh viện đk, Phường Hồng Ngự, Tỉnh Đồng Tháp",
    ),
    (
        "a card's answer is locked until staff unlock it; a new scan locks it again",
        "birth-to-review
         =row-locked Họ, chữ đệm, tên người mẹ = yes
         =row-locked Họ, chữ đệm, tên = no
         edit mother_name
         =page Review
         =locked yes
         corner
         =page StaffPin
         pin 111111
         =page StaffPin
         =staff-error Mã PIN không đúng (lần 1 / 5)
         pin 246810
         =page Staff
         =staff-in-session yes
         =staff-dossiers 0
         =effect CheckPrinter
         staff-unlock
         =staff-unlocked yes
         =locked no
         =row-locked Họ, chữ đệm, tên người mẹ = no
         staff-close
         =page Review
         edit mother_name
         =page Question
         =shown Nguyễn Thị An
         back
         =page Review
         # the next citizen's scan: nothing of the unlock stays
         scan GRANDFATHER
         =page Choose
         =citizen Lê Văn Cường
         choose khai-sinh
         scan-other MOTHER
         scan-other FATHER
         tap Ông
         quick Trần
         keys Lan
         next
         digits 05022026
         next
         tap Nữ
         tap Kinh
         keys an binh
         pick Phường An Bình, Tỉnh Đồng Tháp
         next
         tap Tỉnh Đồng Tháp
         tap Không cần bản sao
         =page Review
         edit mother_name
         =locked yes",
    ),
    (
        "optional answers are offered on the review, not asked on the way",
        "birth-to-review
         =offered marriage_cert_number
         edit marriage_cert_number
         =page Question
         =of 1/0
         keys 12
         next
         =page Review",
    ),
    (
        "a late print result: the idle wipe waits while printing; a result for another dossier is only recorded",
        "birth-to-review
         review-next
         delivery-next
         consent no
         =page Printing
         idle-warn
         =idle-left 0
         clear-effects
         idle-wipe
         =page Printing
         =effect RestartIdle
         print-done ok
         =page Done
         finish
         =wiped
         print-done-for 000.00.00.H20-261127-0001 ok
         =page Welcome
         =wiped",
    ),
    (
        "the idle question counts down and the wipe takes everything",
        "birth-to-review
         language en
         large-text
         idle-warn
         =idle-left 20
         =effect Countdown
         idle-tick
         =idle-left 19
         activity
         =idle-left 0
         =page Review
         idle-warn
         idle-wipe
         =page Welcome
         =language vi
         =large-text no
         =effect Language(vi)
         =wiped",
    ),
    (
        "nothing to ask on the welcome screen",
        "idle-warn
         =idle-left 0
         =no-effect Countdown",
    ),
    (
        "start over asks when there is work; keep going keeps it",
        "start
         scan MOTHER
         start-over
         =wiped
         start
         scan MOTHER
         choose khai-sinh
         scan-other MOTHER
         start-over
         =confirm-start-over yes
         =page Others
         keep-going
         =confirm-start-over no
         =page Others
         start-over
         start-over-now
         =wiped",
    ),
    (
        "five wrong PINs lock the keypad; the right one is refused until the lockout ends",
        "corner 2
         =page Welcome
         corner-timeout
         corner 2
         =page Welcome
         corner 1
         =page StaffPin
         pin 1
         pin 2
         pin 3
         pin 4
         =no-effect PinLockout
         pin 5
         =staff-error lần 5 / 5
         =effect PinLockout
         pin 246810
         =page StaffPin
         =staff-error Đã nhập sai mã PIN 5 lần
         pin-lockout-over
         pin 246810
         =page Staff
         =staff-in-session no",
    ),
    (
        "quitting and erasing are asked twice; another action disarms them",
        "corner
         staff-quit
         =confirm-quit no
         staff-quit-confirm
         =no-effect Quit
         pin 246810
         staff-quit
         =confirm-quit yes
         =staff-message Đóng phần mềm kiosk?
         staff-unlock
         =confirm-quit no
         staff-quit-confirm
         =no-effect Quit
         staff-id 12345
         staff-forget
         =staff-message Số định danh gồm 12 chữ số
         =confirm-forget no
         staff-id 6789012
         staff-forget
         =confirm-forget yes
         staff-unlock
         =confirm-forget no
         staff-forget-confirm
         =no-effect ForgetJobs
         staff-forget
         staff-forget-confirm
         =effect ForgetJobs
         =staff-message Đã xóa
         staff-quit
         staff-quit-confirm
         =effect Quit
         =wiped",
    ),
    (
        "the printer check reaches the staff screen only while it is open",
        "corner
         pin 246810
         =staff-printer Đang kiểm tra máy in…
         printer-state ready
         =staff-printer Máy in KioskPDF: Sẵn sàng
         staff-close
         printer-state paused
         =page Welcome",
    ),
    (
        "staff over a citizen's print: the result waits behind the staff screen",
        "birth-to-review
         review-next
         delivery-next
         consent no
         corner
         pin 246810
         =staff-dossiers 1
         print-done ok
         =page Staff
         staff-close
         =page Done
         =dossier",
    ),
    (
        "no card: the number, then the date of birth; five look-ups that find nothing shut the keypad",
        "start
         no-card
         =page Keypad
         keypad 0011901234
         lookup
         =keypad-error
         =keypad-birth no
         keypad 5699
         =typed-id 001190123456
         lookup
         =keypad-birth yes
         =typed-birth __/__/____
         keypad 0101
         =typed-birth 01/01/____
         keypad-clear
         =typed-birth __/__/____
         keypad-clear
         =keypad-birth no
         =typed-id
         keypad 001190123456
         lookup
         keypad 3102199
         lookup
         =keypad-error Ngày sinh gồm 8 số
         keypad 01011990
         lookup
         =page Keypad
         =keypad-error
         keypad-clear
         keypad-clear
         keypad 001190123456
         lookup
         keypad 01011990
         lookup
         keypad-clear
         keypad-clear
         keypad 001190123456
         lookup
         keypad 01011990
         lookup
         keypad-clear
         keypad-clear
         keypad 001190123456
         lookup
         keypad 01011990
         lookup
         keypad-clear
         keypad-clear
         keypad 001190123456
         lookup
         keypad 01011990
         =no-effect KeypadLockout
         lookup
         =effect KeypadLockout
         keypad-clear
         keypad-clear
         keypad 001190123456
         lookup
         =keypad-error Đã nhập sai 5 lần
         =keypad-birth no
         scan MOTHER
         =page Choose",
    ),
    (
        "a profile kept with consent opens with the number and the date of birth",
        "birth-to-review
         review-next
         delivery-next
         consent yes
         print-done ok
         finish
         =wiped
         start
         no-card
         keypad 001190123456
         lookup
         keypad 01011990
         lookup
         =page Choose
         =citizen Nguyễn Thị An
         =honorific bà",
    ),
    (
        "procedures by group and by search",
        "start
         scan MOTHER
         =tiles all
         group Cư trú
         =tiles 3
         =tile Đăng ký thường trú
         group
         =tiles all
         search
         form-keys khai tu
         =tile Đăng ký khai tử
         =tiles 1",
    ),
    (
        "the language: the consent notice follows it",
        "birth-to-review
         review-next
         delivery-next
         language en
         =consent-notice If you agree
         =language en
         =effect Language(en)
         language vi
         =consent-notice Nếu Ông/Bà đồng ý",
    ),
    (
        "the card notice names the role, and gives way to the first answer",
        "start
         scan MOTHER
         choose khai-sinh
         scan-other MOTHER
         =card-notice Nguyễn Thị An
         scan-other FATHER
         =card-notice Trần Văn Bình
         =card-notice-role người cha
         tap Mẹ
         =card-notice",
    ),
];

#[test]
fn every_case() {
    for (name, script) in CASES {
        run(name, script);
    }
}

const OLD_ADDRESS_CASES: &[(&str, &str)] = &[
    (
        "a card's address before 2025: its 2025 address in one tap, the card's text kept; a divided ward offers its communes",
        "start
         scan OLD-ADDRESS
         choose xac-nhan-hon-nhan
         # the citizen is also the one the paper is for: the same card again
         scan-other OLD-ADDRESS
         =page Question
         =asking @address:requester_residence
         =kind Options
         =prompt-q Nơi cư trú (Người yêu cầu): thẻ căn cước ghi theo đơn vị hành chính trước ngày 01/7/2025
         =hint Trên thẻ: Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp
         =options 3
         =option Chọn nơi khác
         =option Giữ như trên thẻ
         =of 1/5
         tap Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp
         # the next question counts on from it
         =of 2/5
         answer-rest
         =page Review
         =answer Nơi cư trú (Người yêu cầu) = Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp
         =answer-from Nơi cư trú (Người yêu cầu) = NewUnits
         # changed from the review: the choice again; keeping the card's text
         edit requester_residence
         =asking @address:requester_residence
         tap Giữ như trên thẻ
         =page Review
         =answer Nơi cư trú (Người yêu cầu) = Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp
         =answer-from Nơi cư trú (Người yêu cầu) = Card
         # kept as on the card, locked like the card's data, yet its units may still change
         =row-locked Nơi cư trú (Người yêu cầu) = yes
         edit requester_residence
         =asking @address:requester_residence
         tap Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp
         =page Review
         =answer-from Nơi cư trú (Người yêu cầu) = NewUnits
         # both lines of the one card took the one answer
         =answer Nơi cư trú (Người được cấp Giấy xác nhận) = Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp",
    ),
    (
        "a card read later with an old address already answered for gets the same answer",
        "start
         scan OLD-ADDRESS
         choose khai-sinh
         scan-other OLD-ADDRESS
         skip
         tap Không
         =asking @address:requester_residence
         tap Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp
         =page Question
         # the father's card after all, read on a question screen: same address, same answer
         scan-during OLD-ADDRESS-HUSBAND
         answer-rest
         =page Review
         =answer Nơi cư trú (Người cha) = Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp
         =answer-from Nơi cư trú (Người cha) = NewUnits",
    ),
    (
        "a divided ward offers the communes it went into, and another place",
        "start
         scan DIVIDED-WARD
         choose xac-nhan-hon-nhan
         scan-other DIVIDED-WARD
         =asking @address:requester_residence
         =prompt-q một trong các xã, phường dưới đây
         =options 4
         =option Ấp Phú Lợi A, Xã Long Phú Thuận, Tỉnh Đồng Tháp
         =option Ấp Phú Lợi A, Xã Tân Long, Tỉnh Đồng Tháp
         tap Chọn nơi khác
         =asking requester_residence
         =kind Place
         # back before any answer: the other person's scan screen, the card forgotten; read
         # again, the address is asked again (nothing was settled by 'Chọn nơi khác')
         back
         =page Others
         scan-other DIVIDED-WARD
         =asking @address:requester_residence",
    ),
];

/// A card's address in the units before 2025 on a form that prints it. The bundled forms
/// leave a residence blank when the card's ID number is given (Thông tư 04/2024/TT-BTP), so
/// the cases run on the marital-status and birth forms with that rule taken out of their
/// residence lines.
#[test]
fn an_old_card_address_printed_on_a_form() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            let rules: &[&str] = match path.file_stem().unwrap().to_str().unwrap() {
                "xac-nhan-hon-nhan" => &["requester_id_doc", "subject_id_doc"],
                "khai-sinh" => &["requester_id_doc", "mother_id_doc", "father_id_doc"],
                _ => &[],
            };
            for rule in rules {
                let rule = format!("not_needed_if = \"{rule}\"\n");
                assert!(text.contains(&rule), "{rule}");
                text = text.replace(&rule, "");
            }
            files.push((path.file_name().unwrap().to_string_lossy().to_string(), text));
        }
    }
    for (name, script) in OLD_ADDRESS_CASES {
        let (forms, diags) = forms_io::load_texts(files.iter().map(|(n, t)| (n.clone(), t.as_str())));
        assert!(diags.is_empty(), "{diags:?}");
        run_in(Run::with(forms), name, script);
    }
}

/// The effort of the birth form with three cards, welcome to printing: the README's figures,
/// for a child born at a health facility the office lists (the usual case) and for one born
/// elsewhere (the commune typed), the copies asked both times.
#[test]
fn effort_of_the_birth_form() {
    let mut r = run("effort", "birth-to-review\nreview-next\ndelivery-next\nconsent no\n=page Printing");
    eprintln!("birth registration, three cards, born elsewhere, welcome to printing: {} taps and {} characters", r.taps, r.chars);
    assert_eq!((r.taps, r.chars), (15, 25), "the README says 15 taps and 25 characters");
    r.step("print-done ok");
    r.step("=page Done");
    // the result by post to the card's address: one tap more; a booked time: two more
    let post = run("effort, by post", "birth-to-review\nreview-next\nway post\ndelivery-next\nconsent no\n=page Printing");
    assert_eq!((post.taps, post.chars), (16, 25), "the README says post adds one tap");
    let booked = run("effort, booked", "birth-to-review\nreview-next\nbooking desk\nslot 0\ndelivery-next\nconsent no\n=page Printing");
    assert_eq!((booked.taps, booked.chars), (17, 25), "the README says a booked time adds two taps");
    let at_facility = "start
         scan GRANDFATHER
         choose khai-sinh
         scan-other MOTHER
         scan-other FATHER
         tap Ông
         quick Trần
         keys baor ngocj
         next
         digits 05022026
         next
         tap Nữ
         tap Kinh
         =label Nơi sinh
         =place-offered Trạm Y tế phường An Bình, Phường An Bình, Tỉnh Đồng Tháp
         pick Trạm Y tế phường An Bình, Phường An Bình, Tỉnh Đồng Tháp
         =label Quê quán
         tap Tỉnh Đồng Tháp
         tap Không cần bản sao
         =page Review
         =answer Nơi sinh = Trạm Y tế phường An Bình, Phường An Bình, Tỉnh Đồng Tháp
         review-next
         delivery-next
         consent no
         =page Printing";
    let r = run("effort at a facility", at_facility);
    eprintln!("birth registration, three cards, born at a listed facility, welcome to printing: {} taps and {} characters", r.taps, r.chars);
    assert_eq!((r.taps, r.chars), (14, 18), "the README says 14 taps and 18 characters");
    // the father's card skipped: the father question asked ("Không": not on the form)
    let no_father = at_facility.replace("scan-other FATHER", "skip\n=label Tờ khai có ghi thông tin người cha không?\ntap Không");
    let r = run("effort, the father question", &no_father);
    eprintln!("birth registration, two cards and the father question, at a listed facility: {} taps and {} characters", r.taps, r.chars);
    assert_eq!((r.taps, r.chars), (16, 18), "the README says 16 taps and 18 characters");
}

/// Every page the flow can show has a case that reaches it, and every kind of question.
#[test]
fn the_cases_reach_every_page() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, script) in CASES {
        for line in script.lines().map(str::trim) {
            if let Some(p) = line.strip_prefix("=page ") {
                seen.insert(p.to_string());
            }
        }
    }
    for p in [
        Page::Welcome,
        Page::Scan,
        Page::Keypad,
        Page::Choose,
        Page::Others,
        Page::Question,
        Page::Review,
        Page::Consent,
        Page::Printing,
        Page::Done,
        Page::StaffPin,
        Page::Staff,
    ] {
        assert!(seen.contains(&format!("{p:?}")), "no case reaches {p:?}");
    }
    let _ = (QKind::Digits, QNotice::None);
}

/// What a citizen types for a question of this kind, in Telex on the on-screen keyboard (or
/// digits on the keypad).
fn typed_for(kind: form_kiosk::core::template::FieldKind) -> &'static str {
    use form_kiosk::core::template::FieldKind as K;
    match kind {
        K::Name => "Phamj Minh Chaau",
        K::Date => "05022026",
        K::Year => "1985",
        K::Time => "1430",
        K::IdNumber => "087185001122",
        K::Phone => "0912345678",
        K::Email => "an@example.vn",
        K::Count => "1",
        K::Text | K::LongText => "Ly do gia ddinhf",
        K::Address => "an binh",
        _ => "a",
    }
}

/// Every bundled form, from the card to its review through the flow: the cards the form takes
/// (a fitting one for each person), then each question answered as a citizen would — the first
/// answer offered, a place found by typing, a value typed in Telex. The taps and characters
/// each form needs are printed (the forms' effort table).
#[test]
fn every_form_through_the_flow_to_its_review() {
    let ids: Vec<String> = Run::new().v().forms.iter().map(|t| t.id.clone()).collect();
    assert!(ids.len() >= 14, "{ids:?}");
    let mut table = Vec::new();
    for id in ids {
        let mut r = Run::new();
        r.script = format!("[{id}]\n");
        r.step("start");
        r.step("scan MOTHER");
        r.step(&format!("choose {id}"));
        let t = r.flow.service().form(&id).unwrap().clone();
        let cards = crate::support::cards_for(&t);
        let scanned = r.answer_rest(&t, &cards[1..]);
        r.step("=page Review");
        r.step("=preview");
        r.step("review-next");
        r.step("delivery-next");
        r.step("consent no");
        r.step("=page Printing");
        r.step("=dossier");
        table.push(format!("{id}: {} cards, {} taps, {} characters", scanned + 1, r.taps, r.chars));
    }
    eprintln!("welcome to printing, per form:\n{}", table.join("\n"));
}

/// "Nghe" on every citizen screen: what it reads (the screen's title, the question, the
/// choices; never an ID number or a date), rendered by espeak-ng's Vietnamese voice to WAV
/// and checked to be speech: long enough, and not silent.
#[test]
fn every_screen_is_read_aloud() {
    let cfg = KioskConfig::default();
    let dir = tempfile::tempdir().unwrap();
    let mut r = Run::new();
    let mut heard = Vec::new();
    let steps: &[&str] = &[
        "=page Welcome",
        "start",
        "=page Scan",
        "no-card",
        "=page Keypad",
        "back",
        "scan GRANDFATHER",
        "=page Choose",
        "choose khai-sinh",
        "=page Others",
        "scan-other MOTHER",
        "scan-other FATHER",
        "=page Question",
        "tap Ông",
        "=page Question",
        "quick Trần",
        "keys baor ngocj",
        "next",
        "=page Question",
        // a refused date: the message (with its example date) is read, not the date
        "digits 31022026",
        "next",
        "=q-error Ngày không hợp lệ",
        "=page Question",
        "backspaces 8",
        "digits 05022026",
        "next",
        "tap Nữ",
        "tap Kinh",
        "=page Question",
        "keys an binh",
        "=page Question",
        "pick Phường An Bình, Tỉnh Đồng Tháp",
        "next",
        "tap Tỉnh Đồng Tháp",
        "=page Question",
        "tap Không cần bản sao",
        "=page Review",
        "review-next",
        "=page Delivery",
        "delivery-next",
        "=page Consent",
        "consent no",
        "=page Printing",
        "print-done ok",
        "=page Done",
    ];
    for (i, step) in steps.iter().enumerate() {
        r.step(step);
        if !step.starts_with("=page") {
            continue;
        }
        for lang in ["vi", "en"] {
            if lang == "en" {
                r.send(Event::SetLanguage("en".into()));
            }
            let effects = r.send(Event::Speak);
            let text = effects.iter().find_map(|e| match e {
                Effect::Speak { text, .. } => Some(text.clone()),
                _ => None,
            });
            let text = text.unwrap_or_else(|| r.fail(&format!("nothing read aloud on {step} ({lang})")));
            // never an ID number, a date or a year of the cards or the answers
            for secret in ["087060001234", "001190123456", "03/03/1960", "05/02/2026", "31/02/2026", "1990", "2026", "02/08/2024"] {
                r.check(!text.contains(secret), &format!("{step} ({lang}) reads `{secret}` aloud: {text}"));
            }
            if r.v().page == Page::Question && lang == "vi" {
                let asked = r.v().question.prompt.as_ref().map(|m| m.text(form_kiosk::core::message::Lang::Vi)).unwrap_or_else(|| r.v().question.label.clone());
                let first_words: String = asked.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                r.check(text.contains(&first_words), &format!("the question is read: `{first_words}` in `{text}`"));
                for o in &r.v().question.options {
                    r.check(text.contains(o.as_str()), &format!("the choice `{o}` is read"));
                }
            }
            let wav = dir.path().join(format!("{i}-{lang}.wav"));
            form_kiosk::voice::render_wav(&text, lang, &cfg, &wav).unwrap();
            let (seconds, rms) = wav_stats(&std::fs::read(&wav).unwrap());
            r.check(seconds > 1.0 && rms > 300.0, &format!("{step} ({lang}): {seconds:.1} s of sound at RMS {rms:.0}"));
            heard.push(format!("{:?} {lang}: {seconds:.1} s", r.v().page));
            if lang == "en" {
                r.send(Event::SetLanguage("vi".into()));
            }
        }
    }
    eprintln!("read aloud:\n{}", heard.join("\n"));
    // off in the configuration: nothing is read, and the screens offer no "Nghe"
    let quiet = &mut Run::with_config(forms_io::bundled().0, KioskConfig { voice: false, ..KioskConfig::default() });
    assert!(!quiet.v().voice);
    assert!(!quiet.send(Event::Speak).iter().any(|e| matches!(e, Effect::Speak { .. })));
}

/// The length in seconds and the loudness (RMS of the samples) of a 16-bit PCM WAV file.
fn wav_stats(wav: &[u8]) -> (f32, f32) {
    assert_eq!(&wav[..4], b"RIFF", "a WAV file");
    let rate = u32::from_le_bytes(wav[24..28].try_into().unwrap()) as f32;
    let (mut at, mut samples) = (12, &[][..]);
    while at + 8 <= wav.len() {
        let len = u32::from_le_bytes(wav[at + 4..at + 8].try_into().unwrap()) as usize;
        let end = (at + 8 + len).min(wav.len());
        if &wav[at..at + 4] == b"data" {
            samples = &wav[at + 8..end];
            break;
        }
        at += 8 + len;
    }
    let v: Vec<f32> = samples.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as f32).collect();
    let rms = (v.iter().map(|x| x * x).sum::<f32>() / v.len().max(1) as f32).sqrt();
    (v.len() as f32 / rate, rms)
}

/// After the review, each way the result may come back: stored with the dossier, carried in
/// the slip's text; the birth form offers all three, a marriage only the desk (both parties
/// sign), and a kiosk without bookings or choices goes straight on.
#[test]
fn each_way_the_result_comes_back() {
    let cases = [
        ("desk", "", "Nhận trực tiếp tại Bộ phận Một cửa"),
        ("post", "way post", "Gửi qua bưu điện (bưu chính công ích) đến: Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"),
        ("electronic", "way electronic", "Bản điện tử, gửi vào Kho quản lý dữ liệu điện tử"),
    ];
    for (way, tap, on_slip) in cases {
        let script = format!(
            "birth-to-review\nreview-next\n=page Delivery\n{tap}\n=way {way}\ndelivery-next\nconsent no\n=page Printing\nprint-done ok\n=effect PrintSlip"
        );
        let mut r = run(&format!("the result by {way}"), &script);
        let code = r.v().dossier_code.clone();
        let d = r.flow.service().dossier(&code).unwrap();
        let delivery = d.delivery.expect("a delivery stored");
        assert_eq!(delivery.way.as_str(), way);
        assert_eq!(delivery.address.is_some(), way == "post", "{delivery:?}");
        // the birth form is decided the same day (before 15:00): Friday 27/11/2026
        assert_eq!(d.due_day.as_deref(), Some("2026-11-27"));
        let slip = r.flow.service().slip_document(&code, now()).unwrap().text();
        let flat = slip.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            on_slip,
            &code,
            "PHIẾU HƯỚNG DẪN",
            "Đăng ký khai sinh (mã 1.001193)",
            "Ngày hẹn trả kết quả (dự kiến): 27/11/2026",
            "đường dây nóng 1022",
            "Giấy chứng sinh",
        ] {
            assert!(flat.contains(want), "{way}: `{want}` not on the slip:\n{slip}");
        }
        // nothing personal but the address chosen: no ID number, no name, no birth date
        for personal in ["001190123456", "087088004321", "Nguyễn Thị An", "TRẦN VĂN BÌNH", "Trần Bảo Ngọc", "05/02/2026"] {
            assert!(!flat.contains(personal), "{way}: `{personal}` on the slip");
        }
    }
    // a marriage: only the desk, and why
    let ket_hon = run(
        "a marriage is collected in person",
        "start\nscan MOTHER\nchoose ket-hon\nscan-other MOTHER\nscan-other FATHER\nanswer-rest\n=page Review\nreview-next\n=page Delivery\n=ways desk\n=in-person Hai bên nam, nữ cùng có mặt",
    );
    drop(ket_hon);
    // no bookings and one way: no delivery screen at all
    let quiet = KioskConfig { booking_times: Vec::new(), ..KioskConfig::default() };
    run_in(
        Run::with_config(forms_io::bundled().0, quiet),
        "nothing to choose",
        "start\nscan MOTHER\nchoose tam-tru\nskip\nanswer-rest\n=page Review\nreview-next\n=page Consent",
    );
}

/// Booked times: a free slot is taken when the dossier is stored; a full one is shown full
/// and refused; one that fills while the citizen decides sends them back to the slots with
/// nothing stored.
#[test]
fn booking_a_free_and_a_full_slot() {
    let one = KioskConfig { booking_capacity: 1, ..KioskConfig::default() };
    let mut r = Run::with_config(forms_io::bundled().0, one.clone());
    r = run_in(
        r,
        "a free slot",
        "birth-to-review\nreview-next\nbooking desk\n=slot-left 0 1\nslot 0\n=booked 07:30 ngày 30/11/2026\ndelivery-next\nconsent no\n=page Printing\nprint-done ok\nfinish",
    );
    let first =
        r.flow.service().bookings(form_kiosk::core::date::Date::new(30, 11, 2026).unwrap(), form_kiosk::core::date::Date::new(30, 11, 2026).unwrap()).unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].time.as_str(), first[0].visit), ("07:30", form_kiosk::core::after::Visit::Desk));
    // the next citizen: the slot is full, shown so, refused
    r = run_in(r, "a full slot", "birth-to-review\nreview-next\nbooking desk\n=slot-left 0 0\n=slot-left 1 1\nslot 0\n=page Booking\n=after-error hết chỗ\nslot 1\n=page Delivery\n=booked 08:30");
    // another kiosk on the same store takes 08:30 meanwhile
    let dir = r._dir.path().to_path_buf();
    let mut other = run_in(
        Run {
            flow: kiosk_configured(&dir, forms_io::bundled().0, one),
            effects: Vec::new(),
            taps: 0,
            chars: 0,
            script: String::new(),
            _dir: tempfile::tempdir().unwrap(),
        },
        "another kiosk",
        "birth-to-review\nreview-next\nbooking desk\nslot 1\ndelivery-next\nconsent no\n=page Printing",
    );
    assert!(!other.v().dossier_code.is_empty());
    other.step("print-done ok");
    // confirming now: nothing stored, the slots again with the message
    let before = r.flow.service().dossiers(None).unwrap().len();
    r = run_in(r, "the slot filled meanwhile", "delivery-next\nconsent no\n=page Booking\n=after-error vừa hết chỗ\n=slot-left 1 0\n=no-booked");
    assert_eq!(r.flow.service().dossiers(None).unwrap().len(), before, "nothing stored");
    // staff cancel the first booking on their screen: listed, cancelled (audited), its place
    // free again
    let code = first[0].code.clone();
    r = run_in(
        r,
        "staff cancel a booking",
        &format!(
            "back\ncorner\npin {PIN}\n=page Staff\n=staff-bookings 30/11/2026 07:30 — tại quầy — {code}\nstaff-cancel-first-booking\n=staff-message Đã hủy lịch hẹn của hồ sơ {code}\n=staff-bookings {code} — Đăng ký khai sinh — đã hủy\nstaff-close"
        ),
    );
    assert!(r.flow.service().audit_log(5).unwrap().iter().any(|a| a.action == "booking_cancelled" && a.dossier_code.as_deref() == Some(code.as_str())));
    run_in(r, "a cancelled booking frees its place", "=page Delivery\nbooking desk\n=slot-left 0 1");
}

/// The done screen's rating: one tap, counted for the day and the procedure only.
#[test]
fn a_rating_is_counted_without_the_dossier() {
    let mut r =
        run("rating", "birth-to-review\nreview-next\ndelivery-next\nconsent no\nprint-done ok\n=page Done\nrate unsatisfied\n=rated yes\nrate very_satisfied");
    let day = form_kiosk::core::date::Date::new(27, 11, 2026).unwrap();
    let counts = r.flow.service().ratings(day, day).unwrap();
    assert_eq!(counts.len(), 1, "one tap counted, the second ignored: {counts:?}");
    assert_eq!((counts[0].form_id.as_str(), counts[0].rating, counts[0].count), ("khai-sinh", form_kiosk::core::after::Rating::Unsatisfied, 1));
    // the ratings table holds the day, the procedure, the answer and a count: nothing else
    let conn = rusqlite::Connection::open(r._dir.path().join("k.db")).unwrap();
    let columns: Vec<String> =
        conn.prepare("SELECT name FROM pragma_table_info('ratings')").unwrap().query_map([], |x| x.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(columns, ["day", "form_id", "rating", "n"]);
}

/// A visit at home, where the office offers it: the address asked with the picker (the
/// card's residence offered first), the slot booked, the address kept with the booking and
/// on the slip.
#[test]
fn a_visit_at_home() {
    let config = KioskConfig { home_visit_times: vec!["14:00".into()], home_visit_capacity: 1, ..KioskConfig::default() };
    let mut r = run_in(
        Run::with_config(forms_io::bundled().0, config),
        "a visit at home",
        "birth-to-review
         review-next
         =page Delivery
         booking home
         =page Question
         =prompt-q Cán bộ đến tiếp nhận hồ sơ tại địa chỉ nào
         =kind Place
         pick Phường Hồng Ngự, Tỉnh Đồng Tháp
         keys khoms 1
         next
         =page Booking
         =slots 5
         =slot-left 0 1
         slot 0
         =page Delivery
         =booked cán bộ đến nhà tiếp nhận hồ sơ lúc 14:00 ngày 30/11/2026
         delivery-next
         consent no
         print-done ok
         =page Done",
    );
    let code = r.v().dossier_code.clone();
    let b =
        r.flow.service().bookings(form_kiosk::core::date::Date::new(30, 11, 2026).unwrap(), form_kiosk::core::date::Date::new(30, 11, 2026).unwrap()).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].visit, form_kiosk::core::after::Visit::Home);
    assert_eq!(b[0].address.as_deref(), Some("Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"));
    let slip = r.flow.service().slip_document(&code, now()).unwrap().text();
    let flat = slip.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Hẹn cán bộ đến nhà: 14:00 ngày 30/11/2026"), "{slip}");
    assert!(flat.contains("Tại: Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"), "{slip}");
}
