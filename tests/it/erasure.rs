//! Erasure that erases (Luật Bảo vệ dữ liệu cá nhân 2025, Nghị định 13/2023): after
//! `citizen forget` or retention, the person's name and ID number are in no byte of the
//! database file or its write-ahead log, encrypted or not; an ID number typed anywhere in a
//! dossier is reached; the ID is read as staff type it.

use crate::cli::kiosk;
use crate::support::{complete_session, now, FATHER, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::Input;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};
use form_kiosk::store::Store;
use predicates::prelude::*;
use std::path::Path;

/// Every file of the database (the file, its -wal and -shm), as bytes.
fn raw(db: &Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let p = db.with_file_name(format!("{}{suffix}", db.file_name().unwrap().to_string_lossy()));
            std::fs::read(&p).ok().map(|b| (p.display().to_string(), b))
        })
        .collect()
}

fn hits(db: &Path, needles: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (file, bytes) in raw(db) {
        for n in needles {
            // the name as stored (title case, NFC) and the 12 digits
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                out.push(format!("{file}: {n}"));
            }
        }
    }
    out
}

fn service(db: &Path, key: Option<&str>) -> Service {
    let (forms, _) = forms_io::bundled();
    Service::new(forms, KioskConfig::default()).with_store(Store::open(db, key).unwrap(), now()).unwrap()
}

/// The father (TRẦN VĂN BÌNH, 087088004321) on a birth form, a death form and a residence form;
/// the mother on them too. Returns the codes.
fn three_dossiers(svc: &mut Service) -> Vec<String> {
    let mut codes = Vec::new();
    for form in ["khai-sinh", "khai-tu", "ct01"] {
        let s = complete_session(svc, form);
        codes.push(svc.confirm(&s, false, now()).unwrap().code);
    }
    codes
}

#[test]
fn forget_leaves_no_byte_of_the_person_in_the_database_or_its_log() {
    for key in [None, Some("khóa-thử-nghiệm")] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let mut svc = service(&db, key);
        let codes = three_dossiers(&mut svc);
        let father = ["Trần Văn Bình", "TRẦN VĂN BÌNH", "087088004321"];
        if key.is_none() {
            // the check can fail: before the erasure the person is there in clear
            assert!(!hits(&db, &father).is_empty(), "the test would find nothing");
        }
        let before: Vec<_> = codes.iter().map(|c| svc.store().unwrap().dossier(c).unwrap()).collect();
        let r = svc.forget_citizen("0870 8800 4321", now()).unwrap();
        assert_eq!(r.dossiers, 3, "the father is on every one of the three");
        assert!(hits(&db, &father).is_empty(), "{:?} (key: {key:?})", hits(&db, &father));
        // the codes, statuses and audit stay; only the personal data went
        for (c, b) in codes.iter().zip(before) {
            let d = svc.store().unwrap().dossier(c).unwrap();
            assert_eq!((d.code, d.status, d.form_id), (b.code, b.status, b.form_id));
            assert!(d.answers.is_none() && d.erased_at.is_some());
            // the kept printout is gone from the row itself, not only hidden by the store
            let gone: bool = svc
                .store()
                .unwrap()
                .local()
                .unwrap()
                .connection()
                .query_row("SELECT pdf IS NULL AND answers IS NULL FROM dossiers WHERE code = ?1", [c], |r| r.get(0))
                .unwrap();
            assert!(gone, "{c}: answers or PDF still in the row");
        }
        drop(svc);
        assert!(hits(&db, &father).is_empty(), "after closing");
    }
}

#[test]
fn retention_leaves_no_byte_either() {
    for key in [None, Some("khóa-thử-nghiệm")] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let mut svc = service(&db, key);
        let cards = [ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)];
        let s = svc.session("khai-sinh", &cards, &[], now()).unwrap();
        let s2 = {
            let mut s = s;
            for (k, v) in crate::support::BIRTH {
                svc.answer(&mut s, k, Input::Text(v.to_string()));
            }
            s
        };
        svc.confirm(&s2, true, now()).unwrap();
        if key.is_none() {
            assert!(!hits(&db, &["087088004321"]).is_empty());
        }
        // a year later, with a 30-day retention: the dossier and the consented profile go
        let later = now() + chrono::Duration::days(400);
        let r = svc.purge(later).unwrap();
        assert_eq!((r.dossiers, r.profiles), (1, 1));
        assert!(
            hits(&db, &["087088004321", "001190123456", "Nguyễn Thị An", "Trần Văn Bình"]).is_empty(),
            "{:?}",
            hits(&db, &["087088004321", "001190123456"])
        );
    }
}

/// An ID number typed into a text field, with no card, is linked for erasure.
#[test]
fn forget_reaches_an_id_number_typed_into_a_text_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut svc = service(&db, None);
    let typed = |id_doc: &str| -> Vec<(String, Input)> {
        let mut v: Vec<(String, Input)> = [
            ("requester_name", "Lê Thị Hoa"),
            ("requester_birth_date", "02/03/1985"),
            ("requester_residence", "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"),
            ("requester_relation", "Bà"),
            ("child_name", "Trần Bảo Ngọc"),
            ("child_birth_date", "05/02/2026"),
            ("child_sex", "Nữ"),
            ("child_ethnicity", "Kinh"),
            ("child_birth_place", "Phường An Bình, Tỉnh Đồng Tháp"),
            ("child_hometown", "Tỉnh Đồng Tháp"),
            ("mother_name", "Nguyễn Thị An"),
            ("mother_birth_year", "1990"),
            ("mother_ethnicity", "Kinh"),
            ("mother_residence", "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Input::Text(v.to_string())))
        .collect();
        v.push(("requester_id_doc".into(), Input::Text(id_doc.into())));
        v
    };
    for (doc, id) in [("Căn cước số 001185012345, cấp ngày 01/02/2022", "001185012345"), ("CCCD 0011 8501 2346 do Bộ Công an cấp", "001185012346")]
    {
        let s = svc.session("khai-sinh", &[], &typed(doc), now()).unwrap();
        let c = svc.confirm(&s, false, now()).unwrap();
        let r = svc.forget_citizen(id, now()).unwrap();
        assert_eq!(r.dossiers, 1, "{doc}");
        assert!(svc.store().unwrap().dossier(&c.code).unwrap().answers.is_none());
        assert!(hits(&db, &[id]).is_empty());
    }
}

/// Staff type the number with spaces, dots or dashes; anything that is not 12 digits is
/// refused (exit 2) with a message that does not repeat it.
#[test]
fn citizen_forget_reads_the_number_as_typed_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut args: Vec<String> = crate::support::birth_fill_args();
    args.extend(["--db".into(), db.display().to_string()]);
    kiosk().args(&args).assert().success();
    kiosk()
        .arg("--db")
        .arg(&db)
        .args(["citizen", "forget", "0870.8800.4321"])
        .assert()
        .success()
        .stdout(predicate::str::contains("dữ liệu cá nhân trong 1 hồ sơ"));
    for bad in ["abc", "0870 8800 432", "08708800432199", "0870 8800 4321 x"] {
        kiosk()
            .arg("--db")
            .arg(&db)
            .args(["citizen", "forget", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("gồm đúng 12 chữ số").and(predicate::str::contains(bad).not()));
    }
}

/// An ID number in a table (CT01's household members) is linked for erasure too.
#[test]
fn forget_reaches_an_id_number_in_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut svc = service(&db, None);
    let s = complete_session(&mut svc, "ct01");
    let c = svc.confirm(&s, false, now()).unwrap();
    let member = c.filled.answers["members"].value.clone();
    let form_kiosk::core::fill::Value::Table(rows) = member else { panic!("no table") };
    let id = rows[0]["id_number"].clone();
    assert_eq!(id.len(), 12);
    let r = svc.forget_citizen(&id, now()).unwrap();
    assert_eq!(r.codes, vec![c.code.clone()]);
    assert!(hits(&db, &[&id]).is_empty());
}
