//! Architecture invariants checked as tests.

use std::path::Path;

/// Files under `dir` (recursively) whose extension is `ext`.
fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    files(dir, "rs")
}

/// The core knows no UI and no I/O: no Slint, no SQLite, no files, no clock, no processes.
#[test]
fn core_has_no_io() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let banned = ["slint", "rusqlite", "std::fs", "std::process", "std::net", "chrono", "SystemTime", "Instant::now", "std::env", "println!", "eprintln!"];
    let files = rust_files(&core);
    assert!(files.len() >= 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for b in banned {
            assert!(!text.contains(b), "{} uses `{b}`", f.display());
        }
    }
}

/// The screens are a view of the flow: the GUI reaches neither the service nor the engine's
/// decisions (what to ask, fill, cards, the store), and the flow knows nothing of Slint.
#[test]
fn the_gui_only_draws_the_flow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let banned = ["service.", "Session::", "&Session", "crate::core::ask", "crate::core::fill", "crate::core::card", "crate::store", "ScannedCard", "Source::"];
    let files = rust_files(&root.join("src/gui"));
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for b in banned {
            assert!(!text.contains(b), "{} uses `{b}`: a decision of the flow belongs in src/flow/", f.display());
        }
    }
    let flow = rust_files(&root.join("src/flow"));
    assert!(flow.len() >= 3);
    for f in flow {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("slint"), "{} uses Slint", f.display());
    }
}

/// No source file grows past 600 lines: a file that long holds more than one thing.
#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for f in rust_files(&src) {
        let n = std::fs::read_to_string(&f).unwrap().lines().count();
        assert!(n <= 600, "{} has {n} lines", f.display());
    }
}

/// Every user-visible string in the .slint files goes through @tr().
#[test]
fn slint_strings_are_translatable() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    for p in slint_files(&ui) {
        for (n, line) in std::fs::read_to_string(&p).unwrap().lines().enumerate() {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("text:").or_else(|| l.strip_prefix("title:")) {
                let allowed = l.contains("// no @tr:");
                assert!(allowed || !rest.trim_start().starts_with('"'), "{}:{}: literal text without @tr: {l}", p.display(), n + 1);
            }
        }
    }
}

/// SQL lives in one module: only `src/store/` uses rusqlite or writes SQL.
#[test]
fn sql_lives_in_the_store() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for f in rust_files(&src) {
        if f.starts_with(src.join("store")) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for b in ["rusqlite", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "PRAGMA"] {
            assert!(!text.contains(b), "{} contains `{b}`", f.display());
        }
    }
}

fn slint_files(dir: &Path) -> Vec<std::path::PathBuf> {
    files(dir, "slint")
}

/// Every @tr() string of the screens has its English translation bundled.
#[test]
fn every_tr_string_has_an_english_translation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let po = std::fs::read_to_string(root.join("assets/lang/en/LC_MESSAGES/form-kiosk.po")).unwrap();
    let ids: Vec<&str> = po.lines().filter_map(|l| l.strip_prefix("msgid \"")).map(|l| l.trim_end_matches('"')).collect();
    let mut used = Vec::new();
    for f in slint_files(&root.join("ui")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for part in text.split("@tr(\"").skip(1) {
            let s = part[..part.find('"').unwrap()].to_string();
            assert!(ids.contains(&s.as_str()), "{}: no English for `{s}`", f.display());
            used.push(s);
        }
    }
    assert!(used.len() >= 10);
    // and no translation is left over from a string the screens no longer have
    for id in ids.iter().filter(|i| !i.is_empty()) {
        assert!(used.iter().any(|u| u == id), "stale entry in form-kiosk.po: `{id}`");
    }
}

/// Every message the kiosk can show, by code, in both languages: English that is English
/// (no Vietnamese letters but the names it quotes), Vietnamese that differs from it, and
/// every kind of message has its sample (`Msg::samples`, checked against `Msg::kinds`).
#[test]
fn every_message_in_both_languages() {
    use form_kiosk::core::message::{Lang, Msg};
    let samples = Msg::samples();
    let mut kinds: Vec<usize> = samples.iter().map(Msg::kind).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, (0..Msg::KINDS).collect::<Vec<_>>(), "a kind of message without a sample");
    // the Vietnamese names an English message may quote
    let names = [
        "Việt Nam",
        "Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp",
        "Căn cước",
        "Nữ",
        "Có",
        "Không",
        "người mẹ",
        "người cha",
        "Họ tên",
        "Có; Không",
        "Nơi cư trú (Người yêu cầu)",
        "Ấp 3, Xã Tân Hội, Thành phố Hồng Ngự, Tỉnh Đồng Tháp",
        "Lê Văn Cường",
        "Nguyễn Thị An",
        // procedure names as the templates give them (the staff screen's lines)
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
    ];
    for m in samples {
        let (vi, en) = (m.text(Lang::Vi), m.text(Lang::En));
        assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
        assert_ne!(vi, en, "{m:?} is not translated");
        let mut bare = en.clone();
        for n in names {
            bare = bare.replace(n, "");
        }
        assert!(bare.chars().all(|c| c.is_ascii() || "“”…–—".contains(c)), "{m:?}: English with Vietnamese in it: {en}");
        assert!(!vi.contains("bạn") && !en.contains(" you're"), "{m:?}");
    }
}

/// No test passes without checking: no early `return` when a tool or a capability is missing
/// (a mount, a server, a display). Such a test fails with its reason; CI provides them all.
#[test]
fn no_test_skips_itself_silently() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    for f in rust_files(&tests).into_iter().filter(|f| !f.ends_with("tidy.rs")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            let skips = (l.starts_with("let Some(") || l.starts_with("let Ok(")) && l.contains("else { return");
            let notes = l.contains("eprintln!(\"NOTE: cannot") || l.contains("skipping");
            assert!(!skips && !notes, "{}:{}: a test that returns early instead of failing: {l}", f.display(), i + 1);
        }
    }
}

/// Public service in Vietnamese addresses a citizen as "Ông/Bà" (or "ông"/"bà" from the card),
/// never "bạn": no screen, message, form hint or translation source says it.
#[test]
fn the_citizen_is_never_called_ban() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = files(&root.join("ui"), "slint");
    all.extend(rust_files(&root.join("src")));
    all.extend(files(&root.join("forms"), "toml"));
    all.extend(files(&root.join("assets/lang"), "po"));
    all.extend(files(&root.join("assets"), "toml"));
    all.push(root.join("README.md"));
    let letter = |c: char| c.is_alphanumeric();
    let mut found = Vec::new();
    for f in &all {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            for (at, _) in lower.match_indices("bạn") {
                let before = lower[..at].chars().next_back();
                let after = lower[at + "bạn".len()..].chars().next();
                if !before.is_some_and(letter) && !after.is_some_and(letter) {
                    found.push(format!("{}:{}: {line}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(all.len() > 40, "{} files read", all.len());
    assert!(found.is_empty(), "“bạn” addressed to a citizen:\n{}", found.join("\n"));
}

/// The `rust-version` the package declares is true: no dependency in the lock file declares
/// a newer one (Slint 1.18 needs 1.92). Read from `cargo metadata`, offline.
#[test]
fn rust_version_is_the_real_minimum() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let version = |v: &str| -> Vec<u32> {
        let mut p: Vec<u32> = v.split('.').map(|x| x.parse().unwrap()).collect();
        p.resize(3, 0);
        p
    };
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages.iter().find(|p| p["name"] == "form-kiosk").unwrap()["rust_version"].as_str().expect("rust-version set").to_string();
    let newest =
        packages.iter().filter_map(|p| p["rust_version"].as_str().map(|v| (version(v), format!("{} {}", p["name"].as_str().unwrap(), v)))).max().unwrap();
    assert!(version(&ours) >= newest.0, "rust-version {ours}, but {} needs more", newest.1);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains(&format!("Rust ≥ {ours}")), "the README states another minimum");
}
