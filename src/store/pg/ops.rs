//! The store's operations on the server: dossiers numbered and followed, citizens' profiles,
//! erasure and retention, the audit log, bookings and ratings — as `store/dossiers.rs`,
//! `citizens.rs` and `after.rs` do them on SQLite.

use super::*;
use crate::core::after::{Booking, Rating, Slot, Visit};
use crate::store::citizens::card_columns;
use chrono::NaiveDate;
use postgres::{GenericClient, Row};

const DOSSIER_COLUMNS: &str = "code, form_id, form_version, answers, status, created_at, confirmed_at, printed_at,
                               print_attempts, erased_at, delivery, due_day, kiosk_id";

/// A cut before any dossier was made: a number of days beyond the calendar keeps everything.
fn keep_all() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default().and_time(chrono::NaiveTime::MIN)
}

pub(super) fn naive(d: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap_or_default()
}

fn of_naive(d: NaiveDate) -> Date {
    use chrono::Datelike;
    Date { year: d.year(), month: d.month(), day: d.day() }
}

fn row_to_dossier(r: &Row) -> Dossier {
    let t = |i: usize| r.get::<_, Option<NaiveDateTime>>(i).map(ts);
    Dossier {
        code: r.get(0),
        form_id: r.get(1),
        form_version: r.get::<_, i32>(2) as u32,
        answers: r.get(3),
        status: Status::parse(r.get(4)),
        created_at: ts(r.get(5)),
        confirmed_at: t(6),
        printed_at: t(7),
        print_attempts: r.get::<_, i32>(8) as u32,
        erased_at: t(9),
        delivery: r.get::<_, Option<serde_json::Value>>(10).and_then(|d| serde_json::from_value(d).ok()),
        due_day: r.get::<_, Option<NaiveDate>>(11).map(|d| d.format("%Y-%m-%d").to_string()),
        kiosk_id: r.get(12),
    }
}

impl PgStore {
    pub(super) fn audit(
        &self,
        c: &mut impl GenericClient,
        at: NaiveDateTime,
        action: &str,
        actor: Actor,
        code: Option<&str>,
        form_id: Option<&str>,
    ) -> Result<()> {
        c.execute(
            "INSERT INTO audit (at, action, actor, dossier_code, form_id, kiosk_id) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&at, &action, &actor.as_str(), &code, &form_id, &self.kiosk_id],
        )?;
        Ok(())
    }

    /// As [`Store::confirm_with_pdf`]: the agency's next number of the day, taken under the
    /// counter row's lock, with the printout made inside the same transaction.
    pub fn confirm_with_pdf(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> {
        retry_busy(|| self.confirm_once(d, now, render))
    }

    fn confirm_once(&self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> {
        let NewDossier { agency_code, form_id, form_version, answers, people, after } = *d;
        let day = crate::service::date_of(now).day_key();
        let at = sec(now);
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        let seq: i32 = tx
            .query_one(
                "INSERT INTO day_counters (agency_code, day, last_seq) VALUES ($1, $2, 1)
                 ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = day_counters.last_seq + 1
                 RETURNING last_seq",
                &[&agency_code, &day],
            )?
            .get(0);
        let code = format!("{agency_code}-{day}-{seq:04}");
        let pdf = render(&code).map_err(StoreError::Printout)?;
        tx.execute(
            "INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status,
                                   created_at, confirmed_at, updated_at, pdf, kiosk_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $8, $8, $9, $10)",
            &[&code, &agency_code, &day, &seq, &form_id, &(form_version as i32), answers, &at, &pdf, &self.kiosk_id],
        )?;
        for id in people {
            tx.execute("INSERT INTO dossier_people (code, id_number) VALUES ($1, $2) ON CONFLICT DO NOTHING", &[&code, id])?;
        }
        if let Some(after) = after {
            let delivery = serde_json::to_value(after.delivery).expect("a delivery serialises");
            tx.execute("UPDATE dossiers SET delivery = $2, due_day = $3 WHERE code = $1", &[&code, &delivery, &after.due.map(naive)])?;
            if let Some((b, capacity)) = after.booking {
                // the slot's bookings locked first: two kiosks do not both take its last place
                tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&format!("{}/{}/{}", b.visit.as_str(), b.slot.day, b.slot.minute)])?;
                if taken_in(&mut tx, b.visit, b.slot)? >= capacity {
                    return Err(StoreError::SlotFull);
                }
                tx.execute(
                    "INSERT INTO bookings (code, visit, day, minute, address, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    &[&code, &b.visit.as_str(), &naive(b.slot.day), &(b.slot.minute as i32), &b.address, &at],
                )?;
            }
        }
        self.audit(&mut tx, at, "confirm", Actor::Citizen, Some(&code), Some(form_id))?;
        tx.commit()?;
        Ok(code)
    }

    fn set_status(&mut self, code: &str, to: Status, actor: Actor, now: NaiveDateTime) -> Result<()> {
        retry_busy(|| {
            let at = sec(now);
            let mut c = self.client()?;
            let mut tx = c.transaction()?;
            let form_id = super::sync::set_status_in(&mut tx, code, to, at)?;
            self.audit(&mut tx, at, to.as_str(), actor, Some(code), Some(&form_id))?;
            Ok(tx.commit()?)
        })
    }

    pub fn mark_printed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> {
        self.set_status(code, Status::Printed, actor, now)
    }

    pub fn mark_print_failed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> {
        self.set_status(code, Status::PrintFailed, actor, now)
    }

    pub fn mark_handed_over(&mut self, code: &str, now: NaiveDateTime) -> Result<()> {
        self.set_status(code, Status::HandedOver, Actor::Staff, now)
    }

    pub fn pdf(&self, code: &str) -> Result<Option<Vec<u8>>> {
        let row = self.client()?.query_opt("SELECT pdf, erased_at IS NOT NULL FROM dossiers WHERE code = $1", &[&code])?;
        match row {
            None => Err(StoreError::NotFound(code.to_string())),
            Some(r) if r.get::<_, bool>(1) => Err(StoreError::Erased(code.to_string())),
            Some(r) => Ok(r.get(0)),
        }
    }

    pub fn keep_pdf(&mut self, code: &str, pdf: &[u8]) -> Result<()> {
        self.client()?.execute("UPDATE dossiers SET pdf = $2 WHERE code = $1 AND erased_at IS NULL", &[&code, &pdf])?;
        Ok(())
    }

    pub fn dossier(&self, code: &str) -> Result<Dossier> {
        let row = self.client()?.query_opt(&format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE code = $1"), &[&code])?;
        row.map(|r| row_to_dossier(&r)).ok_or_else(|| StoreError::NotFound(code.to_string()))
    }

    pub fn dossiers(&self, day: Option<&str>) -> Result<Vec<Dossier>> {
        let rows = self
            .client()?
            .query(&format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE $1::text IS NULL OR day = $1 ORDER BY created_at DESC, code DESC"), &[&day])?;
        Ok(rows.iter().map(row_to_dossier).collect())
    }

    pub fn counts_by_form(&self, day: &str) -> Result<Vec<(String, u32)>> {
        let rows = self.client()?.query("SELECT form_id, count(*) FROM dossiers WHERE day = $1 GROUP BY form_id ORDER BY form_id", &[&day])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as u32)).collect())
    }

    pub fn counts_by_kiosk(&self, day: &str) -> Result<Vec<(String, u32)>> {
        let rows = self.client()?.query("SELECT coalesce(kiosk_id, ''), count(*) FROM dossiers WHERE day = $1 GROUP BY 1 ORDER BY 1", &[&day])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as u32)).collect())
    }

    pub fn save_profile(&mut self, card: &Card, notice_version: &str, now: NaiveDateTime) -> Result<()> {
        let at = sec(now);
        let profile = Profile { card: card.clone(), consent_at: ts(at), consent_notice: notice_version.to_string(), last_used_at: ts(at) };
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        super::sync::upsert_profile(&mut tx, &profile)?;
        self.audit(&mut tx, at, "profile_saved", Actor::Citizen, None, None)?;
        Ok(tx.commit()?)
    }

    pub fn refresh_profile(&mut self, card: &Card, now: NaiveDateTime) -> Result<bool> {
        // the number alone first: a card of a citizen without a profile sends nothing more
        let exists: bool = self.client()?.query_one("SELECT EXISTS (SELECT 1 FROM profiles WHERE id_number = $1)", &[&card.id_number])?.get(0);
        if !exists {
            return Ok(false);
        }
        let [id, name, birth, sex, residence, old_id, issue] = card_columns(card);
        let n = self.client()?.execute(
            "UPDATE profiles SET full_name = $2, birth_date = $3, sex = $4, residence = $5, old_id_number = $6,
                    issue_date = $7, updated_at = $8, last_used_at = $8
             WHERE id_number = $1",
            &[&id, &name, &birth, &sex, &residence, &old_id, &issue, &sec(now)],
        )?;
        Ok(n > 0)
    }

    pub fn use_profile(&mut self, id_number: &str, now: NaiveDateTime) -> Result<Option<Profile>> {
        let p = self.profile(id_number)?;
        if p.is_some() {
            self.client()?.execute("UPDATE profiles SET last_used_at = $2 WHERE id_number = $1", &[&id_number, &sec(now)])?;
        }
        Ok(p)
    }

    pub fn profile(&self, id_number: &str) -> Result<Option<Profile>> {
        let row = self.client()?.query_opt(
            "SELECT id_number, full_name, birth_date, sex, residence, old_id_number, issue_date,
                    consent_at, consent_notice, last_used_at
             FROM profiles WHERE id_number = $1",
            &[&id_number],
        )?;
        Ok(row.map(|r| {
            let issue: Option<String> = r.get(6);
            Profile {
                card: Card {
                    id_number: r.get(0),
                    full_name: r.get(1),
                    birth_date: Date::parse_typed(r.get(2)).unwrap_or(Date { year: 1900, month: 1, day: 1 }),
                    sex: Sex::parse(r.get(3)).unwrap_or(Sex::Male),
                    residence: r.get(4),
                    old_id_number: r.get(5),
                    issue_date: issue.as_deref().and_then(Date::parse_typed),
                },
                consent_at: ts(r.get(7)),
                consent_notice: r.get(8),
                last_used_at: ts(r.get(9)),
            }
        }))
    }

    /// As [`Store::forget_citizen`]; then the tables that held the data are rewritten, so the
    /// erased rows' bytes leave the server's table files (`wal_wiped`: that rewrite ran).
    pub fn forget_citizen(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport> {
        let mut report = retry_busy(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction()?;
            let report = self.forget_in(&mut tx, id_number, actor, sec(now))?;
            tx.commit()?;
            Ok(report)
        })?;
        report.wal_wiped = match self.rewrite() {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("erasure committed; the server's tables not rewritten yet: {e}");
                false
            }
        };
        Ok(report)
    }

    /// The erasure inside a transaction, written to the erasure log for the kiosks (the ID
    /// number as a keyed hash) — whether or not the server held anything of the person: a
    /// kiosk may still hold, or send later, what it confirmed.
    pub(super) fn forget_in(&self, tx: &mut postgres::Transaction, id_number: &str, actor: Actor, at: NaiveDateTime) -> Result<ForgetReport> {
        let profile = tx.execute("DELETE FROM profiles WHERE id_number = $1", &[&id_number])? > 0;
        let rows = tx.query(
            "SELECT d.code, d.form_id FROM dossiers d JOIN dossier_people p ON p.code = d.code
             WHERE p.id_number = $1 AND d.erased_at IS NULL ORDER BY d.code FOR UPDATE OF d",
            &[&id_number],
        )?;
        let codes: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        for (code, form_id) in &codes {
            erase_dossier(tx, code, at)?;
            self.audit(tx, at, "erased_on_request", actor, Some(code), Some(form_id))?;
        }
        if profile {
            self.audit(tx, at, "profile_erased", actor, None, None)?;
        }
        let key = PgStore::person_key(&super::sync::office_key_in(tx)?, id_number);
        let list: Vec<String> = codes.iter().map(|(c, _)| c.clone()).collect();
        // one erasure at a time: the log's ids are committed in their order, so a kiosk that
        // read up to one never misses an earlier one committed after it
        tx.batch_execute("LOCK TABLE erasures IN EXCLUSIVE MODE")?;
        tx.execute("INSERT INTO erasures (person, codes, at) VALUES ($1, $2, $3)", &[&key, &list, &at])?;
        rewrite_due(tx)?;
        Ok(ForgetReport { profile, dossiers: codes.len(), codes: list, wal_wiped: false })
    }

    /// The erased rows' bytes out of the server's table files. A plain `VACUUM` frees their
    /// space but leaves the bytes in it until overwritten, and `VACUUM FULL` keeps the old
    /// versions that any running transaction of the database might still see: the tables that
    /// held personal data are rewritten instead — their live rows kept aside, the tables
    /// truncated (the old files emptied at once, whoever reads), the rows put back — in one
    /// transaction under an exclusive lock, which the office's kiosks wait for (`benches/`).
    pub fn rewrite(&self) -> Result<()> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        // (the tables in the order an erasure takes them: profiles first)
        tx.batch_execute(
            "SET LOCAL lock_timeout = '10s';
             SET LOCAL statement_timeout = '10min';
             LOCK TABLE profiles, dossiers, dossier_people, bookings IN ACCESS EXCLUSIVE MODE;
             CREATE TEMP TABLE keep_dossiers ON COMMIT DROP AS SELECT * FROM dossiers;
             CREATE TEMP TABLE keep_people ON COMMIT DROP AS SELECT * FROM dossier_people;
             CREATE TEMP TABLE keep_bookings ON COMMIT DROP AS SELECT * FROM bookings;
             CREATE TEMP TABLE keep_profiles ON COMMIT DROP AS SELECT * FROM profiles;
             TRUNCATE dossiers, dossier_people, bookings, profiles;
             INSERT INTO dossiers SELECT * FROM keep_dossiers;
             INSERT INTO dossier_people SELECT * FROM keep_people;
             INSERT INTO bookings SELECT * FROM keep_bookings;
             INSERT INTO profiles SELECT * FROM keep_profiles;
             DELETE FROM office_state WHERE key = 'rewrite_due';",
        )?;
        Ok(tx.commit()?)
    }

    pub fn purge(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<PurgeReport> {
        let report = retry_busy(|| self.purge_once(now, profile_days, dossier_days, false))?.unwrap_or_default();
        if report.profiles + report.dossiers > 0 {
            self.rewrite()?;
        }
        Ok(report)
    }

    pub fn purge_if_due(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<Option<PurgeReport>> {
        if self.last_purge_day()?.as_deref() == Some(day_of(now).as_str()) {
            return Ok(None);
        }
        let report = retry_busy(|| self.purge_once(now, profile_days, dossier_days, true))?;
        if report.as_ref().is_some_and(|r| r.profiles + r.dossiers > 0) {
            self.rewrite()?;
        }
        Ok(report)
    }

    pub fn last_purge_day(&self) -> Result<Option<String>> {
        Ok(self.client()?.query_opt("SELECT value FROM office_state WHERE key = 'last_purge'", &[])?.map(|r| r.get(0)))
    }

    fn purge_once(&self, now: NaiveDateTime, profile_days: u32, dossier_days: u32, only_if_due: bool) -> Result<Option<PurgeReport>> {
        let at = sec(now);
        let day = day_of(now);
        let cut = |days: u32| chrono::Duration::try_days(days as i64).and_then(|d| now.checked_sub_signed(d)).unwrap_or_else(keep_all);
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        // one kiosk purges at a time; the others find the day done
        tx.execute("SELECT pg_advisory_xact_lock($1::bigint)", &[&(MIGRATION_LOCK + 1)])?;
        let last: Option<String> = tx.query_opt("SELECT value FROM office_state WHERE key = 'last_purge'", &[])?.map(|r| r.get(0));
        if only_if_due && last.as_deref() == Some(day.as_str()) {
            return Ok(None);
        }
        tx.execute("INSERT INTO office_state (key, value) VALUES ('last_purge', $1) ON CONFLICT (key) DO UPDATE SET value = $1", &[&day])?;
        let profiles = tx.execute("DELETE FROM profiles WHERE last_used_at < $1", &[&cut(profile_days)])? as usize;
        let dossiers = tx.execute("DELETE FROM dossiers WHERE created_at < $1", &[&cut(dossier_days)])? as usize;
        // the erasure log is kept as long as a kiosk may hold a dossier it concerns
        tx.execute("DELETE FROM erasures WHERE at < $1", &[&cut(dossier_days.max(profile_days))])?;
        if profiles + dossiers > 0 {
            self.audit(&mut tx, at, "purge", Actor::System, None, None)?;
            rewrite_due(&mut tx)?;
        }
        tx.commit()?;
        Ok(Some(PurgeReport { profiles, dossiers }))
    }

    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows =
            self.client()?.query("SELECT at, action, actor, dossier_code, form_id, kiosk_id FROM audit ORDER BY id DESC LIMIT $1", &[&(limit as i64)])?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry { at: ts(r.get(0)), action: r.get(1), actor: r.get(2), dossier_code: r.get(3), form_id: r.get(4), kiosk_id: r.get(5) })
            .collect())
    }

    pub fn record(&mut self, action: &str, actor: Actor, code: Option<&str>, now: NaiveDateTime) -> Result<()> {
        let mut c = self.client()?;
        self.audit(&mut *c, sec(now), action, actor, code, None)
    }

    pub fn taken(&self, visit: Visit, slot: Slot) -> Result<u32> {
        taken_in(&mut *self.client()?, visit, slot)
    }

    pub fn bookings(&self, from: Date, through: Date) -> Result<Vec<BookingRow>> {
        let rows = self.client()?.query(
            "SELECT b.code, d.form_id, b.visit, b.day, b.minute, b.address, b.cancelled_at IS NOT NULL
             FROM bookings b JOIN dossiers d ON d.code = b.code
             WHERE b.day BETWEEN $1 AND $2 ORDER BY b.day, b.minute, b.code",
            &[&naive(from), &naive(through)],
        )?;
        Ok(rows
            .iter()
            .map(|r| BookingRow {
                code: r.get(0),
                form_id: r.get(1),
                visit: Visit::parse(r.get(2)).unwrap_or(Visit::Desk),
                day: of_naive(r.get(3)).to_string(),
                time: crate::core::after::clock(r.get::<_, i32>(4) as u32),
                address: r.get(5),
                cancelled: r.get(6),
            })
            .collect())
    }

    pub fn booking(&self, code: &str) -> Result<Option<Booking>> {
        let row = self.client()?.query_opt("SELECT visit, day, minute, address FROM bookings WHERE code = $1 AND cancelled_at IS NULL", &[&code])?;
        Ok(row.and_then(|r| {
            Some(Booking { visit: Visit::parse(r.get(0))?, slot: Slot { day: of_naive(r.get(1)), minute: r.get::<_, i32>(2) as u32 }, address: r.get(3) })
        }))
    }

    pub fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool> {
        retry_busy(|| {
            let at = sec(now);
            let mut c = self.client()?;
            let mut tx = c.transaction()?;
            let n = tx.execute("UPDATE bookings SET cancelled_at = $2 WHERE code = $1 AND cancelled_at IS NULL", &[&code, &at])?;
            if n > 0 {
                self.audit(&mut tx, at, "booking_cancelled", Actor::Staff, Some(code), None)?;
            }
            tx.commit()?;
            Ok(n > 0)
        })
    }

    pub fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<()> {
        self.client()?.execute(
            "INSERT INTO ratings (day, form_id, rating, n) VALUES ($1, $2, $3, 1)
             ON CONFLICT (day, form_id, rating) DO UPDATE SET n = ratings.n + 1",
            &[&now.date(), &form_id, &rating.as_str()],
        )?;
        Ok(())
    }

    pub fn ratings(&self, from: Date, through: Date) -> Result<Vec<RatingCount>> {
        let rows = self
            .client()?
            .query("SELECT day, form_id, rating, n FROM ratings WHERE day BETWEEN $1 AND $2 ORDER BY day, form_id, rating", &[&naive(from), &naive(through)])?;
        Ok(rows
            .iter()
            .map(|r| RatingCount {
                day: of_naive(r.get(0)).to_string(),
                form_id: r.get(1),
                rating: Rating::parse(r.get(2)).unwrap_or(Rating::Satisfied),
                count: r.get::<_, i32>(3) as u32,
            })
            .collect())
    }
}

fn taken_in(c: &mut impl GenericClient, visit: Visit, slot: Slot) -> Result<u32> {
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM bookings WHERE day = $1 AND minute = $2 AND visit = $3 AND cancelled_at IS NULL",
            &[&naive(slot.day), &(slot.minute as i32), &visit.as_str()],
        )?
        .get(0);
    Ok(n as u32)
}

/// As `citizens::erase_dossier`: what is personal in one dossier goes; code, status and audit
/// stay.
/// Rows of people were erased: the tables are to be rewritten (done after the commit; a
/// failure leaves this for the next kiosk's sync).
pub(super) fn rewrite_due(c: &mut impl GenericClient) -> Result<()> {
    c.execute("INSERT INTO office_state (key, value) VALUES ('rewrite_due', 'yes') ON CONFLICT (key) DO NOTHING", &[])?;
    Ok(())
}

pub(super) fn erase_dossier(c: &mut impl GenericClient, code: &str, at: NaiveDateTime) -> Result<()> {
    c.execute("UPDATE dossiers SET answers = NULL, pdf = NULL, delivery = NULL, erased_at = $2, updated_at = $2 WHERE code = $1", &[&code, &at])?;
    c.execute("DELETE FROM dossier_people WHERE code = $1", &[&code])?;
    c.execute("DELETE FROM bookings WHERE code = $1", &[&code])?;
    Ok(())
}
