//! The core: templates, cards, answers, validation, prefill. No UI, no files, no clock,
//! no database, no printer: everything comes in as values and goes out as values or
//! diagnostics.

pub mod after;
pub mod ask;
pub mod card;
pub mod config;
pub mod dataqr;
pub mod date;
pub mod ethnic;
pub mod fill;
pub mod layout;
pub mod lunar;
pub mod message;
pub mod privacy;
pub mod qr;
pub mod sheet;
pub mod template;
pub mod text;
pub mod units;
pub mod validate;
pub mod workdays;
