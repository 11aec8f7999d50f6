//! Runtime errors as ASL defines them: an error name plus a human-readable cause.
//!
//! Every failure that a `Retry` or `Catch` may see is a [`StatesError`]; the names
//! are AWS's exact strings so that `ErrorEquals` matches what users wrote for AWS.

use serde::{Deserialize, Serialize};

/// The predefined ASL error names (custom names are any other string).
pub mod names {
    /// Wildcard that matches every error except `States.Runtime`-class failures AWS deems terminal.
    pub const ALL: &str = "States.ALL";
    /// A runtime problem: bad path, bad intrinsic argument, a reference that does not resolve.
    pub const RUNTIME: &str = "States.Runtime";
    /// A Task failed for a reason of its own.
    pub const TASK_FAILED: &str = "States.TaskFailed";
    /// A Task or the execution ran longer than its TimeoutSeconds.
    pub const TIMEOUT: &str = "States.Timeout";
    /// A Task missed its HeartbeatSeconds: the name `ErrorEquals` uses to match only that. The
    /// error itself is `States.Timeout` (see [`super::StatesError::heartbeat_timeout`]).
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    /// A payload exceeded 256 KiB.
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    /// An intrinsic function call failed.
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    /// A branch of a Parallel state failed.
    pub const BRANCH_FAILED: &str = "States.BranchFailed";
    /// A Map state exceeded its tolerated failure threshold.
    pub const EXCEED_TOLERATED_FAILURE: &str = "States.ExceedToleratedFailureThreshold";
    /// ResultPath could not be applied to the state input.
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    /// A Parameters/ResultSelector path did not match.
    pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
    /// No Choice rule matched and there is no Default.
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    /// Task permissions (kept for completeness: AWS name).
    pub const PERMISSIONS: &str = "States.Permissions";
    /// The execution exceeded its history event limit.
    pub const HISTORY_LIMIT: &str = "States.ExceedHistoryLimit";
    /// JSONata query failures.
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
}

/// An error that ASL `Retry`/`Catch` can match: `{Error, Cause}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct StatesError {
    /// The error name matched by `ErrorEquals` (e.g. `States.TaskFailed`).
    pub error: String,
    /// Human-readable cause, AWS's wording where AWS has one.
    pub cause: String,
    /// The field of a JSONata state whose expression failed (`Output/result`): the `location`
    /// of the `EvaluationFailed` event, which the failing state records and removes, so it
    /// never reaches Retry, Catch or the outcome (and is never stored).
    #[serde(skip)]
    pub(crate) location: Option<String>,
    /// A `States.Timeout` raised because a Task missed its HeartbeatSeconds, which
    /// `ErrorEquals: ["States.HeartbeatTimeout"]` matches (a TimeoutSeconds timeout does not).
    #[serde(skip)]
    pub(crate) heartbeat: bool,
}

impl StatesError {
    /// Builds an error from a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Self { error: error.into(), cause: cause.into(), location: None, heartbeat: false }
    }

    /// A Task missed its HeartbeatSeconds. AWS names this error `States.Timeout` wherever it
    /// shows it (the `TaskTimedOut` and `ExecutionFailed` events, a Catch's `Error`), without a
    /// cause (LocalStack's AWS-recorded `timeouts/test_heartbeats` snapshot); the name
    /// `States.HeartbeatTimeout` exists only in `ErrorEquals`, where it matches this error and
    /// not a TimeoutSeconds timeout, while `States.Timeout` matches both (AWS's error-handling
    /// guide: "HeartbeatTimeout is only available inside the Catch and Retry fields").
    pub fn heartbeat_timeout() -> Self {
        Self { heartbeat: true, ..Self::new(names::TIMEOUT, "") }
    }

    /// Whether this is a missed heartbeat (see [`StatesError::heartbeat_timeout`]).
    pub fn is_heartbeat_timeout(&self) -> bool {
        self.heartbeat
    }

    /// The same error, raised by the JSONata expression of `field` (see `location`).
    pub(crate) fn at(mut self, field: impl Into<String>) -> Self {
        self.location = Some(field.into());
        self
    }

    /// `States.Runtime` with the given cause.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Self::new(names::RUNTIME, cause)
    }

    /// `States.IntrinsicFailure` with the given cause.
    pub fn intrinsic(cause: impl Into<String>) -> Self {
        Self::new(names::INTRINSIC_FAILURE, cause)
    }

    /// `States.TaskFailed` with the given cause.
    pub fn task_failed(cause: impl Into<String>) -> Self {
        Self::new(names::TASK_FAILED, cause)
    }
}
