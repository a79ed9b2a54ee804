//! A kiosk of an office (`database_url`): it works on its own SQLite file first and keeps the
//! office server up to date, so that the network or the server failing never stops it.
//!
//! - Numbers: a dossier takes the next number the server leased to this kiosk for the
//!   agency's day (a block of `lease_size`, renewed when half used, the next day's leased in
//!   advance), so a number is printed by one kiosk only, online or not.
//! - Sending: every change goes to the file's outbox in its own transaction; [`Office::sync`]
//!   applies the entries on the server in order, each exactly once (the server records the
//!   entry's id in the same transaction), after each confirmation and at each session's end.
//! - Erasure: done on the server when it answers (else sent later), and the server's erasure
//!   log is applied to this file at each sync: what another kiosk or the desk erased goes
//!   here too; a dossier sent after its citizen was erased is erased on arrival.
//! - Reading: the office's counts, bookings, ratings, audit and other kiosks' profiles come
//!   from the server; offline, from this file, and a profile kept at another kiosk is said to
//!   be out of reach ([`StoreError::ProfileOffline`]).

use super::*;
use crate::core::after::{Booking, Rating, Slot, Visit};
use std::sync::Mutex;
use std::time::Instant;

/// After the server failed to answer, no new attempt before this long (a citizen's tap never
/// waits for a connection timeout twice in a row).
const QUIET: Duration = Duration::from_secs(20);

/// How long a read or a staff action waits for a new connection (made on a thread of its own:
/// a server that accepts and never answers holds that thread, not the screen).
const WAIT: Duration = Duration::from_secs(2);

/// A connection still being made after this long is given up (and the server left quiet).
const GIVE_UP: Duration = Duration::from_secs(60);

/// How far a call goes for the server.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reach {
    /// The connection already open, if any (after a citizen's tap).
    Live,
    /// Connecting if need be, waiting at most this long for it.
    Wait(Duration),
}

/// How one sync went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Outbox entries applied now, and those the server had already (sent before a crash).
    pub sent: usize,
    pub already: usize,
    /// Entries still waiting (the server could not be reached, or failed midway).
    pub pending: u32,
    /// Dossiers and profiles of this file erased from the server's erasure log.
    pub erased: usize,
    /// The server answered.
    pub online: bool,
}

pub struct Office {
    local: Store,
    target: PgTarget,
    server: Mutex<Option<PgStore>>,
    /// A connection being made on its own thread, and since when.
    connecting: Mutex<Option<(std::thread::JoinHandle<Result<PgStore>>, Instant)>>,
    quiet_until: Mutex<Option<Instant>>,
    kiosk_id: Option<String>,
    agency_code: String,
    lease_size: u32,
}

impl Office {
    /// The kiosk's file as one of an office's kiosks. The server is not asked yet: a kiosk
    /// starts with it down.
    pub fn new(mut local: Store, target: PgTarget, agency_code: &str, lease_size: u32) -> Office {
        local.join_office();
        Office {
            local,
            target,
            server: Mutex::new(None),
            connecting: Mutex::new(None),
            quiet_until: Mutex::new(None),
            kiosk_id: None,
            agency_code: agency_code.to_string(),
            lease_size: lease_size.max(2),
        }
    }

    /// Run `f` on the server, connecting if need be (waiting at most [`WAIT`]). None: it
    /// cannot be reached now (and is not tried again for [`QUIET`]); an error it answered with
    /// is returned. A connection the server dropped (it restarted) is found dead at its first
    /// use: made again, `f` once more.
    fn on_server<T>(&self, f: impl FnMut(&mut PgStore) -> Result<T>) -> Option<Result<T>> {
        self.server_call(Reach::Wait(WAIT), f)
    }

    /// As [`Office::on_server`] over the connection already open, if any: never waits for a
    /// new one (what a citizen's tap does; the session's end connects).
    fn on_live<T>(&self, f: impl FnMut(&mut PgStore) -> Result<T>) -> Option<Result<T>> {
        self.server_call(Reach::Live, f)
    }

    fn quiet(&self) {
        *self.quiet_until.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now() + QUIET);
    }

    fn server_call<T>(&self, reach: Reach, mut f: impl FnMut(&mut PgStore) -> Result<T>) -> Option<Result<T>> {
        if self.quiet_until.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|t| Instant::now() < t) {
            return None;
        }
        let mut server = self.server.lock().unwrap_or_else(|p| p.into_inner());
        for _ in 0..2 {
            if server.is_none() {
                *server = Some(self.connect(reach)?);
            }
            match f(server.as_mut()?) {
                Err(StoreError::Unreachable(e)) => {
                    tracing::warn!("office server lost: {e}");
                    *server = None;
                    // a citizen's tap does not wait for a new connection (and the next call that
                    // may connect tries at once: only a dead connection was found)
                    if reach == Reach::Live {
                        return None;
                    }
                }
                other => return Some(other),
            }
        }
        self.quiet();
        None
    }

    /// A new connection, made on a thread of its own, waited for as `reach` allows from when it
    /// began (a later call does not wait again for one that already kept a caller waiting);
    /// one left unfinished is picked up by a later call.
    fn connect(&self, reach: Reach) -> Option<PgStore> {
        let Reach::Wait(wait) = reach else {
            return None;
        };
        let mut pending = self.connecting.lock().unwrap_or_else(|p| p.into_inner());
        if pending.is_none() {
            let (target, id) = (self.target.clone(), self.kiosk_id.clone());
            let handle = std::thread::spawn(move || {
                let mut s = PgStore::open(&target)?;
                if let Some(id) = id {
                    s.set_kiosk_id(&id)?;
                }
                Ok(s)
            });
            *pending = Some((handle, Instant::now()));
        }
        let since = pending.as_ref().map(|(_, since)| *since).unwrap_or_else(Instant::now);
        loop {
            if pending.as_ref().is_some_and(|(h, _)| h.is_finished()) {
                let (handle, _) = pending.take()?;
                match handle.join().unwrap_or_else(|_| Err(StoreError::Unreachable("connecting failed".into()))) {
                    Ok(s) => return Some(s),
                    Err(e) => {
                        tracing::warn!("office server not reachable: {e}");
                        self.quiet();
                        return None;
                    }
                }
            }
            if since.elapsed() >= wait {
                if pending.as_ref().is_some_and(|(_, since)| since.elapsed() >= GIVE_UP) {
                    tracing::warn!("office server: no answer to a connection for {} s; given up", GIVE_UP.as_secs());
                    *pending = None;
                    self.quiet();
                }
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Lease numbers for an agency's day when fewer than half a block are `left`, reaching the
    /// server as `reach` allows.
    fn refill(&mut self, agency: &str, day: &str, left: u32, now: NaiveDateTime, reach: Reach) {
        if left >= self.lease_size / 2 {
            return;
        }
        let size = self.lease_size;
        if let Some(Ok((first, last))) = self.server_call(reach, |s| s.lease(agency, day, size, now)) {
            if let Err(e) = self.local.add_lease(agency, day, first, last) {
                tracing::error!("leased numbers not kept: {e}");
            }
        }
    }

    /// Send what the server has not received, in order, then apply the server's erasures to
    /// this file; and lease today's and tomorrow's numbers when low. Stops at the first
    /// failure (the rest waits for the next sync). At a session's end (`force` false) the
    /// server is not tried within the quiet time after a failure; `form-kiosk sync` (`force`)
    /// tries it at once.
    pub fn sync(&mut self, now: NaiveDateTime, force: bool) -> Result<SyncReport> {
        if force {
            *self.quiet_until.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        self.sync_now(now, Reach::Wait(if force { Duration::from_secs(15) } else { WAIT }))
    }

    /// `reach`: connecting if need be, or only over the connection open (after a citizen's
    /// tap: no wait for a server that went away).
    fn sync_now(&mut self, now: NaiveDateTime, reach: Reach) -> Result<SyncReport> {
        let connect = reach != Reach::Live;
        let mut report = SyncReport::default();
        if self.server_call(reach, |s| s.schema_version()).is_none() {
            report.pending = self.local.outbox_len()?;
            return Ok(report);
        }
        report.online = true;
        let origin = self.local.outbox_origin()?;
        // after a tap, a few entries (a backlog waits for the session's end)
        let mut budget = if connect { usize::MAX } else { 8 };
        while budget > 0 {
            let batch = self.local.outbox(100)?;
            if batch.is_empty() {
                break;
            }
            for entry in batch.into_iter().take(budget) {
                budget -= 1;
                let local = &self.local;
                match self.on_live(|s| s.apply(&entry, &origin, local)) {
                    Some(Ok(Applied::Now)) => report.sent += 1,
                    Some(Ok(Applied::Before)) => report.already += 1,
                    Some(Err(e)) => return Err(e),
                    None => {
                        report.online = false;
                        report.pending = self.local.outbox_len()?;
                        return Ok(report);
                    }
                }
                self.local.sent(entry.id)?;
                // an erasure's ID number has left the outbox: out of the log too
                if matches!(entry.what, Outgoing::Forget { .. }) {
                    self.local.wipe_log()?;
                }
            }
        }
        // what an erasure or retention left in the server's files goes (at a session's end or
        // when asked: the rewrite holds the office's tables for its time)
        if connect {
            if let Some(Err(e)) = self.on_live(|s| if s.rewrite_due()? { s.rewrite() } else { Ok(()) }) {
                tracing::warn!("the server's tables not rewritten yet: {e}");
            }
        }
        report.erased = self.pull_erasures(now)?;
        let today = crate::service::date_of(now);
        let agency = self.agency_code.clone();
        for day in [today.day_key(), today.next_day().day_key()] {
            let left = self.local.lease_left(&agency, &day)?;
            self.refill(&agency, &day, left, now, Reach::Live);
        }
        report.pending = self.local.outbox_len()?;
        Ok(report)
    }

    /// Send over the connection open, without failing the caller: what it could not do waits
    /// for the next sync.
    fn sync_live(&mut self, now: NaiveDateTime) {
        if let Err(e) = self.sync_now(now, Reach::Live) {
            tracing::warn!("office sync stopped: {e}");
        }
    }

    fn pull_erasures(&mut self, now: NaiveDateTime) -> Result<usize> {
        let after: i64 = self.local.state("erasures_applied")?.and_then(|v| v.parse().ok()).unwrap_or(0);
        // the office's key asked only when there is something to match (most syncs: nothing)
        let Some(Ok((key, list))) = self.on_live(|s| {
            let list = s.erasures_since(after)?;
            Ok((if list.is_empty() { String::new() } else { s.office_key()? }, list))
        }) else {
            return Ok(0);
        };
        let mut done = 0;
        for e in &list {
            let (dossiers, profiles) = self.local.apply_erasure(&|id| PgStore::person_key(&key, id), std::slice::from_ref(&e.person), &e.codes, e.at, now)?;
            self.local.set_state("erasures_applied", &e.id.to_string())?;
            done += dossiers + profiles;
        }
        Ok(done)
    }

    pub fn set_kiosk_id(&mut self, id: &str) -> Result<()> {
        self.kiosk_id = Some(id.to_string());
        if let Some(s) = self.server.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            s.set_kiosk_id(id)?;
        }
        self.local.set_kiosk_id(id)
    }

    /// Confirm into the kiosk's file with a leased number — the server asked for numbers only
    /// when none is left (else over the open connection), and for a booked slot's places —
    /// then sent over the open connection.
    pub fn confirm_with_pdf(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> {
        let day = crate::service::date_of(now).day_key();
        let left = self.local.lease_left(d.agency_code, &day)?;
        // no number left: the tap waits for the server a little longer (else only over the
        // connection open); still none, the local confirmation says so (`NoNumbers`)
        self.refill(d.agency_code, &day, left, now, if left == 0 { Reach::Wait(Duration::from_secs(3)) } else { Reach::Live });
        // the slot's places are the office's: counted on the server too (bookings another kiosk
        // has not sent yet are not; the server accepts what arrives)
        if let Some((b, capacity)) = d.after.and_then(|a| a.booking) {
            if let Some(Ok(taken)) = self.on_live(|s| s.taken(b.visit, b.slot)) {
                if taken + self.local.unsent_bookings(b.visit, b.slot)? >= capacity {
                    return Err(StoreError::SlotFull);
                }
            }
        }
        let code = self.local.confirm_with_pdf(d, now, render)?;
        self.sync_live(now);
        Ok(code)
    }

    fn local_or_server<T>(&self, local: Result<T>, f: impl FnMut(&mut PgStore) -> Result<T>) -> Result<T> {
        match local {
            Err(StoreError::NotFound(code)) => self.on_server(f).unwrap_or(Err(StoreError::NotFound(code))),
            other => other,
        }
    }

    /// A status change: on this file when the dossier is one of its own (sent with the
    /// outbox), else on the server (a dossier of another kiosk, at this kiosk's staff screen).
    fn status(
        &mut self,
        code: &str,
        now: NaiveDateTime,
        on_local: impl FnOnce(&mut Store) -> Result<()>,
        on_server: impl FnMut(&mut PgStore) -> Result<()>,
    ) -> Result<()> {
        match on_local(&mut self.local) {
            Err(StoreError::NotFound(_)) => self.on_server(on_server).unwrap_or_else(|| Err(StoreError::NotFound(code.to_string()))),
            Ok(()) => {
                self.sync_live(now);
                Ok(())
            }
            other => other,
        }
    }

    pub fn mark_printed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> {
        self.status(code, now, |l| l.mark_printed(code, actor, now), |s| s.mark_printed(code, actor, now))
    }

    pub fn mark_print_failed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> {
        self.status(code, now, |l| l.mark_print_failed(code, actor, now), |s| s.mark_print_failed(code, actor, now))
    }

    pub fn mark_handed_over(&mut self, code: &str, now: NaiveDateTime) -> Result<()> {
        self.status(code, now, |l| l.mark_handed_over(code, now), |s| s.mark_handed_over(code, now))
    }

    pub fn pdf(&self, code: &str) -> Result<Option<Vec<u8>>> {
        self.local_or_server(self.local.pdf(code), |s| s.pdf(code))
    }

    pub fn keep_pdf(&mut self, code: &str, pdf: &[u8]) -> Result<()> {
        self.local.keep_pdf(code, pdf)
    }

    pub fn dossier(&self, code: &str) -> Result<Dossier> {
        self.local_or_server(self.local.dossier(code), |s| s.dossier(code))
    }

    /// This kiosk's own dossiers (the ones its staff reprint).
    pub fn dossiers(&self, day: Option<&str>) -> Result<Vec<Dossier>> {
        self.local.dossiers(day)
    }

    pub fn counts_by_form(&self, day: &str) -> Result<Vec<(String, u32)>> {
        self.local.counts_by_form(day)
    }

    /// The office's counts by kiosk (this kiosk's alone when the server is out of reach).
    pub fn counts_by_kiosk(&self, day: &str) -> Result<Vec<(String, u32)>> {
        self.on_server(|s| s.counts_by_kiosk(day)).unwrap_or_else(|| self.local.counts_by_kiosk(day))
    }

    pub fn save_profile(&mut self, card: &Card, notice_version: &str, now: NaiveDateTime) -> Result<()> {
        self.local.save_profile(card, notice_version, now)?;
        self.sync_live(now);
        Ok(())
    }

    pub fn refresh_profile(&mut self, card: &Card, now: NaiveDateTime) -> Result<bool> {
        let here = self.local.refresh_profile(card, now)?;
        // a scan: over the open connection only
        let there = self.on_live(|s| s.refresh_profile(card, now)).and_then(|r| r.ok()).unwrap_or(false);
        Ok(here || there)
    }

    pub fn use_profile(&mut self, id_number: &str, now: NaiveDateTime) -> Result<Option<Profile>> {
        match self.on_server(|s| s.use_profile(id_number, now)) {
            Some(Ok(Some(p))) => Ok(Some(p)),
            // not on the server (yet): one this kiosk has not sent
            Some(Ok(None)) => self.local.use_profile(id_number, now),
            Some(Err(e)) => Err(e),
            None => match self.local.use_profile(id_number, now)? {
                Some(p) => Ok(Some(p)),
                None => Err(StoreError::ProfileOffline),
            },
        }
    }

    pub fn profile(&self, id_number: &str) -> Result<Option<Profile>> {
        match self.on_server(|s| s.profile(id_number)) {
            Some(Ok(Some(p))) => Ok(Some(p)),
            Some(Err(e)) => Err(e),
            Some(Ok(None)) => self.local.profile(id_number),
            None => self.local.profile(id_number)?.map(Some).ok_or(StoreError::ProfileOffline),
        }
    }

    /// Erase a citizen here and on the server; the server's erasure log takes it to the other
    /// kiosks. The server out of reach: erased here, and the erasure sent with the outbox.
    pub fn forget_citizen(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport> {
        // what this kiosk has not sent yet goes first, so the server erases it too
        self.sync_live(now);
        let mut report = self.local.forget_citizen(id_number, actor, now)?;
        match self.on_server(|s| s.forget_citizen(id_number, actor, now)) {
            Some(Ok(there)) => {
                report.profile |= there.profile;
                for c in there.codes {
                    if !report.codes.contains(&c) {
                        report.codes.push(c);
                    }
                }
                report.dossiers = report.codes.len();
                report.wal_wiped &= there.wal_wiped;
            }
            // the server out of reach or failing: the erasure is sent later (done here already)
            other => {
                if let Some(Err(e)) = other {
                    tracing::warn!("erasure not done on the server yet, queued: {e}");
                }
                let what = Outgoing::Forget { id_number: id_number.to_string(), actor: actor.as_str().into(), at: ts(now) };
                self.local.queue(&what)?;
            }
        }
        Ok(report)
    }

    pub fn purge(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<PurgeReport> {
        let mut r = self.local.purge(now, profile_days, dossier_days)?;
        if let Some(Ok(there)) = self.on_server(|s| s.purge(now, profile_days, dossier_days)) {
            r.profiles += there.profiles;
            r.dossiers += there.dossiers;
        }
        Ok(r)
    }

    pub fn purge_if_due(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<Option<PurgeReport>> {
        let here = self.local.purge_if_due(now, profile_days, dossier_days)?;
        let there = self.on_server(|s| s.purge_if_due(now, profile_days, dossier_days)).and_then(|r| r.ok()).flatten();
        Ok(match (here, there) {
            (None, None) => None,
            (a, b) => {
                let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
                Some(PurgeReport { profiles: a.profiles + b.profiles, dossiers: a.dossiers + b.dossiers })
            }
        })
    }

    pub fn last_purge_day(&self) -> Result<Option<String>> {
        self.local.last_purge_day()
    }

    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        self.on_server(|s| s.audit_log(limit)).unwrap_or_else(|| self.local.audit_log(limit))
    }

    pub fn record(&mut self, action: &str, actor: Actor, code: Option<&str>, now: NaiveDateTime) -> Result<()> {
        self.local.record(action, actor, code, now)
    }

    pub fn taken(&self, visit: Visit, slot: Slot) -> Result<u32> {
        self.on_server(|s| s.taken(visit, slot)).unwrap_or_else(|| self.local.taken(visit, slot))
    }

    pub fn bookings(&self, from: Date, through: Date) -> Result<Vec<BookingRow>> {
        self.on_server(|s| s.bookings(from, through)).unwrap_or_else(|| self.local.bookings(from, through))
    }

    pub fn booking(&self, code: &str) -> Result<Option<Booking>> {
        match self.local.booking(code)? {
            Some(b) => Ok(Some(b)),
            None => self.on_server(|s| s.booking(code)).unwrap_or(Ok(None)),
        }
    }

    pub fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool> {
        if self.local.cancel_booking(code, now)? {
            self.sync_live(now);
            return Ok(true);
        }
        self.on_server(|s| s.cancel_booking(code, now)).unwrap_or(Ok(false))
    }

    pub fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<()> {
        self.local.rate(form_id, rating, now)
    }

    pub fn ratings(&self, from: Date, through: Date) -> Result<Vec<RatingCount>> {
        self.on_server(|s| s.ratings(from, through)).unwrap_or_else(|| self.local.ratings(from, through))
    }

    pub fn schema_version(&self) -> Result<i32> {
        self.local.schema_version()
    }

    pub fn location(&self) -> String {
        let server = self.server.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|s| s.location());
        format!("{} + {}", self.local.location(), server.unwrap_or_else(|| super::pg::redact(&self.target.url)))
    }

    /// The kiosk's own file.
    pub fn local_store(&self) -> &Store {
        &self.local
    }

    pub fn local_store_mut(&mut self) -> &mut Store {
        &mut self.local
    }
}
