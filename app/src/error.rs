//! `AppError`: the one error type of server functions, typed on both sides of the wire.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a server function can fail with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No workflow with that id.
    #[error("workflow `{0}` not found")]
    NotFound(String),
    /// The definition exists but is not valid ASL.
    #[error("workflow `{id}` cannot be read: {message}")]
    Invalid {
        /// Workflow id.
        id: String,
        /// Parse error with its JSON pointer.
        message: String,
    },
    /// Reading the workflow folder failed.
    #[error("storage error: {0}")]
    Storage(String),
    /// Transport or (de)serialization failure of the server function itself.
    #[error("server function failed: {0}")]
    ServerFn(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}
