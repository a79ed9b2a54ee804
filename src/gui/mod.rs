//! The kiosk screens. Rust talks to the .slint files only through the exported
//! `KioskAdapter` global: this module maps the service's results onto it and wires its
//! callbacks to the service; the sequence itself lives in `service`.

mod generated {
    #![allow(clippy::all)]
    slint::include_modules!();
}

pub use generated::{AnswerRow, AppWindow, FormTile, KioskAdapter, Page, QKind};

use crate::core::ask::{self, Widget};
use crate::core::fill::{display_label, Input, Severity, Source};
use crate::service::{date_of, ScannedCard, Service, Session};
use slint::{ComponentHandle, Image, ModelRc, Rgba8Pixel, SharedPixelBuffer, Timer, TimerMode, VecModel};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// Resolution of the review picture.
const PREVIEW_DPI: f32 = 90.0;

struct State {
    service: Service,
    session: Session,
    /// Other people whose card the form can take, still to scan: (role id, prompt).
    pending: Vec<(String, String)>,
    /// The question on screen: its field, its input, and the keys tapped so far.
    asking: Option<(String, Widget, String)>,
    /// The dossier stored in this session.
    code: Option<String>,
}

/// The kiosk's window and its state.
pub struct Kiosk {
    ui: AppWindow,
    state: Rc<RefCell<State>>,
    idle: Rc<Timer>,
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

/// Everything personal goes: the session, and every property that showed it.
fn wipe(ui: &AppWindow, state: &mut State) {
    state.session = Session::new();
    state.pending.clear();
    state.asking = None;
    state.code = None;
    let a = ui.global::<KioskAdapter>();
    a.set_citizen_name("".into());
    a.set_scan_error("".into());
    a.set_typed_id("".into());
    a.set_keypad_error("".into());
    a.set_chosen_title("".into());
    a.set_preview(Image::default());
    a.set_answers(ModelRc::new(VecModel::<AnswerRow>::default()));
    a.set_other_prompt("".into());
    a.set_other_error("".into());
    clear_question(&a);
    a.set_dossier_code("".into());
    a.set_record_qr(Image::default());
    a.set_print_error("".into());
    a.set_page(Page::Welcome);
}

fn clear_question(a: &KioskAdapter) {
    a.set_q_label("".into());
    a.set_q_hint("".into());
    a.set_q_shown("".into());
    a.set_q_error("".into());
    a.set_q_progress("".into());
    a.set_q_options(ModelRc::new(VecModel::<slint::SharedString>::default()));
}

/// What the keys tapped so far show, and the value they give.
fn typed_value(widget: &Widget, raw: &str) -> String {
    match widget {
        Widget::Digits { format, .. } => ask::show_digits(*format, raw),
        Widget::Keyboard => ask::telex(raw),
        _ => raw.to_string(),
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
    a.set_q_progress(format!("Bước 4: Câu hỏi {} / {}", done + 1, total).into());
    a.set_q_shown("".into());
    let kind = match &widget {
        Widget::Options(o) => {
            a.set_q_options(ModelRc::new(VecModel::from(o.iter().map(|x| slint::SharedString::from(x.as_str())).collect::<Vec<_>>())));
            QKind::Options
        }
        Widget::Digits { .. } => QKind::Digits,
        Widget::Keyboard => QKind::Keyboard,
        Widget::AtTheDesk => QKind::Desk,
    };
    a.set_q_kind(kind);
    st.asking = Some((field.to_string(), widget, String::new()));
    a.set_page(Page::Question);
}

/// Record an answer; stay on the question with the message when it is refused.
fn answer(ui: &AppWindow, st: &mut State, value: String) {
    let a = ui.global::<KioskAdapter>();
    let Some((field, _, _)) = st.asking.clone() else { return };
    st.service.answer(&mut st.session, &field, Input::Text(value));
    match st.service.filled(&st.session, date_of(now())) {
        Ok(f) => {
            let refused = f.diagnostics.iter().find(|d| d.severity == Severity::Error && d.field.as_deref() == Some(field.as_str()));
            match refused {
                Some(d) => {
                    a.set_q_error(d.message.clone().into());
                    if let Some((_, _, raw)) = st.asking.as_mut() {
                        raw.clear();
                    }
                    a.set_q_shown("".into());
                }
                None => next_step(ui, st),
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

fn start_print(ui: &AppWindow, st: &mut State) {
    let a = ui.global::<KioskAdapter>();
    let Some(code) = st.code.clone() else { return };
    a.set_print_error("".into());
    match st.service.print_job(&code, None) {
        Ok(job) => {
            a.set_page(Page::Printing);
            let weak = ui.as_weak();
            std::thread::spawn(move || {
                let result = job.run();
                let (ok, message) = match result {
                    Ok(_) => (true, String::new()),
                    Err(e) => (false, e.to_string()),
                };
                let _ = weak.upgrade_in_event_loop(move |ui| ui.global::<KioskAdapter>().invoke_print_done(ok, message.into()));
            });
        }
        Err(e) => {
            a.set_print_error(e.to_string().into());
            a.set_page(Page::Done);
        }
    }
}

/// The person at the kiosk, by card or by stored profile: a new session, greeted by name, on to
/// the procedures. The error message is for the screen that asked.
fn read_requester(a: &KioskAdapter, st: &mut State, card: ScannedCard) -> Result<(), String> {
    st.session = Session::new();
    st.service.add_card(&mut st.session, &card, now()).map_err(|e| e.to_string())?;
    let name = st.session.requester_card().map(|c| c.full_name.clone()).unwrap_or_default();
    a.set_citizen_name(name.into());
    a.set_page(Page::Choose);
    Ok(())
}

/// Where an answer came from, in the citizen's words.
fn source_words(s: &Source) -> &'static str {
    match s {
        Source::Card { .. } => "Từ thẻ căn cước",
        Source::Profile { .. } => "Từ thông tin đã lưu",
        Source::Config => "Kiosk điền sẵn",
        Source::Today => "Ngày hôm nay",
        Source::Default => "Điền sẵn, sửa nếu khác",
        Source::Derived => "Tự tính",
        Source::Typed => "Bạn đã chọn",
    }
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
    // the review: the page as it will print, beside the answers and where each came from
    let rows: Vec<AnswerRow> = t
        .fields
        .iter()
        .filter_map(|f| {
            let ans = filled.answers.get(&f.id)?;
            Some(AnswerRow { label: display_label(t, f).into(), value: ans.value.summary().into(), source: source_words(&ans.source).into() })
        })
        .collect();
    let png = crate::preview::png(&st.service.document(t, &filled.answers, None), 0, PREVIEW_DPI);
    a.set_chosen_title(t.title.clone().into());
    a.set_answers(ModelRc::new(VecModel::from(rows)));
    a.set_preview(image_of_png(&png));
    a.set_page(Page::Review);
}

impl Kiosk {
    pub fn new(service: Service) -> anyhow::Result<Kiosk> {
        let ui = AppWindow::new()?;
        let a = ui.global::<KioskAdapter>();
        a.set_agency_name(service.config.agency_name.clone().into());
        let tiles: Vec<FormTile> = service
            .forms
            .forms
            .iter()
            .map(|t| FormTile {
                id: t.id.clone().into(),
                name: t.name.clone().into(),
                group: t.group.clone().into(),
                papers: t.papers.join("; ").into(),
            })
            .collect();
        a.set_forms(ModelRc::new(VecModel::from(tiles)));
        let idle_after = Duration::from_secs(service.config.idle_timeout_secs as u64);
        let state = Rc::new(RefCell::new(State { service, session: Session::new(), pending: Vec::new(), asking: None, code: None }));
        let kiosk = Kiosk { ui, state, idle: Rc::new(Timer::default()) };
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

        a.on_activity({
            let weak = weak.clone();
            let state = state.clone();
            let idle_timer = idle.clone();
            move || {
                let weak = weak.clone();
                let state = state.clone();
                idle_timer.start(TimerMode::SingleShot, idle_after, move || {
                    if let Some(ui) = weak.upgrade() {
                        wipe(&ui, &mut state.borrow_mut());
                        let _ = slint::select_bundled_translation("");
                        ui.global::<KioskAdapter>().set_language("vi".into());
                        ui.global::<KioskAdapter>().set_large_text(false);
                    }
                });
            }
        });
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
        a.on_scanned({
            let weak = weak.clone();
            let state = state.clone();
            move |payload| {
                let Some(ui) = weak.upgrade() else { return };
                let a = ui.global::<KioskAdapter>();
                let st = &mut *state.borrow_mut();
                // a new scan starts a new session: one citizen at a time
                let message = read_requester(&a, st, ScannedCard::qr(None, &payload)).err().unwrap_or_default();
                a.set_scan_error(message.into());
            }
        });
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
                let mut id = a.get_typed_id().to_string();
                if id.chars().count() < 12 && d.chars().all(|c| c.is_ascii_digit()) {
                    id.push_str(&d);
                    a.set_typed_id(id.into());
                }
            }
        });
        a.on_keypad_clear({
            let weak = weak.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    ui.global::<KioskAdapter>().set_typed_id("".into());
                    ui.global::<KioskAdapter>().set_keypad_error("".into());
                }
            }
        });
        a.on_lookup_id({
            let weak = weak.clone();
            let state = state.clone();
            move |id| {
                let Some(ui) = weak.upgrade() else { return };
                let a = ui.global::<KioskAdapter>();
                let st = &mut *state.borrow_mut();
                let message = read_requester(&a, st, ScannedCard::stored(None, &id)).err().unwrap_or_default();
                a.set_keypad_error(message.into());
            }
        });
        a.on_choose({
            let weak = weak.clone();
            let state = state.clone();
            move |id| {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                st.session.reset_form();
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
            }
        });
        a.on_scanned_other({
            let weak = weak.clone();
            let state = state.clone();
            move |payload| {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                let Some((role, _)) = st.pending.first().cloned() else { return };
                match st.service.add_card(&mut st.session, &ScannedCard::qr(Some(&role), &payload), now()) {
                    Ok(()) => {
                        st.pending.remove(0);
                        next_step(&ui, st);
                    }
                    Err(e) => ui.global::<KioskAdapter>().set_other_error(e.to_string().into()),
                }
            }
        });
        a.on_skip_other({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                if !st.pending.is_empty() {
                    st.pending.remove(0);
                }
                next_step(&ui, st);
            }
        });
        a.on_q_option({
            let weak = weak.clone();
            let state = state.clone();
            move |v| {
                let Some(ui) = weak.upgrade() else { return };
                answer(&ui, &mut state.borrow_mut(), v.to_string());
            }
        });
        a.on_q_key({
            let weak = weak.clone();
            let state = state.clone();
            move |k| {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                let Some((_, widget, raw)) = st.asking.as_mut() else { return };
                let room = match widget {
                    Widget::Digits { max, .. } => raw.chars().count() < *max,
                    _ => raw.chars().count() < crate::core::validate::MAX_TEXT,
                };
                if room {
                    raw.push_str(&k);
                }
                ui.global::<KioskAdapter>().set_q_shown(typed_value(widget, raw).into());
            }
        });
        a.on_q_backspace({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                let Some((_, widget, raw)) = st.asking.as_mut() else { return };
                raw.pop();
                ui.global::<KioskAdapter>().set_q_shown(typed_value(widget, raw).into());
            }
        });
        a.on_q_next({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                let Some((_, widget, raw)) = st.asking.clone() else { return };
                let value = typed_value(&widget, &raw);
                if value.trim().is_empty() {
                    ui.global::<KioskAdapter>().set_q_error("Vui lòng nhập câu trả lời.".into());
                    return;
                }
                answer(&ui, st, value);
            }
        });
        a.on_review_next({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                if st.session.requester_scanned() {
                    ui.global::<KioskAdapter>().set_consent_notice(crate::core::privacy::CONSENT_NOTICE.into());
                    ui.global::<KioskAdapter>().set_page(Page::Consent);
                } else {
                    confirm_and_print(&ui, st, false);
                }
            }
        });
        a.on_consent({
            let weak = weak.clone();
            let state = state.clone();
            move |yes| {
                let Some(ui) = weak.upgrade() else { return };
                confirm_and_print(&ui, &mut state.borrow_mut(), yes);
            }
        });
        a.on_print_done({
            let weak = weak.clone();
            let state = state.clone();
            move |ok, message| {
                let Some(ui) = weak.upgrade() else { return };
                let st = &mut *state.borrow_mut();
                let a = ui.global::<KioskAdapter>();
                if let Some(code) = st.code.clone() {
                    if let Err(e) = st.service.record_print(&code, ok, crate::store::Actor::Citizen, now()) {
                        a.set_print_error(e.to_string().into());
                    }
                }
                if !ok {
                    a.set_print_error(message);
                }
                a.set_page(Page::Done);
            }
        });
        a.on_reprint({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                start_print(&ui, &mut state.borrow_mut());
            }
        });
        a.on_finish({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    wipe(&ui, &mut state.borrow_mut());
                }
            }
        });
        a.on_back({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let a = ui.global::<KioskAdapter>();
                match a.get_page() {
                    Page::Consent => a.set_page(Page::Review),
                    Page::Review | Page::Others | Page::Question => {
                        state.borrow_mut().session.reset_form();
                        a.set_page(Page::Choose)
                    }
                    Page::Choose | Page::Keypad => a.set_page(Page::Scan),
                    _ => wipe(&ui, &mut state.borrow_mut()),
                }
            }
        });
        a.on_start_over({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                if let Some(ui) = weak.upgrade() {
                    wipe(&ui, &mut state.borrow_mut());
                }
            }
        });
        a.on_set_language({
            let weak = weak.clone();
            move |lang| {
                let Some(ui) = weak.upgrade() else { return };
                // Vietnamese is the language of the .slint sources; English is bundled
                let code = if lang == "en" { "en" } else { "" };
                if slint::select_bundled_translation(code).is_ok() {
                    ui.global::<KioskAdapter>().set_language(lang);
                }
            }
        });
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
