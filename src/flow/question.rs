//! One question on screen: which input it takes, what the keys typed show, the address picker,
//! an answer given or refused, and which question comes back with "Quay lại".

use super::view::{Msg, Page, Place, QKind, QNotice, Question};
use super::KioskFlow;
use crate::core::ask::{self, Keys, Widget};
use crate::core::fill::{display_label, Input, Severity, Source};
use crate::core::template::{AddressLevel, FieldKind};
use crate::service::date_of;
use chrono::NaiveDateTime;

/// The field of the question "does the form name this person?" for a role whose card was
/// skipped: not a field of the form, never stored.
const PERSON: &str = "@person:";

/// The field of the question "the card's old address in the 2025 units" for a field of the
/// form: answered by setting that field (and any other with the same card address).
const MOVED: &str = "@address:";
/// The question "how many copies": the two lines of a form it answers (a convention of the
/// templates: a yes/no line and a count shown when it is "Có"), and its answers.
const COPIES: &str = "@copies";
pub(super) const COPIES_WANTED: &str = "copies_wanted";
pub(super) const COPIES_COUNT: &str = "copies_count";
const NO_COPIES: &str = "Không cần bản sao";
/// Copies offered with one tap; more are changed on the review.
const MOST_COPIES_OFFERED: u32 = 5;

/// The answers to it besides a 2025 address.
pub(super) const OTHER_PLACE: &str = "Chọn nơi khác";
pub(super) const KEEP_CARD: &str = "Giữ như trên thẻ";

/// A question being answered: its field, its input, and the keys tapped so far.
#[derive(Clone)]
pub(super) struct Asking {
    pub field: String,
    pub widget: Widget,
    /// Keys tapped: the answer, or for a place the search until one is picked.
    pub raw: Keys,
    /// For a place: the one picked, and what is typed before it (house, street, hamlet).
    pub place: Option<String>,
    pub detail: Keys,
    /// For a place: what the picker offers before anything is typed.
    pub suggestions: Vec<String>,
    /// For a place: browsing the provinces, or one province's communes, instead of typing.
    pub browse: Browse,
    /// For a place of birth or death: the office's health facilities (whole addresses),
    /// offered first and answering with one tap.
    pub facilities: Vec<String>,
}

#[derive(Clone, PartialEq)]
pub(super) enum Browse {
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

/// The card's text of an address line: the card's (or profile's) value, or kept with the
/// 2025 address chosen for it.
pub(super) fn card_text(a: &crate::core::fill::Answer) -> Option<String> {
    match &a.source {
        Source::Card { .. } | Source::Profile { .. } => a.value.as_text().map(String::from),
        Source::NewUnits { on_card, .. } => Some(on_card.clone()),
        _ => None,
    }
}

/// What the keys tapped so far show, and the value they give.
fn typed_value(widget: &Widget, keys: &Keys) -> String {
    match widget {
        Widget::Digits { format, .. } => ask::show_digits(*format, &keys.raw()),
        _ => keys.text(),
    }
}

/// Show what the keys typed so far give: the answer, the place search and what it finds, or
/// the detail typed before a picked place.
fn show_typed(v: &mut Question, q: &Asking) {
    v.notice = QNotice::None;
    match (&q.widget, &q.place) {
        (Widget::Place(level), None) => {
            v.browsing = q.browse != Browse::Off;
            let found = match &q.browse {
                Browse::Off => {
                    v.shown = q.raw.text();
                    let mut found = if v.shown.is_empty() { q.facilities.clone() } else { Vec::new() };
                    found.extend(ask::place_choices(*level, &q.raw.text(), &q.suggestions, 6));
                    found.truncate(6);
                    found
                }
                Browse::Provinces => {
                    v.shown.clear();
                    ask::provinces()
                }
                Browse::Communes(p) => {
                    v.shown = p.clone();
                    ask::communes_in(p)
                }
            };
            v.places = found
                .into_iter()
                .map(|value| {
                    // "Phường X" within "Tỉnh Y"; a facility's name within its commune and province
                    let (name, within) = value.split_once(", ").map(|(n, w)| (n.to_string(), w.to_string())).unwrap_or((value.clone(), String::new()));
                    // one province's communes: its name is at the top, once
                    let within = if matches!(q.browse, Browse::Communes(_)) { String::new() } else { within };
                    Place { name, within, value }
                })
                .collect();
            v.place.clear();
        }
        (Widget::Place(_), Some(place)) => {
            v.browsing = false;
            v.place = place.clone();
            v.shown = q.detail.text();
        }
        (w, _) => v.shown = typed_value(w, &q.raw),
    }
}

impl KioskFlow {
    /// Show what is typed into the question on screen.
    fn refresh_typed(&mut self) {
        if let Some(q) = &self.asking {
            show_typed(&mut self.view.question, q);
        }
    }

    /// Show a question for `field`: question `done + 1` of `total` (0 of 0 while one answer is
    /// changed from the review).
    pub(super) fn ask_field(&mut self, field: &str, done: usize, total: usize, now: NaiveDateTime) {
        let Some(t) = self.session.form_id().and_then(|id| self.service.form(id).ok()) else { return };
        let Some(f) = t.field(field) else { return };
        let widget = ask::widget_for(f);
        let filled = self.service.filled(&self.session, date_of(now)).ok();
        let mut v = Question {
            label: display_label(t, f),
            hint: f.hint.clone().unwrap_or_default(),
            number: (done + 1) as i32,
            count: total as i32,
            email: f.kind == FieldKind::Email,
            ..Question::default()
        };
        let mut suggestions = Vec::new();
        v.kind = match &widget {
            Widget::Options(o) => {
                v.options = o.clone();
                QKind::Options
            }
            Widget::Digits { .. } => QKind::Digits,
            Widget::Keyboard => {
                // a child's name mostly begins with a parent's family name: those on the cards, a tap each
                if let (FieldKind::Name, Some(filled)) = (&f.kind, &filled) {
                    for x in t.fields.iter().filter(|x| x.kind == f.kind && x.id != f.id) {
                        let Some(ans) = filled.answers.get(&x.id) else { continue };
                        let family = ans.value.as_text().and_then(|n| n.split_whitespace().next()).map(String::from);
                        if let Some(family) = family.filter(|w| matches!(ans.source, Source::Card { .. } | Source::Profile { .. }) && !v.quick.contains(w)) {
                            v.quick.push(family);
                        }
                    }
                }
                QKind::Keyboard
            }
            Widget::Place(level) => {
                // the kiosk's own commune, the addresses already on the form, and the residences
                // on the cards scanned (offered only, never stored: a parent's residence is not
                // written on the form when the card is given)
                let mut known: Vec<String> = filled
                    .map(|filled| {
                        t.fields
                            .iter()
                            .filter(|x| x.kind == FieldKind::Address)
                            .filter_map(|x| filled.answers.get(&x.id).and_then(|a| a.value.as_text()).map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                known.extend(self.session.card_residences().into_iter().map(String::from));
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let cfg = &self.service.config;
                suggestions = ask::place_suggestions(*level, &format!("{}, {}", cfg.commune, cfg.province), &known);
                QKind::Place
            }
            Widget::AtTheDesk => QKind::Desk,
        };
        // the office's health facilities, for a place of birth or death (only those in the 2025 units)
        let facilities = if f.facilities { self.service.config.health_facilities.clone() } else { Vec::new() };
        let q = Asking {
            field: field.to_string(),
            widget,
            raw: Keys::default(),
            place: None,
            detail: Keys::default(),
            suggestions,
            browse: Browse::Off,
            facilities,
        };
        show_typed(&mut v, &q);
        self.view.question = v;
        self.asking = Some(q);
        self.view.page = Page::Question;
    }

    /// Asked again (one question back, or "Sửa"): start from the answer given, so that
    /// "Tiếp tục" keeps it and a slip needs only "Xóa lùi".
    pub(super) fn keep_answer(&mut self, now: NaiveDateTime) {
        let Ok(filled) = self.service.filled(&self.session, date_of(now)) else { return };
        let Some(q) = self.asking.as_mut() else { return };
        let Some(value) = filled.answers.get(&q.field).and_then(|x| x.value.as_text()) else { return };
        match &q.widget {
            Widget::Digits { .. } => q.raw.keys = value.chars().filter(|c| c.is_ascii_digit()).collect(),
            // composed text, not keys: it is not read as Telex again
            Widget::Keyboard => q.raw.kept = value.to_string(),
            // only an address of the 2025 list (an old one from a card is picked anew)
            Widget::Place(AddressLevel::Commune) if matches!(crate::core::units::check_address(value, true), crate::core::units::AddressCheck::Ok(_)) => {
                if let Some((detail, place)) = ask::split_place(value) {
                    q.place = Some(place.to_string());
                    q.detail.kept = detail.to_string();
                }
            }
            _ => return,
        }
        self.refresh_typed();
    }

    /// The question before the one on screen, in the order they were answered (the last one
    /// answered, from the review): its place in that order and its field. None before the first.
    pub(super) fn previous_question(&self) -> Option<(usize, String)> {
        let current = self.asking.as_ref().map(|q| q.field.as_str());
        let i = match current.and_then(|f| self.asked.iter().position(|x| x == f)) {
            Some(i) => i.checked_sub(1)?,
            None => self.asked.len().checked_sub(1)?,
        };
        Some((i, self.asked[i].clone()))
    }

    /// Ask whether the form names the person of `role` (`label`: "người cha"), whose card was
    /// skipped.
    pub(super) fn ask_person(&mut self, role: &str, label: &str, done: usize, total: usize) {
        let q = Question {
            label: format!("Tờ khai có ghi thông tin {label} không?"),
            prompt: Some(Msg::PersonOnForm { role: label.to_string() }),
            hint_msg: Some(Msg::PersonOnFormHint { role: label.to_string() }),
            ..Question::default()
        };
        self.ask_own(format!("{PERSON}{role}"), q, vec![("Có".to_string(), Msg::OptYes), ("Không".to_string(), Msg::OptNo)], done, total);
    }

    /// Ask what the card's address `on_card` for `field` (its line on the form: `label`),
    /// written in the units before 1 July 2025, is now: the 2025 address, accepted with one
    /// tap, or one of the communes a divided ward went into; another place (the picker) or
    /// the card's text as it is.
    pub(super) fn ask_moved(&mut self, field: &str, label: &str, on_card: &str, moved: &[String], done: usize, total: usize) {
        let mut options: Vec<(String, Msg)> = moved.iter().map(|m| (m.clone(), Msg::AsGiven(m.clone()))).collect();
        options.push((OTHER_PLACE.to_string(), Msg::OptOtherPlace));
        options.push((KEEP_CARD.to_string(), Msg::OptKeepCard));
        let q = Question {
            label: label.to_string(),
            prompt: Some(if moved.len() == 1 { Msg::NewUnitsOne { label: label.to_string() } } else { Msg::NewUnitsDivided { label: label.to_string() } }),
            hint_msg: Some(Msg::OnCard { text: on_card.to_string() }),
            wide: true,
            ..Question::default()
        };
        self.ask_own(format!("{MOVED}{field}"), q, options, done, total);
    }

    /// One of the kiosk's own address questions (`field`: where the post brings the result,
    /// where the officer visits), with the address picker: the residences on the cards and
    /// the kiosk's commune offered first. Answered in `flow::after`.
    pub(super) fn ask_place_own(&mut self, field: &str, prompt: Msg) {
        let cfg = &self.service.config;
        let known: Vec<&str> = self.session.card_residences();
        let suggestions = ask::place_suggestions(AddressLevel::Commune, &format!("{}, {}", cfg.commune, cfg.province), &known);
        let q = Asking {
            field: field.to_string(),
            widget: Widget::Place(AddressLevel::Commune),
            raw: Keys::default(),
            place: None,
            detail: Keys::default(),
            suggestions,
            browse: Browse::Off,
            facilities: Vec::new(),
        };
        let mut v = Question { label: "Địa chỉ".into(), prompt: Some(prompt), kind: QKind::Place, ..Question::default() };
        show_typed(&mut v, &q);
        self.view.question = v;
        self.asking = Some(q);
        self.view.page = Page::Question;
    }

    /// Ask how many copies of the result the citizen wants (the fee for each, if the office
    /// set it): none, or 1 to 5 with one tap.
    pub(super) fn ask_copies(&mut self, fee: u32, done: usize, total: usize) {
        let mut options = vec![(NO_COPIES.to_string(), Msg::OptNoCopies)];
        options.extend((1..=MOST_COPIES_OFFERED).map(|n| (format!("{n} bản"), Msg::OptCopies { n })));
        let q = Question { label: "Đề nghị cấp bản sao".into(), prompt: Some(Msg::CopiesAsk { fee }), ..Question::default() };
        self.ask_own(COPIES.to_string(), q, options, done, total);
    }

    /// One of the kiosk's own questions (not a line of the form), answered with `options`:
    /// each its value and what the screen says for it (in the screen's language).
    fn ask_own(&mut self, field: String, question: Question, options: Vec<(String, Msg)>, done: usize, total: usize) {
        let (options, option_labels): (Vec<String>, Vec<Msg>) = options.into_iter().unzip();
        self.view.question =
            Question { kind: QKind::Options, options: options.clone(), option_labels, number: (done + 1) as i32, count: total as i32, ..question };
        self.asking = Some(Asking {
            field,
            widget: Widget::Options(options),
            raw: Keys::default(),
            place: None,
            detail: Keys::default(),
            suggestions: Vec::new(),
            browse: Browse::Off,
            facilities: Vec::new(),
        });
        self.view.page = Page::Question;
    }

    /// The citizen answered for the card's old address of `field`: every line of the form
    /// with that card address takes the 2025 address chosen (the card's text stays with the
    /// answer); or the card's text is kept; or the place is asked with the picker.
    fn answer_moved(&mut self, field: &str, value: &str, now: NaiveDateTime) {
        let Ok(filled) = self.service.filled(&self.session, date_of(now)) else { return };
        let Some(on_card) = filled.answers.get(field).and_then(card_text) else { return self.next_step(now) };
        // another place: the picker; the card's address is settled only by its answer there
        if value == OTHER_PLACE {
            let (done, total) = (self.view.question.number.max(1) as usize - 1, self.view.question.count.max(0) as usize);
            return self.ask_field(field, done, total, now);
        }
        let chosen = (value != KEEP_CARD).then(|| value.to_string());
        self.moved.retain(|(t, _)| *t != on_card);
        self.moved.push((on_card, chosen));
        // next_step gives the answer to every line with that card address
        self.editing = false;
        self.next_step(now)
    }

    /// Every line of `filled` holding a card's old address that the citizen has answered for
    /// gets that answer: the 2025 address chosen, or the card's text back. Whether a line
    /// changed (the form is then to be filled again).
    pub(super) fn apply_moved(&mut self, filled: &crate::core::fill::Filled) -> bool {
        let mut changed = false;
        for (id, a) in &filled.answers {
            let Some(text) = card_text(a) else { continue };
            match self.moved.iter().find(|(t, _)| *t == text).map(|(_, c)| c.clone()) {
                Some(Some(chosen)) if a.value.as_text() != Some(chosen.as_str()) => {
                    self.service.answer(&mut self.session, id, Input::Text(chosen));
                    changed = true;
                }
                Some(None) if matches!(a.source, Source::NewUnits { .. }) => {
                    self.service.unanswer(&mut self.session, id);
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// A person's card is forgotten ("Quay lại" to their scan screen): what the kiosk's own
    /// questions wrote on their address lines goes with it.
    pub(super) fn forget_answers_of(&mut self, role: &str) {
        let Some(t) = self.session.form_id().and_then(|id| self.service.form(id).ok()) else { return };
        let ids: Vec<String> = t.fields.iter().filter(|f| f.role.as_deref() == Some(role) && f.kind == FieldKind::Address).map(|f| f.id.clone()).collect();
        for id in ids {
            self.service.unanswer(&mut self.session, &id);
        }
    }

    /// The citizen said whether the form names the person of `role`.
    pub(super) fn decide_person(&mut self, role: &str, named: bool) {
        for (r, d) in self.skipped.iter_mut() {
            if r == role {
                *d = Some(named);
            }
        }
    }

    /// Record an answer; stay on the question with the message when it is refused.
    fn answer(&mut self, value: String, now: NaiveDateTime) {
        let Some(field) = self.asking.as_ref().map(|q| q.field.clone()) else { return };
        // the kiosk's own questions are answered with a tap: nothing to correct
        if field.starts_with('@') {
            self.view.card_notice_name.clear();
        }
        if let Some(role) = field.strip_prefix(PERSON) {
            self.decide_person(role, value == "Có");
            return self.next_step(now);
        }
        if let Some(target) = field.strip_prefix(MOVED) {
            return self.answer_moved(target, &value, now);
        }
        if field.starts_with(super::after::ADDRESS_FOR) {
            return self.after_address(&field, value, now);
        }
        if field == COPIES {
            self.copies_asked = true;
            match value.strip_suffix(" bản").and_then(|n| n.parse::<u32>().ok()) {
                Some(n) => {
                    self.service.answer(&mut self.session, COPIES_WANTED, Input::Text("Có".into()));
                    self.service.answer(&mut self.session, COPIES_COUNT, Input::Text(n.to_string()));
                }
                None => {
                    self.service.answer(&mut self.session, COPIES_WANTED, Input::Text("Không".into()));
                    self.service.unanswer(&mut self.session, COPIES_COUNT);
                }
            }
            return self.next_step(now);
        }
        self.service.answer(&mut self.session, &field, Input::Text(value));
        match self.service.filled(&self.session, date_of(now)) {
            Ok(f) => {
                let refused = f.diagnostics.iter().find(|d| d.severity == Severity::Error && d.field.as_deref() == Some(field.as_str()));
                match refused {
                    // what was typed stays on screen, to be corrected (a one-digit slip in a
                    // date is fixed with "Xóa lùi", not typed again)
                    Some(d) => {
                        self.view.question.error = Some(d.msg.clone());
                        self.refresh_typed();
                    }
                    None => {
                        // the card's confirmation gives way once an answer is taken (not on a
                        // refusal: nothing moves while the citizen corrects it)
                        self.view.card_notice_name.clear();
                        if !self.asked.contains(&field) {
                            self.asked.push(field);
                        }
                        // a changed answer is done; what it made necessary is asked as usual
                        self.editing = false;
                        self.next_step(now)
                    }
                }
            }
            Err(e) => self.view.question.error = Some(e.msg()),
        }
    }

    /// One of the answers offered was tapped.
    pub(super) fn option(&mut self, value: String, now: NaiveDateTime) {
        self.answer(value, now)
    }

    /// A key of the keyboard or the digit pad.
    pub(super) fn key(&mut self, k: &str) {
        let Some(q) = self.asking.as_mut() else { return };
        let max = match q.widget {
            Widget::Digits { max, .. } => max,
            _ => crate::core::validate::MAX_TEXT,
        };
        let keys = q.keys();
        if keys.len() < max {
            keys.push(k);
        }
        self.refresh_typed();
    }

    pub(super) fn backspace(&mut self) {
        if let Some(q) = self.asking.as_mut() {
            q.keys().pop();
        }
        self.refresh_typed();
    }

    /// A word offered above the keyboard (a family name on a card).
    pub(super) fn insert(&mut self, word: &str) {
        if let Some(q) = self.asking.as_mut() {
            q.keys().insert_word(word);
        }
        self.refresh_typed();
    }

    /// "Tiếp tục": what is typed is the answer; nothing typed, or no place picked, is said.
    pub(super) fn next(&mut self, now: NaiveDateTime) {
        let Some(q) = self.asking.clone() else { return };
        let value = match (&q.widget, &q.place) {
            (Widget::Place(_), Some(place)) => ask::place_answer(&q.detail.text(), place),
            (Widget::Place(_), None) => {
                self.view.question.notice = QNotice::PickPlace;
                return;
            }
            (w, _) => typed_value(w, &q.raw),
        };
        if value.trim().is_empty() {
            self.view.question.notice = QNotice::Empty;
            return;
        }
        self.answer(value, now);
    }

    /// A place tapped in the picker.
    pub(super) fn pick_place(&mut self, place: String, now: NaiveDateTime) {
        let Some(q) = self.asking.as_mut() else { return };
        self.view.question.error = None;
        // browsing: a province opens its communes
        if q.browse == Browse::Provinces && q.widget == Widget::Place(AddressLevel::Commune) {
            q.browse = Browse::Communes(place);
            self.refresh_typed();
            return;
        }
        q.browse = Browse::Off;
        match q.widget {
            // a province is the whole answer; so is a health facility (its whole address)
            Widget::Place(AddressLevel::Province) => self.answer(place, now),
            Widget::Place(_) if q.facilities.contains(&place) => self.answer(place, now),
            // a commune: then the house, street or hamlet, if the citizen wants to add it
            Widget::Place(_) => {
                q.place = Some(place);
                q.detail.clear();
                self.refresh_typed();
            }
            _ => {}
        }
    }

    /// The picker lists the provinces (`true`) or goes back to the search (`false`).
    pub(super) fn browse(&mut self, provinces: bool) {
        if let Some(q) = self.asking.as_mut() {
            q.browse = if provinces { Browse::Provinces } else { Browse::Off };
        }
        self.refresh_typed();
    }

    /// "Đổi" on a picked place: search again.
    pub(super) fn change_place(&mut self) {
        if let Some(q) = self.asking.as_mut() {
            q.place = None;
        }
        self.refresh_typed();
    }
}
