//! The one integration-test binary.

mod card;
mod cli;
mod fill;
mod forms;
mod support;
mod tidy;
