//! Filling a form: prefill from cards and configuration, typed answers, derived values,
//! visibility, and validation. Never fails: problems come back as diagnostics.

use super::card::Card;
use super::config::KioskConfig;
use super::date::{date_in_words, Date};
pub use super::message::Msg;
use super::template::{CardAttr, Condition, Field, FieldKind, FormTemplate, KioskAttr, Prefill};
use super::text;
use super::units::old;
use super::units::{check_address, AddressCheck};
use super::validate::{normalize, normalize_table, Row, Rules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an answer came from. `key` names it in data (the same word as its serialised
/// `type`), `words` for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// From the chip-ID card QR of this role.
    Card { role: String },
    /// From a stored profile (the citizen consented earlier and typed their ID number).
    Profile { role: String },
    /// From the kiosk configuration.
    Config,
    /// Today's date.
    Today,
    /// The template's default (e.g. nationality "Việt Nam"), shown for confirmation.
    Default,
    /// Derived from another answer (a date written in words).
    Derived,
    /// Typed or picked by the citizen or staff.
    Typed,
    /// A card's (or profile's) address written in the units before 1 July 2025, turned into
    /// its 2025 commune and province as the citizen accepted or chose; the card's text kept.
    NewUnits { role: String, on_card: String },
}

impl Source {
    /// The source in data: `card`, `profile`, `config`, `today`, `default`, `derived`, `typed`.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Card { .. } => "card",
            Source::Profile { .. } => "profile",
            Source::Config => "config",
            Source::Today => "today",
            Source::Default => "default",
            Source::Derived => "derived",
            Source::Typed => "typed",
            Source::NewUnits { .. } => "new_units",
        }
    }

    /// The source in Vietnamese words, with the role of a card or profile.
    pub fn words(&self) -> String {
        match self {
            Source::Card { role } => format!("thẻ căn cước ({role})"),
            Source::Profile { role } => format!("thông tin đã lưu ({role})"),
            Source::Config => "cấu hình kiosk".into(),
            Source::Today => "ngày hôm nay".into(),
            Source::Default => "mặc định".into(),
            Source::Derived => "tự tính".into(),
            Source::Typed => "nhập".into(),
            Source::NewUnits { role, .. } => format!("thẻ căn cước ({role}), theo đơn vị hành chính mới"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Table(Vec<Row>),
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            Value::Table(_) => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) => s.is_empty(),
            Value::Table(r) => r.is_empty(),
        }
    }

    /// One line for a list of answers: the text, or how many rows a table has.
    pub fn summary(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Table(rows) => format!("{} dòng", rows.len()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: Value,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem with an answer or an input, in Vietnamese for the person at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub field: Option<String>,
    /// Serialised as its Vietnamese text.
    #[serde(rename = "message")]
    pub msg: Msg,
}

impl Diagnostic {
    /// The message in Vietnamese (the CLI's language).
    pub fn message(&self) -> String {
        self.msg.vi()
    }
}

/// A typed input: a scalar value, or the rows of a table field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(String),
    Rows(Vec<Row>),
}

/// Everything the filling needs from outside the template.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub cards: &'a BTreeMap<String, Card>,
    /// Roles whose card data came from a stored profile rather than a scan.
    pub profile_roles: &'a [String],
    pub config: &'a KioskConfig,
    pub today: Date,
    /// Whether the form's print font has a glyph for a character (from the font itself).
    pub printable: &'a dyn Fn(char) -> bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub id: String,
    pub label: String,
}

/// The result of filling: the answers of visible fields, in template order, plus what is
/// still missing and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filled {
    pub form_id: String,
    pub version: u32,
    pub answers: BTreeMap<String, Answer>,
    pub missing: Vec<Missing>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Filled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Complete and without errors: ready to confirm.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && !self.has_errors()
    }

    pub fn text(&self, id: &str) -> Option<&str> {
        self.answers.get(id).and_then(|a| a.value.as_text())
    }
}

/// A label that tells apart fields with the same label in different roles
/// ("Họ, chữ đệm, tên (Bên nữ)").
pub fn display_label(t: &FormTemplate, f: &Field) -> String {
    let same = t.fields.iter().filter(|g| g.label == f.label).count() > 1;
    match (&f.role, same) {
        (Some(r), true) => match t.role(r) {
            Some(role) => format!("{} ({})", f.label, role.label),
            None => f.label.clone(),
        },
        _ => f.label.clone(),
    }
}

fn card_value(card: &Card, attr: CardAttr) -> Option<String> {
    Some(match attr {
        CardAttr::FullName => card.full_name.clone(),
        CardAttr::IdNumber => card.id_number.clone(),
        CardAttr::OldIdNumber => card.old_id_number.clone()?,
        CardAttr::BirthDate => card.birth_date.to_string(),
        CardAttr::BirthYear => card.birth_date.year.to_string(),
        CardAttr::Sex => card.sex.label().to_string(),
        CardAttr::Residence => card.residence.clone(),
        CardAttr::IssueDate => card.issue_date?.to_string(),
        CardAttr::IdDocument => card.id_document(),
    })
}

fn prefill_value(f: &Field, cx: &Context) -> Option<(String, Source)> {
    match f.prefill? {
        Prefill::Card(attr) => {
            let role = f.role.as_ref()?;
            let card = cx.cards.get(role)?;
            let source = if cx.profile_roles.contains(role) { Source::Profile { role: role.clone() } } else { Source::Card { role: role.clone() } };
            card_value(card, attr).map(|v| (v, source))
        }
        Prefill::Kiosk(a) => {
            let c = cx.config;
            let v = match a {
                KioskAttr::AgencyName => &c.agency_name,
                KioskAttr::PoliceName => &c.police_name,
                KioskAttr::Place => &c.place,
                KioskAttr::Commune => &c.commune,
                KioskAttr::Province => &c.province,
            };
            Some((v.clone(), Source::Config))
        }
        Prefill::Today => Some((cx.today.to_string(), Source::Today)),
    }
}

fn err(code: &'static str, field: &str, msg: Msg) -> Diagnostic {
    Diagnostic { severity: Severity::Error, code, field: Some(field.to_string()), msg }
}

fn condition_holds(cond: &Condition, value: Option<&Value>) -> bool {
    let text = value.and_then(Value::as_text).unwrap_or("");
    let filled = value.is_some_and(|v| !v.is_empty());
    match cond {
        Condition::Equals(x) => text::fold(text) == text::fold(x),
        Condition::NotEquals(x) => text::fold(text) != text::fold(x),
        Condition::Filled(b) => filled == *b,
    }
}

/// A typed address that is the 2025 form of the card's (or profile's) old address: the
/// answer keeps where it came from and the card's text.
fn new_units(before: Option<&Answer>, typed: &str) -> Option<Source> {
    let Answer { value: Value::Text(on_card), source: Source::Card { role } | Source::Profile { role } } = before? else { return None };
    old::convert(on_card).moved().iter().any(|m| m.address == typed).then(|| Source::NewUnits { role: role.clone(), on_card: on_card.clone() })
}

/// Fill `t` from the cards and configuration in `cx` and the typed `inputs` (field id →
/// input; later inputs for the same field replace earlier ones).
pub fn fill(t: &FormTemplate, cx: &Context, inputs: &[(String, Input)]) -> Filled {
    let mut diags = Vec::new();
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();

    for role in cx.cards.keys() {
        match t.role(role) {
            Some(r) if r.card => {}
            _ => diags.push(Diagnostic {
                severity: Severity::Error,
                code: "input.unknown_role",
                field: None,
                msg: Msg::UnknownRole { role: role.to_string(), roles: t.card_roles().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ") },
            }),
        }
    }

    // 1. prefill: cards, configuration, today, defaults
    for f in &t.fields {
        if let Some((v, source)) = prefill_value(f, cx) {
            let checked = match (&source, f.kind) {
                // old card addresses name districts abolished in 2025: keep, but say so
                (Source::Card { .. } | Source::Profile { .. }, FieldKind::Address) => {
                    if !matches!(check_address(&v, true), AddressCheck::Ok(_)) {
                        diags.push(Diagnostic { severity: Severity::Warning, code: "card.old_address", field: Some(f.id.clone()), msg: Msg::OldCardAddress });
                    }
                    Ok(text::clean(&v))
                }
                _ => normalize(Rules::of_field(f), &v, cx.today),
            };
            match checked {
                Ok(v) => {
                    answers.insert(f.id.clone(), Answer { value: Value::Text(v), source });
                }
                Err(m) => diags.push(err("prefill.invalid", &f.id, m)),
            }
        } else if let Some(d) = &f.default {
            if let Ok(v) = normalize(Rules::of_field(f), d, cx.today) {
                answers.insert(f.id.clone(), Answer { value: Value::Text(v), source: Source::Default });
            }
        }
    }

    // 2. typed answers
    for (id, input) in inputs {
        let Some(f) = t.field(id) else {
            diags.push(Diagnostic {
                severity: Severity::Error,
                code: "input.unknown_field",
                field: Some(id.clone()),
                msg: Msg::UnknownField { form: t.id.clone(), field: id.clone() },
            });
            continue;
        };
        if f.in_words_of.is_some() {
            diags.push(err("input.derived", id, Msg::Derived));
            continue;
        }
        match (f.kind, input) {
            (FieldKind::Table, Input::Rows(rows)) => {
                let (rows, errs) = normalize_table(&f.columns, rows, cx.today);
                for m in errs {
                    diags.push(err("value.invalid", id, m));
                }
                answers.insert(id.clone(), Answer { value: Value::Table(rows), source: Source::Typed });
            }
            (FieldKind::Table, Input::Text(_)) => {
                diags.push(err("input.table_expected", id, Msg::TableExpected));
            }
            (_, Input::Rows(_)) => {
                diags.push(err("input.text_expected", id, Msg::TextExpected));
            }
            (_, Input::Text(raw)) => {
                if text::clean(raw).is_empty() {
                    answers.remove(id);
                    continue;
                }
                match normalize(Rules::of_field(f), raw, cx.today) {
                    Ok(v) => {
                        let source = new_units(answers.get(id), &v).unwrap_or(Source::Typed);
                        if matches!(source, Source::NewUnits { .. }) {
                            diags.retain(|d| !(d.code == "card.old_address" && d.field.as_deref() == Some(id.as_str())));
                        }
                        answers.insert(id.clone(), Answer { value: Value::Text(v), source });
                    }
                    Err(m) => {
                        answers.remove(id);
                        diags.push(err("value.invalid", id, m));
                    }
                }
            }
        }
    }

    // 3. rules between fields: not needed when another field is given (a card's value or
    // a default is dropped then: collect only what the form needs, and the line stays
    // blank as the form's note asks), derived values, visibility
    for f in &t.fields {
        let not_typed =
            matches!(answers.get(&f.id), Some(Answer { source: Source::Card { .. } | Source::Profile { .. } | Source::NewUnits { .. } | Source::Default, .. }));
        if not_typed && not_needed(f, &answers) {
            answers.remove(&f.id);
            diags.retain(|d| !(d.code == "card.old_address" && d.field.as_deref() == Some(&f.id)));
        }
        if let Some(src) = &f.in_words_of {
            let words = answers.get(src).and_then(|a| a.value.as_text()).and_then(Date::parse_typed).map(date_in_words);
            match words {
                Some(w) => {
                    answers.insert(f.id.clone(), Answer { value: Value::Text(w), source: Source::Derived });
                }
                None => {
                    answers.remove(&f.id);
                }
            }
        }
    }
    // what the form's font cannot print (another script, an emoji) would come out blank on
    // paper: refused, whatever its source, the field asked again
    let unprintable: Vec<String> = answers
        .iter()
        .filter(|(_, a)| match &a.value {
            Value::Text(v) => !v.chars().all(cx.printable),
            Value::Table(rows) => rows.iter().flat_map(|r| r.values()).any(|v| !v.chars().all(cx.printable)),
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in unprintable {
        answers.remove(&id);
        diags.push(err("value.unprintable", &id, Msg::Unprintable));
    }
    let hidden: Vec<String> = t.fields.iter().filter(|f| !is_visible(t, f, &answers)).map(|f| f.id.clone()).collect();
    for id in &hidden {
        if let Some(a) = answers.remove(id) {
            if a.source == Source::Typed {
                diags.push(Diagnostic { severity: Severity::Warning, code: "input.hidden_field", field: Some(id.clone()), msg: Msg::HiddenField });
            }
        }
    }
    diags.retain(|d| d.field.as_ref().is_none_or(|f| !hidden.contains(f) || d.code.starts_with("input.")));

    // 4. required fields
    let mut missing = Vec::new();
    for f in &t.fields {
        if !f.required || hidden.contains(&f.id) || answers.contains_key(&f.id) {
            continue;
        }
        if not_needed(f, &answers) {
            continue;
        }
        // a value that was typed but refused is reported as invalid, not twice as missing
        if diags.iter().any(|d| d.severity == Severity::Error && d.field.as_deref() == Some(&f.id)) {
            continue;
        }
        missing.push(Missing { id: f.id.clone(), label: display_label(t, f) });
    }

    Filled { form_id: t.id.clone(), version: t.version, answers, missing, diagnostics: diags }
}

/// Whether a field is shown, given the answers (conditions chain: a field whose condition
/// refers to a hidden field is hidden too).
/// Whether the field is not needed because the field its `not_needed_if` names is answered
/// ("Nơi cư trú" once an ID number is given).
pub fn not_needed(f: &Field, answers: &BTreeMap<String, Answer>) -> bool {
    f.not_needed_if.as_ref().is_some_and(|other| answers.get(other).is_some_and(|a| !a.value.is_empty()))
}

pub fn is_visible(t: &FormTemplate, f: &Field, answers: &BTreeMap<String, Answer>) -> bool {
    let mut cur = f;
    for _ in 0..t.fields.len() {
        let Some(s) = &cur.show_if else { return true };
        if !condition_holds(&s.condition, answers.get(&s.field).map(|a| &a.value)) {
            return false;
        }
        match t.field(&s.field) {
            Some(next) => cur = next,
            None => return true,
        }
    }
    // a cycle of conditions: never shown
    false
}
