//! The kiosk's flow, without a screen: a state machine over a closed set of [`Event`]s that
//! keeps a [`View`] — plain data describing the screen — and asks for [`Effect`]s it cannot do
//! itself (printing on a worker, timers, the translation, quitting). Every decision of the
//! citizen's way through the screens lives here: what is asked next, which answers the review
//! offers and which it locks, what "Quay lại" returns to, which cards are still pending, the
//! family names offered, the keypad and staff PIN lockouts, the idle question and the wipe.
//!
//! The GUI (`src/gui/`) turns each callback into one event, copies what changed in the view
//! onto its adapter, and runs the effects; a timer or a worker reports back with an event.
//! The flow tests (`tests/it/flow.rs`) drive it without a display.

mod after;
mod question;
mod review;
pub mod speech;
mod staff;
mod start;
pub mod view;

use crate::core::ask;
use crate::service::{ForgetJobs, PrintJob, PrinterProbe, ScannedCard, Service, Session};
use chrono::NaiveDateTime;
use question::Asking;
use staff::Staff;
use std::time::Duration;
pub use view::*;

/// Resolution of the review picture: sharp when the page is shown at the screen's width.
pub const PREVIEW_DPI: f32 = 125.0;
/// Keypad look-ups that found nothing, in a row, before the keypad shuts for a while.
pub const MAX_LOOKUPS: u32 = 5;
/// How long a lockout lasts (keypad look-ups, staff PIN).
pub const LOCKOUT: Duration = Duration::from_secs(300);
/// Taps on the staff corner count within this time of the last one.
pub const CORNER_WINDOW: Duration = Duration::from_secs(3);

/// What can happen to the kiosk: a tap (one per adapter callback), a card read, a timer, a
/// worker reporting back.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    // the session
    /// Any touch or key: the idle timers start again.
    Activity,
    /// "Nghe": read the screen aloud.
    Speak,
    /// The idle timer's first step: time to ask "Ông/Bà còn ở đây không?".
    IdleWarn,
    /// One second of the countdown.
    IdleTick,
    /// The idle timer ran out: wipe (unless a print is running).
    IdleWipe,
    SetLanguage(String),
    ToggleLargeText,
    Back,
    StartOver,
    StartOverNow,
    /// "Tiếp tục kê khai" on the start-over question.
    KeepGoing,
    Finish,
    // the person at the kiosk
    Start,
    Scanned(String),
    NoCard,
    KeypadDigit(String),
    KeypadClear,
    LookupId,
    KeypadLockoutOver,
    // procedures
    ChooseGroup(String),
    FormSearchOpen(bool),
    FormKey(String),
    FormBackspace,
    Choose(String),
    // other people's cards
    ScannedOther(String),
    /// A card scanned on a question screen.
    ScannedDuring(String),
    SkipOther,
    // a question
    Option(String),
    Key(String),
    Backspace,
    Insert(String),
    Next,
    PickPlace(String),
    ChangePlace,
    /// The address picker lists provinces (`true`) or searches again (`false`).
    Browse(bool),
    // review, consent, print
    Edit(String),
    ReviewNext,
    Consent(bool),
    // after the review: how the result comes back, a booked time
    ChooseWay(String),
    ChangePostAddress,
    /// "Hẹn giờ": `desk` or `home`.
    OpenBooking(String),
    /// A slot of the booking screen, by its place in the list.
    PickSlot(usize),
    NoBooking,
    DeliveryNext,
    /// The done screen's rating: `very_satisfied`, `satisfied`, `unsatisfied`.
    Rate(String),
    /// The slip's print ended (`None`: printed).
    SlipDone {
        code: String,
        fault: Option<Msg>,
    },
    /// The citizen's print ended: the dossier, and why it did not print (`None`: printed).
    PrintDone {
        code: String,
        fault: Option<Msg>,
    },
    Reprint,
    // staff
    StaffCorner,
    CornerTimeout,
    PinKey(String),
    PinClear,
    PinEnter,
    PinLockoutOver,
    StaffClose,
    StaffQuit,
    StaffQuitConfirm,
    StaffUnlock,
    StaffPrinterCheck,
    /// "Hủy hẹn" beside a booked time on the staff screen: the dossier's code.
    StaffCancelBooking(String),
    /// "Kiểm tra kiosk": every check of `doctor`, on a worker; back as `DoctorReport`.
    StaffDoctor,
    StaffDoctorClose,
    /// The checks' lines (✓/✗, what, the fix).
    DoctorReport(Vec<String>),
    /// The printer check on its worker ended, in words.
    PrinterState(Msg),
    StaffReprint(String),
    StaffPrintDone {
        code: String,
        fault: Option<Msg>,
    },
    StaffIdKey(String),
    StaffIdClear,
    StaffForget,
    StaffForgetConfirm,
    /// The print jobs of an erased citizen were removed (how many) or could not be (`None`);
    /// `shown` is the message the note belongs after.
    JobsForgotten {
        shown: Msg,
        removed: Option<usize>,
    },
}

/// What the flow asks of the GUI, which has the threads, the timers and the window.
pub enum Effect {
    /// Print on a worker; the outcome comes back as `PrintDone` (citizen) or `StaffPrintDone`.
    Print { code: String, job: PrintJob, citizen: bool },
    /// Print the slip after the form on a worker; back as `SlipDone`.
    PrintSlip { code: String, job: PrintJob },
    /// Look at the printer on a worker; the answer comes back as `PrinterState`.
    CheckPrinter(PrinterProbe),
    /// Run `doctor`'s checks on a worker; back as `DoctorReport`.
    Doctor(Box<crate::service::DoctorJob>),
    /// Remove an erased citizen's print jobs on a worker; back as `JobsForgotten`.
    ForgetJobs { jobs: ForgetJobs, shown: Msg },
    /// (Re)start the idle timers: `IdleWarn` after `idle_after - warn_for`, `IdleWipe` after
    /// `idle_after`; stop the countdown.
    RestartIdle,
    /// Start the one-second countdown (`IdleTick`).
    Countdown,
    /// Stop the countdown.
    StopCountdown,
    /// `CornerTimeout` after [`CORNER_WINDOW`], restarted at each tap.
    CornerTimer,
    /// `KeypadLockoutOver` after [`LOCKOUT`].
    KeypadLockout,
    /// `PinLockoutOver` after [`LOCKOUT`].
    PinLockout,
    /// Read these words aloud in this language ("vi" or "en"); the next tap stops them.
    Speak { text: String, lang: String },
    /// Stop reading aloud.
    Hush,
    /// Show the screens in this language ("vi" or "en").
    Language(String),
    /// Close the kiosk.
    Quit,
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Print { code, citizen, .. } => write!(f, "Print({code}, citizen: {citizen})"),
            Effect::PrintSlip { code, .. } => write!(f, "PrintSlip({code})"),
            Effect::CheckPrinter(_) => write!(f, "CheckPrinter"),
            Effect::Doctor(_) => write!(f, "Doctor"),
            Effect::ForgetJobs { .. } => write!(f, "ForgetJobs"),
            Effect::RestartIdle => write!(f, "RestartIdle"),
            Effect::Countdown => write!(f, "Countdown"),
            Effect::StopCountdown => write!(f, "StopCountdown"),
            Effect::CornerTimer => write!(f, "CornerTimer"),
            Effect::KeypadLockout => write!(f, "KeypadLockout"),
            Effect::PinLockout => write!(f, "PinLockout"),
            // the words may hold a name: not in a log
            Effect::Speak { text, lang } => write!(f, "Speak({} characters, {lang})", text.chars().count()),
            Effect::Hush => write!(f, "Hush"),
            Effect::Language(l) => write!(f, "Language({l})"),
            Effect::Quit => write!(f, "Quit"),
        }
    }
}

/// The kiosk's state: the service, the citizen's session and where they are in it.
pub struct KioskFlow {
    service: Service,
    session: Session,
    /// Other people whose card the form can take, still to scan: (role id, prompt).
    pending: Vec<(String, String)>,
    /// The question on screen.
    asking: Option<Asking>,
    /// A field the citizen chose to change from the review: back to the review after it.
    editing: bool,
    /// Staff unlocked the answers that came from a card, for this session.
    unlocked: bool,
    /// Staff mode, while the PIN is asked or the staff screen is open.
    staff: Option<Staff>,
    /// Taps on the staff corner in the last seconds, and wrong PINs in a row.
    corner_taps: u32,
    pin_failures: u32,
    /// Keypad look-ups (ID number and date of birth) that found nothing, in a row.
    lookup_failures: u32,
    /// The dossier stored in this session.
    code: Option<String>,
    /// The questions answered in this session, in order: "Quay lại" asks the last one again.
    asked: Vec<String>,
    /// People of the form whose card was skipped, and whether the form names them (asked
    /// "Tờ khai có ghi thông tin người cha không?"; `None` until answered).
    skipped: Vec<(String, Option<bool>)>,
    /// Card addresses in the units before 2025 that the citizen has answered for: the 2025
    /// address chosen, or `None` for the card's text kept. A card read later with the same
    /// address gets the same answer.
    moved: Vec<(String, Option<String>)>,
    /// The number of copies was asked.
    copies_asked: bool,
    /// The other people's scan screens passed, in order (scanned or skipped), with their
    /// prompts: "Quay lại" from the first question returns to the last of them.
    others_done: Vec<(String, String)>,
    /// The delivery screen was shown (consent's "Quay lại" returns to it).
    delivery_shown: bool,
    /// The booking screen: for which visit, the slots listed (by place), the home address.
    booking_visit: crate::core::after::Visit,
    offers: Vec<crate::core::after::Slot>,
    home_address: Option<String>,
    /// The procedures shown: a group ("" = all) and what is typed in the search.
    group: String,
    form_query: Option<String>,
    view: View,
    effects: Vec<Effect>,
}

/// How a print ended, as the one who asked is told it (`None`: printed): the citizen gets the
/// fixed sentence of its kind, staff get the details.
pub fn print_outcome<T>(result: Result<T, crate::printing::PrintError>, citizen: bool) -> Option<Msg> {
    match result {
        Ok(_) => None,
        Err(e) if citizen => Some(e.msg()),
        Err(e) => Some(e.detail()),
    }
}

/// The consent notice in the screen's language.
fn consent_notice(language: &str) -> &'static str {
    if language == "en" {
        crate::core::privacy::CONSENT_NOTICE_EN
    } else {
        crate::core::privacy::CONSENT_NOTICE
    }
}

impl KioskFlow {
    /// The kiosk at rest: the welcome screen, in Vietnamese.
    pub fn new(service: Service) -> KioskFlow {
        let mut flow = KioskFlow {
            service,
            session: Session::new(),
            pending: Vec::new(),
            asking: None,
            editing: false,
            unlocked: false,
            staff: None,
            corner_taps: 0,
            pin_failures: 0,
            lookup_failures: 0,
            code: None,
            asked: Vec::new(),
            skipped: Vec::new(),
            moved: Vec::new(),
            copies_asked: false,
            others_done: Vec::new(),
            delivery_shown: false,
            booking_visit: crate::core::after::Visit::Desk,
            offers: Vec::new(),
            home_address: None,
            group: String::new(),
            form_query: None,
            view: View::default(),
            effects: Vec::new(),
        };
        flow.clear();
        flow.effects.clear();
        flow
    }

    /// What the screens show now.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The field of the question on screen.
    pub fn asking(&self) -> Option<&str> {
        self.asking.as_ref().map(|q| q.field.as_str())
    }

    /// The kiosk's configuration (the voice, for the GUI that plays it).
    pub fn config(&self) -> &crate::core::config::KioskConfig {
        &self.service.config
    }

    /// The procedure chosen in this session.
    pub fn form_id(&self) -> Option<&str> {
        self.session.form_id()
    }

    pub fn service(&mut self) -> &mut Service {
        &mut self.service
    }

    /// How long the kiosk waits without a touch before it wipes, and how long of that the
    /// question "Ông/Bà còn ở đây không?" counts down.
    pub fn idle_times(&self) -> (Duration, Duration) {
        let after = Duration::from_secs(self.service.config.idle_timeout_secs as u64);
        (after, Duration::from_secs((after.as_secs() / 3).clamp(1, 20)))
    }

    /// One event; what the GUI must do for it (the view is then `view()`).
    pub fn handle(&mut self, event: Event, now: NaiveDateTime) -> Vec<Effect> {
        use Event as E;
        match event {
            // a tap: the idle timers start again, and what was being read aloud stops
            E::Activity => {
                self.view.idle_left = 0;
                self.effects.push(Effect::RestartIdle);
                self.effects.push(Effect::Hush);
            }
            E::Speak => {
                let text = speech::speech(&self.view);
                if self.service.config.voice && !text.is_empty() {
                    self.effects.push(Effect::Speak { text, lang: self.view.language.clone() });
                }
            }
            E::IdleWarn => {
                // nothing to protect on the welcome screen; nothing to ask while printing
                if !matches!(self.view.page, Page::Welcome | Page::Printing) {
                    self.view.idle_left = self.idle_times().1.as_secs() as i32;
                    self.effects.push(Effect::Countdown);
                }
            }
            E::IdleTick => {
                if self.view.idle_left > 1 {
                    self.view.idle_left -= 1;
                }
            }
            E::IdleWipe => {
                self.effects.push(Effect::StopCountdown);
                // a print still running keeps the session until it reports back
                if self.view.page == Page::Printing {
                    self.view.idle_left = 0;
                    self.effects.push(Effect::RestartIdle);
                } else {
                    self.wipe(now);
                }
            }
            E::SetLanguage(lang) => {
                let lang = if lang == "en" { "en" } else { "vi" };
                if !self.view.consent_notice.is_empty() {
                    self.view.consent_notice = consent_notice(lang).into();
                }
                self.view.language = lang.into();
                self.effects.push(Effect::Language(lang.into()));
            }
            E::ToggleLargeText => self.view.large_text = !self.view.large_text,
            E::Back => self.back(now),
            // with answers or other people's cards on the way, "Làm lại từ đầu" asks first
            E::StartOver if self.session.has_work() => self.view.confirm_start_over = true,
            E::StartOver | E::StartOverNow | E::Finish => self.wipe(now),
            E::KeepGoing => self.view.confirm_start_over = false,
            E::Start => {
                self.view.scan_error = None;
                self.view.page = Page::Scan;
            }
            E::Scanned(payload) => {
                // a new scan starts a new session: one citizen at a time
                let refused = self.read_requester(ScannedCard::qr(None, &payload), now).err();
                // a bad scan on the welcome screen is answered on the scan screen, where the
                // message has its place
                if refused.is_some() {
                    self.view.page = Page::Scan;
                }
                self.view.scan_error = refused;
            }
            E::NoCard => {
                self.view.typed_id.clear();
                self.view.keypad_error = None;
                self.view.page = Page::Keypad;
            }
            E::KeypadDigit(d) => self.keypad_digit(&d),
            E::KeypadClear => self.keypad_clear(),
            E::LookupId => self.lookup_id(now),
            E::KeypadLockoutOver => self.lookup_failures = 0,
            E::ChooseGroup(group) => {
                self.group = group;
                self.form_query = None;
                self.show_forms();
            }
            E::FormSearchOpen(open) => {
                self.form_query = open.then(String::new);
                self.show_forms();
            }
            E::FormKey(k) => {
                if let Some(q) = self.form_query.as_mut().filter(|q| q.chars().count() < 40) {
                    q.push_str(&k);
                }
                self.show_forms();
            }
            E::FormBackspace => {
                if let Some(q) = self.form_query.as_mut() {
                    q.pop();
                }
                self.show_forms();
            }
            E::Choose(id) => self.choose(&id, now),
            E::ScannedOther(payload) => self.scanned_other(&payload, now),
            E::ScannedDuring(payload) => self.scanned_during(&payload, now),
            E::SkipOther => {
                if !self.pending.is_empty() {
                    let (role, prompt) = self.pending.remove(0);
                    self.skipped.retain(|(r, _)| *r != role);
                    self.skipped.push((role.clone(), None));
                    self.others_done.push((role, prompt));
                }
                self.next_step(now);
            }
            E::Option(v) => self.option(v, now),
            E::Key(k) => self.key(&k),
            E::Backspace => self.backspace(),
            E::Insert(w) => self.insert(&w),
            E::Next => self.next(now),
            E::PickPlace(p) => self.pick_place(p, now),
            E::ChangePlace => self.change_place(),
            E::Browse(provinces) => self.browse(provinces),
            E::Edit(field) => self.edit(&field, now),
            E::ReviewNext => self.after_review(now),
            E::ChooseWay(way) => self.choose_way(&way, now),
            E::ChangePostAddress => self.change_post_address(),
            E::OpenBooking(visit) => self.open_booking(&visit, now),
            E::PickSlot(i) => self.pick_slot(i, now),
            E::NoBooking => self.no_booking(now),
            E::DeliveryNext => self.delivery_next(now),
            E::Rate(r) => self.rate(&r, now),
            E::SlipDone { code, fault } => self.slip_done(&code, fault),
            E::Consent(yes) => self.confirm_and_print(yes, now),
            E::PrintDone { code, fault } => self.print_done(&code, fault, now),
            E::Reprint => self.start_print(),
            staff_event => self.staff_event(staff_event, now),
        }
        std::mem::take(&mut self.effects)
    }

    /// A new session: the last one's state and everything that showed it are cleared (staff
    /// mode, language, text size and the procedure filter are kept).
    fn reset_session(&mut self) {
        self.session = Session::new();
        self.pending.clear();
        self.asking = None;
        self.editing = false;
        self.unlocked = false;
        self.code = None;
        self.asked.clear();
        self.skipped.clear();
        self.moved.clear();
        self.copies_asked = false;
        self.others_done.clear();
        self.delivery_shown = false;
        self.offers.clear();
        self.home_address = None;
        let v = &mut self.view;
        for s in [&mut v.citizen_name, &mut v.citizen_honorific, &mut v.card_notice_name, &mut v.card_notice_role] {
            s.clear();
        }
        for s in [&mut v.chosen_title, &mut v.other_prompt, &mut v.dossier_code, &mut v.record_url] {
            s.clear();
        }
        for m in [&mut v.scan_error, &mut v.keypad_error, &mut v.other_error, &mut v.print_error] {
            *m = None;
        }
        v.preview = None;
        v.answers.clear();
        v.review_locked = false;
        v.review_error = None;
        v.question = Question::default();
        v.after = AfterView { hotline: self.service.config.hotline.clone(), ..AfterView::default() };
        self.keypad_to_number();
    }

    /// Everything personal goes: the session, and everything that showed it; staff mode
    /// closes; the next citizen gets the welcome screen in Vietnamese with normal text.
    /// The first wipe of a day applies retention: a kiosk left running for weeks erases
    /// what is past its time as a restarted one would.
    fn wipe(&mut self, now: NaiveDateTime) {
        // a store fault here is told by the next confirmation; retention is tried again at
        // the next wipe
        let _ = self.service.purge_if_due(now);
        // a kiosk of an office sends what the server has not received (offline: later)
        let _ = self.service.sync(now, false);
        self.clear();
    }

    /// The welcome screen, nothing of anyone on it.
    fn clear(&mut self) {
        self.reset_session();
        self.staff = None;
        self.group.clear();
        self.form_query = None;
        let agency_name = self.service.config.agency_name.clone();
        let groups = ask::tile_groups(self.service.forms.iter()).into_iter().map(String::from).collect();
        let voice = self.service.config.voice;
        let after = AfterView { hotline: self.service.config.hotline.clone(), ..AfterView::default() };
        self.view = View { agency_name, groups, language: "vi".into(), voice, after, ..View::default() };
        self.show_forms();
        self.effects.push(Effect::Language("vi".into()));
        // nothing said of the last citizen goes on being said
        self.effects.push(Effect::Hush);
    }

    /// "Quay lại": one step back, nothing lost.
    fn back(&mut self, now: NaiveDateTime) {
        match self.view.page {
            Page::Consent if self.delivery_shown => self.view.page = Page::Delivery,
            Page::Consent | Page::Delivery => self.view.page = Page::Review,
            Page::Booking => self.view.page = Page::Delivery,
            // the kiosk's own address question after the review: back to the delivery screen
            Page::Question if self.asking().is_some_and(|f| f.starts_with(after::ADDRESS_FOR)) => {
                self.asking = None;
                self.view.page = Page::Delivery;
            }
            // changing one answer from the review: back to the review, nothing lost
            Page::Question if self.editing => self.next_step(now),
            // one question back: the one answered before this one, with its answer kept;
            // before the first, back to the last scan screen of the other people (its card
            // forgotten, to scan again), and before those to the procedures
            page @ (Page::Review | Page::Others | Page::Question) => match self.previous_question().filter(|_| page != Page::Others) {
                Some((i, prev)) => {
                    let count = (self.view.question.count.max(1) as usize).max(self.asked.len());
                    self.ask_field(&prev, i, count, now);
                    self.keep_answer(now);
                }
                None => match self.others_done.pop() {
                    Some((role, prompt)) => {
                        // what the address question wrote on this person's lines goes too
                        self.forget_answers_of(&role);
                        self.session.remove_card(&role);
                        self.skipped.retain(|(r, _)| *r != role);
                        self.pending.insert(0, (role, prompt));
                        self.asking = None;
                        self.view.card_notice_name.clear();
                        self.next_step(now);
                    }
                    None => {
                        self.session.reset_form();
                        self.skipped.clear();
                        self.pending.clear();
                        self.asked.clear();
                        self.view.page = Page::Choose;
                    }
                },
            },
            Page::Choose | Page::Keypad => self.view.page = Page::Scan,
            _ => self.wipe(now),
        }
    }
}
