//! The use-case layer: the sequence a citizen's session follows (scan cards → choose a
//! form → answer → …), written once for the CLI and the kiosk screen.

use crate::core::card::{self, Card, CardError};
use crate::core::config::KioskConfig;
use crate::core::date::Date;
use crate::core::fill::{fill, Context, Filled, Input};
use crate::core::template::FormTemplate;
use crate::forms_io::FormSet;
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Không có thủ tục `{0}`. Vui lòng chọn thủ tục trong danh sách")]
    UnknownForm(String),
    #[error("Thẻ của {role_label}: {error}")]
    Card { role: String, role_label: String, error: CardError },
    #[error("Tờ khai này không có người nào mang vai trò `{role}` để quét thẻ (có thể quét: {allowed})")]
    NoSuchCardRole { role: String, allowed: String },
    #[error("Đã quét thẻ của {0} hai lần")]
    DuplicateCard(String),
}

/// A scanned card: the role it is for (None = the form's first card role, normally the
/// requester) and the raw scanner payload.
#[derive(Debug, Clone)]
pub struct ScannedCard {
    pub role: Option<String>,
    pub payload: String,
}

pub struct Service {
    pub forms: FormSet,
    pub config: KioskConfig,
}

impl Service {
    pub fn new(forms: FormSet, config: KioskConfig) -> Service {
        Service { forms, config }
    }

    pub fn form(&self, id: &str) -> Result<&FormTemplate, ServiceError> {
        self.forms.get(id).ok_or_else(|| ServiceError::UnknownForm(id.to_string()))
    }

    /// Check the scanned cards against the form's roles and parse them.
    pub fn read_cards(&self, t: &FormTemplate, scans: &[ScannedCard], today: Date) -> Result<BTreeMap<String, Card>, ServiceError> {
        let allowed = || t.card_roles().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ");
        let mut cards = BTreeMap::new();
        for s in scans {
            let role = match &s.role {
                Some(r) => r.clone(),
                None => match t.card_roles().next() {
                    Some(r) => r.id.clone(),
                    None => return Err(ServiceError::NoSuchCardRole { role: "requester".into(), allowed: allowed() }),
                },
            };
            let Some(r) = t.role(&role).filter(|r| r.card) else {
                return Err(ServiceError::NoSuchCardRole { role, allowed: allowed() });
            };
            let card = card::parse(&s.payload, today).map_err(|error| ServiceError::Card {
                role: role.clone(),
                role_label: r.label.to_lowercase(),
                error,
            })?;
            if cards.insert(role, card).is_some() {
                return Err(ServiceError::DuplicateCard(r.label.to_lowercase()));
            }
        }
        Ok(cards)
    }

    /// Fill a form from scanned cards, the configuration and typed answers.
    pub fn fill(&self, form_id: &str, scans: &[ScannedCard], inputs: &[(String, Input)], today: Date) -> Result<Filled, ServiceError> {
        let t = self.form(form_id)?;
        let cards = self.read_cards(t, scans, today)?;
        Ok(fill(t, &Context { cards: &cards, config: &self.config, today }, inputs))
    }
}
