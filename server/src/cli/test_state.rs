//! `wfm test-state DEF [--state NAME] [--input FILE] [--variables FILE] [--mock FILE]
//! [--steps FILE] [--retry-count N] [--inspection-level INFO|DEBUG|TRACE]
//! [--map-iteration-failure-count N] [--error-caused-by-state NAME]`: AWS's TestState from the command line (one state run on an input, see
//! `engine::exec::test_state`). Prints the result as JSON; exit 0 when the state succeeded or
//! its error was caught, 1 when it failed or would be retried, 2 for an invalid state or usage.

use crate::clock::TokioClock;
use crate::service::test_state::request_from_json;
use crate::service::ServiceError;
use clap::Args;
use engine::exec::test_state::{test_state, TestStateError, TestStatus};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `wfm test-state`.
#[derive(Args)]
pub struct TestStateArgs {
    /// A state, or a whole definition (ASL JSON).
    definition: PathBuf,
    /// The state to test in a whole definition (default: its StartAt).
    #[arg(long)]
    state: Option<String>,
    /// Input JSON file (default `{}`).
    #[arg(long)]
    input: Option<PathBuf>,
    /// JSON file with an object of variables the state can read.
    #[arg(long)]
    variables: Option<PathBuf>,
    /// JSON file `{"result": …}` or `{"errorOutput": {"error", "cause"}}` replacing a Task's call
    /// or a Map's or Parallel's work.
    #[arg(long)]
    mock: Option<PathBuf>,
    /// JSON file `{"StepName": result, …}`: earlier steps' results for `{{States.…}}` templates.
    #[arg(long)]
    steps: Option<PathBuf>,
    /// Retries that already happened (AWS's retrierRetryCount).
    #[arg(long, default_value_t = 0)]
    retry_count: u64,
    /// INFO (status, output or error, next state), DEBUG or TRACE (also the data flow stage by
    /// stage), as AWS's inspectionLevel.
    #[arg(long, default_value = "INFO")]
    inspection_level: String,
    /// A mocked Map's iterations taken to have failed (AWS's mapIterationFailureCount).
    #[arg(long, default_value_t = 0)]
    map_iteration_failure_count: u64,
    /// The state inside a mocked Map or Parallel that the mock's error stands for.
    #[arg(long)]
    error_caused_by_state: Option<String>,
}

pub async fn test_state_cmd(args: TestStateArgs) -> u8 {
    let body = match request_body(&args) {
        Ok(b) => b,
        Err(m) => return fail(&m),
    };
    let req = match request_from_json(&body) {
        Ok(r) => r,
        Err(ServiceError::BadRequest(m)) => return fail(&m),
        Err(e) => return fail(&e.to_string()),
    };
    match test_state(req, Arc::new(super::registry()), Arc::new(TokioClock)).await {
        Ok(result) => {
            println!("{}", serde_json::to_string_pretty(&result).unwrap_or_default());
            u8::from(matches!(result.status, TestStatus::Failed | TestStatus::Retriable))
        }
        Err(TestStateError::Invalid(problems)) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("{} [{}] {}", p.path, p.code, p.message)).collect();
            fail(&format!("invalid state in {}:\n{}", args.definition.display(), lines.join("\n")))
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// The REST request's body, from the files.
fn request_body(args: &TestStateArgs) -> Result<Value, String> {
    let mut body = json!({"definition": read(&args.definition)?, "inspectionLevel": args.inspection_level, "stateConfiguration": {
        "retrierRetryCount": args.retry_count,
        "mapIterationFailureCount": args.map_iteration_failure_count,
        "errorCausedByState": args.error_caused_by_state,
    }});
    body["stateName"] = json!(args.state);
    for (key, path) in [("input", &args.input), ("variables", &args.variables), ("mock", &args.mock), ("stepResults", &args.steps)] {
        if let Some(p) = path {
            body[key] = read(p)?;
        }
    }
    Ok(body)
}

fn read(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn fail(message: &str) -> u8 {
    eprintln!("error: {message}");
    2
}
