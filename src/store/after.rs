//! After the form: a dossier's delivery, due day and booked time (kept in the confirming
//! transaction), bookings per slot, and the anonymous ratings.

use super::*;
use crate::core::after::{Booking, Rating, Slot, Visit};

/// `YYYY-MM-DD`, which sorts as the days do.
pub(super) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A day kept as `YYYY-MM-DD` (a dossier's `due_day`).
pub fn from_iso(s: &str) -> Option<Date> {
    let mut it = s.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    Date::new(d as u32, m as u32, y as i32)
}

/// Inside the confirming transaction: the delivery and due day on the dossier, and the
/// booked time if its slot still has a place (else the whole confirmation is given back).
pub(super) fn keep(tx: &rusqlite::Transaction, code: &str, after: &After, at: &str) -> Result<()> {
    let delivery = serde_json::to_string(after.delivery).expect("a delivery serialises");
    tx.execute("UPDATE dossiers SET delivery = ?2, due_day = ?3 WHERE code = ?1", params![code, delivery, after.due.map(iso)])?;
    if let Some((b, capacity)) = after.booking {
        let taken = taken_in(tx, b.visit, b.slot)?;
        if taken >= capacity {
            return Err(StoreError::SlotFull);
        }
        tx.execute(
            "INSERT INTO bookings (code, visit, day, minute, address, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![code, b.visit.as_str(), iso(b.slot.day), b.slot.minute, b.address, at],
        )?;
    }
    Ok(())
}

fn taken_in(conn: &Connection, visit: Visit, slot: Slot) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM bookings WHERE day = ?1 AND minute = ?2 AND visit = ?3 AND cancelled_at IS NULL",
        params![iso(slot.day), slot.minute, visit.as_str()],
        |r| r.get(0),
    )?)
}

/// A booked time as staff see it: the dossier, the procedure, the slot, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookingRow {
    pub code: String,
    pub form_id: String,
    pub visit: Visit,
    /// `dd/mm/yyyy` and `HH:MM`.
    pub day: String,
    pub time: String,
    /// The home to visit (None at the desk).
    pub address: Option<String>,
    pub cancelled: bool,
}

/// Ratings of one procedure on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatingCount {
    /// `dd/mm/yyyy`.
    pub day: String,
    pub form_id: String,
    pub rating: Rating,
    pub count: u32,
}

impl Store {
    /// Bookings still standing in a slot.
    pub fn taken(&self, visit: Visit, slot: Slot) -> Result<u32> {
        taken_in(&self.conn, visit, slot)
    }

    /// The bookings of one day (or from that day on, `through` days), in time order,
    /// cancelled ones included (marked).
    pub fn bookings(&self, from: Date, through: Date) -> Result<Vec<BookingRow>> {
        let mut st = self.conn.prepare(
            "SELECT b.code, d.form_id, b.visit, b.day, b.minute, b.address, b.cancelled_at IS NOT NULL
             FROM bookings b JOIN dossiers d ON d.code = b.code
             WHERE b.day BETWEEN ?1 AND ?2 ORDER BY b.day, b.minute, b.code",
        )?;
        let rows = st.query_map(params![iso(from), iso(through)], |r| {
            let day: String = r.get(3)?;
            let visit: String = r.get(2)?;
            Ok(BookingRow {
                code: r.get(0)?,
                form_id: r.get(1)?,
                visit: Visit::parse(&visit).unwrap_or(Visit::Desk),
                day: from_iso(&day).map(|d| d.to_string()).unwrap_or(day),
                time: crate::core::after::clock(r.get(4)?),
                address: r.get(5)?,
                cancelled: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The booked time of a dossier, if it has one standing.
    pub fn booking(&self, code: &str) -> Result<Option<Booking>> {
        let row: Option<(String, String, u32, Option<String>)> = self
            .conn
            .query_row("SELECT visit, day, minute, address FROM bookings WHERE code = ?1 AND cancelled_at IS NULL", [code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        Ok(row.and_then(|(visit, day, minute, address)| Some(Booking { visit: Visit::parse(&visit)?, slot: Slot { day: from_iso(&day)?, minute }, address })))
    }

    /// Staff cancel a dossier's booked time: the place is free again. `false`: it had none
    /// standing.
    pub fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool> {
        retry_busy(|| {
            let at = ts(now);
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute("UPDATE bookings SET cancelled_at = ?2 WHERE code = ?1 AND cancelled_at IS NULL", params![code, at])?;
            if n > 0 {
                audit(&tx, &at, "booking_cancelled", Actor::Staff, Some(code), None)?;
                if self.office {
                    outbox::push(&tx, &outbox::Outgoing::CancelBooking { code: code.into(), at: at.clone() })?;
                }
            }
            tx.commit()?;
            Ok(n > 0)
        })
    }

    /// One citizen's rating: a count more for the day and the procedure, nothing else.
    pub fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<()> {
        retry_busy(|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO ratings (day, form_id, rating, n) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (day, form_id, rating) DO UPDATE SET n = n + 1",
                params![day_of(now), form_id, rating.as_str()],
            )?;
            if self.office {
                outbox::push(&tx, &outbox::Outgoing::Rate { form_id: form_id.into(), rating: rating.as_str().into(), at: ts(now) })?;
            }
            Ok(tx.commit()?)
        })
    }

    /// The ratings from one day through another, per day, procedure and answer.
    pub fn ratings(&self, from: Date, through: Date) -> Result<Vec<RatingCount>> {
        let mut st = self.conn.prepare("SELECT day, form_id, rating, n FROM ratings WHERE day BETWEEN ?1 AND ?2 ORDER BY day, form_id, rating")?;
        let rows = st.query_map(params![iso(from), iso(through)], |r| {
            let (day, rating): (String, String) = (r.get(0)?, r.get(2)?);
            Ok(RatingCount {
                day: from_iso(&day).map(|d| d.to_string()).unwrap_or(day),
                form_id: r.get(1)?,
                rating: Rating::parse(&rating).unwrap_or(Rating::Satisfied),
                count: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
