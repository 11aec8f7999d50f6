//! `AppError`: the one error type of server functions, typed on both sides of the wire.

use engine::validate::Problem;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a server function can fail with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No workflow (or version, or execution) with that id.
    #[error("`{0}` not found")]
    NotFound(String),
    /// The definition is not valid JSON or not valid ASL.
    #[error("`{id}` is invalid: {message}")]
    Invalid {
        /// Workflow id (or `definition` for text not saved yet).
        id: String,
        /// A summary for people.
        message: String,
        /// Every problem found, each with its code and JSON pointer (for marking fields).
        problems: Vec<Problem>,
    },
    /// A request that cannot be honoured as sent (an empty name, an unknown status, …).
    #[error("{0}")]
    BadRequest(String),
    /// Another workflow already has this name; forms show it beside their name field, with a
    /// link to that workflow.
    #[error("“{}” already exists", .0.name)]
    NameTaken(TakenName),
    /// The server requires its API token and this request did not carry it.
    #[error("sign in with the server's API token first")]
    Unauthorized,
    /// The store failed (details are in the server log, never sent).
    #[error("storage error: {0}")]
    Storage(String),
    /// Transport or (de)serialization failure of the server function itself.
    #[error("server function failed: {0}")]
    ServerFn(String),
}

/// The workflow that holds a refused name, as the store read it: its name as saved (which may
/// differ from the one typed in case and spacing) and its id, to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakenName {
    /// The name as the workflow holding it has it; the refused name, trimmed, when that
    /// workflow could not be read (deleted or renamed since).
    pub name: String,
    /// The holding workflow's id; `None` when it could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl AppError {
    /// An invalid definition with one problem at the document root (unparsable text).
    pub fn invalid(id: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let problem = Problem { code: "PARSE_ERROR".into(), message: message.clone(), path: "/".into() };
        AppError::Invalid { id: id.into(), message, problems: vec![problem] }
    }

    /// The problems to list beside an editor (empty unless [`AppError::Invalid`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            AppError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{AppError, TakenName};
    use serde_json::json;

    /// The refusal names the workflow that has the name, not the name typed, and carries its id
    /// across the wire (the form links to it).
    #[test]
    fn a_taken_name_says_the_holders_name_and_keeps_its_id() {
        let taken = AppError::NameTaken(TakenName { name: "Orders".into(), id: Some("orders".into()) });
        assert_eq!(taken.to_string(), "“Orders” already exists");
        let wire = serde_json::to_value(&taken).unwrap();
        assert_eq!(wire, json!({"NameTaken": {"name": "Orders", "id": "orders"}}));
        assert_eq!(serde_json::from_value::<AppError>(wire).unwrap(), taken);
        let unread = AppError::NameTaken(TakenName { name: "orders".into(), id: None });
        assert_eq!(serde_json::to_value(&unread).unwrap(), json!({"NameTaken": {"name": "orders"}}));
    }
}
