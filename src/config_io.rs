//! Reading `kiosk.toml`. Without a file the built-in defaults apply (Phường Hồng Ngự,
//! Tỉnh Đồng Tháp).

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
        Err(problems) => bail!("configuration {}: {}", path.display(), problems.join("; ")),
    }
}
