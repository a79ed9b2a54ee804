//! Loading form templates: the bundled set (embedded at build time from `forms/`) or the
//! `*.toml` files of a directory. The only module that reads template files.

use crate::core::date::Date;
use crate::core::template::{parse_template, FormTemplate, TemplateDiagnostic};
use std::path::{Path, PathBuf};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/bundled_forms.rs"));

/// A checked set of forms: every version loaded, and the one of each form in force on the
/// set's day (sorted by group then name).
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    /// The forms in force: one version of each (shared with `all`: choosing them copies
    /// no template).
    pub forms: Vec<Arc<FormTemplate>>,
    /// Every version, in force or not (a stored dossier names the one it was made with).
    pub all: Vec<Arc<FormTemplate>>,
    day: Option<Date>,
}

impl FormSet {
    /// The version of form `id` in force.
    pub fn get(&self, id: &str) -> Option<&FormTemplate> {
        self.iter().find(|f| f.id == id)
    }

    /// The forms in force.
    pub fn iter(&self) -> impl Iterator<Item = &FormTemplate> {
        self.forms.iter().map(|f| &**f)
    }

    /// A given version of a form, in force or not.
    pub fn version(&self, id: &str, version: u32) -> Option<&FormTemplate> {
        self.all.iter().find(|f| f.id == id && f.version == version).map(|f| &**f)
    }

    /// The set as it stands on `day`: each form in the version in force that day; a form
    /// with no version in force is not offered.
    pub fn on(mut self, day: Date) -> FormSet {
        self.select(day);
        self
    }

    /// Choose the versions in force on `day` (nothing to do when the day is the same).
    pub fn select(&mut self, day: Date) {
        if self.day == Some(day) {
            return;
        }
        self.day = Some(day);
        self.forms = current(&self.all, Some(day));
    }

    /// Forms in force on `day` whose validity ends within `days` days with no version
    /// taking over the next day.
    pub fn expiring(&self, day: Date, days: i64) -> Vec<&FormTemplate> {
        self.all
            .iter()
            .filter(|t| t.in_force(day))
            .filter(|t| t.valid_until.is_some_and(|u| u.day_number() - day.day_number() <= days))
            .filter(|t| {
                let next = t.valid_until.map(|u| u.next_day());
                !self.all.iter().any(|o| o.id == t.id && next.is_some_and(|n| o.in_force(n)))
            })
            .map(|t| &**t)
            .collect()
    }
}

/// One version of each form: the one in force on `day`, or without a day the newest.
fn current(all: &[Arc<FormTemplate>], day: Option<Date>) -> Vec<Arc<FormTemplate>> {
    let mut forms: Vec<Arc<FormTemplate>> = Vec::new();
    for t in all {
        if day.is_some_and(|d| !t.in_force(d)) {
            continue;
        }
        match forms.iter_mut().find(|f| f.id == t.id) {
            Some(f) if f.valid_from < t.valid_from => *f = Arc::clone(t),
            Some(_) => {}
            None => forms.push(Arc::clone(t)),
        }
    }
    forms.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    forms
}

/// Resolve `(file name, text)` pairs into a set. Forms with diagnostics are left out of
/// the set and their diagnostics returned. A form may come in several versions, one file
/// each (`ct01.toml`, `ct01.2025.toml`): each its own `version` number and a validity
/// that overlaps no other's.
pub fn load_texts<'a>(files: impl IntoIterator<Item = (String, &'a str)>) -> (FormSet, Vec<TemplateDiagnostic>) {
    assemble(files.into_iter().map(|(name, text)| {
        let parsed = parse_template(&name, text);
        (name, parsed)
    }))
}

/// The set of already parsed files: each file's template or its diagnostics.
fn assemble(files: impl IntoIterator<Item = (String, Parsed)>) -> (FormSet, Vec<TemplateDiagnostic>) {
    let mut all: Vec<Arc<FormTemplate>> = Vec::new();
    let mut diags = Vec::new();
    for (name, parsed) in files {
        match parsed {
            Ok(t) => {
                let stem = Path::new(&name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                let mut diag = |message: String| diags.push(TemplateDiagnostic { file: name.clone(), field: None, message });
                if stem != t.id && !stem.starts_with(&format!("{}.", t.id)) {
                    diag(format!("form id `{}` differs from the file name `{stem}`", t.id));
                } else if all.iter().any(|f| f.id == t.id && f.version == t.version) {
                    diag(format!("form `{}` version {} is used twice", t.id, t.version));
                } else if let Some(o) = all.iter().find(|f| f.id == t.id && overlap(f, &t)) {
                    diag(format!("form `{}`: versions {} and {} are both in force on some days", t.id, o.version, t.version));
                } else {
                    all.push(Arc::new(t));
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    let forms = current(&all, None);
    (FormSet { forms, all, day: None }, diags)
}

/// One template file, parsed and resolved, or what is wrong with it.
type Parsed = Result<FormTemplate, Vec<TemplateDiagnostic>>;

/// Whether two versions' validity periods share a day.
fn overlap(a: &FormTemplate, b: &FormTemplate) -> bool {
    let starts_before_end = |x: &FormTemplate, y: &FormTemplate| match (x.valid_from, y.valid_until) {
        (Some(f), Some(u)) => f <= u,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// The forms shipped in the binary. `build.rs` parsed and resolved them when the binary was
/// built (with this very code, `src/core`), so a start reads them back instead of parsing
/// TOML: the same templates, or the same diagnostics, as [`load_texts`] on `BUNDLED_FORMS`.
pub fn bundled() -> (FormSet, Vec<TemplateDiagnostic>) {
    let files: Vec<(String, Parsed)> = postcard::from_bytes(BUNDLED_RESOLVED).expect("build.rs wrote the bundled forms with this code");
    assemble(files)
}

/// The bundled templates' source texts: (file name, TOML).
pub fn bundled_texts() -> &'static [(&'static str, &'static str)] {
    BUNDLED_FORMS
}

/// `*.toml` files of a directory, or single files.
pub fn load_paths(paths: &[PathBuf]) -> std::io::Result<(FormSet, Vec<TemplateDiagnostic>)> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(p)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    let mut texts = Vec::new();
    let mut unreadable = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", f.display())))?;
        // one file that is not text leaves the others usable
        match String::from_utf8(bytes) {
            Ok(text) => texts.push((f.display().to_string(), text)),
            Err(e) => unreadable.push(TemplateDiagnostic {
                file: f.display().to_string(),
                field: None,
                message: format!("not UTF-8 text (byte {}): save the file as UTF-8", e.utf8_error().valid_up_to()),
            }),
        }
    }
    let (set, mut diags) = load_texts(texts.iter().map(|(n, t)| (n.clone(), t.as_str())));
    diags.extend(unreadable);
    Ok((set, diags))
}
