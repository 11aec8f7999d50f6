//! AWS's TestState on the service's task functions and clock: one state run on an input, with
//! nothing stored (see `engine::exec::test_state`). The REST API (`POST /api/test-state`), the
//! CLI (`wfm test-state`) and the editor's "Test state" panel call it.

use super::{Service, ServiceError};
use engine::exec::test_state::{test_state, TestStateError, TestStateRequest, TestStateResult};
use serde_json::Value;

impl Service {
    /// Tests one state (a bare state, or `stateName` of a whole definition).
    pub async fn test_state(&self, req: TestStateRequest) -> Result<TestStateResult, ServiceError> {
        test_state(req, self.inner.registry.clone(), self.inner.clock.clone()).await.map_err(|e| match e {
            TestStateError::Invalid(problems) => ServiceError::Invalid(problems),
            other => ServiceError::BadRequest(other.to_string()),
        })
    }
}

/// Reads a request in AWS's shape (see `engine::exec::test_state::request_from_json`).
pub fn request_from_json(body: &Value) -> Result<TestStateRequest, ServiceError> {
    engine::exec::test_state::request_from_json(body).map_err(|e| ServiceError::BadRequest(e.to_string()))
}
