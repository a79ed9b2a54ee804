//! Compiles the Slint UI and embeds the bundled form templates (`forms/*.toml`).

use std::fmt::Write as _;
use std::path::Path;

// What the binary's core takes from this script's output (`src/lib.rs`): nothing yet here.
macro_rules! prepared {
    ($file:literal) => {
        &[]
    };
}
// The core (no I/O, no UI) compiled into the build script too: the bundled templates are
// parsed and resolved here, once, with the code the binary runs, and embedded resolved; the
// 2025 units are packed the same way.
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "src/core/mod.rs"]
mod core;

fn main() {
    #[cfg(feature = "gui")]
    {
        // debug info lets tests find elements by accessible label; strings in .slint are
        // Vietnamese, with English bundled from assets/lang/en/LC_MESSAGES/form-kiosk.po
        let config = slint_build::CompilerConfiguration::new()
            .with_style("fluent".into())
            .with_debug_info(true)
            .with_bundled_translations("assets/lang")
            .with_default_translation_context(slint_build::DefaultTranslationContext::None);
        slint_build::compile_with_config("ui/app-window.slint", config).expect("Slint UI failed to compile");
    }

    println!("cargo:rerun-if-changed=assets/lang");
    println!("cargo:rerun-if-changed=forms");
    // read at run time: a build script compiled for another checkout sharing the target dir
    // would otherwise look for that checkout's forms
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("forms");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("forms/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::from("/// Bundled form templates: (file name, text).\nconst BUNDLED_FORMS: &[(&str, &str)] = &[\n");
    let mut resolved = Vec::new();
    for p in files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        writeln!(out, "    ({name:?}, include_str!({:?})),", p.display().to_string()).unwrap();
        let text = std::fs::read_to_string(&p).expect("a form template is UTF-8 text");
        let parsed = core::template::parse_template(&name, &text);
        resolved.push((name, parsed));
    }
    out.push_str("];\n");
    let bytes = postcard::to_allocvec(&resolved).expect("templates serialise");
    std::fs::write(out_dir.join("bundled_forms.postcard"), bytes).unwrap();
    out.push_str("/// The same, parsed and resolved (postcard of `Vec<(file name, Parsed)>`).\n");
    out.push_str("const BUNDLED_RESOLVED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/bundled_forms.postcard\"));\n");
    std::fs::write(out_dir.join("bundled_forms.rs"), out).unwrap();

    // the 2025 units, every commune read and its name cleaned: a start unpacks them instead
    // of parsing JSON
    let units = core::units::AdminUnits::get();
    units.check().expect("the bundled administrative units read");
    std::fs::write(out_dir.join("admin-units.postcard"), units.pack()).unwrap();
}
