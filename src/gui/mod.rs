//! The kiosk screens. Rust talks to the .slint files only through the exported
//! `KioskAdapter` global: this module maps the service's results onto it and wires its
//! callbacks to the service; the sequence itself lives in `service`.

mod generated {
    #![allow(clippy::all)]
    slint::include_modules!();
}

pub use generated::{AnswerRow, AppWindow, FormTile, KioskAdapter, Origin, Page, Place, QKind, QNotice, StaffDossier};

use crate::core::date::Date;
use crate::core::ask::{self, Keys, Widget};
use crate::core::fill::{display_label, Input, Severity, Source};
use crate::service::{date_of, ScannedCard, Service, Session};
use slint::{ComponentHandle, Image, SharedString, ModelRc, Rgba8Pixel, SharedPixelBuffer, Timer, TimerMode, VecModel};
use std::cell::RefCell;
use zeroize::Zeroizing;
use std::rc::Rc;
use std::time::Duration;

/// Resolution of the review picture: sharp when the page is shown at the screen's width.
const PREVIEW_DPI: f32 = 125.0;

/// The idle timers: the question, its countdown, and the wipe.
#[derive(Default)]
struct IdleTimers {
    warn: Timer,
    tick: Timer,
    wipe: Timer,
}

struct State {
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
    /// The procedures shown: a group ("" = all) and what is typed in the search.
    group: String,
    form_query: Option<String>,
}

/// Staff mode: the page the kiosk was on (a citizen's session stays behind it), and what is
/// being typed.
struct Staff {
    back_to: Page,
    /// The citizen's larger-text choice: the staff screens use normal text.
    large_text: bool,
    /// The PIN was right: staff actions are allowed.
    inside: bool,
    /// The PIN being typed, zeroed when dropped.
    pin: Zeroizing<String>,
    /// The ID number typed to erase a citizen's data.
    id: String,
}

/// A question on screen: its field, its input, and the keys tapped so far.
#[derive(Clone)]
struct Asking {
    field: String,
    widget: Widget,
    /// Keys tapped: the answer, or for a place the search until one is picked.
    raw: Keys,
    /// For a place: the one picked, and what is typed before it (house, street, hamlet).
    place: Option<String>,
    detail: Keys,
    /// For a place: what the picker offers before anything is typed.
    suggestions: Vec<String>,
    /// For a place: browsing the provinces, or one province's communes, instead of typing.
    browse: Browse,
}

#[derive(Clone, PartialEq)]
enum Browse {
    Off,
    Provinces,
    Communes(String),
}

impl Asking {
    /// The keys the keyboard types into now.
    fn keys(&mut self) -> &mut Keys {
        if self.place.is_some() {
            &mut self.detail
        } else {
            &mut self.raw
        }
    }
}

/// The kiosk's window and its state.
pub struct Kiosk {
    ui: AppWindow,
    state: Rc<RefCell<State>>,
    idle: Rc<IdleTimers>,
    /// Forgets taps on the staff corner a few seconds after the last one.
    corner: Rc<Timer>,
    /// Keeps the PIN keypad shut for a while after too many wrong PINs.
    lockout: Rc<Timer>,
    /// Keeps the "no card" keypad shut for a while after too many look-ups that found nothing.
    keypad_lockout: Rc<Timer>,
}

fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn image_of_png(png: &[u8]) -> Image {
    match image::load_from_memory(png) {
        Ok(img) => {
            let rgba = img.to_rgba8();
            Image::from_rgba8(SharedPixelBuffer::<Rgba8Pixel>::clone_from_slice(rgba.as_raw(), rgba.width(), rgba.height()))
        }
        Err(_) => Image::default(),
    }
}

/// A new session: the State of the last one and every property that showed it are cleared
/// (staff mode, language and the procedure filter are the caller's).
fn reset_session(a: &KioskAdapter, state: &mut State) {
    state.session = Session::new();
    state.pending.clear();
    state.asking = None;
    state.editing = false;
    state.unlocked = false;
    state.code = None;
    state.asked.clear();
    a.set_citizen_name("".into());
    a.set_citizen_honorific("".into());
    a.set_card_notice_name("".into());
    a.set_card_notice_role("".into());
    a.set_scan_error("".into());
    keypad_to_number(a);
    a.set_keypad_error("".into());
    a.set_chosen_title("".into());
    a.set_preview(Image::default());
    a.set_answers(ModelRc::new(VecModel::<AnswerRow>::default()));
    a.set_review_locked(false);
    a.set_other_prompt("".into());
    a.set_other_error("".into());
    clear_question(&a);
    a.set_dossier_code("".into());
    a.set_record_qr(Image::default());
    a.set_print_error("".into());
}

/// Everything personal goes: the session, and every property that showed it; staff mode
/// closes; the next citizen gets the welcome screen in Vietnamese with normal text.
fn wipe(ui: &AppWindow, state: &mut State) {
    let a = ui.global::<KioskAdapter>();
    reset_session(&a, state);
    state.staff = None;
    state.group.clear();
    state.form_query = None;
    a.set_idle_left(0);
    a.set_confirm_start_over(false);
    clear_staff(&a);
    show_forms(&a, state);
    if slint::select_bundled_translation("").is_ok() {
        a.set_language("vi".into());
    }
    a.set_large_text(false);
    a.set_page(Page::Welcome);
}

fn clear_staff(a: &KioskAdapter) {
    a.set_staff_pin_dots("".into());
    a.set_staff_error("".into());
    a.set_staff_dossiers(ModelRc::new(VecModel::<StaffDossier>::default()));
    a.set_staff_counts(ModelRc::new(VecModel::<slint::SharedString>::default()));
    a.set_staff_printer("".into());
    a.set_staff_message("".into());
    a.set_staff_in_session(false);
    a.set_staff_unlocked(false);
    a.set_staff_id("".into());
    a.set_staff_confirm_forget(false);
    a.set_staff_confirm_quit(false);
}

/// The staff screen's lists: today's dossiers and the counts per form.
fn refresh_staff(a: &KioskAdapter, st: &mut State) {
    match st.service.day_report(now()) {
        Ok(r) => {
            let rows: Vec<StaffDossier> = r
                .dossiers
                .iter()
                .map(|d| StaffDossier {
                    code: d.code.as_str().into(),
                    form: st.service.form(&d.form_id).map(|t| t.name.clone()).unwrap_or_else(|_| d.form_id.clone()).into(),
                    time: d.created_at.get(11..16).unwrap_or_default().into(),
                    status: d.status.as_str().into(),
                })
                .collect();
            a.set_staff_dossiers(ModelRc::new(VecModel::from(rows)));
            let counts: Vec<slint::SharedString> = r.counts.iter().map(|(name, n)| format!("{name}: {n}").into()).collect();
            a.set_staff_counts(ModelRc::new(VecModel::from(counts)));
        }
        Err(e) => a.set_staff_message(e.to_string().into()),
    }
}

/// Look at the printer on a worker; the answer comes back to the staff screen.
fn check_printer(ui: &AppWindow, st: &State) {
    ui.global::<KioskAdapter>().set_staff_printer("Đang kiểm tra máy in…".into());
    let probe = st.service.printer_probe();
    let weak = ui.as_weak();
    std::thread::spawn(move || {
        let text = probe.run();
        let _ = weak.upgrade_in_event_loop(move |ui| {
            let a = ui.global::<KioskAdapter>();
            if a.get_page() == Page::Staff {
                a.set_staff_printer(text.into());
            }
        });
    });
}

fn clear_question(a: &KioskAdapter) {
    a.set_q_notice(QNotice::None);
    a.set_q_label("".into());
    a.set_q_hint("".into());
    a.set_q_shown("".into());
    a.set_q_error("".into());
    a.set_q_number(0);
    a.set_q_count(0);
    a.set_q_options(ModelRc::new(VecModel::<slint::SharedString>::default()));
    a.set_q_places(ModelRc::new(VecModel::<Place>::default()));
    a.set_q_place("".into());
    a.set_q_browsing(false);
    a.set_q_email(false);
    a.set_q_quick(ModelRc::new(VecModel::<slint::SharedString>::default()));
}

/// Show what the keys typed so far give: the answer, the place search and what it finds, or
/// the detail typed before a picked place.
fn show_typed(a: &KioskAdapter, q: &Asking) {
    a.set_q_notice(QNotice::None);
    match (&q.widget, &q.place) {
        (Widget::Place(level), None) => {
            a.set_q_browsing(q.browse != Browse::Off);
            let found = match &q.browse {
                Browse::Off => {
                    a.set_q_shown(q.raw.text().into());
                    ask::place_choices(*level, &q.raw.text(), &q.suggestions, 6)
                }
                Browse::Provinces => {
                    a.set_q_shown("".into());
                    ask::provinces()
                }
                Browse::Communes(p) => {
                    a.set_q_shown(p.as_str().into());
                    ask::communes_in(p)
                }
            };
            let places: Vec<Place> = found
                .into_iter()
                .map(|v| {
                    let (name, within) = v.split_once(", ").map(|(n, w)| (n.to_string(), w.to_string())).unwrap_or((v.clone(), String::new()));
                    // one province's communes: its name is at the top, once
                    let within = if matches!(q.browse, Browse::Communes(_)) { String::new() } else { within };
                    Place { name: name.into(), within: within.into(), value: v.into() }
                })
                .collect();
            a.set_q_places(ModelRc::new(VecModel::from(places)));
            a.set_q_place("".into());
        }
        (Widget::Place(_), Some(place)) => {
            a.set_q_browsing(false);
            a.set_q_place(place.as_str().into());
            a.set_q_shown(q.detail.text().into());
        }
        (w, _) => a.set_q_shown(typed_value(w, &q.raw).into()),
    }
}

/// What the keys tapped so far show, and the value they give.
fn typed_value(widget: &Widget, keys: &Keys) -> String {
    match widget {
        Widget::Digits { format, .. } => ask::show_digits(*format, &keys.raw()),
        _ => keys.text(),
    }
}

/// Show a question for `field`.
fn ask_field(a: &KioskAdapter, st: &mut State, field: &str, error: Option<String>, done: usize, total: usize) {
    let Some(t) = st.session.form_id().and_then(|id| st.service.form(id).ok()) else { return };
    let Some(f) = t.field(field) else { return };
    let widget = ask::widget_for(f);
    a.set_q_label(display_label(t, f).into());
    a.set_q_hint(f.hint.clone().unwrap_or_default().into());
    a.set_q_error(error.unwrap_or_default().into());
    a.set_q_number((done + 1) as i32);
    a.set_q_count(total as i32);
    a.set_q_shown("".into());
    let mut suggestions = Vec::new();
    let mut quick: Vec<slint::SharedString> = Vec::new();
    let kind = match &widget {
        Widget::Options(o) => {
            a.set_q_options(ModelRc::new(VecModel::from(o.iter().map(|x| slint::SharedString::from(x.as_str())).collect::<Vec<_>>())));
            QKind::Options
        }
        Widget::Digits { .. } => QKind::Digits,
        Widget::Keyboard => {
            // a child's name mostly begins with a parent's family name: those on the cards, a tap each
            if f.kind == crate::core::template::FieldKind::Name {
                if let Ok(filled) = st.service.filled(&st.session, date_of(now())) {
                    for x in t.fields.iter().filter(|x| x.kind == f.kind && x.id != f.id) {
                        let Some(ans) = filled.answers.get(&x.id) else { continue };
                        let family = ans.value.as_text().and_then(|n| n.split_whitespace().next()).map(slint::SharedString::from);
                        if let Some(family) = family.filter(|w| matches!(ans.source, Source::Card { .. } | Source::Profile { .. }) && !quick.contains(w)) {
                            quick.push(family);
                        }
                    }
                }
            }
            QKind::Keyboard
        }
        Widget::Place(level) => {
            // the kiosk's own commune, the addresses already on the form, and the residences
            // on the cards scanned (offered only, never stored: a parent's residence is not
            // written on the form when the card is given)
            let mut known: Vec<String> = st
                .service
                .filled(&st.session, date_of(now()))
                .map(|filled| {
                    t.fields
                        .iter()
                        .filter(|x| x.kind == crate::core::template::FieldKind::Address)
                        .filter_map(|x| filled.answers.get(&x.id).and_then(|a| a.value.as_text()).map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            known.extend(st.session.card_residences().into_iter().map(String::from));
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let cfg = &st.service.config;
            suggestions = ask::place_suggestions(*level, &format!("{}, {}", cfg.commune, cfg.province), &known);
            QKind::Place
        }
        Widget::AtTheDesk => QKind::Desk,
    };
    a.set_q_kind(kind);
    a.set_q_email(f.kind == crate::core::template::FieldKind::Email);
    a.set_q_quick(ModelRc::new(VecModel::from(quick)));
    let q = Asking { field: field.to_string(), widget, raw: Keys::default(), place: None, detail: Keys::default(), suggestions, browse: Browse::Off };
    show_typed(a, &q);
    st.asking = Some(q);
    a.set_page(Page::Question);
}

/// Asked again (one question back, or "Sửa"): start from the answer given, so that
/// "Tiếp tục" keeps it and a slip needs only "Xóa lùi".
fn keep_answer(a: &KioskAdapter, st: &mut State) {
    let Ok(filled) = st.service.filled(&st.session, date_of(now())) else { return };
    let Some(q) = st.asking.as_mut() else { return };
    let Some(value) = filled.answers.get(&q.field).and_then(|x| x.value.as_text()) else { return };
    match &q.widget {
        Widget::Digits { .. } => q.raw.keys = value.chars().filter(|c| c.is_ascii_digit()).collect(),
        // composed text, not keys: it is not read as Telex again
        Widget::Keyboard => q.raw.kept = value.to_string(),
        // only an address of the 2025 list (an old one from a card is picked anew)
        Widget::Place(crate::core::template::AddressLevel::Commune)
            if matches!(crate::core::units::check_address(value, true), crate::core::units::AddressCheck::Ok(_)) =>
        {
            if let Some((detail, place)) = ask::split_place(value) {
                q.place = Some(place.to_string());
                q.detail.kept = detail.to_string();
            }
        }
        _ => return,
    }
    show_typed(a, q);
}

/// The question before the one on screen, in the order they were answered (the last one
/// answered, from the review): its place in that order and its field. None before the first.
fn previous_question(st: &State) -> Option<(usize, String)> {
    let current = st.asking.as_ref().map(|q| q.field.as_str());
    let i = match current.and_then(|f| st.asked.iter().position(|x| x == f)) {
        Some(i) => i.checked_sub(1)?,
        None => st.asked.len().checked_sub(1)?,
    };
    Some((i, st.asked[i].clone()))
}

/// Record an answer; stay on the question with the message when it is refused.
fn answer(ui: &AppWindow, st: &mut State, value: String) {
    let a = ui.global::<KioskAdapter>();
    a.set_card_notice_name("".into());
    let Some(field) = st.asking.as_ref().map(|q| q.field.clone()) else { return };
    st.service.answer(&mut st.session, &field, Input::Text(value));
    match st.service.filled(&st.session, date_of(now())) {
        Ok(f) => {
            let refused = f.diagnostics.iter().find(|d| d.severity == Severity::Error && d.field.as_deref() == Some(field.as_str()));
            match refused {
                Some(d) => {
                    a.set_q_error(d.message.clone().into());
                    if let Some(q) = st.asking.as_mut() {
                        q.raw.clear();
                        q.place = None;
                        q.detail.clear();
                        show_typed(&a, q);
                    }
                }
                None => {
                    if !st.asked.contains(&field) {
                        st.asked.push(field);
                    }
                    // a changed answer is done; what it made necessary is asked as usual
                    st.editing = false;
                    next_step(ui, st)
                }
            }
        }
        Err(e) => a.set_q_error(e.to_string().into()),
    }
}

/// A QR code as an image, 8 pixels per module with a quiet zone.
fn qr_image(payload: &str) -> Image {
    let Some(sym) = crate::core::qr::encode(payload.as_bytes(), qrcode::EcLevel::M) else { return Image::default() };
    let (scale, quiet) = (8usize, 4usize);
    let side = (sym.n + 2 * quiet) * scale;
    let mut buf = SharedPixelBuffer::<Rgba8Pixel>::new(side as u32, side as u32);
    for (i, px) in buf.make_mut_slice().iter_mut().enumerate() {
        let (x, y) = ((i % side) / scale, (i / side) / scale);
        let dark = x >= quiet && y >= quiet && x < quiet + sym.n && y < quiet + sym.n && sym.dark[(y - quiet) * sym.n + (x - quiet)];
        let v = if dark { 0 } else { 255 };
        *px = Rgba8Pixel { r: v, g: v, b: v, a: 255 };
    }
    Image::from_rgba8(buf)
}

/// Store the dossier (confirmed before anything prints), then print it away from the screen's
/// thread; the outcome comes back through `print-done`.
fn confirm_and_print(ui: &AppWindow, st: &mut State, consent: bool) {
    let a = ui.global::<KioskAdapter>();
    match st.service.confirm(&st.session, consent, now()) {
        Ok(c) => {
            a.set_dossier_code(c.code.clone().into());
            a.set_record_qr(qr_image(&st.service.config.record_url.replace("{code}", &c.code)));
            a.set_desk_hint(st.service.config.desk_hint.clone().into());
            st.code = Some(c.code);
            start_print(ui, st);
        }
        Err(e) => {
            a.set_dossier_code("".into());
            a.set_print_error(format!("{e}. Xin mời đến quầy để cán bộ hỗ trợ.").into());
            a.set_page(Page::Done);
        }
    }
}

/// Print on a worker thread (it can take until the deadline); `done` gets, back on the UI
/// thread, whether it printed and why not.
fn print_in_background(
    ui: &AppWindow,
    job: crate::service::PrintJob,
    for_citizen: bool,
    done: impl FnOnce(&KioskAdapter, bool, SharedString) + Send + 'static,
) {
    let weak = ui.as_weak();
    std::thread::spawn(move || {
        // the citizen gets the fixed sentence the screens translate; staff get the details
        let (ok, message) = match job.run() {
            Ok(_) => (true, String::new()),
            Err(e) if for_citizen => (false, e.citizen_message().to_string()),
            Err(e) => (false, e.to_string()),
        };
        let _ = weak.upgrade_in_event_loop(move |ui| done(&ui.global::<KioskAdapter>(), ok, message.into()));
    });
}

fn start_print(ui: &AppWindow, st: &mut State) {
    let a = ui.global::<KioskAdapter>();
    let Some(code) = st.code.clone() else { return };
    a.set_print_error("".into());
    match st.service.print_job(&code, None) {
        Ok(job) => {
            a.set_page(Page::Printing);
            print_in_background(ui, job, true, move |a, ok, message| a.invoke_print_done(code.into(), ok, message));
        }
        Err(e) => {
            a.set_print_error(e.to_string().into());
            a.set_page(Page::Done);
        }
    }
}

/// A service error as the citizen is told it: a card's own refusal (the screen already says
/// whose card), a printer fault without the staff's details. The screens translate these.
fn citizen_text(e: &crate::service::ServiceError) -> String {
    use crate::service::ServiceError as E;
    match e {
        E::Card { error, .. } => error.to_string(),
        E::Print(p) => p.citizen_message().to_string(),
        other => other.to_string(),
    }
}

/// The person at the kiosk, by card or by stored profile: a new session, greeted by name, on to
/// the procedures. The error message is for the screen that asked.
fn read_requester(a: &KioskAdapter, st: &mut State, card: ScannedCard) -> Result<(), String> {
    // one citizen at a time: nothing of the last session stays, not even a staff unlock
    reset_session(a, st);
    st.service.add_card(&mut st.session, &card, now()).map_err(|e| citizen_text(&e))?;
    let name = st.session.requester_card().map(|c| c.full_name.clone()).unwrap_or_default();
    a.set_citizen_name(name.into());
    // "ông" or "bà" from the card's sex, as public service in Vietnamese addresses people
    let honorific = match st.session.requester_card().map(|c| c.sex) {
        Some(crate::core::card::Sex::Male) => "ông",
        Some(crate::core::card::Sex::Female) => "bà",
        None => "",
    };
    a.set_citizen_honorific(honorific.into());
    a.set_page(Page::Choose);
    Ok(())
}

/// The "no card" keypad back to its first step: nothing typed, the number asked.
fn keypad_to_number(a: &KioskAdapter) {
    a.set_keypad_birth(false);
    a.set_typed_birth("".into());
    a.set_typed_id("".into());
}

/// The date of birth as it is typed on the keypad: `01/01/19__`.
fn birth_shown(digits: &str) -> String {
    let mut shown = String::with_capacity(10);
    let mut d = digits.chars();
    for (i, _) in "ddmmyyyy".chars().enumerate() {
        if i == 2 || i == 4 {
            shown.push('/');
        }
        shown.push(d.next().unwrap_or('_'));
    }
    shown
}

/// Where an answer came from; the screen says it in words.
fn origin_of(s: &Source) -> Origin {
    match s {
        Source::Card { .. } => Origin::Card,
        Source::Profile { .. } => Origin::Profile,
        Source::Config => Origin::Kiosk,
        Source::Today => Origin::Today,
        Source::Default => Origin::Preset,
        Source::Derived => Origin::Derived,
        Source::Typed => Origin::Typed,
    }
}

/// Whether the screens can ask for a field at all: not a value the kiosk works out, not a
/// table left to the desk.
fn askable(f: &crate::core::template::Field) -> bool {
    f.in_words_of.is_none() && ask::widget_for(f) != Widget::AtTheDesk
}

/// Whether "Sửa" is offered for an answer: what the citizen chose, what was preset, and what
/// came from a card (locked unless staff unlock it); not what the kiosk derives or sets.
fn editable(f: &crate::core::template::Field, s: &Source) -> bool {
    matches!(s, Source::Typed | Source::Default | Source::Card { .. } | Source::Profile { .. }) && askable(f)
}

/// The next step: another person to scan, else the next question, else the review.
fn next_step(ui: &AppWindow, st: &mut State) {
    let a = ui.global::<KioskAdapter>();
    a.set_other_error("".into());
    if let Some((_, prompt)) = st.pending.first() {
        a.set_other_prompt(prompt.clone().into());
        a.set_page(Page::Others);
        return;
    }
    let filled = match st.service.filled(&st.session, date_of(now())) {
        Ok(f) => f,
        Err(e) => {
            a.set_scan_error(e.to_string().into());
            a.set_page(Page::Scan);
            return;
        }
    };
    let Ok(t) = st.service.form(&filled.form_id) else { return };
    // the next question: a refused answer first, then what is still missing, in form order
    let todo: Vec<String> = t
        .fields
        .iter()
        .filter(|x| {
            filled.missing.iter().any(|m| m.id == x.id)
                || filled.diagnostics.iter().any(|d| d.severity == Severity::Error && d.field.as_deref() == Some(x.id.as_str()))
        })
        .filter(|x| ask::widget_for(x) != Widget::AtTheDesk)
        .map(|x| x.id.clone())
        .collect();
    let answered = t.fields.iter().filter(|x| filled.answers.get(&x.id).is_some_and(|a| a.source == Source::Typed)).count();
    if let Some(first) = todo.first() {
        let total = answered + todo.len();
        let first = first.clone();
        ask_field(&a, st, &first, None, answered, total);
        return;
    }
    st.asking = None;
    st.editing = false;
    // the review: the page as it will print, beside the answers and where each came from
    let rows: Vec<AnswerRow> = t
        .fields
        .iter()
        .filter_map(|f| match filled.answers.get(&f.id) {
            Some(ans) => Some(AnswerRow {
                label: display_label(t, f).into(),
                value: ans.value.summary().into(),
                origin: origin_of(&ans.source),
                field: if editable(f, &ans.source) { f.id.as_str().into() } else { "".into() },
            }),
            // what the form asks but does not require (a phone number, an email): offered
            // here with "Thêm", never asked on the way
            None => {
                let offered = !f.required
                    && askable(f)
                    && !crate::core::fill::not_needed(f, &filled.answers)
                    && crate::core::fill::is_visible(t, f, &filled.answers);
                offered.then(|| AnswerRow {
                    label: display_label(t, f).into(),
                    value: "".into(),
                    origin: Origin::Optional,
                    field: f.id.as_str().into(),
                })
            }
        })
        .collect();
    let png = crate::preview::png(&st.service.document(t, &filled.answers, None), 0, PREVIEW_DPI);
    a.set_chosen_title(t.title.clone().into());
    a.set_review_locked(false);
    a.set_answers(ModelRc::new(VecModel::from(rows)));
    a.set_preview(image_of_png(&png));
    a.set_page(Page::Review);
}

/// The procedure tiles: those of the chosen group, or those matching the search.
fn show_forms(a: &KioskAdapter, st: &State) {
    let tiles: Vec<FormTile> = ask::tile_order(&st.service.forms.forms)
        .into_iter()
        .filter(|t| match &st.form_query {
            Some(q) => ask::form_matches(t, q),
            None => st.group.is_empty() || t.group == st.group,
        })
        .map(|t| FormTile {
            id: t.id.clone().into(),
            name: t.name.clone().into(),
            group: t.group.clone().into(),
            papers: t.papers.join("; ").into(),
        })
        .collect();
    a.set_forms(ModelRc::new(VecModel::from(tiles)));
    a.set_group(st.group.as_str().into());
    a.set_form_search(st.form_query.is_some());
    a.set_form_query(st.form_query.as_deref().map(ask::telex).unwrap_or_default().into());
}

/// The consent notice in the screen's language.
fn consent_notice(language: &str) -> &'static str {
    if language == "en" {
        crate::core::privacy::CONSENT_NOTICE_EN
    } else {
        crate::core::privacy::CONSENT_NOTICE
    }
}

/// A callback of the adapter that works on the window and the kiosk's state, with the
/// callback's arguments as `A` (a tuple when there are several).
fn handler<A>(
    weak: &slint::Weak<AppWindow>,
    state: &Rc<RefCell<State>>,
    f: impl Fn(&AppWindow, &mut State, A) + 'static,
) -> impl Fn(A) + 'static {
    let (weak, state) = (weak.clone(), state.clone());
    move |arg| {
        if let Some(ui) = weak.upgrade() {
            f(&ui, &mut state.borrow_mut(), arg)
        }
    }
}

/// The same for a callback without arguments.
fn handler0(weak: &slint::Weak<AppWindow>, state: &Rc<RefCell<State>>, f: impl Fn(&AppWindow, &mut State) + 'static) -> impl Fn() + 'static {
    let h = handler(weak, state, move |ui, st, ()| f(ui, st));
    move || h(())
}

impl Kiosk {
    pub fn new(service: Service) -> anyhow::Result<Kiosk> {
        let ui = AppWindow::new()?;
        let a = ui.global::<KioskAdapter>();
        a.set_agency_name(service.config.agency_name.clone().into());
        // the groups of procedures, in the order their tiles come
        let groups: Vec<SharedString> = ask::tile_groups(&service.forms.forms).into_iter().map(SharedString::from).collect();
        a.set_groups(ModelRc::new(VecModel::from(groups)));
        let idle_after = Duration::from_secs(service.config.idle_timeout_secs as u64);
        let state = Rc::new(RefCell::new(State { service, session: Session::new(), pending: Vec::new(), asking: None, editing: false, unlocked: false, staff: None, corner_taps: 0, pin_failures: 0, lookup_failures: 0, code: None, asked: Vec::new(), group: String::new(), form_query: None }));
        let kiosk = Kiosk { ui, state, idle: Rc::new(IdleTimers::default()), corner: Rc::new(Timer::default()), lockout: Rc::new(Timer::default()), keypad_lockout: Rc::new(Timer::default()) };
        // starts in the default language
        kiosk.wire(idle_after);
        wipe(&kiosk.ui, &mut kiosk.state.borrow_mut());
        Ok(kiosk)
    }

    pub fn window(&self) -> &AppWindow {
        &self.ui
    }

    fn wire(&self, idle_after: Duration) {
        let a = self.ui.global::<KioskAdapter>();
        let weak = self.ui.as_weak();
        let state = self.state.clone();
        let idle = self.idle.clone();

        // any touch or key: the idle timers start again. After a quiet while the kiosk asks
        // "Ông/Bà còn ở đây không?" with a countdown, then wipes everything.
        let warn_for = Duration::from_secs((idle_after.as_secs() / 3).clamp(1, 20));
        a.on_activity({
            let weak = weak.clone();
            let state = state.clone();
            let idle = idle.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                ui.global::<KioskAdapter>().set_idle_left(0);
                idle.tick.stop();
                let (w, st, timers) = (weak.clone(), state.clone(), idle.clone());
                idle.wipe.start(TimerMode::SingleShot, idle_after, move || {
                    let Some(ui) = w.upgrade() else { return };
                    timers.tick.stop();
                    // a print still running keeps the session until it reports back
                    if ui.global::<KioskAdapter>().get_page() == Page::Printing {
                        ui.global::<KioskAdapter>().invoke_activity();
                        return;
                    }
                    wipe(&ui, &mut st.borrow_mut());
                });
                let (w, tick) = (weak.clone(), idle.clone());
                idle.warn.start(TimerMode::SingleShot, idle_after.saturating_sub(warn_for), move || {
                    let Some(ui) = w.upgrade() else { return };
                    let a = ui.global::<KioskAdapter>();
                    // nothing to protect on the welcome screen; nothing to ask while printing
                    if matches!(a.get_page(), Page::Welcome | Page::Printing) {
                        return;
                    }
                    a.set_idle_left(warn_for.as_secs() as i32);
                    let w = w.clone();
                    tick.tick.start(TimerMode::Repeated, Duration::from_secs(1), move || {
                        if let Some(ui) = w.upgrade() {
                            let a = ui.global::<KioskAdapter>();
                            if a.get_idle_left() > 1 {
                                a.set_idle_left(a.get_idle_left() - 1);
                            }
                        }
                    });
                });
            }
        });
        a.on_still_here({
            let weak = weak.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    ui.global::<KioskAdapter>().invoke_activity();
                }
            }
        });
        self.wire_staff();
        a.on_start({
            let weak = weak.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    let a = ui.global::<KioskAdapter>();
                    a.set_scan_error("".into());
                    a.set_page(Page::Scan);
                }
            }
        });
        a.on_scanned(handler(&weak, &state, move |ui, st, payload: SharedString| {
            let a = ui.global::<KioskAdapter>();
            // a new scan starts a new session: one citizen at a time
            let message = read_requester(&a, st, ScannedCard::qr(None, &payload)).err().unwrap_or_default();
            // a bad scan on the welcome screen is answered on the scan screen, where the
            // message has its place
            if !message.is_empty() {
                a.set_page(Page::Scan);
            }
            a.set_scan_error(message.into());
        }));
        a.on_no_card({
            let weak = weak.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    let a = ui.global::<KioskAdapter>();
                    a.set_typed_id("".into());
                    a.set_keypad_error("".into());
                    a.set_page(Page::Keypad);
                }
            }
        });
        a.on_keypad_digit({
            let weak = weak.clone();
            move |d| {
                let Some(ui) = weak.upgrade() else { return };
                let a = ui.global::<KioskAdapter>();
                if !d.chars().all(|c| c.is_ascii_digit()) {
                    return;
                }
                if a.get_keypad_birth() {
                    let mut digits: String = a.get_typed_birth().chars().filter(char::is_ascii_digit).collect();
                    if digits.len() < 8 {
                        digits.push_str(&d);
                        a.set_typed_birth(birth_shown(&digits).into());
                    }
                } else {
                    let mut id = a.get_typed_id().to_string();
                    if id.chars().count() < 12 {
                        id.push_str(&d);
                        a.set_typed_id(id.into());
                    }
                }
            }
        });
        a.on_keypad_clear({
            let weak = weak.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    let a = ui.global::<KioskAdapter>();
                    a.set_keypad_error("".into());
                    // "Xóa" on the date empties the date; on an empty date, back to the number
                    if a.get_keypad_birth() && a.get_typed_birth().chars().any(|c| c.is_ascii_digit()) {
                        a.set_typed_birth(birth_shown("").into());
                    } else {
                        keypad_to_number(&a);
                    }
                }
            }
        });
        // the number first, then the date of birth: a number alone is not enough to open a
        // profile. After five look-ups in a row that found nothing, the keypad stays shut for
        // five minutes (scanning the card still works)
        const MAX_LOOKUPS: u32 = 5;
        a.on_lookup_id({
            let lockout = self.keypad_lockout.clone();
            let state2 = state.clone();
            handler(&weak, &state, move |ui, st, id: SharedString| {
                let a = ui.global::<KioskAdapter>();
                if st.lookup_failures >= MAX_LOOKUPS {
                    keypad_to_number(&a);
                    a.set_keypad_error("Đã nhập sai 5 lần. Vui lòng quét thẻ căn cước, hoặc nhờ cán bộ hỗ trợ.".into());
                    return;
                }
                if !a.get_keypad_birth() {
                    if crate::core::text::id_number(&id).is_none() {
                        a.set_keypad_error(citizen_text(&crate::service::ServiceError::BadIdNumber).into());
                        return;
                    }
                    a.set_keypad_error("".into());
                    a.set_typed_birth(birth_shown("").into());
                    a.set_keypad_birth(true);
                    return;
                }
                let digits: String = a.get_typed_birth().chars().filter(char::is_ascii_digit).collect();
                let Some(birth) = Date::parse_compact(&digits) else {
                    a.set_typed_birth(birth_shown("").into());
                    a.set_keypad_error("Ngày sinh gồm 8 số: ngày, tháng, năm (ví dụ 01011990). Vui lòng nhập lại.".into());
                    return;
                };
                match read_requester(&a, st, ScannedCard::stored_with_birth(None, &id, birth)) {
                    Ok(()) => st.lookup_failures = 0,
                    Err(message) => {
                        st.lookup_failures += 1;
                        if st.lookup_failures == MAX_LOOKUPS {
                            let s2 = state2.clone();
                            lockout.start(TimerMode::SingleShot, Duration::from_secs(300), move || s2.borrow_mut().lookup_failures = 0);
                        }
                        a.set_keypad_error(message.into());
                    }
                }
            })
        });
        a.on_choose(handler(&weak, &state, move |ui, st, id: SharedString| {
            st.session.reset_form();
            st.asked.clear();
            match st.service.choose_form(&mut st.session, &id) {
                Ok(()) => {
                    // everyone on the form whose card can be scanned, after the requester
                    st.pending = st
                        .service
                        .form(&id)
                        .map(|t| {
                            t.card_roles()
                                .skip(1)
                                .map(|r| (r.id.clone(), r.scan_prompt.clone().unwrap_or_else(|| format!("Quét thẻ căn cước của {}", r.label.to_lowercase()))))
                                .collect()
                        })
                        .unwrap_or_default();
                    next_step(&ui, st);
                }
                Err(e) => {
                    let a = ui.global::<KioskAdapter>();
                    a.set_scan_error(e.to_string().into());
                    a.set_page(Page::Scan);
                }
            }
        }));
        a.on_scanned_other(handler(&weak, &state, move |ui, st, payload: SharedString| {
            let Some((role, _)) = st.pending.first().cloned() else { return };
            match st.service.add_card(&mut st.session, &ScannedCard::qr(Some(&role), &payload), now()) {
                Ok(()) => {
                    st.pending.remove(0);
                    // whose card was just read, and as whom, stays on screen until the next
                    // answer: a wrong card is seen at once
                    let a = ui.global::<KioskAdapter>();
                    let label = st.service.form(st.session.form_id().unwrap_or_default()).ok().and_then(|t| t.roles.iter().find(|r| r.id == role).map(|r| r.label.to_lowercase()));
                    if let (Some(card), Some(label)) = (st.session.card_of(&role), label) {
                        a.set_card_notice_name(card.full_name.clone().into());
                        a.set_card_notice_role(label.into());
                        a.set_card_notice_female(matches!(card.sex, crate::core::card::Sex::Female));
                    }
                    next_step(&ui, st);
                }
                Err(e) => ui.global::<KioskAdapter>().set_other_error(citizen_text(&e).into()),
            }
        }));
        a.on_skip_other(handler0(&weak, &state, move |ui, st| {
            if !st.pending.is_empty() {
                st.pending.remove(0);
            }
            next_step(&ui, st);
        }));
        a.on_q_option(handler(&weak, &state, move |ui, st, v: SharedString| {
            answer(&ui, st, v.to_string());
        }));
        a.on_q_key(handler(&weak, &state, move |ui, st, k: SharedString| {
            let Some(q) = st.asking.as_mut() else { return };
            let max = match q.widget {
                Widget::Digits { max, .. } => max,
                _ => crate::core::validate::MAX_TEXT,
            };
            let keys = q.keys();
            if keys.len() < max {
                keys.push(&k);
            }
            show_typed(&ui.global::<KioskAdapter>(), q);
        }));
        a.on_q_backspace(handler0(&weak, &state, move |ui, st| {
            let Some(q) = st.asking.as_mut() else { return };
            q.keys().pop();
            show_typed(&ui.global::<KioskAdapter>(), q);
        }));
        a.on_q_next(handler0(&weak, &state, move |ui, st| {
            let Some(q) = st.asking.clone() else { return };
            let value = match (&q.widget, &q.place) {
                (Widget::Place(_), Some(place)) => ask::place_answer(&q.detail.text(), place),
                (Widget::Place(_), None) => {
                    ui.global::<KioskAdapter>().set_q_notice(QNotice::PickPlace);
                    return;
                }
                (w, _) => typed_value(w, &q.raw),
            };
            if value.trim().is_empty() {
                ui.global::<KioskAdapter>().set_q_notice(QNotice::Empty);
                return;
            }
            answer(&ui, st, value);
        }));
        a.on_q_pick_place(handler(&weak, &state, move |ui, st, place: SharedString| {
            let Some(q) = st.asking.as_mut() else { return };
            let a = ui.global::<KioskAdapter>();
            a.set_q_error("".into());
            // browsing: a province opens its communes
            if q.browse == Browse::Provinces && q.widget == Widget::Place(crate::core::template::AddressLevel::Commune) {
                q.browse = Browse::Communes(place.to_string());
                show_typed(&a, q);
                return;
            }
            q.browse = Browse::Off;
            match q.widget {
                // a province is the whole answer
                Widget::Place(crate::core::template::AddressLevel::Province) => answer(&ui, st, place.to_string()),
                // a commune: then the house, street or hamlet, if the citizen wants to add it
                Widget::Place(_) => {
                    q.place = Some(place.to_string());
                    q.detail.clear();
                    show_typed(&a, q);
                }
                _ => {}
            }
        }));
        a.on_q_insert(handler(&weak, &state, move |ui, st, word: SharedString| {
            let Some(q) = st.asking.as_mut() else { return };
            q.keys().insert_word(&word);
            show_typed(&ui.global::<KioskAdapter>(), q);
        }));
        a.on_q_browse(handler0(&weak, &state, move |ui, st| {
            if let Some(q) = st.asking.as_mut() {
                q.browse = Browse::Provinces;
                show_typed(&ui.global::<KioskAdapter>(), q);
            }
        }));
        a.on_q_search(handler0(&weak, &state, move |ui, st| {
            if let Some(q) = st.asking.as_mut() {
                q.browse = Browse::Off;
                show_typed(&ui.global::<KioskAdapter>(), q);
            }
        }));
        a.on_q_change_place(handler0(&weak, &state, move |ui, st| {
            let Some(q) = st.asking.as_mut() else { return };
            q.place = None;
            show_typed(&ui.global::<KioskAdapter>(), q);
        }));
        a.on_choose_group(handler(&weak, &state, move |ui, st, group: SharedString| {
            st.group = group.to_string();
            st.form_query = None;
            show_forms(&ui.global::<KioskAdapter>(), st);
        }));
        a.on_form_search_open(handler(&weak, &state, move |ui, st, open: bool| {
            st.form_query = open.then(String::new);
            show_forms(&ui.global::<KioskAdapter>(), st);
        }));
        a.on_form_key(handler(&weak, &state, move |ui, st, k: SharedString| {
            if let Some(q) = st.form_query.as_mut().filter(|q| q.chars().count() < 40) {
                q.push_str(&k);
            }
            show_forms(&ui.global::<KioskAdapter>(), st);
        }));
        a.on_form_backspace(handler0(&weak, &state, move |ui, st| {
            if let Some(q) = st.form_query.as_mut() {
                q.pop();
            }
            show_forms(&ui.global::<KioskAdapter>(), st);
        }));
        a.on_edit(handler(&weak, &state, move |ui, st, field: SharedString| {
            let a = ui.global::<KioskAdapter>();
            let Ok(filled) = st.service.filled(&st.session, date_of(now())) else { return };
            let from_card = matches!(filled.answers.get(field.as_str()).map(|x| &x.source), Some(Source::Card { .. } | Source::Profile { .. }));
            if from_card && !st.unlocked {
                a.set_review_locked(true);
                return;
            }
            st.editing = true;
            // no "question i of n" while changing one answer
            ask_field(&a, st, &field, None, 0, 0);
            keep_answer(&a, st);
        }));
        a.on_review_next(handler0(&weak, &state, move |ui, st| {
            if st.session.requester_scanned() {
                let a = ui.global::<KioskAdapter>();
                a.set_consent_notice(consent_notice(&a.get_language()).into());
                a.set_page(Page::Consent);
            } else {
                confirm_and_print(&ui, st, false);
            }
        }));
        a.on_consent(handler(&weak, &state, move |ui, st, yes: bool| {
            confirm_and_print(&ui, st, yes);
        }));
        a.on_print_done({
            let h = handler(&weak, &state, move |ui, st, (code, ok, message): (SharedString, bool, SharedString)| {
                let a = ui.global::<KioskAdapter>();
                // recorded against the dossier that was printed, whatever the screen shows now
                let recorded = st.service.record_print(&code, ok, crate::store::Actor::Citizen, now());
                // the screen follows only if it still shows this citizen's print
                if st.code.as_deref() != Some(code.as_str()) {
                    return;
                }
                let printing_behind_staff = st.staff.as_ref().is_some_and(|s| s.back_to == Page::Printing);
                if a.get_page() != Page::Printing && !printing_behind_staff {
                    return;
                }
                a.set_print_error(match (ok, recorded) {
                    (_, Err(e)) => e.to_string().into(),
                    (true, Ok(())) => "".into(),
                    (false, Ok(())) => message,
                });
                // staff opened their screen meanwhile: the citizen's result waits behind it
                match st.staff.as_mut() {
                    Some(staff) => staff.back_to = Page::Done,
                    None => a.set_page(Page::Done),
                }
                // the done screen is wiped after the usual quiet time
                a.invoke_activity();
            });
            move |code, ok, message| h((code, ok, message))
        });
        a.on_reprint(handler0(&weak, &state, move |ui, st| {
            start_print(&ui, st);
        }));
        a.on_finish(handler0(&weak, &state, move |ui, st| wipe(ui, st)));
        a.on_back(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            match a.get_page() {
                Page::Consent => a.set_page(Page::Review),
                // changing one answer from the review: back to the review, nothing lost
                Page::Question if st.editing => next_step(&ui, st),
                // one question back: the one answered before this one, with its answer kept;
                // before the first, back to the procedures
                page @ (Page::Review | Page::Others | Page::Question) => match previous_question(st).filter(|_| page != Page::Others) {
                    Some((i, prev)) => {
                        let count = (a.get_q_count().max(1) as usize).max(st.asked.len());
                        ask_field(&a, st, &prev, None, i, count);
                        keep_answer(&a, st);
                    }
                    None => {
                        st.session.reset_form();
                        st.asked.clear();
                        a.set_page(Page::Choose)
                    }
                },
                Page::Choose | Page::Keypad => a.set_page(Page::Scan),
                _ => wipe(&ui, st),
            }
        }));
        // with answers or other people's cards on the way, "Làm lại từ đầu" asks first
        a.on_start_over(handler0(&weak, &state, move |ui, st| {
            if st.session.has_work() {
                ui.global::<KioskAdapter>().set_confirm_start_over(true);
            } else {
                wipe(ui, st);
            }
        }));
        a.on_start_over_now(handler0(&weak, &state, move |ui, st| wipe(ui, st)));
        a.on_set_language({
            let weak = weak.clone();
            move |lang| {
                let Some(ui) = weak.upgrade() else { return };
                // Vietnamese is the language of the .slint sources; English is bundled
                let code = if lang == "en" { "en" } else { "" };
                if slint::select_bundled_translation(code).is_ok() {
                    let a = ui.global::<KioskAdapter>();
                    if !a.get_consent_notice().is_empty() {
                        a.set_consent_notice(consent_notice(&lang).into());
                    }
                    a.set_language(lang);
                }
            }
        });
    }

    fn wire_staff(&self) {
        let a = self.ui.global::<KioskAdapter>();
        let weak = self.ui.as_weak();
        let state = self.state.clone();
        const MAX_FAILURES: u32 = 5;
        const NO_PIN: &str = "Chưa đặt mã PIN cán bộ: chạy “form-kiosk staff-pin” và ghi dòng staff_pin_hash vào kiosk.toml.";

        // the corner: three taps within three seconds open the PIN keypad
        a.on_staff_corner({
            let corner = self.corner.clone();
            let state2 = state.clone();
            handler0(&weak, &state, move |ui, st| {
                st.corner_taps += 1;
                let s2 = state2.clone();
                corner.start(TimerMode::SingleShot, Duration::from_secs(3), move || s2.borrow_mut().corner_taps = 0);
                if st.corner_taps < 3 {
                    return;
                }
                st.corner_taps = 0;
                let a = ui.global::<KioskAdapter>();
                clear_staff(&a);
                st.staff = Some(Staff {
                    back_to: a.get_page(),
                    large_text: a.get_large_text(),
                    inside: false,
                    pin: Zeroizing::new(String::with_capacity(12)),
                    id: String::new(),
                });
                a.set_large_text(false);
                if st.service.config.staff_pin_hash.trim().is_empty() {
                    a.set_staff_error(NO_PIN.into());
                }
                a.set_page(Page::StaffPin);
            })
        });
        a.on_staff_pin_key(handler(&weak, &state, move |ui, st, d: SharedString| {
            let Some(staff) = st.staff.as_mut() else { return };
            // the capacity is reserved: the PIN is never copied by a reallocation
            if staff.pin.len() < 12 && d.chars().all(|c| c.is_ascii_digit()) {
                staff.pin.push_str(&d);
            }
            ui.global::<KioskAdapter>().set_staff_pin_dots("•".repeat(staff.pin.len()).into());
        }));
        a.on_staff_pin_clear(handler0(&weak, &state, move |ui, st| {
            if let Some(staff) = st.staff.as_mut() {
                staff.pin.clear();
            }
            ui.global::<KioskAdapter>().set_staff_pin_dots("".into());
        }));
        a.on_staff_pin_enter({
            let lockout = self.lockout.clone();
            let state2 = state.clone();
            handler0(&weak, &state, move |ui, st| {
                use crate::staff::PinCheck;
                let a = ui.global::<KioskAdapter>();
                let Some(staff) = st.staff.as_mut() else { return };
                // taken out and zeroed when dropped at the end of this call
                let pin = std::mem::replace(&mut staff.pin, Zeroizing::new(String::with_capacity(12)));
                a.set_staff_pin_dots("".into());
                // after five wrong PINs in a row the keypad stays shut for five minutes
                if st.pin_failures >= MAX_FAILURES {
                    let _ = st.service.record_staff("staff_login_locked", now());
                    a.set_staff_error("Đã nhập sai mã PIN 5 lần. Vui lòng thử lại sau vài phút.".into());
                    return;
                }
                let (check, audit) = st.service.staff_login(&pin, now());
                match check {
                    PinCheck::Right => {
                        st.pin_failures = 0;
                        let back_to = match st.staff.as_mut() {
                            Some(staff) => {
                                staff.inside = true;
                                staff.back_to
                            }
                            None => return,
                        };
                        a.set_staff_error("".into());
                        a.set_staff_in_session(matches!(back_to, Page::Question | Page::Review | Page::Others | Page::Consent));
                        a.set_staff_unlocked(st.unlocked);
                        refresh_staff(&a, st);
                        // the log could not be written (a full disk): staff still get in, and are told
                        if let Some(e) = audit {
                            a.set_staff_message(format!("Không ghi được nhật ký: {e}").into());
                        }
                        a.set_page(Page::Staff);
                        check_printer(ui, st);
                    }
                    PinCheck::Wrong => {
                        st.pin_failures += 1;
                        a.set_staff_error(format!("Mã PIN không đúng (lần {} / {MAX_FAILURES}).", st.pin_failures).into());
                        if st.pin_failures == MAX_FAILURES {
                            let s2 = state2.clone();
                            lockout.start(TimerMode::SingleShot, Duration::from_secs(300), move || s2.borrow_mut().pin_failures = 0);
                        }
                    }
                    PinCheck::NotSet => a.set_staff_error(NO_PIN.into()),
                    PinCheck::BadHash => {
                        a.set_staff_error("staff_pin_hash trong kiosk.toml không phải mã băm argon2; hãy tạo lại bằng “form-kiosk staff-pin”.".into())
                    }
                }
            })
        });
        a.on_staff_close(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            let (back_to, large) = st.staff.take().map(|s| (s.back_to, s.large_text)).unwrap_or((Page::Welcome, false));
            clear_staff(&a);
            a.set_large_text(large);
            a.set_page(back_to);
        }));
        // what staff do needs the PIN first: every action checks it; any other action disarms
        // a pending erase
        fn staff_in(st: &mut State, a: &KioskAdapter) -> bool {
            match st.staff.as_mut() {
                Some(s) if s.inside => {
                    a.set_staff_confirm_forget(false);
                    // the quit question goes with its button
                    if a.get_staff_confirm_quit() {
                        a.set_staff_confirm_quit(false);
                        a.set_staff_message("".into());
                    }
                    true
                }
                _ => false,
            }
        }
        // closing the kiosk leaves citizens without it until someone starts it again: asked
        // first, the confirmation on a button of its own
        a.on_staff_quit(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            a.set_staff_message("Đóng phần mềm kiosk? Người dân sẽ không dùng được kiosk cho đến khi khởi động lại.".into());
            a.set_staff_confirm_quit(true);
        }));
        a.on_staff_quit_confirm(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            let armed = a.get_staff_confirm_quit();
            if !staff_in(st, &a) || !armed {
                return;
            }
            let _ = st.service.record_staff("kiosk_quit", now());
            wipe(ui, st);
            let _ = ui.hide();
            let _ = slint::quit_event_loop();
        }));
        a.on_staff_unlock(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            if let Err(e) = st.service.record_staff("unlock_card_answers", now()) {
                a.set_staff_message(e.to_string().into());
                return;
            }
            st.unlocked = true;
            a.set_staff_unlocked(true);
            a.set_review_locked(false);
            a.set_staff_message("Đã mở khóa: công dân có thể sửa các thông tin lấy từ thẻ trong lượt này.".into());
        }));
        a.on_staff_printer_check(handler0(&weak, &state, move |ui, st| {
            if staff_in(st, &ui.global::<KioskAdapter>()) {
                check_printer(ui, st);
            }
        }));
        a.on_staff_reprint(handler(&weak, &state, move |ui, st, code: SharedString| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            match st.service.print_job(&code, None) {
                Ok(job) => {
                    a.set_staff_message(format!("Đang in lại hồ sơ {code}…").into());
                    print_in_background(ui, job, false, move |a, ok, message| a.invoke_staff_print_done(code, ok, message));
                }
                Err(e) => a.set_staff_message(e.to_string().into()),
            }
        }));
        a.on_staff_print_done({
            let h = handler(&weak, &state, move |ui, st, (code, ok, message): (SharedString, bool, SharedString)| {
                let a = ui.global::<KioskAdapter>();
                let recorded = st.service.record_print(&code, ok, crate::store::Actor::Staff, now());
                if !st.staff.as_ref().is_some_and(|s| s.inside) {
                    return;
                }
                let text = match (ok, recorded) {
                    (_, Err(e)) => e.to_string(),
                    (true, Ok(())) => format!("Đã in lại hồ sơ {code}."),
                    (false, Ok(())) => message.to_string(),
                };
                a.set_staff_message(text.into());
                refresh_staff(&a, st);
            });
            move |code, ok, message| h((code, ok, message))
        });
        a.on_staff_id_key(handler(&weak, &state, move |ui, st, d: SharedString| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            let Some(staff) = st.staff.as_mut() else { return };
            if staff.id.len() < 12 && d.chars().all(|c| c.is_ascii_digit()) {
                staff.id.push_str(&d);
            }
            a.set_staff_id(staff.id.as_str().into());
        }));
        a.on_staff_id_clear(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            if let Some(staff) = st.staff.as_mut() {
                staff.id.clear();
            }
            a.set_staff_id("".into());
        }));
        // erasing is asked twice, the second time on a button of its own, away from the keypad
        a.on_staff_forget(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            if !staff_in(st, &a) {
                return;
            }
            let Some(staff) = st.staff.as_mut() else { return };
            if staff.id.len() != 12 {
                a.set_staff_message("Số định danh gồm 12 chữ số.".into());
                return;
            }
            a.set_staff_confirm_forget(true);
            a.set_staff_message(
                "Xóa thông tin lưu sẵn và câu trả lời của mọi hồ sơ có số này? Không thể hoàn tác: bấm “Xác nhận xóa” để xóa.".into(),
            );
        }));
        a.on_staff_forget_confirm(handler0(&weak, &state, move |ui, st| {
            let a = ui.global::<KioskAdapter>();
            let armed = a.get_staff_confirm_forget();
            if !staff_in(st, &a) || !armed {
                return;
            }
            let Some(staff) = st.staff.as_mut() else { return };
            let id = std::mem::take(&mut staff.id);
            a.set_staff_id("".into());
            let text = match st.service.forget_citizen(&id, now()) {
                Ok(r) => {
                    let text = format!(
                        "Đã xóa: {}, câu trả lời và bản in của {} hồ sơ.",
                        if r.profile { "thông tin lưu sẵn" } else { "không có thông tin lưu sẵn" },
                        r.dossiers
                    );
                    // their print jobs too, on a worker: CUPS may be slow to answer
                    let jobs = st.service.forget_jobs(&r.codes);
                    let weak = ui.as_weak();
                    let shown = text.clone();
                    std::thread::spawn(move || {
                        let note = match jobs.run() {
                            Ok(0) => return,
                            Ok(n) => format!(" Đã xóa {n} lệnh in còn lưu trên máy chủ in."),
                            Err(_) => " Chưa xóa được lệnh in còn lưu trên máy chủ in: xin kiểm tra dịch vụ in rồi xóa lại.".to_string(),
                        };
                        let _ = weak.upgrade_in_event_loop(move |ui| {
                            let a = ui.global::<KioskAdapter>();
                            if a.get_staff_message() == shown.as_str() {
                                a.set_staff_message(format!("{shown}{note}").into());
                            }
                        });
                    });
                    text
                }
                Err(e) => e.to_string(),
            };
            a.set_staff_message(text.into());
            refresh_staff(&a, st);
        }));
    }

    /// Run until the window closes.
    pub fn run(self, windowed: bool) -> anyhow::Result<()> {
        if !windowed {
            self.ui.window().set_fullscreen(true);
        }
        self.ui.run()?;
        Ok(())
    }
}

pub fn run(service: Service, windowed: bool) -> anyhow::Result<()> {
    Kiosk::new(service)?.run(windowed)
}
