//! `form-kiosk doctor [--json]`: whether this kiosk is fit to serve, a line per check.

use super::{print_json, today, Exit, Global, Outcome};
use crate::config_io;
use crate::doctor::{run as checks, Subject};

pub fn run(g: &Global, json: bool) -> Outcome {
    // a configuration that does not load is one of the findings, not the end of the check
    let loaded = config_io::load(g.config.as_deref()).map_err(|e| format!("{e:#}"));
    // a file with problems still names the database key file and the printers
    let config = loaded.clone().ok().or_else(|| config_io::load_unchecked(g.config.as_deref())).unwrap_or_default();
    let db = config_io::db_path(g.db.as_deref(), &config)?;
    let printer = crate::printing::Cups::new(Some(config.cups_server.as_str()).filter(|s| !s.is_empty()));
    let subject =
        Subject { config: &config, problems: loaded.err(), db, printer: &printer, today: today(g)?, utc_offset_minutes: crate::doctor::local_offset_minutes() };
    let found = checks(&subject);
    if json {
        print_json(&found)?;
    } else {
        for c in &found {
            println!("{}", c.line());
        }
    }
    let bad = found.iter().filter(|c| !c.ok).count();
    if bad == 0 {
        Ok(Exit::Ok)
    } else {
        if !json {
            println!("{bad} mục cần sửa");
        }
        Ok(Exit::Unhealthy)
    }
}
