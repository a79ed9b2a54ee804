//! The printed form, for every form in `forms/`: text read back with pdftotext, both QR
//! codes decoded from the rendered page.

use crate::support::{complete_session, decode_qr, now, pdftoppm, pdftotext};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::dataqr;
use form_kiosk::core::fill::{is_visible, Value};
use form_kiosk::core::layout::{MOTTO_1, MOTTO_2};
use form_kiosk::core::sheet::{Mode, Seg};
use form_kiosk::core::text;
use form_kiosk::forms_io;
use form_kiosk::service::Service;
use form_kiosk::store::Store;

fn service(dir: &std::path::Path) -> Service {
    let (forms, _) = forms_io::bundled();
    Service::new(forms, KioskConfig::default()).with_store(Store::open(&dir.join("k.db"), None).unwrap(), now()).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The annex's words printed just before a field's answer on its line (its label), or ""
/// when the answer starts the line.
fn label_before(sheet: &form_kiosk::core::sheet::Sheet, field: &str) -> String {
    for l in sheet.lines() {
        let segs = l.all_segs();
        if let Some(k) = segs.iter().position(|s| matches!(s, Seg::Value { field: f, .. } if f == field)) {
            return match k.checked_sub(1).map(|j| segs[j]) {
                Some(Seg::Text(t)) => t.clone(),
                _ => String::new(),
            };
        }
    }
    String::new()
}

#[test]
fn every_form_prints_its_labels_values_and_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let ids: Vec<String> = svc.forms.forms.iter().map(|f| f.id.clone()).collect();
    for id in ids {
        let s = complete_session(&mut svc, &id);
        let c = svc.confirm(&s, false, now()).unwrap();
        let t = svc.form(&id).unwrap().clone();
        let path = dir.path().join(format!("{id}.pdf"));
        std::fs::write(&path, &c.pdf).unwrap();
        // FORM_KIOSK_KEEP_PDF=DIR keeps the printouts to look at
        if let Some(keep) = std::env::var_os("FORM_KIOSK_KEEP_PDF") {
            std::fs::copy(&path, std::path::Path::new(&keep).join(format!("{id}.pdf"))).unwrap();
        }
        assert!(c.pdf.len() < 60_000, "{id}: PDF of {} bytes", c.pdf.len());

        let txt = pdftotext(&path);
        assert!(unicode_normalization::is_nfc(&txt), "{id}: extracted text is not NFC");
        let sheet = t.sheet.as_ref().unwrap();
        let motto: Vec<&str> = if sheet.motto.is_empty() { vec![MOTTO_1, MOTTO_2] } else { sheet.motto.iter().map(String::as_str).collect() };
        for m in motto.into_iter().chain([t.title.as_str()]) {
            assert!(txt.contains(&squash(m)), "{id}: no `{m}` in {txt}");
        }
        // the labels are the annex's (tests/it/fidelity.rs); here every answer is on the page,
        // as its line prints it
        let mode_of = |field: &str| {
            sheet.lines().iter().flat_map(|l| l.all_segs()).find_map(|s| match s {
                Seg::Value { field: f, mode } if f == field => Some(*mode),
                _ => None,
            })
        };
        for f in &t.fields {
            if !is_visible(&t, f, &c.filled.answers) {
                continue;
            }
            match c.filled.answers.get(&f.id).map(|a| &a.value) {
                Some(Value::Text(v)) if matches!(mode_of(&f.id), Some(Mode::Date | Mode::DateCap)) => {
                    let d = form_kiosk::core::date::Date::parse_typed(v).unwrap();
                    let mut line = form_kiosk::core::date::date_line(d);
                    if mode_of(&f.id) == Some(Mode::DateCap) {
                        line = text::capitalize_first(&line);
                    }
                    assert!(txt.contains(&line), "{id}: no date line for `{}`", f.id);
                }
                Some(Value::Text(v)) if mode_of(&f.id) == Some(Mode::Grid) => {
                    // one digit per box
                    let boxed = v.chars().map(String::from).collect::<Vec<_>>().join(" ");
                    assert!(txt.contains(&boxed), "{id}: ID grid of `{}` missing", f.id);
                }
                Some(Value::Text(v)) if mode_of(&f.id).is_some() => {
                    // next to its label, not anywhere on the page ("Nữ", "1", "Có" are short)
                    let want = form_kiosk::core::layout::printed(f, v);
                    let label = label_before(sheet, &f.id);
                    let expected = squash(&format!("{} {want}", label.trim()));
                    assert!(txt.contains(&expected) || (label.trim().is_empty() && txt.contains(&squash(&want))), "{id}: `{expected}` not on the page: {txt}");
                }
                // a checkbox field: its tick is checked in the_answered_checkbox_is_ticked
                Some(Value::Text(_)) => {}
                Some(Value::Table(rows)) => {
                    for r in rows {
                        for v in r.values() {
                            assert!(txt.contains(&squash(v)) || txt.contains(&squash(&text::upper(v))), "{id}: cell `{v}` missing");
                        }
                    }
                }
                None => {}
            }
        }
        assert!(txt.contains(&c.code), "{id}: dossier code not printed");

        // the signature is on the first page, with the lines it signs (regression: the
        // copies line of the 2024 change form once pushed its signature block alone onto page 2)
        let out = std::process::Command::new("pdftotext").args(["-raw", "-enc", "UTF-8", "-f", "1", "-l", "1"]).arg(&path).arg("-").output().unwrap();
        let page1 = String::from_utf8(out.stdout).unwrap();
        let list = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("forms/official/{id}.txt"))).unwrap();
        let sign = if list.contains("\n(Ký, ghi rõ họ, chữ đệm, tên)") { "(Ký, ghi rõ họ, chữ đệm, tên)" } else { "NGƯỜI KÊ KHAI" };
        assert!(page1.contains(sign), "{id}: `{sign}` is not on page 1");

        // both QR codes decode from the page as poppler renders it
        let page = pdftoppm(&path, 1, 300);
        let found = decode_qr(&page);
        let url = KioskConfig::default().record_url.replace("{code}", &c.code);
        assert!(found.contains(&url), "{id}: record QR not found among {} codes", found.len());
        let parts: Vec<String> = found.iter().filter(|s| s.starts_with(dataqr::FORMAT)).cloned().collect();
        let joined = dataqr::join(&parts).unwrap_or_else(|| panic!("{id}: data QR parts incomplete: {}", parts.len()));
        let v: serde_json::Value = serde_json::from_str(&joined).unwrap();
        let answers_only: serde_json::Value = serde_json::from_str(&dataqr::document(&t, &c.code, &c.filled.answers, None)).unwrap();
        assert_eq!(v["a"], answers_only["a"], "{id}");
        // the result at the desk unless chosen otherwise, and the day it is due when the
        // procedure has a fixed time
        assert_eq!(v["r"]["way"], "desk", "{id}");
        assert_eq!(v["r"]["due"].is_string(), t.result.days.is_some(), "{id}: {}", v["r"]);
        assert_eq!(v["form"], id.as_str());
        assert_eq!(v["code"], c.code.as_str());
    }
}

/// Thông tư 04/2024/TT-BTP: with an ID number given, "Nơi cư trú" (note 2) is not written —
/// but the official line stays on the page, blank with its dotted leader, never deleted.
#[test]
fn residence_line_stays_blank_when_the_id_is_given() {
    use crate::support::{FATHER, MOTHER};
    use form_kiosk::core::layout::Item;
    use form_kiosk::service::ScannedCard;
    let (forms, _) = forms_io::bundled();
    let mut svc = Service::new(forms, KioskConfig::default());
    let t = svc.form("khai-tu").unwrap().clone();
    let with_cards = svc.fill("khai-tu", &[ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("deceased"), FATHER)], &[], now()).unwrap();
    let doc = svc.document(&t, &with_cards.answers, None);
    let page = doc.text();
    assert!(page.contains("Nơi cư trú cuối cùng: (2)\n"), "{page}");
    assert!(page.contains("Nơi cư trú: (2)\n"), "{page}");
    assert!(!page.contains("Bến Nghé") && !page.contains("Hồng Ngự, Tỉnh"), "a card address was printed: {page}");
    // each blank line has its leader on the label's baseline, to the right of the label
    for label in ["Nơi cư trú cuối cùng: (2)", "Nơi cư trú: (2)"] {
        let (lx, ly) = doc.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text { x, y, text, .. } if text == label => Some((*x, *y)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no run `{label}`"));
        assert!(
            doc.pages[0].items.iter().any(|i| matches!(i, Item::Line { x1, y1, dotted: true, .. } if *x1 > lx && (*y1 - ly).abs() < 1.0)),
            "no leader after `{label}`"
        );
    }
    // without the cards the lines are the same, and asked
    let without = svc.fill("khai-tu", &[], &[], now()).unwrap();
    assert!(without.missing.iter().any(|m| m.id == "deceased_residence"));
    let page = svc.document(&t, &without.answers, None).text();
    assert!(page.contains("Nơi cư trú cuối cùng: (2)") && page.contains("Nơi cư trú: (2)"), "{page}");
}

/// A form longer than a page continues on page 2 without the national motto; the codes stay
/// at the bottom of page 1.
#[test]
fn long_form_overflows_to_a_second_page_without_the_motto() {
    use crate::support::{sample, MOTHER};
    use form_kiosk::core::fill::Input;
    use form_kiosk::core::template::FieldKind;
    use form_kiosk::service::ScannedCard;
    let (forms, _) = forms_io::bundled();
    let mut svc = Service::new(forms, KioskConfig::default());
    let t = svc.form("ct01").unwrap().clone();
    let table = t.fields.iter().find(|f| f.kind == FieldKind::Table).unwrap();
    let rows: Vec<_> = (0..20)
        .map(|i| {
            table
                .columns
                .iter()
                .map(|c| {
                    (c.id.clone(), if c.kind == FieldKind::Name { format!("Người Thứ {}", ["Một", "Hai", "Ba", "Bốn"][i % 4]) } else { sample(c.kind, &[]) })
                })
                .collect()
        })
        .collect();
    let long_request = "Đăng ký thường trú cho cả gia đình vào chỗ ở hợp pháp mới mua tại địa chỉ nêu trên. ".repeat(6);
    let inputs = vec![(table.id.clone(), Input::Rows(rows)), ("request_content".to_string(), Input::Text(long_request))];
    let f = svc.fill("ct01", &[ScannedCard::qr(None, MOTHER)], &inputs, now()).unwrap();
    assert!(!f.has_errors(), "{:?}", f.diagnostics);
    let codes_doc = svc.document(&t, &f.answers, Some("000.00.00.H20-261127-0099"));
    assert!(codes_doc.pages.len() >= 2, "expected an overflow, got {} page(s)", codes_doc.pages.len());
    let page_text = |k: usize| {
        let mut one = codes_doc.clone();
        one.pages = vec![codes_doc.pages[k].clone()];
        one.text()
    };
    assert!(page_text(0).contains(MOTTO_1));
    for k in 1..codes_doc.pages.len() {
        assert!(!page_text(k).contains(MOTTO_1), "motto repeated on page {}", k + 1);
    }
    assert!(page_text(0).contains("000.00.00.H20-261127-0099"), "the code belongs on page 1");
    assert!(page_text(codes_doc.pages.len() - 1).contains(&format!("Trang {}/{}", codes_doc.pages.len(), codes_doc.pages.len())));
    // every row made it onto some page
    let all = codes_doc.text();
    assert_eq!(all.matches("NGƯỜI THỨ").count(), 20, "{all}");
    // and the PDF has as many pages
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, form_kiosk::pdf::render(&codes_doc, None).unwrap()).unwrap();
    let info = std::process::Command::new("pdfinfo").arg(&path).output().unwrap();
    let pages = String::from_utf8_lossy(&info.stdout).lines().find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string())).unwrap();
    assert_eq!(pages, codes_doc.pages.len().to_string());
}

/// The PDF says what it is: its title, the producer, the language (vi-VN) and, as its
/// creation date, the dossier's confirmation time (+07:00) — not 01/01/1970.
#[test]
fn pdf_metadata_is_the_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let s = complete_session(&mut svc, "khai-sinh");
    let c = svc.confirm(&s, false, now()).unwrap();
    let path = dir.path().join("ks.pdf");
    std::fs::write(&path, &c.pdf).unwrap();
    let out = std::process::Command::new("pdfinfo").args(["-isodates"]).arg(&path).output().expect("pdfinfo (poppler-utils)");
    assert!(out.status.success());
    let info = String::from_utf8(out.stdout).unwrap();
    let field = |k: &str| info.lines().find_map(|l| l.strip_prefix(k).map(|v| v.trim().to_string())).unwrap_or_default();
    assert_eq!(field("Title:"), "TỜ KHAI ĐĂNG KÝ KHAI SINH");
    assert!(field("Producer:").starts_with("form-kiosk "), "{info}");
    // 27/11/2026 09:30 in Vietnam
    assert_eq!(field("CreationDate:"), "2026-11-27T09:30:00+07");
    assert!(c.pdf.windows(b"/Lang".len()).any(|w| w == b"/Lang"), "no /Lang in the catalog");
    let lang = "vi-VN".encode_utf16().flat_map(|u| u.to_be_bytes()).map(|b| format!("{b:02X}")).collect::<String>();
    assert!(String::from_utf8_lossy(&c.pdf).contains(&format!("/Lang<FEFF{lang}>")), "language is not vi-VN");
    // a reprint is the same document, dates included
    assert_eq!(svc.dossier_pdf(&c.code).unwrap(), c.pdf);
}

/// A checkbox is ticked (a cross drawn in its box) for the answer given, and only that one.
#[test]
fn the_answered_checkbox_is_ticked() {
    use form_kiosk::core::fill::Input;
    use form_kiosk::core::layout::Item;
    let (forms, _) = forms_io::bundled();
    let mut svc = Service::new(forms, KioskConfig::default());
    let t = svc.form("khai-sinh").unwrap().clone();
    for (answer, ticked) in [("Có", 0usize), ("Không", 1)] {
        let f = svc.fill("khai-sinh", &[], &[("copies_wanted".into(), Input::Text(answer.into()))], now()).unwrap();
        let doc = svc.document(&t, &f.answers, None);
        let items = &doc.pages[0].items;
        let boxes: Vec<(f32, f32)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, text, .. } if text == "□" => Some((*x, *y)),
                _ => None,
            })
            .collect();
        assert_eq!(boxes.len(), 2, "Có □, Không □");
        let crossed = |(bx, by): (f32, f32)| {
            items
                .iter()
                .filter(|i| matches!(i, Item::Line { x1, y1, dotted: false, .. } if *x1 > bx && *x1 < bx + 3.0 && *y1 < by + 0.5 && *y1 > by - 4.0))
                .count()
        };
        for (k, b) in boxes.iter().enumerate() {
            assert_eq!(crossed(*b), if k == ticked { 2 } else { 0 }, "{answer}: box {k}");
        }
    }
}

/// The longest record URL the configuration accepts still prints as a QR code that decodes
/// from the page (a longer one is refused at start, never silently dropped).
#[test]
fn the_longest_record_url_still_decodes_from_the_page() {
    let url = format!("https://dichvucong.dongthap.gov.vn/tra-cuu-ho-so?ma={{code}}&k={}", "x".repeat(300 - 61));
    let config = KioskConfig { record_url: url.clone(), ..KioskConfig::default() };
    assert_eq!(url.chars().count(), 300);
    assert!(config.check().is_empty(), "{:?}", config.check());
    assert!(!KioskConfig { record_url: format!("{url}y"), ..KioskConfig::default() }.check().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (forms, _) = forms_io::bundled();
    let mut svc = Service::new(forms, config).with_store(Store::open(&dir.path().join("k.db"), None).unwrap(), now()).unwrap();
    let s = complete_session(&mut svc, "trich-luc");
    let c = svc.confirm(&s, false, now()).unwrap();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, &c.pdf).unwrap();
    let found = decode_qr(&pdftoppm(&path, 1, 300));
    assert!(found.contains(&url.replace("{code}", &c.code)), "the record QR does not decode ({} codes found)", found.len());
}

/// Blocks side by side inside the body (`{ columns }`), with more of the form below them, and
/// a date that starts its line with a capital (`{field:Date}`).
#[test]
fn body_blocks_side_by_side_and_a_capital_date() {
    use form_kiosk::core::layout::Item;
    let form = format!(
        "{}\n[[sections.fields]]\nid = \"made_on\"\nlabel = \"Ngày\"\nkind = \"date\"\nprefill = \"today\"\n\n[print]\nbody = [\n    \"Họ tên: {{requester_name}}\",\n    {{ columns = [[\"**Bên trái**\", \"Địa chỉ: …\"], [\"^*{{made_on:Date}}*\", \"^**NGƯỜI KHAI**\", \"{{sign}}\"]] }},\n    \"^**XÁC NHẬN**\",\n]\nsignatures = [[\"^**CHỦ TỊCH**\"]]\n",
        crate::forms::MINIMAL
    );
    let (set, d) = forms_io::load_texts([("mini.toml".to_string(), form.as_str())]);
    assert!(d.is_empty(), "{d:?}");
    let mut svc = Service::new(set, KioskConfig::default());
    let t = svc.form("mini").unwrap().clone();
    let f = svc.fill("mini", &[form_kiosk::service::ScannedCard::qr(None, crate::support::MOTHER)], &[], now()).unwrap();
    let doc = svc.document(&t, &f.answers, None);
    let at = |what: &str| {
        doc.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text { x, y, text, .. } if text.starts_with(what) => Some((*x, *y)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `{what}` in {}", doc.text()))
    };
    let (left, right, below) = (at("Bên trái"), at("Ngày 27 tháng 11 năm 2026"), at("XÁC NHẬN"));
    assert!((left.1 - right.1).abs() < 0.5 && right.0 - left.0 > 60.0, "side by side: {left:?} {right:?}");
    // below both blocks, the signing room of the right one included
    let signing = at("NGƯỜI KHAI").1 + 15.0;
    assert!(below.1 > signing, "{below:?} is not below the blocks");
    assert!(at("CHỦ TỊCH").1 > below.1);
}

/// Every Vietnamese letter, in each face, rasterised by the review picture's renderer, differs
/// from its bare base letter (so "Đề" is never drawn "Dề", nor "ở" as "o"), and every letter
/// leaves ink. The letters are built from the six tones over the twelve vowels, plus đ/Đ.
#[test]
fn the_review_picture_draws_every_vietnamese_letter() {
    use form_kiosk::core::layout::Face;
    use unicode_normalization::UnicodeNormalization;
    // the review screen's resolution and the forms' body size: the finest the marks get
    // and as the zoomed page shows it on a narrow screen: shrunk to 70 % by `preview::fit`
    let shrunk = |face: Face, c: char| {
        let img = form_kiosk::preview::render_line(face, 13.0, &c.to_string(), 125.0);
        form_kiosk::preview::fit(&img, img.width() * 7 / 10, img.height())
    };
    let raster = |face: Face, c: char| form_kiosk::preview::render_line(face, 13.0, &c.to_string(), 125.0);
    let sample = form_kiosk::preview::render_line(Face::Bold, 13.0, "ĐỀ NGHỊ Đề nghị đăng ký", 125.0);
    sample.save(std::env::temp_dir().join("form-kiosk-letters.png")).unwrap();
    let bases = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    let tones = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];
    let mut letters: Vec<(char, char)> = vec![('đ', 'd'), ('ă', 'a'), ('â', 'a'), ('ê', 'e'), ('ô', 'o'), ('ơ', 'o'), ('ư', 'u')];
    for b in bases {
        for t in tones {
            let composed: String = format!("{b}{t}").nfc().collect();
            let mut it = composed.chars();
            let c = it.next().unwrap();
            assert!(it.next().is_none(), "{b}+{t:?} composes to one letter");
            letters.push((c, b));
        }
    }
    assert_eq!(letters.len(), 7 + 12 * 5);
    let upper: Vec<(char, char)> = letters.iter().map(|&(c, b)| (c.to_uppercase().next().unwrap(), b.to_uppercase().next().unwrap())).collect();
    letters.extend(upper);
    let mut faults = Vec::new();
    for (how, draw, contrast) in [("printed size", &raster as &dyn Fn(Face, char) -> image::GrayImage, 2.0), ("shrunk", &shrunk, 1.2)] {
        for face in [Face::Regular, Face::Bold, Face::Italic] {
            for &(c, b) in &letters {
                let (lc, lb) = (draw(face, c), draw(face, b));
                // the mark must show: a few pixels clearly darker or lighter than the bare letter
                let ink = lb.pixels().filter(|p| p.0[0] < 128).count();
                let (w, h) = (lc.width().min(lb.width()), lc.height().min(lb.height()));
                // the ink the mark adds or moves, in whole black pixels
                let marked = (0..h)
                    .flat_map(|y| (0..w).map(move |x| (x, y)))
                    .map(|(x, y)| lc.get_pixel(x, y).0[0].abs_diff(lb.get_pixel(x, y).0[0]) as f32 / 255.0)
                    .sum::<f32>();
                if ink == 0 || marked < contrast {
                    faults.push(format!("{how} {face:?} {c} (drawn as {b})"));
                }
            }
        }
    }
    assert!(faults.is_empty(), "letters drawn without their marks: {faults:?}");
}
