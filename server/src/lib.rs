//! # server — the `wfm` binary's library
//!
//! Layout:
//! - [`cli`]: `wfm run | validate | test-all | functions | serve` argument parsing and commands.
//! - [`web`]: the axum + Leptos web app and REST API (`wfm serve`).
//! - [`store`]: the sqlx store (SQLite or PostgreSQL): workflows, versions, executions, history.
//! - [`service`]: the durable execution service (runs, persists, publishes, resumes, stops).
//! - [`api`]: the REST API router (mounted under `/api`).

pub mod api;
pub mod cli;
pub mod clock;
pub mod service;
pub mod store;
pub mod web;
