//! The printed form: layout, PDF bytes and preview PNG of the birth form, in-process.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::forms_io;
use form_kiosk::service::{codes_for, Service};

mod common;
use common::{birth_answers, birth_cards, now};

fn pdf(c: &mut Criterion) {
    let (forms, _) = forms_io::bundled();
    let mut service = Service::new(forms, KioskConfig::default());
    let now = now();
    let (scans, typed) = (birth_cards(), birth_answers());
    let filled = service.fill("khai-sinh", &scans, &typed, now).unwrap();
    assert!(filled.is_complete());
    let t = service.form("khai-sinh").unwrap().clone();
    let code = "000.00.00.H20-261127-0001";
    let doc = service.document(&t, &filled.answers, Some(code));
    let bytes = form_kiosk::pdf::render(&doc, None).unwrap();
    eprintln!("birth form PDF: {} bytes, {} page(s)", bytes.len(), doc.pages.len());

    c.bench_function("birth form: codes + layout", |b| {
        b.iter(|| {
            let _ = codes_for(&service.config, &t, code, &filled.answers, None);
            black_box(service.document(&t, black_box(&filled.answers), Some(code)))
        })
    });
    c.bench_function("birth form: layout + PDF bytes", |b| {
        b.iter(|| black_box(form_kiosk::pdf::render(&service.document(&t, black_box(&filled.answers), Some(code)), None).unwrap()))
    });
    c.bench_function("birth form: preview PNG (110 dpi)", |b| b.iter(|| black_box(form_kiosk::preview::png(black_box(&doc), 0, 110.0))));
    // the kiosk's review picture, on its worker thread: the page drawn at the review's
    // resolution, then resampled to the thumbnail's box (330 × 470 px on a 1280 × 800 screen)
    let dpi = form_kiosk::flow::PREVIEW_DPI;
    c.bench_function("review picture: draw the page (125 dpi)", |b| b.iter(|| black_box(form_kiosk::preview::render_page(black_box(&doc), 0, dpi))));
    let page = form_kiosk::preview::render_page(&doc, 0, dpi);
    c.bench_function("review picture: resample to the thumbnail", |b| b.iter(|| black_box(form_kiosk::preview::fit(black_box(&page), 330, 470))));
}

criterion_group!(benches, pdf);
criterion_main!(benches);
