//! The person at the kiosk (a card, or the number and the date of birth on the keypad), the
//! procedures offered, and the other people's cards the chosen form takes.

use super::view::Msg;
use super::view::{Page, Tile};
use super::{Effect, KioskFlow, MAX_LOOKUPS};
use crate::core::ask;
use crate::core::date::Date;
use crate::service::{ScannedCard, ServiceError};
use chrono::NaiveDateTime;

/// The date of birth as it is typed on the keypad: `01/01/19__`.
fn birth_shown(digits: &str) -> String {
    let mut shown = String::with_capacity(10);
    let mut d = digits.chars();
    for i in 0..8 {
        if i == 2 || i == 4 {
            shown.push('/');
        }
        shown.push(d.next().unwrap_or('_'));
    }
    shown
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl KioskFlow {
    /// The "no card" keypad back to its first step: nothing typed, the number asked.
    pub(super) fn keypad_to_number(&mut self) {
        self.view.keypad_birth = false;
        self.view.typed_birth.clear();
        self.view.typed_id.clear();
    }

    /// "Xóa" on the date empties the date; on an empty date, back to the number.
    pub(super) fn keypad_clear(&mut self) {
        self.view.keypad_error = None;
        if self.view.keypad_birth && !digits_of(&self.view.typed_birth).is_empty() {
            self.view.typed_birth = birth_shown("");
        } else {
            self.keypad_to_number();
        }
    }

    pub(super) fn keypad_digit(&mut self, d: &str) {
        if !d.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        if self.view.keypad_birth {
            let mut digits = digits_of(&self.view.typed_birth);
            if digits.len() < 8 {
                digits.push_str(d);
                self.view.typed_birth = birth_shown(&digits);
            }
        } else if self.view.typed_id.chars().count() < 12 {
            self.view.typed_id.push_str(d);
        }
    }

    /// The number first, then the date of birth: a number alone is not enough to open a
    /// profile. After five look-ups in a row that found nothing, the keypad stays shut for
    /// five minutes (scanning the card still works).
    pub(super) fn lookup_id(&mut self, now: NaiveDateTime) {
        if self.lookup_failures >= MAX_LOOKUPS {
            self.keypad_to_number();
            self.view.keypad_error = Some(Msg::KeypadLocked);
            return;
        }
        if !self.view.keypad_birth {
            if crate::core::text::id_number(&self.view.typed_id).is_none() {
                self.view.keypad_error = Some(ServiceError::BadIdNumber.msg());
                return;
            }
            self.view.keypad_error = None;
            self.view.typed_birth = birth_shown("");
            self.view.keypad_birth = true;
            return;
        }
        let Some(birth) = Date::parse_compact(&digits_of(&self.view.typed_birth)) else {
            self.view.typed_birth = birth_shown("");
            self.view.keypad_error = Some(Msg::BirthDigits);
            return;
        };
        let id = self.view.typed_id.clone();
        match self.read_requester(ScannedCard::stored_with_birth(None, &id, birth), now) {
            Ok(()) => self.lookup_failures = 0,
            // the office server out of reach is not the citizen's miss: not counted
            Err(message @ Msg::ProfileOffline) => self.view.keypad_error = Some(message),
            Err(message) => {
                self.lookup_failures += 1;
                if self.lookup_failures == MAX_LOOKUPS {
                    self.effects.push(Effect::KeypadLockout);
                }
                self.view.keypad_error = Some(message);
            }
        }
    }

    /// The person at the kiosk, by card or by stored profile: a new session, greeted by name,
    /// on to the procedures. The error message is for the screen that asked.
    pub(super) fn read_requester(&mut self, card: ScannedCard, now: NaiveDateTime) -> Result<(), Msg> {
        // one citizen at a time: nothing of the last session stays, not even a staff unlock
        self.reset_session();
        self.service.add_card(&mut self.session, &card, now).map_err(|e| e.msg())?;
        let requester = self.session.requester_card();
        self.view.citizen_name = requester.map(|c| c.full_name.clone()).unwrap_or_default();
        // "ông" or "bà" from the card's sex, as public service in Vietnamese addresses people
        self.view.citizen_honorific = match requester.map(|c| c.sex) {
            Some(crate::core::card::Sex::Male) => "ông",
            Some(crate::core::card::Sex::Female) => "bà",
            None => "",
        }
        .into();
        self.view.page = Page::Choose;
        Ok(())
    }

    /// The procedure tiles: those of the chosen group, or those matching the search.
    pub(super) fn show_forms(&mut self) {
        self.view.forms = ask::tile_order(self.service.forms.iter())
            .into_iter()
            .filter(|t| match &self.form_query {
                Some(q) => ask::form_matches(t, q),
                None => self.group.is_empty() || t.group == self.group,
            })
            .map(|t| Tile { id: t.id.clone(), name: t.name.clone(), group: t.group.clone(), papers: t.papers.join("; ") })
            .collect();
        self.view.group = self.group.clone();
        self.view.form_search = self.form_query.is_some();
        self.view.form_query = self.form_query.as_deref().map(ask::telex).unwrap_or_default();
    }

    pub(super) fn choose(&mut self, id: &str, now: NaiveDateTime) {
        self.session.reset_form();
        self.asked.clear();
        self.skipped.clear();
        self.moved.clear();
        self.copies_asked = false;
        self.others_done.clear();
        match self.service.choose_form(&mut self.session, id) {
            Ok(()) => {
                // everyone on the form whose card can be scanned, after the requester
                self.pending = self.service.form(id).map(|t| t.card_roles().skip(1).map(|r| (r.id.clone(), scan_prompt_of(r))).collect()).unwrap_or_default();
                self.next_step(now);
            }
            Err(e) => {
                self.view.scan_error = Some(e.msg());
                self.view.page = Page::Scan;
            }
        }
    }

    pub(super) fn scanned_other(&mut self, payload: &str, now: NaiveDateTime) {
        let Some((role, _)) = self.pending.first().cloned() else { return };
        match self.service.add_card(&mut self.session, &ScannedCard::qr(Some(&role), payload), now) {
            Ok(()) => {
                let done = self.pending.remove(0);
                self.others_done.push(done);
                self.card_taken(&role);
                self.next_step(now);
            }
            Err(e) => self.view.other_error = Some(e.msg()),
        }
    }

    /// Whose card was just read, and as whom, stays on screen until the next answer: a wrong
    /// card is seen at once.
    fn card_taken(&mut self, role: &str) {
        let label = self
            .service
            .form(self.session.form_id().unwrap_or_default())
            .ok()
            .and_then(|t| t.roles.iter().find(|r| r.id == role).map(|r| r.label.to_lowercase()));
        if let (Some(card), Some(label)) = (self.session.card_of(role), label) {
            self.view.card_notice_name = card.full_name.clone();
            self.view.card_notice_role = label;
            self.view.card_notice_female = matches!(card.sex, crate::core::card::Sex::Female);
        }
    }

    /// A card scanned on a question screen or the review is never dropped: the card of a person whose
    /// scan was skipped is taken for them (their questions then come from the card); any
    /// other card is answered on the screen.
    pub(super) fn scanned_during(&mut self, payload: &str, now: NaiveDateTime) {
        let skipped: Vec<String> = self.skipped.iter().map(|(r, _)| r.clone()).collect();
        let mut refusal = None;
        for role in skipped {
            match self.service.add_card(&mut self.session, &ScannedCard::qr(Some(&role), payload), now) {
                Ok(()) => {
                    self.skipped.retain(|(r, _)| *r != role);
                    let prompt = self.scan_prompt(&role);
                    self.others_done.push((role.clone(), prompt));
                    self.card_taken(&role);
                    return self.next_step(now);
                }
                Err(e) => refusal = Some(e.msg()),
            }
        }
        let why = match (refusal, crate::service::Service::read_card(payload, crate::service::date_of(now))) {
            (_, Err(e)) => Msg::Card(e),
            (_, Ok(card)) if self.session.has_id(&card.id_number) => Msg::CardOnForm,
            (Some(refusal), Ok(_)) => refusal,
            (None, Ok(_)) => Msg::ScannedMidForm,
        };
        // said where the citizen is: under the question, or on the review
        if self.view.page == Page::Review {
            self.view.review_locked = false;
            self.view.review_error = Some(why);
        } else {
            self.view.question.error = Some(why);
        }
    }

    /// What the scan screen of `role` says.
    pub(super) fn scan_prompt(&self, role: &str) -> String {
        self.session.form_id().and_then(|id| self.service.form(id).ok()).and_then(|t| t.role(role)).map(scan_prompt_of).unwrap_or_default()
    }
}

/// What the scan screen of a person says: the template's prompt, or "Quét thẻ căn cước của …".
fn scan_prompt_of(r: &crate::core::template::Role) -> String {
    r.scan_prompt.clone().unwrap_or_else(|| format!("Quét thẻ căn cước của {}", r.label.to_lowercase()))
}
