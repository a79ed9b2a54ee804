//! `form-kiosk` without a subcommand: the kiosk screen.

use super::{service, Access, Global, Outcome};

pub fn run(g: &Global) -> Outcome {
    let service = service(g, Access::Write)?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), forms = service.forms.iter().count(), printer = %service.config.printer, "kiosk starting");
    #[cfg(feature = "gui")]
    {
        crate::gui::run(service, g.windowed)?;
        Ok(super::Exit::Ok)
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = service;
        Err(anyhow::anyhow!("this build has no kiosk screen (built without the `gui` feature); use a subcommand, see --help").into())
    }
}
