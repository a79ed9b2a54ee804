//! Addresses written in the units before 1 July 2025 — what most chip ID cards still print:
//! "Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp" — turned into the 2025 commune and
//! province ("Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp"), from the bundled old→new table
//! (`assets/data/vn-admin-units-old-to-2025.json`, its SOURCE.md says where it comes from).
//! An old ward that went wholly into one 2025 commune gives one address; one that was divided
//! gives each 2025 commune it went into, for the citizen to choose.

use super::{strip_any, AdminUnits, PROVINCE_PREFIXES};
use crate::core::text;
use serde::Deserialize;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../../assets/data/vn-admin-units-old-to-2025.json");

#[derive(Deserialize)]
struct RawTable {
    provinces: Vec<RawProvince>,
}

#[derive(Deserialize)]
struct RawProvince {
    name: String,
    #[serde(default)]
    alt: Vec<String>,
    districts: Vec<RawDistrict>,
}

#[derive(Deserialize)]
struct RawDistrict {
    name: String,
    #[serde(default)]
    alt: Vec<String>,
    wards: Vec<RawWard>,
    /// A district without communes (an island district): the 2025 unit it became.
    #[serde(default)]
    new: Vec<u32>,
}

#[derive(Deserialize)]
struct RawWard {
    name: String,
    #[serde(default)]
    alt: Vec<String>,
    new: Vec<u32>,
}

/// An old unit as matched: its kind ("phuong", "huyen" … folded, "" when none) and its folded
/// bare names (the name and its other spellings), letters and digits only.
struct Unit {
    kind: &'static str,
    keys: Vec<String>,
    /// The 2025 communes it went into.
    new: Vec<u32>,
}

struct District {
    unit: Unit,
    wards: Vec<Unit>,
}

struct Province {
    keys: Vec<String>,
    districts: Vec<District>,
}

/// District kinds as written on cards, folded; "tp" is "thành phố" shortened.
const DISTRICT_KINDS: [(&str, &str); 7] = [
    ("quan ", "quan"),
    ("huyen ", "huyen"),
    ("thi xa ", "thi xa"),
    ("thanh pho ", "thanh pho"),
    ("tp. ", "thanh pho"),
    ("tp.", "thanh pho"),
    ("tp ", "thanh pho"),
];
const WARD_KINDS: [(&str, &str); 5] = [("phuong ", "phuong"), ("xa ", "xa"), ("thi tran ", "thi tran"), ("p. ", "phuong"), ("tt. ", "thi tran")];

/// A written unit's kind and folded bare name: "Thành phố Hồng Ngự" → ("thanh pho", "hongngu"),
/// "An Lộc" → ("", "anloc").
fn split(name: &str, kinds: &[(&'static str, &'static str)]) -> (&'static str, String) {
    let f = text::fold(name);
    for (prefix, kind) in kinds {
        if let Some(rest) = f.strip_prefix(prefix) {
            return (kind, text::fold_compact(rest));
        }
    }
    ("", text::fold_compact(&f))
}

fn unit(name: &str, alt: &[String], kinds: &[(&'static str, &'static str)], new: Vec<u32>) -> Unit {
    let (kind, key) = split(name, kinds);
    let mut keys = vec![key];
    keys.extend(alt.iter().map(|a| split(a, kinds).1));
    Unit { kind, keys, new }
}

impl Unit {
    /// Whether a written part names this unit: the same bare name, and the same kind when
    /// the part says one ("Huyện Hồng Ngự" is not "Thành phố Hồng Ngự"; "Hồng Ngự" may be either).
    fn named(&self, part: &(&str, String)) -> bool {
        (part.0.is_empty() || part.0 == self.kind) && self.keys.contains(&part.1)
    }
}

struct OldUnits {
    provinces: Vec<Province>,
}

impl OldUnits {
    fn get() -> &'static OldUnits {
        static TABLE: OnceLock<OldUnits> = OnceLock::new();
        TABLE.get_or_init(|| {
            let raw: RawTable = serde_json::from_str(DATA).expect("bundled old-unit table is valid JSON");
            let provinces = raw
                .provinces
                .into_iter()
                .map(|p| {
                    let keys = std::iter::once(&p.name).chain(&p.alt).map(|n| text::fold_compact(strip_any(&text::fold(n), &PROVINCE_PREFIXES))).collect();
                    let districts = p
                        .districts
                        .into_iter()
                        .map(|d| District {
                            unit: unit(&d.name, &d.alt, &DISTRICT_KINDS, d.new),
                            wards: d.wards.into_iter().map(|w| unit(&w.name, &w.alt, &WARD_KINDS, w.new)).collect(),
                        })
                        .collect();
                    Province { keys, districts }
                })
                .collect();
            OldUnits { provinces }
        })
    }
}

/// A 2025 address an old one became: the commune's code and the address written with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub code: u32,
    pub address: String,
}

/// What an address on a card is, against the units before 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldAddress {
    /// Not an address in the old units: written in the 2025 units already, or not recognised.
    NotOld,
    /// The old ward went wholly into one 2025 commune.
    One(Moved),
    /// The old ward was divided (or the address fits several old wards): each 2025 commune it
    /// may be in, in code order.
    Divided(Vec<Moved>),
}

impl OldAddress {
    /// Each 2025 address it may be now: one, the parts of a divided ward, or none.
    pub fn moved(self) -> Vec<Moved> {
        match self {
            OldAddress::One(m) => vec![m],
            OldAddress::Divided(ms) => ms,
            OldAddress::NotOld => Vec::new(),
        }
    }
}

/// The 2025 address of an address written in the old units, if it is one. The parts before
/// the ward (house, street, hamlet) are kept as written; the ward, district and province
/// become the 2025 commune and province.
pub fn convert(address: &str) -> OldAddress {
    let parts: Vec<String> = address.split(',').map(text::clean).filter(|p| !p.is_empty()).collect();
    let n = parts.len();
    if n < 2 {
        return OldAddress::NotOld;
    }
    let table = OldUnits::get();
    let pkey = text::fold_compact(strip_any(&text::fold(&parts[n - 1]), &PROVINCE_PREFIXES));
    let provinces: Vec<&Province> = table.provinces.iter().filter(|p| p.keys.contains(&pkey)).collect();
    if provinces.is_empty() {
        return OldAddress::NotOld;
    }
    let as_district = split(&parts[n - 2], &DISTRICT_KINDS);
    let ward_at = |i: usize| split(&parts[i], &WARD_KINDS);
    // 1. "…, ward, district, province", or an island district "district, province"
    let mut found: Vec<u32> = Vec::new();
    let mut kept = 0;
    let districts: Vec<&District> = provinces.iter().flat_map(|p| &p.districts).filter(|d| d.unit.named(&as_district)).collect();
    for d in &districts {
        if d.wards.is_empty() {
            found.extend(&d.unit.new);
            kept = n - 2;
        } else if n >= 3 {
            let w = ward_at(n - 3);
            for ward in d.wards.iter().filter(|x| x.named(&w)) {
                found.extend(&ward.new);
                kept = n - 3;
            }
        }
    }
    if found.is_empty() {
        // written in the 2025 units already
        if matches!(super::check_address(address, true), super::AddressCheck::Ok(_)) {
            return OldAddress::NotOld;
        }
        // a district renamed or left out ("Phường Vĩnh Ninh, Thành phố Huế, Tỉnh Thừa Thiên
        // Huế"; "Xã Tân Hội, Đồng Tháp"): the ward anywhere in the province
        let everywhere = |w: (&str, String)| -> Vec<u32> {
            provinces.iter().flat_map(|p| &p.districts).flat_map(|d| &d.wards).filter(|x| x.named(&w)).flat_map(|x| x.new.iter().copied()).collect()
        };
        if n >= 3 && districts.is_empty() {
            found = everywhere(ward_at(n - 3));
            kept = n - 3;
        }
        if found.is_empty() {
            found = everywhere(ward_at(n - 2));
            kept = n - 2;
        }
    }
    found.sort_unstable();
    found.dedup();
    let moved: Vec<Moved> = found.into_iter().filter_map(|code| moved(&parts[..kept], code)).collect();
    match moved.len() {
        0 => OldAddress::NotOld,
        1 => OldAddress::One(moved.into_iter().next().expect("one")),
        _ => OldAddress::Divided(moved),
    }
}

/// `detail` followed by the 2025 commune `code` and its province.
fn moved(detail: &[String], code: u32) -> Option<Moved> {
    let units = AdminUnits::get();
    let (c, p) = units.provinces.iter().find_map(|p| p.communes().iter().find(|c| c.code == code).map(|c| (c, p)))?;
    let mut out: Vec<&str> = detail.iter().map(String::as_str).collect();
    out.push(&c.name);
    out.push(&p.name);
    Some(Moved { code, address: out.join(", ") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(a: &str) -> String {
        match convert(a) {
            OldAddress::One(m) => m.address,
            other => panic!("{a}: {other:?}"),
        }
    }

    #[test]
    fn hong_ngu_wards_move_to_their_2025_communes() {
        assert_eq!(one("Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp"), "Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp");
        assert_eq!(one("Phường An Lộc, Thành phố Hồng Ngự, Đồng Tháp"), "Phường An Bình, Tỉnh Đồng Tháp");
        assert_eq!(one("Khóm 2, An Bình B, Hồng Ngự, Đồng Tháp"), "Khóm 2, Phường An Bình, Tỉnh Đồng Tháp");
        // a Huyện is not the Thành phố of the same name
        assert_eq!(one("Ấp Long Hòa, Xã Thường Thới Hậu A, Huyện Hồng Ngự, Tỉnh Đồng Tháp"), "Ấp Long Hòa, Phường Thường Lạc, Tỉnh Đồng Tháp");
    }

    #[test]
    fn divided_wards_offer_every_part() {
        let OldAddress::Divided(c) = convert("Ấp Phú Lợi A, Xã Phú Thuận B, Huyện Hồng Ngự, Tỉnh Đồng Tháp") else { panic!() };
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|m| m.address.starts_with("Ấp Phú Lợi A, Xã ") && m.address.ends_with(", Tỉnh Đồng Tháp")), "{c:?}");
    }

    #[test]
    fn a_2025_address_or_an_unknown_one_is_not_old() {
        assert_eq!(convert("Ấp 3, Phường Hồng Ngự, Tỉnh Đồng Tháp"), OldAddress::NotOld);
        assert_eq!(convert("Ấp 3, Xã Không Có, Huyện Hồng Ngự, Tỉnh Đồng Tháp"), OldAddress::NotOld);
        assert_eq!(convert("Đồng Tháp"), OldAddress::NotOld);
        assert_eq!(convert(""), OldAddress::NotOld);
    }
}
