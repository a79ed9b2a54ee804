//! The data QR for the desk: every answer of the form in a compact, versioned format, split
//! over several QR codes only when it is too long for one at a readable size. Format
//! (documented in `docs/data-qr.md`):
//!
//! - the document: UTF-8 JSON `{"fmt":"form-kiosk/1","form":ID,"v":VERSION,"code":CODE,
//!   "a":{FIELD_ID: VALUE, …}}`, answers in the form's order, tables as arrays of objects,
//!   derived fields (a date in words) left out; then, once the citizen chose them, how the
//!   result comes back and when: `"r":{"way":"desk"|"post"|"electronic","to":ADDRESS,
//!   "due":"dd/mm/yyyy","book":{"visit":"desk"|"home","day":"dd/mm/yyyy","time":"HH:MM",
//!   "at":ADDRESS}}` (`to`, `due`, `book` and `at` only when there is one);
//! - compressed with DEFLATE (zlib wrapper), then Base45 (RFC 9285), which is exactly the
//!   QR alphanumeric alphabet and so packs 5.5 bits per character;
//! - cut into parts `FKZ1:<i>/<n>:<code>:<chunk>`; the chunks concatenated in order give
//!   the Base45 text back.

use super::after::{Booking, Delivery};
use super::date::Date;
use super::fill::{Answer, Value};
use super::template::FormTemplate;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{Read, Write};

/// Format tag: the first characters of every part.
pub const FORMAT: &str = "FKZ1";

/// Most Base45 characters in one part, so that with its header (up to 40 characters:
/// `FKZ1:12/12:` and a dossier code) each code stays at version ≤ 19 (93 modules) with error
/// correction M: 31.5 mm wide at 0.34 mm per module, readable by desk scanners. (A version 19
/// symbol at M holds about 870 characters in this mix of alphanumeric segments; 900 Base45
/// characters made version 20 or 21 symbols, which an independent decoder failed to read.)
pub const MAX_PART_CHARS: usize = 820;

/// What the desk needs besides the answers: the delivery chosen, the due day, a booked time.
#[derive(Debug, Clone, Copy)]
pub struct Desk<'a> {
    pub delivery: &'a Delivery,
    pub due: Option<Date>,
    pub booking: Option<&'a Booking>,
}

/// The `"r"` object of the document.
fn desk_json(d: &Desk) -> serde_json::Value {
    let mut r = serde_json::Map::new();
    r.insert("way".into(), json!(d.delivery.way.as_str()));
    if let Some(a) = &d.delivery.address {
        r.insert("to".into(), json!(a));
    }
    if let Some(due) = d.due {
        r.insert("due".into(), json!(due.to_string()));
    }
    if let Some(b) = d.booking {
        let mut book = serde_json::Map::new();
        book.insert("visit".into(), json!(b.visit.as_str()));
        book.insert("day".into(), json!(b.slot.day.to_string()));
        book.insert("time".into(), json!(b.slot.time()));
        if let Some(a) = &b.address {
            book.insert("at".into(), json!(a));
        }
        r.insert("book".into(), book.into());
    }
    r.into()
}

/// The JSON document, answers in template order.
pub fn document(t: &FormTemplate, code: &str, answers: &BTreeMap<String, Answer>, desk: Option<&Desk>) -> String {
    let mut out = format!("{{\"fmt\":\"form-kiosk/1\",\"form\":{},\"v\":{},\"code\":{},\"a\":{{", json!(t.id), t.version, json!(code));
    let mut first = true;
    for f in t.fields.iter().filter(|f| f.in_words_of.is_none()) {
        let Some(ans) = answers.get(&f.id) else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        let v = match &ans.value {
            Value::Text(s) => json!(s),
            Value::Table(rows) => json!(rows),
        };
        out.push_str(&json!(f.id).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    }
    out.push('}');
    if let Some(d) = desk {
        out.push_str(",\"r\":");
        out.push_str(&desk_json(d).to_string());
    }
    out.push('}');
    out
}

/// The QR payloads of a document.
pub fn parts(code: &str, doc: &str) -> Vec<String> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(doc.as_bytes()).expect("writing to memory");
    let packed = base45::encode(z.finish().expect("writing to memory"));
    // Base45 is ASCII: byte boundaries are character boundaries
    let chunks: Vec<&str> = packed.as_bytes().chunks(MAX_PART_CHARS).map(|c| std::str::from_utf8(c).expect("ASCII")).collect();
    let n = chunks.len();
    chunks.iter().enumerate().map(|(i, c)| format!("{FORMAT}:{}/{n}:{code}:{c}", i + 1)).collect()
}

/// Put the parts back together into the JSON document (what the desk's reader does). None
/// if a part is missing, repeated, from another dossier, damaged, or not in this format.
pub fn join(parts: &[String]) -> Option<String> {
    let mut got: Vec<(usize, usize, &str, &str)> = Vec::new();
    for p in parts {
        let mut it = p.splitn(4, ':');
        if it.next()? != FORMAT {
            return None;
        }
        let (i, n) = it.next()?.split_once('/')?;
        got.push((i.parse().ok()?, n.parse().ok()?, it.next()?, it.next()?));
    }
    got.sort_by_key(|g| g.0);
    let (n, code) = (got.first()?.1, got.first()?.2);
    if got.len() != n || got.iter().enumerate().any(|(k, g)| g.0 != k + 1 || g.1 != n || g.2 != code) {
        return None;
    }
    let packed: String = got.iter().map(|g| g.3).collect();
    let bytes = base45::decode(&packed).ok()?;
    let mut doc = String::new();
    flate2::read::ZlibDecoder::new(&bytes[..]).read_to_string(&mut doc).ok()?;
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest part stays at version 19 (93 modules) or below.
    #[test]
    fn a_full_part_is_version_19_at_most() {
        let code = "000.00.00.H20-261127-0001";
        let chunk: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:".chars().cycle().take(MAX_PART_CHARS).collect();
        let part = format!("{FORMAT}:12/12:{code}:{chunk}");
        let s = crate::core::qr::encode(part.as_bytes(), qrcode::EcLevel::M).unwrap();
        assert!(s.n <= 93, "{} modules", s.n);
    }

    #[test]
    fn split_and_join() {
        // incompressible enough to need several parts
        let mut x: u32 = 7;
        let doc: String = (0..4000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from_u32(0x1EA0 + x % 90).unwrap()
            })
            .collect();
        let p = parts("A-1", &doc);
        assert!(p.len() >= 3, "{}", p.len());
        assert!(p.iter().all(|x| x.len() <= MAX_PART_CHARS + 20));
        // every part is QR alphanumeric
        assert!(p.iter().all(|x| x.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || " $%*+-./:".contains(c))));
        assert_eq!(join(&p).unwrap(), doc);
        let mut rev = p.clone();
        rev.reverse();
        assert_eq!(join(&rev).unwrap(), doc);
        assert!(join(&p[..2]).is_none());
        assert!(join(&["xyz".to_string()]).is_none());
        let mut broken = p.clone();
        broken[0] = broken[0].replacen(":A-1:", ":A-2:", 1);
        assert!(join(&broken).is_none());
    }
}
