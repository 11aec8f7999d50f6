//! # server — the `wfm` binary's library
//!
//! Layout:
//! - [`cli`]: `wfm run | validate | test-all | functions | serve` argument parsing and commands.
//! - [`web`]: the axum + Leptos web app and REST API (`wfm serve`).
//! - [`store`]: the sqlx store (SQLite or PostgreSQL): workflows, versions, executions, history.
//! - [`service`]: the durable execution service (runs, persists, publishes, resumes, stops).
//! - [`api`]: the REST API router (mounted under `/api`).

// The server renders every page: the nested view types of the editor page exceed rustc's
// default query depth of 128 when the router's render futures are laid out.
#![recursion_limit = "256"]

pub mod api;
pub mod cli;
pub mod clock;
pub mod service;
pub mod store;
pub mod web;
