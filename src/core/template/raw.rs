//! The raw layer of a template: as close to the TOML file as possible (serde).

use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Raw layer: as close to the file as possible.

pub(super) fn two() -> u32 {
    2
}

pub(super) fn default_order() -> u32 {
    100
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplate {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) title: String,
    pub(super) name: String,
    pub(super) group: String,
    #[serde(default = "default_order")]
    pub(super) order: u32,
    pub(super) procedure_code: String,
    pub(super) legal_basis: String,
    #[serde(default)]
    pub(super) form_code: Option<String>,
    #[serde(default)]
    pub(super) papers: Vec<String>,
    #[serde(default)]
    pub(super) declaration: Option<String>,
    pub(super) roles: Vec<RawRole>,
    pub(super) sections: Vec<RawSection>,
    #[serde(default)]
    pub(super) signatures: Vec<RawSignature>,
    /// First day this version of the form is in force ("01/07/2025").
    #[serde(default)]
    pub(super) valid_from: Option<String>,
    /// Last day it is in force, when a successor is known.
    #[serde(default)]
    pub(super) valid_until: Option<String>,
    /// The annex line for line (see `core::sheet`); without it the fields are laid out
    /// section by section.
    #[serde(default)]
    pub(super) print: Option<RawPrint>,
    /// When the result is due and how it may come back.
    #[serde(default)]
    pub(super) result: Option<RawResult>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawResult {
    #[serde(default)]
    pub(super) days: Option<u32>,
    pub(super) ways: Vec<String>,
    #[serde(default)]
    pub(super) in_person: Option<String>,
    pub(super) basis: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrint {
    #[serde(default)]
    pub(super) motto: Vec<String>,
    #[serde(default)]
    pub(super) header: Vec<String>,
    #[serde(default = "two")]
    pub(super) signature_columns: u32,
    pub(super) body: Vec<RawBlock>,
    #[serde(default)]
    pub(super) beside: Vec<String>,
    #[serde(default)]
    pub(super) signatures: Vec<Vec<String>>,
    #[serde(default)]
    pub(super) notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawBlock {
    Line(String),
    Table { table: String },
    Rows { rows: Vec<Vec<String>>, widths: Vec<u32> },
    Photos { photos: Vec<String> },
    Columns { columns: Vec<Vec<String>> },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRole {
    pub(super) id: String,
    pub(super) label: String,
    #[serde(default)]
    pub(super) card: bool,
    #[serde(default)]
    pub(super) scan_prompt: Option<String>,
    /// "Nam" or "Nữ": the sex the role's person has (the mother, the groom); a card of the
    /// other sex is refused for it.
    #[serde(default)]
    pub(super) sex: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignature {
    pub(super) title: String,
    #[serde(default)]
    pub(super) name_field: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) id: String,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) intro: Option<String>,
    /// Two-column section (marriage form): every field is repeated for each of these roles,
    /// with id `<role>_<field id>`.
    #[serde(default)]
    pub(super) columns: Vec<String>,
    pub(super) fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawField {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) kind: String,
    #[serde(default)]
    pub(super) role: Option<String>,
    #[serde(default)]
    pub(super) optional: bool,
    #[serde(default)]
    pub(super) hint: Option<String>,
    #[serde(default)]
    pub(super) prefill: Option<String>,
    #[serde(default)]
    pub(super) default: Option<String>,
    #[serde(default)]
    pub(super) show_if: Option<RawShowIf>,
    #[serde(default)]
    pub(super) not_needed_if: Option<String>,
    #[serde(default)]
    pub(super) in_words_of: Option<String>,
    #[serde(default)]
    pub(super) options: Vec<String>,
    #[serde(default)]
    pub(super) min: Option<i64>,
    #[serde(default)]
    pub(super) max: Option<i64>,
    #[serde(default)]
    pub(super) not_future: bool,
    #[serde(default)]
    pub(super) facilities: bool,
    #[serde(default)]
    pub(super) address: Option<String>,
    #[serde(default)]
    pub(super) id_grid: bool,
    #[serde(default)]
    pub(super) columns: Vec<RawColumn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShowIf {
    pub(super) field: String,
    #[serde(default)]
    pub(super) equals: Option<String>,
    #[serde(default)]
    pub(super) not_equals: Option<String>,
    #[serde(default)]
    pub(super) filled: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawColumn {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) kind: String,
    #[serde(default)]
    pub(super) optional: bool,
}
