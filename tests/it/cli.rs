//! The `form-kiosk` binary, run as a process.

use crate::support::{birth_fill_args, form_files, FATHER, MOTHER, TODAY};
use assert_cmd::Command;
use predicates::prelude::*;

/// A private data directory for the CLI runs of this test binary, so no test touches the
/// user's real database.
pub fn data_home() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

pub fn kiosk() -> Command {
    let mut c = Command::cargo_bin("form-kiosk").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent-config").env("XDG_DATA_HOME", data_home()).args(["--today", TODAY]);
    c
}

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

#[test]
fn forms_list_json() {
    let out = kiosk().args(["forms", "list", "--json"]).assert().success().get_output().stdout.clone();
    let v = json_of(&out);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), form_files().len());
    let birth = list.iter().find(|f| f["id"] == "khai-sinh").unwrap();
    assert_eq!(birth["procedure_code"], "1.001193");
    assert_eq!(birth["title"], "TỜ KHAI ĐĂNG KÝ KHAI SINH");
}

#[test]
fn forms_list_text() {
    kiosk().args(["forms", "list"]).assert().success().stdout(predicate::str::contains("khai-sinh").and(predicate::str::contains("1.001193")));
}

#[test]
fn forms_show_json() {
    let out = kiosk().args(["forms", "show", "khai-sinh", "--json"]).assert().success().get_output().stdout.clone();
    let v = json_of(&out);
    let fields = v["fields"].as_array().unwrap();
    let name = fields.iter().find(|f| f["id"] == "requester_name").unwrap();
    assert_eq!(name["label"], "Họ, chữ đệm, tên người yêu cầu");
    assert_eq!(name["kind"], "name");
    assert_eq!(name["required"], true);
    assert_eq!(name["role"], "requester");
    assert_eq!(name["prefill"], "card.full_name");
    let made_on = fields.iter().find(|f| f["id"] == "made_on").unwrap();
    assert_eq!(made_on["prefill"], "today");
    kiosk().args(["forms", "show", "nope"]).assert().code(2).stderr(predicate::str::contains("no form `nope`"));
}

#[test]
fn forms_check_bundled_and_broken() {
    kiosk().args(["forms", "check"]).assert().success().stdout(predicate::str::contains("0 problem"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hong.toml"), "id = \"hong\"\nversion = 1\n[[roles]]\nid = 3\n").unwrap();
    kiosk().args(["forms", "check"]).arg(dir.path()).assert().code(2).stderr(predicate::str::contains("hong.toml"));
}

/// Adding a form is adding one file: a new template dropped into a copy of `forms/`.
#[test]
fn a_new_form_is_one_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in form_files() {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("nhan-con-nuoi.toml"),
        r#"# a form added by dropping this file in
id = "nhan-con-nuoi"
version = 1
title = "TỜ KHAI ĐĂNG KÝ VIỆC NUÔI CON NUÔI"
name = "Đăng ký nuôi con nuôi"
group = "Hộ tịch"
procedure_code = "1.003005"
legal_basis = "Thông tư 10/2020/TT-BTP"
[[roles]]
id = "requester"
label = "Người nhận con nuôi"
card = true
[[signatures]]
title = "Người nhận con nuôi"
name_field = "requester_name"
[[sections]]
id = "main"
[[sections.fields]]
id = "requester_name"
label = "Họ, chữ đệm, tên"
kind = "name"
role = "requester"
prefill = "card.full_name"
[[sections.fields]]
id = "child_name"
label = "Họ, chữ đệm, tên người được nhận làm con nuôi"
kind = "name"
[[sections.fields]]
id = "made_on"
label = "Ngày làm tờ khai"
kind = "date"
prefill = "today"
"#,
    )
    .unwrap();
    kiosk().arg("--forms").arg(dir.path()).args(["forms", "check"]).assert().success();
    kiosk().arg("--forms").arg(dir.path()).args(["forms", "list"]).assert().success().stdout(predicate::str::contains("nhan-con-nuoi"));
    let out = kiosk()
        .arg("--forms")
        .arg(dir.path())
        .args(["fill", "--form", "nhan-con-nuoi", "--card", MOTHER, "--set", "child_name=lê văn tí", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["complete"], true);
    let answers = v["answers"].as_array().unwrap();
    assert!(answers.iter().any(|a| a["id"] == "child_name" && a["value"] == "Lê Văn Tí" && a["source"] == "typed"));
}

#[test]
fn fill_complete_exits_0_with_sources() {
    let out = kiosk()
        .args(["fill", "--form", "khai-sinh", "--json", "--card", MOTHER])
        .arg(format!("--card=mother={MOTHER}"))
        .arg(format!("--card=father={FATHER}"))
        .args([
            "--set",
            "requester_relation=Mẹ",
            "--set",
            "child_name=Trần Bảo Ngọc",
            "--set",
            "child_birth_date=05/02/2026",
            "--set",
            "child_sex=Nữ",
            "--set",
            "child_ethnicity=Kinh",
            "--set",
            "child_birth_place=Phường An Bình, Tỉnh Đồng Tháp",
            "--set",
            "child_hometown=Tỉnh Đồng Tháp",
            "--set",
            "mother_ethnicity=Kinh",
            "--set",
            "father_ethnicity=Kinh",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["complete"], true);
    let a = |id: &str| v["answers"].as_array().unwrap().iter().find(|a| a["id"] == id).cloned().unwrap();
    assert_eq!(a("requester_name")["source"], "card");
    assert_eq!(a("requester_name")["card_role"], "requester");
    assert_eq!(a("father_name")["value"], "Trần Văn Bình");
    assert_eq!(a("father_name")["card_role"], "father");
    assert_eq!(a("addressee")["source"], "config");
    assert_eq!(a("made_on")["value"], TODAY);
    assert_eq!(a("child_name")["source"], "typed");
}

#[test]
fn fill_incomplete_exits_3_listing_label_and_id() {
    kiosk()
        .args(["fill", "--form", "khai-sinh", "--card", MOTHER])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("Còn thiếu").and(predicate::str::contains("Họ, chữ đệm, tên (child_name)")));
}

#[test]
fn fill_bad_input_exits_2() {
    // not a card
    kiosk()
        .args(["fill", "--form", "khai-sinh", "--card", "https://example.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không phải mã QR của thẻ căn cước"));
    // wrong date
    kiosk()
        .args(["fill", "--form", "khai-sinh", "--set", "child_birth_date=31/04/2026"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Ngày không hợp lệ"));
    // unknown form, malformed --set, bad table JSON, unknown option
    kiosk().args(["fill", "--form", "nope"]).assert().code(2).stderr(predicate::str::contains("Không có thủ tục `nope`"));
    kiosk().args(["fill", "--form", "khai-sinh", "--set", "child_name"]).assert().code(2).stderr(predicate::str::contains("MỤC=GIÁ_TRỊ"));
    kiosk()
        .args(["fill", "--form", "ct01", "--set", "members=not json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--set members: bảng cần dạng JSON").and(predicate::str::contains("cú pháp")));
    kiosk().args(["fill", "--bogus"]).assert().code(2).stderr(predicate::str::contains("tùy chọn không có"));
}

#[test]
fn card_command() {
    kiosk().args(["card", MOTHER]).assert().success().stdout(predicate::str::contains("Nguyễn Thị An"));
    kiosk().args(["card", "xyz"]).assert().code(2);
}

#[test]
fn config_file_changes_prefill() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("kiosk.toml");
    std::fs::write(&cfg, "agency_name = \"Ủy ban nhân dân phường Cao Lãnh\"\nplace = \"Cao Lãnh\"\ncommune = \"Phường Cao Lãnh\"\n").unwrap();
    let out = kiosk().arg("--config").arg(&cfg).args(["fill", "--form", "khai-sinh", "--json"]).assert().code(3).get_output().stdout.clone();
    let v = json_of(&out);
    let a = v["answers"].as_array().unwrap();
    assert!(a.iter().any(|x| x["id"] == "made_at" && x["value"] == "Cao Lãnh"));
    std::fs::write(&cfg, "commune = \"Phường Bến Nghé\"\n").unwrap();
    kiosk().arg("--config").arg(&cfg).args(["forms", "list"]).assert().success();
    kiosk().arg("--config").arg(&cfg).args(["fill", "--form", "khai-sinh"]).assert().code(2).stderr(predicate::str::contains("commune"));
}

/// The example configuration shipped in assets/ is the built-in default.
#[test]
fn shipped_example_config_is_the_default() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/kiosk.toml")).unwrap();
    assert_eq!(form_kiosk::core::config::parse_config(&text).unwrap(), form_kiosk::core::config::KioskConfig::default());
    // the package's is the same but for where the database and its key are
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/debian/kiosk.toml")).unwrap();
    let packaged = form_kiosk::core::config::parse_config(&text).unwrap();
    let expected = form_kiosk::core::config::KioskConfig {
        db_key_file: Some("/var/lib/form-kiosk/db.key".into()),
        database: "/var/lib/form-kiosk/kiosk.db".into(),
        ..form_kiosk::core::config::KioskConfig::default()
    };
    assert_eq!(packaged, expected);
}

/// `staff-pin` turns a PIN typed on standard input into the kiosk.toml line; the line is a
/// valid configuration whose hash accepts that PIN and no other. A PIN of the wrong shape: exit 2.
#[test]
fn staff_pin_line() {
    let out = kiosk().arg("staff-pin").write_stdin("246810\n").assert().success().get_output().stdout.clone();
    let line = String::from_utf8(out).unwrap();
    assert!(line.starts_with("staff_pin_hash = \"$argon2id$") && !line.contains("246810"), "{line}");
    let cfg = form_kiosk::core::config::parse_config(&line).expect("the printed line is valid kiosk.toml");
    use form_kiosk::staff::{verify_pin, PinCheck};
    assert_eq!(verify_pin(&cfg.staff_pin_hash, "246810"), PinCheck::Right);
    assert_eq!(verify_pin(&cfg.staff_pin_hash, "246811"), PinCheck::Wrong);
    kiosk().arg("staff-pin").write_stdin("12ab\n").assert().code(2).stderr(predicates::str::contains("6 đến 12 chữ số"));
}

/// Every command the README lists, run as an office would, its output read: fill with consent,
/// the profile shown and used by number, the day's list, one dossier, handed over, the audit
/// log, a card as JSON, a printout and the review picture written to files.
#[test]
fn every_readme_command_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let run = |args: &[&str]| -> String {
        let out = kiosk().arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let fill: Vec<String> = crate::support::birth_fill_args();
    let fill: Vec<&str> = fill.iter().map(String::as_str).collect();
    let out = run(&[&fill[..], &["--consent"]].concat());
    assert!(out.contains("Đã lưu thông tin thẻ"), "{out}");
    let code = out.lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ")).unwrap().to_string();

    // the profile kept with consent: shown, and filling from the number alone
    let show = run(&["citizen", "show", "0011 9012 3456"]);
    assert!(show.contains("Họ, chữ đệm, tên: Nguyễn Thị An") && show.contains("Đồng ý lưu lúc"), "{show}");
    let json: serde_json::Value = serde_json::from_str(&run(&["citizen", "show", "001190123456", "--json"])).unwrap();
    assert_eq!(json["card"]["full_name"], "Nguyễn Thị An");
    // (incomplete without the other answers: exit 3, the answers listed)
    let out = kiosk().arg("--db").arg(&db).args(["fill", "--form", "trich-luc", "--card-id", "001190123456", "--no-store"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let by_id = String::from_utf8(out.stdout).unwrap();
    assert!(by_id.contains("Nguyễn Thị An  [thông tin đã lưu (requester)]"), "{by_id}");

    // the day's dossiers and one of them
    let list: serde_json::Value = serde_json::from_str(&run(&["dossier", "list", "--json"])).unwrap();
    assert_eq!(list[0]["code"], code.as_str());
    assert_eq!(list[0]["form_id"], "khai-sinh");
    assert_eq!(list[0]["status"], "confirmed");
    assert!(run(&["dossier", "list"]).contains("1 hồ sơ"));
    let one = run(&["dossier", "show", &code]);
    assert!(one.contains(&format!("Mã hồ sơ: {code}")) && one.contains("Trạng thái: đã xác nhận"), "{one}");
    assert!(one.contains("Họ, chữ đệm, tên: Trần Bảo Ngọc"), "{one}");
    let shown: serde_json::Value = serde_json::from_str(&run(&["dossier", "show", &code, "--json"])).unwrap();
    assert_eq!(shown["answers"]["child_name"]["value"], "Trần Bảo Ngọc");

    // handed over at the desk, and the audit log says so, with no personal data
    assert_eq!(run(&["dossier", "handed-over", &code]).trim(), format!("Hồ sơ {code}: đã nộp tại quầy"));
    assert!(run(&["dossier", "show", &code]).contains("Trạng thái: đã nộp tại quầy"));
    let audit = run(&["dossier", "audit"]);
    assert!(audit.lines().any(|l| l.contains("handed_over") && l.contains("staff") && l.contains(&code)), "{audit}");
    assert!(audit.lines().any(|l| l.contains("confirm") && l.contains("khai-sinh")), "{audit}");
    assert!(!audit.contains("Nguyễn") && !audit.contains("001190123456"), "{audit}");

    // a card as JSON
    let card: serde_json::Value = serde_json::from_str(&run(&["card", FATHER, "--json"])).unwrap();
    assert_eq!(card["id_number"], "087088004321");
    assert_eq!(card["full_name"], "Trần Văn Bình");

    // the printout and the review picture, before anything is stored
    let (pdf, png) = (dir.path().join("x.pdf"), dir.path().join("x.png"));
    let out = run(&[&fill[..], &["--no-store", "--out", pdf.to_str().unwrap(), "--preview", png.to_str().unwrap()]].concat());
    assert!(!out.contains("Mã hồ sơ:"), "--no-store stored: {out}");
    assert!(crate::support::pdftotext(&pdf).contains("TỜ KHAI ĐĂNG KÝ KHAI SINH"));
    let img = image::open(&png).unwrap();
    assert!(img.width() > 500 && img.height() as f32 / img.width() as f32 > 1.3, "an A4 page: {}×{}", img.width(), img.height());
    assert_eq!(run(&["dossier", "list"]).matches(" hồ sơ").count(), 1, "nothing more stored");
}

/// Every exit status is in `--help` (from `cli::Exit`, the one list) and in the README.
#[test]
fn exit_codes_are_documented() {
    use form_kiosk::cli::Exit;
    let help = String::from_utf8(kiosk().arg("--help").assert().success().get_output().stdout.clone()).unwrap();
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let codes = &readme[readme.find("Exit codes").expect("README says the exit codes")..];
    let codes = &codes[..codes.find("Reading").unwrap_or(codes.len())];
    for e in Exit::ALL {
        assert!(help.contains(&format!("{} {}", e.code(), e.meaning())), "--help lacks exit {}", e.code());
        assert!(codes.contains(&format!(" {} ", e.code())), "README lacks exit {}: {codes}", e.code());
    }
}

/// After the form from the command line: the result by post with a booked time, the
/// bookings listed and cancelled, the slip written, the ratings counted.
#[test]
fn delivery_bookings_slip_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let db = db.to_str().unwrap();
    // Friday 27/11/2026: the next working day is Monday 30/11
    let out = kiosk()
        .args(["--db", db])
        .args(birth_fill_args())
        .args(["--json", "--delivery", "post", "--book", "30/11/2026 08:30"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let code = json_of(&out)["dossier_code"].as_str().unwrap().to_string();
    // a slot the office does not offer, a way the form has not, an address not in the 2025 units
    kiosk()
        .args(["--db", db])
        .args(birth_fill_args())
        .args(["--book", "28/11/2026 08:30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không có trong lịch"));
    kiosk().args(["--db", db]).args(birth_fill_args()).args(["--delivery", "fax"]).assert().code(2);
    kiosk()
        .args(["--db", db])
        .args(birth_fill_args())
        .args(["--delivery", "post", "--post-address", "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("01/7/2025").and(predicate::str::contains("Bến Nghé").not()));
    let shown = json_of(&kiosk().args(["--db", db, "dossier", "show", &code, "--json"]).assert().success().get_output().stdout.clone());
    assert_eq!(shown["delivery"]["way"], "post");
    assert_eq!(shown["delivery"]["address"], "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp");
    assert_eq!(shown["due_day"], "2026-11-30", "a same-day procedure booked for Monday is due Monday");
    let list = json_of(&kiosk().args(["--db", db, "bookings", "--date", "30/11/2026", "--json"]).assert().success().get_output().stdout.clone());
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!((list[0]["code"].as_str(), list[0]["time"].as_str(), list[0]["visit"].as_str()), (Some(code.as_str()), Some("08:30"), Some("desk")));
    // the slip, written out: its text as pdftotext reads it
    let slip = dir.path().join("slip.pdf");
    kiosk().args(["--db", db, "dossier", "slip", &code, "--out", slip.to_str().unwrap()]).assert().success();
    let text = crate::support::pdftotext(&slip);
    for want in ["PHIẾU HƯỚNG DẪN", code.as_str(), "Hẹn nộp hồ sơ: 08:30 ngày 30/11/2026", "Ngày hẹn trả kết quả (dự kiến): 30/11/2026", "đường dây nóng 1022"]
    {
        assert!(text.contains(want), "`{want}` not on the slip: {text}");
    }
    // staff cancel it: listed as cancelled, its place free
    kiosk().args(["--db", db, "bookings", "--cancel", &code]).assert().success().stdout(predicate::str::contains("Đã hủy"));
    kiosk().args(["--db", db, "bookings", "--cancel", &code]).assert().code(2);
    let list = json_of(&kiosk().args(["--db", db, "bookings", "--date", "30/11/2026", "--json"]).assert().success().get_output().stdout.clone());
    assert_eq!(list[0]["cancelled"], true);
    // ratings come from the kiosk's done screen; the command counts them per day and procedure
    {
        let mut s = form_kiosk::store::Store::open(std::path::Path::new(db), None).unwrap();
        let at = crate::support::now();
        s.rate("khai-sinh", form_kiosk::core::after::Rating::Satisfied, at).unwrap();
        s.rate("khai-sinh", form_kiosk::core::after::Rating::Satisfied, at).unwrap();
        s.rate("khai-tu", form_kiosk::core::after::Rating::Unsatisfied, at).unwrap();
    }
    let stats = json_of(&kiosk().args(["--db", db, "stats", "--json"]).assert().success().get_output().stdout.clone());
    assert_eq!(
        stats,
        serde_json::json!([
            {"day": "27/11/2026", "form_id": "khai-sinh", "very_satisfied": 0, "satisfied": 2, "unsatisfied": 0},
            {"day": "27/11/2026", "form_id": "khai-tu", "very_satisfied": 0, "satisfied": 0, "unsatisfied": 1},
        ])
    );
    kiosk().args(["--db", db, "stats", "--from", "28/11/2026", "--to", "27/11/2026"]).assert().code(2);
}

/// The log of a whole CLI session, at its most detailed, holds no personal data: no name, ID
/// number, date of birth or address of the cards used, and no answer typed — while it does say
/// what happened (dossiers confirmed, a print that failed).
#[test]
fn logs_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut log = String::new();
    let mut run = |args: &[&str]| {
        let out = kiosk().env("FORM_KIOSK_LOG", "trace").env("CUPS_SERVER", "127.0.0.1:9").arg("--db").arg(&db).args(args).output().unwrap();
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let fill: Vec<String> = birth_fill_args();
    let fill: Vec<&str> = fill.iter().map(String::as_str).collect();
    let out = run(&[&fill[..], &["--consent", "--delivery", "post", "--book", "30/11/2026 08:30"]].concat());
    let code = out.lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ")).expect("stored").to_string();
    run(&[&fill[..], &["--print", "--printer", "KioskPDF"]].concat());
    run(&["fill", "--form", "trich-luc", "--card-id", "001190123456"]);
    run(&["card", "001190123456||Nguyễn Thị An|31021990|Nữ|Khóm 1|15042021"]);
    run(&["dossier", "list"]);
    run(&["dossier", "show", &code]);
    run(&["dossier", "reprint", &code, "--printer", "KioskPDF"]);
    run(&["dossier", "slip", &code, "--out", dir.path().join("s.pdf").to_str().unwrap()]);
    run(&["bookings", "--date", "30/11/2026"]);
    run(&["stats"]);
    run(&["citizen", "forget", "001190123456"]);
    run(&["purge"]);
    assert!(log.contains("dossier confirmed") && log.contains("not printed"), "the log says what happened:\n{log}");
    let folded = form_kiosk::core::text::fold(&log);
    for personal in [
        "001190123456",
        "087088004321",
        "341234567",
        "Nguyễn Thị An",
        "Trần Văn Bình",
        "Trần Bảo Ngọc",
        "01/01/1990",
        "20/05/1988",
        "05/02/2026",
        "Khóm 1",
        "Bến Nghé",
    ] {
        assert!(!folded.contains(&form_kiosk::core::text::fold(personal)), "`{personal}` in the log:\n{log}");
    }
}
