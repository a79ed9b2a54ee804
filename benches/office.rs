//! The office store on a real PostgreSQL server on this machine (a throw-away cluster started
//! with `.ci/pg`, fsync on; or the one `FORM_KIOSK_BENCH_PG` names, a directory `.ci/pg`
//! made): confirming a dossier on the server, confirming at a kiosk of an office (its file, a
//! leased number, sent to the server), and looking up a dossier among 1,000,000 on the
//! server — beside `store` and `growth`'s SQLite figures.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use form_kiosk::store::{Backend, NewDossier, Office, PgStore, PgTarget, Store};
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

fn pg(args: &[&str]) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/pg");
    let out = Command::new("bash").arg(script).args(args).env("PG_FSYNC", "on").output().unwrap();
    assert!(out.status.success(), ".ci/pg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The server's directory, its URL, and whether this bench started it (and stops it).
fn server() -> (PathBuf, String, bool) {
    match std::env::var_os("FORM_KIOSK_BENCH_PG") {
        Some(d) => {
            let d = PathBuf::from(d);
            let url = pg(&["url", d.to_str().unwrap()]);
            (d, url, false)
        }
        None => {
            let d = std::env::temp_dir().join(format!("form-kiosk-bench-pg-{}", std::process::id()));
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let url = pg(&["start", d.to_str().unwrap(), &port.to_string()]);
            (d, url, true)
        }
    }
}

fn office(c: &mut Criterion) {
    let (dir, url, started) = server();
    let target = PgTarget { url, ca_file: Some(dir.join("ca.crt")), ..PgTarget::default() };
    let mut s = PgStore::open(&target).unwrap();
    s.execute_batch("TRUNCATE dossiers, dossier_people, bookings, audit, day_counters, leases, received").unwrap();
    let answers = json!({
        "requester_name": {"value": "Nguyễn Thị An", "source": {"type": "card", "role": "requester"}},
        "child_name": {"value": "Trần Bảo Ngọc", "source": {"type": "typed"}},
        "child_birth_date": {"value": "05/02/2026", "source": {"type": "typed"}},
        "child_birth_place": {"value": "Bệnh viện Đa khoa khu vực Hồng Ngự, Phường An Bình, Tỉnh Đồng Tháp", "source": {"type": "typed"}},
    });
    let people = vec!["001190123456".to_string(), "087088004321".to_string()];
    let new = NewDossier { agency_code: "000.00.00.H20", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &people, after: None };
    c.bench_function("pg: confirm a dossier on the server (local server, fsync on)", |b| b.iter(|| black_box(s.confirm(&new, now()).unwrap())));

    // a kiosk of the office: its own file on the project's disk, numbers leased, each
    // confirmation sent to the server before the call returns
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut kiosk = Office::new(Store::open(&tmp.path().join("kiosk.db"), None).unwrap(), target.clone(), "000.00.00.H20", 40);
    Backend::set_kiosk_id(&mut kiosk, "kiosk-bench").unwrap();
    c.bench_function("office: confirm at a kiosk (its file + leased number + sent to the server)", |b| {
        b.iter(|| black_box(Backend::confirm(&mut kiosk, &new, now()).unwrap()))
    });

    // 1,000,000 dossiers over 500 days, made on the server (setup, not measured)
    s.execute_batch(
        "TRUNCATE dossiers, dossier_people, bookings, audit, day_counters, leases, received;
         INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status, created_at, updated_at)
         SELECT '000.00.00.H20-' || to_char(date '2025-01-01' + (i / 2000), 'YYMMDD') || '-' || lpad((i % 2000 + 1)::text, 4, '0'),
                '000.00.00.H20', to_char(date '2025-01-01' + (i / 2000), 'YYMMDD'), i % 2000 + 1, 'khai-sinh', 1,
                '{\"child_name\": {\"value\": \"Trần Bảo Ngọc\", \"source\": {\"type\": \"typed\"}}}', 'printed',
                timestamp '2026-11-27 09:30:00', timestamp '2026-11-27 09:30:00'
         FROM generate_series(0, 999999) AS i;
         ANALYZE dossiers;",
    )
    .unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let code = |i: u64| format!("000.00.00.H20-{}-{:04}", (first + chrono::Days::new(i / 2000)).format("%y%m%d"), i % 2000 + 1);
    let mut k = 0u64;
    c.bench_function("pg: look up a dossier among 1,000,000 on the server", |b| {
        b.iter(|| {
            k = (k + 7919) % 1_000_000;
            black_box(s.dossier(&code(k)).unwrap())
        })
    });
    drop(s);
    if started {
        pg(&["stop", dir.to_str().unwrap()]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, office);
criterion_main!(benches);
