//! The typed ASL model: what a definition *is*, separate from how it runs.
//!
//! Parsing is strict (unknown fields are rejected) and reports the JSON pointer of the
//! first problem; [`crate::validate`] reports every problem at once on the raw JSON.

mod choice;
mod common;
mod parse;
mod state_de;

pub use choice::{ChoiceCondition, ChoiceRule, ComparisonOp, Operand};
pub use common::{keep_null, nullable, Catcher, QueryLanguage, Retrier};
pub use parse::{parse, parse_value, ParseError};

use crate::states::{
    ChoiceState, FailState, MapState, ParallelState, PassState, SucceedState, TaskState, WaitState,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A whole state machine, or a Parallel branch / Map processor (which share the shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StateMachine {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The first state to run.
    pub start_at: String,
    /// The states, in definition order.
    pub states: IndexMap<String, State>,
    /// Execution timeout (top level only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<Value>,
    /// ASL version string, e.g. "1.0".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// JSONPath (default) or JSONata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// Map ItemProcessor only: `{Mode, ExecutionType}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_config: Option<Value>,
}

/// One state; the `Type` field selects the variant. Read by hand (`state_de.rs`), written
/// with `Type` first by serde.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "Type")]
pub enum State {
    /// Passes input to output, optionally injecting `Result`.
    Pass(PassState),
    /// Calls a registered task function.
    Task(TaskState),
    /// Branches on rules.
    Choice(ChoiceState),
    /// Delays.
    Wait(WaitState),
    /// Stops successfully.
    Succeed(SucceedState),
    /// Stops with an error.
    Fail(FailState),
    /// Runs branches concurrently.
    Parallel(ParallelState),
    /// Runs a processor for every item.
    Map(MapState),
}

impl State {
    /// The ASL `Type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            State::Pass(_) => "Pass",
            State::Task(_) => "Task",
            State::Choice(_) => "Choice",
            State::Wait(_) => "Wait",
            State::Succeed(_) => "Succeed",
            State::Fail(_) => "Fail",
            State::Parallel(_) => "Parallel",
            State::Map(_) => "Map",
        }
    }

    /// The `Next` field, for states that have one.
    pub fn next(&self) -> Option<&str> {
        match self {
            State::Pass(s) => s.next.as_deref(),
            State::Task(s) => s.next.as_deref(),
            State::Wait(s) => s.next.as_deref(),
            State::Parallel(s) => s.next.as_deref(),
            State::Map(s) => s.next.as_deref(),
            State::Choice(_) | State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// Every state name this state can transition to (Next, Default, Choice rules, Catch).
    pub fn successors(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.next().into_iter().collect();
        let catchers = match self {
            State::Task(s) => &s.catch[..],
            State::Parallel(s) => &s.catch[..],
            State::Map(s) => &s.catch[..],
            State::Choice(c) => {
                out.extend(c.choices.iter().filter_map(|r| r.next.as_deref()));
                out.extend(c.default.as_deref());
                &[]
            }
            _ => &[],
        };
        out.extend(catchers.iter().map(|c| c.next.as_str()));
        out
    }

    /// The state's own QueryLanguage, if it sets one.
    pub fn query_language(&self) -> Option<QueryLanguage> {
        match self {
            State::Pass(s) => s.query_language,
            State::Task(s) => s.query_language,
            State::Choice(s) => s.query_language,
            State::Wait(s) => s.query_language,
            State::Succeed(s) => s.query_language,
            State::Fail(s) => s.query_language,
            State::Parallel(s) => s.query_language,
            State::Map(s) => s.query_language,
        }
    }
}
