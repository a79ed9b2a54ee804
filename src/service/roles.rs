//! Who is who on a form: each card's role, the sex a role takes, one person never two of
//! the others, and the ID numbers a dossier holds (for erasure).

use super::*;

pub(super) type Roles = (BTreeMap<String, Card>, Vec<String>);

/// The card role a scanned card takes on the form: its own, or the form's first card role.
pub(super) fn role_of(t: &FormTemplate, role: Option<&str>) -> Option<String> {
    match role {
        Some(r) => Some(r.to_string()),
        None => t.card_roles().next().map(|r| r.id.clone()),
    }
}

/// Whether `card` may be the person of `role`, given the cards already placed: of the sex
/// the role has (the mother, the groom), and not already another person of the form — the
/// person at the kiosk (the first card role) may also be one of the others (the mother
/// registering her child, the head of household), but nobody is two of the others.
pub(super) fn card_fits(t: &FormTemplate, placed: &[(String, &Card)], role: &str, card: &Card) -> Result<(), ServiceError> {
    let label = |id: &str| t.role(id).map(|r| r.label.to_lowercase()).unwrap_or_else(|| id.to_string());
    if let Some(sex) = t.role(role).and_then(|r| r.sex) {
        if card.sex != sex {
            return Err(ServiceError::WrongSex { role_label: label(role), card_female: card.sex == crate::core::card::Sex::Female });
        }
    }
    let first = t.card_roles().next().map(|r| r.id.as_str());
    for (other, c) in placed {
        if other != role && c.id_number == card.id_number && first != Some(other.as_str()) && first != Some(role) {
            return Err(ServiceError::SamePerson { role_label: label(role), other: label(other) });
        }
    }
    Ok(())
}

/// Give each card its role on the form: no role = the form's first card role.
pub(super) fn resolve_roles(t: &FormTemplate, cards: &[SessionCard]) -> Result<Roles, ServiceError> {
    let allowed = || t.card_roles().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ");
    let mut out: BTreeMap<String, Card> = BTreeMap::new();
    let mut profile_roles = Vec::new();
    for c in cards {
        let role = match &c.role {
            Some(r) => r.clone(),
            None => t.card_roles().next().map(|r| r.id.clone()).ok_or_else(|| ServiceError::NoSuchCardRole { role: "requester".into(), allowed: allowed() })?,
        };
        let Some(r) = t.role(&role).filter(|r| r.card) else {
            return Err(ServiceError::NoSuchCardRole { role, allowed: allowed() });
        };
        let placed: Vec<(String, &Card)> = out.iter().map(|(k, v)| (k.clone(), v)).collect();
        card_fits(t, &placed, &role, &c.card)?;
        if out.insert(role.clone(), c.card.clone()).is_some() {
            return Err(ServiceError::DuplicateCard(r.label.to_lowercase()));
        }
        if c.from_profile {
            profile_roles.push(role);
        }
    }
    Ok((out, profile_roles))
}

/// Personal ID numbers a dossier holds (cards, and typed ID-number fields and columns), so
/// that a citizen's request to be forgotten reaches every dossier with their data.
/// Every ID number in the answers counts, however it got there: an ID field, a table
/// cell, or one typed into a text ("Căn cước số 001190123456, …").
pub(super) fn people_in(t: &FormTemplate, s: &Session, filled: &Filled) -> Vec<String> {
    let mut ids: Vec<String> = s.cards.iter().map(|c| c.card.id_number.clone()).collect();
    for f in &t.fields {
        match filled.answers.get(&f.id).map(|a| &a.value) {
            Some(Value::Text(v)) => ids.extend(crate::core::text::id_numbers_in(v)),
            Some(Value::Table(rows)) => ids.extend(rows.iter().flat_map(|r| r.values()).flat_map(|v| crate::core::text::id_numbers_in(v))),
            None => {}
        }
    }
    ids.sort();
    ids.dedup();
    ids
}
