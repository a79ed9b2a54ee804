//! Every bundled form printed as its annex, line for line: the verified line list in
//! `forms/official/<id>.txt` is the spec, and the printed PDF's text (poppler's pdftotext, in
//! content order) must hold every label of every line, every footnote marker, the notes and
//! "Làm tại", in order — filled completely, and with nothing answered.

use crate::support::{complete_session, now, today};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::forms_io;
use form_kiosk::service::Service;
use form_kiosk::store::Store;
use std::path::{Path, PathBuf};

/// One official line: its number in the file, its text, and its labels (the words between
/// the blanks and table cells), whitespace removed.
#[derive(Debug)]
struct Official {
    line_no: usize,
    text: String,
    labels: Vec<String>,
}

fn official_path(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("forms/official").join(format!("{id}.txt"))
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The header keys and the official lines of a list.
fn read_official(text: &str) -> (Vec<(String, String)>, Vec<Official>) {
    let mut header = Vec::new();
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if let Some(h) = l.strip_prefix('#') {
            if let Some((k, v)) = h.split_once(':') {
                header.push((k.trim().to_string(), v.trim().to_string()));
            }
            continue;
        }
        if l.is_empty() || (l.starts_with('[') && l.ends_with(']')) {
            continue;
        }
        // remarks in brackets ("[12 ô]", "[ô dán ảnh …]") are blanks, not text
        let mut plain = String::new();
        let mut depth = 0;
        for c in l.chars() {
            match c {
                '[' => {
                    depth += 1;
                    plain.push('…');
                }
                ']' if depth > 0 => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.replace("...", "…");
        let labels: Vec<String> = plain.split(['…', '|']).map(no_space).map(|s| s.trim_matches('.').to_string()).filter(|s| !s.is_empty()).collect();
        if !labels.is_empty() {
            lines.push(Official { line_no: i + 1, text: l.to_string(), labels });
        }
    }
    (header, lines)
}

/// The official lines missing from `printed` (text without whitespace), in order: each
/// label must come after the previous one. Says whether a missing label is elsewhere on
/// the page (re-ordered) or nowhere (missing or re-worded).
fn unmatched(official: &[Official], printed: &str) -> Vec<String> {
    let mut at = 0;
    let mut problems = Vec::new();
    for o in official {
        for label in &o.labels {
            match printed[at..].find(label.as_str()) {
                Some(k) => at += k + label.len(),
                None => {
                    let why = if printed.contains(label.as_str()) { "out of order" } else { "missing or re-worded" };
                    problems.push(format!("line {} `{}`: `{label}` {why}", o.line_no, o.text));
                }
            }
        }
    }
    problems
}

fn pdf_text(pdf: &Path) -> String {
    let out =
        std::process::Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    no_space(&String::from_utf8(out.stdout).unwrap())
}

#[test]
fn every_form_prints_its_annex_line_for_line() {
    let dir = tempfile::tempdir().unwrap();
    let (forms, diags) = forms_io::bundled();
    assert!(diags.is_empty(), "{diags:?}");
    let forms = forms.on(today());
    let mut svc = Service::new(forms.clone(), KioskConfig::default()).with_store(Store::open(&dir.path().join("k.db"), None).unwrap(), now()).unwrap();
    assert!(forms.forms.len() >= 6);
    let mut failures = Vec::new();
    for t in &forms.forms {
        let path = official_path(&t.id);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{}: no official line list at {}", t.id, path.display()));
        let (header, official) = read_official(&text);
        for key in ["basis", "sources", "checked"] {
            assert!(header.iter().any(|(k, v)| k == key && !v.is_empty()), "{}: the line list has no `# {key}:`", t.id);
        }
        assert!(official.len() >= 15, "{}: only {} official lines", t.id, official.len());
        assert!(t.sheet.is_some(), "{}: the template has no [print] sheet", t.id);

        // filled completely, as confirmed and stored
        let s = complete_session(&mut svc, &t.id);
        let c = svc.confirm(&s, false, now()).unwrap();
        let full = dir.path().join(format!("{}.pdf", t.id));
        std::fs::write(&full, &c.pdf).unwrap();
        if let Some(keep) = std::env::var_os("FORM_KIOSK_KEEP_PDF") {
            std::fs::copy(&full, Path::new(&keep).join(format!("{}.pdf", t.id))).unwrap();
        }
        for p in unmatched(&official, &pdf_text(&full)) {
            failures.push(format!("{} (filled): {p}", t.id));
        }

        // nothing answered but what the kiosk knows: every line is still there to fill by hand
        let empty = svc.fill(&t.id, &[], &[], now()).unwrap();
        let doc = svc.document(t, &empty.answers, None);
        let blank = dir.path().join(format!("{}-blank.pdf", t.id));
        std::fs::write(&blank, form_kiosk::pdf::render(&doc, None).unwrap()).unwrap();
        for p in unmatched(&official, &pdf_text(&blank)) {
            failures.push(format!("{} (blank): {p}", t.id));
        }
    }
    assert!(failures.is_empty(), "{} official label(s) not printed as the annex has them:\n{}", failures.len(), failures.join("\n"));
}

/// The check itself can fail: a line the printout lacks, a re-worded label and two lines
/// swapped are each reported with the form's line.
#[test]
fn the_fidelity_check_finds_missing_reworded_and_reordered_lines() {
    let list = "# basis: x\n[lines]\nKính gửi: (1) …\nHọ, chữ đệm, tên: …\nGiới tính: … Dân tộc: …\n";
    let (_, official) = read_official(list);
    assert_eq!(official.len(), 3);
    assert_eq!(official[2].labels, vec!["Giớitính:", "Dântộc:"]);
    let good = no_space("Kính gửi: (1) UBND Họ, chữ đệm, tên: AN Giới tính: Nữ Dân tộc: Kinh");
    assert!(unmatched(&official, &good).is_empty());
    let missing = no_space("Kính gửi: (1) UBND Giới tính: Nữ Dân tộc: Kinh");
    assert_eq!(unmatched(&official, &missing), vec!["line 4 `Họ, chữ đệm, tên: …`: `Họ,chữđệm,tên:` missing or re-worded"]);
    let reworded = no_space("Kính gửi: (1) UBND Họ, chữ đệm và tên: AN Giới tính: Nữ Dân tộc: Kinh");
    assert_eq!(unmatched(&official, &reworded).len(), 1);
    let reordered = no_space("Kính gửi: (1) UBND Giới tính: Nữ Dân tộc: Kinh Họ, chữ đệm, tên: AN");
    let p = unmatched(&official, &reordered);
    assert!(p.iter().any(|x| x.contains("out of order")), "{p:?}");
    // a marker is a label too: "Kính gửi:" without "(1)" fails
    let no_marker = no_space("Kính gửi: UBND Họ, chữ đệm, tên: AN Giới tính: Nữ Dân tộc: Kinh");
    assert_eq!(unmatched(&official, &no_marker).len(), 1);
}

/// Every bundled form has its line list, and every list a form.
#[test]
fn every_form_has_its_official_line_list() {
    let (forms, _) = forms_io::bundled();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("forms/official");
    let mut listed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    listed.sort();
    let mut ids: Vec<String> = forms.forms.iter().map(|t| t.id.clone()).collect();
    ids.sort();
    assert_eq!(listed, ids);
}
