//! # server — the `wfm` binary's library
//!
//! Layout:
//! - [`cli`]: `wfm run | validate | test-all | functions | serve` argument parsing and commands.
//! - [`web`]: the axum + Leptos web app and REST API (`wfm serve`).

pub mod cli;
pub mod clock;
pub mod web;
