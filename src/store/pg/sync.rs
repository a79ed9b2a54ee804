//! The server's side of an office's kiosks: blocks of dossier numbers leased per kiosk and
//! day, what a kiosk sends applied exactly once and in order (the server remembers each
//! kiosk's outbox ids in the same transaction), and the log of erasures the kiosks apply to
//! their own files.

use super::*;
use crate::store::outbox::{OutboxEntry, Outgoing};
use postgres::GenericClient;

/// An erasure done on the server, for the kiosks to apply: whose (the ID number as a keyed
/// hash, [`PgStore::person_key`]) and which dossiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub id: i64,
    pub person: String,
    pub codes: Vec<String>,
    /// When it was done: what a kiosk made later (new consent, a new dossier) stays.
    pub at: NaiveDateTime,
}

/// What applying one outbox entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Applied now (what it erased is left for [`PgStore::rewrite`], marked due).
    Now,
    /// Received before (a kiosk killed between the server's commit and its own): nothing done.
    Before,
}

impl PgStore {
    /// Lease `size` numbers of an agency's day to this kiosk: the day's counter moves past
    /// them, so no other kiosk and no direct confirmation ever takes them. Returns the first
    /// and last.
    pub fn lease(&mut self, agency_code: &str, day: &str, size: u32, now: NaiveDateTime) -> Result<(u32, u32)> {
        retry_busy(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction()?;
            let last: i32 = tx
                .query_one(
                    "INSERT INTO day_counters (agency_code, day, last_seq) VALUES ($1, $2, $3)
                     ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = day_counters.last_seq + $3
                     RETURNING last_seq",
                    &[&agency_code, &day, &(size as i32)],
                )?
                .get(0);
            let first = last - size as i32 + 1;
            tx.execute(
                "INSERT INTO leases (agency_code, day, kiosk_id, first_seq, last_seq, taken_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[&agency_code, &day, &self.kiosk_id.clone().unwrap_or_default(), &first, &last, &sec(now)],
            )?;
            tx.commit()?;
            Ok((first as u32, last as u32))
        })
    }

    /// The office's key for erasure log entries (made once, with the schema).
    pub fn office_key(&self) -> Result<String> {
        office_key_in(&mut *self.client()?)
    }

    /// An ID number as the erasure log keeps it: SHA-256 of the office's key and the number.
    pub fn person_key(office_key: &str, id_number: &str) -> String {
        openssl::sha::sha256(format!("{office_key}:{id_number}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The erasures after the `after`th, in order.
    pub fn erasures_since(&self, after: i64) -> Result<Vec<Erasure>> {
        let rows = self.client()?.query("SELECT id, person, codes, at FROM erasures WHERE id > $1 ORDER BY id", &[&after])?;
        Ok(rows.iter().map(|r| Erasure { id: r.get(0), person: r.get(1), codes: r.get(2), at: r.get(3) }).collect())
    }

    /// Whether an erasure or retention left rows whose bytes are to leave the table files
    /// ([`PgStore::rewrite`] not run, or failed, since).
    pub fn rewrite_due(&self) -> Result<bool> {
        Ok(self.client()?.query_one("SELECT EXISTS (SELECT 1 FROM office_state WHERE key = 'rewrite_due')", &[])?.get(0))
    }

    /// Apply one entry of this kiosk's outbox, reading what it refers to from the kiosk's own
    /// file, in one transaction that also records it received: once, whatever happens between.
    pub fn apply(&mut self, entry: &OutboxEntry, origin: &str, local: &Store) -> Result<Applied> {
        let kiosk = self.kiosk_id.clone().unwrap_or_default();
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        let fresh = tx.execute(
            "INSERT INTO received (kiosk_id, origin, outbox_id, at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING",
            &[&kiosk, &origin, &entry.id],
        )?;
        if fresh == 0 {
            tx.commit()?;
            return Ok(Applied::Before);
        }
        match &entry.what {
            Outgoing::Confirm { code } => self.receive_dossier(&mut tx, local, code)?,
            Outgoing::Status { code, to, actor, at } => {
                let to = Status::parse(to);
                // a change the server's state does not allow (the desk handed it over first,
                // an erasure) is recorded as it happened, not applied
                match set_status_in(&mut tx, code, to, parse_ts(at)) {
                    Ok(form_id) => self.audit(&mut tx, parse_ts(at), to.as_str(), actor_of(actor), Some(code), Some(&form_id))?,
                    Err(StoreError::BadTransition { .. } | StoreError::Erased(_) | StoreError::NotFound(_)) => {
                        self.audit(&mut tx, parse_ts(at), &format!("{}_not_applied", to.as_str()), actor_of(actor), Some(code), None)?
                    }
                    Err(e) => return Err(e),
                }
            }
            Outgoing::Audit { action, actor, code, at } => self.audit(&mut tx, parse_ts(at), action, actor_of(actor), code.as_deref(), None)?,
            Outgoing::Profile { id_number } => {
                // gone from the kiosk since (erased there): nothing to send
                if let Some(p) = local.profile(id_number)? {
                    let key = PgStore::person_key(&office_key_in(&mut tx)?, id_number);
                    let consent = parse_ts(&p.consent_at);
                    let erased: bool = tx.query_one("SELECT EXISTS (SELECT 1 FROM erasures WHERE person = $1 AND at >= $2)", &[&key, &consent])?.get(0);
                    if !erased {
                        upsert_profile(&mut tx, &p)?;
                        self.audit(&mut tx, consent, "profile_saved", Actor::Citizen, None, None)?;
                    }
                }
            }
            Outgoing::Rate { form_id, rating, at } => {
                tx.execute(
                    "INSERT INTO ratings (day, form_id, rating, n) VALUES ($1, $2, $3, 1)
                     ON CONFLICT (day, form_id, rating) DO UPDATE SET n = ratings.n + 1",
                    &[&parse_ts(at).date(), form_id, rating],
                )?;
            }
            Outgoing::CancelBooking { code, at } => {
                let n = tx.execute("UPDATE bookings SET cancelled_at = $2 WHERE code = $1 AND cancelled_at IS NULL", &[code, &parse_ts(at)])?;
                if n > 0 {
                    self.audit(&mut tx, parse_ts(at), "booking_cancelled", Actor::Staff, Some(code), None)?;
                }
            }
            Outgoing::Forget { id_number, actor, at } => {
                self.forget_in(&mut tx, id_number, actor_of(actor), parse_ts(at))?;
            }
        }
        tx.commit()?;
        Ok(Applied::Now)
    }

    /// A dossier a kiosk confirmed from its leased numbers, as it was confirmed (its later
    /// status changes follow in the outbox); erased on arrival when one of its people was
    /// erased on the server since.
    fn receive_dossier(&self, tx: &mut postgres::Transaction, local: &Store, code: &str) -> Result<()> {
        let d = match local.dossier(code) {
            // gone from the kiosk before it could be sent (its retention ran first): nothing
            // of it to send, and the outbox goes on
            Err(StoreError::NotFound(_)) => {
                tracing::warn!(code = %code, "dossier purged at the kiosk before it was sent");
                return Ok(());
            }
            other => other?,
        };
        let pdf = if d.erased_at.is_some() { None } else { local.pdf(code)? };
        let people = local.people(code)?;
        let booking = local.booking(code)?;
        let (agency, day, seq) =
            crate::core::config::dossier_code_parts(code).ok_or_else(|| StoreError::Server(format!("outbox: {code} is not a dossier code")))?;
        let seq = seq as i32;
        let confirmed = parse_ts(d.confirmed_at.as_deref().unwrap_or(&d.created_at));
        let delivery = d.delivery.as_ref().map(|x| serde_json::to_value(x).expect("a delivery serialises"));
        let due = d.due_day.as_deref().and_then(super::super::from_iso).map(ops::naive);
        // a dossier the server has (sent again from a restored backup): nothing more to do
        let inserted = tx.execute(
            "INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status, created_at,
                                   confirmed_at, updated_at, erased_at, pdf, delivery, due_day, kiosk_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $8, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (code) DO NOTHING",
            &[
                &code,
                &agency,
                &day,
                &seq,
                &d.form_id,
                &(d.form_version as i32),
                &d.answers,
                &confirmed,
                &d.erased_at.as_deref().map(parse_ts),
                &pdf,
                &delivery,
                &due,
                &d.kiosk_id,
            ],
        )?;
        if inserted == 0 {
            return Ok(());
        }
        for id in &people {
            tx.execute("INSERT INTO dossier_people (code, id_number) VALUES ($1, $2) ON CONFLICT DO NOTHING", &[&code, id])?;
        }
        if let Some(b) = booking {
            tx.execute(
                "INSERT INTO bookings (code, visit, day, minute, address, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[&code, &b.visit.as_str(), &ops::naive(b.slot.day), &(b.slot.minute as i32), &b.address, &confirmed],
            )?;
        }
        tx.execute(
            "INSERT INTO audit (at, action, actor, dossier_code, form_id, kiosk_id) VALUES ($1, 'confirm', 'citizen', $2, $3, $4)",
            &[&confirmed, &code, &d.form_id, &d.kiosk_id],
        )?;
        let key = office_key_in(tx)?;
        let keys: Vec<String> = people.iter().map(|id| PgStore::person_key(&key, id)).collect();
        let erased: bool = tx.query_one("SELECT EXISTS (SELECT 1 FROM erasures WHERE person = ANY($1) AND at >= $2)", &[&keys, &confirmed])?.get(0);
        if erased && d.erased_at.is_none() {
            let now = chrono::Local::now().naive_local();
            ops::erase_dossier(tx, code, sec(now))?;
            self.audit(tx, sec(now), "erased_on_request", Actor::System, Some(code), Some(&d.form_id))?;
            ops::rewrite_due(tx)?;
        }
        Ok(())
    }
}

/// The status change of [`PgStore::set_status`] inside a transaction; the dossier's form.
pub(super) fn set_status_in(tx: &mut impl GenericClient, code: &str, to: Status, at: NaiveDateTime) -> Result<String> {
    let row = tx
        .query_opt("SELECT status, form_id, erased_at IS NOT NULL FROM dossiers WHERE code = $1 FOR UPDATE", &[&code])?
        .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
    let (from, form_id, erased): (Status, String, bool) = (Status::parse(row.get(0)), row.get(1), row.get(2));
    if erased && to != Status::HandedOver {
        return Err(StoreError::Erased(code.to_string()));
    }
    if !from.can_become(to) {
        return Err(StoreError::BadTransition { code: code.to_string(), from, to });
    }
    let attempts = matches!(to, Status::Printed | Status::PrintFailed) as i32;
    tx.execute(
        "UPDATE dossiers SET status = $2, updated_at = $3, print_attempts = print_attempts + $4,
                printed_at = CASE WHEN $2 = 'printed' THEN $3 ELSE printed_at END
         WHERE code = $1",
        &[&code, &to.as_str(), &at, &attempts],
    )?;
    Ok(form_id)
}

pub(super) fn office_key_in(c: &mut impl GenericClient) -> Result<String> {
    Ok(c.query_one("SELECT value FROM office_state WHERE key = 'erasure_key'", &[])?.get(0))
}

pub(super) fn upsert_profile(tx: &mut impl GenericClient, p: &Profile) -> Result<()> {
    let [id, name, birth, sex, residence, old_id, issue] = crate::store::citizens::card_columns(&p.card);
    tx.execute(
        "INSERT INTO profiles (id_number, full_name, birth_date, sex, residence, old_id_number, issue_date,
                               consent_at, consent_notice, created_at, updated_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8, $10)
         ON CONFLICT (id_number) DO UPDATE SET
            full_name = excluded.full_name, birth_date = excluded.birth_date, sex = excluded.sex,
            residence = excluded.residence, old_id_number = excluded.old_id_number,
            issue_date = excluded.issue_date, consent_at = excluded.consent_at,
            consent_notice = excluded.consent_notice, updated_at = excluded.updated_at,
            last_used_at = greatest(profiles.last_used_at, excluded.last_used_at)",
        &[&id, &name, &birth, &sex, &residence, &old_id, &issue, &parse_ts(&p.consent_at), &p.consent_notice, &parse_ts(&p.last_used_at)],
    )?;
    Ok(())
}

/// A time as the stores write it (`YYYY-MM-DD HH:MM:SS`).
pub(super) fn parse_ts(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
}

fn actor_of(s: &str) -> Actor {
    match s {
        "citizen" => Actor::Citizen,
        "staff" => Actor::Staff,
        _ => Actor::System,
    }
}
