//! The use-case layer: the sequence a citizen's session follows — scan cards (or type an ID
//! number with a stored profile) → choose a form → answer → confirm (stored before any
//! printing) — written once for the CLI and the kiosk screen.

use crate::core::card::{self, Card, CardError};
use crate::core::config::KioskConfig;
use crate::core::dataqr;
use crate::core::date::Date;
use crate::core::fill::{fill, Answer, Context, Filled, Input, Value};
use crate::core::layout::{layout, Codes, Document, FontMetrics, PrintInput};
use crate::core::message::Msg;
use crate::core::privacy::CONSENT_NOTICE_VERSION;
use crate::core::template::FormTemplate;
use crate::forms_io::FormSet;
use crate::printing::{Cups, Printer};
use crate::store::{Actor, Backend, StoreError};
use chrono::{Datelike, NaiveDateTime};
use std::collections::BTreeMap;

mod after;
mod jobs;
mod roles;
mod session;

pub use after::{DeliveryOptions, RatingRow};
pub use jobs::{DoctorJob, ForgetJobs, PrintJob, PrinterProbe};
use roles::{card_fits, people_in, resolve_roles, role_of};
use session::SessionCard;
pub use session::{CardSource, ScannedCard, Session};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Không có thủ tục `{0}`. Vui lòng chọn thủ tục trong danh sách")]
    UnknownForm(String),
    #[error("Thẻ của {role_label}: {error}")]
    Card { role: String, role_label: String, error: CardError },
    #[error("Tờ khai này không có người nào mang vai trò `{role}` để quét thẻ (có thể quét: {allowed})")]
    NoSuchCardRole { role: String, allowed: String },
    #[error("{}", Msg::DuplicateCard { role: _0.clone() })]
    DuplicateCard(String),
    /// A card whose sex does not fit the role (a man's card for the mother). Says nothing
    /// of the card but its sex, which the role already implies.
    #[error("{}", Msg::WrongSex { role: role_label.clone(), card_female: *card_female })]
    WrongSex { role_label: String, card_female: bool },
    /// The same card for two people of the form (the mother's card again as the father).
    #[error("{}", Msg::SamePerson { role: role_label.clone(), other: other.clone() })]
    SamePerson { role_label: String, other: String },
    #[error("{}", Msg::TypedIdDigits)]
    BadIdNumber,
    #[error("{}", Msg::NoProfile)]
    NoProfile,
    #[error("Chưa chọn thủ tục")]
    NoForm,
    #[error("Tờ khai chưa đủ hoặc còn lỗi: {0}")]
    Incomplete(String),
    #[error("Kiosk chưa được nối với nơi lưu hồ sơ")]
    NoStore,
    /// The store's own sentence (it says what was or was not saved); transparent, so that
    /// an error chain prints it once.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Không tạo được bản in: {0}")]
    Render(String),
    #[error(transparent)]
    Print(#[from] crate::printing::PrintError),
    #[error("Thủ tục này không nhận kết quả theo cách đã chọn")]
    WayNotOffered,
    #[error("Địa chỉ cần là một địa chỉ theo đơn vị hành chính từ 01/7/2025 (xã, phường và tỉnh, thành phố)")]
    BadDeliveryAddress,
    #[error("Giờ hẹn này không có trong lịch của cơ quan")]
    SlotNotOffered,
}

impl ServiceError {
    /// What the citizen (or staff) is told, by code: a card's own refusal (the screen already
    /// says whose card), the people on the form, the keypad, a printer fault without the
    /// staff's details; anything else as the error says it.
    pub fn msg(&self) -> Msg {
        match self {
            ServiceError::Card { error, .. } => Msg::Card(*error),
            ServiceError::WrongSex { role_label, card_female } => Msg::WrongSex { role: role_label.clone(), card_female: *card_female },
            ServiceError::SamePerson { role_label, other } => Msg::SamePerson { role: role_label.clone(), other: other.clone() },
            ServiceError::DuplicateCard(role) => Msg::DuplicateCard { role: role.clone() },
            ServiceError::BadIdNumber => Msg::TypedIdDigits,
            ServiceError::NoProfile => Msg::NoProfile,
            ServiceError::Print(p) => p.msg(),
            ServiceError::Store(e) => e.msg(),
            other => Msg::AsGiven(other.to_string()),
        }
    }
}

/// What `confirm` returns: the stored dossier's code and what was stored.
#[derive(Debug, Clone)]
pub struct Confirmed {
    pub code: String,
    pub filled: Filled,
    pub profile_saved: bool,
    /// The printout, kept with the dossier.
    pub pdf: Vec<u8>,
}

pub struct Service {
    pub forms: FormSet,
    pub config: KioskConfig,
    store: Option<Box<dyn Backend>>,
    metrics: FontMetrics<'static>,
    printer: std::sync::Arc<dyn Printer + Sync>,
    /// What retention erased when the store was attached (said by the CLI and the kiosk).
    pub startup_purge: Option<crate::store::PurgeReport>,
    /// Makes the PDF of a laid-out page (`pdf::render`; a failing one in tests).
    renderer: Renderer,
}

/// Draws a laid-out document as PDF bytes.
pub type Renderer = fn(&Document, Option<NaiveDateTime>) -> Result<Vec<u8>, crate::pdf::PdfError>;

pub struct DayReport {
    pub dossiers: Vec<crate::store::Dossier>,
    /// (form name, dossiers made)
    pub counts: Vec<(String, u32)>,
    /// A kiosk of an office: the office's dossiers by kiosk (from the server, else this
    /// kiosk's own); empty for a kiosk alone.
    pub by_kiosk: Vec<(String, u32)>,
}

/// The codes printed on a dossier: record link and data QR parts.
pub fn codes_for(config: &KioskConfig, t: &FormTemplate, code: &str, answers: &BTreeMap<String, Answer>, desk: Option<&dataqr::Desk>) -> Codes {
    let doc = dataqr::document(t, code, answers, desk);
    Codes { dossier_code: code.to_string(), record_url: config.record_url_for(code), data_parts: dataqr::parts(code, &doc) }
}

/// The calendar day of a local time.
pub fn date_of(now: NaiveDateTime) -> Date {
    Date { year: now.year(), month: now.month(), day: now.day() }
}

impl Service {
    pub fn new(forms: FormSet, config: KioskConfig) -> Service {
        let printer = std::sync::Arc::new(Cups::new(Some(config.cups_server.as_str()).filter(|s| !s.is_empty())));
        Service { forms, config, store: None, metrics: crate::pdf::metrics(), printer, startup_purge: None, renderer: crate::pdf::render }
    }

    /// Draw PDFs with another renderer (a failing one, in tests of what a failure leaves).
    #[doc(hidden)]
    pub fn with_renderer(mut self, renderer: Renderer) -> Service {
        self.renderer = renderer;
        self
    }

    /// Print on another printer than CUPS (a fake in tests of the screens).
    pub fn with_printer(mut self, printer: std::sync::Arc<dyn Printer + Sync>) -> Service {
        self.printer = printer;
        self
    }

    /// Print a stored dossier (its kept PDF) and record the outcome. A failure leaves the
    /// dossier `print_failed` with its PDF, ready for "In lại".
    pub fn print(&mut self, code: &str, queue: Option<&str>, actor: Actor, now: NaiveDateTime) -> Result<(String, i32), ServiceError> {
        let result = self.print_job(code, queue)?.run();
        if let Err(e) = &result {
            tracing::warn!(code = %code, "not printed: {e}");
        }
        self.record_print(code, result.is_ok(), actor, now)?;
        Ok(result?)
    }

    /// What printing a stored dossier needs, to run on another thread.
    pub fn print_job(&mut self, code: &str, queue: Option<&str>) -> Result<PrintJob, ServiceError> {
        let pdf = self.dossier_pdf(code)?;
        let queue = queue.or(Some(self.config.printer.as_str()).filter(|q| !q.is_empty())).map(String::from);
        let deadline = std::time::Duration::from_secs(self.config.print_timeout_secs as u64);
        Ok(PrintJob { code: code.to_string(), pdf, queue, deadline, printer: self.printer.clone() })
    }

    /// Record how a print ended.
    pub fn record_print(&mut self, code: &str, printed: bool, actor: Actor, now: NaiveDateTime) -> Result<(), ServiceError> {
        let store = self.store()?;
        // a dossier already handed over keeps that status; the reprint is only recorded
        if store.dossier(code)?.status == crate::store::Status::HandedOver {
            store.record(if printed { "reprinted" } else { "reprint_failed" }, actor, Some(code), now)?;
        } else if printed {
            store.mark_printed(code, actor, now)?;
        } else {
            store.mark_print_failed(code, actor, now)?;
        }
        Ok(())
    }

    /// Check a staff PIN against the configured hash. Every attempt is audited (no PIN, no
    /// personal data in the log); when the log cannot be written the check still stands and
    /// the error comes with it, so that staff are not locked out by a full disk.
    pub fn staff_login(&mut self, pin: &str, now: NaiveDateTime) -> (crate::staff::PinCheck, Option<ServiceError>) {
        let check = crate::staff::verify_pin(&self.config.staff_pin_hash, pin);
        let action = if check == crate::staff::PinCheck::Right { "staff_login" } else { "staff_login_refused" };
        (check, self.record_staff(action, now).err())
    }

    /// Record a staff action that touches no dossier (unlocking card answers, quitting).
    pub fn record_staff(&mut self, action: &str, now: NaiveDateTime) -> Result<(), ServiceError> {
        Ok(self.store()?.record(action, Actor::Staff, None, now)?)
    }

    /// The dossiers made on `now`'s day, newest first, and how many per form.
    pub fn day_report(&mut self, now: NaiveDateTime) -> Result<DayReport, ServiceError> {
        let day = date_of(now).day_key();
        let office = !self.config.database_url.trim().is_empty();
        let store = self.store()?;
        let dossiers = store.dossiers(Some(&day))?;
        let counts = store.counts_by_form(&day)?;
        let by_kiosk = if office { store.counts_by_kiosk(&day)? } else { Vec::new() };
        let counts = counts.into_iter().map(|(id, n)| (self.form(&id).map(|t| t.name.clone()).unwrap_or(id), n)).collect();
        Ok(DayReport { dossiers, counts, by_kiosk })
    }

    /// Dossiers of one day (`Date::day_key`), or of every day (`None`), newest first.
    pub fn dossiers(&mut self, day: Option<&str>) -> Result<Vec<crate::store::Dossier>, ServiceError> {
        Ok(self.store()?.dossiers(day)?)
    }

    /// One stored dossier, answers and all (none once erased).
    pub fn dossier(&mut self, code: &str) -> Result<crate::store::Dossier, ServiceError> {
        Ok(self.store()?.dossier(code)?)
    }

    /// The desk received the dossier.
    pub fn hand_over(&mut self, code: &str, now: NaiveDateTime) -> Result<(), ServiceError> {
        Ok(self.store()?.mark_handed_over(code, now)?)
    }

    /// The audit log, newest first (no personal data in it).
    pub fn audit_log(&mut self, limit: u32) -> Result<Vec<crate::store::AuditEntry>, ServiceError> {
        Ok(self.store()?.audit_log(limit)?)
    }

    /// A citizen's stored profile, as staff look it up (by the number alone: staff only).
    pub fn profile(&mut self, id_number: &str) -> Result<Option<crate::store::Profile>, ServiceError> {
        Ok(self.store()?.profile(id_number)?)
    }

    /// What a card's QR holds, read as on the day `today` (no session, nothing stored).
    pub fn read_card(payload: &str, today: Date) -> Result<Card, CardError> {
        card::parse(payload, today)
    }

    /// Every CUPS queue and its state, from the CUPS server of `config` (no forms, no store).
    pub fn printers(config: &KioskConfig) -> Result<Vec<crate::printing::PrinterInfo>, ServiceError> {
        let cups = Cups::new(Some(config.cups_server.as_str()).filter(|s| !s.is_empty()));
        Ok(cups.printers()?)
    }

    /// What looking at the printer needs, to run on another thread.
    /// The kiosk's checks (`doctor`) on the store it has open, to run on a worker.
    pub fn doctor_job(&self) -> DoctorJob {
        let db = self.store.as_ref().and_then(|s| s.local()).and_then(|s| s.path()).unwrap_or_default();
        DoctorJob { config: self.config.clone(), db, printer: self.printer.clone() }
    }

    pub fn printer_probe(&self) -> PrinterProbe {
        PrinterProbe { queue: Some(self.config.printer.clone()).filter(|q| !q.is_empty()), printer: self.printer.clone() }
    }

    /// Erase a citizen's profile and the answers and printouts of their dossiers (staff).
    /// Their print jobs are purged from CUPS next, by [`Service::forget_jobs`].
    pub fn forget_citizen(&mut self, id_number: &str, now: NaiveDateTime) -> Result<crate::store::ForgetReport, ServiceError> {
        let id = crate::core::text::id_number(id_number).ok_or(ServiceError::BadIdNumber)?;
        Ok(self.store()?.forget_citizen(&id, Actor::Staff, now)?)
    }

    /// What purging the print jobs of erased dossiers needs, to run on another thread.
    pub fn forget_jobs(&self, codes: &[String]) -> ForgetJobs {
        ForgetJobs { codes: codes.to_vec(), printer: self.printer.clone() }
    }

    /// Attach the dossier store and apply retention, unless it already ran today.
    pub fn with_store(mut self, store: impl Into<Box<dyn Backend>>, now: NaiveDateTime) -> Result<Service, ServiceError> {
        let mut store = store.into();
        store.set_kiosk_id(&self.config.kiosk_id)?;
        self.store = Some(store);
        self.startup_purge = self.purge_if_due(now)?;
        Ok(self)
    }

    /// Attach the dossier store without applying retention (a read-only store, or `purge`
    /// itself).
    pub fn with_store_as_is(mut self, store: impl Into<Box<dyn Backend>>) -> Service {
        let mut store = store.into();
        // a read-only store writes nothing; a temporary table is allowed on it all the same
        let _ = store.set_kiosk_id(&self.config.kiosk_id);
        self.store = Some(store);
        self
    }

    /// Whether a store is attached (bookings need one to count places).
    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    pub fn store(&mut self) -> Result<&mut (dyn Backend + 'static), ServiceError> {
        self.store.as_deref_mut().ok_or(ServiceError::NoStore)
    }

    pub fn purge(&mut self, now: NaiveDateTime) -> Result<crate::store::PurgeReport, ServiceError> {
        let (p, d) = (self.config.profile_retention_days, self.config.dossier_retention_days);
        Ok(self.store()?.purge(now, p, d)?)
    }

    /// A kiosk of an office: send the server what it has not received and apply its erasures
    /// (`None`: a kiosk on its own). What cannot be sent now waits for the next call; `force`:
    /// the server is tried even just after it failed (else not within a quiet time).
    pub fn sync(&mut self, now: NaiveDateTime, force: bool) -> Result<Option<crate::store::SyncReport>, ServiceError> {
        Ok(self.store()?.sync(now, force)?)
    }

    /// Retention once a day (the first call of each day purges; `None`: already done).
    pub fn purge_if_due(&mut self, now: NaiveDateTime) -> Result<Option<crate::store::PurgeReport>, ServiceError> {
        let (p, d) = (self.config.profile_retention_days, self.config.dossier_retention_days);
        Ok(self.store()?.purge_if_due(now, p, d)?)
    }

    pub fn form(&self, id: &str) -> Result<&FormTemplate, ServiceError> {
        self.forms.get(id).ok_or_else(|| ServiceError::UnknownForm(id.to_string()))
    }

    fn role_label(&self, s: &Session, role: Option<&str>) -> String {
        let t = s.form_id.as_deref().and_then(|f| self.forms.get(f));
        let r = match (t, role) {
            (Some(t), Some(r)) => t.role(r),
            (Some(t), None) => t.card_roles().next(),
            _ => None,
        };
        r.map(|r| r.label.to_lowercase()).unwrap_or_else(|| "người đi làm thủ tục".into())
    }

    /// Read one card into the session. A scanned card refreshes the citizen's stored profile
    /// if there is one (the card is the source of truth); it never creates one.
    pub fn add_card(&mut self, s: &mut Session, c: &ScannedCard, now: NaiveDateTime) -> Result<(), ServiceError> {
        self.forms.select(date_of(now));
        let (card, from_profile) = match &c.source {
            CardSource::Qr(payload) => {
                let card = card::parse(payload, date_of(now)).map_err(|error| ServiceError::Card {
                    role: c.role.clone().unwrap_or_else(|| "requester".into()),
                    role_label: self.role_label(s, c.role.as_deref()),
                    error,
                })?;
                if let Some(store) = self.store.as_mut() {
                    store.refresh_profile(&card, now)?;
                }
                (card, false)
            }
            CardSource::StoredId(id) | CardSource::StoredIdWithBirth(id, _) => {
                let id = crate::core::text::id_number(id).ok_or(ServiceError::BadIdNumber)?;
                let (birth, actor) = match &c.source {
                    CardSource::StoredIdWithBirth(_, b) => (Some(*b), Actor::Citizen),
                    _ => (None, Actor::Staff),
                };
                let store = self.store.as_mut().ok_or(ServiceError::NoProfile)?;
                // the same answer whether the number is unknown or the date is wrong: the
                // keypad tells nobody whose profiles are kept; every look-up is in the audit
                // log, without the number
                let found = store.profile(&id)?.filter(|p| birth.is_none_or(|b| p.card.birth_date == b));
                let Some(_) = found else {
                    store.record("profile_lookup_refused", actor, None, now)?;
                    return Err(ServiceError::NoProfile);
                };
                let p = store.use_profile(&id, now)?.ok_or(ServiceError::NoProfile)?;
                store.record("profile_lookup", actor, None, now)?;
                (p.card, true)
            }
        };
        if s.cards.iter().any(|x| x.role == c.role) {
            return Err(ServiceError::DuplicateCard(self.role_label(s, c.role.as_deref())));
        }
        // the right person for the role, as soon as the form is known
        if let Some(t) = s.form_id.as_deref().and_then(|f| self.forms.get(f)) {
            let placed: Vec<(String, &Card)> = s.cards.iter().filter_map(|x| role_of(t, x.role.as_deref()).map(|r| (r, &x.card))).collect();
            if let Some(role) = role_of(t, c.role.as_deref()) {
                card_fits(t, &placed, &role, &card)?;
            }
        }
        s.cards.push(SessionCard { role: c.role.clone(), card, from_profile });
        Ok(())
    }

    /// Choose the form; the cards' roles must exist on it.
    pub fn choose_form(&self, s: &mut Session, form_id: &str) -> Result<(), ServiceError> {
        let t = self.form(form_id)?;
        resolve_roles(t, &s.cards)?;
        s.form_id = Some(form_id.to_string());
        Ok(())
    }

    /// Record a typed answer (a later answer for the same field replaces the earlier one).
    pub fn answer(&self, s: &mut Session, field: &str, input: Input) {
        s.inputs.retain(|(id, _)| id != field);
        s.inputs.push((field.to_string(), input));
    }

    /// Take back what was answered for `field`: the card's value (or nothing) again.
    pub fn unanswer(&self, s: &mut Session, field: &str) {
        s.inputs.retain(|(id, _)| id != field);
    }

    /// The form as it stands.
    pub fn filled(&self, s: &Session, today: Date) -> Result<Filled, ServiceError> {
        let t = self.form(s.form_id.as_deref().ok_or(ServiceError::NoForm)?)?;
        let (cards, profile_roles) = resolve_roles(t, &s.cards)?;
        let printable = |c: char| self.metrics.has_glyph(c);
        Ok(fill(t, &Context { cards: &cards, profile_roles: &profile_roles, config: &self.config, today, printable: &printable }, &s.inputs))
    }

    /// Store the dossier as confirmed and give it its code — before anything is printed.
    /// With `consent`, the requester's scanned card is kept as a profile.
    pub fn confirm(&mut self, s: &Session, consent: bool, now: NaiveDateTime) -> Result<Confirmed, ServiceError> {
        // the version of the form in force on the day of confirmation
        self.forms.select(date_of(now));
        let filled = self.filled(s, date_of(now))?;
        if !filled.is_complete() {
            let mut what: Vec<String> = filled.missing.iter().map(|m| m.label.clone()).collect();
            what.extend(filled.diagnostics.iter().filter(|d| d.severity == crate::core::fill::Severity::Error).map(|d| d.message()));
            return Err(ServiceError::Incomplete(what.join("; ")));
        }
        let t = self.forms.get(&filled.form_id).ok_or_else(|| ServiceError::UnknownForm(filled.form_id.clone()))?.clone();
        let people = people_in(&t, s, &filled);
        let answers = serde_json::to_value(&filled.answers).expect("answers serialise");
        let (agency, form_id, version) = (self.config.agency_code.clone(), t.id.clone(), t.version);
        let (delivery, due, booking) = self.after_of(s, now);
        let Service { store, config, metrics, renderer, .. } = self;
        let store = store.as_mut().ok_or(ServiceError::NoStore)?;
        let mut pdf = Vec::new();
        // the printout is made inside the confirming transaction: a dossier without one is
        // never stored
        let mut render = |code: &str| {
            let desk = dataqr::Desk { delivery: &delivery, due, booking: booking.as_ref().map(|b| &b.0) };
            let codes = codes_for(config, &t, code, &filled.answers, Some(&desk));
            let doc = layout(&PrintInput { template: &t, answers: &filled.answers, codes: Some(&codes) }, metrics);
            pdf = renderer(&doc, Some(now)).map_err(|e| e.to_string())?;
            Ok(Some(pdf.clone()))
        };
        let after = crate::store::After { delivery: &delivery, due, booking: booking.as_ref().map(|(b, n)| (b, *n)) };
        let dossier =
            crate::store::NewDossier { agency_code: &agency, form_id: &form_id, form_version: version, answers: &answers, people: &people, after: Some(after) };
        let code = store.confirm_with_pdf(&dossier, now, &mut render).inspect_err(|e| tracing::error!(form = %form_id, "dossier not stored: {e}"))?;
        tracing::info!(code = %code, form = %form_id, "dossier confirmed");
        let mut profile_saved = false;
        if consent {
            // the person at the kiosk: the card without a role, or of the form's first card role
            let first_role = t.card_roles().next().map(|r| r.id.clone());
            let me = s.cards.iter().find(|c| c.role.is_none() || c.role == first_role);
            if let Some(c) = me.filter(|c| !c.from_profile) {
                store.save_profile(&c.card, CONSENT_NOTICE_VERSION, now)?;
                profile_saved = true;
            }
        }
        Ok(Confirmed { code, filled, profile_saved, pdf })
    }

    /// The page layout of a form with these answers; `code` None = before confirmation.
    pub fn document(&self, t: &FormTemplate, answers: &BTreeMap<String, Answer>, code: Option<&str>) -> Document {
        let codes = code.map(|c| codes_for(&self.config, t, c, answers, None));
        layout(&PrintInput { template: t, answers, codes: codes.as_ref() }, &self.metrics)
    }

    /// The printout of a stored dossier: the PDF kept at confirmation, or (for a dossier
    /// stored without one) rendered again from its answers and kept from then on.
    pub fn dossier_pdf(&mut self, code: &str) -> Result<Vec<u8>, ServiceError> {
        let store = self.store()?;
        if let Some(pdf) = store.pdf(code)? {
            return Ok(pdf);
        }
        let d = store.dossier(code)?;
        // the version the dossier was made with
        let t = self.forms.version(&d.form_id, d.form_version).ok_or_else(|| ServiceError::UnknownForm(d.form_id.clone()))?.clone();
        let answers: BTreeMap<String, Answer> =
            d.answers.and_then(|a| serde_json::from_value(a).ok()).ok_or_else(|| ServiceError::Store(StoreError::Erased(code.to_string())))?;
        let doc = self.document(&t, &answers, Some(code));
        let confirmed = d.confirmed_at.as_deref().and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok());
        let pdf = (self.renderer)(&doc, confirmed).map_err(|e| ServiceError::Render(e.to_string()))?;
        // kept so that the next reprint is this very document; a store opened read-only
        // (a reprint to a file from a read-only disk) still gives it
        match self.store()?.keep_pdf(code, &pdf) {
            Ok(()) | Err(StoreError::ReadOnly) => Ok(pdf),
            Err(e) => Err(e.into()),
        }
    }

    /// Fill in one go, without storing (the CLI's `fill --no-store`, tests, benchmarks).
    pub fn fill(&mut self, form_id: &str, cards: &[ScannedCard], inputs: &[(String, Input)], now: NaiveDateTime) -> Result<Filled, ServiceError> {
        let s = self.session(form_id, cards, inputs, now)?;
        self.filled(&s, date_of(now))
    }

    /// A session with these cards, form and answers.
    pub fn session(&mut self, form_id: &str, cards: &[ScannedCard], inputs: &[(String, Input)], now: NaiveDateTime) -> Result<Session, ServiceError> {
        self.forms.select(date_of(now));
        let mut s = Session::new();
        s.form_id = Some(form_id.to_string());
        self.form(form_id)?;
        for c in cards {
            self.add_card(&mut s, c, now)?;
        }
        self.choose_form(&mut s, form_id)?;
        for (id, input) in inputs {
            self.answer(&mut s, id, input.clone());
        }
        Ok(s)
    }
}
