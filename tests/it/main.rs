//! The one integration-test binary.

mod card;
mod cli;
mod crash;
mod fill;
mod forms;
mod pdf;
mod store;
mod support;
mod tidy;
