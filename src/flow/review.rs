//! What comes after the cards: the next question or the review (the page as it will print,
//! the answers and where each came from, "Sửa" and "Thêm"), then confirming and printing.

use super::question::{card_text, COPIES_COUNT, COPIES_WANTED};
use super::view::{AnswerRow, Msg, Origin, Page};
use super::{Effect, KioskFlow};
use crate::core::ask::{self, Widget};
use crate::core::fill::{display_label, Severity, Source};
use crate::service::date_of;
use chrono::NaiveDateTime;

/// Where an answer came from; the screen says it in words.
fn origin_of(s: &Source) -> Origin {
    match s {
        Source::Card { .. } => Origin::Card,
        Source::Profile { .. } => Origin::Profile,
        Source::Config => Origin::Kiosk,
        Source::Today => Origin::Today,
        Source::Default => Origin::Preset,
        Source::Derived => Origin::Derived,
        Source::Typed => Origin::Typed,
        Source::NewUnits { .. } => Origin::NewUnits,
    }
}

/// The name of a person of the form that the form may leave blank: the optional name field of
/// that role (the father's name on a birth form), if the screens can ask it.
fn person_name_field<'t>(t: &'t crate::core::template::FormTemplate, role: &str) -> Option<&'t crate::core::template::Field> {
    t.fields.iter().find(|f| f.role.as_deref() == Some(role) && f.kind == crate::core::template::FieldKind::Name && !f.required && askable(f))
}

/// Whether the screens can ask for a field at all: not a value the kiosk works out, not a
/// table left to the desk.
fn askable(f: &crate::core::template::Field) -> bool {
    f.in_words_of.is_none() && ask::widget_for(f) != Widget::AtTheDesk
}

/// Whether "Sửa" is offered for an answer: what the citizen chose, what was preset, and what
/// came from a card (locked unless staff unlock it); not what the kiosk derives or sets.
fn editable(f: &crate::core::template::Field, s: &Source) -> bool {
    matches!(s, Source::Typed | Source::Default | Source::Card { .. } | Source::Profile { .. } | Source::NewUnits { .. }) && askable(f)
}

/// The 2025 address(es) of a card's address written in the units before 2025 (none if it is
/// not one).
fn new_units_of(on_card: &str) -> Vec<String> {
    crate::core::units::old::convert(on_card).moved().into_iter().map(|m| m.address).collect()
}

/// The hint on the done screen: the office's own words from `kiosk.toml`, or the kiosk's,
/// which the screens translate.
fn desk_hint(configured: &str) -> Msg {
    if configured.trim().is_empty() || configured == crate::core::config::DEFAULT_DESK_HINT {
        Msg::DeskHint
    } else {
        Msg::AsGiven(configured.to_string())
    }
}

impl KioskFlow {
    /// The next step: another person to scan, else the next question, else the review.
    pub(super) fn next_step(&mut self, now: NaiveDateTime) {
        self.view.other_error = None;
        if let Some((_, prompt)) = self.pending.first() {
            self.view.other_prompt = prompt.clone();
            self.view.page = Page::Others;
            return;
        }
        let mut filled = match self.service.filled(&self.session, date_of(now)) {
            Ok(f) => f,
            Err(e) => {
                self.view.scan_error = Some(e.msg());
                self.view.page = Page::Scan;
                return;
            }
        };
        // a card read later with an old address the citizen has answered for: the same answer
        if self.apply_moved(&filled) {
            match self.service.filled(&self.session, date_of(now)) {
                Ok(f) => filled = f,
                Err(_) => return,
            }
        }
        let Ok(t) = self.service.form(&filled.form_id) else { return };
        // the name of a person the citizen said the form names, then what it makes necessary
        let named: Vec<String> =
            self.skipped.iter().filter(|(_, d)| *d == Some(true)).filter_map(|(r, _)| person_name_field(t, r)).map(|f| f.id.clone()).collect();
        // the next question: a refused answer first, then what is still missing, in form order
        let todo: Vec<String> = t
            .fields
            .iter()
            .filter(|x| {
                filled.missing.iter().any(|m| m.id == x.id)
                    || filled.diagnostics.iter().any(|d| d.severity == Severity::Error && d.field.as_deref() == Some(x.id.as_str()))
                    || (named.contains(&x.id) && !filled.answers.contains_key(&x.id))
            })
            .filter(|x| ask::widget_for(x) != Widget::AtTheDesk)
            .map(|x| x.id.clone())
            .collect();
        // the person just said to be on the form comes first, all their questions together
        let roles: Vec<&str> = self.skipped.iter().filter(|(_, d)| *d == Some(true)).map(|(r, _)| r.as_str()).collect();
        let mut todo = todo;
        todo.sort_by_key(|id| !t.field(id).and_then(|f| f.role.as_deref()).is_some_and(|r| roles.contains(&r)));
        // answered by the citizen: typed or picked, and each card address put in the 2025 units
        // (one question, however many lines it wrote)
        let answered = t.fields.iter().filter(|x| filled.answers.get(&x.id).is_some_and(|a| a.source == Source::Typed)).count()
            + self.moved.iter().filter(|(_, c)| c.is_some()).count();
        // how many copies of the result, asked last (a form with the two copies lines)
        let copies = !self.copies_asked && t.field(COPIES_WANTED).is_some() && t.field(COPIES_COUNT).is_some();
        let todo_len = todo.len() + copies as usize;
        // a person whose card was skipped and whom the form may leave out (the father on a
        // birth form): a blank has legal meaning, so the citizen is asked whether the form
        // names them; a person the form always names is asked about anyway
        let undecided = self.skipped.iter().find(|(_, d)| d.is_none()).map(|(r, _)| r.clone());
        if let Some(role) = undecided {
            match (person_name_field(t, &role), t.role(&role)) {
                (Some(_), Some(r)) => {
                    let label = r.label.to_lowercase();
                    self.ask_person(&role, &label, answered, answered + todo_len + 1);
                    return;
                }
                // the form names them whatever happens: their questions come in form order
                _ => {
                    self.skipped.retain(|(r, _)| *r != role);
                    return self.next_step(now);
                }
            }
        }
        // a card's address in the units before 2025: its 2025 address, one tap to accept
        if let Some((field, on_card, moved)) = self.old_address(t, &filled) {
            let label = t.field(&field).map(|f| display_label(t, f)).unwrap_or_default();
            self.ask_moved(&field, &label, &on_card, &moved, answered, answered + todo_len + 1);
            return;
        }
        if let Some(first) = todo.first() {
            let total = answered + todo_len;
            let first = first.clone();
            self.ask_field(&first, answered, total, now);
            return;
        }
        if copies {
            let fee = self.service.config.copy_fee;
            self.ask_copies(fee, answered, answered + 1);
            return;
        }
        self.asking = None;
        self.editing = false;
        // the review: the page as it will print, beside the answers and where each came from
        let rows: Vec<AnswerRow> = t
            .fields
            .iter()
            .filter_map(|f| match filled.answers.get(&f.id) {
                Some(ans) => Some(AnswerRow {
                    label: display_label(t, f),
                    value: ans.value.summary(),
                    origin: origin_of(&ans.source),
                    field: if editable(f, &ans.source) { f.id.clone() } else { String::new() },
                    locked: matches!(ans.source, Source::Card { .. } | Source::Profile { .. }) && !self.unlocked,
                }),
                // what the form asks but does not require (a phone number, an email): offered
                // here with "Thêm", never asked on the way
                None => {
                    let offered =
                        !f.required && askable(f) && !crate::core::fill::not_needed(f, &filled.answers) && crate::core::fill::is_visible(t, f, &filled.answers);
                    offered.then(|| AnswerRow {
                        label: display_label(t, f),
                        value: String::new(),
                        origin: Origin::Optional,
                        field: f.id.clone(),
                        locked: false,
                    })
                }
            })
            .collect();
        let page = super::Preview(std::sync::Arc::new(self.service.document(t, &filled.answers, None)));
        self.view.chosen_title = t.title.clone();
        self.view.review_locked = false;
        self.view.review_error = None;
        self.view.answers = rows;
        self.view.preview = Some(page);
        self.view.page = Page::Review;
    }

    /// The first line of the form holding a card's address in the units before 2025 that the
    /// citizen has not answered for: the field, the card's text, and the 2025 address(es).
    fn old_address(&self, t: &crate::core::template::FormTemplate, filled: &crate::core::fill::Filled) -> Option<(String, String, Vec<String>)> {
        t.fields.iter().filter(|f| f.kind == crate::core::template::FieldKind::Address && askable(f)).find_map(|f| {
            let a = filled.answers.get(&f.id).filter(|a| matches!(a.source, Source::Card { .. } | Source::Profile { .. }))?;
            let on_card = a.value.as_text().filter(|v| !self.moved.iter().any(|(m, _)| m == v))?;
            let moved = new_units_of(on_card);
            (!moved.is_empty()).then(|| (f.id.clone(), on_card.to_string(), moved))
        })
    }

    /// "Sửa" (or "Thêm") on the review: that field asked again, back to the review after it.
    /// An answer from a card is locked unless staff unlocked them.
    pub(super) fn edit(&mut self, field: &str, now: NaiveDateTime) {
        let Ok(filled) = self.service.filled(&self.session, date_of(now)) else { return };
        // a card's old address, kept as on the card or in the 2025 units: the choice again
        // (only its units change, nothing else of the card's data; not locked)
        let on_card = filled.answers.get(field).and_then(card_text).filter(|c| !new_units_of(c).is_empty());
        if let (Some(on_card), Ok(t)) = (on_card, self.service.form(&filled.form_id)) {
            let label = t.field(field).map(|f| display_label(t, f)).unwrap_or_default();
            self.editing = true;
            return self.ask_moved(field, &label, &on_card, &new_units_of(&on_card), 0, 0);
        }
        let from_card = matches!(filled.answers.get(field).map(|x| &x.source), Some(Source::Card { .. } | Source::Profile { .. }));
        if from_card && !self.unlocked {
            self.view.review_locked = true;
            self.view.review_error = None;
            return;
        }
        self.editing = true;
        // no "question i of n" while changing one answer
        self.ask_field(field, 0, 0, now);
        self.keep_answer(now);
    }

    /// Store the dossier (confirmed before anything prints), then print it on a worker; the
    /// outcome comes back as `PrintDone`.
    pub(super) fn confirm_and_print(&mut self, consent: bool, now: NaiveDateTime) {
        match self.service.confirm(&self.session, consent, now) {
            Ok(c) => {
                self.view.dossier_code = c.code.clone();
                self.view.record_url = self.service.config.record_url_for(&c.code);
                self.view.desk_hint = Some(desk_hint(&self.service.config.desk_hint));
                self.code = Some(c.code);
                self.start_print();
            }
            // the slot chosen filled up meanwhile: nothing stored, another time to choose
            Err(crate::service::ServiceError::Store(crate::store::StoreError::SlotFull)) => self.slot_taken_meanwhile(Msg::SlotFull, now),
            Err(e) => {
                self.view.dossier_code.clear();
                self.view.print_error = Some(Msg::NotStored { why: Box::new(e.msg()) });
                self.view.page = Page::Done;
            }
        }
    }

    pub(super) fn start_print(&mut self) {
        let Some(code) = self.code.clone() else { return };
        self.view.print_error = None;
        match self.service.print_job(&code, None) {
            Ok(job) => {
                self.view.page = Page::Printing;
                self.effects.push(Effect::Print { code, job, citizen: true });
            }
            Err(e) => {
                self.view.print_error = Some(e.msg());
                self.view.page = Page::Done;
            }
        }
    }

    pub(super) fn print_done(&mut self, code: &str, fault: Option<Msg>, now: NaiveDateTime) {
        match &fault {
            Some(f) => tracing::warn!(code = %code, "not printed: {}", f.vi()),
            None => tracing::info!(code = %code, "printed"),
        }
        // recorded against the dossier that was printed, whatever the screen shows now
        let recorded = self.service.record_print(code, fault.is_none(), crate::store::Actor::Citizen, now);
        if let Err(e) = &recorded {
            tracing::error!(code = %code, "print not recorded: {e}");
        }
        // the screen follows only if it still shows this citizen's print
        if self.code.as_deref() != Some(code) {
            return;
        }
        let printing_behind_staff = self.staff.as_ref().is_some_and(|s| s.back_to == Page::Printing);
        if self.view.page != Page::Printing && !printing_behind_staff {
            return;
        }
        // the form printed: the slip after it
        if fault.is_none() {
            self.print_slip(code, now);
        }
        self.view.print_error = match recorded {
            Err(e) => Some(e.msg()),
            Ok(()) => fault,
        };
        // staff opened their screen meanwhile: the citizen's result waits behind it
        match self.staff.as_mut() {
            Some(staff) => staff.back_to = Page::Done,
            None => self.view.page = Page::Done,
        }
        // the done screen is wiped after the usual quiet time
        self.view.idle_left = 0;
        self.effects.push(Effect::RestartIdle);
    }
}
