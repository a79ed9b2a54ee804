//! Checking and normalising one typed value by field kind. Messages are Vietnamese,
//! in plain words, and say what to enter instead; they never repeat the value itself.

use super::card::Sex;
use super::date::Date;
use super::ethnic;
use super::message::Msg;
use super::template::{AddressLevel, Column, Field, FieldKind};
use super::text;
use super::units::{check_address, AddressCheck};
use std::collections::BTreeMap;

/// Longest single-line value; long_text gets more.
pub const MAX_TEXT: usize = 300;
pub const MAX_LONG_TEXT: usize = 2000;
pub const MAX_TABLE_ROWS: usize = 20;

/// What the rules of a kind need besides the value.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub kind: FieldKind,
    pub options: &'a [String],
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub not_future: bool,
    pub address_level: AddressLevel,
}

impl<'a> Rules<'a> {
    pub fn of_field(f: &'a Field) -> Rules<'a> {
        Rules { kind: f.kind, options: &f.options, min: f.min, max: f.max, not_future: f.not_future, address_level: f.address_level }
    }

    pub fn of_column(c: &'a Column) -> Rules<'a> {
        // dates in a table are dates of birth: never in the future
        Rules { kind: c.kind, options: &[], min: None, max: None, not_future: true, address_level: AddressLevel::Commune }
    }
}

fn too_long(s: &str, max: usize) -> Result<(), Msg> {
    if s.chars().count() > max {
        Err(Msg::TooLong { max })
    } else {
        Ok(())
    }
}

fn yes_no(s: &str) -> Option<&'static str> {
    match text::fold(s).as_str() {
        "co" | "yes" | "y" | "1" | "true" | "x" => Some("Có"),
        "khong" | "no" | "n" | "0" | "false" => Some("Không"),
        _ => None,
    }
}

/// A time of day as people write it: "14:30", "14h30", "14h", "14 giờ 30 phút", "2 giờ
/// chiều" (14:00), "10 giờ đêm" (22:00), "12 giờ trưa". `HH:MM`, or None for anything
/// else ("-1:30", "25:00", "2 giờ chiều 30", words it does not know).
pub fn parse_time(s: &str) -> Option<String> {
    // numbers and words, in order: "14h30" → 14 h 30
    let folded = text::fold(s).replace([':', '.'], " h ");
    let mut tokens: Vec<String> = Vec::new();
    for w in folded.split_whitespace() {
        let mut cur = String::new();
        for c in w.chars() {
            if !cur.is_empty() && cur.chars().last().is_some_and(|l| l.is_ascii_digit()) != c.is_ascii_digit() {
                tokens.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        tokens.push(cur);
    }
    let number = |t: &str| -> Option<u32> { (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten() };
    let mut it = tokens.iter().map(String::as_str).peekable();
    let h = number(it.next()?)?;
    let mut m = 0;
    if matches!(it.peek(), Some(&("h" | "g" | "gio"))) {
        it.next();
        if let Some(n) = it.peek().and_then(|t| number(t)) {
            m = n;
            it.next();
            if matches!(it.peek(), Some(&("p" | "phut"))) {
                it.next();
            }
        }
    }
    let period = it.next();
    if it.next().is_some() || m > 59 {
        return None;
    }
    let h = match period {
        None if h < 24 => h,
        None => return None,
        Some(_) if h == 0 || h > 12 => return None,
        Some("sang") if h < 12 => h,
        Some("trua") if h >= 11 => h,
        Some("trua") if h <= 3 => h + 12,
        Some("chieu") => h % 12 + 12,
        Some("toi") if h >= 6 => h % 12 + 12,
        Some("dem" | "khuya") if h >= 9 => (h + 12) % 24,
        Some("dem" | "khuya") if h <= 5 => h,
        Some(_) => return None,
    };
    Some(format!("{h:02}:{m:02}"))
}

/// Normalise a non-empty single value of a scalar kind. `Err` says why not.
pub fn normalize(rules: Rules, raw: &str, today: Date) -> Result<String, Msg> {
    use FieldKind as K;
    if raw.chars().any(text::is_bad_control) {
        return Err(Msg::ControlChars);
    }
    let v = if rules.kind == K::LongText { text::clean_multiline(raw) } else { text::clean(raw) };
    match rules.kind {
        K::Text => too_long(&v, MAX_TEXT).map(|_| v),
        K::LongText => too_long(&v, MAX_LONG_TEXT).map(|_| v),
        K::Name => {
            too_long(&v, 100)?;
            let ok = v.chars().any(char::is_alphabetic) && v.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'');
            if ok {
                Ok(text::title_case(&v))
            } else {
                Err(Msg::BadName)
            }
        }
        K::Date => {
            let d = Date::parse_typed(&v).ok_or(Msg::BadDate)?;
            if rules.not_future && d > today {
                return Err(Msg::FutureDate);
            }
            if d.year < 1900 {
                return Err(Msg::YearBefore1900);
            }
            Ok(d.to_string())
        }
        K::Year => {
            let y: i32 = v.parse().ok().filter(|_| v.len() == 4).ok_or(Msg::YearDigits)?;
            if y < 1900 || (rules.not_future && y > today.year) || y > today.year + 100 {
                return Err(Msg::BadYear);
            }
            Ok(y.to_string())
        }
        K::Time => parse_time(&v).ok_or(Msg::BadTime),
        K::IdNumber => {
            let d: String = v.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
            if d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()) {
                Ok(d)
            } else {
                Err(Msg::BadIdNumber)
            }
        }
        K::Phone => {
            let mut d: String = v.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')')).collect();
            if let Some(rest) = d.strip_prefix("+84") {
                d = format!("0{rest}");
            }
            if d.len() == 10 && d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit()) {
                Ok(d)
            } else {
                Err(Msg::BadPhone)
            }
        }
        K::Email => {
            let ok = match v.split_once('@') {
                Some((user, domain)) => {
                    !user.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !v.contains(' ')
                        && v.is_ascii()
                }
                None => false,
            };
            if ok {
                Ok(v.to_lowercase())
            } else {
                Err(Msg::BadEmail)
            }
        }
        K::Gender => Sex::parse(&v).map(|s| s.label().to_string()).ok_or(Msg::BadGender),
        K::Ethnicity => ethnic::canonical(&v).map(String::from).ok_or(Msg::BadEthnicity),
        K::Nationality => {
            too_long(&v, 60)?;
            if text::fold_compact(&v) == "vietnam" {
                Ok("Việt Nam".into())
            } else if v.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-') {
                Ok(text::title_case(&v))
            } else {
                Err(Msg::BadNationality)
            }
        }
        K::Address => {
            too_long(&v, MAX_TEXT)?;
            let need_commune = rules.address_level == AddressLevel::Commune;
            match check_address(&v, need_commune) {
                AddressCheck::Ok(a) | AddressCheck::ProvinceOnly(a) => Ok(a),
                AddressCheck::TooShort if need_commune => Err(Msg::AddressParts),
                AddressCheck::TooShort | AddressCheck::UnknownProvince => Err(Msg::UnknownProvince),
                // the message never repeats what was typed, not even the province it names
                AddressCheck::UnknownCommune { .. } => Err(Msg::UnknownCommune),
            }
        }
        K::Choice => {
            rules.options.iter().find(|o| text::fold(o) == text::fold(&v)).cloned().ok_or_else(|| Msg::ChooseOne { options: rules.options.join("; ") })
        }
        K::YesNo => yes_no(&v).map(String::from).ok_or(Msg::ChooseYesNo),
        K::Count => {
            let n: i64 = v.parse().map_err(|_| Msg::NotANumber)?;
            let (lo, hi) = (rules.min.unwrap_or(0), rules.max.unwrap_or(99));
            if n < lo || n > hi {
                Err(Msg::CountRange { lo, hi })
            } else {
                Ok(n.to_string())
            }
        }
        K::Table => Err(Msg::TableByRows),
    }
}

pub type Row = BTreeMap<String, String>;

/// Check the rows of a table: each cell by its column's kind; fully empty rows dropped.
/// Returns the rows and what was refused in them.
pub fn normalize_table(columns: &[Column], rows: &[Row], today: Date) -> (Vec<Row>, Vec<Msg>) {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // a column that is not the table's is named by the table's own columns, never
        // repeated (it may be anything the caller typed)
        if row.keys().any(|key| !columns.iter().any(|c| &c.id == key)) {
            let known: Vec<&str> = columns.iter().map(|c| c.id.as_str()).collect();
            errs.push(Msg::InRow { row: i + 1, column: String::new(), why: Box::new(Msg::UnknownColumn { columns: known.join(", ") }) });
        }
        if row.values().all(|v| text::clean(v).is_empty()) {
            continue;
        }
        let mut clean_row = Row::new();
        for c in columns {
            match row.get(&c.id).map(|v| text::clean(v)).filter(|v| !v.is_empty()) {
                Some(v) => match normalize(Rules::of_column(c), &v, today) {
                    Ok(n) => {
                        clean_row.insert(c.id.clone(), n);
                    }
                    Err(m) => errs.push(Msg::InRow { row: i + 1, column: c.label.clone(), why: Box::new(m) }),
                },
                None if c.required => errs.push(Msg::InRow { row: i + 1, column: c.label.clone(), why: Box::new(Msg::EmptyCell) }),
                None => {}
            }
        }
        out.push(clean_row);
    }
    if out.len() > MAX_TABLE_ROWS {
        errs.push(Msg::TooManyRows { max: MAX_TABLE_ROWS });
        out.truncate(MAX_TABLE_ROWS);
    }
    (out, errs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(kind: FieldKind) -> Rules<'static> {
        Rules { kind, options: &[], min: None, max: None, not_future: true, address_level: AddressLevel::Commune }
    }

    fn today() -> Date {
        Date::new(27, 11, 2026).unwrap()
    }

    #[test]
    fn times_as_people_write_them() {
        for (typed, want) in [
            ("14:30", "14:30"),
            ("14h30", "14:30"),
            ("14h", "14:00"),
            ("7:05", "07:05"),
            ("14 giờ 30 phút", "14:30"),
            ("14 giờ 30", "14:30"),
            ("2 giờ chiều", "14:00"),
            ("2 gio chieu", "14:00"),
            ("12 giờ trưa", "12:00"),
            ("1 giờ trưa", "13:00"),
            ("7 giờ tối", "19:00"),
            ("10 giờ đêm", "22:00"),
            ("12 giờ đêm", "00:00"),
            ("3 giờ sáng", "03:00"),
            ("0:00", "00:00"),
            ("23:59", "23:59"),
        ] {
            assert_eq!(parse_time(typed).as_deref(), Some(want), "{typed}");
        }
        for bad in [
            "-1:30",
            "99999999999:00",
            "<script>",
            "24:00",
            "14:60",
            "2 giờ chiều 30",
            "15 giờ chiều",
            "0 giờ sáng",
            "12 giờ sáng",
            "hai giờ",
            "14:30:15",
            "",
            "giờ",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn control_characters_are_refused() {
        let r = rules(FieldKind::Text);
        assert!(normalize(r, "Nguyễn\u{1b}[31m", today()).is_err());
        assert!(normalize(r, "a\u{0}b", today()).is_err());
        assert_eq!(normalize(r, "a\tb", today()).unwrap(), "a b");
    }

    #[test]
    fn each_kind() {
        let ok = |k, s: &str| normalize(rules(k), s, today()).unwrap();
        let bad = |k, s: &str| normalize(rules(k), s, today()).unwrap_err().vi();
        assert_eq!(ok(FieldKind::Name, "  trần   THỊ  bé "), "Trần Thị Bé");
        bad(FieldKind::Name, "Nguyen 2");
        assert_eq!(ok(FieldKind::Date, "5/2/2026"), "05/02/2026");
        assert!(bad(FieldKind::Date, "29/02/2026").contains("ngày/tháng/năm"));
        assert!(bad(FieldKind::Date, "01/01/2027").contains("tương lai"));
        assert_eq!(ok(FieldKind::Year, "1990"), "1990");
        bad(FieldKind::Year, "90");
        bad(FieldKind::Year, "2030");
        assert_eq!(ok(FieldKind::Time, "14 giờ 5 phút"), "14:05");
        bad(FieldKind::Time, "25:00");
        assert_eq!(ok(FieldKind::IdNumber, "001 090 123 456"), "001090123456");
        bad(FieldKind::IdNumber, "12345");
        assert_eq!(ok(FieldKind::Phone, "+84 912 345 678"), "0912345678");
        assert_eq!(ok(FieldKind::Phone, "0912.345.678"), "0912345678");
        bad(FieldKind::Phone, "912345678");
        bad(FieldKind::Phone, "09123456789");
        assert_eq!(ok(FieldKind::Email, "An@Gmail.com"), "an@gmail.com");
        bad(FieldKind::Email, "an@gmail");
        assert_eq!(ok(FieldKind::Gender, "nu"), "Nữ");
        assert_eq!(ok(FieldKind::Ethnicity, "kinh"), "Kinh");
        bad(FieldKind::Ethnicity, "Elf");
        assert_eq!(ok(FieldKind::Nationality, "viet nam"), "Việt Nam");
        assert_eq!(ok(FieldKind::Address, "Khóm 1, phường hồng ngự, đồng tháp"), "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp");
        let m = bad(FieldKind::Address, "Khóm 1, Phường Không Có, Đồng Tháp");
        assert!(m.contains("xã/phường") && !m.contains("Đồng Tháp") && !m.contains("Không Có"), "{m}");
        assert_eq!(ok(FieldKind::YesNo, "co"), "Có");
        assert_eq!(ok(FieldKind::Count, "2"), "2");
        bad(FieldKind::Count, "-1");
        bad(FieldKind::Count, "many");
    }

    #[test]
    fn choice_matches_without_diacritics() {
        let opts = vec!["Chưa kết hôn".to_string(), "Đã ly hôn".to_string()];
        let r = Rules { options: &opts, ..rules(FieldKind::Choice) };
        assert_eq!(normalize(r, "chua ket hon", today()).unwrap(), "Chưa kết hôn");
        assert!(normalize(r, "khác", today()).is_err());
    }
}
