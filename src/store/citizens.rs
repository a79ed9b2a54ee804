//! Citizens: profiles kept with consent, erasure of one person (physical: the WAL too),
//! retention, and the audit log (no personal data).

use super::*;

/// How long erasure waits, in all, for other connections' reads before it leaves the log to
/// the next wipe.
const WIPE_WAIT: Duration = Duration::from_secs(5);

/// Erase what is personal in one dossier: its answers, printout and delivery address, whose ID
/// numbers it holds, and its booked time (a home address with it); code, status and audit stay.
pub(super) fn erase_dossier(conn: &Connection, code: &str, at: &str) -> Result<()> {
    conn.execute("UPDATE dossiers SET answers = NULL, pdf = NULL, delivery = NULL, erased_at = ?2, updated_at = ?2 WHERE code = ?1", params![code, at])?;
    conn.execute("DELETE FROM dossier_people WHERE code = ?1", [code])?;
    conn.execute("DELETE FROM bookings WHERE code = ?1", [code])?;
    Ok(())
}

impl Store {
    /// Save or refresh a profile. Only call with the citizen's explicit consent to
    /// `notice_version`. Holds what the card says — never ethnicity or religion.
    pub fn save_profile(&mut self, card: &Card, notice_version: &str, now: NaiveDateTime) -> Result<()> {
        let at = ts(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO profiles (id_number, full_name, birth_date, sex, residence, old_id_number, issue_date,
                                   consent_at, consent_notice, created_at, updated_at, last_used_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?8, ?8)
             ON CONFLICT (id_number) DO UPDATE SET
                full_name = excluded.full_name, birth_date = excluded.birth_date, sex = excluded.sex,
                residence = excluded.residence, old_id_number = excluded.old_id_number,
                issue_date = excluded.issue_date, consent_at = excluded.consent_at,
                consent_notice = excluded.consent_notice, updated_at = excluded.updated_at,
                last_used_at = excluded.last_used_at",
            rusqlite::params_from_iter(card_columns(card).into_iter().chain([Some(at.clone()), Some(notice_version.to_string())])),
        )?;
        audit(&tx, &at, "profile_saved", Actor::Citizen, None, None)?;
        if self.office {
            outbox::push(&tx, &outbox::Outgoing::Profile { id_number: card.id_number.clone() })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A scanned card is the source of truth: refresh an existing profile from it (no-op
    /// when the citizen has no profile; never creates one). Returns whether one was updated.
    pub fn refresh_profile(&mut self, card: &Card, now: NaiveDateTime) -> Result<bool> {
        // a read first: most cards have no profile, and an UPDATE takes the write lock even
        // when it changes nothing (with other kiosk processes writing, it waited for them)
        let exists = retry_busy(|| Ok(self.conn.query_row("SELECT 1 FROM profiles WHERE id_number = ?1", [&card.id_number], |_| Ok(())).optional()?))?;
        if exists.is_none() {
            return Ok(false);
        }
        let n = retry_busy(|| {
            Ok(self.conn.execute(
                "UPDATE profiles SET full_name = ?2, birth_date = ?3, sex = ?4, residence = ?5, old_id_number = ?6,
                        issue_date = ?7, updated_at = ?8, last_used_at = ?8
                 WHERE id_number = ?1",
                rusqlite::params_from_iter(card_columns(card).into_iter().chain([Some(ts(now))])),
            )?)
        })?;
        Ok(n > 0)
    }

    /// Look up a profile by ID number (and mark it used, for retention).
    pub fn use_profile(&mut self, id_number: &str, now: NaiveDateTime) -> Result<Option<Profile>> {
        let p = retry_busy(|| self.profile(id_number))?;
        if p.is_some() {
            retry_busy(|| Ok(self.conn.execute("UPDATE profiles SET last_used_at = ?2 WHERE id_number = ?1", params![id_number, ts(now)])?))?;
        }
        Ok(p)
    }

    pub fn profile(&self, id_number: &str) -> Result<Option<Profile>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id_number, full_name, birth_date, sex, residence, old_id_number, issue_date,
                    consent_at, consent_notice, last_used_at
             FROM profiles WHERE id_number = ?1",
        )?;
        Ok(st
            .query_row([id_number], |r| {
                let birth: String = r.get(2)?;
                let sex: String = r.get(3)?;
                let issue: Option<String> = r.get(6)?;
                Ok(Profile {
                    card: Card {
                        id_number: r.get(0)?,
                        full_name: r.get(1)?,
                        birth_date: Date::parse_typed(&birth).unwrap_or(Date { year: 1900, month: 1, day: 1 }),
                        sex: Sex::parse(&sex).unwrap_or(Sex::Male),
                        residence: r.get(4)?,
                        old_id_number: r.get(5)?,
                        issue_date: issue.as_deref().and_then(Date::parse_typed),
                    },
                    consent_at: r.get(7)?,
                    consent_notice: r.get(8)?,
                    last_used_at: r.get(9)?,
                })
            })
            .optional()?)
    }

    /// Erase a citizen: their profile, and the answers of every dossier that holds their ID
    /// number. Codes, statuses and the audit trail stay.
    pub fn forget_citizen(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport> {
        let mut report = retry_busy(|| self.forget_once(id_number, actor, now))?;
        // the erasure is committed: its report (the codes whose print jobs go too) is kept even
        // when the log cannot be wiped yet
        report.wal_wiped = match self.wipe_wal() {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("erasure committed; the write-ahead log not wiped yet: {e}");
                false
            }
        };
        Ok(report)
    }

    fn forget_once(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport> {
        let at = ts(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let profile = tx.execute("DELETE FROM profiles WHERE id_number = ?1", [id_number])? > 0;
        let codes: Vec<(String, String)> = {
            let mut st = tx.prepare(
                "SELECT d.code, d.form_id FROM dossiers d JOIN dossier_people p ON p.code = d.code
                 WHERE p.id_number = ?1 AND d.erased_at IS NULL",
            )?;
            let rows = st.query_map([id_number], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (code, form_id) in &codes {
            erase_dossier(&tx, code, &at)?;
            audit(&tx, &at, "erased_on_request", actor, Some(code), Some(form_id))?;
        }
        if profile {
            audit(&tx, &at, "profile_erased", actor, None, None)?;
        }
        tx.commit()?;
        Ok(ForgetReport { profile, dossiers: codes.len(), codes: codes.into_iter().map(|(c, _)| c).collect(), wal_wiped: false })
    }

    /// Retention: delete profiles not used for `profile_days` and dossiers created more than
    /// `dossier_days` ago (their audit entries stay).
    pub fn purge(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<PurgeReport> {
        let report = retry_busy(|| self.purge_once(now, profile_days, dossier_days, false))?.unwrap_or_default();
        if report.profiles + report.dossiers > 0 {
            self.wipe_wal()?;
        }
        Ok(report)
    }

    /// Retention once a day: [`Store::purge`] unless it already ran on `now`'s day (the day
    /// it last ran is kept in the database, so every kiosk process and command shares it).
    /// `None`: not due.
    pub fn purge_if_due(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<Option<PurgeReport>> {
        // a read first: a day's later calls take no write lock (a read too can meet a busy
        // database while other kiosk processes open it: retried like the writes)
        if retry_busy(|| self.last_purge_day())?.as_deref() == Some(day_of(now).as_str()) {
            return Ok(None);
        }
        let report = retry_busy(|| self.purge_once(now, profile_days, dossier_days, true))?;
        if report.as_ref().is_some_and(|r| r.profiles + r.dossiers > 0) {
            self.wipe_wal()?;
        }
        Ok(report)
    }

    /// The day retention last ran (`YYYY-MM-DD`), if ever.
    pub fn last_purge_day(&self) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM kiosk_state WHERE key = 'last_purge'", [], |r| r.get(0)).optional()?)
    }

    /// One purge in one write transaction; `only_if_due`: not when it ran that day already
    /// (checked again under the write lock: another process may have just run it).
    fn purge_once(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32, only_if_due: bool) -> Result<Option<PurgeReport>> {
        let at = ts(now);
        let day = day_of(now);
        // a number of days beyond the calendar keeps everything (never a panic)
        let cut = |days: u32| chrono::Duration::try_days(days as i64).and_then(|d| now.checked_sub_signed(d)).map(ts).unwrap_or_default();
        let (profile_cut, dossier_cut) = (cut(profile_days), cut(dossier_days));
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<String> = tx.query_row("SELECT value FROM kiosk_state WHERE key = 'last_purge'", [], |r| r.get(0)).optional()?;
        if only_if_due && last.as_deref() == Some(day.as_str()) {
            return Ok(None);
        }
        tx.execute("INSERT INTO kiosk_state (key, value) VALUES ('last_purge', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1", [&day])?;
        let profiles = tx.execute("DELETE FROM profiles WHERE last_used_at < ?1", [&profile_cut])?;
        let dossiers = tx.execute("DELETE FROM dossiers WHERE created_at < ?1", [&dossier_cut])?;
        if profiles + dossiers > 0 {
            audit(&tx, &at, "purge", Actor::System, None, None)?;
        }
        tx.commit()?;
        Ok(Some(PurgeReport { profiles, dossiers }))
    }

    /// Erasure is physical: the pages written before it (names, ID numbers, answers, PDFs)
    /// still sit in the write-ahead log until it is checkpointed, so copy it into the
    /// database (whose freed space `secure_delete` zeroed) and truncate it to nothing. Waits
    /// for another connection's reads to end, at most [`WIPE_WAIT`] in all (the kiosk waits
    /// on its screen's thread, which the watchdog watches).
    pub(super) fn wipe_wal(&mut self) -> Result<()> {
        // each checkpoint waits briefly for readers (not the busy timeout of 5 s each time)
        self.conn.busy_timeout(Duration::from_millis(100))?;
        let start = std::time::Instant::now();
        let result = loop {
            match self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
                Ok(0) => break Ok(()),
                Ok(_) if start.elapsed() < WIPE_WAIT => std::thread::sleep(Duration::from_millis(100)),
                Ok(_) => break Err(StoreError::Busy),
                Err(e) => break Err(e.into()),
            }
        };
        self.conn.busy_timeout(Duration::from_secs(5))?;
        result
    }

    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare("SELECT at, action, actor, dossier_code, form_id, kiosk_id FROM audit ORDER BY id DESC LIMIT ?1")?;
        let rows = st.query_map([limit], |r| {
            Ok(AuditEntry { at: r.get(0)?, action: r.get(1)?, actor: r.get(2)?, dossier_code: r.get(3)?, form_id: r.get(4)?, kiosk_id: r.get(5)? })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// A staff action worth recording (opening staff mode, a reprint request …).
    pub fn record(&mut self, action: &str, actor: Actor, code: Option<&str>, now: NaiveDateTime) -> Result<()> {
        let at = ts(now);
        retry_busy(|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            audit(&tx, &at, action, actor, code, None)?;
            if self.office {
                let what = outbox::Outgoing::Audit { action: action.into(), actor: actor.as_str().into(), code: code.map(String::from), at: at.clone() };
                outbox::push(&tx, &what)?;
            }
            Ok(tx.commit()?)
        })
    }
}

/// A card's profile columns, in the order the profile statements number them (?1 … ?7).
pub(super) fn card_columns(card: &Card) -> [Option<String>; 7] {
    [
        Some(card.id_number.clone()),
        Some(card.full_name.clone()),
        Some(card.birth_date.to_string()),
        Some(card.sex.label().to_string()),
        Some(card.residence.clone()),
        card.old_id_number.clone(),
        card.issue_date.map(|d| d.to_string()),
    ]
}
