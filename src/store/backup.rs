//! Backups: a consistent copy of the live database (SQLite's online backup, so a kiosk
//! writing meanwhile is no problem), encrypted with the same key as the source; and restoring
//! one, which refuses a file that is not a kiosk database.

use super::*;

/// Pages copied per step of the online backup (a writer gets the lock between steps).
const PAGES_PER_STEP: std::ffi::c_int = 256;

fn open_new(dest: &Path, key: Option<&str>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(dest, flags).map_err(|e| StoreError::Open { path: dest.to_path_buf(), reason: e.to_string() })?;
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    if let Some(k) = key {
        conn.pragma_update(None, "key", k)?;
    }
    Ok(conn)
}

impl Store {
    /// Copy the database, as it is at one moment, into the new file `dest` (refused if it
    /// exists), encrypted with `key` as the source is. The copy is checked before it is
    /// kept: a copy that does not pass the integrity check is removed.
    pub fn backup_to(&self, dest: &Path, key: Option<&str>) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Open { path: dest.to_path_buf(), reason: "tệp đã có; chọn tên khác, bản sao lưu không ghi đè".into() });
        }
        let result = (|| {
            let mut out = open_new(dest, key)?;
            rusqlite::backup::Backup::new(&self.conn, &mut out)?.run_to_completion(PAGES_PER_STEP, Duration::from_millis(10), None)?;
            let ok: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if ok != "ok" {
                return Err(StoreError::NotADatabase(dest.to_path_buf()));
            }
            // the copy is one file: no log beside it
            out.execute_batch("PRAGMA journal_mode = DELETE")?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(dest);
        }
        result
    }

    /// Replace this database's content with a backup's: refused unless `src` is a kiosk
    /// database (its application id), opens with `key`, passes the integrity check and is
    /// not from a newer version; an older one is brought up to date. Recorded in the audit.
    pub fn restore_from(&mut self, src: &Path, key: Option<&str>, now: NaiveDateTime) -> Result<()> {
        let source = Store::open_read_only(src, key)?;
        let app_id: i32 = source.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(src.to_path_buf()));
        }
        if !source.integrity_ok()? {
            return Err(StoreError::NotADatabase(src.to_path_buf()));
        }
        rusqlite::backup::Backup::new(&source.conn, &mut self.conn)?.run_to_completion(PAGES_PER_STEP, Duration::from_millis(10), None)?;
        drop(source);
        // the backup may be from before a migration; and this file stays in WAL mode
        let version = self.schema_version()?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        if version < SCHEMA_VERSION {
            self.migrate_to(SCHEMA_VERSION)?;
        }
        audit(&self.conn, &ts(now), "restored", Actor::Staff, None, None)?;
        Ok(())
    }
}
