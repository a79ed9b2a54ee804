//! Form engine: parse three card QRs, prefill and validate the birth form.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::Input;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};

const MOTHER: &str = "001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021";
const FATHER: &str = "087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021";

fn engine(c: &mut Criterion) {
    let (forms, _) = forms_io::bundled();
    let mut service = Service::new(forms, KioskConfig::default());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 30, 0).unwrap();
    let scans = vec![ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)];
    let typed: Vec<(String, Input)> = [
        ("requester_relation", "Mẹ"),
        ("child_name", "trần bảo ngọc"),
        ("child_birth_date", "5/2/2026"),
        ("child_sex", "nữ"),
        ("child_ethnicity", "kinh"),
        ("child_birth_place", "Bệnh viện Đa khoa khu vực Hồng Ngự, Phường An Bình, Tỉnh Đồng Tháp"),
        ("child_hometown", "Đồng Tháp"),
        ("mother_ethnicity", "Kinh"),
        ("father_ethnicity", "Kinh"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), Input::Text(v.to_string())))
    .collect();
    // warm the administrative-units index once, as a running kiosk has
    let f = service.fill("khai-sinh", &scans, &typed, today).unwrap();
    assert!(f.is_complete());

    c.bench_function("birth form: 3 cards + prefill + validate", |b| {
        b.iter(|| black_box(service.fill("khai-sinh", black_box(&scans), black_box(&typed), today).unwrap()))
    });
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/forms/khai-sinh.toml")).unwrap();
    c.bench_function("birth form: parse + resolve template", |b| {
        b.iter(|| black_box(form_kiosk::core::template::parse_template("khai-sinh.toml", black_box(&text)).unwrap()))
    });
}

fn units(c: &mut Criterion) {
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/data/vn-admin-units-2025.json")).unwrap();
    use form_kiosk::core::units::AdminUnits;
    // what a command that checks addresses in one province does (once per process)
    c.bench_function("admin units: parse + one province's communes", |b| {
        b.iter(|| {
            let u = AdminUnits::parse(black_box(&json)).unwrap();
            black_box(u.find_province("Tỉnh Đồng Tháp").unwrap().find_commune("Phường An Bình").is_some())
        })
    });
    c.bench_function("admin units: parse + every commune", |b| {
        b.iter(|| {
            let u = AdminUnits::parse(black_box(&json)).unwrap();
            u.check().unwrap();
            black_box(u.commune_count())
        })
    });
}

criterion_group!(benches, engine, units);
criterion_main!(benches);
