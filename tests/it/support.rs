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
pub const FATHER: &str = "087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021|extra";
/// A man born 03/03/1960 (grandfather), card issued after 01/7/2024.
pub const GRANDFATHER: &str = "087060001234||Lê Văn Cường|03031960|Nam|Ấp An Thịnh, Xã Thường Phước, Tỉnh Đồng Tháp|02082024";

/// Typed answers that, with the three cards (requester and mother = MOTHER, father =
/// FATHER), complete the birth form.
pub const BIRTH: &[(&str, &str)] = &[
    ("requester_relation", "Mẹ"),
    ("child_name", "Trần Bảo Ngọc"),
    ("child_birth_date", "05/02/2026"),
    ("child_sex", "Nữ"),
    ("child_ethnicity", "Kinh"),
    ("child_birth_place", "Phường An Bình, Tỉnh Đồng Tháp"),
    ("child_hometown", "Tỉnh Đồng Tháp"),
    ("mother_ethnicity", "Kinh"),
    ("father_ethnicity", "Kinh"),
];

/// `fill` arguments that complete the birth form (three cards and `BIRTH`).
pub fn birth_fill_args() -> Vec<String> {
    let mut v: Vec<String> = ["fill", "--form", "khai-sinh", "--card", MOTHER].iter().map(|s| s.to_string()).collect();
    v.push(format!("--card=mother={MOTHER}"));
    v.push(format!("--card=father={FATHER}"));
    for (k, val) in BIRTH {
        v.push("--set".into());
        v.push(format!("{k}={val}"));
    }
    v
}

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

/// A card for every card role of the form: MOTHER at the kiosk (the first role), then the
/// right person for each other role — a woman's card for a woman's role (the mother: the
/// same woman as at the kiosk), the men's cards in turn for the others.
pub fn cards_for(t: &FormTemplate) -> Vec<(String, &'static str)> {
    let mut men = [FATHER, GRANDFATHER].into_iter().cycle();
    t.card_roles()
        .enumerate()
        .map(|(i, r)| {
            let card = match (i, r.sex) {
                (0, _) | (_, Some(form_kiosk::core::card::Sex::Female)) => MOTHER,
                _ => men.next().unwrap(),
            };
            (r.id.clone(), card)
        })
        .collect()
}

/// Answers that complete a form: a card for every card role, then a valid sample for
/// every field still missing (again for fields revealed by the answers).
pub fn complete_session(service: &mut form_kiosk::service::Service, form_id: &str) -> form_kiosk::service::Session {
    use form_kiosk::core::fill::Input;
    use form_kiosk::service::ScannedCard;
    let t = service.form(form_id).unwrap().clone();
    let cards: Vec<ScannedCard> = cards_for(&t).iter().map(|(r, p)| ScannedCard::qr(Some(r), p)).collect();
    // tables are optional on the forms, but a printed table is worth checking
    let mut inputs: Vec<(String, Input)> = t
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Table)
        .map(|f| (f.id.clone(), Input::Rows(vec![f.columns.iter().map(|c| (c.id.clone(), sample(c.kind, &[]))).collect()])))
        .collect();
    for _ in 0..4 {
        let s = service.session(form_id, &cards, &inputs, now()).unwrap();
        let f = service.filled(&s, today()).unwrap();
        assert!(!f.has_errors(), "{form_id}: {:?}", f.diagnostics);
        if f.missing.is_empty() {
            return s;
        }
        for m in &f.missing {
            let field = t.field(&m.id).unwrap();
            let input = if field.kind == FieldKind::Table {
                Input::Rows(vec![field.columns.iter().map(|c| (c.id.clone(), sample(c.kind, &[]))).collect()])
            } else {
                Input::Text(sample(field.kind, &field.options))
            };
            inputs.push((m.id.clone(), input));
        }
    }
    panic!("{form_id}: cannot be completed")
}

/// Every QR code found in a greyscale picture, decoded.
pub fn decode_qr(img: &image::GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(img.width() as usize, img.height() as usize, |x, y| img.get_pixel(x as u32, y as u32).0[0]);
    prepared.detect_grids().iter().filter_map(|g| g.decode().ok().map(|(_, s)| s)).collect()
}

/// How many pages a PDF has (poppler's pdfinfo).
pub fn page_count(pdf: &std::path::Path) -> usize {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok())).expect("a page count")
}

/// A page of a PDF rendered by poppler's pdftoppm at `dpi`, greyscale.
pub fn pdftoppm(pdf: &std::path::Path, page: usize, dpi: u32) -> image::GrayImage {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let st = std::process::Command::new("pdftoppm")
        .args(["-q", "-gray", "-png", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(st.success());
    let file = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    image::open(file).unwrap().to_luma8()
}

/// The text on a page as Tesseract reads it in Vietnamese (CUPS-PDF's output has no text layer
/// to extract: it is read as the desk would, from the picture), whitespace collapsed.
pub fn ocr(img: &image::GrayImage) -> String {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page.png");
    img.save(&png).unwrap();
    let out = std::process::Command::new("tesseract")
        .arg(&png)
        .arg("-")
        .args(["-l", "vie"])
        .output()
        .expect("tesseract (tesseract-ocr, tesseract-ocr-vie) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a PDF as pdftotext reads it (content order), whitespace collapsed.
pub fn pdftotext(pdf: &std::path::Path) -> String {
    let out =
        std::process::Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}
