//! The `form-kiosk` command line: with no subcommand it starts the kiosk screen; every
//! subcommand works without a display. `args.rs` is what clap reads; each subcommand runs
//! in a file of its own, through the service only. Exit codes: [`Exit`].

mod args;
mod backup;
mod bookings;
mod card;
mod citizen;
mod doctor;
mod dossier;
mod fill;
mod forms;
mod kiosk;
mod printers;
mod purge;
mod staff_pin;
mod stats;
mod sync;

pub use args::{CitizenCommand, Cli, Command, DossierCommand, FillArgs, FormsCommand, Global};
pub use fill::filled_json;
pub use forms::template_json;

use crate::config_io;
use crate::core::date::Date;
use crate::forms_io::{self, FormSet};
use crate::service::{date_of, Service};
use anyhow::{anyhow, Context as _};
use chrono::NaiveDateTime;
use clap::Parser;
use std::process::ExitCode;

/// How a command ended: its exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// Bad input or usage.
    BadInput = 2,
    /// The form is incomplete: required answers missing.
    Incomplete = 3,
    /// The dossier is stored, but printing failed (it can be reprinted).
    NotPrinted = 4,
    /// The database stayed busy (other kiosk processes writing) for 30 s: nothing was lost;
    /// try again.
    Busy = 5,
    /// `doctor` found a problem (each is listed with its fix).
    Unhealthy = 6,
    /// `sync`: the office server could not be reached; what is not sent stays at the kiosk.
    Offline = 7,
}

impl Exit {
    pub const ALL: [Exit; 7] = [Exit::Ok, Exit::BadInput, Exit::Incomplete, Exit::NotPrinted, Exit::Busy, Exit::Unhealthy, Exit::Offline];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// What the status means, in Vietnamese (for `--help`).
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "xong",
            Exit::BadInput => "dữ liệu hoặc tham số sai",
            Exit::Incomplete => "tờ khai chưa đủ",
            Exit::NotPrinted => "đã lưu nhưng chưa in được (in lại sau)",
            Exit::Busy => "cơ sở dữ liệu đang bận (thử lại)",
            Exit::Unhealthy => "kiểm tra kiosk thấy lỗi (doctor)",
            Exit::Offline => "chưa liên lạc được máy chủ của cơ quan (sync; hồ sơ chưa gửi vẫn giữ ở kiosk)",
        }
    }

    /// The line `--help` ends with.
    pub fn help() -> String {
        let list: Vec<String> = Exit::ALL.iter().map(|e| format!("{} {}", e.code(), e.meaning())).collect();
        format!("Mã thoát: {}.", list.join("; "))
    }
}

/// A failure with its exit status.
pub struct Fail(Exit, anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(Exit::BadInput, e.into())
    }
}

type Outcome = Result<Exit, Fail>;

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
            return ExitCode::from(Exit::BadInput.code());
        }
    };
    init_logs(cli.command.is_none());
    match run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(Fail(exit, e)) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(if is_busy(&e) { Exit::Busy } else { exit }.code())
        }
    }
}

/// Logs to standard error (journald under systemd): what the kiosk did and what went wrong —
/// starts, configuration problems, printer faults, store errors — never a name, an ID number,
/// a date of birth or an answer. `FORM_KIOSK_LOG` sets the level (`info`, `debug`, or a
/// filter like `form_kiosk=debug`); by default `info` for the kiosk, `warn` for a subcommand
/// (whose own output says what it did).
fn init_logs(kiosk: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("FORM_KIOSK_LOG").unwrap_or_else(|_| EnvFilter::new(if kiosk { "info" } else { "warn" }));
    // journald stamps each line itself and shows no colours
    let journal = std::env::var_os("JOURNAL_STREAM").is_some();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(!journal && std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = if journal { logs.without_time().try_init() } else { logs.try_init() };
}

/// One subcommand, one line.
fn run(cli: Cli) -> Outcome {
    let g = &cli.global;
    match &cli.command {
        None => kiosk::run(g),
        Some(Command::Forms(cmd)) => forms::run(g, cmd),
        Some(Command::Fill(args)) => fill::run(g, args),
        Some(Command::Card { payload, json }) => card::run(g, payload, *json),
        Some(Command::Dossier(cmd)) => dossier::run(g, cmd, dossier::Scope::Kiosk),
        Some(Command::Desk(cmd)) => dossier::run(g, cmd, dossier::Scope::Office),
        Some(Command::Sync { json }) => sync::run(g, *json),
        Some(Command::Citizen(cmd)) => citizen::run(g, cmd),
        Some(Command::Purge) => purge::run(g),
        Some(Command::StaffPin) => staff_pin::run(),
        Some(Command::Printers { json }) => printers::run(g, *json),
        Some(Command::Bookings { date, days, cancel, json }) => bookings::run(g, date.as_deref(), *days, cancel.as_deref(), *json),
        Some(Command::Doctor { json }) => doctor::run(g, *json),
        Some(Command::Backup { file }) => backup::backup(g, file),
        Some(Command::Restore { file }) => backup::restore(g, file),
        Some(Command::Stats { from, to, json }) => stats::run(g, from.as_deref(), to.as_deref(), *json),
        Some(Command::ConfirmLoop { fill, count }) => fill::confirm_loop(g, fill, *count),
    }
}

/// Local date and time; `--today` replaces the date and keeps the time of day.
fn now(g: &Global) -> anyhow::Result<NaiveDateTime> {
    let now = chrono::Local::now().naive_local();
    match &g.today {
        Some(s) => {
            let d = date_arg("--today", s)?;
            let date = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or_else(|| anyhow!("--today `{s}`"))?;
            Ok(date.and_time(now.time()))
        }
        None => Ok(now),
    }
}

/// A date given on the command line (`--date`, `--from` …): the flag named, the value not
/// repeated.
fn date_arg(flag: &str, s: &str) -> anyhow::Result<Date> {
    Date::parse_typed(s).ok_or_else(|| anyhow!("{flag}: cần một ngày có thật, dạng dd/mm/yyyy, ví dụ 30/11/2026"))
}

fn today(g: &Global) -> anyhow::Result<Date> {
    Ok(date_of(now(g)?))
}

/// How a command uses the database.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// None: the forms and the configuration only.
    None,
    /// Reads only: opened read-only, never created (a read-only disk is fine).
    Read,
    /// Writes, with retention applied at once.
    Write,
    /// Writes, retention left to the command itself (`purge`).
    WriteNoPurge,
}

/// The service of the forms in force today and the configuration, with the store as the
/// command uses it.
fn service(g: &Global, access: Access) -> anyhow::Result<Service> {
    let forms = load_forms(g)?;
    let config = config_io::load(g.config.as_deref())?;
    if access == Access::None {
        return Ok(Service::new(forms, config));
    }
    let store = config_io::open_store(g.db.as_deref(), &config, access == Access::Read)?;
    let service = Service::new(forms, config);
    let service = match access {
        Access::Write => service.with_store(store, now(g)?)?,
        _ => service.with_store_as_is(store),
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

/// Print `v` as pretty JSON.
fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}
