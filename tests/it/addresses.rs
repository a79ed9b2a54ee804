//! Old card addresses → 2025 units, data-driven: `tests/data/old-addresses.tsv` holds
//! real-shaped addresses as chip ID cards print them (before and after 1 July 2025) across
//! a dozen old provinces, each with what it must become: `one:<2025 code>` (one tap to
//! accept), `candidates:<codes>` (a divided ward: the citizen chooses), `none` (not
//! recognised: kept as on the card) or `current` (already in the 2025 units: no question).

use form_kiosk::core::units::old::{convert, OldAddress};
use form_kiosk::core::units::{check_address, AddressCheck};

#[test]
fn old_card_addresses_become_2025_ones() {
    let table = include_str!("../data/old-addresses.tsv");
    let (mut rows, mut provinces) = (0, std::collections::BTreeSet::new());
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut faults = Vec::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let (address, expected) = line.split_once('\t').expect("address<TAB>expected");
        rows += 1;
        provinces.insert(address.rsplit(',').next().unwrap().trim().trim_start_matches("Tỉnh ").trim_start_matches("Thành phố ").to_string());
        let got = convert(address);
        let codes = |ms: &[form_kiosk::core::units::old::Moved]| ms.iter().map(|m| m.code.to_string()).collect::<Vec<_>>().join(",");
        let (kind, shown) = match &got {
            OldAddress::One(m) => ("one", format!("one:{}", m.code)),
            OldAddress::Divided(ms) => ("candidates", format!("candidates:{}", codes(ms))),
            OldAddress::NotOld if matches!(check_address(address, true), AddressCheck::Ok(_)) => ("current", "current".to_string()),
            OldAddress::NotOld => ("none", "none".to_string()),
        };
        *counts.entry(kind).or_default() += 1;
        if shown != expected {
            faults.push(format!("{address}: {shown}, expected {expected}"));
        }
        // every 2025 address keeps what the card wrote before the ward, and ends in a 2025
        // commune and province
        let moved: Vec<&str> = match &got {
            OldAddress::One(m) => vec![&m.address],
            OldAddress::Divided(ms) => ms.iter().map(|m| m.address.as_str()).collect(),
            OldAddress::NotOld => vec![],
        };
        for m in moved {
            if !matches!(check_address(m, true), AddressCheck::Ok(ref a) if a == m) {
                faults.push(format!("{address}: {m} is not a 2025 address"));
            }
            // the parts before the commune are the card's first parts, as written
            let (card, new): (Vec<&str>, Vec<&str>) = (address.split(", ").collect(), m.split(", ").collect());
            if new.len() < 2 || new.len() - 2 > card.len() || card[..new.len() - 2] != new[..new.len() - 2] {
                faults.push(format!("{address}: {m} does not keep the card's house, street or hamlet"));
            }
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
    assert!(rows >= 50 && provinces.len() >= 8, "{rows} addresses in {} provinces", provinces.len());
    // the shares, for the record (issue 13): printed with --nocapture
    println!("{rows} card addresses: {counts:?}");
    assert!(counts.values().all(|&n| n > 0), "every outcome is exercised: {counts:?}");
}
