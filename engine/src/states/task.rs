//! `Task`: calls a function from the [`crate::task::TaskRegistry`].

use crate::model::{keep_null, nullable, Catcher, QueryLanguage, Retrier};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `Task` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TaskState {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Function name or ARN-like string resolved by the registry.
    pub resource: String,
    /// Next state (or `End`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Terminal state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
    /// Query language override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// Selects part of the input.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub input_path: Option<Option<String>>,
    /// The task's arguments (payload template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    /// Reshapes the task result (payload template over the result).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_selector: Option<Value>,
    /// Where the result goes in the input.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub result_path: Option<Option<String>>,
    /// Selects part of the output.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub output_path: Option<Option<String>>,
    /// Retry policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry: Vec<Retrier>,
    /// Error handlers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catch: Vec<Catcher>,
    /// Task timeout in seconds (default 99999999).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<Value>,
    /// Path to a timeout in the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds_path: Option<String>,
    /// Heartbeat interval in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_seconds: Option<Value>,
    /// Path to a heartbeat interval in the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_seconds_path: Option<String>,
    /// Variables to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    /// JSONata arguments.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    /// JSONata output.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// AWS cross-account credentials (accepted, ignored locally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
}
