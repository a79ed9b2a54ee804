//! Printing through a real CUPS server with a CUPS-PDF queue, and through queues that fail.

use crate::cups::{find_output, CupsServer};
use crate::support::{complete_session, decode_qr, now, pdftoppm};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::dataqr;
use form_kiosk::forms_io;
use form_kiosk::printing::{Cups, JobState, PrintError, PrinterState};
use form_kiosk::service::{Service, ServiceError};
use form_kiosk::store::{Actor, Status, Store};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A dossier code no other test or earlier run has used: CUPS-PDF files are found by it.
/// An agency code of the QCVN 102:2016 shape no other run has used (CUPS-PDF names its
/// output after the dossier code, and old output files stay in its directory).
pub fn unique_agency() -> String {
    use std::hash::{BuildHasher, Hasher};
    static N: AtomicU32 = AtomicU32::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    h.write_u32(N.fetch_add(1, Ordering::SeqCst));
    let n = h.finish();
    format!("{:03}.{:02}.{:02}.T{:02}", n % 1000, (n / 1000) % 100, (n / 100_000) % 100, (n / 10_000_000) % 100)
}

fn service(dir: &std::path::Path, cups: &CupsServer, printer: &str, timeout: u32) -> Service {
    let config = KioskConfig {
        printer: printer.into(),
        cups_server: cups.address(),
        print_timeout_secs: timeout,
        agency_code: unique_agency(),
        ..KioskConfig::default()
    };
    let (forms, _) = forms_io::bundled();
    Service::new(forms, config).with_store(Store::open(&dir.join("k.db"), None).unwrap(), now()).unwrap()
}

#[test]
fn prints_a_form_through_cups_pdf_and_its_qr_codes_survive() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path(), &cups, "KioskPDF", 60);
    let s = complete_session(&mut svc, "khai-sinh");
    let c = svc.confirm(&s, false, now()).unwrap();
    let (queue, job) = svc.print(&c.code, None, Actor::Citizen, now()).unwrap_or_else(|e| panic!("{e}\n{}", cups.log()));
    assert_eq!(queue, "KioskPDF");
    assert!(job > 0);
    let d = svc.store().unwrap().dossier(&c.code).unwrap();
    assert_eq!(d.status, Status::Printed);
    assert_eq!(d.print_attempts, 1);

    // what came out of the printer: CUPS-PDF re-renders through Ghostscript (no text layer),
    // so read it as an image and decode its codes
    let out = find_output(&c.code, Duration::from_secs(20)).unwrap_or_else(|| panic!("no CUPS-PDF output\n{}", cups.log()));
    let page = pdftoppm(&out, 1, 300);
    let found = decode_qr(&page);
    let t = svc.form("khai-sinh").unwrap().clone();
    let url = KioskConfig::default().record_url.replace("{code}", &c.code);
    assert!(found.contains(&url), "record QR not in printed page: {found:?}");
    let parts: Vec<String> = found.into_iter().filter(|x| x.starts_with(dataqr::FORMAT)).collect();
    // the answers as the form has them, then how the result comes back (the desk, unasked)
    let joined: serde_json::Value = serde_json::from_str(&dataqr::join(&parts).expect("all parts")).unwrap();
    let answers_only: serde_json::Value = serde_json::from_str(&dataqr::document(&t, &c.code, &c.filled.answers, None)).unwrap();
    assert_eq!(joined["a"], answers_only["a"]);
    assert_eq!(joined["r"]["way"], "desk", "{joined}");
    let _ = std::fs::remove_file(out);
}

fn expect_failure(svc: &mut Service, code: &str, queue: Option<&str>, pdf: &[u8]) -> PrintError {
    let e = match svc.print(code, queue, Actor::Citizen, now()) {
        Err(ServiceError::Print(e)) => e,
        other => panic!("expected a print error, got {other:?}"),
    };
    // nothing lost: still stored, marked, with the very same PDF
    let store = svc.store().unwrap();
    assert_eq!(store.dossier(code).unwrap().status, Status::PrintFailed);
    assert_eq!(store.pdf(code).unwrap().as_deref(), Some(pdf));
    let msg = e.to_string();
    assert!(msg.contains("Hồ sơ đã được lưu") && msg.contains("In lại"), "{msg}");
    e
}

#[test]
fn failing_printers_say_what_to_do_and_lose_nothing() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    cups.add_dead_queue("Dead");
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path(), &cups, "KioskPDF", 3);
    let s = complete_session(&mut svc, "xac-nhan-hon-nhan");
    let c = svc.confirm(&s, false, now()).unwrap();
    let client = Cups::new(Some(&cups.address()));

    // no such queue
    let e = expect_failure(&mut svc, &c.code, Some("NoSuchQueue"), &c.pdf);
    assert!(matches!(e, PrintError::NoSuchPrinter(ref q) if q == "NoSuchQueue"), "{e}");

    // a stopped (disabled) queue
    cups.admin("cupsdisable", &["KioskPDF"]);
    assert_eq!(client.printer("KioskPDF").unwrap().state, PrinterState::Stopped);
    let e = expect_failure(&mut svc, &c.code, None, &c.pdf);
    assert!(matches!(e, PrintError::Stopped(_)), "{e}");
    assert!(e.to_string().contains("tạm dừng"));
    cups.admin("cupsenable", &["KioskPDF"]);

    // a queue rejecting jobs
    cups.admin("cupsreject", &["KioskPDF"]);
    let e = expect_failure(&mut svc, &c.code, None, &c.pdf);
    assert!(matches!(e, PrintError::NotAccepting), "{e}");
    cups.admin("cupsaccept", &["KioskPDF"]);

    // a printer that never answers: the kiosk's own deadline, then the job is cancelled
    let started = std::time::Instant::now();
    let e = expect_failure(&mut svc, &c.code, Some("Dead"), &c.pdf);
    assert!(matches!(e, PrintError::Timeout(3)), "{e}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(3) && waited < Duration::from_secs(10), "{waited:?}");
    let jobs = std::process::Command::new("lpstat").env("CUPS_SERVER", cups.address()).args(["-W", "not-completed", "-o", "Dead"]).output().unwrap();
    assert!(jobs.status.success(), "lpstat failed: {}", String::from_utf8_lossy(&jobs.stderr));
    assert!(String::from_utf8_lossy(&jobs.stdout).trim().is_empty(), "the job was left in the queue");
    // and through IPP, which lists every job of ours, finished or not: the cancelled job was
    // purged, not only cancelled
    let client = Cups::new(Some(&cups.address()));
    let known = || client.jobs().unwrap().iter().any(|(q, _, t)| q == "Dead" && t == &c.code);
    // CUPS stops the backend first, then forgets the job
    let start = std::time::Instant::now();
    while known() && start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!known(), "the timed-out job is still known to CUPS");

    // and after all that, "In lại" on the working queue prints it
    svc.print(&c.code, None, Actor::Staff, now()).unwrap_or_else(|e| panic!("{e}\n{}", cups.log()));
    let d = svc.store().unwrap().dossier(&c.code).unwrap();
    assert_eq!(d.status, Status::Printed);
    assert_eq!(d.print_attempts, 5);
    if let Some(out) = find_output(&c.code, Duration::from_secs(20)) {
        let _ = std::fs::remove_file(out);
    }
    let _ = JobState::Completed;
}

#[test]
fn cli_lists_printers_and_reprints() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    cups.admin("lpadmin", &["-p", "Paused", "-E", "-v", "cups-pdf:/", "-P", crate::cups::PDF_PPD]);
    cups.admin("cupsdisable", &["Paused"]);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("kiosk.toml");
    std::fs::write(&cfg, format!("cups_server = \"{}\"\nprinter = \"KioskPDF\"\nagency_code = \"{}\"\n", cups.address(), unique_agency())).unwrap();
    let db = dir.path().join("k.db");
    let out = crate::cli::kiosk().arg("--config").arg(&cfg).args(["printers", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<_> = v.as_array().unwrap().iter().map(|p| (p["name"].as_str().unwrap().to_string(), p["state"].as_str().unwrap().to_string())).collect();
    assert!(names.contains(&("KioskPDF".into(), "idle".into())), "{names:?}");
    assert!(names.contains(&("Paused".into(), "stopped".into())), "{names:?}");

    // fill --print on the paused queue: stored, exit 4, message; then reprint works
    let args = crate::support::birth_fill_args();
    let out = crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).args(&args).args(["--print", "--printer", "Paused"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Máy in đang tạm dừng"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let code = stdout.lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ")).expect("the code is printed").to_string();
    let out = crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).args(["dossier", "reprint", &code]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // what the reprint printed: CUPS-PDF's output of this very dossier, with its code in
    // the record QR (the first print never happened: the queue was paused)
    let printed = find_output(&code, Duration::from_secs(20)).unwrap_or_else(|| panic!("the reprint printed nothing\n{}", cups.log()));
    let found = decode_qr(&pdftoppm(&printed, 1, 300));
    assert!(found.iter().any(|q| q.ends_with(&code)), "the reprinted page does not carry {code}: {found:?}");
    let _ = std::fs::remove_file(printed);
    // --out writes the PDF kept at confirmation: compared with the PDF the confirming process
    // printed to a file of its own, not with the column the reprint reads
    let pdf = dir.path().join("again.pdf");
    crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).args(["dossier", "reprint", &code, "--out"]).arg(&pdf).assert().success();
    let first = dir.path().join("first.pdf");
    let mut args2 = crate::support::birth_fill_args();
    args2.extend(["--out".into(), first.display().to_string()]);
    let out = crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).args(&args2).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let second = String::from_utf8_lossy(&out.stdout).lines().find_map(|l| l.strip_prefix("Mã hồ sơ: ")).unwrap().to_string();
    let again2 = dir.path().join("again2.pdf");
    crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).args(["dossier", "reprint", &second, "--out"]).arg(&again2).assert().success();
    assert_eq!(std::fs::read(&again2).unwrap(), std::fs::read(&first).unwrap(), "the reprint is the very PDF written at confirmation");
    assert!(pdftext_contains(&pdf, &code), "the reprint of {code} is another dossier's");
}

/// The spooled files of a job (`d<job>-NNN` documents, `c<job>` control/history).
fn spooled(cups: &CupsServer, job: i32) -> Vec<String> {
    std::fs::read_dir(cups.dir.path().join("spool"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n == &format!("c{job:05}") || n.starts_with(&format!("d{job:05}-")))
        .collect()
}

/// A printed form leaves nothing in the CUPS spool: the job is purged (document and
/// history) as soon as it has printed — on a server that, by default, keeps job files.
#[test]
fn a_printed_job_leaves_nothing_in_the_spool() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path(), &cups, "KioskPDF", 60);
    let s = complete_session(&mut svc, "khai-tu");
    let c = svc.confirm(&s, false, now()).unwrap();
    let (_, job) = svc.print(&c.code, None, Actor::Citizen, now()).unwrap_or_else(|e| panic!("{e}\n{}", cups.log()));
    // the test can fail: a job submitted without the kiosk's follow-up stays spooled
    let cups_client = form_kiosk::printing::Cups::new(Some(&cups.address()));
    let other = cups_client.submit("KioskPDF", "khong-phai-ho-so", c.pdf.clone()).unwrap();
    let start = std::time::Instant::now();
    while cups_client.job("KioskPDF", other).unwrap().0 != JobState::Completed && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!spooled(&cups, other).is_empty(), "this CUPS keeps job files: the check means something");
    assert!(spooled(&cups, job).is_empty(), "job {job} left {:?}", spooled(&cups, job));
    assert!(!cups_client.jobs().unwrap().iter().any(|(_, j, _)| *j == job), "the job is still listed");
}

/// Erasing a citizen reaches their jobs still waiting in CUPS (a stopped printer), document
/// and all; jobs of other dossiers stay.
#[test]
fn forgetting_a_citizen_purges_their_waiting_print_jobs() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("Held");
    cups.admin("cupsdisable", &["Held"]);
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path(), &cups, "Held", 60);
    let s = complete_session(&mut svc, "khai-sinh");
    let c = svc.confirm(&s, false, now()).unwrap();
    let client = form_kiosk::printing::Cups::new(Some(&cups.address()));
    // as a kiosk that crashed mid-print would leave them
    let mine = client.submit("Held", &c.code, c.pdf.clone()).unwrap();
    let theirs = client.submit("Held", "000.00.00.H20-261127-0999", c.pdf.clone()).unwrap();
    assert!(!spooled(&cups, mine).is_empty());
    let r = svc.forget_citizen("087088004321", now()).unwrap();
    assert_eq!(r.codes, vec![c.code.clone()]);
    assert_eq!(svc.forget_jobs(&r.codes).run().unwrap(), 1);
    let left: Vec<i32> = client.jobs().unwrap().into_iter().map(|(_, j, _)| j).collect();
    assert!(!left.contains(&mine) && spooled(&cups, mine).is_empty(), "the citizen's job is still there");
    assert!(left.contains(&theirs), "another dossier's job went too");
}

/// The CUPS settings shipped for kiosks (assets/cups/cupsd-privacy.conf) are accepted by a
/// real cupsd and keep nothing of a finished job — even one the kiosk never purged.
#[test]
fn the_shipped_cups_settings_keep_no_job_files() {
    let settings = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/cups/cupsd-privacy.conf")).unwrap();
    let cups = CupsServer::start_with(&settings);
    cups.add_pdf_queue("KioskPDF");
    let client = form_kiosk::printing::Cups::new(Some(&cups.address()));
    let job = client.submit("KioskPDF", "khong-phai-ho-so", minimal_pdf()).unwrap();
    let start = std::time::Instant::now();
    while client.job("KioskPDF", job).map(|j| j.0 != JobState::Completed).unwrap_or(false) && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    // CUPS removes the files a moment after the job ends
    while !spooled(&cups, job).is_empty() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(spooled(&cups, job).is_empty(), "{:?}\n{}", spooled(&cups, job), cups.log());
}

/// A one-page PDF made by the kiosk's own renderer (no personal data).
fn minimal_pdf() -> Vec<u8> {
    let (forms, _) = forms_io::bundled();
    let svc = Service::new(forms, KioskConfig::default());
    let t = svc.form("trich-luc").unwrap().clone();
    form_kiosk::pdf::render(&svc.document(&t, &Default::default(), None), None).unwrap()
}

fn pdftext_contains(pdf: &std::path::Path, what: &str) -> bool {
    crate::support::pdftotext(pdf).contains(what)
}

/// CUPS not running, a queue that holds every job, a printer stopped while the job waits:
/// each is told for what it is, at once, and no job is left behind.
#[test]
fn cups_down_held_jobs_and_a_printer_stopping_mid_job() {
    let pdf = minimal_pdf();
    // nothing listens on that port: CUPS is down
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = Cups::new(Some(&format!("127.0.0.1:{port}"))).print("KioskPDF", "t", pdf.clone(), Duration::from_secs(5)).unwrap_err();
    assert!(matches!(e, PrintError::Connection(_)), "{e}");
    assert!(e.msg().vi().contains("không kết nối được máy in"));

    let cups = CupsServer::start();
    let client = Cups::new(Some(&cups.address()));
    // every job held on arrival
    cups.add_pdf_queue("Hold");
    cups.admin("lpadmin", &["-p", "Hold", "-o", "job-hold-until-default=indefinite"]);
    let e = client.print("Hold", "held-job", pdf.clone(), Duration::from_secs(10)).unwrap_err();
    assert!(matches!(e, PrintError::Held), "{e}");
    assert!(!client.jobs().unwrap().iter().any(|(_, _, t)| t == "held-job"), "the held job was left in CUPS");

    // a printer that never answers, stopped by staff while our job waits: said within
    // seconds, not at the deadline
    cups.add_dead_queue("Dead");
    let address = cups.address();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        std::process::Command::new("cupsdisable").env("CUPS_SERVER", address).arg("Dead").status().unwrap()
    });
    let started = std::time::Instant::now();
    let e = client.print("Dead", "stopped-job", pdf, Duration::from_secs(60)).unwrap_err();
    assert!(stopper.join().unwrap().success());
    assert!(matches!(e, PrintError::Stopped(_)), "{e}");
    assert!(started.elapsed() < Duration::from_secs(15), "told after {:?}", started.elapsed());
}

/// A printer whose every job fails, with CUPS told to abort such jobs: the kiosk says the
/// job failed, at once, and leaves nothing behind.
#[test]
fn an_aborted_job_is_told_and_purged() {
    let cups = CupsServer::start_with_failing_backend();
    cups.admin("lpadmin", &["-p", "Broken", "-E", "-v", "fail:/", "-P", crate::cups::PDF_PPD, "-o", "printer-error-policy=abort-job"]);
    let client = Cups::new(Some(&cups.address()));
    let started = std::time::Instant::now();
    let e = client.print("Broken", "aborted-job", minimal_pdf(), Duration::from_secs(30)).unwrap_err();
    assert!(matches!(e, PrintError::Failed(_)), "{e}\n{}", cups.log());
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(e.msg().vi().contains("không in xong"));
    let start = std::time::Instant::now();
    while client.jobs().unwrap().iter().any(|(_, _, t)| t == "aborted-job") && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!client.jobs().unwrap().iter().any(|(_, _, t)| t == "aborted-job"), "the aborted job was left in CUPS");
}

/// `doctor` against a real CUPS and real files: all pass on a kiosk in order (exit 0); each
/// problem is one ✗ line with its fix and exit 6 — a stopped printer, a key file others can
/// read, a configuration key that is wrong (the key file it names still checked), a dead
/// clock battery (the year before 2025), a database that is not there.
#[test]
fn doctor_says_what_is_wrong_and_how_to_fix_it() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    cups.admin("lpadmin", &["-p", "Paused", "-E", "-v", "cups-pdf:/", "-P", crate::cups::PDF_PPD]);
    cups.admin("cupsdisable", &["Paused"]);
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("db.key");
    std::fs::write(&key, "a-long-random-key\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cfg = dir.path().join("kiosk.toml");
    let base = format!("cups_server = \"{}\"\ndb_key_file = \"{}\"\n", cups.address(), key.display());
    std::fs::write(&cfg, format!("{base}printer = \"KioskPDF\"\n")).unwrap();
    let db = dir.path().join("k.db");
    let doctor = || {
        let out = crate::cli::kiosk().env("TZ", "Asia/Ho_Chi_Minh").arg("--config").arg(&cfg).arg("--db").arg(&db).arg("doctor").output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string())
    };
    // no database yet
    let (code, text) = doctor();
    assert_eq!(code, Some(6), "{text}");
    assert!(text.contains("✗ Cơ sở dữ liệu: chưa có") && text.contains("Cách sửa: chạy kiosk một lần"), "{text}");
    // a kiosk in order: the database made (encrypted with the key) by a first run
    crate::cli::kiosk().arg("--config").arg(&cfg).arg("--db").arg(&db).arg("purge").assert().success();
    let (code, text) = doctor();
    assert_eq!(code, Some(0), "{text}");
    for line in [
        "✓ Cấu hình",
        "✓ Tệp khóa",
        "✓ Cơ sở dữ liệu",
        "✓ Dung lượng đĩa",
        "✓ Mẫu tờ khai: 14 thủ tục",
        "✓ Máy in: Máy in KioskPDF: Sẵn sàng",
        "✓ Phông chữ",
        "✓ Đồng hồ",
    ] {
        assert!(text.contains(line), "`{line}` not in\n{text}");
    }
    // the JSON says the same
    let out = crate::cli::kiosk().env("TZ", "Asia/Ho_Chi_Minh").arg("--config").arg(&cfg).arg("--db").arg(&db).args(["doctor", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().all(|c| c["ok"] == true), "{v}");
    // a stopped printer
    std::fs::write(&cfg, format!("{base}printer = \"Paused\"\n")).unwrap();
    let (code, text) = doctor();
    assert_eq!(code, Some(6));
    assert!(text.contains("✗ Máy in: Máy in Paused: Tạm dừng") && text.contains("cupsenable Paused"), "{text}");
    // a key file others can read, and a wrong key beside it: the key file is still checked
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&cfg, format!("{base}printer = \"KioskPDF\"\nagency_code = \"H20\"\n")).unwrap();
    let (code, text) = doctor();
    assert_eq!(code, Some(6));
    assert!(text.contains("✗ Cấu hình") && text.contains("agency_code"), "{text}");
    assert!(text.contains("✗ Tệp khóa") && text.contains(&format!("chmod 600 {}", key.display())), "{text}");
    assert!(text.contains("2 mục cần sửa"), "{text}");
    // a dead clock battery
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&cfg, format!("{base}printer = \"KioskPDF\"\n")).unwrap();
    let out = assert_cmd::Command::cargo_bin("form-kiosk")
        .unwrap()
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .env("XDG_DATA_HOME", crate::cli::data_home())
        .env("TZ", "UTC")
        .args(["--today", "01/01/2000", "--config"])
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .arg("doctor")
        .output()
        .unwrap();
    let (code, text) = (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string());
    assert_eq!(code, Some(6), "{text}");
    assert!(text.contains("✗ Đồng hồ: đồng hồ máy chỉ ngày 01/01/2000") && text.contains("thay pin"), "{text}");
    // a machine left on UTC: the cut-off hour and the dates would be seven hours off
    assert!(text.contains("✗ Múi giờ: máy đặt múi giờ UTC+00:00") && text.contains("timedatectl set-timezone Asia/Ho_Chi_Minh"), "{text}");
}
