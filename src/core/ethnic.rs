//! The 54 ethnic groups of Việt Nam (Danh mục các dân tộc Việt Nam, Tổng cục Thống kê),
//! with the spellings in common use on civil-status forms.

use super::text;
use std::sync::OnceLock;

pub const ETHNIC_GROUPS: [&str; 54] = [
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "Mông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba-na",
    "Xơ-đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Gié-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cờ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ-đu",
    "Rơ-măm",
];

/// Other names people and older papers use for the same group.
const ALIASES: [(&str, &str); 8] = [
    ("Khmer", "Khơ-me"),
    ("H'Mông", "Mông"),
    ("Hmông", "Mông"),
    ("Ê Đê", "Ê-đê"),
    ("Stiêng", "Xtiêng"),
    ("Vân Kiều", "Bru-Vân Kiều"),
    ("Co Lao", "Cờ Lao"),
    ("Cơ Lao", "Cờ Lao"),
];

/// The official spelling of a group typed in any case, with or without diacritics,
/// hyphens or spaces ("kinh" → "Kinh", "khmer" → "Khơ-me", "gia rai" → "Gia-rai").
pub fn canonical(s: &str) -> Option<&'static str> {
    // folded spelling → official name, built once
    static INDEX: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let index = INDEX
        .get_or_init(|| ETHNIC_GROUPS.iter().map(|g| (text::fold_compact(g), *g)).chain(ALIASES.iter().map(|(a, g)| (text::fold_compact(a), *g))).collect());
    let key = text::fold_compact(s);
    if key.is_empty() {
        return None;
    }
    index.iter().find(|(k, _)| *k == key).map(|(_, g)| *g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_four_distinct_groups() {
        let mut keys: Vec<String> = ETHNIC_GROUPS.iter().map(|g| text::fold_compact(g)).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 54);
    }

    #[test]
    fn canonical_spellings() {
        assert_eq!(canonical("kinh"), Some("Kinh"));
        assert_eq!(canonical("KHMER"), Some("Khơ-me"));
        assert_eq!(canonical("gia rai"), Some("Gia-rai"));
        assert_eq!(canonical("h'mong"), Some("Mông"));
        assert_eq!(canonical("Người sao Hỏa"), None);
    }
}
