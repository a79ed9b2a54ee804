//! Dossiers: numbered and stored with their printout in one transaction, their status
//! followed, read back.

use super::*;

impl Store {
    /// A store over an open connection, with the temporary table of the kiosk it writes for
    /// (empty until `set_kiosk_id`).
    pub(super) fn over(conn: Connection) -> Result<Store> {
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS kiosk (id TEXT NOT NULL)")?;
        Ok(Store { conn, office: false })
    }

    /// The kiosk this store writes for: recorded with every dossier it confirms and every
    /// audit entry it writes (kept in this connection's temporary table, read by the SQL).
    /// This file is a kiosk of an office: numbers from leases, changes to the outbox.
    pub fn join_office(&mut self) {
        self.office = true;
    }

    pub fn set_kiosk_id(&mut self, id: &str) -> Result<()> {
        self.conn.execute_batch("DELETE FROM temp.kiosk")?;
        self.conn.execute("INSERT INTO temp.kiosk (id) VALUES (?1)", [id])?;
        Ok(())
    }

    /// Store a confirmed dossier and give it the next code of the agency for that day
    /// (`<agency>-<YYMMDD>-<NNNN>`). Numbering is inside one IMMEDIATE transaction, so two
    /// processes never get the same number, and numbers are never reused.
    pub fn confirm(&mut self, d: &NewDossier, now: NaiveDateTime) -> Result<String> {
        self.confirm_with_pdf(d, now, &mut |_| Ok(None))
    }

    /// As [`Store::confirm`], and `render(code)` makes the PDF inside the same transaction,
    /// so a confirmed dossier always has its printout kept with it.
    pub fn confirm_with_pdf(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> {
        let numbering = if self.office { outbox::Numbering::Leased } else { outbox::Numbering::Counter };
        retry_busy(|| self.confirm_once(d, now, render, numbering))
    }

    pub(super) fn confirm_once(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render, numbering: outbox::Numbering) -> Result<String> {
        let NewDossier { agency_code, form_id, form_version, answers, people, after } = *d;
        let day = crate::service::date_of(now).day_key();
        let at = ts(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seq: i64 = match numbering {
            outbox::Numbering::Counter => tx.query_row(
                "INSERT INTO day_counters (agency_code, day, last_seq) VALUES (?1, ?2, 1)
                 ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = last_seq + 1
                 RETURNING last_seq",
                params![agency_code, day],
                |r| r.get(0),
            )?,
            outbox::Numbering::Leased => outbox::take_leased(&tx, agency_code, &day)?,
        };
        let code = format!("{agency_code}-{day}-{seq:04}");
        // no printout, no dossier: the transaction (and its number) is given back
        let pdf = render(&code).map_err(StoreError::Printout)?;
        tx.execute(
            "INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status,
                                   created_at, confirmed_at, updated_at, pdf, kiosk_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'confirmed', ?8, ?8, ?8, ?9, (SELECT id FROM temp.kiosk))",
            params![code, agency_code, day, seq, form_id, form_version, answers.to_string(), at, pdf],
        )?;
        for id in people {
            tx.execute("INSERT OR IGNORE INTO dossier_people (code, id_number) VALUES (?1, ?2)", params![code, id])?;
        }
        if let Some(after) = after {
            after::keep(&tx, &code, &after, &at)?;
        }
        audit(&tx, &at, "confirm", Actor::Citizen, Some(&code), Some(form_id))?;
        if numbering == outbox::Numbering::Leased {
            outbox::push(&tx, &outbox::Outgoing::Confirm { code: code.clone() })?;
        }
        tx.commit()?;
        Ok(code)
    }

    fn set_status(&mut self, code: &str, to: Status, actor: Actor, now: NaiveDateTime) -> Result<()> {
        retry_busy(|| self.set_status_once(code, to, actor, now))
    }

    fn set_status_once(&mut self, code: &str, to: Status, actor: Actor, now: NaiveDateTime) -> Result<()> {
        let at = ts(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (from, form_id, erased): (String, String, Option<String>) = tx
            .query_row("SELECT status, form_id, erased_at FROM dossiers WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
        let from = Status::parse(&from);
        if erased.is_some() && to != Status::HandedOver {
            return Err(StoreError::Erased(code.to_string()));
        }
        if !from.can_become(to) {
            return Err(StoreError::BadTransition { code: code.to_string(), from, to });
        }
        let attempts = matches!(to, Status::Printed | Status::PrintFailed) as i64;
        tx.execute(
            "UPDATE dossiers SET status = ?2, updated_at = ?3, print_attempts = print_attempts + ?4,
                    printed_at = CASE WHEN ?2 = 'printed' THEN ?3 ELSE printed_at END
             WHERE code = ?1",
            params![code, to.as_str(), at, attempts],
        )?;
        audit(&tx, &at, to.as_str(), actor, Some(code), Some(&form_id))?;
        if self.office {
            let what = outbox::Outgoing::Status { code: code.into(), to: to.as_str().into(), actor: actor.as_str().into(), at: at.clone() };
            outbox::push(&tx, &what)?;
        }
        tx.commit()?;
        Ok(())
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

    /// The kept PDF of a dossier (None if it was stored without one or erased).
    pub fn pdf(&self, code: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>, Option<String>)> =
            self.conn.query_row("SELECT pdf, erased_at FROM dossiers WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        match row {
            None => Err(StoreError::NotFound(code.to_string())),
            Some((_, Some(_))) => Err(StoreError::Erased(code.to_string())),
            Some((pdf, None)) => Ok(pdf),
        }
    }

    /// Keep a PDF made after confirmation (a dossier confirmed by an older version).
    pub fn keep_pdf(&mut self, code: &str, pdf: &[u8]) -> Result<()> {
        self.conn.execute("UPDATE dossiers SET pdf = ?2 WHERE code = ?1 AND erased_at IS NULL", params![code, pdf])?;
        Ok(())
    }

    pub fn dossier(&self, code: &str) -> Result<Dossier> {
        self.conn
            .query_row(
                "SELECT code, form_id, form_version, answers, status, created_at, confirmed_at, printed_at,
                        print_attempts, erased_at, delivery, due_day, kiosk_id
                 FROM dossiers WHERE code = ?1",
                [code],
                row_to_dossier,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(code.to_string()))
    }

    /// Dossiers of one day (`YYMMDD`), or all, newest first.
    pub fn dossiers(&self, day: Option<&str>) -> Result<Vec<Dossier>> {
        let mut st = self.conn.prepare(
            "SELECT code, form_id, form_version, answers, status, created_at, confirmed_at, printed_at,
                    print_attempts, erased_at, delivery, due_day, kiosk_id
             FROM dossiers WHERE ?1 IS NULL OR day = ?1 ORDER BY created_at DESC, code DESC",
        )?;
        let rows = st.query_map([day], row_to_dossier)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Dossiers per form for one day (`YYMMDD`).
    pub fn counts_by_form(&self, day: &str) -> Result<Vec<(String, u32)>> {
        let mut st = self.conn.prepare("SELECT form_id, count(*) FROM dossiers WHERE day = ?1 GROUP BY form_id ORDER BY form_id")?;
        let rows = st.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Dossiers per kiosk for one day (`YYMMDD`); "" for those made before kiosks had ids.
    pub fn counts_by_kiosk(&self, day: &str) -> Result<Vec<(String, u32)>> {
        let mut st = self.conn.prepare("SELECT coalesce(kiosk_id, ''), count(*) FROM dossiers WHERE day = ?1 GROUP BY 1 ORDER BY 1")?;
        let rows = st.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

fn row_to_dossier(r: &rusqlite::Row) -> rusqlite::Result<Dossier> {
    let answers: Option<String> = r.get(3)?;
    let status: String = r.get(4)?;
    Ok(Dossier {
        code: r.get(0)?,
        form_id: r.get(1)?,
        form_version: r.get(2)?,
        answers: answers.and_then(|a| serde_json::from_str(&a).ok()),
        status: Status::parse(&status),
        created_at: r.get(5)?,
        confirmed_at: r.get(6)?,
        printed_at: r.get(7)?,
        print_attempts: r.get(8)?,
        erased_at: r.get(9)?,
        delivery: r.get::<_, Option<String>>(10)?.and_then(|d| serde_json::from_str(&d).ok()),
        due_day: r.get(11)?,
        kiosk_id: r.get(12)?,
    })
}
