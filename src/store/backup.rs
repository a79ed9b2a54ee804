//! Backups: a consistent copy of the live database (SQLite's online backup, so a kiosk
//! writing meanwhile is no problem), encrypted with the same key as the source; and restoring
//! one, which refuses a file that is not a kiosk database.

use super::*;

/// Pages copied per step of the online backup (a writer gets the lock between steps).
const PAGES_PER_STEP: std::ffi::c_int = 256;

fn open_new(dest: &Path, key: Option<&str>) -> Result<Connection> {
    // the copy holds personal data: made 0600 before SQLite writes a byte, and never over a file
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(dest).map_err(|e| StoreError::Open {
            path: dest.to_path_buf(),
            reason: if e.kind() == std::io::ErrorKind::AlreadyExists {
                "tệp đã có; chọn tên khác, bản sao lưu không ghi đè".into()
            } else {
                e.to_string()
            },
        })?;
    }
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
        let source = Store::open_read_only_any_version(src, key)?;
        let app_id: i32 = source.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(src.to_path_buf()));
        }
        if !source.integrity_ok()? {
            return Err(StoreError::NotADatabase(src.to_path_buf()));
        }
        // a profile erased since the backup was made cannot be told in it (the audit holds no
        // ID number): such a backup would bring the person back, so it is refused
        let newest_in_backup: Option<String> = source.conn.query_row("SELECT max(at) FROM audit", [], |r| r.get(0))?;
        let erased_since: i64 =
            self.conn.query_row("SELECT count(*) FROM audit WHERE action = 'profile_erased' AND at > coalesce(?1, '')", [&newest_in_backup], |r| r.get(0))?;
        if erased_since > 0 {
            return Err(StoreError::Open {
                path: src.to_path_buf(),
                reason: "có công dân đã được xóa dữ liệu sau khi sao lưu: khôi phục sẽ đưa dữ liệu của họ trở lại".into(),
            });
        }
        // what the live database knows and the backup may not: numbers already given (never
        // given again) and dossiers erased since
        let counters: Vec<(String, String, i64)> = {
            let mut st = self.conn.prepare("SELECT agency_code, day, last_seq FROM day_counters")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let erased: Vec<(String, String)> = {
            let mut st = self.conn.prepare("SELECT code, erased_at FROM dossiers WHERE erased_at IS NOT NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        rusqlite::backup::Backup::new(&source.conn, &mut self.conn)?.run_to_completion(PAGES_PER_STEP, Duration::from_millis(10), None)?;
        drop(source);
        // the backup may be from before a migration; and this file stays in WAL mode
        let version = self.schema_version()?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        if version < SCHEMA_VERSION {
            self.migrate_to(SCHEMA_VERSION)?;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (agency, day, seq) in &counters {
            tx.execute(
                "INSERT INTO day_counters (agency_code, day, last_seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
                params![agency, day, seq],
            )?;
        }
        for (code, at) in &erased {
            super::citizens::erase_dossier(&tx, code, at)?;
        }
        // a kiosk of an office: the backup's leased numbers may have been printed since (never
        // again), and its outbox ids may have reached the server since: what it still holds is
        // sent as from a new file (the server takes a dossier it has once)
        tx.execute("UPDATE leases SET next_seq = last_seq + 1", [])?;
        tx.execute("DELETE FROM kiosk_state WHERE key = 'outbox_origin'", [])?;
        tx.commit()?;
        if !erased.is_empty() {
            self.wipe_wal()?;
        }
        audit(&self.conn, &ts(now), "restored", Actor::Staff, None, None)?;
        Ok(())
    }
}
