//! Form templates: the raw TOML layer (serde, as written in `forms/*.toml`) and the
//! resolved, validated layer the rest of the program uses. Resolution never panics: every
//! problem becomes a [`TemplateDiagnostic`] naming the file and the field.

use super::date::Date;
use super::sheet::Sheet;
use serde::{Deserialize, Serialize};

use std::fmt;

mod raw;
mod resolve;

// ---------------------------------------------------------------------------------------
// Resolved layer.

/// The closed set of field kinds. Each has its own input widget and validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Name,
    Date,
    Year,
    Time,
    IdNumber,
    Phone,
    Email,
    Gender,
    Ethnicity,
    Nationality,
    Address,
    Choice,
    YesNo,
    Count,
    LongText,
    Table,
}

impl FieldKind {
    pub const ALL: [FieldKind; 17] = [
        FieldKind::Text,
        FieldKind::Name,
        FieldKind::Date,
        FieldKind::Year,
        FieldKind::Time,
        FieldKind::IdNumber,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::Gender,
        FieldKind::Ethnicity,
        FieldKind::Nationality,
        FieldKind::Address,
        FieldKind::Choice,
        FieldKind::YesNo,
        FieldKind::Count,
        FieldKind::LongText,
        FieldKind::Table,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Name => "name",
            FieldKind::Date => "date",
            FieldKind::Year => "year",
            FieldKind::Time => "time",
            FieldKind::IdNumber => "id_number",
            FieldKind::Phone => "phone",
            FieldKind::Email => "email",
            FieldKind::Gender => "gender",
            FieldKind::Ethnicity => "ethnicity",
            FieldKind::Nationality => "nationality",
            FieldKind::Address => "address",
            FieldKind::Choice => "choice",
            FieldKind::YesNo => "yes_no",
            FieldKind::Count => "count",
            FieldKind::LongText => "long_text",
            FieldKind::Table => "table",
        }
    }

    pub fn from_name(s: &str) -> Option<FieldKind> {
        FieldKind::ALL.iter().copied().find(|k| k.name() == s)
    }
}

/// What a card QR can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardAttr {
    FullName,
    IdNumber,
    OldIdNumber,
    BirthDate,
    BirthYear,
    Sex,
    Residence,
    IssueDate,
    IdDocument,
}

/// What the kiosk's configuration can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskAttr {
    AgencyName,
    PoliceName,
    Place,
    Commune,
    Province,
}

/// Where a field's value comes from before the citizen answers: `card.full_name`,
/// `kiosk.agency_name`, `today`. In JSON `{"from": "card", "attr": "full_name"}`; in the
/// binary form of the bundled templates the key as written in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefill {
    Card(CardAttr),
    Kiosk(KioskAttr),
    Today,
}

/// The attributes as a template names them.
const CARD_ATTRS: [(&str, CardAttr); 9] = [
    ("full_name", CardAttr::FullName),
    ("id_number", CardAttr::IdNumber),
    ("old_id_number", CardAttr::OldIdNumber),
    ("birth_date", CardAttr::BirthDate),
    ("birth_year", CardAttr::BirthYear),
    ("sex", CardAttr::Sex),
    ("residence", CardAttr::Residence),
    ("issue_date", CardAttr::IssueDate),
    ("id_document", CardAttr::IdDocument),
];
const KIOSK_ATTRS: [(&str, KioskAttr); 5] = [
    ("agency_name", KioskAttr::AgencyName),
    ("police_name", KioskAttr::PoliceName),
    ("place", KioskAttr::Place),
    ("commune", KioskAttr::Commune),
    ("province", KioskAttr::Province),
];

/// The JSON shape of [`Prefill`].
#[derive(Serialize, Deserialize)]
#[serde(tag = "from", content = "attr", rename_all = "snake_case")]
enum PrefillJson {
    Card(CardAttr),
    Kiosk(KioskAttr),
    Today,
}

impl Serialize for Prefill {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            match *self {
                Prefill::Card(a) => PrefillJson::Card(a),
                Prefill::Kiosk(a) => PrefillJson::Kiosk(a),
                Prefill::Today => PrefillJson::Today,
            }
            .serialize(s)
        } else {
            s.serialize_str(&self.key())
        }
    }
}

impl<'de> Deserialize<'de> for Prefill {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Prefill, D::Error> {
        if d.is_human_readable() {
            Ok(match PrefillJson::deserialize(d)? {
                PrefillJson::Card(a) => Prefill::Card(a),
                PrefillJson::Kiosk(a) => Prefill::Kiosk(a),
                PrefillJson::Today => Prefill::Today,
            })
        } else {
            let key = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            Prefill::parse(&key).ok_or_else(|| serde::de::Error::custom("not a prefill source"))
        }
    }
}

impl Prefill {
    pub fn parse(s: &str) -> Option<Prefill> {
        let (ns, attr) = match s.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        Some(match (ns, attr) {
            ("today", None) => Prefill::Today,
            ("card", Some(a)) => Prefill::Card(CARD_ATTRS.iter().find(|(k, _)| *k == a)?.1),
            ("kiosk", Some(a)) => Prefill::Kiosk(KIOSK_ATTRS.iter().find(|(k, _)| *k == a)?.1),
            _ => return None,
        })
    }

    /// The key as a template writes it: `card.full_name`, `today` ([`Prefill::parse`] back).
    pub fn key(self) -> String {
        match self {
            Prefill::Today => "today".into(),
            Prefill::Card(a) => format!("card.{}", CARD_ATTRS.iter().find(|(_, x)| *x == a).map_or("", |(k, _)| k)),
            Prefill::Kiosk(a) => format!("kiosk.{}", KIOSK_ATTRS.iter().find(|(_, x)| *x == a).map_or("", |(k, _)| k)),
        }
    }

    /// Kinds a source can fill.
    fn fits(self, kind: FieldKind) -> bool {
        use FieldKind as K;
        match self {
            Prefill::Today => kind == K::Date,
            Prefill::Kiosk(_) => matches!(kind, K::Text | K::Address),
            Prefill::Card(a) => match a {
                CardAttr::FullName => kind == K::Name,
                CardAttr::IdNumber => matches!(kind, K::IdNumber | K::Text),
                CardAttr::OldIdNumber | CardAttr::IdDocument => kind == K::Text,
                CardAttr::BirthDate | CardAttr::IssueDate => kind == K::Date,
                CardAttr::BirthYear => kind == K::Year,
                CardAttr::Sex => kind == K::Gender,
                CardAttr::Residence => matches!(kind, K::Address | K::Text),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Equals(String),
    NotEquals(String),
    Filled(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowIf {
    pub field: String,
    pub condition: Condition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressLevel {
    /// Commune and province must be named and exist in the 2025 list.
    Commune,
    /// A province is enough (hometown, place of birth abroad is not checked).
    Province,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    pub role: Option<String>,
    pub required: bool,
    pub hint: Option<String>,
    pub prefill: Option<Prefill>,
    pub default: Option<String>,
    pub show_if: Option<ShowIf>,
    /// Not required, and not filled from a card, when this other field has a value
    /// (e.g. "Nơi cư trú" when an ID number is given, Thông tư 04/2024/TT-BTP).
    pub not_needed_if: Option<String>,
    /// Derived: this other date field written in words.
    pub in_words_of: Option<String>,
    pub options: Vec<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub not_future: bool,
    pub address_level: AddressLevel,
    /// A place where people are born or die: the office's health facilities
    /// (`health_facilities` in `kiosk.toml`) are offered first, a tap each.
    pub facilities: bool,
    /// Print the value in the 12-box ID grid.
    pub id_grid: bool,
    pub columns: Vec<Column>,
    pub section: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub label: String,
    pub card: bool,
    pub scan_prompt: Option<String>,
    pub sex: Option<super::card::Sex>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Option<String>,
    pub intro: Option<String>,
    pub columns: Vec<String>,
    /// Ids of this section's fields, in order.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub title: String,
    pub name_field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormTemplate {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub name: String,
    pub group: String,
    /// Where its tile comes among the procedures: the most asked for first (lower first).
    pub order: u32,
    pub procedure_code: String,
    pub legal_basis: String,
    pub form_code: Option<String>,
    pub papers: Vec<String>,
    pub declaration: Option<String>,
    pub roles: Vec<Role>,
    pub sections: Vec<Section>,
    /// All fields in print order (sections expanded).
    pub fields: Vec<Field>,
    pub signatures: Vec<Signature>,
    /// First and last day this version is in force (None: open-ended).
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    /// How the form prints, line for line with its annex.
    pub sheet: Option<Sheet>,
    /// When the result is due and how it may come back (the desk only, the same day, when
    /// the template does not say).
    pub result: crate::core::after::ResultTerms,
}

impl FormTemplate {
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Whether this version of the form is the one in force on `day`.
    pub fn in_force(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_until.is_none_or(|u| day <= u)
    }

    /// "01/07/2025 – 28/02/2027", "từ 01/07/2025".
    pub fn validity(&self) -> String {
        match (self.valid_from, self.valid_until) {
            (Some(f), Some(u)) => format!("{f} – {u}"),
            (Some(f), None) => format!("từ {f}"),
            (None, Some(u)) => format!("đến {u}"),
            (None, None) => String::new(),
        }
    }

    /// Roles whose card can be scanned, in template order.
    pub fn card_roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.iter().filter(|r| r.card)
    }
}

/// A problem in a template file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDiagnostic {
    pub file: String,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for TemplateDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: field `{}`: {}", self.file, field, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Parse and resolve one template file's text. `file` is only used in diagnostics.
/// Returns the template when there is no diagnostic.
pub fn parse_template(file: &str, text: &str) -> Result<FormTemplate, Vec<TemplateDiagnostic>> {
    let mut r = resolve::Resolver { file, diags: Vec::new() };
    let raw: raw::RawTemplate = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let at = e.span().map(|s| line_col(text, s.start)).map(|(l, c)| format!("line {l}, column {c}: "));
            r.err(None, format!("{}{}", at.unwrap_or_default(), e.message()));
            return Err(r.diags);
        }
    };
    let t = resolve::resolve(&mut r, raw);
    if r.diags.is_empty() {
        Ok(t)
    } else {
        Err(r.diags)
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}
