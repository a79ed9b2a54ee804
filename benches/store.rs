//! Dossier store: confirming a dossier with synchronous=FULL on this machine's disk, and
//! looking up a profile among 1,000,000.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use form_kiosk::store::{NewDossier, Store};
use serde_json::json;

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

fn store(c: &mut Criterion) {
    // on the project's disk (target/), not /tmp, which may be memory
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();

    let mut s = Store::open(&dir.path().join("confirm.db"), None).unwrap();
    let answers = json!({
        "requester_name": {"value": "Nguyễn Thị An", "source": {"type": "card", "role": "requester"}},
        "child_name": {"value": "Trần Bảo Ngọc", "source": {"type": "typed"}},
        "child_birth_date": {"value": "05/02/2026", "source": {"type": "typed"}},
        "child_birth_place": {"value": "Bệnh viện Đa khoa khu vực Hồng Ngự, Phường An Bình, Tỉnh Đồng Tháp", "source": {"type": "typed"}},
    });
    let people = vec!["001190123456".to_string(), "087088004321".to_string()];
    c.bench_function("store: confirm a dossier (WAL, synchronous=FULL)", |b| {
        b.iter(|| {
            black_box(
                s.confirm(
                    &NewDossier { agency_code: "000.00.00.H20", form_id: "khai-sinh", form_version: 1, answers: &answers, people: &people, after: None },
                    now(),
                )
                .unwrap(),
            )
        })
    });

    // 1,000,000 profiles, generated in one transaction (setup, not measured)
    let path = dir.path().join("profiles.db");
    let s = Store::open(&path, None).unwrap();
    {
        let conn = s.connection();
        conn.execute_batch("BEGIN").unwrap();
        let mut st = conn
            .prepare(
                "INSERT INTO profiles (id_number, full_name, birth_date, sex, residence, consent_at, consent_notice,
                                       created_at, updated_at, last_used_at)
                 VALUES (?1, 'Nguyễn Văn An', '01/01/1990', 'Nam', 'Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp',
                         '2026-11-27 09:30:00', 'v1', '2026-11-27 09:30:00', '2026-11-27 09:30:00', '2026-11-27 09:30:00')",
            )
            .unwrap();
        for i in 0..1_000_000u64 {
            st.execute([format!("{:012}", 87_090_000_000 + i * 7)]).unwrap();
        }
        drop(st);
        conn.execute_batch("COMMIT").unwrap();
    }
    let mut k = 0u64;
    c.bench_function("store: look up a profile among 1,000,000", |b| {
        b.iter(|| {
            k = (k + 7919) % 1_000_000;
            let id = format!("{:012}", 87_090_000_000 + k * 7);
            black_box(s.profile(&id).unwrap().unwrap())
        })
    });
}

criterion_group!(benches, store);
criterion_main!(benches);
