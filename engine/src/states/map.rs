//! `Map` (inline): runs a processor for every item of an array, with bounded concurrency.

use crate::model::{keep_null, nullable, Catcher, QueryLanguage, Retrier, StateMachine};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `Map` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MapState {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The processor (current name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_processor: Option<StateMachine>,
    /// The processor (legacy name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iterator: Option<StateMachine>,
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
    /// Where the items array is (default `$`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_path: Option<String>,
    /// JSONata items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Value>,
    /// Template for each item's input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_selector: Option<Value>,
    /// Legacy name of ItemSelector.
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
    /// Upper bound on concurrent iterations (0 = unbounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrency: Option<Value>,
    /// Path to MaxConcurrency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrency_path: Option<String>,
    /// Failed iterations tolerated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_count: Option<Value>,
    /// Path to ToleratedFailureCount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_count_path: Option<String>,
    /// Percentage of failed iterations tolerated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage: Option<Value>,
    /// Path to ToleratedFailurePercentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage_path: Option<String>,
    /// Distributed-map reader (accepted for compatibility; not run locally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_reader: Option<Value>,
    /// Distributed-map batcher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_batcher: Option<Value>,
    /// Distributed-map writer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_writer: Option<Value>,
    /// Distributed-map label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
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

impl MapState {
    /// The processor, whichever name the definition used.
    pub fn processor(&self) -> Option<&StateMachine> {
        self.item_processor.as_ref().or(self.iterator.as_ref())
    }
}
