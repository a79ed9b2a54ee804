//! "A crash or power cut never loses it", tested against a power cut rather than a crash: a
//! kiosk process confirms dossiers under an LD_PRELOAD library (`powerloss.c`) that records the
//! database file and its write-ahead log as they stand after every flush to disk. For every
//! flush the test rebuilds what a power cut at that moment would leave — each file as at its
//! last flush, every later write lost — opens the database there, and requires every dossier
//! the process had reported confirmed by then, whole (answers, printout, people). A SIGKILL
//! keeps the kernel's page cache and would pass with `synchronous=OFF`; this would not.

use form_kiosk::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Build the preload library with the system C compiler.
fn shim(dir: &Path) -> PathBuf {
    let so = dir.join("powerloss.so");
    let out = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-O2", "-o"])
        .arg(&so)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/powerloss.c"))
        .arg("-ldl")
        .output()
        .expect("a C compiler (build-essential) is installed");
    assert!(out.status.success(), "cannot build the preload library: {}", String::from_utf8_lossy(&out.stderr));
    so
}

#[test]
fn a_power_cut_at_any_flush_loses_no_confirmed_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = (dir.path().join("k.db"), dir.path().join("flushes"));
    std::fs::create_dir_all(&out).unwrap();
    // the database as the kiosk found it this morning (closed: no log)
    drop(Store::open(&db, None).unwrap());
    let morning = std::fs::read(&db).unwrap();
    let so = shim(dir.path());
    let status = crate::crash::confirm_loop(&db, 40)
        .env("LD_PRELOAD", &so)
        .env("PL_OUT", &out)
        .env("PL_WATCH", db.display().to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    // the log: flushes (n, file) and the codes printed after n flushes
    let log = std::fs::read_to_string(out.join("log")).unwrap();
    let mut flushed: Vec<(usize, String)> = Vec::new();
    let mut reported: Vec<(usize, String)> = Vec::new();
    for l in log.lines() {
        let mut f = l.splitn(3, ' ');
        match (f.next(), f.next().and_then(|n| n.parse().ok()), f.next()) {
            (Some("S"), Some(n), Some(name)) => flushed.push((n, name.to_string())),
            (Some("O"), Some(n), Some(code)) => reported.push((n, code.trim().to_string())),
            _ => panic!("log line `{l}`"),
        }
    }
    assert_eq!(reported.len(), 40, "every confirmation reported");
    let last = flushed.last().map(|f| f.0).unwrap_or(0);
    assert!(last >= 40, "{last} flushes for 40 confirmations: the commits are not flushed");

    let wal_name = format!("{}-wal", db.file_name().unwrap().to_string_lossy());
    let mut seen_counts = std::collections::BTreeSet::new();
    for k in 0..=last {
        // each file as at its last flush up to k
        let latest = |name: &str| flushed.iter().filter(|(n, f)| *n <= k && f == name).map(|(n, _)| *n).max();
        let cut = dir.path().join(format!("cut-{k}"));
        std::fs::create_dir_all(&cut).unwrap();
        let (cdb, cwal) = (cut.join("k.db"), cut.join("k.db-wal"));
        match latest("k.db") {
            Some(n) => std::fs::copy(out.join(format!("{n}-k.db")), &cdb).map(|_| ()).unwrap(),
            None => std::fs::write(&cdb, &morning).unwrap(),
        }
        if let Some(n) = latest(&wal_name) {
            std::fs::copy(out.join(format!("{n}-{wal_name}")), &cwal).unwrap();
        }
        let s = Store::open(&cdb, None).unwrap_or_else(|e| panic!("after a cut at flush {k}, the database does not open: {e}"));
        assert!(s.integrity_ok().unwrap(), "after a cut at flush {k}: damaged");
        let stored: BTreeMap<String, _> = s.dossiers(None).unwrap().into_iter().map(|d| (d.code.clone(), d)).collect();
        for (n, code) in reported.iter().filter(|(n, _)| *n <= k) {
            let d = stored.get(code).unwrap_or_else(|| panic!("{code}, reported confirmed after flush {n}, is lost by a cut at flush {k}"));
            assert!(d.answers.is_some(), "{code}: answers lost");
            assert!(s.pdf(code).unwrap().is_some_and(|p| p.starts_with(b"%PDF")), "{code}: printout lost");
            let people: i64 = s.connection().query_row("SELECT count(*) FROM dossier_people WHERE code = ?1", [code], |r| r.get(0)).unwrap();
            assert!(people > 0, "{code}: the people in it lost");
        }
        seen_counts.insert(stored.len());
        drop(s);
        std::fs::remove_dir_all(&cut).unwrap();
    }
    // the cuts fell between confirmations: the test saw the database grow
    assert!(seen_counts.len() > 10, "only {} different states: the check means little", seen_counts.len());
}
