//! The Vietnamese lunar calendar against published dates: Tết of every year 1900–2100, and
//! every day of those years from solar to lunar and back.

use form_kiosk::core::date::Date;
use form_kiosk::core::lunar::{tet, to_lunar, to_solar};

#[test]
fn tet_1900_to_2100_as_published() {
    let table = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tet-1900-2100.tsv")).unwrap();
    let rows: Vec<(i32, Date)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (y, d) = l.split_once('\t').unwrap();
            (y.parse().unwrap(), Date::parse_typed(d).unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 201);
    assert_eq!(rows.first().map(|r| r.0), Some(1900));
    assert_eq!(rows.last().map(|r| r.0), Some(2100));
    let wrong: Vec<String> = rows.iter().filter(|(y, d)| tet(*y) != *d).map(|(y, d)| format!("{y}: published {d}, computed {}", tet(*y))).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_day_to_lunar_and_back() {
    let mut day = Date { day: 1, month: 1, year: 1900 };
    let end = Date { day: 31, month: 12, year: 2100 };
    let mut previous = to_lunar(day);
    let mut days = 0;
    while day <= end {
        let l = to_lunar(day);
        assert_eq!(to_solar(l), Some(day), "{day} → {l:?}");
        // one day on: the next lunar day, or the 1st of the next month after a 29th or 30th
        if day.year > 1900 || day.day > 1 {
            let next_month = l.day == 1 && (previous.day == 29 || previous.day == 30);
            assert!(l.day == previous.day + 1 || next_month, "{day}: {previous:?} then {l:?}");
        }
        previous = l;
        day = day.next_day();
        days += 1;
    }
    assert_eq!(days, 201 * 365 + 49);
}
