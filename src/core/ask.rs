//! How the kiosk asks for a field without the citizen writing: which input a field kind gets
//! on the touch screen, and how taps become a value. Pure logic; the screens only draw it.

use super::ethnic::ETHNIC_GROUPS;
use super::template::{Field, FieldKind};

/// The kind of input a question shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    /// Large buttons, one per answer.
    Options(Vec<String>),
    /// A numeric keypad: up to `max` digits, shown as `format` shows them.
    Digits { max: usize, format: DigitFormat },
    /// The on-screen Vietnamese keyboard (Telex).
    Keyboard,
    /// Not asked on the kiosk (a table): staff complete it at the desk.
    AtTheDesk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitFormat {
    Plain,
    /// ddmmyyyy shown as dd/mm/yyyy while typing.
    Date,
    /// hhmm shown as hh:mm.
    Time,
}

pub fn widget_for(f: &Field) -> Widget {
    use FieldKind as K;
    match f.kind {
        K::Gender => Widget::Options(vec!["Nam".into(), "Nữ".into()]),
        K::YesNo => Widget::Options(vec!["Có".into(), "Không".into()]),
        K::Choice => Widget::Options(f.options.clone()),
        K::Ethnicity => Widget::Options(ETHNIC_GROUPS.iter().map(|s| s.to_string()).collect()),
        K::Date => Widget::Digits { max: 8, format: DigitFormat::Date },
        K::Time => Widget::Digits { max: 4, format: DigitFormat::Time },
        K::Year => Widget::Digits { max: 4, format: DigitFormat::Plain },
        K::Count => Widget::Digits { max: 2, format: DigitFormat::Plain },
        K::Phone => Widget::Digits { max: 10, format: DigitFormat::Plain },
        K::IdNumber => Widget::Digits { max: 12, format: DigitFormat::Plain },
        K::Text | K::Name | K::Address | K::LongText | K::Email | K::Nationality => Widget::Keyboard,
        K::Table => Widget::AtTheDesk,
    }
}

/// Digits as they are shown (and then validated): "050220" → "05/02/20", "1430" → "14:30".
pub fn show_digits(format: DigitFormat, raw: &str) -> String {
    match format {
        DigitFormat::Plain => raw.to_string(),
        DigitFormat::Date => {
            let mut out = String::new();
            for (i, c) in raw.chars().enumerate() {
                if i == 2 || i == 4 {
                    out.push('/');
                }
                out.push(c);
            }
            out
        }
        DigitFormat::Time => {
            let mut out = String::new();
            for (i, c) in raw.chars().enumerate() {
                if i == 2 {
                    out.push(':');
                }
                out.push(c);
            }
            out
        }
    }
}

/// Telex typing as on the on-screen keyboard: every word of plain letters is transformed
/// ("nguyeenx" → "nguyễn", "ddoongf thaps" → "đồng tháp"); digits and punctuation stay.
pub fn telex(raw: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let mut t = String::new();
            vi::transform_buffer(&vi::TELEX, word.chars(), &mut t);
            out.push_str(&t);
            word.clear();
        }
    };
    for c in raw.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    super::text::clean_multiline(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telex_words() {
        assert_eq!(telex("nguyeenx"), "nguyễn");
        assert_eq!(telex("traanf baor ngocj"), "trần bảo ngọc");
        assert_eq!(telex("ddoongf thaps"), "đồng tháp");
        assert_eq!(telex("khom 1, phuwowngf an binhf"), "khom 1, phường an bình");
        assert_eq!(telex(""), "");
    }

    #[test]
    fn digits_shown() {
        assert_eq!(show_digits(DigitFormat::Date, "0502"), "05/02");
        assert_eq!(show_digits(DigitFormat::Date, "05022026"), "05/02/2026");
        assert_eq!(show_digits(DigitFormat::Time, "1430"), "14:30");
        assert_eq!(show_digits(DigitFormat::Plain, "0912"), "0912");
    }
}
