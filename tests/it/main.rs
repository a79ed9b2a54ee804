//! The one integration-test binary.

mod card;
mod cli;
mod crash;
mod erasure;
mod cups;
mod fidelity;
mod fill;
mod flow;
mod forms;
mod fuzz;
mod hardening;
mod pdf;
mod powerloss;
mod printing;
mod promises;
mod store;
mod support;
mod tidy;
mod versions;
#[cfg(feature = "gui")]
mod ui;

