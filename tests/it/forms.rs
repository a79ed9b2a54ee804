//! Data-driven: every template in `forms/` is a test case.

use crate::support::{complete_session, form_files, today};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::fill::Source;
use form_kiosk::core::template::{parse_template, FormTemplate, Prefill};
use form_kiosk::forms_io;

fn each_form(mut check: impl FnMut(&str, &FormTemplate)) {
    let files = form_files();
    assert!(files.len() >= 6, "expected the six first forms, found {}", files.len());
    for (name, text) in &files {
        let t = parse_template(name, text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        check(name, &t);
    }
}

#[test]
fn every_form_resolves_and_matches_the_bundled_set() {
    let (bundled, diags) = forms_io::bundled();
    assert!(diags.is_empty(), "{diags:?}");
    each_form(|name, t| {
        assert_eq!(format!("{}.toml", t.id), name);
        // every version, in force or not: the binary carries them resolved by build.rs
        assert_eq!(bundled.version(&t.id, t.version), Some(t), "bundled copy of {name} is stale");
    });
    assert_eq!(bundled.all.len(), form_files().len());
    // and what the build embedded is what parsing its texts gives today
    let texts = forms_io::bundled_texts().iter().map(|(n, t)| (n.to_string(), *t));
    let (parsed, parse_diags) = forms_io::load_texts(texts);
    assert!(parse_diags.is_empty());
    assert_eq!(parsed.all, bundled.all);
}

/// A prefill source reads back from its key (the bundled templates' binary form) and keeps
/// its JSON shape (`forms show --json`).
#[test]
fn prefill_keys_and_json() {
    let mut seen = 0;
    each_form(|_, t| {
        for p in t.fields.iter().filter_map(|f| f.prefill) {
            assert_eq!(Prefill::parse(&p.key()), Some(p));
            let json = serde_json::to_value(p).unwrap();
            assert_eq!(serde_json::from_value::<Prefill>(json.clone()).unwrap(), p);
            let (from, attr) = p.key().split_once('.').map(|(a, b)| (a.to_string(), Some(b.to_string()))).unwrap_or((p.key(), None));
            assert_eq!(json["from"], from.as_str());
            assert_eq!(json.get("attr").and_then(|a| a.as_str()).map(String::from), attr);
            seen += 1;
        }
    });
    assert!(seen > 20, "{seen}");
    assert_eq!(Prefill::parse("card.nickname"), None);
}

#[test]
fn labels_are_nfc_and_titles_upper_case() {
    each_form(|name, t| {
        assert!(unicode_normalization::is_nfc(&t.title), "{name}");
        assert_eq!(form_kiosk::core::text::upper(&t.title), t.title, "{name}: title must be in capitals");
        for f in &t.fields {
            assert!(unicode_normalization::is_nfc(&f.label), "{name}: {}", f.id);
            assert!(!f.label.trim().is_empty(), "{name}: {}", f.id);
        }
        assert!(t.procedure_code.contains('.'), "{name}");
        assert!(!t.legal_basis.is_empty(), "{name}");
        assert!(t.fields.iter().any(|f| f.prefill == Some(Prefill::Today)), "{name}: no date of the form");
        let sheet = t.sheet.as_ref().unwrap_or_else(|| panic!("{name}: no [print] sheet"));
        assert!(!sheet.signatures.is_empty(), "{name}: no signature block");
        assert!(t.valid_from.is_some(), "{name}: no valid_from");
        for l in sheet.lines() {
            for s in l.all_segs() {
                if let form_kiosk::core::sheet::Seg::Text(w) = s {
                    assert!(unicode_normalization::is_nfc(w), "{name}: printed text is not NFC");
                }
            }
        }
    });
}

/// With a card for every card role and a valid sample for every other field, every form
/// is complete: no form has a required field that cannot be satisfied.
#[test]
fn every_form_can_be_completed() {
    let (forms, _) = forms_io::bundled();
    let mut service = form_kiosk::service::Service::new(forms, KioskConfig::default());
    each_form(|name, t| {
        let session = complete_session(&mut service, &t.id);
        let done = service.filled(&session, today()).unwrap();
        assert!(done.is_complete(), "{name}: missing {:?}, diagnostics {:?}", done.missing, done.diagnostics);
        // every card role filled at least one answer
        for role in t.card_roles() {
            assert!(done.answers.values().any(|a| a.source == Source::Card { role: role.id.clone() }), "{name}: the card of `{}` fills nothing", role.id);
        }
    });
}

#[test]
fn every_field_id_is_unique_across_sections() {
    each_form(|name, t| {
        let mut ids: Vec<_> = t.fields.iter().map(|f| &f.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{name}");
    });
}

// ---- broken templates give diagnostics naming file and field, never a panic ----

pub(crate) const MINIMAL: &str = r#"
id = "mini"
version = 1
title = "TỜ KHAI THỬ"
name = "Thử"
group = "Thử"
procedure_code = "1.000001"
legal_basis = "Thông tư thử"
[[roles]]
id = "requester"
label = "Người yêu cầu"
card = true
[[sections]]
id = "main"
[[sections.fields]]
id = "requester_name"
label = "Họ, chữ đệm, tên"
kind = "name"
role = "requester"
prefill = "card.full_name"
"#;

fn diags_of(text: &str) -> Vec<String> {
    match parse_template("mini.toml", text) {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn minimal_template_is_fine() {
    assert!(diags_of(MINIMAL).is_empty());
}

#[test]
fn broken_templates_are_named() {
    let cases: &[(&str, &str, &str)] = &[
        ("kind = \"name\"", "kind = \"nickname\"", "field `requester_name`: unknown kind `nickname`"),
        ("prefill = \"card.full_name\"", "prefill = \"card.shoe_size\"", "field `requester_name`: unknown prefill source"),
        ("prefill = \"card.full_name\"", "prefill = \"card.birth_date\"", "cannot fill a `name` field"),
        ("role = \"requester\"", "role = \"uncle\"", "field `requester_name`: role `uncle` is not declared"),
        ("card = true", "card = false", "needs role `requester` to have `card = true`"),
        ("prefill = \"card.full_name\"", "show_if = { field = \"nope\", equals = \"x\" }", "show_if refers to unknown field `nope`"),
        ("version = 1", "version = 0", "version must be 1 or more"),
        ("version = 1", "version = \"one\"", "mini.toml: line 3"),
        ("id = \"mini\"", "id = \"Mini Form\"", "form id `Mini Form`"),
        ("kind = \"name\"", "kind = \"name\"\nrequried = true", "unknown field `requried`"),
        ("title = \"TỜ KHAI THỬ\"\n", "", "missing field `title`"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"x\"\nlabel = \"X\"\nkind = \"choice\"\n[[sections.fields]]", "field `x`: a choice field needs at least two `options`"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"requester_name\"\nlabel = \"X\"\nkind = \"text\"\n[[sections.fields]]", "field `requester_name`: field id is used twice"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"t\"\nlabel = \"T\"\nkind = \"table\"\n[[sections.fields]]", "field `t`: a table field needs `columns`"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"w\"\nlabel = \"W\"\nkind = \"text\"\nin_words_of = \"requester_name\"\n[[sections.fields]]", "`requester_name` is not a date field"),
        ("prefill = \"card.full_name\"", "prefill = \"card.full_name\"\nshow_if = { field = \"requester_name\", filled = true }", "show_if refers to the field itself"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"a\"\nlabel = \"A\"\nkind = \"text\"\nshow_if = { field = \"b\", filled = true }\n[[sections.fields]]\nid = \"b\"\nlabel = \"B\"\nkind = \"text\"\nshow_if = { field = \"a\", filled = true }\n[[sections.fields]]", "show_if conditions form a cycle"),
        ("procedure_code = \"1.000001\"", "procedure_code = \"abc\"", "procedure code `abc`"),
        ("[[sections]]\nid = \"main\"", "[[sections]]\nid = \"main\"\ncolumns = [\"bride\"]", "column role `bride` is not declared"),
        // a default outside the options, or invalid for the kind
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"c\"\nlabel = \"C\"\nkind = \"choice\"\noptions = [\"A\", \"B\"]\ndefault = \"Z\"\n[[sections.fields]]", "field `c`: default `Z` is not a valid answer"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"n\"\nlabel = \"N\"\nkind = \"count\"\nmax = 5\ndefault = \"9\"\n[[sections.fields]]", "field `n`: default `9` is not a valid answer of this `count` field"),
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"d\"\nlabel = \"D\"\nkind = \"date\"\ndefault = \"31/02/2026\"\n[[sections.fields]]", "field `d`: default `31/02/2026`"),
        // a condition testing a value its field cannot have
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"y\"\nlabel = \"Y\"\nkind = \"yes_no\"\n[[sections.fields]]\nid = \"z\"\nlabel = \"Z\"\nkind = \"text\"\nshow_if = { field = \"y\", equals = \"Yes\" }\n[[sections.fields]]", "field `z`: show_if tests `y` for `Yes`"),
        // not_needed_if going round in a circle
        ("[[sections.fields]]", "[[sections.fields]]\nid = \"p\"\nlabel = \"P\"\nkind = \"text\"\nnot_needed_if = \"q\"\n[[sections.fields]]\nid = \"q\"\nlabel = \"Q\"\nkind = \"text\"\nnot_needed_if = \"p\"\n[[sections.fields]]", "not_needed_if conditions form a cycle"),
        // the sheet: a placeholder naming no field, a field never printed
        ("prefill = \"card.full_name\"\n", "prefill = \"card.full_name\"\n[print]\nbody = [\"Họ tên: {nobody}\"]\n", "[print]: `{nobody}` is not a field"),
        ("prefill = \"card.full_name\"\n", "prefill = \"card.full_name\"\n[print]\nbody = [\"Kính gửi: …\"]\n", "field `requester_name`: [print]: the field is never printed"),
        ("prefill = \"card.full_name\"\n", "prefill = \"card.full_name\"\n[print]\nbody = [\"Họ tên: {requester_name=Có}\"]\n", "checkbox option `Có` is not an answer"),
        ("version = 1", "version = 1\nvalid_from = \"1/13/2026\"", "`valid_from` is not a date"),
    ];
    for (from, to, expect) in cases {
        assert!(MINIMAL.contains(from), "fixture lacks `{from}`");
        let broken = MINIMAL.replacen(from, to, 1);
        let d = diags_of(&broken);
        assert!(d.iter().any(|m| m.contains(expect) && m.starts_with("mini.toml")), "expected `{expect}`, got {d:?}");
    }
}

#[test]
fn garbage_files_do_not_panic() {
    for text in ["", "\0\0\0", "id = ", "[[[", "version = 1\n[[roles]]\n", &"x".repeat(100_000)] {
        assert!(!diags_of(text).is_empty());
    }
}

#[test]
fn wrong_file_name_and_duplicate_ids() {
    let (set, d) = forms_io::load_texts([("other.toml".to_string(), MINIMAL)]);
    assert!(set.forms.is_empty());
    assert!(d[0].to_string().contains("differs from the file name"), "{d:?}");
    let (set, d) = forms_io::load_texts([("mini.toml".to_string(), MINIMAL), ("mini.toml".to_string(), MINIMAL)]);
    assert_eq!(set.forms.len(), 1);
    assert!(d[0].to_string().contains("used twice"), "{d:?}");
}
