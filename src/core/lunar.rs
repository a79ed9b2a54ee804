//! The Vietnamese lunar calendar (âm lịch), computed for Việt Nam's time zone, UTC+7: the
//! new moons and the sun's longitude by the standard astronomical formulas, months and leap
//! months by the rules Hồ Ngọc Đức published ("Thuật toán tính âm lịch"). It differs from the
//! Chinese calendar (UTC+8) where a new moon falls between 23:00 and 24:00 Việt Nam time:
//! Tết 1985 was 21/01/1985 here and 20/02/1985 in China. Good for 1800–2199 (tested against
//! the published dates of Tết for 1900–2100, `tests/data/tet-1900-2100.tsv`).

use super::date::Date;
use std::f64::consts::PI;

/// Việt Nam's time zone, in hours east of UTC.
pub const TIME_ZONE: f64 = 7.0;

/// A day of the lunar calendar; `leap`: the month is the year's leap month (tháng nhuận).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

/// The moment of the `k`-th new moon after the one of 1/1/1900 13:52 UTC, as a Julian day
/// (fractional, UTC).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude at a Julian day (fractional, UTC), in radians, 0..2π.
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let dl =
        (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin() + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// The day (Julian day number, local) of the `k`-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors the sun is in at the start of local day `day`.
fn sun_sector(day: i64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

/// Mean synodic month, days.
const SYNODIC: f64 = 29.530_588_853;
/// The new moon of 1/1/1900 (local), Julian day.
const EPOCH: f64 = 2_415_021.076_998_695;

/// The first day of the 11th lunar month (the one holding the winter solstice) of year `yy`.
fn month_11(yy: i32) -> i64 {
    let off = Date { day: 31, month: 12, year: yy }.julian_day() - 2_415_021;
    let k = (off as f64 / SYNODIC).floor() as i64;
    let nm = new_moon_day(k);
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// In a year of 13 months starting at month 11 on `a11`: how many months after it the leap
/// month comes (the first month without a major solar term).
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - EPOCH) / SYNODIC + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// The lunar date of a day.
pub fn to_lunar(d: Date) -> LunarDate {
    let day_number = d.julian_day();
    // the last new moon on or before the day; the mean month only guesses which it is (the
    // published code took the guess or the one before, and so gave 07/05/2054 a day 0)
    let mut k = ((day_number as f64 - EPOCH) / SYNODIC).floor() as i64;
    while new_moon_day(k + 1) <= day_number {
        k += 1;
    }
    while new_moon_day(k) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k);
    let mut a11 = month_11(d.year);
    let mut b11 = a11;
    let mut year = if a11 >= month_start {
        a11 = month_11(d.year - 1);
        d.year
    } else {
        b11 = month_11(d.year + 1);
        d.year + 1
    };
    let day = (day_number - month_start + 1) as u32;
    let diff = ((month_start - a11) as f64 / 29.0).floor() as i64;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    LunarDate { day, month: month as u32, year, leap }
}

/// The day of a lunar date; None when it does not exist (a leap month the year has not, a
/// 30th in a month of 29 days).
pub fn to_solar(l: LunarDate) -> Option<Date> {
    if !(1..=12).contains(&l.month) || !(1..=30).contains(&l.day) {
        return None;
    }
    let (a11, b11) = if l.month < 11 { (month_11(l.year - 1), month_11(l.year)) } else { (month_11(l.year), month_11(l.year + 1)) };
    let mut off = l.month as i64 - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if l.leap && l.month as i64 != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None;
    }
    let k = (0.5 + (a11 as f64 - EPOCH) / SYNODIC).floor() as i64;
    let start = new_moon_day(k + off);
    let d = Date::from_julian_day(start + l.day as i64 - 1);
    // a 30th that is the next month's 1st does not exist
    (to_lunar(d) == l).then_some(d)
}

/// Tết Nguyên Đán of lunar year `year`: the 1st day of its 1st month.
pub fn tet(year: i32) -> Date {
    to_solar(LunarDate { day: 1, month: 1, year, leap: false }).expect("every lunar year has a first month")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_typed(s).unwrap()
    }

    #[test]
    fn known_days() {
        // Tết where Việt Nam and China differ, and a leap month (2023 had a leap 2nd month)
        assert_eq!(tet(1985), d("21/01/1985"));
        assert_eq!(tet(2007), d("17/02/2007"));
        assert_eq!(tet(2026), d("17/02/2026"));
        assert_eq!(to_lunar(d("23/03/2023")), LunarDate { day: 2, month: 2, year: 2023, leap: true });
        assert_eq!(to_solar(LunarDate { day: 2, month: 2, year: 2023, leap: true }), Some(d("23/03/2023")));
        assert_eq!(to_solar(LunarDate { day: 1, month: 5, year: 2023, leap: true }), None);
        // Giỗ Tổ Hùng Vương, 10/3 âm lịch
        assert_eq!(to_solar(LunarDate { day: 10, month: 3, year: 2026, leap: false }), Some(d("26/04/2026")));
        // where the mean month's guess is a new moon too late: the 30th of the month before
        let l = to_lunar(d("07/05/2054"));
        assert_eq!((l.day, to_solar(l)), (30, Some(d("07/05/2054"))));
        assert_eq!(to_lunar(d("08/05/2054")).day, 1);
    }
}
