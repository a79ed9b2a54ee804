//! Throw-away PostgreSQL clusters for the tests (`.ci/pg`: initdb and pg_ctl as a non-root
//! user, TLS and a password only). One is shared by the tests of a run — the one `.ci/run`
//! started (`FORM_KIOSK_TEST_PG`, its directory), else one started here and stopped when the
//! test binary exits — each test in a database of its own; a test that stops its server
//! starts its own cluster.

use form_kiosk::store::PgTarget;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub struct Cluster {
    pub dir: PathBuf,
    /// The URL of its `form_kiosk` database, role `kiosk`, TLS required.
    pub url: String,
    owned: bool,
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/pg")
}

fn run(args: &[&str]) -> String {
    let out = Command::new("bash").arg(script()).args(args).output().expect("bash runs .ci/pg");
    assert!(out.status.success(), ".ci/pg {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Cluster {
    /// A new cluster of this test's own (in /tmp: the server's user must reach it).
    pub fn start() -> Cluster {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("form-kiosk-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let url = run(&["start", dir.to_str().unwrap(), &free_port().to_string()]);
        Cluster { dir, url, owned: true }
    }

    /// The server goes down (its clients are disconnected).
    pub fn stop(&self) {
        run(&["stop", self.dir.to_str().unwrap()]);
    }

    /// And comes back, on the same port.
    pub fn again(&self) {
        run(&["again", self.dir.to_str().unwrap()]);
    }

    /// The authority a client trusts for this server.
    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }

    /// A new empty database of role `kiosk_cert`, reached with its client certificate and no
    /// password.
    pub fn database_by_certificate(&self) -> PgTarget {
        let t = self.database();
        let name = db_name(&t).to_string();
        self.admin(&format!("ALTER DATABASE {name} OWNER TO kiosk_cert"));
        let port = std::fs::read_to_string(self.dir.join("port")).unwrap();
        PgTarget {
            url: format!("postgresql://kiosk_cert@127.0.0.1:{}/{name}?sslmode=require", port.trim()),
            ca_file: Some(self.ca()),
            cert_file: Some(self.dir.join("client.crt")),
            key_file: Some(self.dir.join("client.key")),
            password_file: None,
        }
    }

    /// A new empty database of this cluster, as a kiosk reaches it.
    pub fn database(&self) -> PgTarget {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!("t{}_{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        self.admin(&format!("CREATE DATABASE {name} OWNER kiosk"));
        let url = self.url.replace("/form_kiosk?", &format!("/{name}?"));
        PgTarget { url, ca_file: Some(self.ca()), ..PgTarget::default() }
    }

    /// A statement as the cluster's administrator, on the local socket (`db` or `postgres`).
    pub fn admin_on(&self, db: &str, sql: &str) -> String {
        let bindir = std::fs::read_dir("/usr/lib/postgresql").unwrap().map(|e| e.unwrap().path().join("bin")).max().unwrap();
        let port = std::fs::read_to_string(self.dir.join("port")).unwrap();
        let mut c = if unsafe { libc::geteuid() } == 0 {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(bindir.join("psql"));
            c
        } else {
            Command::new(bindir.join("psql"))
        };
        let out = c.arg("-h").arg(&self.dir).args(["-p", port.trim(), "-U", "admin", "-d", db, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql]).output().unwrap();
        assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn admin(&self, sql: &str) -> String {
        self.admin_on("postgres", sql)
    }

    /// Whether `needle` is anywhere in the table and index files of a database (written out
    /// by a checkpoint first); the server's own log (pg_wal) is not looked at.
    pub fn files_hold(&self, target: &PgTarget, needle: &str) -> bool {
        let db = db_name(target);
        let oid = self.admin(&format!("SELECT oid FROM pg_database WHERE datname = '{db}'"));
        self.admin("CHECKPOINT");
        let base = self.dir.join("data/base").join(oid);
        std::fs::read_dir(&base).unwrap().any(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.owned {
            let _ = Command::new("bash").arg(script()).args(["stop", self.dir.to_str().unwrap()]).output();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

static SHARED: OnceLock<Cluster> = OnceLock::new();

extern "C" fn stop_shared() {
    if let Some(c) = SHARED.get().filter(|c| c.owned) {
        let _ = Command::new("bash").arg(script()).args(["stop", c.dir.to_str().unwrap()]).output();
        let _ = std::fs::remove_dir_all(&c.dir);
    }
}

/// The cluster the tests of this run share.
pub fn shared() -> &'static Cluster {
    SHARED.get_or_init(|| match std::env::var_os("FORM_KIOSK_TEST_PG") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let url = run(&["url", dir.to_str().unwrap()]);
            Cluster { dir, url, owned: false }
        }
        None => {
            let c = Cluster::start();
            // statics are not dropped: stopped when the test binary exits
            unsafe { libc::atexit(stop_shared) };
            c
        }
    })
}

/// A kiosk.toml's lines that point a kiosk at a server's database.
pub fn config_lines(target: &PgTarget) -> String {
    format!(
        "database_url = \"{}\"\ndatabase_ca = \"{}\"\n",
        target.url,
        target.ca_file.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default()
    )
}

/// The database a target names.
pub fn db_name(target: &PgTarget) -> &str {
    target.url.rsplit('/').next().unwrap().split('?').next().unwrap()
}
