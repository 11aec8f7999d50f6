//! `Fail`: ends the machine (or branch) with an error and cause.

use crate::model::QueryLanguage;
use serde::{Deserialize, Serialize};

/// A `Fail` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FailState {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Query language override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// Error name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Path (or intrinsic) giving the error name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_path: Option<String>,
    /// Cause text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Path (or intrinsic) giving the cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause_path: Option<String>,
}
