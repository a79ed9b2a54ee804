//! form-kiosk: a touchscreen kiosk for Vietnamese one-stop desks ("Công dân không viết").
//!
//! `core` knows no UI and no I/O; `forms_io`, `config_io` and `gui` are the edges;
//! `service` is the one use-case layer that the CLI and the UI both call; `flow` is the
//! kiosk's way through the screens, as a state machine the GUI only draws.

/// Data `build.rs` prepared at build time, by file name in `OUT_DIR`. The core takes it
/// through this macro: `build.rs` compiles the core too, before any data is made, and defines
/// `prepared!` there as empty (the core then works from its source data instead).
macro_rules! prepared {
    ($file:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

pub mod cli;
pub mod config_io;
pub mod core;
pub mod doctor;
pub mod flow;
pub mod forms_io;
#[cfg(feature = "gui")]
pub mod gui;
pub mod notify;
pub mod pdf;
pub mod preview;
pub mod printing;
pub mod service;
pub mod staff;
pub mod store;
pub mod voice;
