//! What "Nghe" reads aloud on each citizen screen: its title, the question and the choices,
//! in the screen's language. Never an ID number or a date (of birth or any other): whatever
//! would be read is cleaned of them, and typed answers and the review's answers are not read.

use super::view::{Lang, Msg, Page, QKind, View};

/// The words read aloud for the screen `v` shows ("" on the staff screens: not for citizens).
pub fn speech(v: &View) -> String {
    let lang = if v.language == "en" { Lang::En } else { Lang::Vi };
    let say = |m: &Msg| m.text(lang);
    let mut parts: Vec<String> = Vec::new();
    match v.page {
        Page::Welcome => parts.push(say(&Msg::SayWelcome)),
        Page::Scan => parts.push(say(&Msg::SayScan)),
        Page::Keypad => parts.push(say(if v.keypad_birth { &Msg::SayKeypadBirth } else { &Msg::SayKeypadId })),
        Page::Choose => {
            parts.push(say(&Msg::SayChoose { honorific: v.citizen_honorific.clone(), name: v.citizen_name.clone() }));
            parts.push(choices(lang, v.forms.iter().map(|t| t.name.as_str())));
        }
        Page::Others => {
            parts.push(v.other_prompt.clone());
            parts.push(say(&Msg::SayOthersSkip));
        }
        Page::Question => {
            let q = &v.question;
            parts.push(q.prompt.as_ref().map(say).unwrap_or_else(|| q.label.clone()));
            if let Some(e) = &q.error {
                parts.push(say(e));
            }
            // a card's address is not read out in a public office: neither the card's text
            // nor the house or hamlet of the addresses offered, only their commune and province
            match &q.hint_msg {
                Some(Msg::OnCard { .. }) => {}
                Some(m) => parts.push(say(m)),
                None => parts.push(q.hint.clone()),
            }
            let unit_only = |o: &str| -> String {
                let p: Vec<&str> = o.split(", ").collect();
                if q.wide && p.len() > 2 {
                    p[p.len() - 2..].join(", ")
                } else {
                    o.to_string()
                }
            };
            match q.kind {
                QKind::Options => {
                    // the kiosk's own options as the screen says them, in its language
                    let said: Vec<String> = match q.option_labels.is_empty() {
                        true => q.options.iter().map(|o| unit_only(o)).collect(),
                        false => q.option_labels.iter().map(|m| unit_only(&say(m))).collect(),
                    };
                    parts.push(choices(lang, said.iter().map(String::as_str)))
                }
                QKind::Place if !q.places.is_empty() && q.place.is_empty() => parts.push(choices(lang, q.places.iter().map(|p| p.name.as_str()))),
                _ => {}
            }
        }
        Page::Review => parts.push(say(&Msg::SayReview)),
        Page::Delivery => {
            parts.push(say(&Msg::SayDelivery));
            parts.extend(v.after.in_person.iter().map(say));
        }
        Page::Booking => parts.push(say(&Msg::SayBooking)),
        Page::Consent => parts.push(say(&Msg::SayConsent)),
        Page::Printing => parts.push(say(&Msg::SayPrinting)),
        Page::Done => {
            parts.push(say(if v.print_error.is_some() { &Msg::SayNotPrinted } else { &Msg::SayDone }));
            if let Some(h) = &v.desk_hint {
                parts.push(say(h));
            }
        }
        Page::StaffPin | Page::Staff => {}
    }
    let text: Vec<String> = parts.iter().map(|p| without_numbers(p)).filter(|p| !p.is_empty()).collect();
    text.join(" ")
}

/// "Các lựa chọn: A; B; C."
fn choices<'a>(lang: Lang, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        return String::new();
    }
    format!("{} {}.", Msg::SayChoices.text(lang), names.join("; "))
}

/// `s` without ID numbers, dates and years: every word holding four digits in a row or a
/// digit beside a "/" or "." (01/02/2026, 087060001234, 1990, 02.08.2024) is left out.
pub fn without_numbers(s: &str) -> String {
    let secret = |w: &str| {
        let b = w.as_bytes();
        let run = b.windows(4).any(|x| x.iter().all(u8::is_ascii_digit));
        let dated =
            b.windows(2).any(|x| (x[0].is_ascii_digit() && (x[1] == b'/' || x[1] == b'.')) || ((x[0] == b'/' || x[0] == b'.') && x[1].is_ascii_digit()));
        run || dated
    };
    s.split_whitespace().filter(|w| !secret(w)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_are_never_read() {
        let s = without_numbers("Căn cước số 087060001234, cấp ngày 02/08/2024, sinh năm 1990, ngày 3.4.1960; 2 bản, câu 3");
        assert_eq!(s, "Căn cước số cấp ngày sinh năm ngày 2 bản, câu 3");
    }
}
