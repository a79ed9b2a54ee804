//! Vietnamese text handling: NFC normalisation, case, diacritic folding for search.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// NFC without copying text that is already NFC (the common case: ASCII, or what the
/// kiosk itself produced).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

/// Unicode's format characters (category Cf): a byte-order mark, zero-width spaces and
/// joiners, bidi overrides. Invisible on screen and on paper, they only make two equal
/// names differ; text drops them.
pub fn is_format(c: char) -> bool {
    unicode_general_category::get_general_category(c) == unicode_general_category::GeneralCategory::Format
}

/// A control character that is not whitespace (a terminal escape, a NUL): never part of an
/// answer.
pub fn is_bad_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// Without format characters (borrowed when there are none, the common case).
fn without_format(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_format) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_format(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The 12-digit personal ID numbers written in a text, digits grouped or not ("0011 9012
/// 3456", "001.190.123.456"): a run of digits with single spaces, dots or dashes between
/// them that holds exactly 12 digits.
pub fn id_numbers_in(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut gap = false;
    let end = |digits: &mut String, out: &mut Vec<String>| {
        if digits.len() == 12 {
            out.push(std::mem::take(digits));
        }
        digits.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            gap = false;
        } else if matches!(c, ' ' | '.' | '-') && !digits.is_empty() && !gap {
            gap = true;
        } else {
            end(&mut digits, &mut out);
            gap = false;
        }
    }
    end(&mut digits, &mut out);
    out
}

/// A personal ID number as typed at a desk ("0011 9012 3456", "001.190.123.456"): its 12
/// digits, or None.
pub fn id_number(s: &str) -> Option<String> {
    let d: String = s.trim().chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    (d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
}

/// NFC-normalise, drop format characters, trim, and collapse runs of whitespace (tabs and
/// line breaks included) into one space.
pub fn clean(s: &str) -> String {
    let s = without_format(s);
    let nfc = nfc(&s);
    let mut out = String::with_capacity(nfc.len());
    for w in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// NFC-normalise and trim each line, keeping line breaks (for long text).
pub fn clean_multiline(s: &str) -> String {
    nfc(&without_format(s)).lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n").trim().to_string()
}

/// Upper-case with diacritics kept ("Nguyễn Văn Đạt" → "NGUYỄN VĂN ĐẠT"), NFC.
pub fn upper(s: &str) -> String {
    s.nfc().collect::<String>().to_uppercase().nfc().collect()
}

/// Capitalise each word, lower-case the rest ("NGUYỄN văn an" → "Nguyễn Văn An").
pub fn title_case(s: &str) -> String {
    let lower: String = s.nfc().collect::<String>().to_lowercase();
    lower
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// Upper-case only the first letter ("ngày năm" → "Ngày năm").
pub fn capitalize_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Fold for search: lower case, no diacritics, đ → d, single spaces
/// ("Hồng  Ngự" → "hong ngu").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true; // drops leading spaces and collapses runs
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else if c == 'đ' || c == 'Đ' {
            push('d', &mut out);
        } else {
            let mut base = None;
            unicode_normalization::char::decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            if let Some(b) = base {
                push(b, &mut out);
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Fold and keep only letters and digits: for matching names that differ in hyphens
/// or spaces ("Gia-rai" ≈ "Gia Rai" ≈ "giarai").
pub fn fold_compact(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether the text is already in NFC.
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_keeps_diacritics() {
        assert_eq!(upper("Nguyễn Văn Đạt ư ơ"), "NGUYỄN VĂN ĐẠT Ư Ơ");
        // NFD input comes out NFC
        let nfd: String = "Trần Thị Thủy".nfd().collect();
        assert_eq!(upper(&nfd), "TRẦN THỊ THỦY");
        assert!(is_nfc(&upper(&nfd)));
    }

    #[test]
    fn title_case_from_upper() {
        assert_eq!(title_case("NGUYỄN VĂN AN"), "Nguyễn Văn An");
        assert_eq!(title_case("đỗ thị ánh"), "Đỗ Thị Ánh");
    }

    #[test]
    fn fold_strips_marks() {
        assert_eq!(fold("  Phường  Hồng Ngự "), "phuong hong ngu");
        assert_eq!(fold("ĐẮK LẮK"), "dak lak");
        assert_eq!(fold_compact("Gia-rai"), fold_compact("Gia Rai"));
        let nfd: String = " Đắk  Lắk ".nfd().collect();
        assert_eq!(fold(&nfd), "dak lak");
        assert_eq!(fold("ẤP ƯU ĐÃI"), "ap uu dai");
    }

    #[test]
    fn clean_normalises() {
        let nfd: String = "Hồng   Ngự ".nfd().collect();
        assert_eq!(clean(&nfd), "Hồng Ngự");
        // a byte-order mark, zero-width and bidi characters go; tabs and line breaks are spaces
        assert_eq!(clean("\u{FEFF}Nguyễn\u{200B} Thị\tAn\u{202E}\n"), "Nguyễn Thị An");
        assert_eq!(clean_multiline("a\u{200D}b\nc"), "ab\nc");
        assert!(is_bad_control('\u{1b}') && !is_bad_control('\t'));
    }

    #[test]
    fn id_numbers_in_text() {
        assert_eq!(id_numbers_in("Căn cước số 001190123456, cấp ngày 15/04/2021"), ["001190123456"]);
        assert_eq!(id_numbers_in("số 0011 9012 3456 và 087.088.004.321"), ["001190123456", "087088004321"]);
        assert!(id_numbers_in("0011901234567 hay 00119012345 hay 15/04/2021").is_empty());
        assert!(id_numbers_in("0011  90123456").is_empty(), "two spaces end a number");
        assert_eq!(id_number(" 0011-9012-3456 "), Some("001190123456".into()));
        assert_eq!(id_number("abc"), None);
        assert_eq!(id_number("00119012345"), None);
        assert_eq!(clean_multiline(" a  b \n  c "), "a b\nc");
    }
}
