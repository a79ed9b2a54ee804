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

/// When a result is due, over real days off as the Government and the press published them.
/// Each case: handed in (day, time), working days to process, what the year's decision adds,
/// the day due.
#[test]
fn results_due_over_real_holidays() {
    use form_kiosk::core::workdays::{Decided, WorkCalendar};
    let d = |s: &str| Date::parse_typed(s).unwrap();
    let at = |h: u32, m: u32| h * 60 + m;
    let cutoff = at(16, 0);
    let none = Decided::default();
    // Quốc khánh 2024: off Saturday 31/8 to Tuesday 3/9 — 2/9 and the day after it, as decided
    // (btv.org.vn, thactrang.com, August 2024)
    let qk2024 = Decided { days_off: vec![d("03/09/2024")], ..Decided::default() };
    let cases: &[(&str, &str, u32, u32, &Decided, &str)] = &[
        // Tết Bính Ngọ: civil servants off Saturday 14/2 to Sunday 22/2/2026, the usual five
        // days (29 Chạp to mùng 4, 16–20/2) between two weekends (congan.com.vn): a dossier on
        // the Friday before Tết, three working days
        ("the Friday before Tết 2026", "13/02/2026", at(9, 0), 3, &none, "25/02/2026"),
        ("the eve of Tết counts from the first day back", "16/02/2026", at(8, 0), 0, &none, "23/02/2026"),
        // Giỗ Tổ 26/4/2026 was a Sunday: Monday 27/4 off in lieu; 30/4 and 1/5 on Thursday
        // and Friday (thanhnien.vn, kenh14.vn, 2026)
        ("Giỗ Tổ on a Sunday, then 30/4 – 1/5 2026", "24/04/2026", at(10, 0), 2, &none, "29/04/2026"),
        ("across 30/4 – 1/5 2026", "29/04/2026", at(10, 0), 1, &none, "04/05/2026"),
        // 2016: Giỗ Tổ on Saturday 16/4 (Monday 18/4 off), 30/4 and 1/5 on Saturday and Sunday
        // (Monday 2/5 and Tuesday 3/5 off) (meohaybotui.com, 2016)
        ("30/4 and 1/5 on a weekend, 2016", "29/04/2016", at(9, 0), 1, &none, "04/05/2016"),
        ("Giỗ Tổ on a Saturday, 2016", "15/04/2016", at(9, 0), 1, &none, "19/04/2016"),
        ("across 2/9 2024, as decided", "30/08/2024", at(9, 0), 2, &qk2024, "05/09/2024"),
        ("across 2/9 2024 without the decision", "30/08/2024", at(9, 0), 2, &none, "04/09/2024"),
        // the office's cut-off hour: at 16:30 the dossier counts from the next working day
        ("before the cut-off", "23/11/2026", at(10, 0), 1, &none, "24/11/2026"),
        ("after the cut-off", "23/11/2026", at(16, 30), 1, &none, "25/11/2026"),
        ("same day, after the cut-off on a Friday", "27/11/2026", at(16, 0), 0, &none, "30/11/2026"),
        ("handed in on a Saturday", "28/11/2026", at(9, 0), 1, &none, "01/12/2026"),
        ("Tết Dương lịch 2027 on a Friday", "31/12/2026", at(9, 0), 1, &none, "04/01/2027"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(what, day, minutes, days, decided, due)| {
            let got = WorkCalendar::new(decided).due(d(day), *minutes, cutoff, *days);
            (got != d(due)).then(|| format!("{what}: due {due}, computed {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");

    // the office's own closed day and a Saturday worked in exchange
    let office = Decided { closed: vec![d("24/11/2026")], days_worked: vec![d("28/11/2026")], ..Decided::default() };
    let cal = WorkCalendar::new(&office);
    assert!(!cal.is_working_day(d("24/11/2026")));
    assert!(cal.is_working_day(d("28/11/2026")));
    assert_eq!(cal.due(d("23/11/2026"), at(9, 0), cutoff, 1), d("25/11/2026"));
    assert_eq!(cal.due(d("27/11/2026"), at(9, 0), cutoff, 1), d("28/11/2026"));
}

/// The days the default `kiosk.toml` lists for 2026 as the Government decided them
/// (research notes in the README): Tết Dương lịch 1–4/1 with 2/1 swapped for Saturday 10/1
/// (Công văn 12729/VPCP-KGVX); Quốc khánh 29/8–2/9 with 1/9 beside 2/9 and 31/8 swapped for
/// Saturday 22/8; Ngày Văn hóa Việt Nam 24/11 (Nghị quyết 28/2026/QH16).
#[test]
fn the_shipped_calendar_of_2026() {
    use form_kiosk::core::config::KioskConfig;
    use form_kiosk::core::workdays::WorkCalendar;
    let d = |s: &str| Date::parse_typed(s).unwrap();
    let cfg = KioskConfig::default();
    let decided = cfg.decided();
    let cal = WorkCalendar::new(&decided);
    let cutoff = cfg.cutoff_minutes();
    assert_eq!(cutoff, 15 * 60);
    let cases = [
        ("Tết Dương lịch 2026, 2/1 swapped", "31/12/2025", 9 * 60, 1, "05/01/2026"),
        ("Saturday 10/1/2026 worked", "09/01/2026", 9 * 60, 1, "10/01/2026"),
        ("Quốc khánh 2026: 31/8, 1/9, 2/9 off", "28/08/2026", 9 * 60, 1, "03/09/2026"),
        ("Saturday 22/8/2026 worked", "21/08/2026", 10 * 60, 1, "22/08/2026"),
        ("Ngày Văn hóa Việt Nam 24/11/2026", "23/11/2026", 9 * 60, 1, "25/11/2026"),
        ("same day, at the cut-off 15:00", "23/11/2026", 15 * 60, 0, "25/11/2026"),
        ("same day, before the cut-off", "25/11/2026", 14 * 60 + 59, 0, "25/11/2026"),
    ];
    for (what, day, minutes, days, due) in cases {
        assert_eq!(cal.due(d(day), minutes, cutoff, days), d(due), "{what}");
    }
    assert!(!cal.is_working_day(d("24/11/2026")));
}
