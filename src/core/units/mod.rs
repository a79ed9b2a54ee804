//! The 2025 administrative units (34 provinces, 3,321 communes), bundled in the binary,
//! and address checking against them.

pub mod old;

use super::text;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const DATA: &str = include_str!("../../../assets/data/vn-admin-units-2025.json");

/// The same list as `build.rs` read it from [`DATA`], every commune's name cleaned
/// ([`AdminUnits::pack`]); empty inside the build script, which reads the JSON.
const PACKED: &[u8] = prepared!("admin-units.postcard");

/// One province as packed; its communes packed apart (postcard of `Vec<Commune>`), so that
/// a start unpacks only the provinces it looks into.
#[derive(Serialize, Deserialize)]
struct PackedProvince<'a> {
    code: u32,
    name: String,
    folded_bare: String,
    #[serde(borrow)]
    communes: std::borrow::Cow<'a, [u8]>,
}

/// Where a province's communes are read from, on first use.
#[derive(Debug)]
enum Wards {
    Json(Box<serde_json::value::RawValue>),
    Packed(&'static [u8]),
}

#[derive(Deserialize)]
struct RawData {
    provinces: Vec<RawProvince>,
}

#[derive(Deserialize)]
struct RawProvince {
    code: u32,
    name: String,
    division_type: String,
    /// Read when the province is first looked into: a command that checks one address
    /// reads one province's communes, not 3,321.
    wards: Box<serde_json::value::RawValue>,
}

#[derive(Deserialize)]
struct RawWard {
    code: u32,
    name: String,
    division_type: String,
}

#[derive(Debug)]
pub struct Province {
    pub code: u32,
    /// As written in an address: "Tỉnh Đồng Tháp", "Thành phố Hà Nội".
    pub name: String,
    /// Folded bare name: "dong thap", "ha noi".
    folded_bare: String,
    /// Its communes, read on first use ([`Province::communes`]).
    wards: Wards,
    communes: OnceLock<Vec<Commune>>,
    /// Folded full and bare names of the communes, made on first use: a process that
    /// checks one address folds one province, not 3,321 names.
    folded: OnceLock<Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commune {
    pub code: u32,
    /// "Phường Hồng Ngự", "Xã Tân Phước 1", "Đặc khu Phú Quốc".
    pub name: String,
    /// "xã", "phường", "đặc khu".
    pub kind: String,
}

pub struct AdminUnits {
    pub provinces: Vec<Province>,
}

pub(crate) const PROVINCE_PREFIXES: [&str; 5] = ["thanh pho ", "tinh ", "tp. ", "tp.", "tp "];
const COMMUNE_PREFIXES: [&str; 3] = ["xa ", "phuong ", "dac khu "];

/// A place's name folded and without its kind: "Phường Hồng Ngự" → "hong ngu", "Thành phố
/// Hà Nội" → "ha noi". How place names sort (Đ as D, "Xã An Hòa" beside "Phường An Bình").
pub fn bare_folded(name: &str) -> String {
    let f = text::fold(name);
    strip_any(strip_any(&f, &PROVINCE_PREFIXES), &COMMUNE_PREFIXES).to_string()
}

pub(crate) fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    for p in prefixes {
        if let Some(rest) = s.strip_prefix(p) {
            return rest.trim();
        }
    }
    s
}

impl AdminUnits {
    /// The bundled list, read once: unpacked as `build.rs` packed it, or (in the build
    /// script itself) parsed from its JSON.
    pub fn get() -> &'static AdminUnits {
        static UNITS: OnceLock<AdminUnits> = OnceLock::new();
        UNITS.get_or_init(|| {
            if PACKED.is_empty() {
                AdminUnits::parse(DATA).expect("bundled administrative units are valid JSON")
            } else {
                AdminUnits::unpack(PACKED).expect("build.rs packed the administrative units with this code")
            }
        })
    }

    /// Every province with its communes read, in postcard (what `build.rs` embeds).
    pub fn pack(&self) -> Vec<u8> {
        let provinces: Vec<PackedProvince> = self
            .provinces
            .iter()
            .map(|p| PackedProvince {
                code: p.code,
                name: p.name.clone(),
                folded_bare: p.folded_bare.clone(),
                communes: postcard::to_allocvec(p.communes()).expect("communes serialise").into(),
            })
            .collect();
        postcard::to_allocvec(&provinces).expect("units serialise")
    }

    fn unpack(bytes: &'static [u8]) -> Result<AdminUnits, postcard::Error> {
        let packed: Vec<PackedProvince<'static>> = postcard::from_bytes(bytes)?;
        let provinces = packed
            .into_iter()
            .map(|p| {
                // postcard lends the bytes from its input; a copy would mean another format
                let std::borrow::Cow::Borrowed(communes) = p.communes else { return Err(postcard::Error::DeserializeBadEncoding) };
                Ok(Province {
                    code: p.code,
                    name: p.name,
                    folded_bare: p.folded_bare,
                    wards: Wards::Packed(communes),
                    communes: OnceLock::new(),
                    folded: OnceLock::new(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(AdminUnits { provinces })
    }

    /// The list from its JSON. Every province's communes are checked to read as communes
    /// only when first used ([`AdminUnits::check`] reads them all).
    pub fn parse(json: &str) -> Result<AdminUnits, serde_json::Error> {
        let raw: RawData = serde_json::from_str(json)?;
        let provinces = raw
            .provinces
            .into_iter()
            .map(|p| {
                let bare = p.name.strip_prefix("Thành phố ").unwrap_or(&p.name).to_string();
                let name = if p.division_type.contains("thành phố") { format!("Thành phố {bare}") } else { format!("Tỉnh {bare}") };
                Province {
                    code: p.code,
                    name: text::clean(&name),
                    folded_bare: text::fold(&bare),
                    wards: Wards::Json(p.wards),
                    communes: OnceLock::new(),
                    folded: OnceLock::new(),
                }
            })
            .collect();
        Ok(AdminUnits { provinces })
    }

    /// Read every province's communes now: an error in any of them.
    pub fn check(&self) -> Result<(), String> {
        for p in &self.provinces {
            p.read_communes().map_err(|e| format!("{}: {e}", p.name))?;
        }
        Ok(())
    }

    /// "Tỉnh Đồng Tháp", "Đồng Tháp", "dong thap", "TP. Hồ Chí Minh", "Thành phố Huế".
    pub fn find_province(&self, name: &str) -> Option<&Province> {
        let f = text::fold(name);
        let bare = strip_any(&f, &PROVINCE_PREFIXES);
        self.provinces.iter().find(|p| p.folded_bare == bare)
    }

    pub fn commune_count(&self) -> usize {
        self.provinces.iter().map(|p| p.communes().len()).sum()
    }

    /// Communes whose folded name and province contain every folded word of the query:
    /// "hong ngu" finds "Phường Hồng Ngự, Tỉnh Đồng Tháp". Best first: whole-word matches in
    /// the commune's own name before matches inside words or in the province's name; among
    /// equals, those in the `near` provinces (the kiosk's, the family's) first.
    pub fn search_communes<'a>(&'a self, query: &str, near: &[&str], limit: usize) -> Vec<(&'a Commune, &'a Province)> {
        let words: Vec<String> = text::fold(query).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, &Commune, &Province)> = Vec::new();
        for p in &self.provinces {
            for (c, (full, bare)) in p.communes().iter().zip(p.folded()) {
                let mut score = 0;
                let ok = words.iter().all(|w| {
                    let whole_in_name = bare.split(' ').any(|x| x == w);
                    let prefix_in_name = bare.split(' ').any(|x| x.starts_with(w.as_str()));
                    score += if whole_in_name {
                        0
                    } else if prefix_in_name {
                        1
                    } else {
                        3
                    };
                    prefix_in_name || full.contains(w.as_str()) || p.folded_bare.contains(w.as_str())
                });
                if ok {
                    // an exact bare-name match comes first of all
                    let exact = *bare == words.join(" ");
                    hits.push((if exact { 0 } else { score + 1 }, c, p));
                }
            }
        }
        hits.sort_by_key(|(s, c, p)| (*s, !near.contains(&p.name.as_str()), c.name.len()));
        hits.into_iter().take(limit).map(|(_, c, p)| (c, p)).collect()
    }
}

impl Province {
    /// Its communes, wards and special zones, in the list's order.
    pub fn communes(&self) -> &[Commune] {
        if let Some(c) = self.communes.get() {
            return c;
        }
        // the bundled list is checked by a test (`AdminUnits::check`)
        let read = self.read_communes().unwrap_or_default();
        self.communes.get_or_init(|| read)
    }

    fn read_communes(&self) -> Result<Vec<Commune>, String> {
        match &self.wards {
            Wards::Json(json) => {
                let wards: Vec<RawWard> = serde_json::from_str(json.get()).map_err(|e| e.to_string())?;
                Ok(wards.into_iter().map(|w| Commune { code: w.code, name: text::clean(&w.name), kind: w.division_type }).collect())
            }
            Wards::Packed(bytes) => postcard::from_bytes(bytes).map_err(|e| e.to_string()),
        }
    }

    fn folded(&self) -> &[(String, String)] {
        self.folded.get_or_init(|| {
            self.communes()
                .iter()
                .map(|c| {
                    let full = text::fold(&c.name);
                    let bare = strip_any(&full, &COMMUNE_PREFIXES).to_string();
                    (full, bare)
                })
                .collect()
        })
    }

    /// "Phường Hồng Ngự", "phuong hong ngu", or the bare "Hồng Ngự" when only one unit has that name.
    pub fn find_commune(&self, name: &str) -> Option<&Commune> {
        let f = text::fold(name);
        let folded = self.folded();
        if let Some(i) = folded.iter().position(|(full, _)| *full == f) {
            return Some(&self.communes()[i]);
        }
        let bare = strip_any(&f, &COMMUNE_PREFIXES);
        let mut it = self.communes().iter().zip(folded).filter(|(_, (_, b))| b == bare).map(|(c, _)| c);
        match (it.next(), it.next()) {
            (Some(c), None) if bare == f => Some(c),
            _ => None,
        }
    }
}

/// How an address relates to the 2025 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressCheck {
    /// The commune and province exist; the address rewritten with their official names.
    Ok(String),
    /// The address names a province only (allowed where the field asks for a province).
    ProvinceOnly(String),
    /// No known province at the end of the address.
    UnknownProvince,
    /// The province is known but the part before it is not one of its communes.
    UnknownCommune { province: String },
    /// Only one part: the address needs at least commune and province.
    TooShort,
}

/// Check an address written "…, Xã|Phường|Đặc khu X, Tỉnh|Thành phố Y": the last part must
/// be a 2025 province and the one before it one of its communes. Parts before are kept as typed.
pub fn check_address(address: &str, require_commune: bool) -> AddressCheck {
    let units = AdminUnits::get();
    let parts: Vec<String> = address.split(',').map(text::clean).filter(|p| !p.is_empty()).collect();
    let Some(last) = parts.last() else { return AddressCheck::TooShort };
    let Some(province) = units.find_province(last) else {
        return if parts.len() < 2 && require_commune { AddressCheck::TooShort } else { AddressCheck::UnknownProvince };
    };
    if parts.len() < 2 {
        return if require_commune { AddressCheck::TooShort } else { AddressCheck::ProvinceOnly(province.name.clone()) };
    }
    let commune_part = &parts[parts.len() - 2];
    match province.find_commune(commune_part) {
        Some(c) => {
            let mut out: Vec<String> = parts[..parts.len() - 2].to_vec();
            out.push(c.name.clone());
            out.push(province.name.clone());
            AddressCheck::Ok(out.join(", "))
        }
        None if !require_commune => {
            let mut out: Vec<String> = parts[..parts.len() - 1].to_vec();
            out.push(province.name.clone());
            AddressCheck::ProvinceOnly(out.join(", "))
        }
        None => AddressCheck::UnknownCommune { province: province.name.clone() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_resolution_202() {
        let u = AdminUnits::get();
        // every province's communes read (they are read on first use otherwise)
        u.check().unwrap();
        // what the binary carries packed is the JSON read now, commune for commune
        let json = AdminUnits::parse(DATA).unwrap();
        assert!(!PACKED.is_empty());
        assert_eq!(json.provinces.len(), u.provinces.len());
        for (a, b) in json.provinces.iter().zip(&u.provinces) {
            assert_eq!((a.code, &a.name, &a.folded_bare), (b.code, &b.name, &b.folded_bare));
            assert_eq!(a.communes(), b.communes(), "{}", a.name);
        }
        assert_eq!(u.provinces.len(), 34);
        assert_eq!(u.commune_count(), 3321);
    }

    #[test]
    fn finds_provinces_in_any_spelling() {
        let u = AdminUnits::get();
        for s in ["Tỉnh Đồng Tháp", "Đồng Tháp", "dong thap", "TỈNH ĐỒNG THÁP"] {
            assert_eq!(u.find_province(s).unwrap().name, "Tỉnh Đồng Tháp", "{s}");
        }
        assert_eq!(u.find_province("TP. Hồ Chí Minh").unwrap().name, "Thành phố Hồ Chí Minh");
        assert_eq!(u.find_province("Thành phố Huế").unwrap().name, "Thành phố Huế");
        // Tiền Giang was merged into Đồng Tháp in 2025
        assert!(u.find_province("Tiền Giang").is_none());
    }

    #[test]
    fn address_check() {
        assert_eq!(check_address("12 Nguyễn Huệ, phuong hong ngu, dong thap", true), AddressCheck::Ok("12 Nguyễn Huệ, Phường Hồng Ngự, Tỉnh Đồng Tháp".into()));
        assert_eq!(check_address("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", true), AddressCheck::UnknownCommune { province: "Thành phố Hồ Chí Minh".into() });
        assert_eq!(check_address("Ấp 3, Xã Không Có, Tỉnh Tiền Giang", true), AddressCheck::UnknownProvince);
        assert_eq!(check_address("Đồng Tháp", true), AddressCheck::TooShort);
        assert_eq!(check_address("Đồng Tháp", false), AddressCheck::ProvinceOnly("Tỉnh Đồng Tháp".into()));
    }

    #[test]
    fn search_without_diacritics() {
        let hits = AdminUnits::get().search_communes("hong ngu", &[], 10);
        assert_eq!(hits[0].0.name, "Phường Hồng Ngự");
        assert_eq!(hits[0].1.name, "Tỉnh Đồng Tháp");
        let hits = AdminUnits::get().search_communes("tan phuoc dong thap", &[], 10);
        assert!(hits.len() >= 3 && hits.iter().all(|(_, p)| p.name == "Tỉnh Đồng Tháp"), "{}", hits.len());
        assert!(AdminUnits::get().search_communes("   ", &[], 10).is_empty());
        // five communes are called An Bình: the kiosk's province first
        let hits = AdminUnits::get().search_communes("an binh", &["Tỉnh Đồng Tháp"], 10);
        assert_eq!((hits[0].0.name.as_str(), hits[0].1.name.as_str()), ("Phường An Bình", "Tỉnh Đồng Tháp"));
    }
}
