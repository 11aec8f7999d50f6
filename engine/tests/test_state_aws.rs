//! AWS's own answers to TestState, as regression data for `engine::exec::test_state`: each file
//! under `test_state_aws/` holds one request LocalStack's parity tests (Apache-2.0) sent to real
//! AWS and the response AWS gave (see `test_state_aws/README.md` for the source and the cases
//! left out). Every case is run through `test_state`; status, output, error, cause and nextState
//! must be equal, and inspectionData must have the keys AWS returned, with equal values, and no
//! others.
//!
//! Requests are read by `request_from_json`, the same reader as the REST API's and the CLI's.
//! A field it accepts without acting on (a mock's `fieldValidationMode`, `roleArn`) is named
//! on the case's difference line.
//!
//! A case that differs must be listed in `KNOWN_DIFFERENT` with the reason; a listed case that
//! now matches must be taken off the list, so the list only shrinks.

use chrono::{TimeZone, Utc};
use engine::clock::VirtualClock;
use engine::exec::test_state::{request_from_json, test_state, TestStateError, TestStateRequest};
use engine::task::TaskRegistry;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Why the mock-validation cases differ: AWS checks a Task's mock result against the called
/// service's API response shape (`fieldValidationMode` STRICT by default, PRESENT: types,
/// enums, lengths, ranges, required fields) and refuses it in those words; our task functions
/// declare no response shape, and these recordings name a field each, not the shapes.
const NO_SHAPE: &str = "mock result not checked against the AWS service's API response shape (fieldValidationMode STRICT / PRESENT): no shapes here";

/// Cases that differ from AWS today: (file name, why).
const KNOWN_DIFFERENT: &[(&str, &str)] = &[
    ("test_present_mode_aws_sdk_kms_task__wrong_blob_length_less_than_minimum__validation-exception.json", NO_SHAPE),
    ("test_present_mode_aws_sdk_kms_task__wrong_blob_type_number__validation-exception.json", NO_SHAPE),
    ("test_present_mode_aws_sdk_lambda_get_function_task__integer_less_than_minimum_allowed__validation-exception.json", NO_SHAPE),
    ("test_present_mode_aws_sdk_lambda_get_function_task__integer_more_than_maximum_allowed__validation-exception.json", NO_SHAPE),
    ("test_present_mode_aws_sdk_s3_task__non_existent_enum_value__validation-exception.json", NO_SHAPE),
    ("test_present_mode_aws_sdk_s3_task__wrong_long_type_string__validation-exception.json", NO_SHAPE),
    ("test_present_mode_dynamodb_task__wrong_float_type_string__validation-exception.json", NO_SHAPE),
    ("test_present_mode_eventbridge_task__wrong_type_2nd_array_element__validation-exception.json", NO_SHAPE),
    ("test_present_mode_eventbridge_task__wrong_type_nested_field__validation-exception.json", NO_SHAPE),
    ("test_present_mode_eventbridge_task__wrong_type_top_level_field__validation-exception.json", NO_SHAPE),
    ("test_present_mode_lambda_task__wrong_integer_type_string__validation-exception.json", NO_SHAPE),
    ("test_present_mode_sfn_task_validation_fail__wrong_string_type_number__validation-exception.json", NO_SHAPE),
    ("test_present_mode_sfn_task_validation_fail__wrong_timestamp_type_bool__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_kms_task__wrong_blob_length_less_than_minimum__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_kms_task__wrong_blob_type_number__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_lambda_get_function_task__integer_less_than_minimum_allowed__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_lambda_get_function_task__integer_more_than_maximum_allowed__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_s3_task__non_existent_enum_value__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_aws_sdk_s3_task__wrong_long_type_string__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_dynamodb_task__wrong_float_type_string__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_eventbridge_task__wrong_type_2nd_array_element__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_eventbridge_task__wrong_type_nested_field__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_eventbridge_task__wrong_type_top_level_field__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_lambda_task__wrong_integer_type_string__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_sfn_task__field_name_not_in_sfn_case__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_sfn_task__missing_required_fields__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_sfn_task__wrong_timestamp_type_bool__validation-exception.json", NO_SHAPE),
    ("test_strict_mode_sfn_task__wrong_timestamp_type_number__validation-exception.json", NO_SHAPE),
];

/// How long one case may run before it counts as hanging.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);

#[test]
fn test_state_matches_aws_recordings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/test_state_aws");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/test_state_aws")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no cases in {}", dir.display());

    let mut names = Vec::new();
    let (mut unexpected, mut now_passing, mut known) = (Vec::new(), Vec::new(), 0);
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let listed = KNOWN_DIFFERENT.iter().find(|(n, _)| *n == name);
        match (run_case(&case), listed) {
            (Some(diff), None) => {
                println!("DIFFERS {name}: {diff}");
                unexpected.push(format!("{name}: {diff}"));
            }
            (Some(diff), Some((_, why))) => {
                println!("known   {name}: {diff}  (listed: {why})");
                known += 1;
            }
            (None, Some(_)) => {
                println!("PASSES  {name} (listed in KNOWN_DIFFERENT)");
                now_passing.push(name.clone());
            }
            (None, None) => {}
        }
        names.push(name);
    }
    let stale: Vec<_> = KNOWN_DIFFERENT.iter().filter(|(n, _)| !names.iter().any(|m| m == n)).map(|(n, _)| *n).collect();
    let passed = paths.len() - unexpected.len() - known;
    println!("{} cases: {passed} match AWS, {known} known to differ, {} differ unexpectedly", paths.len(), unexpected.len());
    let mut problems = Vec::new();
    if !unexpected.is_empty() {
        problems.push(format!("cases differing from AWS (fix them, or list them in KNOWN_DIFFERENT with the reason):\n{}", unexpected.join("\n")));
    }
    if !now_passing.is_empty() {
        problems.push(format!("cases in KNOWN_DIFFERENT that now match AWS (take them off the list):\n{}", now_passing.join("\n")));
    }
    if !stale.is_empty() {
        problems.push(format!("KNOWN_DIFFERENT names files that do not exist:\n{}", stale.join("\n")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Runs one case; `None` when our answer equals AWS's, else the first difference. The request
/// is read by the same `request_from_json` as the REST API and the CLI; a field it accepts
/// without acting on is named on the difference line.
fn run_case(case: &Value) -> Option<String> {
    let got = match request_from_json(&case["request"]) {
        Ok(req) => run(req),
        Err(e) => Err((aws_code(&e).to_string(), e.to_string())),
    };
    let diff = first_difference(&case["response"], &got)?;
    let r = &case["request"];
    let unacted: Vec<&str> = [("mock.fieldValidationMode", r.pointer("/mock/fieldValidationMode")), ("roleArn", r.get("roleArn"))]
        .into_iter()
        .filter_map(|(k, v)| v.map(|_| k))
        .collect();
    Some(if unacted.is_empty() { diff } else { format!("[request uses {}] {diff}", unacted.join(", ")) })
}

/// Our answer: the response as AWS names its fields, or the refusal as (AWS error code, message).
type Answer = Result<Value, (String, String)>;

/// Runs the request on its own thread, so that a panic or a hang is a difference, not the end of
/// the test.
fn run(req: TestStateRequest) -> Answer {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let clock = VirtualClock::starting_at(Utc.with_ymd_and_hms(2025, 1, 15, 10, 30, 0).unwrap());
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(test_state(req, Arc::new(TaskRegistry::with_builtins()), clock))
        }));
        let answer = match res {
            Ok(Ok(r)) => Ok(serde_json::to_value(r).unwrap()),
            Ok(Err(e)) => Err((aws_code(&e).to_string(), e.to_string())),
            Err(_) => Err(("(panic)".to_string(), "test_state panicked".to_string())),
        };
        let _ = tx.send(answer);
    });
    rx.recv_timeout(CASE_TIMEOUT).unwrap_or_else(|_| Err(("(timeout)".into(), format!("no answer within {CASE_TIMEOUT:?}"))))
}

/// The AWS error code our refusal corresponds to: a definition that is not a valid state is
/// `InvalidDefinition`, a request that does not fit it is `ValidationException`. (Read off the
/// variant's name so that a new variant does not break this test's build.)
fn aws_code(e: &TestStateError) -> &'static str {
    let debug = format!("{e:?}");
    match debug.split(['(', ' ', '{']).next().unwrap_or_default() {
        "NotAState" | "Invalid" | "MockRequired" => "InvalidDefinition",
        "NoSuchState" | "Unsupported" | "BadRequest" => "ValidationException",
        _ => "(unmapped TestStateError)",
    }
}

/// The first way `got` differs from AWS's `expected` response, if any.
fn first_difference(expected: &Value, got: &Answer) -> Option<String> {
    if let Some(code) = expected.get("exception").and_then(Value::as_str) {
        let message = expected.get("message").and_then(Value::as_str).unwrap_or_default();
        return match got {
            Ok(r) => Some(format!("AWS refuses ({code}: {message}); we answer status {}{}", short(&r["status"]), r.get("error").map(|e| format!(" ({})", short(e))).unwrap_or_default())),
            Err((c, _)) if c != code => Some(format!("AWS refuses with {code} ({message}); we with {c}")),
            Err((_, m)) if m != message => Some(format!("refusal message: AWS {message:?}, ours {m:?}")),
            Err(_) => None,
        };
    }
    let got = match got {
        Ok(r) => r,
        Err((c, m)) => return Some(format!("we refuse ({c}: {m}); AWS answers status {}", short(&expected["status"]))),
    };
    for key in ["status", "error", "cause", "nextState", "output"] {
        match (expected.get(key), got.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (None, None) => {}
            (Some(a), Some(b)) if key == "status" => {
                let why = ["error", "cause"].iter().filter_map(|k| Some(format!("{k} {}", short(got.get(*k)?)))).collect::<Vec<_>>();
                let why = if why.is_empty() { String::new() } else { format!(" ({})", why.join(", ")) };
                return Some(format!("status: AWS {}, ours {}{why}", short(a), short(b)));
            }
            (Some(a), Some(b)) => return Some(format!("{key}: AWS {}, ours {}", short(a), short(b))),
            (Some(a), None) => return Some(format!("{key}: AWS {}, ours absent", short(a))),
            (None, Some(b)) => return Some(format!("{key}: AWS absent, ours {}", short(b))),
        }
    }
    let empty = Map::new();
    let aws = expected.get("inspectionData").and_then(Value::as_object).unwrap_or(&empty);
    let ours = got.get("inspectionData").and_then(Value::as_object).unwrap_or(&empty);
    for (key, a) in aws {
        match ours.get(key) {
            Some(b) if a == b => {}
            Some(b) => return Some(format!("inspectionData.{key}: AWS {}, ours {}", short(a), short(b))),
            None => return Some(format!("inspectionData.{key}: AWS {}, ours absent (we have {:?})", short(a), ours.keys().collect::<Vec<_>>())),
        }
    }
    let extra: Vec<_> = ours.keys().filter(|k| !aws.contains_key(*k)).collect();
    if !extra.is_empty() {
        return Some(format!("inspectionData: extra keys {extra:?} (AWS returns {:?})", aws.keys().collect::<Vec<_>>()));
    }
    None
}

/// A value on one line, cut to a readable length.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}
