//! Loading form templates: the bundled set (embedded at build time from `forms/`) or the
//! `*.toml` files of a directory. The only module that reads template files.

use crate::core::template::{parse_template, FormTemplate, TemplateDiagnostic};
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/bundled_forms.rs"));

/// A checked set of forms, sorted by group then name.
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    pub forms: Vec<FormTemplate>,
}

impl FormSet {
    pub fn get(&self, id: &str) -> Option<&FormTemplate> {
        self.forms.iter().find(|f| f.id == id)
    }
}

/// Resolve `(file name, text)` pairs into a set. Forms with diagnostics are left out of
/// the set and their diagnostics returned.
pub fn load_texts<'a>(files: impl IntoIterator<Item = (String, &'a str)>) -> (FormSet, Vec<TemplateDiagnostic>) {
    let mut forms: Vec<FormTemplate> = Vec::new();
    let mut diags = Vec::new();
    for (name, text) in files {
        match parse_template(&name, text) {
            Ok(t) => {
                let stem = Path::new(&name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                if stem != t.id {
                    diags.push(TemplateDiagnostic {
                        file: name.clone(),
                        field: None,
                        message: format!("form id `{}` differs from the file name `{stem}`", t.id),
                    });
                } else if forms.iter().any(|f| f.id == t.id) {
                    diags.push(TemplateDiagnostic { file: name, field: None, message: format!("form id `{}` is used twice", t.id) });
                } else {
                    forms.push(t);
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    forms.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    (FormSet { forms }, diags)
}

/// The forms shipped in the binary.
pub fn bundled() -> (FormSet, Vec<TemplateDiagnostic>) {
    load_texts(BUNDLED_FORMS.iter().map(|(n, t)| (n.to_string(), *t)))
}

/// `*.toml` files of a directory, or single files.
pub fn load_paths(paths: &[PathBuf]) -> std::io::Result<(FormSet, Vec<TemplateDiagnostic>)> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    let mut texts = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", f.display())))?;
        texts.push((f.display().to_string(), text));
    }
    Ok(load_texts(texts.iter().map(|(n, t)| (n.clone(), t.as_str()))))
}
