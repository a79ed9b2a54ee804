//! Growth: a CT01 whose household table runs to more pages (layout + PDF per page), a
//! dossier looked up among 1,000,000, and what a dossier with its PDF kept costs on disk.
//! The sizes are printed once (`eprintln`), the times measured by criterion.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::Input;
use form_kiosk::core::validate::Row;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};
use form_kiosk::store::Store;
use serde_json::json;

const CODE: &str = "000.00.00.H20-261127-0001";

mod common;
use common::{birth_answers, birth_cards, now, MOTHER};

/// `n` household members, each a different person.
fn members(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| {
            [
                ("full_name", format!("Nguyễn Văn Thành {}", ["An", "Bình", "Cường", "Dũng", "Đạt"][i % 5])),
                ("birth_date", format!("{:02}/{:02}/{}", 1 + i % 28, 1 + i % 12, 1950 + i % 70)),
                ("sex", if i % 2 == 0 { "Nam" } else { "Nữ" }.to_string()),
                ("id_number", format!("{:012}", 87_000_000_000u64 + i as u64 * 7)),
                ("relation", "Con".to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
        })
        .collect()
}

fn documents(c: &mut Criterion) {
    let (forms, _) = forms_io::bundled();
    let mut service = Service::new(forms, KioskConfig::default());
    let t = service.form("ct01").unwrap().clone();
    let mut group = c.benchmark_group("CT01 layout + PDF");
    group.sample_size(20);
    // a table holds at most 20 rows (`validate::MAX_TABLE_ROWS`)
    let mut largest = None;
    for n in [0usize, 10, 20] {
        let typed = vec![("members".to_string(), Input::Rows(members(n)))];
        let filled = service.fill("ct01", &[ScannedCard::qr(None, MOTHER)], &typed, now()).unwrap();
        let doc = service.document(&t, &filled.answers, Some(CODE));
        let pdf = form_kiosk::pdf::render(&doc, None).unwrap();
        eprintln!("CT01 with {n} household members: {} page(s), {} bytes", doc.pages.len(), pdf.len());
        group.bench_with_input(BenchmarkId::new("members", format!("{n} ({} pages)", doc.pages.len())), &filled, |b, filled| {
            b.iter(|| black_box(form_kiosk::pdf::render(&service.document(&t, black_box(&filled.answers), Some(CODE)), None).unwrap()))
        });
        largest = Some(doc);
    }
    group.finish();
    // longer documents than any form makes: the 20-member CT01's pages over and over, drawn
    // into one PDF (per page, drawing should cost the same at 10 pages as at 1)
    let doc = largest.unwrap();
    let mut group = c.benchmark_group("PDF of a long document");
    group.sample_size(20);
    for pages in [1usize, 3, 10] {
        let long =
            form_kiosk::core::layout::Document { title: doc.title.clone(), pages: doc.pages.iter().cycle().take(pages).cloned().collect(), ..doc.clone() };
        group
            .bench_with_input(BenchmarkId::new("pages", pages), &long, |b, long| b.iter(|| black_box(form_kiosk::pdf::render(black_box(long), None).unwrap())));
    }
    group.finish();
}

fn store(c: &mut Criterion) {
    // on the project's disk (target/), not /tmp, which may be memory
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();

    // what one dossier costs on disk with its PDF kept: 1,000 birth forms confirmed as the
    // kiosk confirms them (each with its own PDF), then the file's size per dossier
    let (forms, _) = forms_io::bundled();
    let path = dir.path().join("sizes.db");
    let mut service = Service::new(forms, KioskConfig::default()).with_store(Store::open(&path, None).unwrap(), now()).unwrap();
    let session = service.session("khai-sinh", &birth_cards(), &birth_answers(), now()).unwrap();
    let count = 1000u64;
    for _ in 0..count {
        service.confirm(&session, false, now()).unwrap();
    }
    // and timed: the whole confirmation as the kiosk makes it (codes, layout, PDF, one
    // FULL-sync commit with the PDF kept)
    let mut confirmed = count;
    c.bench_function("birth form: confirm with the PDF kept", |b| {
        b.iter(|| {
            confirmed += 1;
            black_box(service.confirm(&session, false, now()).unwrap())
        })
    });
    drop(service);
    let count = confirmed;
    let bytes = std::fs::metadata(&path).unwrap().len();
    eprintln!("database with {count} birth-form dossiers, PDFs kept: {bytes} bytes, {} bytes per dossier", bytes / count);

    // 1,000,000 dossiers over 500 days (generated in one transaction, not measured); a
    // look-up by code as the desk and a reprint make it
    let path = dir.path().join("million.db");
    let s = Store::open(&path, None).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let code = |i: u64| format!("000.00.00.H20-{}-{:04}", (first + chrono::Days::new(i / 2000)).format("%y%m%d"), i % 2000 + 1);
    {
        let conn = s.connection();
        conn.execute_batch("BEGIN").unwrap();
        let mut st = conn
            .prepare(
                "INSERT INTO dossiers (code, agency_code, day, seq, form_id, form_version, answers, status, created_at, updated_at)
                 VALUES (?1, '000.00.00.H20', ?2, ?3, 'khai-sinh', 1, ?4, 'printed', '2026-11-27 09:30:00', '2026-11-27 09:30:00')",
            )
            .unwrap();
        let small = json!({"child_name": {"value": "Trần Bảo Ngọc", "source": {"type": "typed"}}}).to_string();
        for i in 0..1_000_000u64 {
            let c = code(i);
            st.execute(rusqlite::params![c, &c[14..20], (i % 2000 + 1) as i64, small]).unwrap();
        }
        drop(st);
        conn.execute_batch("COMMIT").unwrap();
    }
    let mut k = 0u64;
    c.bench_function("store: look up a dossier among 1,000,000", |b| {
        b.iter(|| {
            k = (k + 7919) % 1_000_000;
            black_box(s.dossier(&code(k)).unwrap())
        })
    });
}

criterion_group!(benches, documents, store);
criterion_main!(benches);
