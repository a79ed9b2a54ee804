//! Input cleaned where harmless and refused where it cannot print; configuration and
//! templates that cannot break the kiosk; exits and messages that say what happened — each
//! case of the adversarial run, as a test that failed before its fix.

use crate::cli::kiosk;
use crate::support::{now, today, FATHER, MOTHER};
use form_kiosk::core::card::parse;
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::{Input, Severity};
use form_kiosk::core::layout::{Item, Measure, PAGE_W};
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};
use predicates::prelude::*;
use std::collections::BTreeMap;

fn svc() -> Service {
    Service::new(forms_io::bundled().0, KioskConfig::default())
}

/// A card as a scanner may send it: a byte-order mark, a tab or line break inside a field,
/// zero-width and bidi characters — cleaned, never kept and printed.
#[test]
fn card_payloads_are_cleaned() {
    let clean = parse(MOTHER, today()).unwrap();
    for dirty in [
        format!("\u{FEFF}{MOTHER}"),
        format!("{MOTHER}\u{FEFF}"),
        MOTHER.replace("Nguyễn Thị An", "Nguyễn\tThị\nAn"),
        MOTHER.replace("Nguyễn Thị An", "Nguyễn\u{200B} Thị\u{200D} An\u{202E}"),
        MOTHER.replace("Khóm 1", "Khóm\u{2060} 1"),
        format!("{MOTHER}\r\n"),
    ] {
        let c = parse(&dirty, today()).unwrap_or_else(|e| panic!("{dirty:?}: {e}"));
        assert_eq!(c, clean, "{dirty:?}");
    }
}

/// What the print font has no glyph for (another script, an emoji) is refused in every field
/// that takes text, typed or from a card, with the field asked again — never printed blank.
#[test]
fn characters_the_print_font_cannot_print_are_refused() {
    let mut s = svc();
    let cases = [
        ("child_name", "Nguyễn 李"),
        ("child_name", "Иван Петров"),
        ("requester_id_doc", "Căn cước số 001190123456 😀"),
        ("child_birth_place", "Bệnh viện 北京, Phường An Bình, Tỉnh Đồng Tháp"),
        ("child_name", "Lê ☃"),
    ];
    for (field, value) in cases {
        let f = s.fill("khai-sinh", &[ScannedCard::qr(None, MOTHER)], &[(field.into(), Input::Text(value.into()))], now()).unwrap();
        assert!(!f.answers.contains_key(field), "{field}: {value} kept");
        let d = f.diagnostics.iter().find(|d| d.field.as_deref() == Some(field)).unwrap_or_else(|| panic!("{field}: no message"));
        assert_eq!(d.severity, Severity::Error);
        assert!(!d.message().contains(value), "the message repeats the value");
    }
    // a card whose name the font cannot print: the name is asked for, the rest of the card stays
    let card = MOTHER.replace("Nguyễn Thị An", "Nguyễn Thị 安");
    let f = s.fill("khai-sinh", &[ScannedCard::qr(None, &card)], &[], now()).unwrap();
    assert!(!f.answers.contains_key("requester_name"));
    assert!(f.diagnostics.iter().any(|d| d.field.as_deref() == Some("requester_name") && d.severity == Severity::Error), "asked again");
    assert!(f.answers.contains_key("requester_birth_date"));
}

/// A time of death as people write it; anything that is not a time is refused.
#[test]
fn death_times_are_read_right_or_refused() {
    let mut s = svc();
    for (typed, stored) in
        [("2 giờ chiều", Some("14:00")), ("14h30", Some("14:30")), ("10 giờ đêm", Some("22:00")), ("-1:30", None), ("99999999999:00", None), ("<script>", None)]
    {
        let f = s.fill("khai-tu", &[], &[("death_time".into(), Input::Text(typed.into()))], now()).unwrap();
        assert_eq!(f.text("death_time"), stored, "{typed}");
        if stored.is_none() {
            assert!(f.diagnostics.iter().any(|d| d.field.as_deref() == Some("death_time") && d.severity == Severity::Error), "{typed}");
        }
    }
}

/// The form's date cannot be in the future; control characters (terminal escapes) are
/// refused in every text answer, so `dossier show` never replays them.
#[test]
fn future_dates_and_control_characters_are_refused() {
    let mut s = svc();
    let f = s.fill("khai-sinh", &[], &[("made_on".into(), Input::Text("01/01/2030".into()))], now()).unwrap();
    assert!(f.diagnostics.iter().any(|d| d.field.as_deref() == Some("made_on") && d.severity == Severity::Error));
    for v in ["An\u{1b}[2J", "An\u{0}", "An\u{7}"] {
        let f = s.fill("khai-sinh", &[], &[("requester_id_doc".into(), Input::Text(v.into()))], now()).unwrap();
        assert!(!f.answers.contains_key("requester_id_doc"), "{v:?}");
    }
}

/// The CLI never repeats a refused argument: a `--set` without `=`, a table with a column
/// it does not have, a JSON value of the wrong type.
#[test]
fn refused_arguments_are_not_repeated() {
    let secret = "Nguyễn Văn Bí Mật";
    kiosk()
        .args(["fill", "--form", "khai-sinh", "--no-store", "--set", secret])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("MỤC=GIÁ_TRỊ").and(predicate::str::contains(secret).not()));
    let rows = format!(r#"--set=members=[{{"{secret}": "x"}}]"#);
    kiosk()
        .args(["fill", "--form", "ct01", "--no-store"])
        .arg(&rows)
        .assert()
        .stdout(predicate::str::contains("cột").and(predicate::str::contains(secret).not()))
        .stderr(predicate::str::contains(secret).not());
    let typed = format!(r#"--set=members=[{{"full_name": ["{secret}"]}}]"#);
    kiosk()
        .args(["fill", "--form", "ct01", "--no-store"])
        .arg(&typed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kiểu dữ liệu").and(predicate::str::contains(secret).not()));
}

/// Long unbroken words stay inside their cell: the marriage form's columns, CT01's table.
#[test]
fn long_words_break_inside_their_cells() {
    let m = form_kiosk::pdf::metrics();
    let word = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut s = svc();
    let cases: Vec<(&str, Vec<(String, Input)>)> = vec![
        ("ket-hon", vec![("bride_name".into(), Input::Text(format!("Lê {word}"))), ("groom_id_doc".into(), Input::Text(format!("Hộ chiếu {word}{word}")))]),
        (
            "ct01",
            vec![(
                "members".into(),
                Input::Rows(vec![BTreeMap::from([
                    ("full_name".into(), format!("Lê {word}")),
                    ("birth_date".into(), "01/01/2010".into()),
                    ("sex".into(), "Nam".into()),
                    ("relation".into(), format!("{word}{word}")),
                ])]),
            )],
        ),
    ];
    for (form, inputs) in cases {
        let t = s.form(form).unwrap().clone();
        let f = s.fill(form, &[], &inputs, now()).unwrap();
        assert!(!f.has_errors(), "{form}: {:?}", f.diagnostics);
        let doc = s.document(&t, &f.answers, None);
        let rects: Vec<(f32, f32, f32, f32)> = doc
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Rect { x, y, w, h } => Some((*x, x + w, *y, y + h)),
                _ => None,
            })
            .collect();
        let mut checked = 0;
        for p in &doc.pages {
            for i in &p.items {
                if let Item::Text { x, y, face, size, text } = i {
                    let end = x + m.width(*face, *size, text);
                    assert!(end <= PAGE_W - 15.0 + 0.2, "{form}: `{text}` runs off the page");
                    if text.contains("aaaaaaaaaa") {
                        // inside the cell it starts in
                        let (_, right, _, _) = rects
                            .iter()
                            .filter(|(l, r, top, bottom)| *l <= *x && *x < *r && *top <= *y && *y <= *bottom)
                            .min_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
                            .expect("in a cell");
                        assert!(end <= right + 0.2, "{form}: `{text}` leaves its cell");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked >= 2, "{form}: the long word was not found ({checked})");
    }
}

/// Every number in kiosk.toml is bounded, every text's length and shape checked: one clear
/// message naming the key, exit 2 — never a panic at start.
#[test]
fn a_bad_configuration_is_named_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    for (line, key) in [
        ("dossier_retention_days = 4294967295", "dossier_retention_days"),
        ("profile_retention_days = 4294967295", "profile_retention_days"),
        ("agency_code = \"H20\"", "agency_code"),
        ("record_url = \"http://x.vn/{code}\"", "record_url"),
    ] {
        let cfg = dir.path().join("kiosk.toml");
        std::fs::write(&cfg, line).unwrap();
        kiosk()
            .arg("--config")
            .arg(&cfg)
            .arg("--db")
            .arg(dir.path().join("k.db"))
            .args(["dossier", "list"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("`{key}`")).and(predicate::str::contains("panicked").not()));
    }
}

/// The database key file: empty is refused in Vietnamese; readable by others, a warning.
#[test]
fn key_file_problems_are_explained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("db.key");
    let cfg = dir.path().join("kiosk.toml");
    std::fs::write(&cfg, format!("db_key_file = \"{}\"", key.display())).unwrap();
    std::fs::write(&key, "\n").unwrap();
    let run = || kiosk().arg("--config").arg(&cfg).arg("--db").arg(dir.path().join("k.db")).args(["purge"]).assert();
    run().code(2).stderr(predicate::str::contains("đang trống"));
    std::fs::write(&key, "một khóa dài\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    run().success().stderr(predicate::str::contains("chmod 600"));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    run().success().stderr(predicate::str::contains("chmod").not());
}

/// Reading commands never create a database or its directory.
#[test]
fn reading_commands_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/dir/x.db");
    for args in [&["dossier", "list"][..], &["dossier", "show", "A-261127-0001"], &["dossier", "audit"]] {
        kiosk().arg("--db").arg(&db).args(args).assert().code(2).stderr(predicate::str::contains("chưa có cơ sở dữ liệu"));
    }
    assert!(!dir.path().join("no").exists(), "a directory was created");
}

/// One template that is not UTF-8 is skipped with its diagnostic; the others stay usable.
#[test]
fn a_template_that_is_not_text_spoils_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mini.toml"), crate::forms::MINIMAL).unwrap();
    std::fs::write(dir.path().join("broken.toml"), b"id = \"broken\"\ntitle = \"\xff\xfe\"\n").unwrap();
    let (set, diags) = forms_io::load_paths(&[dir.path().to_path_buf()]).unwrap();
    assert!(set.get("mini").is_some());
    assert!(diags.iter().any(|d| d.file.ends_with("broken.toml") && d.message.contains("UTF-8")), "{diags:?}");
    kiosk().args(["forms", "check"]).arg(dir.path()).assert().code(2).stderr(predicate::str::contains("broken.toml"));
}

/// Sixteen kiosk processes writing at once: every confirmation goes through (the database
/// waits and retries), every code is different. Bounded: 16 × 25 confirmations.
#[test]
fn sixteen_writers_confirm_every_dossier() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    form_kiosk::store::Store::open(&db, None).unwrap();
    let children: Vec<_> = (0..16).map(|_| crate::crash::confirm_loop(&db, 25).stderr(std::process::Stdio::piped()).spawn().unwrap()).collect();
    let mut codes = std::collections::BTreeSet::new();
    for mut c in children {
        let mut out = String::new();
        c.stdout.take().unwrap().read_to_string(&mut out).unwrap();
        let mut err = String::new();
        c.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = c.wait().unwrap();
        assert!(status.success(), "a writer failed ({status}): {err}");
        codes.extend(out.lines().map(String::from));
    }
    assert_eq!(codes.len(), 400, "every confirmation has its own code");
}

/// `form-kiosk … | head` ends quietly; an unknown command is explained in Vietnamese; an
/// argument that is not UTF-8 too.
#[test]
fn exits_and_messages() {
    use std::io::Read as _;
    use std::os::unix::ffi::OsStrExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_form-kiosk"))
        .args(["forms", "show", "khai-sinh", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    kiosk().arg("nonsense").assert().code(2).stderr(predicate::str::contains("không có lệnh này"));
    kiosk().args(["forms", "show"]).arg(std::ffi::OsStr::from_bytes(b"\xff\xfe")).assert().code(2).stderr(predicate::str::contains("UTF-8"));
    kiosk().arg("--help").assert().success().stdout(predicate::str::contains("Mã thoát").and(predicate::str::contains("5 cơ sở dữ liệu đang bận")));
}

/// A reprint of an unknown code says so, once — not "could not save"; `purge` says what it
/// erased.
#[test]
fn messages_say_what_happened_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut args = crate::support::birth_fill_args();
    args.extend(["--db".into(), db.display().to_string()]);
    kiosk().args(&args).assert().success();
    let out = kiosk()
        .arg("--db")
        .arg(&db)
        .args(["dossier", "reprint", "000.00.00.H20-261127-9999", "--out"])
        .arg(dir.path().join("x.pdf"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8(out).unwrap();
    assert!(msg.contains("Không có hồ sơ 000.00.00.H20-261127-9999"), "{msg}");
    assert!(!msg.contains("Không lưu được"), "{msg}");
    assert_eq!(msg.matches("Không có hồ sơ").count(), 1, "said twice: {msg}");
    // a year later, `purge` erases the dossier and says so
    assert_cmd::Command::cargo_bin("form-kiosk")
        .unwrap()
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .arg("--db")
        .arg(&db)
        .args(["--today", "27/11/2027", "purge"])
        .assert()
        .success()
        .stdout(predicate::str::contains("và 1 hồ sơ quá hạn"));
}

/// The marriage form's sides and a father's card on another role keep working after the
/// cleaning (regression guard for the new card reading).
#[test]
fn two_cards_with_dirty_payloads_fill_the_marriage_form() {
    let mut s = svc();
    let f = s
        .fill("ket-hon", &[ScannedCard::qr(Some("bride"), &format!("\u{FEFF}{MOTHER}")), ScannedCard::qr(Some("groom"), &format!("{FATHER}\r\n"))], &[], now())
        .unwrap();
    assert_eq!(f.text("bride_name"), Some("Nguyễn Thị An"));
    assert_eq!(f.text("groom_name"), Some("Trần Văn Bình"));
}
