//! Filling forms: prefill, typed answers, rules between fields, diagnostics.

use crate::support::{now, FATHER, GRANDFATHER, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::{Filled, Input, Severity, Source, Value};
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service, ServiceError};

fn service() -> Service {
    let (forms, d) = forms_io::bundled();
    assert!(d.is_empty());
    Service::new(forms, KioskConfig::default())
}

fn scan(role: Option<&str>, p: &str) -> ScannedCard {
    ScannedCard::qr(role, p)
}

fn set(pairs: &[(&str, &str)]) -> Vec<(String, Input)> {
    pairs.iter().map(|(k, v)| (k.to_string(), Input::Text(v.to_string()))).collect()
}

fn birth(cards: &[ScannedCard], typed: &[(&str, &str)]) -> Filled {
    service().fill("khai-sinh", cards, &set(typed), now()).unwrap()
}

const CHILD: &[(&str, &str)] = &[
    ("requester_relation", "Mẹ"),
    ("child_name", "trần bảo ngọc"),
    ("child_birth_date", "5/2/2026"),
    ("child_sex", "nữ"),
    ("child_ethnicity", "kinh"),
    ("child_birth_place", "Bệnh viện Đa khoa khu vực Hồng Ngự, phuong an binh, dong thap"),
    ("child_hometown", "Đồng Tháp"),
    ("mother_ethnicity", "Kinh"),
    ("father_ethnicity", "Kinh"),
];

#[test]
fn birth_with_three_cards_is_complete() {
    let f = birth(&[scan(None, MOTHER), scan(Some("mother"), MOTHER), scan(Some("father"), FATHER)], CHILD);
    assert!(f.is_complete(), "{:?} {:?}", f.missing, f.diagnostics);
    assert_eq!(f.text("requester_name"), Some("Nguyễn Thị An"));
    assert_eq!(f.answers["requester_name"].source, Source::Card { role: "requester".into() });
    assert_eq!(f.text("mother_birth_year"), Some("1990"));
    assert_eq!(f.text("father_name"), Some("Trần Văn Bình"));
    assert_eq!(f.text("father_birth_year"), Some("1988"));
    assert_eq!(f.text("child_name"), Some("Trần Bảo Ngọc"));
    assert_eq!(f.answers["child_name"].source, Source::Typed);
    assert_eq!(f.text("child_birth_date"), Some("05/02/2026"));
    assert_eq!(f.text("child_birth_date_words"), Some("Ngày năm, tháng hai, năm hai nghìn không trăm hai mươi sáu"));
    assert_eq!(f.answers["child_birth_date_words"].source, Source::Derived);
    assert_eq!(f.text("child_birth_place"), Some("Bệnh viện Đa khoa khu vực Hồng Ngự, Phường An Bình, Tỉnh Đồng Tháp"));
    assert_eq!(f.text("child_hometown"), Some("Tỉnh Đồng Tháp"));
    assert_eq!(f.text("child_nationality"), Some("Việt Nam"));
    assert_eq!(f.answers["child_nationality"].source, Source::Default);
    assert_eq!(f.text("addressee"), Some("Ủy ban nhân dân phường Hồng Ngự"));
    assert_eq!(f.answers["addressee"].source, Source::Config);
    assert_eq!(f.text("made_on"), Some("27/11/2026"));
    assert_eq!(f.text("requester_id_doc"), Some("Căn cước công dân số 001190123456, cấp ngày 15/04/2021"));
}

/// Thông tư 04/2024/TT-BTP: "Nơi cư trú" of the requester is left out when the ID is given —
/// and the card's address is then not collected at all.
#[test]
fn residence_left_out_when_id_given() {
    let f = birth(&[scan(None, MOTHER)], &[]);
    assert!(f.text("requester_id_doc").is_some());
    assert!(!f.answers.contains_key("requester_residence"));
    assert!(!f.missing.iter().any(|m| m.id == "requester_residence"));
    // without an ID document the residence is required
    let f = birth(&[], &[]);
    assert!(f.missing.iter().any(|m| m.id == "requester_residence"));
    assert!(f.missing.iter().any(|m| m.id == "requester_id_doc"));
}

/// Thông tư 04/2024/TT-BTP: the parents' "Dân tộc", "Quốc tịch" and "Nơi cư trú" lines (note 2)
/// are written only without a personal ID number: with the cards they are neither asked nor
/// filled (not even the nationality's default), and the lines stay blank on the page.
#[test]
fn parents_lines_marked_2_are_not_needed_with_their_cards() {
    let f = birth(&[scan(None, MOTHER), scan(Some("mother"), MOTHER), scan(Some("father"), FATHER)], &[]);
    for id in ["mother_ethnicity", "mother_nationality", "mother_residence", "father_ethnicity", "father_nationality", "father_residence"] {
        assert!(!f.answers.contains_key(id), "{id} filled: {:?}", f.answers.get(id));
        assert!(!f.missing.iter().any(|m| m.id == id), "{id} asked");
    }
    assert!(f.text("mother_id_doc").is_some() && f.text("father_id_doc").is_some());
    // without the mother's card they are asked (the nationality suggested)
    let f = birth(&[scan(None, MOTHER)], &[("mother_name", "Lê Thị Hoa")]);
    assert!(f.missing.iter().any(|m| m.id == "mother_ethnicity"));
    assert!(f.missing.iter().any(|m| m.id == "mother_residence"));
    assert_eq!(f.text("mother_nationality"), Some("Việt Nam"));
}

/// A form whose residence line is needed even with the card (the minimal test template and
/// a residence: every bundled form now leaves it out when the ID number is given).
fn with_residence(cards: &[ScannedCard], typed: &[(&str, &str)]) -> Filled {
    let form = format!(
        "{}\n[[sections.fields]]\nid = \"residence\"\nlabel = \"Nơi cư trú\"\nkind = \"address\"\nrole = \"requester\"\nprefill = \"card.residence\"\n",
        crate::forms::MINIMAL
    );
    let (forms, d) = forms_io::load_texts([("mini.toml".to_string(), form.as_str())]);
    assert!(d.is_empty(), "{d:?}");
    Service::new(forms, KioskConfig::default()).fill("mini", cards, &set(typed), now()).unwrap()
}

#[test]
fn old_card_address_is_kept_with_a_warning() {
    let f = with_residence(&[scan(None, FATHER)], &[]);
    assert_eq!(f.text("residence"), Some("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"));
    let w: Vec<_> = f.diagnostics.iter().filter(|d| d.code == "card.old_address").collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    assert!(!f.has_errors());
    // but a typed old-style address is refused
    let f = with_residence(&[], &[("residence", "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh")]);
    assert!(f.diagnostics.iter().any(|d| d.field.as_deref() == Some("residence") && d.severity == Severity::Error));
}

#[test]
fn father_fields_hidden_until_a_father_is_named() {
    let f = birth(&[scan(None, MOTHER)], &[("father_ethnicity", "Kinh")]);
    assert!(!f.answers.keys().any(|k| k.starts_with("father_")), "{:?}", f.answers.keys());
    assert!(!f.missing.iter().any(|m| m.id.starts_with("father_")));
    assert!(f.diagnostics.iter().any(|d| d.code == "input.hidden_field"));
    let f = birth(&[], &[("father_name", "Lê Văn Tám")]);
    for id in ["father_birth_year", "father_ethnicity", "father_residence"] {
        assert!(f.missing.iter().any(|m| m.id == id), "{id}");
    }
    // a default for a hidden field is not stored either
    assert!(birth(&[], &[]).text("father_nationality").is_none());
}

#[test]
fn copies_count_only_when_copies_wanted() {
    let f = birth(&[], &[]);
    assert_eq!(f.text("copies_wanted"), Some("Không"));
    assert!(!f.missing.iter().any(|m| m.id == "copies_count"));
    let f = birth(&[], &[("copies_wanted", "có")]);
    assert!(f.missing.iter().any(|m| m.id == "copies_count"));
    let f = birth(&[], &[("copies_wanted", "có"), ("copies_count", "11")]);
    assert!(f.diagnostics.iter().any(|d| d.field.as_deref() == Some("copies_count") && d.message().contains("1 đến 10")));
}

#[test]
fn wrong_values_get_vietnamese_messages() {
    let f = birth(&[], &[("child_birth_date", "30/02/2026"), ("child_sex", "khác"), ("mother_birth_year", "90")]);
    let errs: Vec<_> = f.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(errs.iter().any(|d| d.message().contains("ngày/tháng/năm")));
    // a refused value is not also listed as missing, and nothing derived from it is made
    assert!(!f.missing.iter().any(|m| m.id == "child_birth_date"));
    assert!(f.text("child_birth_date_words").is_none());
    let f = birth(&[], &[("child_birth_date", "01/01/2027")]);
    assert!(f.diagnostics.iter().any(|d| d.message().contains("tương lai")));
}

#[test]
fn typed_value_replaces_card_value() {
    let f = birth(&[scan(Some("mother"), MOTHER)], &[("mother_residence", "Khóm 3, Phường An Bình, Đồng Tháp")]);
    assert_eq!(f.text("mother_residence"), Some("Khóm 3, Phường An Bình, Tỉnh Đồng Tháp"));
    assert_eq!(f.answers["mother_residence"].source, Source::Typed);
}

#[test]
fn unknown_field_and_derived_field_inputs() {
    let f = birth(&[], &[("shoe_size", "42"), ("child_birth_date_words", "x")]);
    assert!(f.diagnostics.iter().any(|d| d.code == "input.unknown_field"));
    assert!(f.diagnostics.iter().any(|d| d.code == "input.derived"));
}

#[test]
fn card_errors_name_the_role() {
    let mut s = service();
    let e = s.fill("khai-sinh", &[scan(Some("mother"), "garbage")], &[], now()).unwrap_err();
    assert!(matches!(e, ServiceError::Card { ref role, .. } if role == "mother"));
    assert!(e.to_string().starts_with("Thẻ của người mẹ:"), "{e}");
    let e = s.fill("khai-sinh", &[scan(Some("child"), MOTHER)], &[], now()).unwrap_err();
    assert!(matches!(e, ServiceError::NoSuchCardRole { .. }), "{e}");
    let e = s.fill("khai-sinh", &[scan(None, MOTHER), scan(Some("requester"), FATHER)], &[], now()).unwrap_err();
    assert!(matches!(e, ServiceError::DuplicateCard(_)), "{e}");
    assert!(matches!(s.fill("no-such", &[], &[], now()), Err(ServiceError::UnknownForm(_))));
}

#[test]
fn new_style_card_document_line() {
    let f = birth(&[scan(None, GRANDFATHER)], &[]);
    assert_eq!(f.text("requester_id_doc"), Some("Căn cước số 087060001234, cấp ngày 02/08/2024"));
}

#[test]
fn marriage_two_columns_from_two_cards() {
    let mut s = service();
    let f = s.fill("ket-hon", &[scan(Some("bride"), MOTHER), scan(Some("groom"), FATHER)], &[], now()).unwrap();
    assert_eq!(f.text("bride_name"), Some("Nguyễn Thị An"));
    assert_eq!(f.text("groom_name"), Some("Trần Văn Bình"));
    assert_eq!(f.text("bride_birth_date"), Some("01/01/1990"));
    assert_eq!(f.text("groom_birth_date"), Some("20/05/1988"));
    // both columns say which side they are
    assert!(f.missing.iter().any(|m| m.label.contains("Bên nữ")), "{:?}", f.missing);
}

#[test]
fn ct01_household_table() {
    let mut s = service();
    let t = s.form("ct01").unwrap().clone();
    let table = t.fields.iter().find(|f| f.kind == form_kiosk::core::template::FieldKind::Table).expect("CT01 has a table");
    let row = |name: &str, date: &str| {
        let mut r = std::collections::BTreeMap::new();
        for c in &table.columns {
            let v = match c.kind {
                form_kiosk::core::template::FieldKind::Name => name.to_string(),
                form_kiosk::core::template::FieldKind::Date => date.to_string(),
                form_kiosk::core::template::FieldKind::Gender => "Nam".to_string(),
                form_kiosk::core::template::FieldKind::IdNumber => "087215000111".to_string(),
                _ => "Con".to_string(),
            };
            r.insert(c.id.clone(), if name.is_empty() { String::new() } else { v });
        }
        r
    };
    let inputs = vec![(table.id.clone(), Input::Rows(vec![row("lê minh khang", "1/6/2015"), row("", ""), row("Lê An", "31/06/2016")]))];
    let f = s.fill("ct01", &[scan(None, MOTHER)], &inputs, now()).unwrap();
    match &f.answers[&table.id].value {
        Value::Table(rows) => {
            assert_eq!(rows.len(), 2, "the empty row is dropped");
            assert!(rows[0].values().any(|v| v == "Lê Minh Khang"));
            assert!(rows[0].values().any(|v| v == "01/06/2015"));
        }
        v => panic!("{v:?}"),
    }
    // 31/06 is not a date: the error names row 2 (after dropping nothing before it: row 3 typed)
    assert!(f.diagnostics.iter().any(|d| d.message().starts_with("Dòng 3")), "{:?}", f.diagnostics);
}

/// The right people on the form: a man's card is refused for the mother, the same card for
/// the mother and the father is refused, and the person at the kiosk may be one of the others
/// (the mother registering her child). Each refusal names the role, never the card's data.
#[test]
fn cards_must_fit_their_roles() {
    let mut s = service();
    // the grandfather's card offered as the mother (the walkthrough's finding)
    let e = s.fill("khai-sinh", &[scan(None, GRANDFATHER), scan(Some("mother"), GRANDFATHER)], &[], now()).unwrap_err();
    assert!(matches!(e, ServiceError::WrongSex { .. }), "{e}");
    let m = e.to_string();
    assert!(m.contains("người nam") && m.contains("người mẹ") && !m.contains("Lê Văn Cường") && !m.contains("087060001234"), "{m}");
    // a woman's card as the father, a man's as the bride
    assert!(matches!(s.fill("khai-sinh", &[scan(Some("father"), MOTHER)], &[], now()), Err(ServiceError::WrongSex { .. })));
    assert!(matches!(s.fill("ket-hon", &[scan(Some("bride"), FATHER)], &[], now()), Err(ServiceError::WrongSex { .. })));
    // one card for two of the others: the guardian cannot be the ward, nor the recognised
    // parent the child
    let e = s.fill("giam-ho", &[scan(None, MOTHER), scan(Some("guardian"), FATHER), scan(Some("ward"), FATHER)], &[], now()).unwrap_err();
    assert!(matches!(e, ServiceError::SamePerson { .. }), "{e}");
    assert!(e.to_string().contains("người giám hộ") && e.to_string().contains("người được giám hộ"), "{e}");
    // the person at the kiosk may also be the mother, or the guardian
    assert!(s.fill("khai-sinh", &[scan(None, MOTHER), scan(Some("mother"), MOTHER), scan(Some("father"), FATHER)], &[], now()).is_ok());
    assert!(s.fill("giam-ho", &[scan(None, FATHER), scan(Some("guardian"), FATHER)], &[], now()).is_ok());
    // and scanning one by one on the screens refuses the wrong card at once
    let mut session = s.session("khai-sinh", &[scan(None, GRANDFATHER)], &[], now()).unwrap();
    let e = s.add_card(&mut session, &scan(Some("mother"), GRANDFATHER), now()).unwrap_err();
    assert!(matches!(e, ServiceError::WrongSex { .. }), "{e}");
    s.add_card(&mut session, &scan(Some("mother"), MOTHER), now()).unwrap();
    let e = s.add_card(&mut session, &scan(Some("father"), GRANDFATHER), now());
    assert!(e.is_ok(), "the man at the kiosk may be the father: {e:?}");
}
