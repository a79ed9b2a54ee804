//! The QR code on the chip ID card (CCCD / Căn cước, Thông tư 06/2021/TT-BCA):
//! `id|old id|full name|DDMMYYYY birth|Nam/Nữ|residence|DDMMYYYY issue[|more…]`.

use super::date::Date;
use super::text;
use serde::Serialize;
use std::fmt;

/// Longest payload taken as a card QR; a card QR is about 120 bytes, the newer card's a
/// little more. Anything far longer is noise from a scanner or another code.
pub const MAX_PAYLOAD_BYTES: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Sex {
    #[serde(rename = "Nam")]
    Male,
    #[serde(rename = "Nữ")]
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }

    /// "Nam", "NAM", "nữ", "Nữ", "NỮ"; also "Nu" from scanners that drop diacritics.
    pub fn parse(s: &str) -> Option<Sex> {
        match text::fold(s).as_str() {
            "nam" => Some(Sex::Male),
            "nu" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// What the card QR says, checked and normalised (NFC, names in title case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    pub id_number: String,
    pub old_id_number: Option<String>,
    pub full_name: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub residence: String,
    pub issue_date: Option<Date>,
}

impl Card {
    /// The "Giấy tờ tùy thân" line of a form. Cards issued from 01/7/2024 (Luật Căn cước
    /// 2023) are "Căn cước"; earlier ones "Căn cước công dân".
    pub fn id_document(&self) -> String {
        const CAN_CUOC_FROM: Date = Date { year: 2024, month: 7, day: 1 };
        match self.issue_date {
            Some(d) if d >= CAN_CUOC_FROM => format!("Căn cước số {}, cấp ngày {}", self.id_number, d),
            Some(d) => format!("Căn cước công dân số {}, cấp ngày {}", self.id_number, d),
            None => format!("Căn cước số {}", self.id_number),
        }
    }
}

/// Why a payload was refused. Display gives the Vietnamese message for the citizen,
/// with what to do next; it never repeats the payload (personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardError {
    Empty,
    NotACard,
    BadIdNumber,
    BadOldIdNumber,
    BadName,
    BadBirthDate,
    BadSex,
    BadResidence,
    BadIssueDate,
    IdMismatch,
}

impl CardError {
    /// Every refusal, for the tests that walk every message.
    pub const ALL: [CardError; 10] = [
        CardError::Empty,
        CardError::NotACard,
        CardError::BadIdNumber,
        CardError::BadOldIdNumber,
        CardError::BadName,
        CardError::BadBirthDate,
        CardError::BadSex,
        CardError::BadResidence,
        CardError::BadIssueDate,
        CardError::IdMismatch,
    ];
}

/// The refusal in Vietnamese (its words are in `message.rs`, with the English).
impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::message::Msg::Card(*self).vi())
    }
}

impl std::error::Error for CardError {}

impl CardError {
    /// A stable code for logs and tests (no personal data).
    pub fn code(&self) -> &'static str {
        match self {
            CardError::Empty => "card.empty",
            CardError::NotACard => "card.not_a_card",
            CardError::BadIdNumber => "card.id_number",
            CardError::BadOldIdNumber => "card.old_id_number",
            CardError::BadName => "card.name",
            CardError::BadBirthDate => "card.birth_date",
            CardError::BadSex => "card.sex",
            CardError::BadResidence => "card.residence",
            CardError::BadIssueDate => "card.issue_date",
            CardError::IdMismatch => "card.id_mismatch",
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The sex and century that digit 4 of a 12-digit personal ID number encodes:
/// 0/1 = male/female born 1900-1999, 2/3 = 2000-2099, 4/5 = 2100-2199, 6/7 = 2200-2299,
/// 8/9 = 2300-2399.
pub fn id_sex_and_century(id: &str) -> Option<(Sex, i32)> {
    let d = id.as_bytes().get(3)?.checked_sub(b'0')? as i32;
    if d > 9 {
        return None;
    }
    let sex = if d % 2 == 0 { Sex::Male } else { Sex::Female };
    Some((sex, 1900 + (d / 2) * 100))
}

/// Whether digits 4-6 of a 12-digit ID agree with this birth date and sex.
pub fn id_matches(id: &str, birth: Date, sex: Sex) -> bool {
    let Some((id_sex, century)) = id_sex_and_century(id) else { return false };
    let Ok(yy) = id[4..6].parse::<i32>() else { return false };
    id_sex == sex && century + yy == birth.year
}

fn name_ok(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && name.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
        // a replacement char or '?' is what a badly configured scanner leaves of "ễ"
        && !name.contains('\u{FFFD}')
}

/// Parse a scanned payload. `today` bounds the birth and issue dates.
pub fn parse(payload: &str, today: Date) -> Result<Card, CardError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(CardError::NotACard);
    }
    // A keyboard-wedge scanner "types": a window also sees its Shift and other modifier keys,
    // which toolkits pass on as control or private-use characters (Slint: U+0010 for Shift),
    // and it ends with CR/LF or a tab. None of those belong to a card payload.
    // A tab or line break inside a field is a space; a byte-order mark, zero-width or bidi
    // characters (Unicode Cf) are dropped by the cleaning below.
    let p: String = payload
        .chars()
        .filter_map(|c| match c {
            _ if c.is_whitespace() => Some(' '),
            _ if c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) => None,
            _ => Some(c),
        })
        .collect();
    let p = text::clean(&p);
    if p.is_empty() {
        return Err(CardError::Empty);
    }
    let fields: Vec<&str> = p.split('|').map(str::trim).collect();
    if fields.len() < 7 {
        return Err(CardError::NotACard);
    }
    // a payload that does not start with 12 digits (allowing a wrong count) is not a card at all
    let id = fields[0];
    if !all_digits(id) {
        return Err(CardError::NotACard);
    }
    if id.len() != 12 {
        return Err(CardError::BadIdNumber);
    }
    let old = fields[1];
    let old_id_number = match old {
        "" => None,
        o if all_digits(o) && (o.len() == 9 || o.len() == 12) => Some(o.to_string()),
        _ => return Err(CardError::BadOldIdNumber),
    };
    let name = fields[2];
    if !name_ok(name) {
        return Err(CardError::BadName);
    }
    let full_name = text::title_case(name);
    let birth_date = Date::parse_compact(fields[3]).ok_or(CardError::BadBirthDate)?;
    if birth_date > today {
        return Err(CardError::BadBirthDate);
    }
    let sex = Sex::parse(fields[4]).ok_or(CardError::BadSex)?;
    let residence = text::clean(fields[5]);
    if residence.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return Err(CardError::BadResidence);
    }
    let issue_date = match fields[6] {
        "" => None,
        s => {
            let d = Date::parse_compact(s).ok_or(CardError::BadIssueDate)?;
            if d > today || d < birth_date {
                return Err(CardError::BadIssueDate);
            }
            Some(d)
        }
    };
    if !id_matches(id, birth_date, sex) {
        return Err(CardError::IdMismatch);
    }
    Ok(Card { id_number: id.to_string(), old_id_number, full_name, birth_date, sex, residence, issue_date })
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
