//! The office store on a PostgreSQL server (`database_url` in kiosk.toml): the same
//! operations and guarantees as the kiosk's SQLite file, shared by every kiosk and the desk
//! of an office. `mod.rs` connects (TLS by default, the server's certificate checked; a
//! password or a client certificate), recognises and migrates the database; `ops.rs` holds
//! the dossiers, citizens and after-the-form statements.
//!
//! Numbering: the day counter's row is locked by the confirming transaction, so the kiosks
//! of an office take the numbers of an agency's day one after another, never the same.
//! Erasure: committed, then the tables that held the data rewritten, so the erased rows'
//! bytes leave the server's table files too; no planner statistics are gathered from personal
//! columns (they would keep sample values). The server's own log (WAL) and backups age out as
//! its administrator configured them (README).

use super::*;
use openssl::ssl::{SslConnector, SslFiletype, SslMethod};
use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::Client;
use postgres_openssl::MakeTlsConnector;
use std::sync::{Mutex, MutexGuard};

mod ops;
mod sync;

pub use sync::{Applied, Erasure};

/// How to reach the office server: its URL and, when given, the files of TLS and password.
#[derive(Debug, Clone, Default)]
pub struct PgTarget {
    /// `postgresql://user@host:port/database?sslmode=…` (a password may be in it, or in
    /// `password_file`).
    pub url: String,
    /// The certificate (PEM) of the authority that signed the server's, when not a public one.
    pub ca_file: Option<PathBuf>,
    /// A client certificate and its key (PEM), for certificate authentication.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// A file holding the password (its first line).
    pub password_file: Option<PathBuf>,
}

/// Schema migrations of the server's database; migration `i` brings it from version `i` to
/// `i + 1`. Never edit a released one: add a new one.
const PG_MIGRATIONS: &[&str] = &[
    // 1: the whole schema of the SQLite store at its version 5, in the server's types
    r#"
    CREATE TABLE day_counters (
        agency_code text NOT NULL,
        day         text NOT NULL,             -- YYMMDD
        last_seq    integer NOT NULL,
        PRIMARY KEY (agency_code, day)
    );
    CREATE TABLE dossiers (
        code           text PRIMARY KEY,       -- <agency>-<YYMMDD>-<NNNN>
        agency_code    text NOT NULL,
        day            text NOT NULL,
        seq            integer NOT NULL,
        form_id        text NOT NULL,
        form_version   integer NOT NULL,
        answers        jsonb,                  -- NULL once erased
        status         text NOT NULL CHECK (status IN
                         ('draft', 'confirmed', 'printed', 'print_failed', 'handed_over')),
        created_at     timestamp(0) NOT NULL,
        confirmed_at   timestamp(0),
        printed_at     timestamp(0),
        updated_at     timestamp(0) NOT NULL,
        print_attempts integer NOT NULL DEFAULT 0,
        erased_at      timestamp(0),
        pdf            bytea,
        delivery       jsonb,
        due_day        date,
        kiosk_id       text,
        UNIQUE (agency_code, day, seq)
    );
    CREATE INDEX dossiers_by_day ON dossiers (day, kiosk_id);
    CREATE INDEX dossiers_by_created ON dossiers (created_at);
    CREATE TABLE dossier_people (
        code      text NOT NULL REFERENCES dossiers (code) ON DELETE CASCADE,
        id_number text NOT NULL,
        PRIMARY KEY (id_number, code)
    );
    CREATE INDEX dossier_people_by_code ON dossier_people (code);
    CREATE TABLE profiles (
        id_number      text PRIMARY KEY,
        full_name      text NOT NULL,
        birth_date     text NOT NULL,          -- dd/mm/yyyy
        sex            text NOT NULL,
        residence      text NOT NULL,
        old_id_number  text,
        issue_date     text,
        consent_at     timestamp(0) NOT NULL,
        consent_notice text NOT NULL,
        created_at     timestamp(0) NOT NULL,
        updated_at     timestamp(0) NOT NULL,
        last_used_at   timestamp(0) NOT NULL
    );
    CREATE TABLE audit (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at           timestamp(0) NOT NULL,
        action       text NOT NULL,
        actor        text NOT NULL,
        dossier_code text,
        form_id      text,
        kiosk_id     text
    );
    CREATE TABLE office_state (
        key   text PRIMARY KEY,
        value text NOT NULL
    );
    CREATE TABLE bookings (
        code         text PRIMARY KEY REFERENCES dossiers (code) ON DELETE CASCADE,
        visit        text NOT NULL CHECK (visit IN ('desk', 'home')),
        day          date NOT NULL,
        minute       integer NOT NULL,
        address      text,
        created_at   timestamp(0) NOT NULL,
        cancelled_at timestamp(0)
    );
    CREATE INDEX bookings_by_slot ON bookings (day, minute, visit);
    CREATE TABLE ratings (
        day     date NOT NULL,
        form_id text NOT NULL,
        rating  text NOT NULL CHECK (rating IN ('very_satisfied', 'satisfied', 'unsatisfied')),
        n       integer NOT NULL,
        PRIMARY KEY (day, form_id, rating)
    );
    -- the planner's statistics would keep sample values (names, ID numbers, addresses) in
    -- pg_statistic, out of reach of erasure: none are gathered from personal columns
    ALTER TABLE dossiers ALTER COLUMN answers SET STATISTICS 0,
                         ALTER COLUMN pdf SET STATISTICS 0,
                         ALTER COLUMN delivery SET STATISTICS 0;
    ALTER TABLE dossier_people ALTER COLUMN id_number SET STATISTICS 0;
    ALTER TABLE profiles ALTER COLUMN id_number SET STATISTICS 0,
                         ALTER COLUMN full_name SET STATISTICS 0,
                         ALTER COLUMN birth_date SET STATISTICS 0,
                         ALTER COLUMN sex SET STATISTICS 0,
                         ALTER COLUMN residence SET STATISTICS 0,
                         ALTER COLUMN old_id_number SET STATISTICS 0,
                         ALTER COLUMN issue_date SET STATISTICS 0;
    ALTER TABLE bookings ALTER COLUMN address SET STATISTICS 0;
    "#,
    // 2: the kiosks of an office: number blocks leased per kiosk and day, the outbox entries
    // received from each kiosk (exactly once), and the log of erasures they apply to their
    // own files (the person as a keyed hash of the ID number; the key made here, at random)
    r#"
    CREATE TABLE leases (
        agency_code text NOT NULL,
        day         text NOT NULL,
        kiosk_id    text NOT NULL,
        first_seq   integer NOT NULL,
        last_seq    integer NOT NULL,
        taken_at    timestamp(0) NOT NULL,
        PRIMARY KEY (agency_code, day, first_seq)
    );
    CREATE TABLE received (
        kiosk_id  text NOT NULL,
        origin    text NOT NULL,               -- the kiosk's file (a new one, a restored one)
        outbox_id bigint NOT NULL,
        at        timestamptz NOT NULL,
        PRIMARY KEY (kiosk_id, origin, outbox_id)
    );
    CREATE TABLE erasures (
        id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person text NOT NULL,
        codes  text[] NOT NULL,
        at     timestamp(0) NOT NULL
    );
    CREATE INDEX erasures_by_person ON erasures (person);
    INSERT INTO office_state (key, value)
        VALUES ('erasure_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
    "#,
];

/// The schema version this build knows on the server.
pub const PG_SCHEMA_VERSION: i32 = PG_MIGRATIONS.len() as i32;

/// The advisory lock that one kiosk holds while it migrates the server's database ("FKIO").
const MIGRATION_LOCK: i64 = APPLICATION_ID as i64;

pub struct PgStore {
    client: Mutex<Client>,
    config: postgres::Config,
    tls: MakeTlsConnector,
    kiosk_id: Option<String>,
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        match e.code() {
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE
                    || *c == SqlState::QUERY_CANCELED =>
            {
                StoreError::Busy
            }
            Some(c) if *c == SqlState::DISK_FULL => StoreError::DiskFull,
            // the server going down, restarting, the connection lost, the login refused: out of
            // reach (the server's message names no value of a row here)
            Some(c) if c.code().starts_with("57P") || c.code().starts_with("08") || c.code().starts_with("28") => StoreError::Unreachable(e.to_string()),
            Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => StoreError::ReadOnly,
            // the server's message and code only: its DETAIL may quote a row's values
            Some(c) => StoreError::Server(format!("{} ({})", e.as_db_error().map(|d| d.message()).unwrap_or_default(), c.code())),
            None => StoreError::Unreachable(e.to_string()),
        }
    }
}

impl PgStore {
    /// Connect to the office server, check that the database is ours (or empty) and not from a
    /// newer version, and bring its schema up to date.
    pub fn open(target: &PgTarget) -> Result<PgStore> {
        let mut config: postgres::Config = target.url.parse().map_err(|e: postgres::Error| StoreError::Unreachable(format!("database_url: {e}")))?;
        if let Some(f) = &target.password_file {
            let pw = std::fs::read_to_string(f).map_err(|e| StoreError::Unreachable(format!("{}: {e}", f.display())))?;
            config.password(pw.lines().next().unwrap_or_default());
        }
        // personal data crosses the network: encrypted unless the URL says otherwise, and then
        // only to this machine
        if config.get_ssl_mode() == SslMode::Prefer {
            config.ssl_mode(SslMode::Require);
        }
        let local = config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
            Host::Unix(_) => true,
        });
        if config.get_ssl_mode() == SslMode::Disable && !local {
            return Err(StoreError::Unreachable("sslmode=disable: chỉ được dùng với máy chủ trên chính máy này".into()));
        }
        config.connect_timeout(Duration::from_secs(3));
        // the server frees what a kiosk that vanished mid-transaction held, and no statement
        // or lock wait holds the office's other kiosks for long
        config.options("-c statement_timeout=30s -c lock_timeout=10s -c idle_in_transaction_session_timeout=60s");
        // a network gone silent is found out in seconds, not after TCP's quarter of an hour
        config.keepalives_idle(Duration::from_secs(10));
        config.keepalives_interval(Duration::from_secs(5));
        config.keepalives_retries(2);
        config.tcp_user_timeout(Duration::from_secs(8));
        config.application_name("form-kiosk");
        let tls = tls_connector(target)?;
        let client = config.connect(tls.clone())?;
        let store = PgStore { client: Mutex::new(client), config, tls, kiosk_id: None };
        store.migrate()?;
        Ok(store)
    }

    /// The connection, made again when the server dropped it (restarted, the network back).
    fn client(&self) -> Result<MutexGuard<'_, Client>> {
        let mut c = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if c.is_closed() {
            *c = self.config.connect(self.tls.clone())?;
        }
        Ok(c)
    }

    /// Recognise the database and apply the migrations it lacks, one transaction each, under
    /// an advisory lock: kiosks starting together do not migrate twice.
    fn migrate(&self) -> Result<()> {
        let mut c = self.client()?;
        let found: Option<i32> = version_in(&mut *c)?;
        if found.is_none() {
            let tables: i64 = c.query_one("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", &[])?.get(0);
            if tables > 0 {
                return Err(StoreError::Foreign(PathBuf::from(self.location())));
            }
        }
        if found.is_some_and(|v| v > PG_SCHEMA_VERSION) {
            return Err(StoreError::TooNew { path: PathBuf::from(self.location()), found: found.unwrap_or_default(), known: PG_SCHEMA_VERSION });
        }
        loop {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            tx.batch_execute("CREATE TABLE IF NOT EXISTS form_kiosk (key text PRIMARY KEY, value text NOT NULL)")?;
            let v = version_in(&mut tx)?.unwrap_or(0);
            if v >= PG_SCHEMA_VERSION {
                return Ok(tx.commit()?);
            }
            tx.batch_execute(PG_MIGRATIONS[v as usize])?;
            tx.execute(
                "INSERT INTO form_kiosk (key, value) VALUES ('application', 'form-kiosk'), ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&(v + 1).to_string()],
            )?;
            tx.commit()?;
        }
    }

    pub fn schema_version(&self) -> Result<i32> {
        Ok(version_in(&mut *self.client()?)?.unwrap_or(0))
    }

    /// The server and database, for staff and logs (never the password).
    pub fn location(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("postgresql://{host}:{port}/{}", self.config.get_dbname().unwrap_or_default())
    }

    pub fn set_kiosk_id(&mut self, id: &str) -> Result<()> {
        self.kiosk_id = Some(id.to_string());
        Ok(())
    }

    /// For tests and benchmarks: run statements on the server directly.
    #[doc(hidden)]
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        Ok(self.client()?.batch_execute(sql)?)
    }
}

/// The schema version recorded in the database (None: not a form-kiosk database, or empty).
fn version_in(c: &mut impl postgres::GenericClient) -> Result<Option<i32>> {
    let exists: bool = c.query_one("SELECT to_regclass('form_kiosk') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(None);
    }
    let rows = c.query("SELECT key, value FROM form_kiosk WHERE key IN ('application', 'schema_version')", &[])?;
    let get = |k: &str| rows.iter().find(|r| r.get::<_, &str>(0) == k).map(|r| r.get::<_, String>(1));
    match get("application").as_deref() {
        Some("form-kiosk") => Ok(get("schema_version").and_then(|v| v.parse().ok())),
        _ => Ok(None),
    }
}

/// TLS with the server's certificate checked against the system's authorities, or the one
/// given; a client certificate when given.
fn tls_connector(t: &PgTarget) -> Result<MakeTlsConnector> {
    let bad = |what: &Path, e: openssl::error::ErrorStack| StoreError::Unreachable(format!("{}: {e}", what.display()));
    let mut b = SslConnector::builder(SslMethod::tls()).map_err(|e| StoreError::Unreachable(e.to_string()))?;
    if let Some(ca) = &t.ca_file {
        b.set_ca_file(ca).map_err(|e| bad(ca, e))?;
    }
    match (&t.cert_file, &t.key_file) {
        (Some(cert), Some(key)) => {
            b.set_certificate_chain_file(cert).map_err(|e| bad(cert, e))?;
            b.set_private_key_file(key, SslFiletype::PEM).map_err(|e| bad(key, e))?;
        }
        (None, None) => {}
        (Some(f), None) | (None, Some(f)) => return Err(StoreError::Unreachable(format!("{}: chứng thư và khóa riêng phải đi cùng nhau", f.display()))),
    }
    Ok(MakeTlsConnector::new(b.build()))
}

/// A time to the second, as the SQLite store keeps it (truncated, not rounded).
fn sec(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// A database URL without its password, to be shown or logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &url[s + 3..at];
            match user.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &user[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
