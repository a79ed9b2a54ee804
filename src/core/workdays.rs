//! Working days: when a dossier's result is due. Saturdays, Sundays and the public holidays
//! of Bộ luật Lao động 2019, Điều 112 are not worked: Tết Dương lịch (1/1), Tết Âm lịch (five
//! days), Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4, 1/5, Quốc khánh (2/9 and a day beside it);
//! a holiday on a Saturday or Sunday gives the next working day off (Điều 111, khoản 3). The
//! five days of Tết and the day beside 2/9 are fixed each year by the Prime Minister, as are
//! days swapped to make a longer break: the office lists them (`Decided`). Without a
//! decision for a year, Tết is its eve and its first four days (the usual choice).

use super::date::Date;
use super::lunar;

/// What the Government decided for the year and the office's own closures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decided {
    /// Days off decided on top of the fixed ones: the day beside 2/9, a day swapped for a
    /// working Saturday, the Tết days where they differ from the usual choice.
    pub days_off: Vec<Date>,
    /// Days that are worked though the usual choice or the weekend says not (the Saturday
    /// worked in exchange for a swapped day; a usual Tết day the decision moved).
    pub days_worked: Vec<Date>,
    /// The office's own closed days.
    pub closed: Vec<Date>,
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(d: Date) -> i64 {
    // 1 January of year 1 was a Monday (proleptic Gregorian)
    d.day_number().rem_euclid(7)
}

/// The fixed public holidays of a calendar year, with Tết as usually chosen (its eve and first
/// four days), before any day off in lieu.
pub fn holidays(year: i32) -> Vec<Date> {
    let mut v = Vec::new();
    let fixed = [(1, 1), (30, 4), (1, 5), (2, 9)];
    v.extend(fixed.iter().filter_map(|(d, m)| Date::new(*d, *m, year)));
    // Tết of this calendar year (the lunar year that begins in it), and of the next when its
    // eve falls on 31 December (never so far; kept for correctness)
    for lunar_year in [year, year + 1] {
        let tet = lunar::tet(lunar_year);
        v.extend((-1..=3).map(|k| Date::from_julian_day(tet.julian_day() + k)).filter(|d| d.year == year));
    }
    if let Some(gio_to) = lunar::to_solar(lunar::LunarDate { day: 10, month: 3, year, leap: false }) {
        v.push(gio_to);
    }
    v.sort();
    v.dedup();
    v
}

/// The office's calendar over the years it is asked about.
pub struct WorkCalendar<'a> {
    decided: &'a Decided,
}

impl<'a> WorkCalendar<'a> {
    pub fn new(decided: &'a Decided) -> WorkCalendar<'a> {
        WorkCalendar { decided }
    }

    /// Whether the office works on `d`.
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.decided.closed.contains(&d) || self.decided.days_off.contains(&d) {
            return false;
        }
        if self.decided.days_worked.contains(&d) {
            return true;
        }
        weekday(d) < 5 && !self.is_holiday_or_in_lieu(d)
    }

    /// A public holiday (as usually chosen), or the working day after one that fell on a
    /// weekend.
    fn is_holiday_or_in_lieu(&self, d: Date) -> bool {
        // the year's holidays and the neighbouring years' (a weekend holiday late in one
        // year gives its day off early in the next), each year's computed once
        let near: Vec<Date> = (d.year - 1..=d.year + 1).flat_map(holidays).collect();
        if near.contains(&d) {
            return true;
        }
        // days off in lieu, in order: each weekend holiday gives the next day that is neither
        // weekend nor holiday nor already given (30/4 and 1/5 on Saturday and Sunday give
        // Monday and Tuesday)
        let mut given: Vec<Date> = Vec::new();
        let weekend_holidays = near.iter().filter(|h| h.year < d.year + 1 && weekday(**h) >= 5 && !self.decided.days_worked.contains(h));
        for h in weekend_holidays {
            let mut n = h.next_day();
            while weekday(n) >= 5 || near.contains(&n) || given.contains(&n) {
                n = n.next_day();
            }
            given.push(n);
        }
        given.contains(&d)
    }

    /// The next working day after `d`.
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut n = d.next_day();
        while !self.is_working_day(n) {
            n = n.next_day();
        }
        n
    }

    /// When a result is due: `days` working days after the day the dossier counts from — the
    /// day it was handed in, or the next working day when that is not one or it came at or
    /// after the cut-off (`minutes` since midnight against `cutoff_minutes`). 0 days: that day.
    pub fn due(&self, handed_in: Date, minutes: u32, cutoff_minutes: u32, days: u32) -> Date {
        let mut d = if self.is_working_day(handed_in) && minutes < cutoff_minutes { handed_in } else { self.next_working_day(handed_in) };
        for _ in 0..days {
            d = self.next_working_day(d);
        }
        d
    }
}
