//! Nothing confirmed is ever lost: processes killed with SIGKILL at random moments, and two
//! processes numbering dossiers at once.

use crate::support::{birth_fill_args, TODAY};
use form_kiosk::store::Store;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

pub(crate) fn confirm_loop(db: &Path, count: u64) -> Command {
    confirm_loop_with(&["--db", db.to_str().unwrap()], count)
}

/// The confirming loop with these global arguments (`--db FILE`, `--config FILE` …).
pub(crate) fn confirm_loop_with(global: &[&str], count: u64) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_form-kiosk"));
    c.env("XDG_CONFIG_HOME", "/nonexistent-config")
        .args(global)
        .args(["--today", TODAY, "__confirm-loop", "--count", &count.to_string()])
        // `fill`'s arguments, as the loop takes them
        .args(&birth_fill_args()[1..]);
    c.stdout(Stdio::piped()).stderr(Stdio::null());
    c
}

/// xorshift, seeded from the clock (the seed is printed so a failure can be replayed with
/// FORM_KIOSK_CRASH_SEED).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_never_loses_a_confirmed_dossier() {
    let kills: usize = std::env::var("FORM_KIOSK_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed = std::env::var("FORM_KIOSK_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("crash test: {kills} kills, FORM_KIOSK_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let mut reported: Vec<String> = Vec::new();
    // on a slow or busy machine the children may confirm too little in the planned kills: then
    // more kills, with a longer window, up to three times as many
    let mut i = 0;
    while i < kills || (reported.len() < kills / 4 && i < 3 * kills) {
        let window_us = if i < kills { 150_000 } else { 400_000 };
        let mut child = confirm_loop(&db, 0).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        // read what the child reports on another thread while this one picks the moment
        let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<_>>());
        // each confirmation renders and keeps its PDF: tens of ms in a debug build
        std::thread::sleep(Duration::from_micros(rng.next() % window_us));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reported.extend(reader.join().unwrap());
        let s = Store::open(&db, None).unwrap_or_else(|e| panic!("after kill {i}: {e}"));
        assert!(s.integrity_ok().unwrap(), "integrity after kill {i}");
        let stored: BTreeSet<String> = s.dossiers(None).unwrap().into_iter().map(|d| d.code).collect();
        for c in &reported {
            assert!(stored.contains(c), "kill {i}: confirmed dossier {c} was lost (seed {seed})");
        }
        i += 1;
    }
    let unique: BTreeSet<_> = reported.iter().collect();
    assert_eq!(unique.len(), reported.len(), "a code was given twice");
    assert!(reported.len() >= kills / 4, "the children confirmed too little to test anything: {}", reported.len());
    eprintln!("crash test: {} dossiers confirmed across {i} kills, none lost", reported.len());
}

#[test]
fn two_processes_never_share_a_number() {
    let dir = tempfile::tempdir().unwrap();
    // a new file: the two processes also race to create and migrate it
    let db = dir.path().join("kiosk.db");
    let children: Vec<_> = (0..2).map(|_| confirm_loop(&db, 60).spawn().unwrap()).collect();
    let mut codes = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success());
        codes.extend(String::from_utf8(out.stdout).unwrap().lines().map(String::from));
    }
    assert_eq!(codes.len(), 120);
    let mut seqs: Vec<u32> = codes.iter().map(|c| c.rsplit('-').next().unwrap().parse().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=120).collect::<Vec<_>>());
}
