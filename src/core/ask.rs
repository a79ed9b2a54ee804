//! How the kiosk asks for a field without the citizen writing: which input a field kind gets
//! on the touch screen, and how taps become a value. Pure logic; the screens only draw it.

use super::ethnic::ETHNIC_GROUPS;
use super::template::{AddressLevel, Field, FieldKind, FormTemplate};
use super::text;
use super::units::{bare_folded, check_address, AddressCheck, AdminUnits};

/// The kind of input a question shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    /// Large buttons, one per answer.
    Options(Vec<String>),
    /// A numeric keypad: up to `max` digits, shown as `format` shows them.
    Digits { max: usize, format: DigitFormat },
    /// The on-screen Vietnamese keyboard (Telex).
    Keyboard,
    /// The place picker over the 2025 list: a commune (then, if the citizen wants, the house,
    /// street or hamlet typed before it) or a province.
    Place(AddressLevel),
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
        K::Address => Widget::Place(f.address_level),
        K::Text | K::Name | K::LongText | K::Email | K::Nationality => Widget::Keyboard,
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
    super::text::clean_multiline(&telex_words(raw))
}

/// Telex on the words of `raw`, spaces kept as typed (to append to text already composed).
pub fn telex_words(raw: &str) -> String {
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
    out
}

/// What the keyboard has typed: text already composed (an answer kept from before, a family
/// name tapped) followed by keys still to be read as Telex. Composed text is never read as
/// Telex again ("Alex" stays "Alex", "Tuân" + "s" is not "Tuâns" read anew).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub kept: String,
    pub keys: String,
}

impl Keys {
    pub fn push(&mut self, k: &str) {
        self.keys.push_str(k);
    }

    /// Append a whole word, as composed text.
    pub fn insert_word(&mut self, word: &str) {
        self.kept.push_str(&telex_words(&self.keys));
        self.keys.clear();
        if !self.kept.is_empty() && !self.kept.ends_with(' ') {
            self.kept.push(' ');
        }
        self.kept.push_str(word);
        self.kept.push(' ');
    }

    /// The last key, or the last composed character.
    pub fn pop(&mut self) {
        if self.keys.pop().is_none() {
            self.kept.pop();
        }
    }

    pub fn clear(&mut self) {
        self.kept.clear();
        self.keys.clear();
    }

    pub fn len(&self) -> usize {
        self.kept.chars().count() + self.keys.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.keys.is_empty()
    }

    /// The text: composed text, then the keys read as Telex.
    pub fn text(&self) -> String {
        format!("{}{}", self.kept, telex_words(&self.keys))
    }

    /// The keys as typed, for digits (never Telex).
    pub fn raw(&self) -> String {
        format!("{}{}", self.kept, self.keys)
    }
}

/// The procedures in the order their tiles come: by `order` then name, each group together,
/// the groups in the order of their first procedure ("Đăng ký khai sinh" first puts Hộ tịch first).
pub fn tile_order<'a>(forms: impl IntoIterator<Item = &'a FormTemplate>) -> Vec<&'a FormTemplate> {
    let mut by_order: Vec<&FormTemplate> = forms.into_iter().collect();
    by_order.sort_by_key(|t| (t.order, text::fold(&t.name)));
    let groups = groups_of(&by_order);
    by_order.sort_by_key(|t| groups.iter().position(|g| *g == t.group));
    by_order
}

/// The groups of the procedures, each once, in the order the tiles come.
pub fn tile_groups<'a>(forms: impl IntoIterator<Item = &'a FormTemplate>) -> Vec<&'a str> {
    groups_of(&tile_order(forms))
}

fn groups_of<'a>(forms: &[&'a FormTemplate]) -> Vec<&'a str> {
    let mut groups: Vec<&str> = Vec::new();
    for t in forms {
        if !groups.contains(&t.group.as_str()) {
            groups.push(&t.group);
        }
    }
    groups
}

/// Whether a procedure matches what was typed in the search (plain letters or Telex, with or
/// without diacritics): every word in its name, title, group or code. Not the papers: the
/// birth form's "giấy chứng nhận kết hôn" would answer "kết hôn".
pub fn form_matches(t: &FormTemplate, typed: &str) -> bool {
    let query = text::fold(&telex(typed));
    let hay = text::fold(&format!("{} {} {} {}", t.name, t.title, t.group, t.procedure_code));
    query.split(' ').filter(|w| !w.is_empty()).all(|w| hay.contains(w))
}

/// The places the picker offers before anything is typed: the kiosk's own commune, then
/// those of the addresses already on the form (a parent's residence), each once; at province
/// level their provinces.
pub fn place_suggestions(level: AddressLevel, kiosk_place: &str, known: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // a card's address in the units before 2025 is offered as the 2025 commune it went into
    // (each of them, for a divided ward)
    let addresses: Vec<String> = std::iter::once(kiosk_place)
        .chain(known.iter().copied())
        .flat_map(|a| match crate::core::units::old::convert(a).moved() {
            moved if moved.is_empty() => vec![a.to_string()],
            moved => moved.into_iter().map(|m| m.address).collect(),
        })
        .collect();
    for address in addresses.iter().map(String::as_str) {
        // an old (pre-2025) address still names its province
        let place = match (level, check_address(address, level == AddressLevel::Commune)) {
            (AddressLevel::Commune, AddressCheck::Ok(official)) => match split_place(&official) {
                Some((_, place)) => place.to_string(),
                None => continue,
            },
            (AddressLevel::Province, AddressCheck::Ok(official) | AddressCheck::ProvinceOnly(official)) => {
                official.rsplit(", ").next().unwrap_or_default().to_string()
            }
            _ => continue,
        };
        if !out.contains(&place) {
            out.push(place);
        }
    }
    out
}

/// What the place picker lists for the keys typed so far (plain letters or Telex, with or
/// without diacritics): the suggestions when nothing is typed, else the best matches,
/// written "Phường Hồng Ngự, Tỉnh Đồng Tháp" or "Tỉnh Đồng Tháp".
pub fn place_choices(level: AddressLevel, typed: &str, suggestions: &[String], limit: usize) -> Vec<String> {
    let query = text::fold(&telex(typed));
    if query.is_empty() {
        return suggestions.iter().take(limit).cloned().collect();
    }
    let units = AdminUnits::get();
    match level {
        AddressLevel::Commune => {
            // among equal matches, those in the provinces offered first (the kiosk's, the family's)
            let near: Vec<&str> = suggestions.iter().filter_map(|s| s.rsplit(", ").next()).collect();
            units.search_communes(&query, &near, limit).into_iter().map(|(c, p)| format!("{}, {}", c.name, p.name)).collect()
        }
        AddressLevel::Province => {
            let words: Vec<&str> = query.split(' ').collect();
            let mut hits: Vec<(bool, &str)> = units
                .provinces
                .iter()
                .filter_map(|p| {
                    let f = text::fold(&p.name);
                    let bare: Vec<&str> = f.split(' ').collect();
                    let ok = words.iter().all(|w| f.contains(w));
                    // word starts in the name first: "dong" ranks Đồng Tháp, Đồng Nai before Quảng Đông…
                    ok.then(|| (!words.iter().all(|w| bare.iter().any(|b| b.starts_with(w))), p.name.as_str()))
                })
                .collect();
            hits.sort();
            hits.into_iter().take(limit).map(|(_, n)| n.to_string()).collect()
        }
    }
}

/// The 34 provinces and cities, in alphabetical order of their names ("An Giang" … "Vĩnh Long"),
/// for browsing province by province.
pub fn provinces() -> Vec<String> {
    let mut v: Vec<(String, String)> = AdminUnits::get().provinces.iter().map(|p| (bare_folded(&p.name), p.name.clone())).collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

/// A province's communes in alphabetical order of their names, written "Xã X, Tỉnh Y";
/// empty for an unknown province.
pub fn communes_in(province: &str) -> Vec<String> {
    let Some(p) = AdminUnits::get().find_province(province) else { return Vec::new() };
    let mut v: Vec<(String, String)> = p.communes().iter().map(|c| (bare_folded(&c.name), format!("{}, {}", c.name, p.name))).collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

/// An address written out officially, split into what comes before the commune and the place
/// itself: "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp" → ("Khóm 1", "Phường Hồng Ngự, Tỉnh Đồng
/// Tháp"). The reverse of `place_answer`; None without a commune and a province.
pub fn split_place(address: &str) -> Option<(&str, &str)> {
    let province = address.rfind(", ")?;
    Some(match address[..province].rfind(", ") {
        Some(commune) => (&address[..commune], &address[commune + 2..]),
        None => ("", address),
    })
}

/// The address a picked place gives, with what was typed before it (house, street, hamlet,
/// hospital), if anything: "Bệnh viện Đa khoa, Phường Hồng Ngự, Tỉnh Đồng Tháp".
pub fn place_answer(detail: &str, place: &str) -> String {
    let detail = super::text::clean(detail);
    let detail = detail.trim().trim_end_matches(',').trim();
    let mut chars = detail.chars();
    match chars.next() {
        None => place.to_string(),
        // written as on a form: "Khóm 3", "Bệnh viện …"
        Some(first) => format!("{}{}, {place}", first.to_uppercase(), chars.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browse_by_province() {
        let p = provinces();
        assert_eq!(p.len(), 34);
        assert_eq!(p[0], "Tỉnh An Giang");
        assert!(p.iter().position(|x| x == "Tỉnh Đồng Tháp") < p.iter().position(|x| x == "Tỉnh Gia Lai"), "Đ sorts as D");
        let c = communes_in("Tỉnh Đồng Tháp");
        assert!(c.len() > 50 && c.contains(&"Phường Hồng Ngự, Tỉnh Đồng Tháp".to_string()), "{}", c.len());
        let key = |x: &String| bare_folded(x.split(", ").next().unwrap());
        assert!(c.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
        assert!(communes_in("Tỉnh Tiền Giang").is_empty(), "merged in 2025");
    }

    #[test]
    fn place_picker() {
        let kiosk = "Phường Hồng Ngự, Tỉnh Đồng Tháp";
        let mother = "Khóm 3, Phường An Bình, Tỉnh Đồng Tháp";
        let s = place_suggestions(AddressLevel::Commune, kiosk, &[mother, "Phường Hồng Ngự, Tỉnh Đồng Tháp", "nowhere"]);
        assert_eq!(s, ["Phường Hồng Ngự, Tỉnh Đồng Tháp", "Phường An Bình, Tỉnh Đồng Tháp"]);
        assert_eq!(place_suggestions(AddressLevel::Province, kiosk, &[mother]), ["Tỉnh Đồng Tháp"]);
        // an old address on a card still gives its province
        let old = "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh";
        assert_eq!(place_suggestions(AddressLevel::Province, kiosk, &[old]), ["Tỉnh Đồng Tháp", "Thành phố Hồ Chí Minh"]);
        // and, for a commune, the 2025 ward it went into; a divided ward gives each part
        assert_eq!(place_suggestions(AddressLevel::Commune, kiosk, &[old]), [kiosk, "Phường Sài Gòn, Thành phố Hồ Chí Minh"]);
        let divided = "Ấp Phú Lợi A, Xã Phú Thuận B, Huyện Hồng Ngự, Tỉnh Đồng Tháp";
        assert_eq!(place_suggestions(AddressLevel::Commune, kiosk, &[divided]), [kiosk, "Xã Long Phú Thuận, Tỉnh Đồng Tháp", "Xã Tân Long, Tỉnh Đồng Tháp"]);
        assert_eq!(place_choices(AddressLevel::Commune, "", &s, 6), s);
        // without diacritics, or in Telex
        assert_eq!(place_choices(AddressLevel::Commune, "hong ngu", &s, 6)[0], "Phường Hồng Ngự, Tỉnh Đồng Tháp");
        assert_eq!(place_choices(AddressLevel::Commune, "hoongf nguwj", &s, 6)[0], "Phường Hồng Ngự, Tỉnh Đồng Tháp");
        assert_eq!(place_choices(AddressLevel::Province, "dong thap", &[], 6), ["Tỉnh Đồng Tháp"]);
        assert_eq!(place_choices(AddressLevel::Province, "ha", &[], 3)[0], "Thành phố Hà Nội");
        assert!(place_choices(AddressLevel::Commune, "zzqx", &s, 6).is_empty());
        assert_eq!(place_answer("", "Phường Hồng Ngự, Tỉnh Đồng Tháp"), "Phường Hồng Ngự, Tỉnh Đồng Tháp");
        assert_eq!(split_place("Phường Hồng Ngự, Tỉnh Đồng Tháp"), Some(("", "Phường Hồng Ngự, Tỉnh Đồng Tháp")));
        assert_eq!(split_place("Số 2, Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp"), Some(("Số 2, Khóm 1", "Phường Hồng Ngự, Tỉnh Đồng Tháp")));
        assert_eq!(split_place("Tỉnh Đồng Tháp"), None);
        assert_eq!(place_answer("khóm 3, ", "Phường Hồng Ngự, Tỉnh Đồng Tháp"), "Khóm 3, Phường Hồng Ngự, Tỉnh Đồng Tháp");
    }

    #[test]
    fn telex_words() {
        assert_eq!(telex("nguyeenx"), "nguyễn");
        assert_eq!(telex("traanf baor ngocj"), "trần bảo ngọc");
        assert_eq!(telex("ddoongf thaps"), "đồng tháp");
        assert_eq!(telex("khom 1, phuwowngf an binhf"), "khom 1, phường an bình");
        assert_eq!(telex(""), "");
    }

    #[test]
    fn composed_text_is_not_read_again() {
        let mut k = Keys { kept: "Alex".into(), keys: String::new() };
        assert_eq!(k.text(), "Alex", "a kept answer stays as it was");
        k.push(" ");
        k.push("nguyeenx");
        assert_eq!(k.text(), "Alex nguyễn");
        let mut k = Keys::default();
        k.insert_word("Trần");
        k.push("baor");
        assert_eq!(k.text(), "Trần bảo");
        k.pop();
        k.pop();
        k.pop();
        k.pop();
        k.pop();
        assert_eq!(k.text(), "Trần", "erasing goes into the composed text");
        k.clear();
        // len() itself is under test here
        #[allow(clippy::len_zero)]
        let empty = k.is_empty() && k.len() == 0;
        assert!(empty);
    }

    #[test]
    fn digits_shown() {
        assert_eq!(show_digits(DigitFormat::Date, "0502"), "05/02");
        assert_eq!(show_digits(DigitFormat::Date, "05022026"), "05/02/2026");
        assert_eq!(show_digits(DigitFormat::Time, "1430"), "14:30");
        assert_eq!(show_digits(DigitFormat::Plain, "0912"), "0912");
    }
}
