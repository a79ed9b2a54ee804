//! Reading `kiosk.toml` (without a file the built-in defaults apply: Phường Hồng Ngự, Tỉnh
//! Đồng Tháp), the database key file, and where the database is: the files and environment
//! the kiosk and the CLI start from.

use crate::core::config::{parse_config, KioskConfig};
use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};

/// The default location: `$XDG_CONFIG_HOME/form-kiosk/kiosk.toml` (or `~/.config/…`).
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("form-kiosk").join("kiosk.toml"))
}

/// Load `path` if given (it must exist), else the default location if it exists, else defaults.
pub fn load(path: Option<&Path>) -> anyhow::Result<KioskConfig> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => match default_path().filter(|p| p.exists()) {
            Some(p) => p,
            None => return Ok(KioskConfig::default()),
        },
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read configuration {}", path.display()))?;
    match parse_config(&text) {
        Ok(c) => Ok(c),
        Err(problems) => {
            for p in &problems {
                tracing::error!(file = %path.display(), "configuration: {p}");
            }
            bail!("configuration {}: {}", path.display(), problems.join("; "))
        }
    }
}

/// The configuration's keys as written, unchecked (for `doctor`, which reports the problems
/// and still looks at the database and key file the file names). None when it is not TOML
/// with known keys.
pub fn load_unchecked(path: Option<&Path>) -> Option<KioskConfig> {
    let path = path.map(Path::to_path_buf).or_else(|| default_path().filter(|p| p.exists()))?;
    toml::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// The configuration's database key (None: not encrypted), read from `db_key_file`.
pub fn db_key(config: &KioskConfig) -> anyhow::Result<Option<String>> {
    config.db_key_file.as_deref().map(|f| read_key_file(Path::new(f))).transpose()
}

/// The database key from `db_key_file`: its first line. An empty or unreadable file is
/// refused with a clear message; a file others can read is used, with a warning.
pub fn read_key_file(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("không đọc được tệp khóa cơ sở dữ liệu {} (db_key_file)", path.display()))?;
    let key = text.lines().next().unwrap_or_default().trim().to_string();
    if key.is_empty() {
        bail!("tệp khóa cơ sở dữ liệu {} (db_key_file) đang trống: cần một dòng khóa", path.display());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).map(|m| m.permissions().mode() & 0o077 != 0).unwrap_or(false) {
            tracing::warn!(file = %path.display(), "the database key file is readable by others: chmod 600 it");
            eprintln!("cảnh báo: tệp khóa cơ sở dữ liệu {} người khác đọc được; hãy chạy `chmod 600` cho tệp này", path.display());
        }
    }
    Ok(key)
}

/// The database: `--db`, else `database` in the configuration, else the default.
pub fn db_path(given: Option<&Path>, config: &KioskConfig) -> anyhow::Result<PathBuf> {
    match given {
        Some(p) => Ok(p.to_path_buf()),
        None if !config.database.trim().is_empty() => Ok(PathBuf::from(config.database.trim())),
        None => default_db(),
    }
}

/// The default database: `$XDG_DATA_HOME/form-kiosk/kiosk.db` (or `~/.local/share/…`).
pub fn default_db() -> anyhow::Result<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| anyhow::anyhow!("no HOME: give the database with --db FILE"))?;
    Ok(base.join("form-kiosk").join("kiosk.db"))
}

/// Open the store: the SQLite file at `path` (default: [`default_db`]) with the
/// configuration's key file — and, with `database_url`, as a kiosk of that office's server
/// (which is not asked yet: a kiosk starts with it down). `read_only`: the file is never
/// created, never written.
pub fn open_store(path: Option<&Path>, config: &KioskConfig, read_only: bool) -> anyhow::Result<Box<dyn crate::store::Backend>> {
    let path = db_path(path, config)?;
    let key = db_key(config)?;
    let local = if read_only { crate::store::Store::open_read_only(&path, key.as_deref())? } else { crate::store::Store::open(&path, key.as_deref())? };
    // a kiosk of an office works on its own file first, and keeps the server up to date
    Ok(match pg_target(config) {
        Some(target) => Box::new(crate::store::Office::new(local, target, &config.agency_code, config.lease_size)),
        None => Box::new(local),
    })
}

/// The office server itself (`form-kiosk desk`), connected now.
pub fn open_server(config: &KioskConfig) -> anyhow::Result<crate::store::PgStore> {
    let target = pg_target(config)
        .ok_or_else(|| anyhow::anyhow!("chưa cấu hình máy chủ của cơ quan: cần `database_url` trong kiosk.toml (README: \"An office with several kiosks\")"))?;
    let mut store =
        crate::store::PgStore::open(&target).with_context(|| format!("máy chủ cơ sở dữ liệu của cơ quan ({})", crate::store::redact(&target.url)))?;
    store.set_kiosk_id(&config.kiosk_id)?;
    Ok(store)
}

/// The office server of the configuration (None: the kiosk's own file).
pub fn pg_target(config: &KioskConfig) -> Option<crate::store::PgTarget> {
    let url = config.database_url.trim();
    let path = |f: &Option<String>| f.as_deref().map(PathBuf::from);
    (!url.is_empty()).then(|| crate::store::PgTarget {
        url: url.to_string(),
        ca_file: path(&config.database_ca),
        cert_file: path(&config.database_cert),
        key_file: path(&config.database_key),
        password_file: path(&config.database_password_file),
    })
}
