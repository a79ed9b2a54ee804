//! A kiosk of an office, on its own SQLite file: dossier numbers leased from the office
//! server in blocks, and the outbox — what the kiosk did that the server has not received
//! yet, in order, written in the same transaction as the change itself.

use super::*;
use serde::Deserialize;

/// One thing a kiosk did, to be applied on the office server exactly once, in order. What
/// is personal is read from the kiosk's file when it is sent (an erasure meanwhile sends the
/// erased dossier), except the ID number of an erasure, which must travel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outgoing {
    Confirm { code: String },
    Status { code: String, to: String, actor: String, at: String },
    Audit { action: String, actor: String, code: Option<String>, at: String },
    Profile { id_number: String },
    Rate { form_id: String, rating: String, at: String },
    CancelBooking { code: String, at: String },
    Forget { id_number: String, actor: String, at: String },
}

/// A numbered outbox entry (ids are never reused: the server remembers which it received).
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub what: Outgoing,
}

pub(super) fn push(conn: &Connection, what: &Outgoing) -> Result<()> {
    conn.execute("INSERT INTO outbox (payload) VALUES (?1)", [serde_json::to_string(what).expect("an outgoing entry serialises")])?;
    Ok(())
}

impl Store {
    /// Keep a block of numbers the office server leased to this kiosk.
    pub fn add_lease(&mut self, agency_code: &str, day: &str, first: u32, last: u32) -> Result<()> {
        retry_busy(|| {
            self.conn.execute(
                "INSERT OR IGNORE INTO leases (agency_code, day, first_seq, last_seq, next_seq) VALUES (?1, ?2, ?3, ?4, ?3)",
                params![agency_code, day, first, last],
            )?;
            Ok(())
        })
    }

    /// How many leased numbers are not used yet for an agency and day (`YYMMDD`).
    pub fn lease_left(&self, agency_code: &str, day: &str) -> Result<u32> {
        let left: i64 = self.conn.query_row(
            "SELECT coalesce(sum(last_seq - next_seq + 1), 0) FROM leases WHERE agency_code = ?1 AND day = ?2 AND next_seq <= last_seq",
            params![agency_code, day],
            |r| r.get(0),
        )?;
        Ok(left as u32)
    }

    /// As [`Store::confirm_with_pdf`], numbered from the numbers leased by the office server
    /// (never from the file's own counter), and put in the outbox in the same transaction.
    /// No number left: [`StoreError::NoNumbers`], nothing stored.
    pub fn confirm_leased(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> {
        retry_busy(|| self.confirm_once(d, now, render, Numbering::Leased))
    }

    /// Record a change to send: the outbox entry in its own transaction (a change already
    /// committed with it goes through [`push`]).
    pub fn queue(&mut self, what: &Outgoing) -> Result<()> {
        retry_busy(|| push(&self.conn, what))
    }

    /// The oldest entries not sent yet, in order.
    pub fn outbox(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut st = self.conn.prepare("SELECT id, payload FROM outbox ORDER BY id LIMIT ?1")?;
        let rows = st.query_map([limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, payload) = row?;
            let what = serde_json::from_str(&payload).map_err(|e| StoreError::Server(format!("outbox {id}: {e}")))?;
            out.push(OutboxEntry { id, what });
        }
        Ok(out)
    }

    pub fn outbox_len(&self) -> Result<u32> {
        Ok(self.conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
    }

    /// The server has it: gone from the outbox (an erasure's ID number with it).
    pub fn sent(&mut self, id: i64) -> Result<()> {
        retry_busy(|| {
            self.conn.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// This file's own profiles whose ID number hashes (as the office's erasure log keeps them)
    /// to one of `keys`, and its dossiers among `codes`: erased, as another kiosk or the desk
    /// erased them on the server. Returns how many dossiers and profiles went.
    /// Only what existed at the erasure (`before`, the erasure's time): a profile saved again
    /// with new consent, or a dossier made later, stays.
    pub fn apply_erasure(
        &mut self,
        key_of: &dyn Fn(&str) -> String,
        keys: &[String],
        codes: &[String],
        before: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<(usize, usize)> {
        let before = ts(before);
        let at = ts(now);
        let done = retry_busy(|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ids: Vec<String> = {
                let mut st = tx.prepare("SELECT id_number FROM profiles UNION SELECT id_number FROM dossier_people")?;
                // (every ID number on the kiosk is hashed to compare: the log holds no number)
                let rows = st.query_map([], |r| r.get::<_, String>(0))?;
                rows.collect::<std::result::Result<Vec<_>, _>>()?.into_iter().filter(|id| keys.contains(&key_of(id))).collect()
            };
            let mut profiles = 0;
            let mut erased = Vec::new();
            for id in &ids {
                profiles += tx.execute("DELETE FROM profiles WHERE id_number = ?1 AND consent_at <= ?2", params![id, before])?;
                let mut st =
                    tx.prepare("SELECT p.code FROM dossier_people p JOIN dossiers d ON d.code = p.code WHERE p.id_number = ?1 AND d.created_at <= ?2")?;
                erased.extend(st.query_map(params![id, before], |r| r.get::<_, String>(0))?.collect::<std::result::Result<Vec<_>, _>>()?);
            }
            erased.extend(codes.iter().cloned());
            erased.sort();
            erased.dedup();
            let mut dossiers = 0;
            for code in &erased {
                let live: Option<String> =
                    tx.query_row("SELECT form_id FROM dossiers WHERE code = ?1 AND erased_at IS NULL", [code], |r| r.get(0)).optional()?;
                if let Some(form_id) = live {
                    citizens::erase_dossier(&tx, code, &at)?;
                    audit(&tx, &at, "erased_on_request", Actor::System, Some(code), Some(&form_id))?;
                    dossiers += 1;
                }
            }
            tx.commit()?;
            Ok((dossiers, profiles))
        })?;
        if done.0 + done.1 > 0 {
            self.wipe_wal()?;
        }
        Ok(done)
    }

    /// A value the kiosk keeps for itself (the last erasure it applied, the office's key).
    pub fn state(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM kiosk_state WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_state(&mut self, key: &str, value: &str) -> Result<()> {
        retry_busy(|| {
            self.conn.execute("INSERT INTO kiosk_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2", params![key, value])?;
            Ok(())
        })
    }

    /// Bookings of a slot in dossiers this kiosk has not sent yet.
    pub fn unsent_bookings(&self, visit: crate::core::after::Visit, slot: crate::core::after::Slot) -> Result<u32> {
        let n: u32 = self.conn.query_row(
            "SELECT count(*) FROM bookings b JOIN outbox o ON json_extract(o.payload, '$.kind') = 'confirm' AND json_extract(o.payload, '$.code') = b.code
             WHERE b.day = ?1 AND b.minute = ?2 AND b.visit = ?3 AND b.cancelled_at IS NULL",
            params![after::iso(slot.day), slot.minute, visit.as_str()],
            |r| r.get(0),
        )?;
        Ok(n)
    }

    /// This file's outbox origin: made at random the first time, made again by a restore, so
    /// that the server never mistakes another file's (or a restored backup's) outbox ids for
    /// ones it received.
    pub fn outbox_origin(&mut self) -> Result<String> {
        if let Some(o) = self.state("outbox_origin")? {
            return Ok(o);
        }
        let mut bytes = [0u8; 12];
        openssl::rand::rand_bytes(&mut bytes).map_err(|e| StoreError::Server(e.to_string()))?;
        let origin: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.set_state("outbox_origin", &origin)?;
        Ok(origin)
    }

    /// After an erasure's ID number left the outbox: its old pages out of the log too.
    pub fn wipe_log(&mut self) -> Result<()> {
        self.wipe_wal()
    }

    /// The people of a dossier (their ID numbers), to send with it.
    pub fn people(&self, code: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT id_number FROM dossier_people WHERE code = ?1 ORDER BY id_number")?;
        let rows = st.query_map([code], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// How a confirmation takes its number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Numbering {
    /// The file's own counter (a kiosk on its own).
    Counter,
    /// The numbers leased by the office server, the dossier put in the outbox.
    Leased,
}

/// The next leased number of an agency's day, taken (inside the confirming transaction).
pub(super) fn take_leased(tx: &rusqlite::Transaction, agency_code: &str, day: &str) -> Result<i64> {
    let row: Option<(i64, i64)> = tx
        .query_row(
            "SELECT first_seq, next_seq FROM leases WHERE agency_code = ?1 AND day = ?2 AND next_seq <= last_seq ORDER BY first_seq LIMIT 1",
            params![agency_code, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (first, seq) = row.ok_or(StoreError::NoNumbers)?;
    tx.execute("UPDATE leases SET next_seq = next_seq + 1 WHERE agency_code = ?1 AND day = ?2 AND first_seq = ?3", params![agency_code, day, first])?;
    // the file's own counter past it too: the kiosk taken out of the office that day goes on
    // after the numbers it printed, never under them
    tx.execute(
        "INSERT INTO day_counters (agency_code, day, last_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
        params![agency_code, day, seq],
    )?;
    Ok(seq)
}
