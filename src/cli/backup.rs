//! `form-kiosk backup FILE` and `form-kiosk restore FILE`: the database copied out while the
//! kiosk runs, and put back.

use super::{now, service, Access, Exit, Global, Outcome};
use crate::config_io;
use anyhow::Context as _;
use std::path::Path;

pub fn backup(g: &Global, file: &Path) -> Outcome {
    if file.exists() {
        return Err(anyhow::anyhow!("{} đã có: bản sao lưu không ghi đè lên tệp nào, xin chọn tên khác", file.display()).into());
    }
    // the database as it is, an older kiosk's too (a backup before its migration)
    let config = config_io::load(g.config.as_deref())?;
    if config_io::pg_target(&config).is_some() {
        return Err(on_server().into());
    }
    let key = config_io::db_key(&config)?;
    let encrypted = key.is_some();
    let store = crate::store::Store::open_read_only_any_version(&config_io::db_path(g.db.as_deref(), &config)?, key.as_deref())?;
    store.backup_to(file, key.as_deref()).with_context(|| format!("sao lưu vào {}", file.display()))?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "Đã sao lưu cơ sở dữ liệu vào {} ({} KB{})",
        file.display(),
        size / 1024,
        if encrypted { ", mã hóa bằng khóa của kiosk" } else { ", không mã hóa: hãy cất ở nơi an toàn" }
    );
    Ok(Exit::Ok)
}

pub fn restore(g: &Global, file: &Path) -> Outcome {
    let mut service = service(g, Access::WriteNoPurge)?;
    let key = config_io::db_key(&service.config)?;
    service
        .store()?
        .local_mut()
        .ok_or_else(on_server)?
        .restore_from(file, key.as_deref(), now(g)?)
        .with_context(|| format!("khôi phục từ {}", file.display()))?;
    println!("Đã khôi phục cơ sở dữ liệu từ {}", file.display());
    Ok(Exit::Ok)
}

/// The office server is backed up by its administrator, not by a kiosk.
fn on_server() -> anyhow::Error {
    anyhow::anyhow!("kiosk này lưu hồ sơ trên máy chủ cơ sở dữ liệu của cơ quan (database_url): máy chủ được sao lưu và khôi phục bằng pg_dump/pg_restore của quản trị viên (README)")
}
