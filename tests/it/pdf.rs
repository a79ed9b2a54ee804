//! The printed form, for every form in `forms/`: text read back with pdftotext, both QR
//! codes decoded from the rendered page.

use crate::support::{complete_session, decode_qr, now, pdftoppm, pdftotext};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::dataqr;
use form_kiosk::core::fill::{is_visible, Value};
use form_kiosk::core::layout::{MOTTO_1, MOTTO_2};
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
        for m in [MOTTO_1, MOTTO_2, t.title.as_str()] {
            assert!(txt.contains(&squash(m)), "{id}: no `{m}` in {txt}");
        }
        for f in &t.fields {
            if !is_visible(&t, f, &c.filled.answers) {
                continue;
            }
            let skipped = f.not_needed_if.as_ref().is_some_and(|o| c.filled.answers.contains_key(o)) && !c.filled.answers.contains_key(&f.id);
            if skipped {
                continue; // see residence_left_off_the_page_when_the_id_is_given
            }
            if !["made_at", "made_on"].contains(&f.id.as_str()) {
                let label = squash(&text::capitalize_first(&f.label));
                assert!(txt.contains(&label), "{id}: label `{label}` missing");
            }
            match c.filled.answers.get(&f.id).map(|a| &a.value) {
                Some(Value::Text(v)) if f.id == "made_on" => {
                    let d = form_kiosk::core::date::Date::parse_typed(v).unwrap();
                    assert!(txt.contains(&form_kiosk::core::date::date_line(d)), "{id}: no date line");
                }
                Some(Value::Text(v)) if f.id_grid => {
                    // one digit per box
                    let boxed = v.chars().map(String::from).collect::<Vec<_>>().join(" ");
                    assert!(txt.contains(&boxed), "{id}: ID grid of `{}` missing", f.id);
                }
                Some(Value::Text(v)) => {
                    let want = form_kiosk::core::layout::printed(f, v);
                    assert!(txt.contains(&squash(&want)), "{id}: value `{want}` of `{}` missing in {txt}", f.id);
                }
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

        // both QR codes decode from the page as poppler renders it
        let page = pdftoppm(&path, 1, 300);
        let found = decode_qr(&page);
        let url = KioskConfig::default().record_url.replace("{code}", &c.code);
        assert!(found.contains(&url), "{id}: record QR not found among {} codes", found.len());
        let parts: Vec<String> = found.iter().filter(|s| s.starts_with(dataqr::FORMAT)).cloned().collect();
        let joined = dataqr::join(&parts).unwrap_or_else(|| panic!("{id}: data QR parts incomplete: {}", parts.len()));
        assert_eq!(joined, dataqr::document(&t, &c.code, &c.filled.answers), "{id}");
        let v: serde_json::Value = serde_json::from_str(&joined).unwrap();
        assert_eq!(v["form"], id.as_str());
        assert_eq!(v["code"], c.code.as_str());
    }
}

/// Thông tư 04/2024/TT-BTP: with an ID number given, the "Nơi cư trú" line is left out —
/// of the answers and of the page.
#[test]
fn residence_left_off_the_page_when_the_id_is_given() {
    use crate::support::{FATHER, MOTHER};
    use form_kiosk::service::ScannedCard;
    let (forms, _) = forms_io::bundled();
    let mut svc = Service::new(forms, KioskConfig::default());
    let t = svc.form("khai-tu").unwrap().clone();
    let with_cards = svc.fill("khai-tu", &[ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("deceased"), FATHER)], &[], now()).unwrap();
    let page = svc.document(&t, &with_cards.answers, None).text();
    assert!(!page.contains("Nơi cư trú cuối cùng"), "{page}");
    assert!(!page.contains("Nơi cư trú:"), "{page}");
    // without the cards there is no ID: both lines are there, to fill in
    let without = svc.fill("khai-tu", &[], &[], now()).unwrap();
    let page = svc.document(&t, &without.answers, None).text();
    assert!(page.contains("Nơi cư trú cuối cùng:") && page.contains("Nơi cư trú:"), "{page}");
}
