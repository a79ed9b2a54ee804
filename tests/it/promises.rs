//! The promises the README makes, each with a test that fails when it is broken: a confirmed
//! dossier always has its printout, the durability settings, erasure that touches no one
//! else, retention extended by use, the key file, the data QR read by an independent reader
//! written from `docs/data-qr.md` alone, stable field ids, the page's geometry read from the
//! PDF itself.

use crate::support::{complete_session, now, today, FATHER, GRANDFATHER, MOTHER};
use form_kiosk::core::card::parse;
use form_kiosk::core::config::KioskConfig;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service, ServiceError};
use form_kiosk::store::{Store, StoreError};
use std::collections::BTreeMap;
use std::path::Path;

fn service(db: &Path) -> Service {
    Service::new(forms_io::bundled().0.on(today()), KioskConfig::default()).with_store(Store::open(db, None).unwrap(), now()).unwrap()
}

fn failing(_: &form_kiosk::core::layout::Document, _: Option<chrono::NaiveDateTime>) -> Result<Vec<u8>, form_kiosk::pdf::PdfError> {
    Err(form_kiosk::pdf::PdfError::Font)
}

/// No printout, no dossier: a render failure fails the confirmation, stores nothing and
/// gives the number back.
#[test]
fn a_confirmed_dossier_always_has_its_printout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut svc = service(&db).with_renderer(failing);
    let s = complete_session(&mut svc, "khai-sinh");
    let e = svc.confirm(&s, false, now()).unwrap_err();
    assert!(matches!(e, ServiceError::Store(StoreError::Printout(_))), "{e}");
    assert!(e.to_string().contains("hồ sơ chưa được lưu"), "{e}");
    assert!(svc.store().unwrap().dossiers(None).unwrap().is_empty(), "a dossier without its printout was stored");
    let mut svc = service(&db);
    let c = svc.confirm(&s, false, now()).unwrap();
    assert!(c.code.ends_with("-0001"), "the number was given back: {}", c.code);
    assert_eq!(svc.store().unwrap().pdf(&c.code).unwrap().as_deref(), Some(&c.pdf[..]));
}

/// The durability and privacy settings the README promises, read back from SQLite.
#[test]
fn the_database_runs_with_the_promised_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("k.db"), None).unwrap();
    let get = |p: &str| -> String {
        s.connection().query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, rusqlite::types::Value>(0)).map(|v| format!("{v:?}")).unwrap()
    };
    assert_eq!(get("journal_mode"), "Text(\"wal\")");
    assert_eq!(get("synchronous"), "Integer(2)", "synchronous=FULL");
    assert_eq!(get("secure_delete"), "Integer(1)");
    assert_eq!(get("foreign_keys"), "Integer(1)");
}

/// Erasing one of several people leaves every other dossier as it was, byte for byte:
/// answers, printout, the index of people.
#[test]
fn erasing_one_person_touches_no_one_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut svc = service(&db);
    // three dossiers: MOTHER with FATHER, MOTHER alone (residence), GRANDFATHER alone (death)
    let birth = complete_session(&mut svc, "khai-sinh");
    let a = svc.confirm(&birth, false, now()).unwrap().code;
    let s = svc.session("ct01", &[ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("household_head"), MOTHER)], &[], now()).unwrap();
    let mut s = s;
    svc.answer(&mut s, "household_head_relation", form_kiosk::core::fill::Input::Text("Chủ hộ".into()));
    svc.answer(&mut s, "request_content", form_kiosk::core::fill::Input::Text("Đăng ký tạm trú".into()));
    let b = svc.confirm(&s, false, now()).unwrap().code;
    let s = svc.session("trich-luc", &[ScannedCard::qr(None, GRANDFATHER), ScannedCard::qr(Some("subject"), GRANDFATHER)], &[], now()).unwrap();
    let mut s = s;
    for (k, v) in [("requester_relation", "Bản thân"), ("record_kind", "Khai sinh"), ("registered_at", "UBND xã Thường Phước"), ("copies_count", "1")]
    {
        svc.answer(&mut s, k, form_kiosk::core::fill::Input::Text(v.into()));
    }
    let c = svc.confirm(&s, false, now()).unwrap().code;
    let row = |svc: &mut Service, code: &str| -> (Option<String>, Option<Vec<u8>>, Vec<String>) {
        let conn = svc.store().unwrap().local().unwrap().connection();
        let (answers, pdf) = conn.query_row("SELECT answers, pdf FROM dossiers WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        let mut st = conn.prepare("SELECT id_number FROM dossier_people WHERE code = ?1 ORDER BY id_number").unwrap();
        let people = st.query_map([code], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        (answers, pdf, people)
    };
    let (before_b, before_c) = (row(&mut svc, &b), row(&mut svc, &c));
    assert!(before_b.0.is_some() && before_b.1.is_some() && !before_b.2.is_empty());
    // the father is only on the birth dossier
    let r = svc.forget_citizen(FATHER.split('|').next().unwrap(), now()).unwrap();
    assert_eq!(r.codes, vec![a.clone()]);
    let after_a = row(&mut svc, &a);
    assert!(after_a.0.is_none() && after_a.1.is_none() && after_a.2.is_empty());
    assert_eq!(row(&mut svc, &b), before_b, "the residence dossier changed");
    assert_eq!(row(&mut svc, &c), before_c, "the extract dossier changed");
}

/// A profile's retention counts from its last use: a scan of the card or a look-up by
/// number keeps it; otherwise it goes.
#[test]
fn retention_is_extended_by_a_scan_or_a_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("k.db"), None).unwrap();
    let day = |d: i64| now() + chrono::Duration::days(d);
    let (m, f, g) = (parse(MOTHER, today()).unwrap(), parse(FATHER, today()).unwrap(), parse(GRANDFATHER, today()).unwrap());
    for c in [&m, &f, &g] {
        s.save_profile(c, "v1", day(0)).unwrap();
    }
    assert!(s.refresh_profile(&m, day(300)).unwrap(), "a scan refreshes");
    assert!(s.use_profile(&f.id_number, day(300)).unwrap().is_some(), "a look-up uses");
    let r = s.purge(day(400), 365, 30).unwrap();
    assert_eq!(r.profiles, 1, "only the unused one goes");
    assert!(s.profile(&m.id_number).unwrap().is_some() && s.profile(&f.id_number).unwrap().is_some());
    assert!(s.profile(&g.id_number).unwrap().is_none());
}

/// `db_key_file` in kiosk.toml encrypts the database: no SQLite header in the file, the CLI
/// reads it with the key and refuses it without.
#[test]
fn the_key_file_from_the_configuration_encrypts_the_database() {
    use predicates::prelude::*;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (db, key, cfg) = (dir.path().join("k.db"), dir.path().join("db.key"), dir.path().join("kiosk.toml"));
    std::fs::write(&key, "khóa bí mật của kiosk\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&cfg, format!("db_key_file = \"{}\"", key.display())).unwrap();
    let mut args = crate::support::birth_fill_args();
    args.extend(["--db".into(), db.display().to_string(), "--config".into(), cfg.display().to_string()]);
    crate::cli::kiosk().args(&args).assert().success();
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "the database is not encrypted");
    crate::cli::kiosk().arg("--db").arg(&db).arg("--config").arg(&cfg).args(["dossier", "list"]).assert().success().stdout(predicate::str::contains("1 hồ sơ"));
    crate::cli::kiosk().arg("--db").arg(&db).args(["dossier", "list"]).assert().code(2).stderr(predicate::str::contains("không phải cơ sở dữ liệu của kiosk"));
}

// ---- the data QR, read as docs/data-qr.md says, by code written here from that page alone

/// RFC 9285 Base45.
fn base45_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let v: Vec<u32> = s.chars().map(|c| ALPHABET.find(c).expect("a Base45 character") as u32).collect();
    let mut out = Vec::new();
    for chunk in v.chunks(3) {
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                assert!(n <= 0xFFFF);
                out.extend([(n >> 8) as u8, (n & 0xFF) as u8]);
            }
            [c, d] => {
                let n = c + d * 45;
                assert!(n <= 0xFF);
                out.push(n as u8);
            }
            _ => panic!("a Base45 text of one character"),
        }
    }
    out
}

/// The keys of a JSON object in the order they are written.
fn keys_in_order(json: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::de::Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut m: A) -> Result<Vec<String>, A::Error> {
            while let Some((k, _)) = m.next_entry::<String, serde::de::IgnoredAny>()? {
                self.0.push(k);
            }
            Ok(self.0)
        }
    }
    serde::Deserializer::deserialize_map(&mut serde_json::Deserializer::from_str(json), Keys(Vec::new())).unwrap()
}

/// Read the parts of one dossier as the page documents: `FKZ1:<i>/<n>:<code>:<chunk>`,
/// chunks in order, Base45, zlib, JSON.
fn read_data_qr(parts: &[String]) -> (String, String) {
    let mut got: Vec<(usize, usize, String, String)> = parts
        .iter()
        .map(|p| {
            let f: Vec<&str> = p.splitn(4, ':').collect();
            assert_eq!(f[0], "FKZ1");
            let (i, n) = f[1].split_once('/').unwrap();
            (i.parse().unwrap(), n.parse().unwrap(), f[2].to_string(), f[3].to_string())
        })
        .collect();
    got.sort_by_key(|g| g.0);
    assert!(got.iter().all(|g| g.1 == got.len() && g.2 == got[0].2), "parts of one dossier, all of them");
    let packed = base45_decode(&got.iter().map(|g| g.3.as_str()).collect::<String>());
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::ZlibDecoder::new(&packed[..]), &mut json).unwrap();
    (got[0].2.clone(), json)
}

#[test]
fn the_data_qr_reads_back_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(&dir.path().join("k.db"));
    for id in ["khai-sinh", "ct01", "ket-hon"] {
        let s = complete_session(&mut svc, id);
        let c = svc.confirm(&s, false, now()).unwrap();
        let path = dir.path().join(format!("{id}.pdf"));
        std::fs::write(&path, &c.pdf).unwrap();
        let found: Vec<String> = crate::support::decode_qr(&crate::support::pdftoppm(&path, 1, 300)).into_iter().filter(|p| p.starts_with("FKZ1:")).collect();
        let (code, json) = read_data_qr(&found);
        assert_eq!(code, c.code);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let t = svc.form(id).unwrap().clone();
        assert_eq!(v["fmt"], "form-kiosk/1");
        assert_eq!((v["form"].as_str(), v["v"].as_u64(), v["code"].as_str()), (Some(id), Some(t.version as u64), Some(c.code.as_str())));
        // the answers: in the form's order, derived fields left out, values as stored
        let a = &json[json.find("\"a\":").unwrap() + 4..json.len() - 1];
        let keys = keys_in_order(a);
        let order: Vec<&str> = t.fields.iter().filter(|f| f.in_words_of.is_none()).map(|f| f.id.as_str()).filter(|k| keys.iter().any(|x| x == k)).collect();
        assert_eq!(keys, order, "{id}: not in the form's order");
        assert!(!keys.iter().any(|k| t.field(k).is_some_and(|f| f.in_words_of.is_some())), "{id}: a derived field");
        let stored: BTreeMap<String, serde_json::Value> = c
            .filled
            .answers
            .iter()
            .filter(|(k, _)| t.field(k).is_some_and(|f| f.in_words_of.is_none()))
            .map(|(k, a)| (k.clone(), serde_json::to_value(&a.value).unwrap()))
            .collect();
        let read: BTreeMap<String, serde_json::Value> = serde_json::from_value(v["a"].clone()).unwrap();
        assert_eq!(read, stored, "{id}");
    }
}

/// Field ids are stable: stored dossiers and printed data QRs name them. A change to a form's
/// ids must update `forms/field-ids.txt` deliberately.
#[test]
fn field_ids_are_the_checked_in_list() {
    let (set, _) = forms_io::bundled();
    let mut now_ids = String::new();
    let mut all = set.all.clone();
    all.sort_by(|a, b| (&a.id, a.version).cmp(&(&b.id, b.version)));
    for t in &all {
        now_ids.push_str(&format!("{} v{}: {}\n", t.id, t.version, t.fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(" ")));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/forms/field-ids.txt");
    let listed = std::fs::read_to_string(path).unwrap_or_default();
    let listed: String = listed.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| format!("{l}\n")).collect();
    if std::env::var_os("FORM_KIOSK_BLESS_IDS").is_some() {
        std::fs::write(path, format!("# Field ids of every bundled form version, as stored in dossiers and printed in the data QR.\n# Changing a form's ids is a decision: bump its version, then FORM_KIOSK_BLESS_IDS=1 cargo test field_ids.\n{now_ids}")).unwrap();
        return;
    }
    assert_eq!(listed, now_ids, "field ids changed: if on purpose, bump the form's version and run FORM_KIOSK_BLESS_IDS=1 cargo test field_ids");
}

/// A word on a page as poppler reads it from the PDF: position in millimetres.
#[derive(Debug)]
struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

fn words(pdf: &Path) -> (Vec<(f32, f32)>, Vec<Word>) {
    let out = std::process::Command::new("pdftotext").args(["-bbox"]).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let k = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[k..].split('"').next().unwrap().parse::<f32>().unwrap() * 25.4 / 72.0
    };
    let (mut pages, mut ws) = (Vec::new(), Vec::new());
    for tag in html.split('<').skip(1) {
        if tag.starts_with("page ") {
            pages.push((attr(tag, "width"), attr(tag, "height")));
        } else if tag.starts_with("word ") {
            let text = tag.split('>').nth(1).unwrap_or_default().to_string();
            ws.push(Word { x0: attr(tag, "xMin"), y0: attr(tag, "yMin"), x1: attr(tag, "xMax"), y1: attr(tag, "yMax"), text });
        }
    }
    (pages, ws)
}

/// The font sizes the PDF's text is set in, and how many text runs each (from the content
/// streams themselves).
fn font_sizes(pdf: &[u8]) -> BTreeMap<String, usize> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut sizes = BTreeMap::new();
    for (_, id) in doc.get_pages() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
        for op in content.operations.iter().filter(|o| o.operator == "Tf") {
            let size = op.operands[1].as_float().unwrap();
            *sizes.entry(format!("{size}")).or_insert(0) += 1;
        }
    }
    sizes
}

/// The page as Nghị định 30/2020 lays it out, measured on the PDF: A4, text inside the
/// margins (left 30 mm, right 15 mm, top and bottom 20 mm), the body in 13 pt; the marriage
/// form's two columns side by side.
#[test]
fn the_page_geometry_is_read_from_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(&dir.path().join("k.db"));
    let ids: Vec<String> = svc.forms.forms.iter().map(|t| t.id.clone()).collect();
    for id in ids {
        let s = complete_session(&mut svc, &id);
        let c = svc.confirm(&s, false, now()).unwrap();
        let path = dir.path().join(format!("{id}.pdf"));
        std::fs::write(&path, &c.pdf).unwrap();
        let (pages, ws) = words(&path);
        for (w, h) in &pages {
            assert!((w - 210.0).abs() < 0.2 && (h - 297.0).abs() < 0.2, "{id}: page {w} × {h} mm");
        }
        let body: Vec<&Word> = ws.iter().filter(|w| !w.text.starts_with("Trang") && !w.text.contains('/') || w.y0 < 270.0).collect();
        let left = body.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
        assert!((left - 30.0).abs() < 0.3, "{id}: the text starts {left} mm from the left edge");
        for w in &body {
            assert!(w.x1 <= 195.3, "{id}: `{}` ends {} mm from the left (margin 15 mm)", w.text, w.x1);
            assert!(w.y0 >= 19.5, "{id}: `{}` starts {} mm from the top", w.text, w.y0);
        }
        // nothing but the page number in the bottom margin
        for w in ws.iter().filter(|w| w.y1 > 277.3) {
            assert!(w.text.starts_with("Trang") || w.text.contains('/'), "{id}: `{}` in the bottom margin", w.text);
        }
        // the type sizes: the body (its first word, "Kính gửi"), the motto and the title,
        // from the height poppler gives each word (Liberation Serif's ascent + descent is
        // 1.107 em) and from the content streams' Tf operators
        let pt = |t: &str| ws.iter().find(|w| w.text == t).map(|w| (w.y1 - w.y0) * 72.0 / 25.4 / 1.107).unwrap_or_else(|| panic!("{id}: no `{t}`"));
        let body_word = if ws.iter().any(|w| w.text == "Kính") { "Kính" } else { "THÔNG" };
        for (word, size) in [(body_word, 13.0), ("CỘNG", 12.0), ("TỜ", 14.0)] {
            assert!((pt(word) - size).abs() < 0.15, "{id}: `{word}` is set in {} pt, not {size}", pt(word));
        }
        let sizes = font_sizes(&c.pdf);
        assert!(sizes.get("13").is_some_and(|n| *n >= 10), "{id}: {sizes:?}");
        if id == "ket-hon" {
            // the bride's and the groom's answers in two columns, the groom's to the right
            let x_of = |t: &str| ws.iter().find(|w| w.text == t).map(|w| w.x0).unwrap_or_else(|| panic!("{id}: no `{t}`"));
            let (bride, groom) = (x_of("Bên"), ws.iter().filter(|w| w.text == "Bên").map(|w| w.x0).fold(0.0, f32::max));
            assert!(groom - bride > 50.0, "{id}: the columns are not side by side ({bride}, {groom})");
        }
    }
}

/// Which pixel rows (`rows`) or columns hold ink, as 1 or 0 (so that a rule drawn one pixel
/// thicker by one renderer weighs no more than a line of text).
fn profile(img: &image::GrayImage, rows: bool) -> Vec<f64> {
    let (n, m) = if rows { (img.height(), img.width()) } else { (img.width(), img.height()) };
    (0..n)
        .map(|i| {
            let ink = (0..m).filter(|j| (if rows { img.get_pixel(*j, i) } else { img.get_pixel(i, *j) }).0[0] < 128).count();
            if ink >= 2 {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// The shift (in pixels, within ±`max`) at which two profiles agree best, and how well
/// (normalised correlation, 1 = the same).
fn best_shift(a: &[f64], b: &[f64], max: i64) -> (i64, f64) {
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    (-max..=max)
        .map(|d| {
            let dot: f64 = (0..a.len() as i64).filter_map(|i| b.get((i + d) as usize).filter(|_| i + d >= 0).map(|y| a[i as usize] * y)).sum();
            (d, dot / (norm(a) * norm(b)))
        })
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .unwrap()
}

/// The review picture and the printout agree: the same lines at the same heights and the
/// same text at the same places across, drawn by two different programs (the kiosk's own
/// picture, and poppler from the PDF).
#[test]
fn the_review_picture_and_the_printout_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(&dir.path().join("k.db"));
    for id in ["khai-sinh", "ket-hon", "ct01"] {
        let s = complete_session(&mut svc, id);
        let c = svc.confirm(&s, false, now()).unwrap();
        let path = dir.path().join(format!("{id}.pdf"));
        std::fs::write(&path, &c.pdf).unwrap();
        let printed = crate::support::pdftoppm(&path, 1, 100);
        let t = svc.form(id).unwrap().clone();
        let doc = svc.document(&t, &c.filled.answers, Some(&c.code));
        let review = image::load_from_memory(&form_kiosk::preview::png(&doc, 0, 100.0)).unwrap().to_luma8();
        assert!((printed.width() as i64 - review.width() as i64).abs() <= 1 && (printed.height() as i64 - review.height() as i64).abs() <= 1);
        for rows in [true, false] {
            let (shift, r) = best_shift(&profile(&printed, rows), &profile(&review, rows), 8);
            assert!(shift.abs() <= 1 && r > 0.9, "{id}: the {} agree best {shift} px apart, at {r:.3}", if rows { "rows" } else { "columns" });
        }
        // and the check can tell: the printout against the picture of another form does not agree
        let other = svc.form(if id == "ct01" { "khai-tu" } else { "ct01" }).unwrap().clone();
        let wrong = image::load_from_memory(&form_kiosk::preview::png(&svc.document(&other, &Default::default(), None), 0, 100.0)).unwrap().to_luma8();
        let (_, r) = best_shift(&profile(&printed, true), &profile(&wrong, true), 0);
        assert!(r < 0.9, "{id}: another form's picture agrees at {r:.3}: the check cannot tell");
    }
}
