//! The kiosk screens. Rust talks to the .slint files only through the exported
//! `KioskAdapter` global: this module maps the service's results onto it and wires its
//! callbacks to the service; the sequence itself lives in `service`.

mod generated {
    #![allow(clippy::all)]
    slint::include_modules!();
}

pub use generated::{AnswerRow, AppWindow, FormTile, KioskAdapter, Page};

use crate::core::fill::{display_label, Source, Value};
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
    a.set_page(Page::Welcome);
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

/// The next other person to scan, or the review when there is none left.
fn next_step(ui: &AppWindow, st: &mut State) {
    let a = ui.global::<KioskAdapter>();
    a.set_other_error("".into());
    if let Some((_, prompt)) = st.pending.first() {
        a.set_other_prompt(prompt.clone().into());
        a.set_page(Page::Others);
        return;
    }
    let today = date_of(now());
    let shown = st.service.filled(&st.session, today).and_then(|f| {
        let png = st.service.preview_png(&st.session, today, PREVIEW_DPI)?;
        Ok((f, png))
    });
    match shown {
        Ok((filled, png)) => {
            let Ok(t) = st.service.form(&filled.form_id) else { return };
            let rows: Vec<AnswerRow> = t
                .fields
                .iter()
                .filter_map(|f| {
                    let ans = filled.answers.get(&f.id)?;
                    let value = match &ans.value {
                        Value::Text(s) => s.clone(),
                        Value::Table(r) => format!("{} dòng", r.len()),
                    };
                    Some(AnswerRow { label: display_label(t, f).into(), value: value.into(), source: source_words(&ans.source).into() })
                })
                .collect();
            a.set_chosen_title(t.title.clone().into());
            a.set_answers(ModelRc::new(VecModel::from(rows)));
            a.set_preview(image_of_png(&png));
            a.set_page(Page::Review);
        }
        Err(e) => {
            a.set_scan_error(e.to_string().into());
            a.set_page(Page::Scan);
        }
    }
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
        let state = Rc::new(RefCell::new(State { service, session: Session::new(), pending: Vec::new() }));
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
                st.session = Session::new();
                match st.service.add_card(&mut st.session, &ScannedCard::qr(None, &payload), now()) {
                    Ok(()) => {
                        let name = st.session.requester_card().map(|c| c.full_name.clone()).unwrap_or_default();
                        a.set_citizen_name(name.into());
                        a.set_scan_error("".into());
                        a.set_page(Page::Choose);
                    }
                    Err(e) => a.set_scan_error(e.to_string().into()),
                }
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
                st.session = Session::new();
                match st.service.add_card(&mut st.session, &ScannedCard::stored(None, &id), now()) {
                    Ok(()) => {
                        let name = st.session.requester_card().map(|c| c.full_name.clone()).unwrap_or_default();
                        a.set_citizen_name(name.into());
                        a.set_keypad_error("".into());
                        a.set_page(Page::Choose);
                    }
                    Err(e) => a.set_keypad_error(e.to_string().into()),
                }
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
        a.on_back({
            let weak = weak.clone();
            let state = state.clone();
            move || {
                let Some(ui) = weak.upgrade() else { return };
                let a = ui.global::<KioskAdapter>();
                match a.get_page() {
                    Page::Review | Page::Others => {
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
