//! Card QR intake: every case a scanner can produce.

use crate::support::{today, FATHER, MOTHER};
use form_kiosk::core::card::{parse, CardError, Sex, MAX_PAYLOAD_BYTES};
use form_kiosk::core::date::Date;
use unicode_normalization::UnicodeNormalization;

#[test]
fn good_payload() {
    let c = parse(MOTHER, today()).unwrap();
    assert_eq!(c.id_number, "001190123456");
    assert_eq!(c.old_id_number, None);
    assert_eq!(c.full_name, "Nguyễn Thị An");
    assert_eq!(c.birth_date, Date::new(1, 1, 1990).unwrap());
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(c.residence, "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp");
    assert_eq!(c.issue_date, Date::new(15, 4, 2021));
}

#[test]
fn upper_case_name_old_id_and_extra_fields() {
    let c = parse(FATHER, today()).unwrap();
    assert_eq!(c.full_name, "Trần Văn Bình");
    assert_eq!(c.old_id_number.as_deref(), Some("341234567"));
    assert_eq!(c.sex, Sex::Male);
    // the reference example from the card spec
    let ex = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021";
    assert_eq!(parse(ex, today()).unwrap().full_name, "Nguyễn Văn An");
}

#[test]
fn nfd_input_comes_out_nfc() {
    let nfd: String = MOTHER.nfd().collect();
    assert_ne!(nfd, MOTHER);
    let c = parse(&nfd, today()).unwrap();
    assert_eq!(c, parse(MOTHER, today()).unwrap());
    assert!(unicode_normalization::is_nfc(&c.full_name));
    assert!(unicode_normalization::is_nfc(&c.residence));
}

#[test]
fn scanner_line_endings_and_spaces() {
    for p in [format!("{MOTHER}\r\n"), format!("{MOTHER}\n"), format!("  {MOTHER}\t"), MOTHER.replace('|', " | ")] {
        assert_eq!(parse(&p, today()).unwrap().id_number, "001190123456");
    }
}

/// A scanner typing into a real window: each Shift (for capitals and `|`) arrives as a key of
/// its own, which Slint reports as U+0010; function keys as private-use characters.
#[test]
fn modifier_keys_between_characters_are_ignored() {
    let typed: String = MOTHER.chars().flat_map(|c| if c.is_uppercase() || c == '|' { vec!['\u{10}', c] } else { vec![c] }).collect();
    assert!(typed.contains('\u{10}'));
    assert_eq!(parse(&typed, today()).unwrap(), parse(MOTHER, today()).unwrap());
    let with_fkey = format!("\u{F704}{MOTHER}\r");
    assert_eq!(parse(&with_fkey, today()).unwrap().id_number, "001190123456");
}

#[test]
fn century_2000s_and_2100s_digits() {
    // digit 4 = 2/3: born 2000-2099
    let boy = "001203000111||Lê Minh Khang|15062003|Nam|Phường Hồng Ngự, Tỉnh Đồng Tháp|01082021";
    assert_eq!(parse(boy, today()).unwrap().birth_date.year, 2003);
    let girl = "001305000111||Lê Minh Thư|15062005|Nữ|Phường Hồng Ngự, Tỉnh Đồng Tháp|01082021";
    assert_eq!(parse(girl, today()).unwrap().sex, Sex::Female);
}

fn err(p: &str) -> CardError {
    parse(p, today()).unwrap_err()
}

#[test]
fn wrong_digits_4_to_6() {
    // digit 4 says male, card says Nữ
    assert_eq!(err(&MOTHER.replacen("0011", "0010", 1)), CardError::IdMismatch);
    // digit 4 says born 2000-2099
    assert_eq!(err(&MOTHER.replacen("0011", "0013", 1)), CardError::IdMismatch);
    // digits 5-6 say 1991
    assert_eq!(err(&MOTHER.replacen("00119012", "00119112", 1)), CardError::IdMismatch);
}

#[test]
fn impossible_dates() {
    assert_eq!(err(&MOTHER.replace("01011990", "31021990")), CardError::BadBirthDate);
    assert_eq!(err(&MOTHER.replace("01011990", "0101199")), CardError::BadBirthDate);
    assert_eq!(err(&MOTHER.replace("01011990", "01131990")), CardError::BadBirthDate);
    // born in the future
    let future = "001390123456||Nguyễn Thị An|01012090|Nữ|Phường Hồng Ngự, Tỉnh Đồng Tháp|";
    assert_eq!(err(future), CardError::BadBirthDate);
    // issued before birth, issued in the future, impossible issue date
    assert_eq!(err(&MOTHER.replace("15042021", "15041980")), CardError::BadIssueDate);
    assert_eq!(err(&MOTHER.replace("15042021", "15042027")), CardError::BadIssueDate);
    assert_eq!(err(&MOTHER.replace("15042021", "30022021")), CardError::BadIssueDate);
}

#[test]
fn not_a_card() {
    for p in [
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html",
        "8936036020014",
        "hello world",
        "a|b|c|d|e|f|g",
        "001190123456|Nguyễn Thị An|01011990|Nữ",
        "{\"id\": \"001190123456\"}",
    ] {
        assert_eq!(err(p), CardError::NotACard, "{p}");
    }
}

#[test]
fn empty_and_whitespace() {
    assert_eq!(err(""), CardError::Empty);
    assert_eq!(err(" \r\n\t"), CardError::Empty);
}

#[test]
fn ten_kilobytes_of_noise() {
    // deterministic pseudo-random bytes made printable, with `|` sprinkled in
    let mut x: u32 = 0x1234_5678;
    let noise: String = (0..10 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b' ' + (x % 95) as u8)
        })
        .collect();
    assert!(noise.len() > MAX_PAYLOAD_BYTES);
    assert_eq!(err(&noise), CardError::NotACard);
    // a real payload followed by 10 kB of junk is refused too
    assert_eq!(err(&format!("{MOTHER}|{noise}")), CardError::NotACard);
}

#[test]
fn broken_fields() {
    assert_eq!(err(&MOTHER.replacen("001190123456", "00119012345", 1)), CardError::BadIdNumber);
    assert_eq!(err(&MOTHER.replacen("||", "|12ab|", 1)), CardError::BadOldIdNumber);
    assert_eq!(err(&MOTHER.replace("Nguyễn Thị An", "")), CardError::BadName);
    assert_eq!(err(&MOTHER.replace("Nguyễn Thị An", "Nguy\u{FFFD}n Th\u{FFFD} An")), CardError::BadName);
    assert_eq!(err(&MOTHER.replace("Nguyễn Thị An", "Nguyen 123")), CardError::BadName);
    assert_eq!(err(&MOTHER.replace("|Nữ|", "|X|")), CardError::BadSex);
    assert_eq!(err(&MOTHER.replace("Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp", "")), CardError::BadResidence);
}

#[test]
fn messages_are_vietnamese_and_carry_no_personal_data() {
    let cases = ["", "hello", &*MOTHER.replacen("0011", "0010", 1), &*MOTHER.replace("01011990", "31021990"), &*MOTHER.replace("|Nữ|", "|X|")];
    for p in cases {
        let e = err(p);
        let m = e.to_string();
        assert!(m.contains("Vui lòng") || m.contains("vui lòng"), "no way forward in: {m}");
        for secret in ["001190123456", "Nguyễn", "1990", "Hồng Ngự"] {
            assert!(!m.contains(secret), "message leaks `{secret}`: {m}");
        }
        assert!(e.code().starts_with("card."));
    }
}
