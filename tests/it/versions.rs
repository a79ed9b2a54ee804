//! Versions of a form in force: a template states its validity, several versions of one
//! form can be bundled, the kiosk uses the one in force on the day (an input), a dossier
//! keeps the version it was made with, and `forms check` warns before a form runs out.

use crate::cli::data_home;
use crate::support::{pdftotext, MOTHER};
use assert_cmd::Command;
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::date::Date;
use form_kiosk::forms_io::{self, FormSet};
use form_kiosk::service::{ScannedCard, Service};
use form_kiosk::store::{NewDossier, Store};

/// The minimal test form as version `v` with a title of its own and these validity keys.
fn version(v: u32, title: &str, validity: &str) -> String {
    crate::forms::MINIMAL.replacen("version = 1", &format!("version = {v}\n{validity}"), 1).replacen(
        "title = \"TỜ KHAI THỬ\"",
        &format!("title = \"{title}\""),
        1,
    )
}

const OLD: &str = "valid_from = \"01/01/2026\"\nvalid_until = \"30/06/2026\"";
const NEW: &str = "valid_from = \"01/07/2026\"";

fn day(s: &str) -> Date {
    Date::parse_typed(s).unwrap()
}

fn at(s: &str) -> chrono::NaiveDateTime {
    let d = day(s);
    chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap().and_hms_opt(10, 15, 0).unwrap()
}

fn both() -> FormSet {
    let (old, new) = (version(1, "TỜ KHAI THỬ CŨ", OLD), version(2, "TỜ KHAI THỬ MỚI", NEW));
    let (set, d) = forms_io::load_texts([("mini.toml".to_string(), old.as_str()), ("mini.2026.toml".to_string(), new.as_str())]);
    assert!(d.is_empty(), "{d:?}");
    set
}

#[test]
fn the_version_in_force_on_the_day_is_used() {
    let set = both();
    assert_eq!(set.all.len(), 2);
    assert_eq!(set.clone().on(day("15/03/2026")).get("mini").map(|t| t.version), Some(1));
    assert_eq!(set.clone().on(day("30/06/2026")).get("mini").map(|t| t.version), Some(1));
    assert_eq!(set.clone().on(day("01/07/2026")).get("mini").map(|t| t.version), Some(2));
    assert!(set.clone().on(day("31/12/2025")).get("mini").is_none(), "nothing in force before the first version");
    assert_eq!(set.version("mini", 1).map(|t| t.title.as_str()), Some("TỜ KHAI THỬ CŨ"));
}

#[test]
fn overlapping_versions_and_bad_dates_are_diagnostics() {
    let (a, b) = (version(1, "A", OLD), version(2, "B", "valid_from = \"30/06/2026\""));
    let (set, d) = forms_io::load_texts([("mini.toml".to_string(), a.as_str()), ("mini.b.toml".to_string(), b.as_str())]);
    assert_eq!(set.all.len(), 1);
    assert!(d.iter().any(|d| d.file == "mini.b.toml" && d.message.contains("both in force")), "{d:?}");
    let same = version(1, "C", NEW);
    let (_, d) = forms_io::load_texts([("mini.toml".to_string(), a.as_str()), ("mini.c.toml".to_string(), same.as_str())]);
    assert!(d.iter().any(|d| d.message.contains("version 1 is used twice")), "{d:?}");
    for (bad, says) in
        [("valid_from = \"31/02/2026\"", "`valid_from` is not a date"), ("valid_from = \"01/07/2026\"\nvalid_until = \"01/01/2026\"", "before `valid_from`")]
    {
        let (_, d) = forms_io::load_texts([("mini.toml".to_string(), version(1, "D", bad).as_str())]);
        assert!(d.iter().any(|d| d.file == "mini.toml" && d.message.contains(says)), "{bad}: {d:?}");
    }
    // a file named for another form
    let (_, d) = forms_io::load_texts([("other.2026.toml".to_string(), a.as_str())]);
    assert!(d.iter().any(|d| d.message.contains("differs from the file name")), "{d:?}");
}

/// A dossier keeps its version: stored on the old one, it prints the old one after the new
/// one came into force — the kept PDF, and the PDF made again from its answers.
#[test]
fn a_dossier_keeps_the_version_it_was_made_with() {
    let dir = tempfile::tempdir().unwrap();
    let march = at("15/03/2026");
    let mut svc =
        Service::new(both().on(day("15/03/2026")), KioskConfig::default()).with_store(Store::open(&dir.path().join("k.db"), None).unwrap(), march).unwrap();
    let s = svc.session("mini", &[ScannedCard::qr(None, MOTHER)], &[], march).unwrap();
    let c = svc.confirm(&s, false, march).unwrap();
    assert_eq!(svc.store().unwrap().dossier(&c.code).unwrap().form_version, 1);
    // a dossier of an older kiosk, stored without its PDF, on the same version
    let answers = serde_json::to_value(&c.filled.answers).unwrap();
    let bare = svc
        .store()
        .unwrap()
        .confirm(&NewDossier { agency_code: "000.00.00.H20", form_id: "mini", form_version: 1, answers: &answers, people: &[], after: None }, march)
        .unwrap();

    // in July the new version is in force: new dossiers get it, old ones keep theirs
    let july = at("02/07/2026");
    let s = svc.session("mini", &[ScannedCard::qr(None, MOTHER)], &[], july).unwrap();
    let c2 = svc.confirm(&s, false, july).unwrap();
    assert_eq!(svc.store().unwrap().dossier(&c2.code).unwrap().form_version, 2);
    let kept = svc.dossier_pdf(&c.code).unwrap();
    assert_eq!(kept, c.pdf, "a reprint is the very PDF kept at confirmation");
    for (code, pdf, title) in [(&bare, svc.dossier_pdf(&bare).unwrap(), "TỜ KHAI THỬ CŨ"), (&c2.code, c2.pdf.clone(), "TỜ KHAI THỬ MỚI")] {
        let path = dir.path().join(format!("{code}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        let text = pdftotext(&path);
        assert!(text.contains(title), "{code}: {text}");
    }
}

fn cli(today: &str) -> Command {
    let mut c = Command::cargo_bin("form-kiosk").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent-config").env("XDG_DATA_HOME", data_home()).args(["--today", today]);
    c
}

#[test]
fn forms_list_shows_the_version_in_force_and_check_warns_before_it_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mini.toml"), version(1, "TỜ KHAI THỬ CŨ", OLD)).unwrap();
    let list = |today: &str| -> serde_json::Value {
        let out = cli(today).arg("--forms").arg(dir.path()).args(["forms", "list", "--json"]).assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    };
    let v = list("15/05/2026");
    assert_eq!(v[0]["version"], 1);
    assert_eq!(v[0]["valid_from"], "01/01/2026");
    assert_eq!(v[0]["valid_until"], "30/06/2026");
    assert_eq!(v[0]["legal_basis"], "Thông tư thử");
    let text = cli("15/05/2026").arg("--forms").arg(dir.path()).args(["forms", "list"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("v1") && text.contains("hiệu lực 01/01/2026 – 30/06/2026"), "{text}");

    // 46 days before the end, nothing to take over: a warning; 90 days before: none
    let check = |today: &str| {
        let out = cli(today).args(["forms", "check"]).arg(dir.path()).assert().success().get_output().clone();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(check("15/05/2026").contains("mẫu `mini` (v1) hết hiệu lực ngày 30/06/2026 và chưa có mẫu thay thế"));
    assert!(!check("01/04/2026").contains("hết hiệu lực"));
    // out of force: listed by check, not offered
    assert!(check("02/07/2026").contains("không có phiên bản nào có hiệu lực hôm nay"));
    assert_eq!(list("02/07/2026").as_array().unwrap().len(), 0);

    // with the successor, no warning, and the list shows it from 01/07
    std::fs::write(dir.path().join("mini.2026.toml"), version(2, "TỜ KHAI THỬ MỚI", NEW)).unwrap();
    assert!(!check("15/05/2026").contains("hết hiệu lực"));
    assert_eq!(list("15/05/2026")[0]["version"], 1);
    assert_eq!(list("01/07/2026")[0]["version"], 2);
}

/// The bundled forms: each states its validity, and each is in force on the tests' day.
#[test]
fn bundled_forms_state_their_validity() {
    let (set, _) = forms_io::bundled();
    for t in &set.all {
        assert!(t.valid_from.is_some(), "{}: no valid_from", t.id);
        assert!(t.in_force(crate::support::today()), "{} v{} is not in force on the tests' day", t.id, t.version);
    }
}
