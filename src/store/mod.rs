//! The dossier store on a local SQLite file (rusqlite; SQLCipher when a key is configured).
//! The only module with SQL: `mod.rs` opens, migrates and checks the file; `dossiers.rs`
//! numbers, stores and follows dossiers; `citizens.rs` keeps consented profiles, erases a
//! citizen, applies retention and keeps the audit log.
//!
//! Durability: WAL journal, `synchronous=FULL`, foreign keys on, a busy timeout. A dossier
//! is committed as `confirmed` before anything is printed, so a crash never loses it.
//! Privacy: profiles only with recorded consent, never ethnicity or religion; the audit log
//! holds codes, form ids, actions and roles — no personal data.

use crate::core::card::{Card, Sex};
use crate::core::date::Date;
use crate::core::message::Msg;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod after;
mod backend;
mod backup;
mod citizens;
mod dossiers;
mod office;
mod outbox;
mod pg;

pub use after::{from_iso, BookingRow, RatingCount};
pub use backend::{Backend, PgStore};
pub use office::{Office, SyncReport};
pub use outbox::{OutboxEntry, Outgoing};
pub use pg::{redact, Applied, Erasure, PgTarget, PG_SCHEMA_VERSION};

/// `PRAGMA application_id` of a form-kiosk database ("FKIO").
pub const APPLICATION_ID: i32 = 0x464B_494F;

mod migrations;
use migrations::MIGRATIONS;

pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", self.msg())]
    Open { path: PathBuf, reason: String },
    #[error("{}", self.msg())]
    NotADatabase(PathBuf),
    #[error("{}", self.msg())]
    Foreign(PathBuf),
    #[error("{}", self.msg())]
    TooNew { path: PathBuf, found: i32, known: i32 },
    #[error("{}", self.msg())]
    ReadOnly,
    #[error("{}", self.msg())]
    DiskFull,
    #[error("{}", self.msg())]
    Busy,
    #[error("{}", self.msg())]
    NotFound(String),
    #[error("{}", self.msg())]
    BadTransition { code: String, from: Status, to: Status },
    #[error("{}", self.msg())]
    Erased(String),
    #[error("{}", self.msg())]
    Printout(String),
    #[error("{}", self.msg())]
    SlotFull,
    #[error("{}", self.msg())]
    Sqlite(rusqlite::Error),
    /// The office server cannot be reached (down, the network, refused the login or TLS).
    #[error("{}", self.msg())]
    Unreachable(String),
    /// A kiosk of an office has no leased dossier number left and cannot reach the server.
    #[error("{}", self.msg())]
    NoNumbers,
    /// A profile looked up by number while the office server is out of reach (it may be kept
    /// at another kiosk).
    #[error("{}", self.msg())]
    ProfileOffline,
    /// The office server refused a statement (its message and code, never a row's values).
    #[error("{}", self.msg())]
    Server(String),
}

impl StoreError {
    /// The error as staff are told it, in either language (`core::message`).
    pub fn msg(&self) -> Msg {
        let path = |p: &Path| p.display().to_string();
        match self {
            StoreError::Open { path: p, reason } => Msg::DbOpen { path: path(p), detail: reason.clone() },
            StoreError::NotADatabase(p) => Msg::NotADatabase { path: path(p) },
            StoreError::Foreign(p) => Msg::ForeignDatabase { path: path(p) },
            StoreError::TooNew { path: p, found, known } => Msg::DbTooNew { path: path(p), found: *found, known: *known },
            StoreError::ReadOnly => Msg::DbReadOnly,
            StoreError::DiskFull => Msg::DiskFull,
            StoreError::Busy => Msg::DbBusy,
            StoreError::NotFound(code) => Msg::NoSuchDossier { code: code.clone() },
            StoreError::BadTransition { code, from, to } => Msg::BadTransition { code: code.clone(), from: from.to_string(), to: to.to_string() },
            StoreError::Erased(code) => Msg::DossierErased { code: code.clone() },
            StoreError::Printout(detail) => Msg::PrintoutNotMade { detail: detail.clone() },
            StoreError::SlotFull => Msg::SlotFull,
            StoreError::Sqlite(e) => Msg::DbError { detail: e.to_string() },
            StoreError::Unreachable(detail) => Msg::ServerUnreachable { detail: detail.clone() },
            StoreError::NoNumbers => Msg::NoNumbersLeft,
            StoreError::ProfileOffline => Msg::ProfileOffline,
            StoreError::Server(detail) => Msg::DbError { detail: detail.clone() },
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Confirmed,
    Printed,
    PrintFailed,
    HandedOver,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Confirmed => "confirmed",
            Status::Printed => "printed",
            Status::PrintFailed => "print_failed",
            Status::HandedOver => "handed_over",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "draft" => Status::Draft,
            "confirmed" => Status::Confirmed,
            "printed" => Status::Printed,
            "print_failed" => Status::PrintFailed,
            _ => Status::HandedOver,
        }
    }

    /// Allowed state changes.
    fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Draft, Confirmed)
                | (Confirmed, Printed)
                | (Confirmed, PrintFailed)
                | (PrintFailed, Printed)
                | (PrintFailed, PrintFailed)
                | (Printed, Printed) // a reprint
                | (Printed, PrintFailed) // a failed reprint keeps the earlier print
                | (Confirmed | Printed | PrintFailed, HandedOver)
        )
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who did something, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Citizen,
    Staff,
    System,
}

impl Actor {
    fn as_str(self) -> &'static str {
        match self {
            Actor::Citizen => "citizen",
            Actor::Staff => "staff",
            Actor::System => "system",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dossier {
    pub code: String,
    pub form_id: String,
    pub form_version: u32,
    /// The answers as JSON; None once erased.
    pub answers: Option<serde_json::Value>,
    pub status: Status,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub printed_at: Option<String>,
    pub print_attempts: u32,
    pub erased_at: Option<String>,
    /// The kiosk that made it (None: made before kiosks had ids).
    pub kiosk_id: Option<String>,
    /// How the result comes back (None: stored before the kiosk asked, or erased).
    pub delivery: Option<crate::core::after::Delivery>,
    /// The day the result is due, `YYYY-MM-DD` (None: the desk sets it).
    pub due_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub actor: String,
    pub dossier_code: Option<String>,
    pub form_id: Option<String>,
    pub kiosk_id: Option<String>,
}

/// A stored profile: what the card says, plus when consent was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub card: Card,
    pub consent_at: String,
    pub consent_notice: String,
    pub last_used_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub profiles: usize,
    pub dossiers: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForgetReport {
    pub profile: bool,
    pub dossiers: usize,
    /// Codes of the dossiers erased (to purge their print jobs too).
    pub codes: Vec<String>,
    /// The write-ahead log was wiped too; false: the erasure is committed but a reader kept
    /// the log busy, and its old pages stay until the next wipe (forget again to retry).
    pub wal_wiped: bool,
}

/// How long a write waits, in all, for other kiosk processes writing at the same time:
/// SQLite's busy handler covers most waits; what still comes back busy (a lock held
/// through a checkpoint, a WAL being recovered) is tried again until then.
const BUSY_DEADLINE: Duration = Duration::from_secs(30);

/// Run a write, again while the database answers busy, up to [`BUSY_DEADLINE`].
fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let start = std::time::Instant::now();
    let mut wait = Duration::from_millis(5);
    loop {
        match f() {
            Err(StoreError::Busy) if start.elapsed() < BUSY_DEADLINE => {
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

fn ts(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The calendar day of a time, `YYYY-MM-DD`.
fn day_of(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d").to_string()
}

pub struct Store {
    conn: Connection,
    /// A kiosk of an office (`database_url`): dossiers numbered from leased numbers, and
    /// every change also put in the outbox, in its own transaction ([`Store::join_office`]).
    office: bool,
}

/// A dossier to confirm: whose form, which version, the answers (JSON of the filled
/// answers) and the ID numbers of the people on it (for erasure).
#[derive(Clone, Copy, Debug)]
pub struct NewDossier<'a> {
    pub agency_code: &'a str,
    pub form_id: &'a str,
    pub form_version: u32,
    pub answers: &'a serde_json::Value,
    pub people: &'a [String],
    /// How the result comes back, when it is due, a booked time.
    pub after: Option<After<'a>>,
}

/// What a dossier carries besides its answers: the delivery chosen, the day the result is
/// due (None: the desk sets it), and a booked time with the places its slot has.
#[derive(Clone, Copy, Debug)]
pub struct After<'a> {
    pub delivery: &'a crate::core::after::Delivery,
    pub due: Option<crate::core::date::Date>,
    pub booking: Option<(&'a crate::core::after::Booking, u32)>,
}

/// Makes a confirmed dossier's printout from its code, inside the confirming transaction
/// (`None`: stored without one).
pub type Render<'r> = dyn FnMut(&str) -> std::result::Result<Option<Vec<u8>>, String> + 'r;

impl Store {
    /// Open (creating if absent) the database at `path`, check that it is ours and not from
    /// a newer version, and bring its schema up to date. `key` turns on SQLCipher
    /// encryption (the same key must be given every time).
    pub fn open(path: &Path, key: Option<&str>) -> Result<Store> {
        let open_err = |reason: String| StoreError::Open { path: path.to_path_buf(), reason };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(format!("cannot create {}: {e}", dir.display())))?;
        }
        let existed = path.exists() && std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| match StoreError::from(e) {
            StoreError::Sqlite(e) => open_err(e.to_string()),
            other => other,
        })?;
        // SQLCipher would log a failed key check to stderr; the error is returned instead
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
        if let Some(k) = key {
            conn.pragma_update(None, "key", k)?;
        }
        conn.busy_timeout(Duration::from_secs(5))?;
        // the first read tells a foreign or damaged file apart, before anything is written;
        // it may meet the database busy (another kiosk process closing it, checkpointing or
        // recovering its log): tried again like a write
        // (its own error is kept to tell a foreign or damaged file apart below)
        let probe = retry_busy(|| match conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0)) {
            Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)) => Err(StoreError::Busy),
            other => Ok(other),
        })?;
        let app_id = match probe {
            Ok(id) => id,
            Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)) => {
                return Err(StoreError::NotADatabase(path.to_path_buf()))
            }
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
                return Err(if existed && !writable(path) {
                    StoreError::ReadOnly
                } else {
                    open_err("không mở được tệp (thư mục không tồn tại, không có quyền ghi, hoặc không phải tệp thường)".into())
                })
            }
            Err(e) => return Err(e.into()),
        };
        let version: i32 = retry_busy(|| Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?))?;
        let tables: i64 = retry_busy(|| Ok(conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?))?;
        if existed && app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        // a new database holds personal data: its owner only (SQLite gives its log and
        // shared-memory files the same mode)
        #[cfg(unix)]
        if !existed {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        let mut store = Store::over(conn)?;
        retry_busy(|| {
            // a database in WAL mode stays so: only a new file needs the change (which writes)
            let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                store.conn.pragma_update(None, "journal_mode", "WAL")?;
            }
            store.conn.execute_batch(
                "PRAGMA synchronous = FULL;
                 -- erased rows are overwritten with zeros, not left in free space
                 PRAGMA secure_delete = ON;
                 PRAGMA foreign_keys = ON;",
            )?;
            // the schema is current on every start but the first after an update: then the
            // migrations run, each in its own write transaction
            if version < SCHEMA_VERSION {
                store.migrate_to(SCHEMA_VERSION)?;
            }
            Ok(())
        })?;
        Ok(store)
    }

    /// Open an existing database for reading only (listing, showing, writing a kept PDF out):
    /// nothing is created — no directory, no file — and a read-only disk or file is fine.
    /// The same checks as [`Store::open`]: ours, not newer, not damaged, the right key.
    pub fn open_read_only(path: &Path, key: Option<&str>) -> Result<Store> {
        Store::open_read_only_from(path, key, false)
    }

    /// As [`Store::open_read_only`], also a database an older kiosk left (a backup to
    /// restore, a database to back up before its migration).
    pub fn open_read_only_any_version(path: &Path, key: Option<&str>) -> Result<Store> {
        Store::open_read_only_from(path, key, true)
    }

    fn open_read_only_from(path: &Path, key: Option<&str>, older_too: bool) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "chưa có cơ sở dữ liệu ở đây (chưa có hồ sơ nào được lưu, hoặc đường dẫn sai)".into(),
            });
        }
        let open = |immutable: bool| -> Result<(Connection, std::result::Result<i32, rusqlite::Error>)> {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
            let uri = format!("file:{}{}", uri_path(path), if immutable { "?immutable=1" } else { "" });
            let conn = Connection::open_with_flags(uri, flags).map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?;
            let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
            if let Some(k) = key {
                conn.pragma_update(None, "key", k)?;
            }
            conn.busy_timeout(Duration::from_secs(5))?;
            let probe = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0));
            Ok((conn, probe))
        };
        let (mut conn, mut probe) = open(false)?;
        // on a read-only disk SQLite cannot make the shared-memory file a WAL database needs:
        // read the file as it is, unless a write-ahead log holds data not yet in it
        if matches!(&probe, Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen)) {
            let wal = path.with_file_name(format!("{}-wal", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
            if std::fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false) {
                return Err(StoreError::ReadOnly);
            }
            (conn, probe) = open(true)?;
        }
        let app_id = match probe {
            Ok(id) => id,
            Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)) => {
                return Err(StoreError::NotADatabase(path.to_path_buf()))
            }
            Err(e) => return Err(e.into()),
        };
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        if version < SCHEMA_VERSION && !older_too {
            return Err(StoreError::Open {
                path: path.to_path_buf(), reason: "cơ sở dữ liệu của phiên bản cũ hơn: mở kiosk một lần để cập nhật".into()
            });
        }
        Store::over(conn)
    }

    /// A database at an older schema version, as an older kiosk left it (for migration tests).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: i32) -> Result<Store> {
        let mut store = Store::over(Connection::open(path)?)?;
        store.migrate_to(version)?;
        Ok(store)
    }

    /// Apply migrations up to `target`. Each step re-reads the version inside its write
    /// transaction, so two processes starting on a new file do not both migrate it.
    fn migrate_to(&mut self, target: i32) -> Result<()> {
        let target = target.min(SCHEMA_VERSION);
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let v: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if v >= target {
                return Ok(());
            }
            tx.execute_batch(MIGRATIONS[v as usize])?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", v + 1)?;
            tx.commit()?;
        }
    }

    pub fn schema_version(&self) -> Result<i32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The database file, for staff and logs.
    pub fn location(&self) -> String {
        self.path().map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".into())
    }

    /// The database file (None for one in memory).
    pub fn path(&self) -> Option<PathBuf> {
        self.conn.path().filter(|p| !p.is_empty()).map(PathBuf::from)
    }

    /// SQLite's quick check (the structure of every page, without the indexes' contents):
    /// fast enough for `doctor` on a large database.
    pub fn quick_check(&self) -> Result<bool> {
        let r: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }

    pub fn integrity_ok(&self) -> Result<bool> {
        let r: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }

    /// For tests and benchmarks: the connection underneath.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A path as the path of an SQLite `file:` URI (`%`, `?`, `#` escaped).
fn uri_path(p: &Path) -> String {
    let mut out = String::new();
    for c in p.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the file can be opened for writing (opening changes nothing).
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

fn audit(conn: &Connection, at: &str, action: &str, actor: Actor, code: Option<&str>, form_id: Option<&str>) -> Result<()> {
    // the kiosk this connection writes for (`Store::set_kiosk_id`; none before it is set)
    conn.execute(
        "INSERT INTO audit (at, action, actor, dossier_code, form_id, kiosk_id)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM temp.kiosk))",
        params![at, action, actor.as_str(), code, form_id],
    )?;
    Ok(())
}
