//! `Choice`: picks the next state by rules.

use crate::model::{keep_null, nullable, ChoiceRule, QueryLanguage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `Choice` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ChoiceState {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Rules, tried in order.
    pub choices: Vec<ChoiceRule>,
    /// Where to go when no rule matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Query language override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// Selects part of the input.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub input_path: Option<Option<String>>,
    /// Selects part of the output.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub output_path: Option<Option<String>>,
    /// Variables to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    /// JSONata output.
    #[serde(default, deserialize_with = "keep_null", skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}
