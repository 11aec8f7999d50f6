//! `Parallel`: runs every branch concurrently on the same input; output is the array of results.

use crate::model::{keep_null, nullable, Catcher, QueryLanguage, Retrier, StateMachine};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `Parallel` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ParallelState {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The branches.
    pub branches: Vec<StateMachine>,
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
    /// Payload template for the branches' input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    /// Reshapes the result array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_selector: Option<Value>,
    /// Where the result goes.
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
    /// Variables to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    /// JSONata arguments.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    /// JSONata output.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}
