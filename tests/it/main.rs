//! The one integration-test binary.

mod addresses;
mod backends;
mod calendar;
mod card;
mod cli;
mod crash;
mod cups;
mod erasure;
mod fidelity;
mod fill;
mod flow;
mod forms;
mod fuzz;
mod hardening;
mod office;
mod pdf;
mod pg;
mod powerloss;
mod printing;
mod promises;
mod store;
mod support;
mod tidy;
#[cfg(feature = "gui")]
mod ui;
mod versions;
