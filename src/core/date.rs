//! Calendar dates without a clock: the caller passes "today" in.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // field order matters for Ord: year, month, day
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The day as dossier codes and the store's day counters write it: `YYMMDD`
    /// (Thông tư 01/2018/TT-VPCP). The one place this rule is written.
    pub fn day_key(self) -> String {
        format!("{:02}{:02}{:02}", self.year.rem_euclid(100), self.month, self.day)
    }

    /// A real calendar date, or None (31/04, 29/02 in a common year, month 13 …).
    pub fn new(day: u32, month: u32, year: i32) -> Option<Date> {
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// `DDMMYYYY`, the card QR format.
    pub fn parse_compact(s: &str) -> Option<Date> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d = s[0..2].parse().ok()?;
        let m = s[2..4].parse().ok()?;
        let y = s[4..8].parse().ok()?;
        Date::new(d, m, y)
    }

    /// What a person or a scanner types: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`,
    /// `dd.mm.yyyy`, or `ddmmyyyy`. Years must have four digits.
    pub fn parse_typed(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Date::parse_compact(s);
        }
        let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
        if parts.len() != 3 || parts[2].len() != 4 {
            return None;
        }
        if parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        Date::new(parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?)
    }

    /// Whole years from `self` to `on`.
    /// Days since 01/01/0001 (for differences between dates).
    pub fn day_number(&self) -> i64 {
        let y = self.year as i64 - 1;
        let mut n = y * 365 + y / 4 - y / 100 + y / 400;
        for m in 1..self.month {
            n += days_in_month(self.year, m) as i64;
        }
        n + self.day as i64 - 1
    }

    /// The Julian day number (Julian calendar before 15/10/1582): the lunar calendar's
    /// astronomy counts in it, and a day plus `n` days is `from_julian_day(julian_day() + n)`.
    pub fn julian_day(self) -> i64 {
        let (dd, mm, yy) = (self.day as i64, self.month as i64, self.year as i64);
        let a = (14 - mm).div_euclid(12);
        let y = yy + 4800 - a;
        let m = mm + 12 * a - 3;
        let jd = dd + (153 * m + 2).div_euclid(5) + 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) - 32045;
        if jd < 2_299_161 {
            dd + (153 * m + 2).div_euclid(5) + 365 * y + y.div_euclid(4) - 32083
        } else {
            jd
        }
    }

    /// The date of a Julian day number ([`Date::julian_day`] back).
    pub fn from_julian_day(jd: i64) -> Date {
        let (b, c) = if jd > 2_299_160 {
            let a = jd + 32044;
            let b = (4 * a + 3).div_euclid(146_097);
            (b, a - (b * 146_097).div_euclid(4))
        } else {
            (0, jd + 32082)
        };
        let d = (4 * c + 3).div_euclid(1461);
        let e = c - (1461 * d).div_euclid(4);
        let m = (5 * e + 2).div_euclid(153);
        let day = e - (153 * m + 2).div_euclid(5) + 1;
        let month = m + 3 - 12 * m.div_euclid(10);
        let year = b * 100 + d - 4800 + m.div_euclid(10);
        Date { day: day as u32, month: month as u32, year: year as i32 }
    }

    /// The day after.
    pub fn next_day(&self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date { day: self.day + 1, ..*self }
        } else if self.month < 12 {
            Date { day: 1, month: self.month + 1, year: self.year }
        } else {
            Date { day: 1, month: 1, year: self.year + 1 }
        }
    }

    pub fn age_on(&self, on: Date) -> i32 {
        let mut a = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            a -= 1;
        }
        a
    }
}

/// `dd/mm/yyyy` with leading zeros.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Back from `dd/mm/yyyy` (the bundled templates are kept pre-parsed in the binary).
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse_typed(&s).ok_or_else(|| serde::de::Error::custom("not a dd/mm/yyyy date"))
    }
}

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Read 0..=99 in Vietnamese ("mười lăm", "hai mươi mốt", "hai mươi tư").
fn two_digits(n: u32) -> String {
    let (t, u) = (n / 10, n % 10);
    match (t, u) {
        (0, u) => DIGITS[u as usize].to_string(),
        (1, 0) => "mười".into(),
        (1, 5) => "mười lăm".into(),
        (1, u) => format!("mười {}", DIGITS[u as usize]),
        (t, 0) => format!("{} mươi", DIGITS[t as usize]),
        (t, 1) => format!("{} mươi mốt", DIGITS[t as usize]),
        (t, 4) => format!("{} mươi tư", DIGITS[t as usize]),
        (t, 5) => format!("{} mươi lăm", DIGITS[t as usize]),
        (t, u) => format!("{} mươi {}", DIGITS[t as usize], DIGITS[u as usize]),
    }
}

/// Read 0..=9999 in Vietnamese ("hai nghìn không trăm hai mươi sáu", "một nghìn chín trăm linh năm").
pub fn number_in_words(n: u32) -> String {
    assert!(n < 10_000);
    if n < 100 {
        return two_digits(n);
    }
    let thousands = n / 1000;
    let hundreds = (n / 100) % 10;
    let rest = n % 100;
    let mut out = Vec::new();
    if thousands > 0 {
        out.push(format!("{} nghìn", DIGITS[thousands as usize]));
    }
    if hundreds > 0 || rest > 0 {
        out.push(format!("{} trăm", DIGITS[hundreds as usize]));
        if rest > 0 && rest < 10 {
            out.push(format!("linh {}", DIGITS[rest as usize]));
        } else if rest > 0 {
            out.push(two_digits(rest));
        }
    }
    out.join(" ")
}

/// The date in words, as forms ask for "ghi bằng chữ":
/// 05/02/2026 → "Ngày năm, tháng hai, năm hai nghìn không trăm hai mươi sáu".
pub fn date_in_words(d: Date) -> String {
    let month = match d.month {
        4 => "tư".to_string(),
        m => two_digits(m),
    };
    format!("Ngày {}, tháng {}, năm {}", two_digits(d.day), month, number_in_words(d.year as u32))
}

/// The "ngày … tháng … năm …" of a place-and-date line, with the leading zero that
/// Nghị định 30/2020 asks for days below 10 and for months 1 and 2.
pub fn date_line(d: Date) -> String {
    let month = if d.month <= 2 { format!("{:02}", d.month) } else { d.month.to_string() };
    format!("ngày {:02} tháng {} năm {}", d.day, month, d.year)
}

#[cfg(test)]
mod day_tests {
    use super::*;

    #[test]
    fn julian_day_numbers() {
        let d = |s: &str| Date::parse_typed(s).unwrap();
        assert_eq!(d("01/01/2000").julian_day(), 2_451_545);
        assert_eq!(Date::from_julian_day(2_451_545), d("01/01/2000"));
        assert_eq!(Date::from_julian_day(d("29/02/2024").julian_day() + 1), d("01/03/2024"));
        assert_eq!(Date::from_julian_day(d("01/01/2026").julian_day() - 1), d("31/12/2025"));
    }

    #[test]
    fn day_numbers_and_the_next_day() {
        let d = |s: &str| Date::parse_typed(s).unwrap();
        assert_eq!(d("01/03/2024").day_number() - d("28/02/2024").day_number(), 2);
        assert_eq!(d("01/01/2027").day_number() - d("01/01/2026").day_number(), 365);
        assert_eq!(d("28/02/2027").next_day(), d("01/03/2027"));
        assert_eq!(d("31/12/2026").next_day(), d("01/01/2027"));
        assert_eq!(d("29/02/2028").next_day(), d("01/03/2028"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert!(Date::new(29, 2, 2024).is_some());
        assert!(Date::new(29, 2, 2023).is_none());
        assert!(Date::new(29, 2, 1900).is_none());
        assert!(Date::new(29, 2, 2000).is_some());
        assert!(Date::new(31, 4, 2020).is_none());
        assert!(Date::new(0, 1, 2020).is_none());
        assert!(Date::new(1, 13, 2020).is_none());
    }

    #[test]
    fn typed_formats() {
        let d = Date::new(5, 2, 2026).unwrap();
        for s in ["05/02/2026", "5/2/2026", "05-02-2026", "05.02.2026", "05022026", " 5 / 2 / 2026 "] {
            assert_eq!(Date::parse_typed(s), Some(d), "{s}");
        }
        for s in ["2026-02-05", "05/02/26", "32/01/2026", "abc", "", "5//2026", "1/1/+202"] {
            assert_eq!(Date::parse_typed(s), None, "{s}");
        }
        assert_eq!(d.to_string(), "05/02/2026");
    }

    #[test]
    fn words() {
        let w = |d, m, y| date_in_words(Date::new(d, m, y).unwrap());
        assert_eq!(w(5, 2, 2026), "Ngày năm, tháng hai, năm hai nghìn không trăm hai mươi sáu");
        assert_eq!(w(15, 4, 2005), "Ngày mười lăm, tháng tư, năm hai nghìn không trăm linh năm");
        assert_eq!(w(21, 10, 2010), "Ngày hai mươi mốt, tháng mười, năm hai nghìn không trăm mười");
        assert_eq!(w(24, 12, 1990), "Ngày hai mươi tư, tháng mười hai, năm một nghìn chín trăm chín mươi");
        assert_eq!(w(31, 1, 2000), "Ngày ba mươi mốt, tháng một, năm hai nghìn");
        assert_eq!(w(10, 11, 2025), "Ngày mười, tháng mười một, năm hai nghìn không trăm hai mươi lăm");
        assert_eq!(w(4, 3, 1905), "Ngày bốn, tháng ba, năm một nghìn chín trăm linh năm");
    }

    #[test]
    fn place_date_line() {
        assert_eq!(date_line(Date::new(5, 2, 2026).unwrap()), "ngày 05 tháng 02 năm 2026");
        assert_eq!(date_line(Date::new(27, 11, 2026).unwrap()), "ngày 27 tháng 11 năm 2026");
        assert_eq!(date_line(Date::new(3, 7, 2026).unwrap()), "ngày 03 tháng 7 năm 2026");
    }

    #[test]
    fn ages() {
        let b = Date::new(10, 6, 1990).unwrap();
        assert_eq!(b.age_on(Date::new(9, 6, 2020).unwrap()), 29);
        assert_eq!(b.age_on(Date::new(10, 6, 2020).unwrap()), 30);
    }
}
