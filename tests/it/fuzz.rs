//! Property tests (proptest) over the parsers that take what people and scanners send: the
//! card QR, form templates, times and dates. No input panics; what is refused never comes
//! back in a message; what is accepted is well formed. CI runs a bounded number of cases;
//! `PROPTEST_CASES=100000 cargo test --test it fuzz::` runs longer.

use crate::support::{today, MOTHER};
use form_kiosk::core::card::parse;
use form_kiosk::core::date::Date;
use form_kiosk::core::template::parse_template;
use form_kiosk::core::validate::parse_time;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
}

/// Any character a scanner or a keyboard could send: ASCII, Vietnamese, controls, format
/// characters, other scripts, emoji.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range(' ', '~'),
        Just('|'),
        proptest::char::range('\u{0}', '\u{1f}'),
        proptest::char::range('\u{c0}', '\u{1b0}'),
        proptest::char::range('\u{1ea0}', '\u{1ef9}'),
        proptest::char::range('\u{200b}', '\u{206f}'),
        Just('\u{feff}'),
        proptest::char::range('\u{4e00}', '\u{4e40}'),
        proptest::char::range('\u{1f600}', '\u{1f640}'),
        proptest::char::any(),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A valid card payload with one of its fields replaced, or characters spliced in.
fn mutated_card() -> impl Strategy<Value = String> {
    (0usize..9, text(40), 0usize..MOTHER.chars().count()).prop_map(|(field, noise, at)| {
        let mut fields: Vec<String> = MOTHER.split('|').map(String::from).collect();
        if field < fields.len() {
            fields[field] = noise;
            fields.join("|")
        } else {
            let mut s: Vec<char> = MOTHER.chars().collect();
            s.splice(at..at, noise.chars());
            s.into_iter().collect()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn card_parser_never_panics_nor_repeats_the_payload(p in prop_oneof![text(200), mutated_card()]) {
        match parse(&p, today()) {
            Ok(c) => {
                prop_assert_eq!(c.id_number.len(), 12);
                prop_assert!(!c.full_name.chars().any(|ch| ch.is_control() || form_kiosk::core::text::is_format(ch)));
                prop_assert!(!c.residence.chars().any(|ch| ch.is_control() || form_kiosk::core::text::is_format(ch)));
            }
            Err(e) => {
                let m = e.to_string();
                for f in p.split('|').map(str::trim).filter(|f| f.chars().count() >= 4) {
                    prop_assert!(!m.contains(f), "the message repeats `{}`", f);
                }
            }
        }
    }

    #[test]
    fn template_loader_never_panics(t in prop_oneof![
        text(400),
        (text(30), 0usize..600).prop_map(|(noise, at)| {
            let mut s: Vec<char> = crate::forms::MINIMAL.chars().collect();
            let at = at.min(s.len());
            s.splice(at..at, noise.chars());
            s.into_iter().collect::<String>()
        }),
    ]) {
        match parse_template("fuzz.toml", &t) {
            Ok(tpl) => prop_assert!(!tpl.fields.is_empty()),
            Err(d) => prop_assert!(d.iter().all(|x| x.file == "fuzz.toml")),
        }
    }

    #[test]
    fn times_are_real_times_or_refused(s in prop_oneof![text(20), "[0-9]{1,3}[:h ]{0,2}[0-9]{0,3}( ?(gio|giờ|phut|phút|chieu|chiều|dem|đêm|sang|sáng|trua|toi))*"]) {
        if let Some(t) = parse_time(&s) {
            let (h, m) = t.split_once(':').unwrap();
            prop_assert!(h.len() == 2 && m.len() == 2);
            prop_assert!(h.parse::<u32>().unwrap() < 24 && m.parse::<u32>().unwrap() < 60);
        }
    }

    #[test]
    fn dates_are_real_dates_or_refused(s in prop_oneof![text(16), "[0-9]{1,3}[/.-][0-9]{1,3}[/.-][0-9]{1,5}", "[0-9]{8}"]) {
        if let Some(d) = Date::parse_typed(&s) {
            prop_assert_eq!(Date::parse_typed(&d.to_string()), Some(d));
            prop_assert!(Date::new(d.day, d.month, d.year).is_some());
        }
    }
}
