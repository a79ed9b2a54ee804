//! `form-kiosk forms list|show|check`: the templates, as the kiosk offers them today.

use super::{load_forms, print_json, today, Exit, FormsCommand, Global, Outcome};
use crate::core::date::Date;
use crate::core::fill::display_label;
use crate::core::template::FormTemplate;
use crate::forms_io;
use anyhow::anyhow;
use serde_json::json;
use std::path::PathBuf;

pub fn run(g: &Global, cmd: &FormsCommand) -> Outcome {
    match cmd {
        FormsCommand::List { json } => list(g, *json),
        FormsCommand::Show { id, json } => show(g, id, *json),
        FormsCommand::Check { paths } => check(paths, today(g)?),
    }
}

fn list(g: &Global, json: bool) -> Outcome {
    let forms = load_forms(g)?;
    if json {
        let list: Vec<_> = forms
            .forms
            .iter()
            .map(|t| {
                json!({"id": t.id, "version": t.version, "title": t.title, "name": t.name, "group": t.group,
                    "procedure_code": t.procedure_code, "legal_basis": t.legal_basis,
                    "valid_from": t.valid_from, "valid_until": t.valid_until})
            })
            .collect();
        print_json(&list)?;
    } else {
        for t in &forms.forms {
            let validity = match t.validity() {
                v if v.is_empty() => "hiệu lực: không ghi".to_string(),
                v => format!("hiệu lực {v}"),
            };
            println!("{:<20} {:<10} {} (v{}, {}; {validity})", t.id, t.procedure_code, t.title, t.version, t.legal_basis);
        }
    }
    Ok(Exit::Ok)
}

fn show(g: &Global, id: &str, json: bool) -> Outcome {
    let forms = load_forms(g)?;
    let t = forms.get(id).ok_or_else(|| anyhow!("no form `{id}` (see `form-kiosk forms list`)"))?;
    if json {
        print_json(&template_json(t))?;
    } else {
        print_template(t);
    }
    Ok(Exit::Ok)
}

fn check(paths: &[PathBuf], today: Date) -> Outcome {
    let (set, diags) = if paths.is_empty() { forms_io::bundled() } else { forms_io::load_paths(paths)? };
    for d in &diags {
        eprintln!("{d}");
    }
    // a form about to go out of force with nothing to take over: the kiosk would stop
    // offering it
    for t in set.expiring(today, 60) {
        let until = t.valid_until.map(|u| u.to_string()).unwrap_or_default();
        eprintln!("cảnh báo: mẫu `{}` (v{}) hết hiệu lực ngày {until} và chưa có mẫu thay thế", t.id, t.version);
    }
    let mut ids: Vec<&str> = set.all.iter().map(|t| t.id.as_str()).collect();
    ids.dedup();
    for id in ids {
        if !set.all.iter().any(|t| t.id == id && t.in_force(today)) {
            eprintln!("cảnh báo: mẫu `{id}` không có phiên bản nào có hiệu lực hôm nay");
        }
    }
    println!("{} form(s) ok, {} version(s), {} problem(s)", set.forms.len(), set.all.len(), diags.len());
    Ok(if diags.is_empty() { Exit::Ok } else { Exit::BadInput })
}

/// The resolved template as the JSON of `forms show --json`.
pub fn template_json(t: &FormTemplate) -> serde_json::Value {
    let fields: Vec<_> = t
        .fields
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "label": f.label, "kind": f.kind, "required": f.required, "role": f.role,
                "prefill": f.prefill.map(prefill_name), "default": f.default, "hint": f.hint,
                "section": f.section, "show_if": f.show_if, "not_needed_if": f.not_needed_if,
                "in_words_of": f.in_words_of, "options": f.options, "columns": f.columns,
            })
        })
        .collect();
    json!({
        "id": t.id, "version": t.version, "title": t.title, "name": t.name, "group": t.group,
        "procedure_code": t.procedure_code, "legal_basis": t.legal_basis, "form_code": t.form_code,
        "valid_from": t.valid_from, "valid_until": t.valid_until,
        "papers": t.papers, "roles": t.roles, "signatures": t.signatures, "fields": fields,
        "lines": t.sheet.as_ref().map(|s| s.lines().iter().map(|l| l.wording()).collect::<Vec<_>>()),
    })
}

fn prefill_name(p: crate::core::template::Prefill) -> String {
    use crate::core::template::Prefill;
    let attr = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
    match p {
        Prefill::Today => "today".into(),
        Prefill::Card(a) => format!("card.{}", attr(json!(a))),
        Prefill::Kiosk(a) => format!("kiosk.{}", attr(json!(a))),
    }
}

fn print_template(t: &FormTemplate) {
    println!("{} ({} v{}) — thủ tục {}", t.title, t.id, t.version, t.procedure_code);
    println!("Căn cứ: {}", t.legal_basis);
    for f in &t.fields {
        let req = if f.required { "bắt buộc" } else { "không bắt buộc" };
        let pre = f.prefill.map(|p| format!(", điền sẵn từ {}", prefill_name(p))).unwrap_or_default();
        println!("  {:<28} {:<12} {} ({req}{pre})", f.id, f.kind.name(), display_label(t, f));
    }
}
