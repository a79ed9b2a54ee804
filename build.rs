//! Compiles the Slint UI and embeds the bundled form templates (`forms/*.toml`).

use std::fmt::Write as _;
use std::path::Path;

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("forms/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Bundled form templates: (file name, text).\npub const BUNDLED_FORMS: &[(&str, &str)] = &[\n");
    for p in files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy();
        writeln!(out, "    ({name:?}, include_str!({:?})),", p.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_forms.rs");
    std::fs::write(dest, out).unwrap();
}
