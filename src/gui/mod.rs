//! The kiosk screens: a view of [`KioskFlow`]. Each callback of the screens' adapters (one
//! global per screen and `SessionAdapter`, `ui/adapters.slint`) becomes one [`Event`]; after
//! it, what changed in the flow's [`View`] is copied onto the adapters, and the [`Effect`]s are run here — the timers, the worker threads that print or
//! look at the printer, the translation, quitting. Workers and timers report back as events.
//! No decision about the citizen's way through the screens is taken in this module.

/// Whether a part of the view differs from the one shown (everything differs before the first draw).
macro_rules! changed {
    ($old:ident, $new:ident, $($f:tt)+) => {
        $old.map_or(true, |o| o.$($f)+ != $new.$($f)+)
    };
}

mod after;
mod images;
mod staff;

use images::{qr_image, refit, show_preview};

mod generated {
    #![allow(clippy::all)]
    slint::include_modules!();
}

pub use generated::{
    AfterAdapter, AnswerRow, AppWindow, BookingDay, ChooseAdapter, FinishAdapter, FormTile, KeypadAdapter, Origin, OthersAdapter, Page, Place, QKind, QNotice,
    QuestionAdapter, ReviewAdapter, ScanAdapter, SessionAdapter, SlotTime, StaffAdapter, StaffDossier,
};

use crate::flow::{self, Effect, Event, KioskFlow, Lang, Msg, View};
use crate::service::Service;
use slint::{ComponentHandle, Image, ModelRc, SharedString, Timer, TimerMode, VecModel};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::mpsc;
use std::time::Duration;

/// The timers: the idle question, its countdown and the wipe; the staff corner; the lockouts.
#[derive(Default)]
struct Timers {
    warn: Timer,
    tick: Timer,
    wipe: Timer,
    corner: Timer,
    keypad_lockout: Timer,
    pin_lockout: Timer,
    /// The service manager's watchdog, pinged from this event loop.
    watchdog: Timer,
}

/// The flow, what the window shows of it, the timers, and the workers' reports.
struct Shell {
    ui: slint::Weak<AppWindow>,
    /// Workers send their report here, then call `worker-done` on the UI thread.
    reports: (mpsc::Sender<Event>, mpsc::Receiver<Event>),
    flow: RefCell<KioskFlow>,
    /// The view last copied onto the adapter (None before the first).
    shown: RefCell<Option<View>>,
    timers: Timers,
    /// The review picture's boxes in logical pixels: the thumbnail (width, height) and the
    /// zoomed page's width; the page is resampled to them by the kiosk (`preview::fit`).
    boxes: std::cell::Cell<(f32, f32, f32)>,
    /// The review page as last drawn, resampled on each box change (none once wiped).
    page: RefCell<Option<std::sync::Arc<image::GrayImage>>>,
    /// Review pictures the workers drew (`images::picture_done` shows the newest).
    pictures: (mpsc::Sender<images::Picture>, mpsc::Receiver<images::Picture>),
    /// The latest picture asked of a worker; a report for an earlier one is dropped.
    picture_generation: std::cell::Cell<u64>,
    /// A new page is being drawn (`page` is the previous one until it arrives).
    drawing_page: std::cell::Cell<bool>,
    /// What is being read aloud ("Nghe"); dropped, it stops.
    speaking: RefCell<Option<crate::voice::Speaking>>,
}

/// The kiosk's window and its flow.
pub struct Kiosk {
    ui: AppWindow,
    shell: Rc<Shell>,
}

fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn text(s: &str) -> SharedString {
    s.into()
}

/// A message in the screen's language ("" for none).
fn say(m: &Option<Msg>, lang: Lang) -> SharedString {
    m.as_ref().map(|m| m.text(lang)).unwrap_or_default().into()
}

fn texts(v: &[String]) -> ModelRc<SharedString> {
    ModelRc::new(VecModel::from(v.iter().map(|s| text(s)).collect::<Vec<_>>()))
}

fn page(p: flow::Page) -> Page {
    use flow::Page as P;
    match p {
        P::Welcome => Page::Welcome,
        P::Scan => Page::Scan,
        P::Keypad => Page::Keypad,
        P::Choose => Page::Choose,
        P::Others => Page::Others,
        P::Question => Page::Question,
        P::Review => Page::Review,
        P::Delivery => Page::Delivery,
        P::Booking => Page::Booking,
        P::Consent => Page::Consent,
        P::Printing => Page::Printing,
        P::Done => Page::Done,
        P::StaffPin => Page::StaffPin,
        P::Staff => Page::Staff,
    }
}

fn qkind(k: flow::QKind) -> QKind {
    match k {
        flow::QKind::Options => QKind::Options,
        flow::QKind::Digits => QKind::Digits,
        flow::QKind::Keyboard => QKind::Keyboard,
        flow::QKind::Place => QKind::Place,
        flow::QKind::Desk => QKind::Desk,
    }
}

fn qnotice(n: flow::QNotice) -> QNotice {
    match n {
        flow::QNotice::None => QNotice::None,
        flow::QNotice::Empty => QNotice::Empty,
        flow::QNotice::PickPlace => QNotice::PickPlace,
    }
}

fn origin(o: flow::Origin) -> Origin {
    use flow::Origin as O;
    match o {
        O::Card => Origin::Card,
        O::Profile => Origin::Profile,
        O::Kiosk => Origin::Kiosk,
        O::Today => Origin::Today,
        O::Preset => Origin::Preset,
        O::Derived => Origin::Derived,
        O::Typed => Origin::Typed,
        O::NewUnits => Origin::NewUnits,
        O::Optional => Origin::Optional,
    }
}

/// Copy onto the adapter what differs between the view shown (`old`) and the flow's (`new`):
/// a list is replaced only when it changed, so that nothing under a finger moves.
fn draw(ui: &AppWindow, old: Option<&View>, new: &View) {
    let session = ui.global::<SessionAdapter>();
    let scan = ui.global::<ScanAdapter>();
    let keypad = ui.global::<KeypadAdapter>();
    let choose = ui.global::<ChooseAdapter>();
    let others = ui.global::<OthersAdapter>();
    let question = ui.global::<QuestionAdapter>();
    let review = ui.global::<ReviewAdapter>();
    let finish = ui.global::<FinishAdapter>();
    let staff = ui.global::<StaffAdapter>();
    // a message is said again when the language changes
    let relang = changed!(old, new, language);
    let lang = Lang::from_code(&new.language);
    if changed!(old, new, agency_name) {
        session.set_agency_name(text(&new.agency_name));
    }
    if changed!(old, new, language) {
        session.set_language(text(&new.language));
    }
    if changed!(old, new, voice) {
        session.set_voice(new.voice);
    }
    if changed!(old, new, large_text) {
        session.set_large_text(new.large_text);
    }
    if changed!(old, new, idle_left) {
        session.set_idle_left(new.idle_left);
    }
    if changed!(old, new, confirm_start_over) {
        session.set_confirm_start_over(new.confirm_start_over);
    }
    if changed!(old, new, citizen_name) {
        session.set_citizen_name(text(&new.citizen_name));
    }
    if changed!(old, new, citizen_honorific) {
        session.set_citizen_honorific(text(&new.citizen_honorific));
    }
    if changed!(old, new, card_notice_name) {
        session.set_card_notice_name(text(&new.card_notice_name));
    }
    if changed!(old, new, card_notice_role) {
        session.set_card_notice_role(text(&new.card_notice_role));
    }
    if changed!(old, new, card_notice_female) {
        session.set_card_notice_female(new.card_notice_female);
    }
    if relang || changed!(old, new, scan_error) {
        scan.set_scan_error(say(&new.scan_error, lang));
    }
    if changed!(old, new, typed_id) {
        keypad.set_typed_id(text(&new.typed_id));
    }
    if changed!(old, new, keypad_birth) {
        keypad.set_keypad_birth(new.keypad_birth);
    }
    if changed!(old, new, typed_birth) {
        keypad.set_typed_birth(text(&new.typed_birth));
    }
    if relang || changed!(old, new, keypad_error) {
        keypad.set_keypad_error(say(&new.keypad_error, lang));
    }
    if changed!(old, new, forms) {
        let tiles: Vec<FormTile> =
            new.forms.iter().map(|t| FormTile { id: text(&t.id), name: text(&t.name), group: text(&t.group), papers: text(&t.papers) }).collect();
        choose.set_forms(ModelRc::new(VecModel::from(tiles)));
    }
    if changed!(old, new, groups) {
        choose.set_groups(texts(&new.groups));
    }
    if changed!(old, new, group) {
        choose.set_group(text(&new.group));
    }
    if changed!(old, new, form_search) {
        choose.set_form_search(new.form_search);
    }
    if changed!(old, new, form_query) {
        choose.set_form_query(text(&new.form_query));
    }
    if changed!(old, new, other_prompt) {
        others.set_other_prompt(text(&new.other_prompt));
    }
    if relang || changed!(old, new, other_error) {
        others.set_other_error(say(&new.other_error, lang));
    }
    draw_question(&question, old.map(|o| &o.question).filter(|_| !relang), &new.question, lang);
    if changed!(old, new, chosen_title) {
        review.set_chosen_title(text(&new.chosen_title));
    }
    if changed!(old, new, answers) {
        let rows: Vec<AnswerRow> = new
            .answers
            .iter()
            .map(|r| AnswerRow { label: text(&r.label), value: text(&r.value), origin: origin(r.origin), field: text(&r.field), locked: r.locked })
            .collect();
        review.set_answers(ModelRc::new(VecModel::from(rows)));
    }
    if changed!(old, new, review_locked) {
        review.set_review_locked(new.review_locked);
    }
    if relang || changed!(old, new, review_error) {
        review.set_review_error(say(&new.review_error, lang));
    }
    if changed!(old, new, consent_notice) {
        finish.set_consent_notice(text(&new.consent_notice));
    }
    if changed!(old, new, dossier_code) {
        finish.set_dossier_code(text(&new.dossier_code));
    }
    if changed!(old, new, record_url) {
        finish.set_record_qr(if new.record_url.is_empty() { Image::default() } else { qr_image(&new.record_url) });
    }
    if relang || changed!(old, new, desk_hint) {
        finish.set_desk_hint(say(&new.desk_hint, lang));
    }
    if relang || changed!(old, new, print_error) {
        finish.set_print_error(say(&new.print_error, lang));
    }
    after::draw_after(ui, old.map(|o| &o.after).filter(|_| !relang), &new.after, lang);
    staff::draw_staff(&staff, old.map(|o| &o.staff).filter(|_| !relang), &new.staff, lang);
    // the page last, once what it shows is in place
    if changed!(old, new, page) {
        session.set_page(page(new.page));
    }
}

/// The question (`old` is None after a change of language: everything is said again).
fn draw_question(a: &QuestionAdapter, old: Option<&flow::Question>, new: &flow::Question, lang: Lang) {
    // the kiosk's own question in the screen's language; a form's label as printed
    if changed!(old, new, label) || changed!(old, new, prompt) {
        a.set_q_label(new.prompt.as_ref().map(|m| m.text(lang).into()).unwrap_or_else(|| text(&new.label)));
    }
    if changed!(old, new, hint) || changed!(old, new, hint_msg) {
        a.set_q_hint(new.hint_msg.as_ref().map(|m| m.text(lang).into()).unwrap_or_else(|| text(&new.hint)));
    }
    if changed!(old, new, kind) {
        a.set_q_kind(qkind(new.kind));
    }
    if changed!(old, new, options) {
        a.set_q_options(texts(&new.options));
    }
    if changed!(old, new, option_labels) {
        let labels: Vec<String> = new.option_labels.iter().map(|m| m.text(lang)).collect();
        a.set_q_option_labels(texts(&labels));
    }
    if changed!(old, new, wide) {
        a.set_q_wide(new.wide);
    }
    if changed!(old, new, shown) {
        a.set_q_shown(text(&new.shown));
    }
    if changed!(old, new, error) {
        a.set_q_error(say(&new.error, lang));
    }
    if changed!(old, new, notice) {
        a.set_q_notice(qnotice(new.notice));
    }
    if changed!(old, new, number) {
        a.set_q_number(new.number);
    }
    if changed!(old, new, count) {
        a.set_q_count(new.count);
    }
    if changed!(old, new, places) {
        let places: Vec<Place> = new.places.iter().map(|p| Place { name: text(&p.name), within: text(&p.within), value: text(&p.value) }).collect();
        a.set_q_places(ModelRc::new(VecModel::from(places)));
    }
    if changed!(old, new, place) {
        a.set_q_place(text(&new.place));
    }
    if changed!(old, new, browsing) {
        a.set_q_browsing(new.browsing);
    }
    if changed!(old, new, email) {
        a.set_q_email(new.email);
    }
    if changed!(old, new, quick) {
        a.set_q_quick(texts(&new.quick));
    }
}

/// One event into the flow; the window follows, then the effects run.
fn dispatch(shell: &Rc<Shell>, event: Event) {
    let Some(ui) = shell.ui.upgrade() else { return };
    let effects = shell.flow.borrow_mut().handle(event, now());
    let repicture = {
        let flow = shell.flow.borrow();
        let mut shown = shell.shown.borrow_mut();
        draw(&ui, shown.as_ref(), flow.view());
        let repicture = shown.as_ref().is_none_or(|old| old.preview != flow.view().preview);
        *shown = Some(flow.view().clone());
        repicture
    };
    if repicture {
        show_preview(shell, &ui);
    }
    for effect in effects {
        perform(shell, &ui, effect);
    }
}

/// A closure that sends `event` when a timer fires.
fn later(shell: &Rc<Shell>, event: Event) -> impl FnMut() + 'static {
    let weak: Weak<Shell> = Rc::downgrade(shell);
    move || {
        if let Some(shell) = weak.upgrade() {
            dispatch(&shell, event.clone())
        }
    }
}

/// Run `work` on a worker thread; its report comes back to the flow on the UI thread.
fn report(shell: &Rc<Shell>, ui: &AppWindow, work: impl FnOnce() -> Event + Send + 'static) {
    let (tx, weak) = (shell.reports.0.clone(), ui.as_weak());
    std::thread::spawn(move || {
        if tx.send(work()).is_ok() {
            let _ = weak.upgrade_in_event_loop(|ui| ui.global::<SessionAdapter>().invoke_worker_done());
        }
    });
}

/// The workers' reports, in the order they came.
fn read_reports(shell: &Rc<Shell>) {
    let reports: Vec<Event> = shell.reports.1.try_iter().collect();
    for event in reports {
        dispatch(shell, event);
    }
}

fn perform(shell: &Rc<Shell>, ui: &AppWindow, effect: Effect) {
    let t = &shell.timers;
    match effect {
        Effect::Print { code, job, citizen } => report(shell, ui, move || {
            let fault = flow::print_outcome(job.run(), citizen);
            if citizen {
                Event::PrintDone { code, fault }
            } else {
                Event::StaffPrintDone { code, fault }
            }
        }),
        Effect::PrintSlip { code, job } => report(shell, ui, move || Event::SlipDone { code, fault: flow::print_outcome(job.run(), true) }),
        Effect::CheckPrinter(probe) => report(shell, ui, move || Event::PrinterState(probe.run())),
        Effect::Doctor(job) => {
            let today = crate::service::date_of(now());
            report(shell, ui, move || Event::DoctorReport(job.run(today).iter().map(|c| c.line()).collect()))
        }
        Effect::ForgetJobs { jobs, shown } => report(shell, ui, move || Event::JobsForgotten { shown, removed: jobs.run().ok() }),
        Effect::RestartIdle => {
            let (after, warn_for) = shell.flow.borrow().idle_times();
            t.tick.stop();
            t.wipe.start(TimerMode::SingleShot, after, later(shell, Event::IdleWipe));
            t.warn.start(TimerMode::SingleShot, after.saturating_sub(warn_for), later(shell, Event::IdleWarn));
        }
        Effect::Countdown => t.tick.start(TimerMode::Repeated, Duration::from_secs(1), later(shell, Event::IdleTick)),
        Effect::StopCountdown => t.tick.stop(),
        Effect::CornerTimer => t.corner.start(TimerMode::SingleShot, flow::CORNER_WINDOW, later(shell, Event::CornerTimeout)),
        Effect::KeypadLockout => t.keypad_lockout.start(TimerMode::SingleShot, flow::LOCKOUT, later(shell, Event::KeypadLockoutOver)),
        Effect::PinLockout => t.pin_lockout.start(TimerMode::SingleShot, flow::LOCKOUT, later(shell, Event::PinLockoutOver)),
        // espeak-ng and aplay run beside the kiosk; the next tap stops them. A kiosk without
        // them (or without sound) just stays silent.
        Effect::Speak { text, lang } => {
            // the words before stop first: one voice at a time on the device
            drop(shell.speaking.borrow_mut().take());
            *shell.speaking.borrow_mut() = crate::voice::speak(&text, &lang, shell.flow.borrow().config()).ok();
        }
        Effect::Hush => *shell.speaking.borrow_mut() = None,
        // Vietnamese is the language of the .slint sources; English is bundled
        Effect::Language(lang) => {
            let _ = slint::select_bundled_translation(if lang == "en" { "en" } else { "" });
        }
        Effect::Quit => {
            let _ = ui.hide();
            let _ = slint::quit_event_loop();
        }
    }
}

/// A callback without arguments that sends `event`.
fn on(shell: &Rc<Shell>, event: Event) -> impl Fn() + 'static {
    let weak = Rc::downgrade(shell);
    move || {
        if let Some(shell) = weak.upgrade() {
            dispatch(&shell, event.clone())
        }
    }
}

/// A callback whose argument becomes the event.
fn on1<A>(shell: &Rc<Shell>, event: impl Fn(A) -> Event + 'static) -> impl Fn(A) + 'static {
    let weak = Rc::downgrade(shell);
    move |arg| {
        if let Some(shell) = weak.upgrade() {
            dispatch(&shell, event(arg))
        }
    }
}

fn s(x: SharedString) -> String {
    x.into()
}

impl Kiosk {
    pub fn new(service: Service) -> anyhow::Result<Kiosk> {
        let ui = AppWindow::new()?;
        let shell = Rc::new(Shell {
            ui: ui.as_weak(),
            reports: mpsc::channel(),
            flow: RefCell::new(KioskFlow::new(service)),
            shown: RefCell::new(None),
            timers: Timers::default(),
            boxes: Default::default(),
            page: RefCell::new(None),
            pictures: mpsc::channel(),
            picture_generation: Default::default(),
            drawing_page: Default::default(),
            speaking: RefCell::new(None),
        });
        let kiosk = Kiosk { ui, shell };
        kiosk.wire();
        draw(&kiosk.ui, None, kiosk.shell.flow.borrow().view());
        *kiosk.shell.shown.borrow_mut() = Some(kiosk.shell.flow.borrow().view().clone());
        // starts in the default language
        perform(&kiosk.shell, &kiosk.ui, Effect::Language("vi".into()));
        Ok(kiosk)
    }

    pub fn window(&self) -> &AppWindow {
        &self.ui
    }

    /// Every callback, one event each.
    fn wire(&self) {
        let ui = &self.ui;
        let session = ui.global::<SessionAdapter>();
        let scan = ui.global::<ScanAdapter>();
        let keypad = ui.global::<KeypadAdapter>();
        let choose = ui.global::<ChooseAdapter>();
        let others = ui.global::<OthersAdapter>();
        let question = ui.global::<QuestionAdapter>();
        let review = ui.global::<ReviewAdapter>();
        let finish = ui.global::<FinishAdapter>();
        let staff = ui.global::<StaffAdapter>();
        let sh = &self.shell;
        session.on_activity(on(sh, Event::Activity));
        session.on_speak(on(sh, Event::Speak));
        let weak = Rc::downgrade(sh);
        session.on_worker_done(move || {
            if let Some(shell) = weak.upgrade() {
                if let Some(ui) = shell.ui.upgrade() {
                    images::picture_done(&shell, &ui);
                }
                read_reports(&shell)
            }
        });
        session.on_still_here(on(sh, Event::Activity));
        session.on_set_language(on1(sh, |l| Event::SetLanguage(s(l))));
        session.on_toggle_large_text(on(sh, Event::ToggleLargeText));
        session.on_back(on(sh, Event::Back));
        session.on_start_over(on(sh, Event::StartOver));
        session.on_start_over_now(on(sh, Event::StartOverNow));
        session.on_keep_going(on(sh, Event::KeepGoing));
        finish.on_finish(on(sh, Event::Finish));
        after::wire_after(ui, sh);
        scan.on_start(on(sh, Event::Start));
        scan.on_scanned(on1(sh, |p| Event::Scanned(s(p))));
        scan.on_no_card(on(sh, Event::NoCard));
        keypad.on_keypad_digit(on1(sh, |d| Event::KeypadDigit(s(d))));
        keypad.on_keypad_clear(on(sh, Event::KeypadClear));
        keypad.on_lookup_id(on(sh, Event::LookupId));
        choose.on_choose_group(on1(sh, |g| Event::ChooseGroup(s(g))));
        choose.on_form_search_open(on1(sh, Event::FormSearchOpen));
        choose.on_form_key(on1(sh, |k| Event::FormKey(s(k))));
        choose.on_form_backspace(on(sh, Event::FormBackspace));
        choose.on_choose(on1(sh, |id| Event::Choose(s(id))));
        others.on_scanned_other(on1(sh, |p| Event::ScannedOther(s(p))));
        others.on_skip_other(on(sh, Event::SkipOther));
        question.on_q_option(on1(sh, |v| Event::Option(s(v))));
        question.on_q_key(on1(sh, |k| Event::Key(s(k))));
        question.on_q_backspace(on(sh, Event::Backspace));
        question.on_q_insert(on1(sh, |w| Event::Insert(s(w))));
        question.on_q_next(on(sh, Event::Next));
        question.on_q_scanned(on1(sh, |p| Event::ScannedDuring(s(p))));
        question.on_q_pick_place(on1(sh, |p| Event::PickPlace(s(p))));
        question.on_q_change_place(on(sh, Event::ChangePlace));
        question.on_q_browse(on(sh, Event::Browse(true)));
        question.on_q_search(on(sh, Event::Browse(false)));
        review.on_edit(on1(sh, |f| Event::Edit(s(f))));
        review.on_review_next(on(sh, Event::ReviewNext));
        review.on_r_scanned(on1(sh, |p| Event::ScannedDuring(s(p))));
        let weak = Rc::downgrade(sh);
        review.on_fit_small(move |w, h| refit(&weak, |b| (w, h, b.2)));
        let weak = Rc::downgrade(sh);
        review.on_fit_large(move |l| refit(&weak, |b| (b.0, b.1, l)));
        finish.on_consent(on1(sh, Event::Consent));
        finish.on_reprint(on(sh, Event::Reprint));
        session.on_staff_corner(on(sh, Event::StaffCorner));
        staff.on_staff_pin_key(on1(sh, |d| Event::PinKey(s(d))));
        staff.on_staff_pin_clear(on(sh, Event::PinClear));
        staff.on_staff_pin_enter(on(sh, Event::PinEnter));
        staff.on_staff_close(on(sh, Event::StaffClose));
        staff.on_staff_quit(on(sh, Event::StaffQuit));
        staff.on_staff_quit_confirm(on(sh, Event::StaffQuitConfirm));
        staff.on_staff_unlock(on(sh, Event::StaffUnlock));
        staff.on_staff_printer_check(on(sh, Event::StaffPrinterCheck));
        staff.on_staff_doctor_run(on(sh, Event::StaffDoctor));
        staff.on_staff_cancel_booking(on1(sh, |c| Event::StaffCancelBooking(s(c))));
        staff.on_staff_doctor_close(on(sh, Event::StaffDoctorClose));
        staff.on_staff_reprint(on1(sh, |c| Event::StaffReprint(s(c))));
        staff.on_staff_id_key(on1(sh, |d| Event::StaffIdKey(s(d))));
        staff.on_staff_id_clear(on(sh, Event::StaffIdClear));
        staff.on_staff_forget(on(sh, Event::StaffForget));
        staff.on_staff_forget_confirm(on(sh, Event::StaffForgetConfirm));
    }

    /// Tell the service manager the kiosk is up, and ping its watchdog from this event loop
    /// (a loop that hangs stops the pings: systemd restarts the kiosk). A socket that cannot
    /// be reached is not the citizen's problem: the kiosk goes on.
    pub fn notify(&self, n: crate::notify::Notifier) {
        match n.send("READY=1") {
            Ok(()) => tracing::info!(watchdog = ?n.watchdog, "ready, told the service manager"),
            Err(e) => tracing::warn!("the service manager's socket: {e}"),
        }
        if let Some(every) = n.ping_every() {
            self.shell.timers.watchdog.start(TimerMode::Repeated, every, move || {
                let _ = n.send("WATCHDOG=1");
            });
        }
    }

    /// Run until the window closes; under systemd, ready once the window is shown.
    pub fn run(self, windowed: bool) -> anyhow::Result<()> {
        if !windowed {
            self.ui.window().set_fullscreen(true);
        }
        self.ui.show()?;
        if let Some(n) = crate::notify::Notifier::from_env() {
            self.notify(n);
        }
        self.ui.run()?;
        Ok(())
    }
}

pub fn run(service: Service, windowed: bool) -> anyhow::Result<()> {
    Kiosk::new(service)?.run(windowed)
}
