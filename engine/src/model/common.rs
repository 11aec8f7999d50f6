//! Pieces shared by several state types: Retry, Catch, QueryLanguage, nullable paths.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `QueryLanguage` of a machine or state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryLanguage {
    /// Classic ASL paths, Parameters and intrinsics.
    JSONPath,
    /// JSONata expressions (`{% … %}`), Arguments and Output.
    JSONata,
}

/// Deserializes a field where `null` differs from absent (`InputPath: null` discards input).
///
/// Use with `#[serde(default, deserialize_with = "nullable")]` on an `Option<Option<T>>`.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A JSONata `Output`/`Arguments` field: absent is `None`, but `null` is `Some(Null)`, since
/// `"Output": null` makes the state's output `null`.
pub fn keep_null<'de, D>(d: D) -> Result<Option<Value>, D::Error>
where
    D: Deserializer<'de>,
{
    Value::deserialize(d).map(Some)
}

/// One `Retry` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Retrier {
    /// Error names this retrier handles (`States.ALL` matches all).
    pub error_equals: Vec<String>,
    /// Seconds before the first retry (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// Retries allowed (default 3; 0 = never retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u64>,
    /// Interval multiplier per attempt (default 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_rate: Option<f64>,
    /// Cap on the interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_seconds: Option<u64>,
    /// `FULL` or `NONE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_strategy: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One `Catch` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Catcher {
    /// Error names this catcher handles.
    pub error_equals: Vec<String>,
    /// State to go to.
    pub next: String,
    /// Where to put the error output in the state input (default `$`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub result_path: Option<Option<String>>,
    /// Variables to assign when caught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    /// JSONata output.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
