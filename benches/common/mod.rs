//! What the benches fill: the birth form with three cards (the requester is the mother) at a
//! listed health facility, two copies asked — a complete form, as the kiosk confirms it.

use form_kiosk::core::fill::Input;
use form_kiosk::service::ScannedCard;

pub const MOTHER: &str = "001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021";
pub const FATHER: &str = "087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021";

/// 27/11/2026 9:30, the day the figures are for.
pub fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

/// The requester's, the mother's and the father's cards.
pub fn birth_cards() -> Vec<ScannedCard> {
    vec![ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)]
}

/// The answers that, with [`birth_cards`], complete the birth form.
pub fn birth_answers() -> Vec<(String, Input)> {
    [
        ("requester_relation", "Mẹ"),
        ("child_name", "Trần Bảo Ngọc"),
        ("child_birth_date", "05/02/2026"),
        ("child_sex", "Nữ"),
        ("child_ethnicity", "Kinh"),
        ("child_birth_place", "Bệnh viện Đa khoa khu vực Hồng Ngự, Phường An Bình, Tỉnh Đồng Tháp"),
        ("child_hometown", "Tỉnh Đồng Tháp"),
        ("mother_ethnicity", "Kinh"),
        ("father_ethnicity", "Kinh"),
        ("copies_wanted", "Có"),
        ("copies_count", "2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), Input::Text(v.to_string())))
    .collect()
}
