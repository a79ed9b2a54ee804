//! The dossier store against real SQLite files in temporary directories.

use crate::cli::kiosk;
use crate::support::{now, BIRTH, MOTHER};
use form_kiosk::core::config::KioskConfig;

use form_kiosk::forms_io;
use form_kiosk::service::Service;
use form_kiosk::store::{Actor, NewDossier, Store, StoreError, SCHEMA_VERSION};
use predicates::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};

fn tmp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("kiosk.db");
    (dir, p)
}

fn answers() -> serde_json::Value {
    json!({"child_name": {"value": "Trần Bảo Ngọc", "source": {"type": "typed"}}})
}

fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

/// A kiosk left running for days applies retention when a session ends (the first of each
/// day), not only when it starts.
#[test]
fn a_running_kiosk_applies_retention_each_day() {
    let (_d, p) = tmp_db();
    let config = KioskConfig { dossier_retention_days: 10, ..KioskConfig::default() };
    let (forms, _) = forms_io::bundled();
    let svc = Service::new(forms, config).with_store(Store::open(&p, None).unwrap(), at(1, 7)).unwrap();
    let mut flow = form_kiosk::flow::KioskFlow::new(svc);
    let mut s = Store::open(&p, None).unwrap();
    let new = NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers(), people: &[], after: None };
    s.confirm(&new, at(1, 9)).unwrap();
    // ten days on, the session that ends erases nothing yet; the next day's first does
    flow.handle(form_kiosk::flow::Event::StartOver, at(11, 8));
    assert_eq!(s.dossiers(None).unwrap().len(), 1);
    flow.handle(form_kiosk::flow::Event::IdleWipe, at(12, 8));
    assert!(s.dossiers(None).unwrap().is_empty());
}

#[test]
fn migrates_from_every_older_version() {
    for from in 0..SCHEMA_VERSION {
        let (_d, p) = tmp_db();
        {
            // an older kiosk's database
            let s = Store::open_at_version(&p, from).unwrap();
            assert_eq!(s.schema_version().unwrap(), from);
            if from >= 1 {
                // what a kiosk of schema 1 wrote (today's `confirm` writes later columns)
                s.connection()
                    .execute(
                        "INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status,
                                               created_at, confirmed_at, updated_at)
                         VALUES ('A-261127-0001', 'A', '261127', 1, 'khai-sinh', 1, ?1, 'confirmed',
                                 '2026-11-27 09:00:00', '2026-11-27 09:00:00', '2026-11-27 09:00:00')",
                        [answers().to_string()],
                    )
                    .unwrap();
            }
        }
        let s = Store::open(&p, None).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(s.integrity_ok().unwrap());
        if from >= 1 {
            let d = s.dossier("A-261127-0001").unwrap();
            assert_eq!(d.answers, Some(answers()), "data kept when migrating from {from}");
            assert_eq!(s.pdf("A-261127-0001").unwrap(), None);
        }
    }
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn foreign_corrupt_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // garbage
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    assert!(matches!(Store::open(&garbage, None), Err(StoreError::NotADatabase(_))));
    assert_eq!(bytes(&garbage), vec![0x5a; 8192]);
    // another program's SQLite database
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = bytes(&foreign);
    assert!(matches!(Store::open(&foreign, None), Err(StoreError::Foreign(_))));
    assert_eq!(bytes(&foreign), before);
    // a database from a newer kiosk
    let newer = dir.path().join("newer.db");
    Store::open(&newer, None).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = bytes(&newer);
    let e = Store::open(&newer, None).map(|_| ()).unwrap_err();
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
    assert_eq!(bytes(&newer), before);
    // through the CLI: a clear message and exit 2
    for (p, msg) in [(&garbage, "không phải cơ sở dữ liệu"), (&foreign, "chương trình khác"), (&newer, "mới hơn")] {
        kiosk().arg("--db").arg(p).args(["dossier", "list"]).assert().code(2).stderr(predicate::str::contains(msg));
    }
}

#[test]
fn encrypted_at_rest_with_a_key() {
    let (_d, p) = tmp_db();
    {
        let mut s = Store::open(&p, Some("correct horse battery staple")).unwrap();
        s.confirm(&NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers(), people: &[], after: None }, now()).unwrap();
    }
    let raw = bytes(&p);
    assert!(!raw.starts_with(b"SQLite format 3"), "the file is plain SQLite");
    assert!(!raw.windows(6).any(|w| w == "Ngọc".as_bytes()));
    assert!(matches!(Store::open(&p, None), Err(StoreError::NotADatabase(_))));
    assert!(matches!(Store::open(&p, Some("wrong")), Err(StoreError::NotADatabase(_))));
    let s = Store::open(&p, Some("correct horse battery staple")).unwrap();
    assert_eq!(s.dossiers(None).unwrap().len(), 1);
}

/// A small filesystem of our own (tmpfs), when this machine lets us mount one (as root).
struct Mount(PathBuf);

impl Mount {
    /// A small tmpfs of its own. These tests need root (as `.ci/run` runs them): without the
    /// mount they fail with the reason, never pass without checking.
    fn tmpfs(size: &str) -> Mount {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .expect("mount(8) is installed");
        assert!(
            out.status.success(),
            "cannot mount a tmpfs for the disk tests (they need root, as .ci/run gives them): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Mount(dir)
    }

    fn remount_read_only(&self) -> bool {
        std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn full_disk_says_so_and_keeps_what_was_stored() {
    let big = json!({"x": {"value": "x".repeat(3000), "source": {"type": "typed"}}});
    let m = Mount::tmpfs("256k");
    let p = m.0.join("kiosk.db");
    let mut stored = Vec::new();
    let err = {
        let mut s = Store::open(&p, None).unwrap();
        loop {
            match s.confirm(&NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &big, people: &[], after: None }, now()) {
                Ok(c) => stored.push(c),
                Err(e) => break e,
            }
            assert!(stored.len() < 10_000, "the disk never filled");
        }
    };
    assert!(matches!(err, StoreError::DiskFull), "{err}");
    assert!(err.to_string().contains("Ổ đĩa đã đầy"));
    assert!(!stored.is_empty());
    // through the CLI on the same full disk: clear message, exit 2
    kiosk()
        .arg("--db")
        .arg(&p)
        .args(["fill", "--form", "khai-sinh", "--card", MOTHER])
        .arg(format!("--card=mother={MOTHER}"))
        .args(BIRTH.iter().flat_map(|(k, v)| ["--set".to_string(), format!("{k}={v}")]))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Ổ đĩa đã đầy").or(predicate::str::contains("đầy")));
    // everything confirmed before is still there
    let s = Store::open(&p, None).or_else(|_| Store::open(&p, None)).unwrap();
    assert!(s.integrity_ok().unwrap());
    let codes: Vec<String> = s.dossiers(None).unwrap().into_iter().map(|d| d.code).collect();
    for c in &stored {
        assert!(codes.contains(c), "{c} lost");
    }
}

#[test]
fn read_only_disk_says_so() {
    let m = Mount::tmpfs("4m");
    let p = m.0.join("kiosk.db");
    let code = {
        let mut s = Store::open(&p, None).unwrap();
        let v = form_kiosk::forms_io::bundled().0.get("khai-sinh").unwrap().version;
        s.confirm(&NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: v, answers: &answers(), people: &[], after: None }, now()).unwrap()
    };
    assert!(m.remount_read_only());
    let before = bytes(&p);
    // reading works on a read-only disk: list, show, the kept PDF written elsewhere
    kiosk().arg("--db").arg(&p).args(["dossier", "list", "--date", "all"]).assert().success().stdout(predicate::str::contains(code.as_str()));
    kiosk().arg("--db").arg(&p).args(["dossier", "show", &code]).assert().success().stdout(predicate::str::contains(code.as_str()));
    let out = tempfile::tempdir().unwrap();
    kiosk().arg("--db").arg(&p).args(["dossier", "reprint", &code, "--out"]).arg(out.path().join("r.pdf")).assert().success();
    // writing says why it cannot
    let err = kiosk().arg("--db").arg(&p).args(["dossier", "handed-over", &code]).assert().code(2).get_output().stderr.clone();
    let msg = String::from_utf8_lossy(&err);
    assert!(msg.contains("chỉ đọc"), "{msg}");
    assert_eq!(bytes(&p), before);
}

/// `backup` copies the live database, encrypted with its key, while another process writes;
/// `restore` puts a backup back and refuses what is not one (another SQLite file, bytes, the
/// wrong key), changing nothing then.
#[test]
fn backup_and_restore() {
    use crate::cli::kiosk;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("db.key");
    std::fs::write(&key, "kiosk-backup-test-key\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cfg = dir.path().join("kiosk.toml");
    std::fs::write(&cfg, format!("db_key_file = \"{}\"\n", key.display())).unwrap();
    let db = dir.path().join("k.db");
    let cli = || {
        let mut c = kiosk();
        c.arg("--config").arg(&cfg).arg("--db").arg(&db);
        c
    };
    let fill = crate::support::birth_fill_args();
    cli().args(&fill).assert().success();
    // a writer confirming dossiers while the backup is made
    let mut writer = std::process::Command::new(assert_cmd::cargo::cargo_bin("form-kiosk"))
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .env("XDG_DATA_HOME", crate::cli::data_home())
        .args(["--today", crate::support::TODAY, "--config"])
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .arg("__confirm-loop")
        .args(&fill[1..])
        .args(["--count", "40"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let copy = dir.path().join("copy.db");
    cli().arg("backup").arg(&copy).assert().success().stdout(predicate::str::contains("mã hóa bằng khóa của kiosk"));
    assert!(writer.wait().unwrap().success());
    // the copy: whole, encrypted (nothing without the key), a kiosk database
    assert!(matches!(Store::open_read_only(&copy, None), Err(StoreError::NotADatabase(_))));
    let backed = Store::open_read_only(&copy, Some("kiosk-backup-test-key")).unwrap();
    assert!(backed.integrity_ok().unwrap());
    let n = backed.dossiers(None).unwrap().len();
    assert!((1..=41).contains(&n), "{n}");
    drop(backed);
    assert!(!std::fs::read(&copy).unwrap().windows(6).any(|w| w == b"SQLite"), "an unencrypted header");
    // never over an existing file
    cli().arg("backup").arg(&copy).assert().code(2).stderr(predicate::str::contains("không ghi đè"));
    // restore: the live database goes back to the copy
    let live = Store::open_read_only(&db, Some("kiosk-backup-test-key")).unwrap().dossiers(None).unwrap().len();
    assert_eq!(live, 41);
    cli().arg("restore").arg(&copy).assert().success();
    let s = Store::open_read_only(&db, Some("kiosk-backup-test-key")).unwrap();
    assert_eq!(s.dossiers(None).unwrap().len(), n);
    assert!(s.audit_log(5).unwrap().iter().any(|a| a.action == "restored"));
    drop(s);
    // what is not a kiosk backup is refused, and the database stays as it is
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let bytes = dir.path().join("bytes.db");
    std::fs::write(&bytes, vec![7u8; 8192]).unwrap();
    for bad in [&other, &bytes] {
        cli().arg("restore").arg(bad).assert().code(2);
    }
    std::fs::write(&key, "another-key\n").unwrap();
    cli().arg("restore").arg(&copy).assert().code(2);
    std::fs::write(&key, "kiosk-backup-test-key\n").unwrap();
    assert_eq!(Store::open_read_only(&db, Some("kiosk-backup-test-key")).unwrap().dossiers(None).unwrap().len(), n);
    // the copy is its owner's only
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    // restoring never gives a number again, nor brings back a dossier erased since
    let before = cli().args(&fill).output().unwrap();
    let last = String::from_utf8_lossy(&before.stdout).lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ").map(String::from)).unwrap();
    cli().args(["citizen", "forget", "087088004321"]).assert().success();
    cli().arg("restore").arg(&copy).assert().success();
    let after = cli().args(&fill).output().unwrap();
    let next = String::from_utf8_lossy(&after.stdout).lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ").map(String::from)).unwrap();
    assert!(next > last, "{next} given after {last}");
    let s = Store::open_read_only(&db, Some("kiosk-backup-test-key")).unwrap();
    let kept = s.dossiers(None).unwrap();
    assert!(kept.iter().filter(|d| d.code != next).all(|d| d.erased_at.is_some() && d.answers.is_none()), "a dossier erased after the backup came back");
    drop(s);
    // a profile erased after a backup: that backup is refused (it would bring the person back)
    let late = dir.path().join("late.db");
    cli().args([&fill[..], &["--consent".to_string()]].concat()).assert().success();
    cli().arg("backup").arg(&late).assert().success();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    cli().args(["citizen", "forget", "001190123456"]).assert().success();
    cli().arg("restore").arg(&late).assert().code(2).stderr(predicate::str::contains("đã được xóa dữ liệu sau khi sao lưu"));
}

/// An erasure committed while another connection reads keeps its report (the codes whose
/// print jobs go too) and says the log is not wiped yet; forgetting again, once the reader is
/// gone, wipes it.
#[test]
fn an_erasure_that_cannot_wipe_the_log_yet_keeps_its_report() {
    let (_d, p) = tmp_db();
    let mut s = Store::open(&p, None).unwrap();
    let ids = vec!["001190123456".to_string()];
    let code =
        s.confirm(&NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers(), people: &ids, after: None }, now()).unwrap();
    // a reader holding its snapshot keeps the log from being truncated
    let reader = rusqlite::Connection::open(&p).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader.query_row("SELECT count(*) FROM dossiers", [], |r| r.get(0)).unwrap();
    let r = s.forget_citizen("001190123456", Actor::Staff, now()).unwrap();
    assert_eq!((r.dossiers, r.codes.clone(), r.wal_wiped), (1, vec![code.clone()], false));
    assert!(s.dossier(&code).unwrap().erased_at.is_some(), "the erasure is committed");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let again = s.forget_citizen("001190123456", Actor::Staff, now()).unwrap();
    assert!(again.wal_wiped);
    assert_eq!(std::fs::metadata(p.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0), 0, "the log is empty");
}
