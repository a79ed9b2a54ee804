//! The `form-kiosk` command line: with no subcommand it starts the kiosk screen; every
//! subcommand works without a display. Exit codes: 0 ok, 2 bad input or usage,
//! 3 incomplete (required answers missing), 4 stored but not printed, 5 database busy.

use crate::config_io;
use crate::core::config::KioskConfig;
use crate::core::date::Date;
use crate::core::fill::{display_label, Filled, Input, Severity, Source};
use crate::core::template::FormTemplate;
use crate::core::validate::Row;
use crate::forms_io::{self, FormSet};
use crate::service::CardSource;
use crate::service::{date_of, ScannedCard, Service};
use crate::store::{Actor, Store};
use anyhow::{anyhow, bail, Context as _};
use chrono::NaiveDateTime;
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_INCOMPLETE: u8 = 3;
/// The dossier is stored, but printing failed (it can be reprinted).
pub const EXIT_NOT_PRINTED: u8 = 4;
/// The database stayed busy (other kiosk processes writing) for 30 s: nothing was lost;
/// try again.
pub const EXIT_BUSY: u8 = 5;

const EXIT_CODES: &str = "Mã thoát: 0 xong; 2 dữ liệu hoặc tham số sai; 3 tờ khai chưa đủ; 4 đã lưu nhưng chưa in được \
(in lại sau); 5 cơ sở dữ liệu đang bận (thử lại).";

#[derive(Debug, Parser)]
#[command(name = "form-kiosk", version, about = "Kiosk kê khai hồ sơ — Công dân không viết", after_help = EXIT_CODES)]
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
    /// The dossier database (default: ~/.local/share/form-kiosk/kiosk.db)
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
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
    /// Stored dossiers: list, show, hand over
    #[command(subcommand)]
    Dossier(DossierCommand),
    /// Stored citizen profiles: show, forget
    #[command(subcommand)]
    Citizen(CitizenCommand),
    /// Apply retention now: erase old profiles and dossiers (also done at every start)
    Purge,
    /// Read a staff PIN (6 to 12 digits) on standard input and print the `staff_pin_hash`
    /// line for kiosk.toml (argon2id; the PIN itself is kept nowhere)
    #[command(name = "staff-pin")]
    StaffPin,
    /// CUPS queues and their state
    Printers {
        #[arg(long)]
        json: bool,
    },
    /// Test hook: confirm the same dossier COUNT times (0 = until killed), printing each code
    #[command(name = "__confirm-loop", hide = true)]
    ConfirmLoop {
        #[command(flatten)]
        fill: FillArgs,
        #[arg(long, default_value_t = 0)]
        count: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DossierCommand {
    /// Dossiers of one day (default today), newest first
    List {
        /// dd/mm/yyyy, or `all`
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One dossier with its answers
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a dossier as received at the desk
    HandedOver { code: String },
    /// Print a stored dossier again (the very PDF kept at confirmation), or write it out
    Reprint {
        code: String,
        #[arg(long, value_name = "QUEUE")]
        printer: Option<String>,
        /// Write the PDF to a file instead of printing
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// The audit log (no personal data)
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum CitizenCommand {
    /// A stored profile (kept only with the citizen's consent)
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Erase a profile and the personal data in that citizen's dossiers (the audit trail stays)
    Forget { id: String },
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
    /// A stored profile instead of a card: the 12-digit ID number, optionally for a role
    #[arg(long = "card-id", value_name = "[ROLE=]ID")]
    pub card_ids: Vec<String>,
    /// A typed answer: `child_name=Nguyễn Văn Bình`; a table takes a JSON array of rows
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    /// The requester agrees to keep their card data as a profile for next time
    #[arg(long)]
    pub consent: bool,
    /// Only show the filled form; store nothing
    #[arg(long)]
    pub no_store: bool,
    /// Write the printout (PDF); before confirmation it has no dossier code or QR codes
    #[arg(long, value_name = "FILE.pdf")]
    pub out: Option<PathBuf>,
    /// Write the first page as a PNG (the review picture)
    #[arg(long, value_name = "FILE.png")]
    pub preview: Option<PathBuf>,
    /// Print the stored dossier through CUPS
    #[arg(long)]
    pub print: bool,
    /// The CUPS queue (default: `printer` in kiosk.toml, else the first queue)
    #[arg(long, value_name = "QUEUE")]
    pub printer: Option<String>,
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

/// A clap error in Vietnamese (clap's own text, English, follows for the detail).
fn usage_error(e: &clap::Error) -> &'static str {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::InvalidUtf8 => "tham số không phải văn bản UTF-8",
        K::UnknownArgument => "tùy chọn không có",
        K::InvalidSubcommand => "không có lệnh này",
        K::MissingRequiredArgument => "thiếu tham số bắt buộc",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "thiếu lệnh",
        K::InvalidValue | K::ValueValidation => "giá trị không hợp lệ",
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => "số giá trị không đúng",
        K::ArgumentConflict => "hai tùy chọn không dùng cùng nhau được",
        _ => "tham số không hợp lệ",
    }
}

/// Whether an error (or its cause) is the database staying busy.
fn is_busy(e: &anyhow::Error) -> bool {
    use crate::store::StoreError;
    e.chain().any(|c| {
        matches!(c.downcast_ref::<StoreError>(), Some(StoreError::Busy))
            || matches!(c.downcast_ref::<crate::service::ServiceError>(), Some(crate::service::ServiceError::Store(StoreError::Busy)))
    })
}

pub fn main() -> ExitCode {
    // like any Unix tool, end quietly when the reader of the output goes away
    // (`form-kiosk forms show … | head`) instead of panicking on the broken pipe
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => e.exit(),
        Err(e) => {
            eprintln!("lỗi: {} — xem `form-kiosk --help`\n\n{}", usage_error(&e), e.render().to_string().trim_end());
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(code, e)) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(if is_busy(&e) { EXIT_BUSY } else { code })
        }
    }
}

/// Local date and time; `--today` replaces the date and keeps the time of day.
fn now(g: &Global) -> anyhow::Result<NaiveDateTime> {
    let now = chrono::Local::now().naive_local();
    match &g.today {
        Some(s) => {
            let d = Date::parse_typed(s).ok_or_else(|| anyhow!("--today `{s}` is not a dd/mm/yyyy date"))?;
            let date = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or_else(|| anyhow!("--today `{s}`"))?;
            Ok(date.and_time(now.time()))
        }
        None => Ok(now),
    }
}

fn today(g: &Global) -> anyhow::Result<Date> {
    Ok(date_of(now(g)?))
}

/// The default database: `$XDG_DATA_HOME/form-kiosk/kiosk.db` (or `~/.local/share/…`).
fn default_db() -> anyhow::Result<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| anyhow!("no HOME: give the database with --db FILE"))?;
    Ok(base.join("form-kiosk").join("kiosk.db"))
}

/// How a command uses the database.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Reads only: opened read-only, never created (a read-only disk is fine).
    Read,
    /// Writes, with retention applied at once.
    Write,
    /// Writes, retention left to the command itself (`purge`).
    WriteNoPurge,
}

fn open_store(g: &Global, config: &KioskConfig, access: Access) -> anyhow::Result<Store> {
    let path = match &g.db {
        Some(p) => p.clone(),
        None => default_db()?,
    };
    let key = match &config.db_key_file {
        Some(f) => Some(config_io::read_key_file(std::path::Path::new(f))?),
        None => None,
    };
    Ok(match access {
        Access::Read => Store::open_read_only(&path, key.as_deref())?,
        _ => Store::open(&path, key.as_deref())?,
    })
}

/// The service with the store attached (retention applied at once when it may write).
fn service_with_store(g: &Global) -> anyhow::Result<Service> {
    service_with(g, Access::Write)
}

fn service_with(g: &Global, access: Access) -> anyhow::Result<Service> {
    let forms = load_forms(g)?;
    let config = config_io::load(g.config.as_deref())?;
    let store = open_store(g, &config, access)?;
    let service = Service::new(forms, config);
    let service = match access {
        Access::Write => service.with_store(store, now(g)?)?,
        Access::Read | Access::WriteNoPurge => service.with_store_as_is(store),
    };
    // retention runs at every start: say what it erased (counts only)
    if let Some(r) = service.startup_purge.as_ref().filter(|r| r.profiles + r.dossiers > 0) {
        eprintln!("Khi khởi động, thời hạn lưu giữ đã xóa {} hồ sơ cá nhân lưu sẵn và {} hồ sơ", r.profiles, r.dossiers);
    }
    Ok(service)
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
    // each form in the version in force today
    Ok(set.on(today(g)?))
}

fn run(cli: Cli) -> Result<u8, Fail> {
    let g = &cli.global;
    match &cli.command {
        None => {
            let service = service_with_store(g)?;
            #[cfg(feature = "gui")]
            {
                crate::gui::run(service, g.windowed)?;
                Ok(0)
            }
            #[cfg(not(feature = "gui"))]
            {
                let _ = service;
                Err(anyhow!("this build has no kiosk screen (built without the `gui` feature); use a subcommand, see --help").into())
            }
        }
        Some(Command::Dossier(cmd)) => dossier_cmd(g, cmd),
        Some(Command::Printers { json }) => printers_cmd(g, *json),
        Some(Command::StaffPin) => {
            use std::io::IsTerminal;
            // typed at a terminal: not echoed; piped: one line. Zeroed when dropped.
            let pin = zeroize::Zeroizing::new(if std::io::stdin().is_terminal() {
                eprint!("Mã PIN cán bộ (6 đến 12 chữ số): ");
                rpassword::read_password()?
            } else {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line
            });
            match crate::staff::hash_pin(pin.trim()) {
                Ok(h) => {
                    println!("staff_pin_hash = \"{h}\"");
                    Ok(0)
                }
                Err(m) => {
                    eprintln!("{m}");
                    Ok(2)
                }
            }
        }
        Some(Command::Citizen(cmd)) => citizen_cmd(g, cmd),
        Some(Command::Purge) => {
            let mut service = service_with(g, Access::WriteNoPurge)?;
            let r = service.purge(now(g)?)?;
            println!("Đã xóa {} hồ sơ cá nhân lưu sẵn và {} hồ sơ quá hạn lưu giữ", r.profiles, r.dossiers);
            Ok(0)
        }
        Some(Command::ConfirmLoop { fill, count }) => confirm_loop(g, fill, *count),
        Some(Command::Forms(FormsCommand::Check { paths })) => forms_check(paths, today(g)?),
        Some(Command::Forms(FormsCommand::List { json })) => {
            let forms = load_forms(g)?;
            if *json {
                let list: Vec<_> = forms
                    .forms
                    .iter()
                    .map(|t| {
                        json!({"id": t.id, "version": t.version, "title": t.title, "name": t.name, "group": t.group,
                            "procedure_code": t.procedure_code, "legal_basis": t.legal_basis,
                            "valid_from": t.valid_from, "valid_until": t.valid_until})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for t in &forms.forms {
                    let validity = match t.validity() {
                        v if v.is_empty() => "hiệu lực: không ghi".to_string(),
                        v => format!("hiệu lực {v}"),
                    };
                    println!("{:<20} {:<10} {} (v{}, {}; {validity})", t.id, t.procedure_code, t.title, t.version, t.legal_basis);
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

fn forms_check(paths: &[PathBuf], today: Date) -> Result<u8, Fail> {
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

fn parse_card_arg(s: &str) -> ScannedCard {
    if let Some((role, payload)) = s.split_once('=') {
        let looks_like_role = !role.is_empty() && role.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
        if looks_like_role {
            return ScannedCard::qr(Some(role), payload);
        }
    }
    ScannedCard::qr(None, s)
}

fn parse_set(t: &FormTemplate, s: &str) -> anyhow::Result<(String, Input)> {
    // never repeat the argument: without `=` it may be an answer typed in the wrong place
    let Some((id, value)) = s.split_once('=') else { bail!("--set: cần dạng MỤC=GIÁ_TRỊ (không có dấu =); xem `form-kiosk forms show`") };
    let id = id.trim().to_string();
    let is_table = t.field(&id).is_some_and(|f| f.kind == crate::core::template::FieldKind::Table);
    if is_table {
        // serde's message would quote the value: say where, not what
        let rows: Vec<Row> = serde_json::from_str(value).map_err(|e| {
            anyhow!(
                "--set {id}: bảng cần dạng JSON: một mảng các dòng, mỗi ô là chuỗi, ví dụ [{{\"full_name\": \"…\"}}] (lỗi {} ở ký tự {})",
                match e.classify() {
                    serde_json::error::Category::Data => "kiểu dữ liệu",
                    serde_json::error::Category::Eof => "thiếu phần cuối",
                    _ => "cú pháp",
                },
                e.column()
            )
        })?;
        Ok((id, Input::Rows(rows)))
    } else {
        Ok((id, Input::Text(value.to_string())))
    }
}

fn source_label(s: &Source) -> String {
    match s {
        Source::Card { role } => format!("thẻ căn cước ({role})"),
        Source::Profile { role } => format!("thông tin đã lưu ({role})"),
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
        Source::Profile { .. } => "profile",
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
                Source::Card { role } | Source::Profile { role } => Some(role.clone()),
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

fn card_args(args: &FillArgs) -> Vec<ScannedCard> {
    let mut v: Vec<ScannedCard> = args.cards.iter().map(|c| parse_card_arg(c)).collect();
    for c in &args.card_ids {
        let sc = parse_card_arg(c);
        let role = sc.role.clone();
        let id = match sc.source {
            CardSource::Qr(p) | CardSource::StoredId(p) | CardSource::StoredIdWithBirth(p, _) => p,
        };
        v.push(ScannedCard { role, source: CardSource::StoredId(id) });
    }
    v
}

fn fill_cmd(g: &Global, args: &FillArgs) -> Result<u8, Fail> {
    if args.print && args.no_store {
        return Err(anyhow!("--print needs the dossier stored first: leave out --no-store").into());
    }
    let now = now(g)?;
    let needs_store = !args.no_store || !args.card_ids.is_empty();
    let mut service = if needs_store { service_with_store(g)? } else { Service::new(load_forms(g)?, config_io::load(g.config.as_deref())?) };
    let t = service.form(&args.form)?.clone();
    let inputs = args.sets.iter().map(|s| parse_set(&t, s)).collect::<anyhow::Result<Vec<_>>>()?;
    let session = service.session(&args.form, &card_args(args), &inputs, now)?;
    let filled = service.filled(&session, date_of(now))?;
    let code = if filled.is_complete() && !args.no_store {
        let c = service.confirm(&session, args.consent, now)?;
        Some(c)
    } else {
        None
    };

    if args.out.is_some() || args.preview.is_some() {
        let doc = service.document(&t, &filled.answers, code.as_ref().map(|c| c.code.as_str()));
        if let Some(path) = &args.out {
            let pdf = match &code {
                Some(c) if !c.pdf.is_empty() => c.pdf.clone(),
                _ => crate::pdf::render(&doc, None)?,
            };
            std::fs::write(path, pdf).with_context(|| format!("cannot write {}", path.display()))?;
        }
        if let Some(path) = &args.preview {
            std::fs::write(path, crate::preview::png(&doc, 0, 110.0)).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let printed = match (&code, args.print) {
        (Some(c), true) => Some(service.print(&c.code, args.printer.as_deref(), Actor::Citizen, now)),
        _ => None,
    };
    if args.json {
        let mut v = filled_json(&t, &filled);
        v["dossier_code"] = json!(code.as_ref().map(|c| &c.code));
        if let Some(p) = &printed {
            v["printed"] = match p {
                Ok((q, job)) => json!({"queue": q, "job": job}),
                Err(e) => json!({"error": e.to_string()}),
            };
        }
        v["profile_saved"] = json!(code.as_ref().is_some_and(|c| c.profile_saved));
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_filled(&t, &filled);
        if let Some(c) = &code {
            println!("Mã hồ sơ: {}", c.code);
            if c.profile_saved {
                println!("Đã lưu thông tin thẻ để lần sau không phải nhập lại (có thể yêu cầu xóa bất cứ lúc nào).");
            }
        }
    }
    if !args.json {
        match &printed {
            Some(Ok((q, job))) => println!("Đã in trên máy in {q} (lệnh in {job})"),
            Some(Err(e)) => eprintln!("lỗi in: {e:#}"),
            None => {}
        }
    }
    Ok(if filled.has_errors() {
        EXIT_BAD_INPUT
    } else if !filled.missing.is_empty() {
        EXIT_INCOMPLETE
    } else if matches!(printed, Some(Err(_))) {
        EXIT_NOT_PRINTED
    } else {
        0
    })
}

fn printers_cmd(g: &Global, json_out: bool) -> Result<u8, Fail> {
    let config = config_io::load(g.config.as_deref())?;
    let cups = crate::printing::Cups::new(Some(config.cups_server.as_str()).filter(|s| !s.is_empty()));
    let list = cups.printers()?;
    if json_out {
        let v: Vec<_> = list
            .iter()
            .map(|p| json!({"name": p.name, "state": format!("{:?}", p.state).to_lowercase(), "accepting": p.accepting, "reasons": p.reasons, "message": p.message}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for p in &list {
            let state = match p.state {
                crate::printing::PrinterState::Idle => "sẵn sàng",
                crate::printing::PrinterState::Printing => "đang in",
                crate::printing::PrinterState::Stopped => "tạm dừng",
            };
            let accepting = if p.accepting { "" } else { ", không nhận lệnh in" };
            println!("{:<20} {state}{accepting} {}", p.name, p.reasons.join(" "));
        }
        if list.is_empty() {
            println!("Không có máy in nào trong CUPS");
        }
    }
    Ok(0)
}

fn print_filled(t: &FormTemplate, filled: &Filled) {
    println!("{} ({} v{})", t.title, t.id, t.version);
    for field in &t.fields {
        if let Some(a) = filled.answers.get(&field.id) {
            println!("  {}: {}  [{}]", display_label(t, field), a.value.summary(), source_label(&a.source));
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
            Some(f) => println!("{tag} ({f}): {}", d.message()),
            None => println!("{tag}: {}", d.message()),
        }
    }
}

/// Test hook for the crash test: confirm the same answers over and over, printing each
/// code only after its transaction committed.
fn confirm_loop(g: &Global, args: &FillArgs, count: u64) -> Result<u8, Fail> {
    use std::io::Write as _;
    let now = now(g)?;
    let mut service = service_with_store(g)?;
    let t = service.form(&args.form)?.clone();
    let inputs = args.sets.iter().map(|s| parse_set(&t, s)).collect::<anyhow::Result<Vec<_>>>()?;
    let session = service.session(&args.form, &card_args(args), &inputs, now)?;
    let mut out = std::io::stdout().lock();
    let mut n = 0;
    while count == 0 || n < count {
        let c = service.confirm(&session, false, now)?;
        writeln!(out, "{}", c.code)?;
        out.flush()?;
        n += 1;
    }
    Ok(0)
}

fn parse_day(g: &Global, date: Option<&str>) -> anyhow::Result<Option<String>> {
    let d = match date {
        Some("all") => return Ok(None),
        Some(s) => Date::parse_typed(s).ok_or_else(|| anyhow!("--date `{s}` is not dd/mm/yyyy"))?,
        None => today(g)?,
    };
    Ok(Some(format!("{:02}{:02}{:02}", d.year % 100, d.month, d.day)))
}

fn status_vi(s: crate::store::Status) -> &'static str {
    use crate::store::Status::*;
    match s {
        Draft => "nháp",
        Confirmed => "đã xác nhận",
        Printed => "đã in",
        PrintFailed => "in lỗi",
        HandedOver => "đã nộp tại quầy",
    }
}

fn dossier_cmd(g: &Global, cmd: &DossierCommand) -> Result<u8, Fail> {
    let access = match cmd {
        DossierCommand::List { .. } | DossierCommand::Show { .. } | DossierCommand::Audit { .. } => Access::Read,
        DossierCommand::Reprint { out: Some(_), .. } => Access::Read,
        _ => Access::Write,
    };
    let mut service = service_with(g, access)?;
    let now = now(g)?;
    match cmd {
        DossierCommand::List { date, json } => {
            let day = parse_day(g, date.as_deref())?;
            let list = service.store()?.dossiers(day.as_deref())?;
            if *json {
                let v: Vec<_> = list
                    .iter()
                    .map(|d| json!({"code": d.code, "form_id": d.form_id, "status": d.status, "created_at": d.created_at, "print_attempts": d.print_attempts, "erased": d.erased_at.is_some()}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for d in &list {
                    println!("{}  {:<18} {:<16} {}", d.code, d.form_id, status_vi(d.status), d.created_at);
                }
                println!("{} hồ sơ", list.len());
            }
        }
        DossierCommand::Show { code, json } => {
            let d = service.store()?.dossier(code)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                println!("Mã hồ sơ: {}", d.code);
                println!("Thủ tục: {} (mẫu v{})", d.form_id, d.form_version);
                println!("Trạng thái: {} — số lần in: {}", status_vi(d.status), d.print_attempts);
                println!("Lập lúc: {}", d.created_at);
                match (&d.answers, service.forms.version(&d.form_id, d.form_version)) {
                    (Some(a), Some(t)) => {
                        let answers: std::collections::BTreeMap<String, crate::core::fill::Answer> = serde_json::from_value(a.clone())?;
                        for f in &t.fields {
                            if let Some(x) = answers.get(&f.id) {
                                println!("  {}: {}", display_label(t, f), x.value.summary());
                            }
                        }
                    }
                    (Some(_), None) => println!("(không còn mẫu `{}` để hiển thị các mục)", d.form_id),
                    (None, _) => println!("(dữ liệu cá nhân đã được xóa lúc {})", d.erased_at.as_deref().unwrap_or("?")),
                }
            }
        }
        DossierCommand::HandedOver { code } => {
            service.store()?.mark_handed_over(code, now)?;
            println!("Hồ sơ {code}: đã nộp tại quầy");
        }
        DossierCommand::Reprint { code, printer, out } => {
            if let Some(path) = out {
                let pdf = service.dossier_pdf(code)?;
                std::fs::write(path, pdf).with_context(|| format!("cannot write {}", path.display()))?;
                println!("Đã ghi bản in của hồ sơ {code} vào {}", path.display());
            } else {
                match service.print(code, printer.as_deref(), Actor::Staff, now) {
                    Ok((q, job)) => println!("Đã in lại hồ sơ {code} trên máy in {q} (lệnh in {job})"),
                    Err(e) => {
                        eprintln!("lỗi in: {e:#}");
                        return Ok(EXIT_NOT_PRINTED);
                    }
                }
            }
        }
        DossierCommand::Audit { limit } => {
            for e in service.store()?.audit_log(*limit)? {
                println!("{}  {:<18} {:<8} {} {}", e.at, e.action, e.actor, e.dossier_code.unwrap_or_default(), e.form_id.unwrap_or_default());
            }
        }
    }
    Ok(0)
}

fn citizen_cmd(g: &Global, cmd: &CitizenCommand) -> Result<u8, Fail> {
    let access = if matches!(cmd, CitizenCommand::Show { .. }) { Access::Read } else { Access::Write };
    // an ID number as staff type it: spaces, dots and dashes allowed; anything else is refused
    // before the database is opened (and never repeated)
    let (CitizenCommand::Show { id, .. } | CitizenCommand::Forget { id }) = cmd;
    let Some(id) = crate::core::text::id_number(id) else {
        eprintln!("Số định danh cá nhân gồm đúng 12 chữ số (có thể viết cách nhau bằng dấu cách, dấu chấm hoặc gạch ngang). Vui lòng nhập lại.");
        return Ok(EXIT_BAD_INPUT);
    };
    let id = id.as_str();
    let mut service = service_with(g, access)?;
    let now = now(g)?;
    match cmd {
        CitizenCommand::Show { json, .. } => {
            let Some(p) = service.store()?.profile(id)? else {
                eprintln!("Không có thông tin lưu sẵn cho số định danh này");
                return Ok(EXIT_BAD_INPUT);
            };
            if *json {
                println!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                println!("Số định danh: {}", p.card.id_number);
                println!("Họ, chữ đệm, tên: {}", p.card.full_name);
                println!("Ngày sinh: {}   Giới tính: {}", p.card.birth_date, p.card.sex);
                println!("Nơi thường trú: {}", p.card.residence);
                println!("Đồng ý lưu lúc: {} (thông báo {})", p.consent_at, p.consent_notice);
                println!("Dùng lần cuối: {}", p.last_used_at);
            }
        }
        CitizenCommand::Forget { .. } => {
            let r = service.forget_citizen(id, now)?;
            println!(
                "Đã xóa: {} hồ sơ cá nhân lưu sẵn, dữ liệu cá nhân trong {} hồ sơ (nhật ký giữ lại, không có dữ liệu cá nhân)",
                r.profile as u8, r.dossiers
            );
            match service.forget_jobs(&r.codes).run() {
                Ok(0) => {}
                Ok(n) => println!("Đã xóa {n} lệnh in còn lưu trên máy chủ in"),
                Err(e) => eprintln!("cảnh báo: chưa xóa được các lệnh in còn lưu trên máy chủ in ({e}); chạy lại lệnh này khi dịch vụ in hoạt động"),
            }
        }
    }
    Ok(0)
}
