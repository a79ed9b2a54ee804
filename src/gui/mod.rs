//! The kiosk screen. Until the kiosk-screen issue lands this is a welcome window only;
//! it talks to Rust through the exported `KioskAdapter` global.

mod generated {
    #![allow(clippy::all)]
    slint::include_modules!();
}

use crate::service::Service;
use generated::{AppWindow, KioskAdapter};
use slint::ComponentHandle;

pub fn run(service: Service, windowed: bool) -> anyhow::Result<()> {
    let ui = AppWindow::new()?;
    let adapter = ui.global::<KioskAdapter>();
    adapter.set_agency_name(service.config.agency_name.clone().into());
    adapter.set_form_count(service.forms.forms.len() as i32);
    if !windowed {
        ui.window().set_fullscreen(true);
    }
    ui.run()?;
    Ok(())
}
