//! The store's operations, one trait that the service uses, with two backends: the kiosk's
//! own SQLite file ([`Store`]) and an office's PostgreSQL server ([`PgStore`]). Both keep the
//! same guarantees (numbering inside one transaction, statuses and transitions, profiles only
//! with consent, an audit log without personal data, physical erasure, retention); the same
//! test suite runs on both.

use super::*;
use crate::core::after::{Booking, Rating, Slot, Visit};

pub use super::office::Office;
pub use super::pg::PgStore;

/// What the service asks of a store. Each method is documented on [`Store`]'s own.
pub trait Backend: Send {
    fn set_kiosk_id(&mut self, id: &str) -> Result<()>;
    fn confirm_with_pdf(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String>;
    fn mark_printed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()>;
    fn mark_print_failed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()>;
    fn mark_handed_over(&mut self, code: &str, now: NaiveDateTime) -> Result<()>;
    fn pdf(&self, code: &str) -> Result<Option<Vec<u8>>>;
    fn keep_pdf(&mut self, code: &str, pdf: &[u8]) -> Result<()>;
    fn dossier(&self, code: &str) -> Result<Dossier>;
    fn dossiers(&self, day: Option<&str>) -> Result<Vec<Dossier>>;
    fn counts_by_form(&self, day: &str) -> Result<Vec<(String, u32)>>;
    fn counts_by_kiosk(&self, day: &str) -> Result<Vec<(String, u32)>>;
    fn save_profile(&mut self, card: &Card, notice_version: &str, now: NaiveDateTime) -> Result<()>;
    fn refresh_profile(&mut self, card: &Card, now: NaiveDateTime) -> Result<bool>;
    fn use_profile(&mut self, id_number: &str, now: NaiveDateTime) -> Result<Option<Profile>>;
    fn profile(&self, id_number: &str) -> Result<Option<Profile>>;
    fn forget_citizen(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport>;
    fn purge(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<PurgeReport>;
    fn purge_if_due(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<Option<PurgeReport>>;
    fn last_purge_day(&self) -> Result<Option<String>>;
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>>;
    fn record(&mut self, action: &str, actor: Actor, code: Option<&str>, now: NaiveDateTime) -> Result<()>;
    fn taken(&self, visit: Visit, slot: Slot) -> Result<u32>;
    fn bookings(&self, from: Date, through: Date) -> Result<Vec<BookingRow>>;
    fn booking(&self, code: &str) -> Result<Option<Booking>>;
    fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool>;
    fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<()>;
    fn ratings(&self, from: Date, through: Date) -> Result<Vec<RatingCount>>;
    fn schema_version(&self) -> Result<i32>;
    /// Where the data is, for staff and logs: a file's path, or a server's host and database
    /// (never a password).
    fn location(&self) -> String;

    /// As [`Backend::confirm_with_pdf`], stored without a printout.
    fn confirm(&mut self, d: &NewDossier, now: NaiveDateTime) -> Result<String> {
        self.confirm_with_pdf(d, now, &mut |_| Ok(None))
    }
    /// A kiosk of an office: send what the server has not received, apply its erasures (None:
    /// a store on its own, nothing to send); `force`: try the server at once, even just after
    /// it failed.
    fn sync(&mut self, _now: NaiveDateTime, _force: bool) -> Result<Option<super::SyncReport>> {
        Ok(None)
    }
    /// The kiosk's own SQLite file, for what only it does (backup and restore, its path).
    fn local(&self) -> Option<&Store> {
        None
    }
    fn local_mut(&mut self) -> Option<&mut Store> {
        None
    }
}

impl From<Store> for Box<dyn Backend> {
    fn from(s: Store) -> Self {
        Box::new(s)
    }
}

impl From<Office> for Box<dyn Backend> {
    fn from(s: Office) -> Self {
        Box::new(s)
    }
}

impl From<PgStore> for Box<dyn Backend> {
    fn from(s: PgStore) -> Self {
        Box::new(s)
    }
}

/// One list of the operations, implemented by each backend's own inherent methods.
macro_rules! backend_by_inherent_methods {
    ($t:ident { $($extra:item)* }) => {
        impl Backend for $t {
            fn set_kiosk_id(&mut self, id: &str) -> Result<()> { <$t>::set_kiosk_id(self, id) }
            fn confirm_with_pdf(&mut self, d: &NewDossier, now: NaiveDateTime, render: &mut Render) -> Result<String> { <$t>::confirm_with_pdf(self, d, now, render) }
            fn mark_printed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> { <$t>::mark_printed(self, code, actor, now) }
            fn mark_print_failed(&mut self, code: &str, actor: Actor, now: NaiveDateTime) -> Result<()> { <$t>::mark_print_failed(self, code, actor, now) }
            fn mark_handed_over(&mut self, code: &str, now: NaiveDateTime) -> Result<()> { <$t>::mark_handed_over(self, code, now) }
            fn pdf(&self, code: &str) -> Result<Option<Vec<u8>>> { <$t>::pdf(self, code) }
            fn keep_pdf(&mut self, code: &str, pdf: &[u8]) -> Result<()> { <$t>::keep_pdf(self, code, pdf) }
            fn dossier(&self, code: &str) -> Result<Dossier> { <$t>::dossier(self, code) }
            fn dossiers(&self, day: Option<&str>) -> Result<Vec<Dossier>> { <$t>::dossiers(self, day) }
            fn counts_by_form(&self, day: &str) -> Result<Vec<(String, u32)>> { <$t>::counts_by_form(self, day) }
            fn counts_by_kiosk(&self, day: &str) -> Result<Vec<(String, u32)>> { <$t>::counts_by_kiosk(self, day) }
            fn save_profile(&mut self, card: &Card, notice_version: &str, now: NaiveDateTime) -> Result<()> { <$t>::save_profile(self, card, notice_version, now) }
            fn refresh_profile(&mut self, card: &Card, now: NaiveDateTime) -> Result<bool> { <$t>::refresh_profile(self, card, now) }
            fn use_profile(&mut self, id_number: &str, now: NaiveDateTime) -> Result<Option<Profile>> { <$t>::use_profile(self, id_number, now) }
            fn profile(&self, id_number: &str) -> Result<Option<Profile>> { <$t>::profile(self, id_number) }
            fn forget_citizen(&mut self, id_number: &str, actor: Actor, now: NaiveDateTime) -> Result<ForgetReport> { <$t>::forget_citizen(self, id_number, actor, now) }
            fn purge(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<PurgeReport> { <$t>::purge(self, now, profile_days, dossier_days) }
            fn purge_if_due(&mut self, now: NaiveDateTime, profile_days: u32, dossier_days: u32) -> Result<Option<PurgeReport>> { <$t>::purge_if_due(self, now, profile_days, dossier_days) }
            fn last_purge_day(&self) -> Result<Option<String>> { <$t>::last_purge_day(self) }
            fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> { <$t>::audit_log(self, limit) }
            fn record(&mut self, action: &str, actor: Actor, code: Option<&str>, now: NaiveDateTime) -> Result<()> { <$t>::record(self, action, actor, code, now) }
            fn taken(&self, visit: Visit, slot: Slot) -> Result<u32> { <$t>::taken(self, visit, slot) }
            fn bookings(&self, from: Date, through: Date) -> Result<Vec<BookingRow>> { <$t>::bookings(self, from, through) }
            fn booking(&self, code: &str) -> Result<Option<Booking>> { <$t>::booking(self, code) }
            fn cancel_booking(&mut self, code: &str, now: NaiveDateTime) -> Result<bool> { <$t>::cancel_booking(self, code, now) }
            fn rate(&mut self, form_id: &str, rating: Rating, now: NaiveDateTime) -> Result<()> { <$t>::rate(self, form_id, rating, now) }
            fn ratings(&self, from: Date, through: Date) -> Result<Vec<RatingCount>> { <$t>::ratings(self, from, through) }
            fn schema_version(&self) -> Result<i32> { <$t>::schema_version(self) }
            fn location(&self) -> String { <$t>::location(self) }
            $($extra)*
        }
    };
}

backend_by_inherent_methods! {
    Store {
        fn local(&self) -> Option<&Store> {
            Some(self)
        }
        fn local_mut(&mut self) -> Option<&mut Store> {
            Some(self)
        }
    }
}
backend_by_inherent_methods! { PgStore {} }
backend_by_inherent_methods! {
    Office {
        fn sync(&mut self, now: NaiveDateTime, force: bool) -> Result<Option<super::SyncReport>> {
            Office::sync(self, now, force).map(Some)
        }
        fn local(&self) -> Option<&Store> {
            Some(self.local_store())
        }
        fn local_mut(&mut self) -> Option<&mut Store> {
            Some(self.local_store_mut())
        }
    }
}
