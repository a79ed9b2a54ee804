//! Several kiosks, one office server: the server stopped while the kiosks confirm, a kiosk
//! killed while it sends, an erasure reaching the server and every kiosk's own file. Each
//! test on a throw-away cluster of its own (it stops its server).

use crate::pg::{self, Cluster};
use crate::support::{now, BIRTH, FATHER, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::Input;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};
use form_kiosk::store::{Actor, Office, PgStore, PgTarget, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A kiosk process's configuration and its own file.
struct Kiosk {
    config: PathBuf,
    db: PathBuf,
}

fn kiosk(dir: &Path, target: &PgTarget, id: &str, lease: u32) -> Kiosk {
    let config = dir.join(format!("{id}.toml"));
    std::fs::write(&config, format!("kiosk_id = \"{id}\"\nlease_size = {lease}\n{}", pg::config_lines(target))).unwrap();
    Kiosk { config, db: dir.join(format!("{id}.db")) }
}

impl Kiosk {
    fn global(&self) -> [&str; 4] {
        ["--config", self.config.to_str().unwrap(), "--db", self.db.to_str().unwrap()]
    }

    fn confirm_loop(&self, count: u64) -> Child {
        crate::crash::confirm_loop_with(&self.global(), count).stderr(Stdio::piped()).spawn().unwrap()
    }

    fn sync(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_form-kiosk"));
        c.env("XDG_CONFIG_HOME", "/nonexistent-config").args(self.global()).args(["--today", crate::support::TODAY, "sync", "--json"]);
        c
    }

    fn outbox_len(&self) -> u32 {
        Store::open(&self.db, None).unwrap().outbox_len().unwrap()
    }
}

/// Every code a set of kiosk processes printed (each line after its commit), counted as they
/// come, and the processes' error output.
fn collect(children: Vec<Child>, printed: Arc<AtomicUsize>) -> Vec<std::thread::JoinHandle<(Vec<String>, String, bool)>> {
    children
        .into_iter()
        .map(|mut c| {
            let printed = printed.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for line in BufReader::new(c.stdout.take().unwrap()).lines() {
                    codes.push(line.unwrap());
                    printed.fetch_add(1, Ordering::SeqCst);
                }
                let mut err = String::new();
                std::io::Read::read_to_string(&mut c.stderr.take().unwrap(), &mut err).unwrap();
                (codes, err, c.wait().unwrap().success())
            })
        })
        .collect()
}

fn wait_for(printed: &AtomicUsize, n: usize) {
    let start = Instant::now();
    while printed.load(Ordering::SeqCst) < n {
        assert!(start.elapsed() < Duration::from_secs(240), "the kiosks stalled at {} confirmations", printed.load(Ordering::SeqCst));
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a SQLite file (and its log) holds `needle`.
fn file_holds(db: &Path, needle: &str) -> bool {
    let mut bytes = std::fs::read(db).unwrap();
    bytes.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Four kiosks confirm while the server is stopped and started again: they go on from their
/// leased numbers, everything reaches the server once, and no code is printed twice.
#[test]
fn the_server_stops_mid_run_and_nothing_is_lost_or_printed_twice() {
    let cluster = Cluster::start();
    let target = cluster.database();
    let dir = tempfile::tempdir().unwrap();
    let kiosks: Vec<Kiosk> = (1..=4).map(|k| kiosk(dir.path(), &target, &format!("kiosk-{k}"), 40)).collect();
    let printed = Arc::new(AtomicUsize::new(0));
    let runs = collect(kiosks.iter().map(|k| k.confirm_loop(30)).collect(), printed.clone());
    wait_for(&printed, 20);
    cluster.stop();
    let at_stop = printed.load(Ordering::SeqCst);
    wait_for(&printed, at_stop + 30);
    cluster.again();
    let at_again = printed.load(Ordering::SeqCst);
    let mut codes = Vec::new();
    for r in runs {
        let (c, err, ok) = r.join().unwrap();
        assert!(ok, "a kiosk stopped: {err}");
        codes.extend(c);
    }
    assert!(at_again - at_stop >= 30, "the kiosks confirmed while the server was down");
    assert_eq!(codes.len(), 120);
    let unique: BTreeSet<&String> = codes.iter().collect();
    assert_eq!(unique.len(), 120, "a code was printed twice");
    // what waits is sent (a kiosk also sends at each session's end)
    for k in &kiosks {
        let out = k.sync().output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(k.outbox_len(), 0);
    }
    let server = PgStore::open(&target).unwrap();
    let stored: BTreeSet<String> = server.dossiers(None).unwrap().into_iter().map(|d| d.code).collect();
    assert_eq!(stored, unique.into_iter().cloned().collect::<BTreeSet<_>>(), "everything arrived");
    let confirms = server.audit_log(10_000).unwrap().into_iter().filter(|a| a.action == "confirm").count();
    assert_eq!(confirms, 120, "each arrived once");
    assert_eq!(server.counts_by_kiosk("261127").unwrap().len(), 4);
}

/// A kiosk killed (SIGKILL) again and again while it sends a backlog resumes where it was:
/// every change arrives, each once.
#[test]
fn a_kiosk_killed_while_sending_resumes_without_duplicates() {
    let cluster = Cluster::start();
    let target = cluster.database();
    let dir = tempfile::tempdir().unwrap();
    let k = kiosk(dir.path(), &target, "kiosk-1", 100);
    // a lease while the server answers, then a backlog while it is down
    assert!(k.confirm_loop(1).wait_with_output().unwrap().status.success());
    cluster.stop();
    assert!(k.confirm_loop(60).wait_with_output().unwrap().status.success());
    assert!(k.outbox_len() >= 60, "the backlog waits in the outbox");
    cluster.again();
    let mut kills = 0;
    for delay in [40, 90, 150, 60, 120, 200, 80] {
        let mut c = k.sync().stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if c.try_wait().unwrap().is_none() {
            c.kill().unwrap();
            kills += 1;
        }
        c.wait().unwrap();
    }
    let out = k.sync().output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pending"], 0);
    assert_eq!(k.outbox_len(), 0);
    let server = PgStore::open(&target).unwrap();
    assert_eq!(server.dossiers(None).unwrap().len(), 61, "every dossier arrived ({kills} kills)");
    let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
    for a in server.audit_log(10_000).unwrap().into_iter().filter(|a| a.action == "confirm") {
        *per_code.entry(a.dossier_code.unwrap()).or_default() += 1;
    }
    assert_eq!(per_code.len(), 61);
    assert!(per_code.values().all(|n| *n == 1), "a change applied twice: {per_code:?}");
    assert!(kills > 0, "the test killed no sending kiosk: it would prove nothing");
}

fn office_service(db: &Path, target: &PgTarget, id: &str) -> Service {
    let (forms, _) = forms_io::bundled();
    let config = KioskConfig { kiosk_id: id.into(), ..KioskConfig::default() };
    let office = Office::new(Store::open(db, None).unwrap(), target.clone(), &config.agency_code, 40);
    Service::new(forms, config).with_store(office, now()).unwrap()
}

fn birth(svc: &mut Service, consent: bool) -> String {
    let cards = [ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)];
    let inputs: Vec<(String, Input)> = BIRTH.iter().map(|(k, v)| (k.to_string(), Input::Text(v.to_string()))).collect();
    let s = svc.session("khai-sinh", &cards, &inputs, now()).unwrap();
    svc.confirm(&s, consent, now()).unwrap().code
}

/// Staff at one kiosk erase a citizen: the server erases, the kiosk that confirmed her
/// dossier erases its own copy at its next sync, and a kiosk that confirmed one while the
/// server was down sends it afterwards — erased on arrival, and in its own file too.
#[test]
fn an_erasure_reaches_the_server_and_every_kiosk() {
    let cluster = Cluster::start();
    let target = cluster.database();
    let dir = tempfile::tempdir().unwrap();
    let (a_db, b_db, c_db) = (dir.path().join("a.db"), dir.path().join("b.db"), dir.path().join("c.db"));
    let mut a = office_service(&a_db, &target, "kiosk-a");
    let mut b = office_service(&b_db, &target, "kiosk-b");
    let mut c = office_service(&c_db, &target, "kiosk-c");
    let at_a = birth(&mut a, true);
    assert!(file_holds(&a_db, "Nguyễn Thị An"), "the check below can fail");
    // kiosk C has its numbers, then the server goes down and it confirms one for her
    c.sync(now(), false).unwrap();
    cluster.stop();
    let at_c = birth(&mut c, false);
    assert_eq!(c.store().unwrap().local().unwrap().outbox_len().unwrap(), 1);
    // offline, a profile kept at another kiosk is out of reach, and said so
    let e = c.fill("khai-sinh", &[ScannedCard::stored(None, "001190123456")], &[], now()).unwrap_err();
    assert!(e.to_string().contains("mất kết nối"), "{e}");
    cluster.again();
    // staff at kiosk B: the profile and the dossier from A are on the server, and go
    let r = b.store().unwrap().forget_citizen("001190123456", Actor::Staff, now()).unwrap();
    assert!(r.profile && r.codes.contains(&at_a), "{r:?}");
    let server = PgStore::open(&target).unwrap();
    assert!(server.dossier(&at_a).unwrap().erased_at.is_some());
    // A applies the server's erasure log at its next sync
    let ra = a.sync(now(), false).unwrap().unwrap();
    assert!(ra.online && ra.erased >= 2, "{ra:?}");
    assert!(a.store().unwrap().local().unwrap().dossier(&at_a).unwrap().erased_at.is_some());
    assert!(a.store().unwrap().local().unwrap().profile("001190123456").unwrap().is_none());
    // C sends what it confirmed offline: erased on arrival, and in C's file
    // (C failed to reach the server a moment ago: a session's end would wait out the quiet
    // time; `form-kiosk sync` tries at once)
    let rc = c.sync(now(), true).unwrap().unwrap();
    assert!(rc.sent >= 1 && rc.pending == 0, "{rc:?}");
    assert!(server.dossier(&at_c).unwrap().erased_at.is_some(), "erased on arrival");
    assert!(c.store().unwrap().local().unwrap().dossier(&at_c).unwrap().erased_at.is_some());
    drop((a, b, c));
    for secret in ["Nguyễn Thị An", "001190123456", "Trần Bảo Ngọc"] {
        for db in [&a_db, &b_db, &c_db] {
            assert!(!file_holds(db, secret), "{secret} stays in {}", db.display());
        }
    }
    for secret in ["Nguyễn Thị An", "001190123456"] {
        assert!(!cluster.files_hold(&target, secret), "{secret} stays on the server");
    }
}

/// The staff screen of a kiosk of an office counts the office's dossiers of the day by kiosk,
/// from the server (this kiosk marked).
#[test]
fn the_staff_screen_counts_the_office_by_kiosk() {
    use form_kiosk::flow::{Event, KioskFlow};
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let mut a = office_service(&dir.path().join("a.db"), &target, "kiosk-a");
    for _ in 0..2 {
        birth(&mut a, false);
    }
    let (forms, _) = forms_io::bundled();
    let config = KioskConfig {
        kiosk_id: "kiosk-b".into(),
        database_url: target.url.clone(),
        staff_pin_hash: form_kiosk::staff::hash_pin("246810").unwrap(),
        ..KioskConfig::default()
    };
    let office = Office::new(Store::open(&dir.path().join("b.db"), None).unwrap(), target.clone(), &config.agency_code, 40);
    let mut b = Service::new(forms, config).with_store(office, now()).unwrap();
    birth(&mut b, false);
    let mut flow = KioskFlow::new(b);
    for _ in 0..3 {
        flow.handle(Event::StaffCorner, now());
    }
    for d in "246810".chars() {
        flow.handle(Event::PinKey(d.to_string()), now());
    }
    flow.handle(Event::PinEnter, now());
    let line = flow.view().staff.office.as_ref().map(|m| m.vi());
    assert_eq!(line.as_deref(), Some("Cả cơ quan hôm nay: 3 hồ sơ — kiosk-a: 2, kiosk-b (kiosk này): 1"));
}

/// The desk's PC on the office server: the day's dossiers of every kiosk, one shown from what
/// the scanner reads off its data QR, handed over, and reprinted (the very PDF kept).
#[test]
fn the_desk_works_on_the_server() {
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let mut a = office_service(&dir.path().join("a.db"), &target, "kiosk-a");
    let code = birth(&mut a, false);
    let d = a.dossier(&code).unwrap();
    let t = a.forms.get("khai-sinh").unwrap().clone();
    let answers = serde_json::from_value(d.answers.unwrap()).unwrap();
    let scan = form_kiosk::service::codes_for(&a.config, &t, &code, &answers, None).data_parts[0].clone();
    assert!(scan.starts_with("FKZ1:") && scan.contains(&code), "{scan}");
    let desk = dir.path().join("desk.toml");
    std::fs::write(&desk, format!("kiosk_id = \"desk-1\"\n{}", pg::config_lines(&target))).unwrap();
    let run = |args: &[&str]| {
        let out = crate::cli::kiosk().arg("--config").arg(&desk).arg("desk").args(args).output().unwrap();
        assert!(out.status.success(), "desk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["list"]).contains(&format!("{code}  khai-sinh")), "the day's list");
    let shown = run(&["show", &scan]);
    assert!(shown.contains(&code) && shown.contains("Trần Bảo Ngọc") && shown.contains("kiosk-a"), "{shown}");
    run(&["handed-over", &code]);
    assert_eq!(PgStore::open(&target).unwrap().dossier(&code).unwrap().status, form_kiosk::store::Status::HandedOver);
    let pdf = dir.path().join("again.pdf");
    run(&["reprint", &code, "--out", pdf.to_str().unwrap()]);
    assert_eq!(std::fs::read(&pdf).unwrap(), a.store().unwrap().pdf(&code).unwrap().unwrap(), "the very PDF kept at confirmation");
    // the record link read by the scanner names the dossier too
    let link = a.config.record_url_for(&code);
    assert!(run(&["show", &link]).contains("Trần Bảo Ngọc"));
    // the citizen's card scanned by mistake: refused, nothing of it shown back
    let out = crate::cli::kiosk().arg("--config").arg(&desk).args(["desk", "show", MOTHER]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("không phải mã hồ sơ") && !err.contains("Nguyễn Thị An") && !err.contains("001190123456"), "{err}");
    // a desk without a server configured says what to set
    let alone = dir.path().join("alone.toml");
    std::fs::write(&alone, "kiosk_id = \"desk-2\"\n").unwrap();
    let out = crate::cli::kiosk().arg("--config").arg(&alone).args(["desk", "list"]).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("database_url"));
}

/// `doctor` on a kiosk of an office checks its server: reached over TLS, or what to fix.
#[test]
fn doctor_checks_the_office_server() {
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let k = kiosk(dir.path(), &target, "kiosk-1", 40);
    assert!(k.confirm_loop(1).wait_with_output().unwrap().status.success());
    let out = crate::cli::kiosk().args(k.global()).args(["doctor"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✓ Máy chủ của cơ quan: postgresql://127.0.0.1:") && text.contains("0 thay đổi chờ gửi"), "{text}");
    // the server's certificate not trusted: refused, said, nothing of the password shown
    let wrong = dir.path().join("wrong.toml");
    let url = target.url.clone();
    std::fs::write(&wrong, format!("kiosk_id = \"kiosk-1\"\ndatabase_url = \"{url}\"\n")).unwrap();
    let out = crate::cli::kiosk().args(["--config", wrong.to_str().unwrap(), "--db", k.db.to_str().unwrap(), "doctor"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(text.contains("✗ Máy chủ của cơ quan") && text.contains("database_ca"), "{text}");
    let password = url.split(':').nth(2).unwrap().split('@').next().unwrap();
    assert!(!text.contains(password), "the password is never shown: {text}");
}

/// A slot's places are the office's: a kiosk counts the bookings the others sent, and its own
/// not sent yet.
#[test]
fn a_slot_is_counted_across_the_office() {
    use form_kiosk::core::after::{Booking, Delivery, Slot, Visit};
    use form_kiosk::core::date::Date;
    use form_kiosk::store::{After, Backend, NewDossier};
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str, id: &str| {
        let mut o = Office::new(Store::open(&dir.path().join(name), None).unwrap(), target.clone(), "A", 40);
        Backend::set_kiosk_id(&mut o, id).unwrap();
        o
    };
    let (mut a, mut b) = (open("a.db", "kiosk-a"), open("b.db", "kiosk-b"));
    let answers = serde_json::json!({});
    let delivery = Delivery::desk();
    let slot = Slot { day: Date::new(30, 11, 2026).unwrap(), minute: 9 * 60 };
    let booking = Booking { visit: Visit::Desk, slot, address: None };
    let after = After { delivery: &delivery, due: None, booking: Some((&booking, 2)) };
    let new = NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &[], after: Some(after) };
    Backend::confirm(&mut a, &new, now()).unwrap();
    assert_eq!(PgStore::open(&target).unwrap().taken(Visit::Desk, slot).unwrap(), 1, "sent at once over the open connection");
    Backend::confirm(&mut b, &new, now()).unwrap();
    assert!(matches!(Backend::confirm(&mut a, &new, now()), Err(form_kiosk::store::StoreError::SlotFull)), "the office's two places are taken");
    assert!(matches!(Backend::confirm(&mut b, &new, now()), Err(form_kiosk::store::StoreError::SlotFull)));
    assert_eq!(Backend::taken(&a, Visit::Desk, slot).unwrap(), 2);
}

/// The server is reached over TLS with a client certificate (no password) or a password kept
/// in a file (not in the URL); a database that is not a kiosk's, or is newer, is refused
/// untouched.
#[test]
fn the_server_by_certificate_or_password_file_and_only_ours() {
    use form_kiosk::store::{Backend, NewDossier, StoreError};
    let cluster = pg::shared();
    let by_cert = cluster.database_by_certificate();
    let mut s = PgStore::open(&by_cert).unwrap();
    let answers = serde_json::json!({});
    let new = NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &[], after: None };
    assert_eq!(Backend::confirm(&mut s, &new, now()).unwrap(), "A-261127-0001");
    let without = PgTarget { cert_file: None, key_file: None, ..by_cert.clone() };
    assert!(matches!(PgStore::open(&without), Err(StoreError::Unreachable(_))), "no certificate, no password: refused");
    // the password in a file of its own
    let t = cluster.database();
    let password = t.url.split(':').nth(2).unwrap().split('@').next().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("db.password");
    std::fs::write(&file, format!("{password}\n")).unwrap();
    let no_password_url = t.url.replace(&format!(":{password}@"), "@");
    assert!(matches!(PgStore::open(&PgTarget { url: no_password_url.clone(), ..t.clone() }), Err(StoreError::Unreachable(_))));
    let mut s = PgStore::open(&PgTarget { url: no_password_url, password_file: Some(file), ..t.clone() }).unwrap();
    assert_eq!(Backend::confirm(&mut s, &new, now()).unwrap(), "A-261127-0001");
    // a database with other tables, and one of a newer kiosk
    let other = cluster.database();
    cluster.admin_on(pg::db_name(&other), "CREATE TABLE invoices (id int); GRANT ALL ON invoices TO kiosk");
    assert!(matches!(PgStore::open(&other), Err(StoreError::Foreign(_))));
    assert_eq!(cluster.admin_on(pg::db_name(&other), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "1", "nothing created");
    cluster.admin_on(pg::db_name(&t), "UPDATE form_kiosk SET value = '99' WHERE key = 'schema_version'");
    assert!(matches!(PgStore::open(&t), Err(StoreError::TooNew { found: 99, .. })));
    // sslmode=disable to another machine is refused before anything is sent
    let plain = PgTarget { url: "postgresql://kiosk@10.0.0.5/form_kiosk?sslmode=disable".into(), ..PgTarget::default() };
    assert!(matches!(PgStore::open(&plain), Err(StoreError::Unreachable(e)) if e.contains("sslmode=disable")));
}

/// A kiosk of an office restored from a backup never prints a number again (the backup's
/// leased numbers count as used) and goes on sending (as a new file: what the server has, it
/// keeps once); a kiosk taken out of the office that day numbers after what it printed.
#[test]
fn a_restored_or_detached_kiosk_never_prints_a_number_again() {
    use form_kiosk::store::{Backend, NewDossier};
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let answers = serde_json::json!({});
    let new = NewDossier { agency_code: "A", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &[], after: None };
    let mut a = Office::new(Store::open(&db, None).unwrap(), target.clone(), "A", 40);
    Backend::set_kiosk_id(&mut a, "kiosk-a").unwrap();
    let mut printed: Vec<String> = (0..2).map(|_| Backend::confirm(&mut a, &new, now()).unwrap()).collect();
    let backup = dir.path().join("backup.db");
    a.local_store().backup_to(&backup, None).unwrap();
    printed.push(Backend::confirm(&mut a, &new, now()).unwrap());
    a.local_store_mut().restore_from(&backup, None, now()).unwrap();
    let after = Backend::confirm(&mut a, &new, now()).unwrap();
    assert!(!printed.contains(&after), "{after} was printed before the restore");
    printed.push(after);
    let r = a.sync(now(), true).unwrap();
    assert_eq!(r.pending, 0, "{r:?}");
    let server = PgStore::open(&target).unwrap();
    let stored: BTreeSet<String> = server.dossiers(None).unwrap().into_iter().map(|d| d.code).collect();
    assert_eq!(stored, printed.iter().cloned().collect::<BTreeSet<_>>());
    drop(a);
    // the same file alone (database_url taken out): its own counter is past the leased numbers
    let mut alone = Store::open(&db, None).unwrap();
    let next = alone.confirm(&new, now()).unwrap();
    assert!(printed.iter().all(|p| p < &next), "{next} after {printed:?}");
}

/// An erasure pulled late by a kiosk erases what existed then, not a profile the citizen saved
/// again afterwards with new consent.
#[test]
fn a_late_erasure_spares_what_came_after_it() {
    use form_kiosk::store::Backend;
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let mut a = Office::new(Store::open(&dir.path().join("a.db"), None).unwrap(), target.clone(), "A", 40);
    let mut b = Office::new(Store::open(&dir.path().join("b.db"), None).unwrap(), target.clone(), "A", 40);
    Backend::set_kiosk_id(&mut a, "kiosk-a").unwrap();
    Backend::set_kiosk_id(&mut b, "kiosk-b").unwrap();
    let card = form_kiosk::core::card::parse(MOTHER, crate::support::today()).unwrap();
    let t = |h: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(h, 0, 0).unwrap();
    Backend::save_profile(&mut a, &card, "v1", t(8)).unwrap();
    a.sync(t(8), true).unwrap();
    Backend::forget_citizen(&mut b, &card.id_number, Actor::Staff, t(9)).unwrap();
    // at kiosk A, before it pulled the erasure, she consents again
    a.local_store_mut().save_profile(&card, "v1", t(10)).unwrap();
    let r = a.sync(t(10), true).unwrap();
    assert!(r.online);
    assert!(a.local_store().profile(&card.id_number).unwrap().is_some(), "the new consent stands");
    assert!(PgStore::open(&target).unwrap().profile(&card.id_number).unwrap().is_some(), "and reached the server");
}

/// Offline, a number typed on the keypad for a profile kept at another kiosk is said to be out
/// of reach — and an outage is not the citizen's miss: the keypad does not shut after five.
#[test]
fn offline_the_keypad_says_so_and_does_not_lock() {
    use form_kiosk::core::message::Msg;
    use form_kiosk::flow::{Effect, Event, KioskFlow};
    let dir = tempfile::tempdir().unwrap();
    // nothing listens on port 1: the server is out of reach
    let target = PgTarget { url: "postgresql://kiosk:x@127.0.0.1:1/form_kiosk".into(), ..PgTarget::default() };
    let (forms, _) = forms_io::bundled();
    let config = KioskConfig::default();
    let office = Office::new(Store::open(&dir.path().join("a.db"), None).unwrap(), target, &config.agency_code, 40);
    let mut flow = KioskFlow::new(Service::new(forms, config).with_store(office, now()).unwrap());
    for _ in 0..7 {
        flow.handle(Event::NoCard, now());
        for d in "0870880043212005198".chars().take(12) {
            flow.handle(Event::KeypadDigit(d.to_string()), now());
        }
        flow.handle(Event::LookupId, now());
        for d in "20051988".chars() {
            flow.handle(Event::KeypadDigit(d.to_string()), now());
        }
        let effects = flow.handle(Event::LookupId, now());
        assert_eq!(flow.view().keypad_error, Some(Msg::ProfileOffline));
        assert!(!effects.iter().any(|e| matches!(e, Effect::KeypadLockout)), "an outage shut the keypad");
    }
}

/// A server that accepts connections and never answers (stuck, or something else on its port)
/// holds a thread of the kiosk, never its screen: the session's end, a profile look-up, a
/// confirmation from its numbers all come back, and the kiosk says it is out of reach.
#[test]
fn a_server_that_never_answers_never_holds_the_screen() {
    use form_kiosk::core::message::Msg;
    use form_kiosk::flow::{Event, KioskFlow};
    use form_kiosk::store::{Backend, NewDossier};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let seen = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in listener.incoming() {
            seen.fetch_add(1, Ordering::SeqCst);
            held.push(c.unwrap()); // read nothing, answer nothing, close nothing
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let target = PgTarget { url: format!("postgresql://kiosk:x@127.0.0.1:{port}/form_kiosk"), ..PgTarget::default() };
    let db = dir.path().join("a.db");
    {
        // numbers leased before the server got stuck
        let mut s = Store::open(&db, None).unwrap();
        s.add_lease("000.00.00.H20", "261127", 1, 40).unwrap();
    }
    let (forms, _) = forms_io::bundled();
    let config = KioskConfig::default();
    let office = Office::new(Store::open(&db, None).unwrap(), target, &config.agency_code, 40);
    let mut flow = KioskFlow::new(Service::new(forms, config).with_store(office, now()).unwrap());
    assert!(accepted.load(Ordering::SeqCst) >= 1, "the kiosk did try the server");
    flow.handle(Event::IdleWipe, now());
    flow.handle(Event::NoCard, now());
    for d in "087088004321".chars() {
        flow.handle(Event::KeypadDigit(d.to_string()), now());
    }
    flow.handle(Event::LookupId, now());
    for d in "20051988".chars() {
        flow.handle(Event::KeypadDigit(d.to_string()), now());
    }
    flow.handle(Event::LookupId, now());
    assert_eq!(flow.view().keypad_error, Some(Msg::ProfileOffline));
    // the kiosk's own numbers still serve
    let mut store = Office::new(
        Store::open(&db, None).unwrap(),
        PgTarget { url: format!("postgresql://kiosk:x@127.0.0.1:{port}/x"), ..PgTarget::default() },
        "000.00.00.H20",
        40,
    );
    let answers = serde_json::json!({});
    let new = NewDossier { agency_code: "000.00.00.H20", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &[], after: None };
    assert_eq!(Backend::confirm(&mut store, &new, now()).unwrap(), "000.00.00.H20-261127-0001");
    assert!(!store.sync(now(), false).unwrap().online);
}
