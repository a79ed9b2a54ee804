//! The `form-kiosk` command line: with no subcommand it starts the kiosk screen; every
//! subcommand works without a display. Exit codes: 0 ok, 2 bad input or usage,
//! 3 incomplete (required answers missing).

use crate::config_io;
use crate::core::date::Date;
use crate::core::fill::{display_label, Filled, Input, Severity, Source, Value};
use crate::core::template::FormTemplate;
use crate::core::validate::Row;
use crate::forms_io::{self, FormSet};
use crate::service::{ScannedCard, Service};
use anyhow::{anyhow, bail, Context as _};
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_INCOMPLETE: u8 = 3;

#[derive(Debug, Parser)]
#[command(name = "form-kiosk", version, about = "Kiosk kê khai hồ sơ — Công dân không viết")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Directory (or files) of form templates instead of the bundled ones
    #[arg(long, global = true, value_name = "DIR")]
    pub forms: Option<PathBuf>,
    /// Kiosk configuration (default: ~/.config/form-kiosk/kiosk.toml if present, else built-in)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use this date as today (dd/mm/yyyy), for tests and rehearsals
    #[arg(long, global = true, hide = true, value_name = "DATE")]
    pub today: Option<String>,
    /// Run the kiosk in a window instead of fullscreen
    #[arg(long)]
    pub windowed: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and check form templates
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Fill a form from card QR payloads and typed answers
    Fill(FillArgs),
    /// Check one card QR payload and show what it holds
    Card {
        /// The payload as the scanner sends it
        payload: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// id, title and procedure code of each form
    List {
        #[arg(long)]
        json: bool,
    },
    /// The resolved template of one form
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate templates (default: the bundled forms)
    Check { paths: Vec<PathBuf> },
}

#[derive(Debug, Args)]
pub struct FillArgs {
    /// Form id (see `forms list`)
    #[arg(long)]
    pub form: String,
    /// A card QR payload, optionally for a role: `mother=001…|…`; bare = the requester
    #[arg(long = "card", value_name = "[ROLE=]PAYLOAD")]
    pub cards: Vec<String>,
    /// A typed answer: `child_name=Nguyễn Văn Bình`; a table takes a JSON array of rows
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

/// A failure with its exit code.
struct Fail(u8, anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(EXIT_BAD_INPUT, e.into())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(code, e)) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(code)
        }
    }
}

fn today(g: &Global) -> anyhow::Result<Date> {
    match &g.today {
        Some(s) => Date::parse_typed(s).ok_or_else(|| anyhow!("--today `{s}` is not a dd/mm/yyyy date")),
        None => {
            use chrono::Datelike;
            let now = chrono::Local::now().date_naive();
            Date::new(now.day(), now.month(), now.year()).ok_or_else(|| anyhow!("the system clock gives no valid date"))
        }
    }
}

/// The forms to use: `--forms` or the bundled set. A template with a problem is refused
/// for use (its diagnostics are printed), the others stay usable.
fn load_forms(g: &Global) -> anyhow::Result<FormSet> {
    let (set, diags) = match &g.forms {
        Some(p) => forms_io::load_paths(std::slice::from_ref(p)).with_context(|| format!("cannot read forms from {}", p.display()))?,
        None => forms_io::bundled(),
    };
    for d in &diags {
        eprintln!("cảnh báo: bỏ qua mẫu lỗi: {d}");
    }
    Ok(set)
}

fn run(cli: Cli) -> Result<u8, Fail> {
    let g = &cli.global;
    match &cli.command {
        None => {
            let forms = load_forms(g)?;
            let config = config_io::load(g.config.as_deref())?;
            #[cfg(feature = "gui")]
            {
                crate::gui::run(Service::new(forms, config), g.windowed)?;
                Ok(0)
            }
            #[cfg(not(feature = "gui"))]
            {
                let _ = (forms, config);
                Err(anyhow!("this build has no kiosk screen (built without the `gui` feature); use a subcommand, see --help").into())
            }
        }
        Some(Command::Forms(FormsCommand::Check { paths })) => forms_check(paths),
        Some(Command::Forms(FormsCommand::List { json })) => {
            let forms = load_forms(g)?;
            if *json {
                let list: Vec<_> = forms
                    .forms
                    .iter()
                    .map(|t| json!({"id": t.id, "version": t.version, "title": t.title, "name": t.name, "group": t.group, "procedure_code": t.procedure_code}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for t in &forms.forms {
                    println!("{:<20} {:<10} {}", t.id, t.procedure_code, t.title);
                }
            }
            Ok(0)
        }
        Some(Command::Forms(FormsCommand::Show { id, json })) => {
            let forms = load_forms(g)?;
            let t = forms.get(id).ok_or_else(|| anyhow!("no form `{id}` (see `form-kiosk forms list`)"))?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&template_json(t))?);
            } else {
                print_template(t);
            }
            Ok(0)
        }
        Some(Command::Card { payload, json }) => {
            let card = crate::core::card::parse(payload, today(g)?).map_err(|e| Fail(EXIT_BAD_INPUT, e.into()))?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&card)?);
            } else {
                println!("Số định danh:   {}", card.id_number);
                println!("Số CMND cũ:     {}", card.old_id_number.as_deref().unwrap_or("—"));
                println!("Họ, chữ đệm, tên: {}", card.full_name);
                println!("Ngày sinh:      {}", card.birth_date);
                println!("Giới tính:      {}", card.sex);
                println!("Nơi thường trú: {}", card.residence);
                println!("Ngày cấp:       {}", card.issue_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()));
            }
            Ok(0)
        }
        Some(Command::Fill(args)) => fill_cmd(g, args),
    }
}

fn forms_check(paths: &[PathBuf]) -> Result<u8, Fail> {
    let (set, diags) = if paths.is_empty() { forms_io::bundled() } else { forms_io::load_paths(paths)? };
    for d in &diags {
        eprintln!("{d}");
    }
    println!("{} form(s) ok, {} problem(s)", set.forms.len(), diags.len());
    Ok(if diags.is_empty() { 0 } else { EXIT_BAD_INPUT })
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
        "papers": t.papers, "roles": t.roles, "signatures": t.signatures, "fields": fields,
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

fn parse_card_arg(s: &str) -> ScannedCard {
    if let Some((role, payload)) = s.split_once('=') {
        let looks_like_role = !role.is_empty() && role.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
        if looks_like_role {
            return ScannedCard { role: Some(role.to_string()), payload: payload.to_string() };
        }
    }
    ScannedCard { role: None, payload: s.to_string() }
}

fn parse_set(t: &FormTemplate, s: &str) -> anyhow::Result<(String, Input)> {
    let Some((id, value)) = s.split_once('=') else { bail!("--set `{s}`: expected FIELD=VALUE") };
    let id = id.trim().to_string();
    let is_table = t.field(&id).is_some_and(|f| f.kind == crate::core::template::FieldKind::Table);
    if is_table {
        let rows: Vec<Row> = serde_json::from_str(value)
            .with_context(|| format!("--set {id}: a table takes a JSON array of rows, e.g. [{{\"full_name\": \"…\"}}]"))?;
        Ok((id, Input::Rows(rows)))
    } else {
        Ok((id, Input::Text(value.to_string())))
    }
}

fn source_label(s: &Source) -> String {
    match s {
        Source::Card { role } => format!("thẻ căn cước ({role})"),
        Source::Config => "cấu hình kiosk".into(),
        Source::Today => "ngày hôm nay".into(),
        Source::Default => "mặc định".into(),
        Source::Derived => "tự tính".into(),
        Source::Typed => "nhập".into(),
    }
}

fn source_key(s: &Source) -> &'static str {
    match s {
        Source::Card { .. } => "card",
        Source::Config => "config",
        Source::Today => "today",
        Source::Default => "default",
        Source::Derived => "derived",
        Source::Typed => "typed",
    }
}

/// The answers of `fill --json`, in template order.
pub fn filled_json(t: &FormTemplate, f: &Filled) -> serde_json::Value {
    let answers: Vec<_> = t
        .fields
        .iter()
        .filter_map(|field| {
            let a = f.answers.get(&field.id)?;
            let role = match &a.source {
                Source::Card { role } => Some(role.clone()),
                _ => None,
            };
            Some(json!({
                "id": field.id, "label": display_label(t, field), "kind": field.kind, "value": a.value,
                "source": source_key(&a.source), "card_role": role,
            }))
        })
        .collect();
    json!({
        "form": {"id": t.id, "version": t.version, "title": t.title, "procedure_code": t.procedure_code},
        "complete": f.is_complete(),
        "answers": answers,
        "missing": f.missing,
        "diagnostics": f.diagnostics,
    })
}

fn fill_cmd(g: &Global, args: &FillArgs) -> Result<u8, Fail> {
    let forms = load_forms(g)?;
    let config = config_io::load(g.config.as_deref())?;
    let today = today(g)?;
    let service = Service::new(forms, config);
    let t = service.form(&args.form)?;
    let scans: Vec<ScannedCard> = args.cards.iter().map(|c| parse_card_arg(c)).collect();
    let inputs = args.sets.iter().map(|s| parse_set(t, s)).collect::<anyhow::Result<Vec<_>>>()?;
    let filled = service.fill(&args.form, &scans, &inputs, today)?;

    if args.json {
        println!("{}", serde_json::to_string_pretty(&filled_json(t, &filled))?);
    } else {
        println!("{} ({} v{})", t.title, t.id, t.version);
        for field in &t.fields {
            if let Some(a) = filled.answers.get(&field.id) {
                let v = match &a.value {
                    Value::Text(s) => s.clone(),
                    Value::Table(rows) => format!("{} dòng", rows.len()),
                };
                println!("  {}: {}  [{}]", display_label(t, field), v, source_label(&a.source));
            }
        }
        if !filled.missing.is_empty() {
            println!("Còn thiếu:");
            for m in &filled.missing {
                println!("  - {} ({})", m.label, m.id);
            }
        }
        for d in &filled.diagnostics {
            let tag = if d.severity == Severity::Error { "Lỗi" } else { "Lưu ý" };
            match &d.field {
                Some(f) => println!("{tag} ({f}): {}", d.message),
                None => println!("{tag}: {}", d.message),
            }
        }
    }
    Ok(if filled.has_errors() {
        EXIT_BAD_INPUT
    } else if !filled.missing.is_empty() {
        EXIT_INCOMPLETE
    } else {
        0
    })
}
