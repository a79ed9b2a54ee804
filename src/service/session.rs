//! A citizen's session: the cards scanned (or profiles looked up) and the answers given.

use super::*;

/// Where a card's data comes from.
#[derive(Debug, Clone)]
pub enum CardSource {
    /// The QR payload as the scanner sent it.
    Qr(String),
    /// A 12-digit ID number given by staff (the CLI's `--card-id`): the stored profile (kept
    /// with consent) stands in.
    StoredId(String),
    /// The ID number and the date of birth typed by the citizen on the kiosk's keypad: an ID
    /// number is printed on many papers and is not a secret, so the profile opens only when
    /// the date of birth agrees.
    StoredIdWithBirth(String, Date),
}

/// A card for a role of the form (None = the form's first card role, the requester).
#[derive(Debug, Clone)]
pub struct ScannedCard {
    pub role: Option<String>,
    pub source: CardSource,
}

impl ScannedCard {
    pub fn qr(role: Option<&str>, payload: &str) -> ScannedCard {
        ScannedCard { role: role.map(String::from), source: CardSource::Qr(payload.to_string()) }
    }

    pub fn stored(role: Option<&str>, id: &str) -> ScannedCard {
        ScannedCard { role: role.map(String::from), source: CardSource::StoredId(id.to_string()) }
    }

    /// A citizen's own look-up on the keypad: the number and the date of birth.
    pub fn stored_with_birth(role: Option<&str>, id: &str, birth: Date) -> ScannedCard {
        ScannedCard { role: role.map(String::from), source: CardSource::StoredIdWithBirth(id.to_string(), birth) }
    }
}

#[derive(Debug, Clone)]
pub(super) struct SessionCard {
    pub(super) role: Option<String>,
    pub(super) card: Card,
    pub(super) from_profile: bool,
}

/// One citizen's session: everything personal lives here and goes when it is dropped.
#[derive(Debug, Default)]
pub struct Session {
    pub(super) form_id: Option<String>,
    pub(super) cards: Vec<SessionCard>,
    pub(super) inputs: Vec<(String, Input)>,
    /// How the result comes back (None: not chosen yet; the desk).
    pub(super) delivery: Option<crate::core::after::Delivery>,
    /// A booked time to hand the dossier in.
    pub(super) booking: Option<crate::core::after::Booking>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    pub fn form_id(&self) -> Option<&str> {
        self.form_id.as_deref()
    }

    /// Whether starting over would lose something the citizen did after scanning their own
    /// card: an answer, or another person's card.
    pub fn has_work(&self) -> bool {
        !self.inputs.is_empty() || self.cards.iter().any(|c| c.role.is_some())
    }

    /// Back to choosing a procedure: keep only the card of the person at the kiosk.
    /// Forget the card scanned for `role` (one step back to its scan screen).
    pub fn remove_card(&mut self, role: &str) {
        self.cards.retain(|c| c.role.as_deref() != Some(role));
    }

    pub fn reset_form(&mut self) {
        self.form_id = None;
        self.cards.retain(|c| c.role.is_none());
        self.inputs.clear();
        self.delivery = None;
        self.booking = None;
    }

    /// Whether the person at the kiosk scanned their card (rather than using a stored profile):
    /// only then is there something to keep with their consent.
    pub fn requester_scanned(&self) -> bool {
        self.cards.iter().any(|c| c.role.is_none() && !c.from_profile)
    }

    /// The residences on the cards scanned (to offer in the address picker).
    pub fn card_residences(&self) -> Vec<&str> {
        self.cards.iter().map(|c| c.card.residence.as_str()).collect()
    }

    /// The requester's card (first card without a role, or of the form's first card role).
    pub fn requester_card(&self) -> Option<&Card> {
        self.cards.iter().find(|c| c.role.is_none()).map(|c| &c.card)
    }

    /// The card taken for another person of the form (a role such as "mother").
    /// Whether a card with this ID number is already in the session.
    pub fn has_id(&self, id_number: &str) -> bool {
        self.cards.iter().any(|c| c.card.id_number == id_number)
    }

    pub fn delivery(&self) -> Option<&crate::core::after::Delivery> {
        self.delivery.as_ref()
    }

    pub fn booking(&self) -> Option<&crate::core::after::Booking> {
        self.booking.as_ref()
    }

    pub fn card_of(&self, role: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.role.as_deref() == Some(role)).map(|c| &c.card)
    }
}
