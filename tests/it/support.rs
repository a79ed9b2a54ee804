//! Shared fixtures: cards that pass every check, a fixed "today", answers by kind.

use form_kiosk::core::date::Date;
use form_kiosk::core::template::{FieldKind, FormTemplate};
use std::path::PathBuf;

pub const TODAY: &str = "27/11/2026";

pub fn today() -> Date {
    Date::parse_typed(TODAY).unwrap()
}

/// 27/11/2026 at 09:30, the fixed "now" of the tests.
pub fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

/// A woman born 01/01/1990, card issued 15/04/2021, new-style address.
pub const MOTHER: &str = "001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021";
/// A man born 20/05/1988, old-style (pre-2025) address, upper-case name, extra trailing field.
pub const FATHER: &str =
    "087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021|extra";
/// A man born 03/03/1960 (grandfather), card issued after 01/7/2024.
pub const GRANDFATHER: &str = "087060001234||Lê Văn Cường|03031960|Nam|Ấp An Thịnh, Xã Thường Phước, Tỉnh Đồng Tháp|02082024";

pub fn forms_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("forms")
}

/// Every `*.toml` in `forms/` as (file name, text).
pub fn form_files() -> Vec<(String, String)> {
    let mut v: Vec<_> = std::fs::read_dir(forms_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// A valid sample answer for a field kind (choices take their first option).
pub fn sample(kind: FieldKind, options: &[String]) -> String {
    match kind {
        FieldKind::Text => "Giấy báo tử số 12/2026".into(),
        FieldKind::LongText => "Đăng ký thường trú vào hộ gia đình của cha mẹ.".into(),
        FieldKind::Name => "Phạm Minh Châu".into(),
        FieldKind::Date => "05/02/2026".into(),
        FieldKind::Year => "1985".into(),
        FieldKind::Time => "14:30".into(),
        FieldKind::IdNumber => "087185001122".into(),
        FieldKind::Phone => "0912345678".into(),
        FieldKind::Email => "an@example.vn".into(),
        FieldKind::Gender => "Nữ".into(),
        FieldKind::Ethnicity => "Kinh".into(),
        FieldKind::Nationality => "Việt Nam".into(),
        FieldKind::Address => "Khóm 2, Phường An Bình, Tỉnh Đồng Tháp".into(),
        FieldKind::Choice => options[0].clone(),
        FieldKind::YesNo => "Có".into(),
        FieldKind::Count => "1".into(),
        FieldKind::Table => "[]".into(),
    }
}

/// A card for every card role of the form: the three fixtures in turn.
pub fn cards_for(t: &FormTemplate) -> Vec<(String, &'static str)> {
    let pool = [MOTHER, FATHER, GRANDFATHER];
    t.card_roles().enumerate().map(|(i, r)| (r.id.clone(), pool[i % pool.len()])).collect()
}
