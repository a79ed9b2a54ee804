//! Form templates: the raw TOML layer (serde, as written in `forms/*.toml`) and the
//! resolved, validated layer the rest of the program uses. Resolution never panics: every
//! problem becomes a [`TemplateDiagnostic`] naming the file and the field.

use super::date::Date;
use super::sheet::{Block, Line, Mode, Seg, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

// ---------------------------------------------------------------------------------------
// Raw layer: as close to the file as possible.

fn two() -> u32 {
    2
}

fn default_order() -> u32 {
    100
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: String,
    version: u32,
    title: String,
    name: String,
    group: String,
    #[serde(default = "default_order")]
    order: u32,
    procedure_code: String,
    legal_basis: String,
    #[serde(default)]
    form_code: Option<String>,
    #[serde(default)]
    papers: Vec<String>,
    #[serde(default)]
    declaration: Option<String>,
    roles: Vec<RawRole>,
    sections: Vec<RawSection>,
    #[serde(default)]
    signatures: Vec<RawSignature>,
    /// First day this version of the form is in force ("01/07/2025").
    #[serde(default)]
    valid_from: Option<String>,
    /// Last day it is in force, when a successor is known.
    #[serde(default)]
    valid_until: Option<String>,
    /// The annex line for line (see `core::sheet`); without it the fields are laid out
    /// section by section.
    #[serde(default)]
    print: Option<RawPrint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    #[serde(default)]
    motto: Vec<String>,
    #[serde(default)]
    header: Vec<String>,
    #[serde(default = "two")]
    signature_columns: u32,
    body: Vec<RawBlock>,
    #[serde(default)]
    beside: Vec<String>,
    #[serde(default)]
    signatures: Vec<Vec<String>>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawBlock {
    Line(String),
    Table { table: String },
    Rows { rows: Vec<Vec<String>>, widths: Vec<u32> },
    Photos { photos: Vec<String> },
    Columns { columns: Vec<Vec<String>> },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: String,
    label: String,
    #[serde(default)]
    card: bool,
    #[serde(default)]
    scan_prompt: Option<String>,
    /// "Nam" or "Nữ": the sex the role's person has (the mother, the groom); a card of the
    /// other sex is refused for it.
    #[serde(default)]
    sex: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignature {
    title: String,
    #[serde(default)]
    name_field: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    /// Two-column section (marriage form): every field is repeated for each of these roles,
    /// with id `<role>_<field id>`.
    #[serde(default)]
    columns: Vec<String>,
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
    label: String,
    kind: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    prefill: Option<String>,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    show_if: Option<RawShowIf>,
    #[serde(default)]
    not_needed_if: Option<String>,
    #[serde(default)]
    in_words_of: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    min: Option<i64>,
    #[serde(default)]
    max: Option<i64>,
    #[serde(default)]
    not_future: bool,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    id_grid: bool,
    #[serde(default)]
    columns: Vec<RawColumn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShowIf {
    field: String,
    #[serde(default)]
    equals: Option<String>,
    #[serde(default)]
    not_equals: Option<String>,
    #[serde(default)]
    filled: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    id: String,
    label: String,
    kind: String,
    #[serde(default)]
    optional: bool,
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskAttr {
    AgencyName,
    PoliceName,
    Place,
    Commune,
    Province,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "attr", rename_all = "snake_case")]
pub enum Prefill {
    Card(CardAttr),
    Kiosk(KioskAttr),
    Today,
}

impl Prefill {
    pub fn parse(s: &str) -> Option<Prefill> {
        let (ns, attr) = match s.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        Some(match (ns, attr) {
            ("today", None) => Prefill::Today,
            ("card", Some(a)) => Prefill::Card(match a {
                "full_name" => CardAttr::FullName,
                "id_number" => CardAttr::IdNumber,
                "old_id_number" => CardAttr::OldIdNumber,
                "birth_date" => CardAttr::BirthDate,
                "birth_year" => CardAttr::BirthYear,
                "sex" => CardAttr::Sex,
                "residence" => CardAttr::Residence,
                "issue_date" => CardAttr::IssueDate,
                "id_document" => CardAttr::IdDocument,
                _ => return None,
            }),
            ("kiosk", Some(a)) => Prefill::Kiosk(match a {
                "agency_name" => KioskAttr::AgencyName,
                "police_name" => KioskAttr::PoliceName,
                "place" => KioskAttr::Place,
                "commune" => KioskAttr::Commune,
                "province" => KioskAttr::Province,
                _ => return None,
            }),
            _ => return None,
        })
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Equals(String),
    NotEquals(String),
    Filled(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowIf {
    pub field: String,
    pub condition: Condition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressLevel {
    /// Commune and province must be named and exist in the 2025 list.
    Commune,
    /// A province is enough (hometown, place of birth abroad is not checked).
    Province,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Print the value in the 12-box ID grid.
    pub id_grid: bool,
    pub columns: Vec<Column>,
    pub section: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub id: String,
    pub label: String,
    pub card: bool,
    pub scan_prompt: Option<String>,
    pub sex: Option<super::card::Sex>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Option<String>,
    pub intro: Option<String>,
    pub columns: Vec<String>,
    /// Ids of this section's fields, in order.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub title: String,
    pub name_field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') && s.as_bytes()[0].is_ascii_lowercase()
}

struct Resolver<'a> {
    file: &'a str,
    diags: Vec<TemplateDiagnostic>,
}

impl Resolver<'_> {
    fn err(&mut self, field: Option<&str>, message: impl Into<String>) {
        self.diags.push(TemplateDiagnostic { file: self.file.to_string(), field: field.map(String::from), message: message.into() });
    }
}

/// Parse and resolve one template file's text. `file` is only used in diagnostics.
/// Returns the template when there is no diagnostic.
pub fn parse_template(file: &str, text: &str) -> Result<FormTemplate, Vec<TemplateDiagnostic>> {
    let mut r = Resolver { file, diags: Vec::new() };
    let raw: RawTemplate = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let at = e.span().map(|s| line_col(text, s.start)).map(|(l, c)| format!("line {l}, column {c}: "));
            r.err(None, format!("{}{}", at.unwrap_or_default(), e.message()));
            return Err(r.diags);
        }
    };
    let t = resolve(&mut r, raw);
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

fn resolve(r: &mut Resolver, raw: RawTemplate) -> FormTemplate {
    if !valid_id(&raw.id) {
        r.err(None, format!("form id `{}` must be lower-case ASCII letters, digits, `-` or `_`", raw.id));
    }
    if raw.version == 0 {
        r.err(None, "version must be 1 or more");
    }
    for (what, v) in [("title", &raw.title), ("name", &raw.name), ("group", &raw.group), ("legal_basis", &raw.legal_basis)] {
        if v.trim().is_empty() {
            r.err(None, format!("`{what}` is empty"));
        }
    }
    if !raw.procedure_code.chars().all(|c| c.is_ascii_digit() || c == '.') || raw.procedure_code.is_empty() {
        r.err(None, format!("procedure code `{}` is not like `1.001193`", raw.procedure_code));
    }
    let mut roles = Vec::new();
    for role in raw.roles {
        if !valid_id(&role.id) {
            r.err(None, format!("role id `{}` is not a valid id", role.id));
        }
        if roles.iter().any(|x: &Role| x.id == role.id) {
            r.err(None, format!("role `{}` is declared twice", role.id));
        }
        let sex = role.sex.as_deref().and_then(|x| {
            let sex = super::card::Sex::parse(x);
            if sex.is_none() {
                r.err(None, format!("role `{}`: sex `{x}` is not `Nam` or `Nữ`", role.id));
            }
            sex
        });
        roles.push(Role { id: role.id, label: role.label, card: role.card, scan_prompt: role.scan_prompt, sex });
    }

    let mut fields: Vec<Field> = Vec::new();
    let mut sections = Vec::new();
    let mut section_ids = BTreeSet::new();
    for s in raw.sections {
        if !section_ids.insert(s.id.clone()) {
            r.err(None, format!("section `{}` is declared twice", s.id));
        }
        for c in &s.columns {
            if !roles.iter().any(|x| &x.id == c) {
                r.err(None, format!("section `{}`: column role `{c}` is not declared in [[roles]]", s.id));
            }
        }
        if s.fields.is_empty() {
            r.err(None, format!("section `{}` has no fields", s.id));
        }
        let mut ids = Vec::new();
        let column_roles: Vec<Option<String>> = if s.columns.is_empty() { vec![None] } else { s.columns.iter().cloned().map(Some).collect() };
        for rf in &s.fields {
            for col in &column_roles {
                let f = resolve_field(r, rf, col.as_deref(), &s.id, &roles);
                ids.push(f.id.clone());
                fields.push(f);
            }
        }
        // two-column sections are printed row by row: interleave is done by layout; keep
        // ids in the order role A's fields, role B's fields for the answer list
        if !s.columns.is_empty() {
            let n = s.columns.len();
            let mut by_col: Vec<String> = Vec::new();
            for c in 0..n {
                by_col.extend(ids.iter().skip(c).step_by(n).cloned());
            }
            ids = by_col;
        }
        sections.push(Section { id: s.id, title: s.title, intro: s.intro, columns: s.columns, fields: ids });
    }
    // order of `fields` follows sections (two-column sections: per column)
    let order: Vec<String> = sections.iter().flat_map(|s| s.fields.iter().cloned()).collect();
    fields.sort_by_key(|f| order.iter().position(|id| id == &f.id));

    // cross-field checks
    let mut seen = BTreeSet::new();
    for f in &fields {
        if !seen.insert(f.id.clone()) {
            r.err(Some(&f.id), "field id is used twice");
        }
    }
    let kinds: BTreeMap<&str, FieldKind> = fields.iter().map(|f| (f.id.as_str(), f.kind)).collect();
    for f in &fields {
        if let Some(s) = &f.show_if {
            if s.field == f.id {
                r.err(Some(&f.id), "show_if refers to the field itself");
            } else if !kinds.contains_key(s.field.as_str()) {
                r.err(Some(&f.id), format!("show_if refers to unknown field `{}`", s.field));
            }
        }
        if let Some(o) = &f.not_needed_if {
            if !kinds.contains_key(o.as_str()) || o == &f.id {
                r.err(Some(&f.id), format!("not_needed_if refers to unknown field `{o}`"));
            }
        }
        if let Some(o) = &f.in_words_of {
            match kinds.get(o.as_str()) {
                Some(FieldKind::Date) => {}
                Some(_) => r.err(Some(&f.id), format!("in_words_of: `{o}` is not a date field")),
                None => r.err(Some(&f.id), format!("in_words_of refers to unknown field `{o}`")),
            }
        }
    }
    // a default must be an answer the field accepts; a condition must test a value the
    // tested field can have; `not_needed_if` must not go round in a circle
    let far = Date { year: 9999, month: 12, day: 31 };
    for f in &fields {
        if let Some(d) = &f.default {
            if super::validate::normalize(super::validate::Rules::of_field(f), d, far).is_err() {
                r.err(Some(&f.id), format!("default `{d}` is not a valid answer of this `{}` field", f.kind.name()));
            }
        }
        if let Some(ShowIf { field, condition: Condition::Equals(v) | Condition::NotEquals(v) }) = &f.show_if {
            if let Some(tested) = fields.iter().find(|g| &g.id == field) {
                let options: Vec<String> = match tested.kind {
                    FieldKind::Choice => tested.options.clone(),
                    FieldKind::YesNo => vec!["Có".into(), "Không".into()],
                    FieldKind::Gender => vec!["Nam".into(), "Nữ".into()],
                    _ => Vec::new(),
                };
                if !options.is_empty() && !options.contains(v) {
                    r.err(Some(&f.id), format!("show_if tests `{field}` for `{v}`, which is not one of its answers"));
                }
            }
        }
        let mut cur = f;
        for _ in 0..=fields.len() {
            match cur.not_needed_if.as_ref().and_then(|o| fields.iter().find(|g| &g.id == o)) {
                Some(next) if next.id == f.id => {
                    r.err(Some(&f.id), "not_needed_if conditions form a cycle");
                    break;
                }
                Some(next) => cur = next,
                None => break,
            }
        }
    }
    for f in &fields {
        let mut cur = f;
        let mut steps = 0;
        while let Some(next) = cur.show_if.as_ref().and_then(|s| fields.iter().find(|g| g.id == s.field)) {
            steps += 1;
            if next.id == f.id {
                r.err(Some(&f.id), "show_if conditions form a cycle");
                break;
            }
            if steps > fields.len() {
                break;
            }
            cur = next;
        }
    }
    let mut signatures = Vec::new();
    for s in raw.signatures {
        if let Some(n) = &s.name_field {
            if !kinds.contains_key(n.as_str()) {
                r.err(None, format!("signature `{}`: name_field `{n}` is not a field", s.title));
            }
        }
        signatures.push(Signature { title: s.title, name_field: s.name_field });
    }
    let mut day = |key: &str, v: Option<&String>| {
        v.and_then(|v| {
            let d = Date::parse_typed(v);
            if d.is_none() {
                r.err(None, format!("`{key}` is not a date dd/mm/yyyy"));
            }
            d
        })
    };
    let valid_from = day("valid_from", raw.valid_from.as_ref());
    let valid_until = day("valid_until", raw.valid_until.as_ref());
    if let (Some(f), Some(u)) = (valid_from, valid_until) {
        if u < f {
            r.err(None, "`valid_until` is before `valid_from`");
        }
    }
    let sheet = raw.print.map(|p| resolve_sheet(r, p, &fields));

    FormTemplate {
        id: raw.id,
        version: raw.version,
        title: raw.title,
        name: raw.name,
        group: raw.group,
        order: raw.order,
        procedure_code: raw.procedure_code,
        legal_basis: raw.legal_basis,
        form_code: raw.form_code,
        papers: raw.papers,
        declaration: raw.declaration,
        roles,
        sections,
        fields,
        signatures,
        valid_from,
        valid_until,
        sheet,
    }
}

fn resolve_sheet(r: &mut Resolver, p: RawPrint, fields: &[Field]) -> Sheet {
    let line = |r: &mut Resolver, src: &str| -> Line {
        match super::sheet::parse_line(&crate::core::text::clean(src)) {
            Ok(l) => l,
            Err(e) => {
                r.err(None, format!("[print]: line `{}`: {e}", src.chars().take(40).collect::<String>()));
                Line { segs: Vec::new(), align: super::sheet::Align::Left, face: super::layout::Face::Regular }
            }
        }
    };
    let header = p.header.iter().map(|l| line(r, l)).collect();
    let mut body = Vec::new();
    for b in &p.body {
        body.push(match b {
            RawBlock::Line(l) => Block::Line(line(r, l)),
            RawBlock::Table { table } => Block::Table { field: table.clone() },
            RawBlock::Rows { rows, widths } => {
                if rows.iter().any(|row| row.len() != widths.len()) {
                    r.err(None, "[print]: every row needs one cell per width");
                }
                Block::Rows { rows: rows.iter().map(|row| row.iter().map(|c| line(r, c)).collect()).collect(), widths: widths.clone() }
            }
            RawBlock::Photos { photos } => Block::Photos(photos.clone()),
            RawBlock::Columns { columns } => Block::Columns(columns.iter().map(|b| b.iter().map(|l| line(r, l)).collect()).collect()),
        });
    }
    if !p.motto.is_empty() && p.motto.len() != 2 {
        r.err(None, "[print]: `motto` has two lines");
    }
    if !(1..=4).contains(&p.signature_columns) {
        r.err(None, "[print]: `signature_columns` is 1 to 4");
    }
    let sheet = Sheet {
        motto: p.motto.iter().map(|m| crate::core::text::clean(m)).collect(),
        signature_columns: p.signature_columns,
        header,
        body,
        beside: p.beside.iter().map(|l| line(r, l)).collect(),
        signatures: p.signatures.iter().map(|b| b.iter().map(|l| line(r, l)).collect()).collect(),
        // the notes are the annex's own text: "..." there is not a blank
        notes: p
            .notes
            .iter()
            .map(|l| {
                let mut l = line(r, l);
                for seg in &mut l.segs {
                    if *seg == Seg::Blank {
                        *seg = Seg::Text("...".into());
                    }
                }
                l
            })
            .collect(),
    };
    // every placeholder names a field of the right kind, and every field is printed
    let mut printed = BTreeSet::new();
    let kind_of = |id: &str| fields.iter().find(|f| f.id == id);
    let mut check = |r: &mut Resolver, seg: &Seg| match seg {
        Seg::Value { field, mode } => match kind_of(field) {
            None => r.err(None, format!("[print]: `{{{field}}}` is not a field")),
            Some(f) => {
                printed.insert(field.clone());
                let fits = match mode {
                    Mode::Plain => f.kind != FieldKind::Table,
                    Mode::Grid => f.kind == FieldKind::IdNumber,
                    Mode::Date | Mode::DateCap | Mode::Dmy => f.kind == FieldKind::Date,
                };
                if !fits {
                    r.err(Some(field), format!("[print]: a `{}` field cannot be printed that way", f.kind.name()));
                }
            }
        },
        Seg::Check { field, equals } => match kind_of(field) {
            None => r.err(None, format!("[print]: checkbox `{{{field}=…}}` is not a field")),
            Some(f) => {
                printed.insert(field.clone());
                let options: Vec<&str> = match f.kind {
                    FieldKind::YesNo => vec!["Có", "Không"],
                    FieldKind::Choice => f.options.iter().map(String::as_str).collect(),
                    _ => Vec::new(),
                };
                if !options.contains(&equals.as_str()) {
                    r.err(Some(field), format!("[print]: checkbox option `{equals}` is not an answer of this field"));
                }
            }
        },
        _ => {}
    };
    for l in sheet.lines() {
        for seg in l.all_segs() {
            check(r, seg);
        }
    }
    for b in &sheet.body {
        if let Block::Table { field } = b {
            match kind_of(field) {
                Some(f) if f.kind == FieldKind::Table => {
                    printed.insert(field.clone());
                }
                _ => r.err(None, format!("[print]: table `{field}` is not a table field")),
            }
        }
    }
    for f in fields {
        if !printed.contains(&f.id) {
            r.err(Some(&f.id), "[print]: the field is never printed (a form collects only what it prints)");
        }
    }
    sheet
}

fn resolve_field(r: &mut Resolver, rf: &RawField, column_role: Option<&str>, section: &str, roles: &[Role]) -> Field {
    let id = match column_role {
        Some(role) => format!("{role}_{}", rf.id),
        None => rf.id.clone(),
    };
    let fid = Some(id.as_str());
    if !valid_id(&rf.id) {
        r.err(fid, "id must be lower-case ASCII letters, digits, `-` or `_`");
    }
    if rf.label.trim().is_empty() {
        r.err(fid, "label is empty");
    }
    let kind = FieldKind::from_name(&rf.kind).unwrap_or_else(|| {
        let all: Vec<_> = FieldKind::ALL.iter().map(|k| k.name()).collect();
        r.err(fid, format!("unknown kind `{}` (one of: {})", rf.kind, all.join(", ")));
        FieldKind::Text
    });
    let role = match (column_role, &rf.role) {
        (Some(c), None) => Some(c.to_string()),
        (Some(_), Some(_)) => {
            r.err(fid, "a field in a two-column section takes its role from the column");
            None
        }
        (None, Some(role)) => {
            if !roles.iter().any(|x| &x.id == role) {
                r.err(fid, format!("role `{role}` is not declared in [[roles]]"));
            }
            Some(role.clone())
        }
        (None, None) => None,
    };
    let prefill = rf.prefill.as_deref().and_then(|p| {
        let Some(src) = Prefill::parse(p) else {
            r.err(fid, format!("unknown prefill source `{p}` (card.<attr>, kiosk.<attr> or today)"));
            return None;
        };
        if !src.fits(kind) {
            r.err(fid, format!("prefill `{p}` cannot fill a `{}` field", kind.name()));
        }
        if let Prefill::Card(_) = src {
            match role.as_deref().and_then(|ro| roles.iter().find(|x| x.id == ro)) {
                Some(ro) if ro.card => {}
                Some(ro) => r.err(fid, format!("prefill `{p}` needs role `{}` to have `card = true`", ro.id)),
                None => r.err(fid, format!("prefill `{p}` needs the field to have a role")),
            }
        }
        Some(src)
    });
    if kind == FieldKind::Choice && rf.options.len() < 2 {
        r.err(fid, "a choice field needs at least two `options`");
    }
    if kind != FieldKind::Choice && !rf.options.is_empty() {
        r.err(fid, "`options` only apply to choice fields");
    }
    if (rf.min.is_some() || rf.max.is_some()) && kind != FieldKind::Count {
        r.err(fid, "`min`/`max` only apply to count fields");
    }
    if let (Some(a), Some(b)) = (rf.min, rf.max) {
        if a > b {
            r.err(fid, "min is greater than max");
        }
    }
    if rf.not_future && !matches!(kind, FieldKind::Date | FieldKind::Year) {
        r.err(fid, "`not_future` only applies to date and year fields");
    }
    if rf.id_grid && kind != FieldKind::IdNumber {
        r.err(fid, "`id_grid` only applies to id_number fields");
    }
    if rf.in_words_of.is_some() && kind != FieldKind::Text {
        r.err(fid, "`in_words_of` needs a text field");
    }
    let address_level = match rf.address.as_deref() {
        None | Some("commune") => AddressLevel::Commune,
        Some("province") => AddressLevel::Province,
        Some(other) => {
            r.err(fid, format!("address level `{other}` is not `commune` or `province`"));
            AddressLevel::Commune
        }
    };
    if rf.address.is_some() && kind != FieldKind::Address {
        r.err(fid, "`address` only applies to address fields");
    }
    let mut columns = Vec::new();
    if kind == FieldKind::Table {
        if rf.columns.is_empty() {
            r.err(fid, "a table field needs `columns`");
        }
        for c in &rf.columns {
            let ck = FieldKind::from_name(&c.kind).unwrap_or_else(|| {
                r.err(fid, format!("column `{}`: unknown kind `{}`", c.id, c.kind));
                FieldKind::Text
            });
            if matches!(ck, FieldKind::Table | FieldKind::Choice) {
                r.err(fid, format!("column `{}`: kind `{}` cannot be a table column", c.id, c.kind));
            }
            if !valid_id(&c.id) || columns.iter().any(|x: &Column| x.id == c.id) {
                r.err(fid, format!("column id `{}` is invalid or repeated", c.id));
            }
            columns.push(Column { id: c.id.clone(), label: c.label.clone(), kind: ck, required: !c.optional });
        }
    } else if !rf.columns.is_empty() {
        r.err(fid, "`columns` only apply to table fields");
    }
    let show_if = rf.show_if.as_ref().and_then(|s| {
        let cond = match (&s.equals, &s.not_equals, s.filled) {
            (Some(v), None, None) => Condition::Equals(v.clone()),
            (None, Some(v), None) => Condition::NotEquals(v.clone()),
            (None, None, Some(b)) => Condition::Filled(b),
            _ => {
                r.err(fid, "show_if needs exactly one of `equals`, `not_equals`, `filled`");
                return None;
            }
        };
        // in a two-column section, a condition on a sibling refers to the same column
        let field = match column_role {
            Some(c) => format!("{c}_{}", s.field),
            None => s.field.clone(),
        };
        Some(ShowIf { field, condition: cond })
    });
    let sibling = |o: &String| match column_role {
        Some(c) => format!("{c}_{o}"),
        None => o.clone(),
    };
    Field {
        id,
        label: crate::core::text::clean(&rf.label),
        kind,
        role,
        required: !rf.optional && rf.in_words_of.is_none(),
        hint: rf.hint.clone(),
        prefill,
        default: rf.default.clone(),
        show_if,
        not_needed_if: rf.not_needed_if.as_ref().map(sibling),
        in_words_of: rf.in_words_of.as_ref().map(sibling),
        options: rf.options.iter().map(|o| crate::core::text::clean(o)).collect(),
        min: rf.min,
        max: rf.max,
        not_future: rf.not_future,
        address_level,
        id_grid: rf.id_grid,
        columns,
        section: section.to_string(),
    }
}
