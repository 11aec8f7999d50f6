//! Our history against AWS's, beyond `history_aws.rs` (which takes LocalStack's
//! `test_base_scenarios`): executions AWS recorded in LocalStack's other snapshots under
//! `tests/aws/services/stepfunctions/v2/` (repository localstack/localstack, Apache-2.0 test data
//! recorded against AWS), each cited by its snapshot file and key, `get_execution_history`:
//! `base/test_base`, `base/test_wait`, `assign/test_assign_base`,
//! `assign/test_assign_reference_variables`, `query_language/test_mixed_query_language`,
//! `timeouts/test_timeouts` and `timeouts/test_heartbeats`. A conformance case must name the
//! same snapshot and key in its `source`, so a citation cannot drift from its case.
//!
//! Compared: the event types in order with each `previousEventId`; the variables each state exit
//! records (`assignedVariables`, only when the state assigned some); a timed-out task's events
//! without a cause. AWS serializes each assigned value as JSON text; we keep the value.

mod history_common;

use chrono::DateTime;
use engine::clock::{Clock, VirtualClock};
use engine::exec::Outcome;
use engine::history::{EventType, HistoryEvent};
use history_common::{conformance_case, first_difference, run_on, Expiring};
use serde_json::{json, Value};
use std::sync::Arc;

/// One compared execution: the snapshot (below `v2/`), the test's key after `::`, the conformance
/// case (or `INLINE:` a definition of the recorded test's shape) and AWS's
/// `(type, previousEventId)` per event, ids 1, 2, … in order.
struct Case {
    snapshot: &'static str,
    key: &'static str,
    definition: &'static str,
    aws: &'static [(&'static str, u64)],
}

const FAIL: &[(&str, u64)] = &[("ExecutionStarted", 0), ("FailStateEntered", 0), ("ExecutionFailed", 2)];
const PASS: &[(&str, u64)] = &[("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("ExecutionSucceeded", 3)];
const PASS_2: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("PassStateEntered", 3), ("PassStateExited", 4),
    ("ExecutionSucceeded", 5),
];
const WAIT: &[(&str, u64)] = &[("ExecutionStarted", 0), ("WaitStateEntered", 0), ("WaitStateExited", 2), ("ExecutionSucceeded", 3)];
const WAIT_FAILED: &[(&str, u64)] = &[("ExecutionStarted", 0), ("WaitStateEntered", 0), ("ExecutionFailed", 2)];
/// A JSONata failure in the first state: `EvaluationFailed` follows what the entry followed (0).
const EVALUATION_FAILED: &[(&str, u64)] = &[("ExecutionStarted", 0), ("PassStateEntered", 0), ("EvaluationFailed", 0), ("ExecutionFailed", 3)];

/// `test_reference_assign[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]`: a Map of three Maps of three.
const MAP_OF_MAPS: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3), ("MapStateStarted", 4),
    ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7), ("MapStateEntered", 8), ("MapStateStarted", 9),
    ("MapIterationStarted", 10), ("PassStateEntered", 11), ("PassStateExited", 12), ("MapIterationSucceeded", 13),
    ("MapIterationStarted", 13), ("PassStateEntered", 15), ("PassStateExited", 16), ("MapIterationSucceeded", 17),
    ("MapIterationStarted", 17), ("PassStateEntered", 19), ("PassStateExited", 20), ("MapIterationSucceeded", 21),
    ("MapStateSucceeded", 22), ("MapStateExited", 22), ("MapIterationSucceeded", 24), ("MapIterationStarted", 24),
    ("PassStateEntered", 26), ("PassStateExited", 27), ("MapStateEntered", 28), ("MapStateStarted", 29),
    ("MapIterationStarted", 30), ("PassStateEntered", 31), ("PassStateExited", 32), ("MapIterationSucceeded", 33),
    ("MapIterationStarted", 33), ("PassStateEntered", 35), ("PassStateExited", 36), ("MapIterationSucceeded", 37),
    ("MapIterationStarted", 37), ("PassStateEntered", 39), ("PassStateExited", 40), ("MapIterationSucceeded", 41),
    ("MapStateSucceeded", 42), ("MapStateExited", 42), ("MapIterationSucceeded", 44), ("MapIterationStarted", 44),
    ("PassStateEntered", 46), ("PassStateExited", 47), ("MapStateEntered", 48), ("MapStateStarted", 49),
    ("MapIterationStarted", 50), ("PassStateEntered", 51), ("PassStateExited", 52), ("MapIterationSucceeded", 53),
    ("MapIterationStarted", 53), ("PassStateEntered", 55), ("PassStateExited", 56), ("MapIterationSucceeded", 57),
    ("MapIterationStarted", 57), ("PassStateEntered", 59), ("PassStateExited", 60), ("MapIterationSucceeded", 61),
    ("MapStateSucceeded", 62), ("MapStateExited", 62), ("MapIterationSucceeded", 64), ("MapStateSucceeded", 65),
    ("MapStateExited", 65), ("ExecutionSucceeded", 67),
];

const BASE: &str = "base/test_base.snapshot.json";
const WAIT_SNAPSHOT: &str = "base/test_wait.snapshot.json";
const ASSIGN: &str = "assign/test_assign_base.snapshot.json";
const REFERENCE: &str = "assign/test_assign_reference_variables.snapshot.json";
const MIXED: &str = "query_language/test_mixed_query_language.snapshot.json";
const TIMEOUTS: &str = "timeouts/test_timeouts.snapshot.json";

const CASES: &[Case] = &[
    Case { snapshot: BASE, key: "TestSnfBase::test_state_fail_path", definition: "errors/state_fail_path.json", aws: FAIL },
    Case { snapshot: BASE, key: "TestSnfBase::test_state_fail_intrinsic", definition: "errors/state_fail_intrinsic.json", aws: FAIL },
    Case { snapshot: BASE, key: "TestSnfBase::test_state_fail_empty", definition: "errors/state_fail_empty.json", aws: FAIL },
    Case { snapshot: BASE, key: "TestSnfBase::test_state_pass_result", definition: "jsonpath/state_pass_result.json", aws: PASS },
    Case { snapshot: BASE, key: "TestSnfBase::test_decl_version_1_0", definition: "jsonpath/decl_version_1_0.json", aws: PASS },
    Case { snapshot: BASE, key: "TestSnfBase::test_state_pass_regex_json_path_base", definition: "jsonpath/state_pass_regex_json_path_base.json", aws: PASS },
    Case { snapshot: BASE, key: "TestSnfBase::test_query_context_object_values", definition: "jsonpath/query_context_object_values.json", aws: PASS_2 },
    Case {
        snapshot: BASE,
        key: "TestSnfBase::test_state_pass_result_null_input_output_paths",
        definition: "jsonpath/state_pass_result_null_input_output_paths.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("PassStateEntered", 3), ("PassStateExited", 4),
            ("PassStateEntered", 5), ("PassStateExited", 6), ("ExecutionSucceeded", 7),
        ],
    },
    // Template wait_timestamp_path: `TimestampPath` `$.start_at` in the parametrized format; one
    // without an offset fails (the `[]` and `[.000]` parameters).
    Case { snapshot: WAIT_SNAPSHOT, key: "TestSfnWait::test_wait_timestamppath[Z]", definition: "INLINE:wait_Z", aws: WAIT },
    Case { snapshot: WAIT_SNAPSHOT, key: "TestSfnWait::test_wait_timestamppath[]", definition: "INLINE:wait_no_offset", aws: WAIT_FAILED },
    Case { snapshot: WAIT_SNAPSHOT, key: "TestSfnWait::test_wait_timestamppath[.000]", definition: "INLINE:wait_millis_no_offset", aws: WAIT_FAILED },
    Case { snapshot: ASSIGN, key: "TestAssignBase::test_base_cases[BASE_EMPTY]", definition: "variables/base_cases_BASE_EMPTY.json", aws: PASS },
    Case {
        snapshot: ASSIGN,
        key: "TestAssignBase::test_base_cases[BASE_CONSTANT_LITERALS]",
        definition: "variables/base_cases_BASE_CONSTANT_LITERALS.json",
        aws: PASS,
    },
    Case {
        snapshot: ASSIGN,
        key: "TestAssignBase::test_base_cases[BASE_SCOPE_MAP]",
        definition: "variables/base_cases_BASE_SCOPE_MAP.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3), ("MapStateStarted", 4),
            ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7), ("MapIterationSucceeded", 8),
            ("MapIterationStarted", 8), ("PassStateEntered", 10), ("PassStateExited", 11), ("MapIterationSucceeded", 12),
            ("MapIterationStarted", 12), ("PassStateEntered", 14), ("PassStateExited", 15), ("MapIterationSucceeded", 16),
            ("MapStateSucceeded", 17), ("MapStateExited", 17), ("PassStateEntered", 19), ("PassStateExited", 20),
            ("ExecutionSucceeded", 21),
        ],
    },
    // LocalStack masks the branch events' ids and links (their order is not deterministic) and
    // leaves out id 12; the branch links are `test_parallel_state_fail`'s (history_aws.rs) and
    // 12 is `ParallelStateSucceeded`, which follows 11 as the recorded exit (13 ← 11) does.
    Case {
        snapshot: ASSIGN,
        key: "TestAssignBase::test_base_parallel_cases[BASE_SCOPE_PARALLEL]",
        definition: "variables/base_parallel_cases_BASE_SCOPE_PARALLEL.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("ParallelStateEntered", 3),
            ("ParallelStateStarted", 4), ("PassStateEntered", 5), ("PassStateExited", 6), ("PassStateEntered", 5),
            ("PassStateExited", 8), ("PassStateEntered", 5), ("PassStateExited", 10), ("ParallelStateSucceeded", 11),
            ("ParallelStateExited", 11), ("ExecutionSucceeded", 13),
        ],
    },
    Case {
        snapshot: ASSIGN,
        key: "TestAssignBase::test_assign_in_choice[CONDITION_TRUE]",
        definition: "variables/assign_in_choice_CONDITION_TRUE.json",
        aws: &[
            ("ExecutionStarted", 0), ("ChoiceStateEntered", 0), ("ChoiceStateExited", 2), ("PassStateEntered", 3),
            ("PassStateExited", 4), ("ExecutionSucceeded", 5),
        ],
    },
    Case {
        snapshot: ASSIGN,
        key: "TestAssignBase::test_assign_in_choice[CONDITION_FALSE]",
        definition: "variables/assign_in_choice_CONDITION_FALSE.json",
        aws: &[("ExecutionStarted", 0), ("ChoiceStateEntered", 0), ("ChoiceStateExited", 2), ("FailStateEntered", 3), ("ExecutionFailed", 4)],
    },
    Case {
        snapshot: REFERENCE,
        key: "TestAssignReferenceVariables::test_reference_assign[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]",
        definition: "variables/reference_assign_BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE.json",
        aws: MAP_OF_MAPS,
    },
    Case {
        snapshot: REFERENCE,
        key: "TestAssignReferenceVariables::test_undefined_reference[BASE_UNDEFINED_OUTPUT]",
        definition: "variables/undefined_reference_BASE_UNDEFINED_OUTPUT.json",
        aws: EVALUATION_FAILED,
    },
    Case {
        snapshot: REFERENCE,
        key: "TestAssignReferenceVariables::test_undefined_reference[BASE_UNDEFINED_OUTPUT_FIELD]",
        definition: "variables/undefined_reference_BASE_UNDEFINED_OUTPUT_FIELD.json",
        aws: EVALUATION_FAILED,
    },
    Case {
        snapshot: REFERENCE,
        key: "TestAssignReferenceVariables::test_undefined_reference[BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES]",
        definition: "variables/undefined_reference_BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("PassStateEntered", 3), ("PassStateExited", 4),
            ("PassStateEntered", 5), ("EvaluationFailed", 5), ("ExecutionFailed", 7),
        ],
    },
    Case {
        snapshot: MIXED,
        key: "TestMixedQueryLanguageFlow::test_variable_sampling[JSONATA_ASSIGN_JSONPATH_REF]",
        definition: "jsonata/variable_sampling_JSONATA_ASSIGN_JSONPATH_REF.json",
        aws: PASS_2,
    },
    Case {
        snapshot: MIXED,
        key: "TestMixedQueryLanguageFlow::test_variable_sampling[JSONPATH_ASSIGN_JSONATA_REF]",
        definition: "jsonata/variable_sampling_JSONPATH_ASSIGN_JSONATA_REF.json",
        aws: PASS_2,
    },
    Case {
        snapshot: MIXED,
        key: "TestMixedQueryLanguageFlow::test_output_to_state[JSONATA_OUTPUT_TO_JSONPATH]",
        definition: "jsonata/output_to_state_JSONATA_OUTPUT_TO_JSONPATH.json",
        aws: PASS_2,
    },
    Case {
        snapshot: MIXED,
        key: "TestMixedQueryLanguageFlow::test_output_to_state[JSONPATH_OUTPUT_TO_JSONATA]",
        definition: "jsonata/output_to_state_JSONPATH_OUTPUT_TO_JSONATA.json",
        aws: PASS_2,
    },
    // A local task that outlives its TimeoutSeconds, in the Lambda's place.
    Case {
        snapshot: TIMEOUTS,
        key: "TestTimeouts::test_fixed_timeout_service_lambda",
        definition: "INLINE:task_timeout",
        aws: &[
            ("ExecutionStarted", 0), ("TaskStateEntered", 0), ("TaskScheduled", 2), ("TaskStarted", 3), ("TaskTimedOut", 4),
            ("ExecutionFailed", 5),
        ],
    },
];

/// The recorded tests that have no conformance case, as definitions of the same shape, with
/// their input.
fn inline(name: &str) -> (Value, Value) {
    let wait = |start_at: &str| {
        let def = json!({"StartAt": "State_1", "States": {"State_1": {"Type": "Wait", "TimestampPath": "$.start_at", "End": true}}});
        (def, json!({"start_at": start_at}))
    };
    match name {
        "wait_Z" => wait("2016-03-14T01:59:00Z"),
        "wait_no_offset" => wait("2016-03-14T01:59:00"),
        "wait_millis_no_offset" => wait("2016-03-14T01:59:00.000"),
        "task_timeout" => timeout_task(json!({"TimeoutSeconds": 5})),
        other => panic!("no inline definition {other}"),
    }
}

/// A Task named Start running the built-in `sleep` (on [`Expiring`], forever), with `limits` (TimeoutSeconds,
/// HeartbeatSeconds, Catch, …) added to it.
fn timeout_task(limits: Value) -> (Value, Value) {
    let mut task = json!({"Type": "Task", "Resource": "sleep", "Parameters": {"seconds": 10}, "End": true});
    task.as_object_mut().unwrap().extend(limits.as_object().unwrap().clone());
    (json!({"StartAt": "Start", "States": {"Start": task, "Caught": {"Type": "Pass", "End": true}}}), json!({}))
}

/// The conformance case's definition and input; its `source` must cite the same recording.
fn conformance(case: &Case) -> (Value, Value) {
    let c = conformance_case(case.definition);
    let source = c["source"].as_str().unwrap_or_default();
    let cited = format!("tests/aws/services/stepfunctions/v2/{}", case.snapshot);
    assert!(source.contains(&cited) && source.contains(&format!("::{}'", case.key)), "{}: source {source}", case.definition);
    (c["definition"].clone(), c["input"].clone())
}

async fn run(case: &Case) -> (Outcome, Vec<HistoryEvent>) {
    let (def, input) = match case.definition.strip_prefix("INLINE:") {
        Some(name) => inline(name),
        None => conformance(case),
    };
    let clock: Arc<dyn Clock> = match case.definition {
        "INLINE:task_timeout" => Arc::new(Expiring),
        _ => VirtualClock::starting_at(DateTime::UNIX_EPOCH),
    };
    run_on(def, input, clock).await
}

fn case(key: &str) -> &'static Case {
    CASES.iter().find(|c| c.key.ends_with(key)).unwrap_or_else(|| panic!("no case {key}"))
}

#[tokio::test]
async fn event_types_and_links_are_the_ones_aws_recorded() {
    let mut wrong = Vec::new();
    for case in CASES {
        let (_, events) = run(case).await;
        let ours: Vec<(&str, u64)> = events.iter().map(|e| (e.event_type.name(), e.previous_event_id)).collect();
        wrong.extend(first_difference(case.key, &ours, case.aws));
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

/// Each state exit's `assignedVariables` as AWS recorded it (`(state, JSON text per variable)`,
/// in order of the exits; an exit that assigned nothing has none, not an empty object).
#[tokio::test]
async fn exits_carry_the_variables_the_state_assigned() {
    let recorded: &[(&str, &[(&str, &[(&str, &str)])])] = &[
        ("[BASE_EMPTY]", &[("State0", &[])]),
        ("[BASE_SCOPE_MAP]", &[
            ("State0", &[("items", "[1,2,3]"), ("x", "42")]),
            ("Inner", &[("innerX", "42")]), ("Inner", &[("innerX", "42")]), ("Inner", &[("innerX", "42")]),
            ("State1", &[]),
            ("State2", &[("final", "42")]),
        ]),
        ("[BASE_SCOPE_PARALLEL]", &[
            ("State0", &[("x", "42")]),
            ("Branch1", &[("innerX", "42"), ("value", "{}")]), ("Branch21", &[("innerX", "42"), ("value", "{}")]),
            ("Branch31", &[("innerX", "42"), ("value", "{}")]),
            ("State1", &[]),
        ]),
        ("[CONDITION_TRUE]", &[("ChoiceState", &[("Assignment", "\"Condition assignment\"")]), ("ConditionTrue", &[])]),
        ("[CONDITION_FALSE]", &[("ChoiceState", &[("Assignment", "\"Default Assignment\"")])]),
        ("[JSONATA_ASSIGN_JSONPATH_REF]", &[
            ("JSONataState", &[("theAnswerVar", "42")]),
            ("JSONPathState", &[("oldAnswerVar", "42"), ("theAnswerVar", "18")]),
        ]),
        ("[JSONPATH_ASSIGN_JSONATA_REF]", &[
            ("JSONPathState", &[("theAnswer", "42")]),
            ("JSONataState", &[("oldAnswer", "42"), ("theAnswer", "18")]),
        ]),
        ("[JSONATA_OUTPUT_TO_JSONPATH]", &[("JSONataState", &[]), ("JSONPathState", &[])]),
    ];
    for (key, exits) in recorded {
        let (_, events) = run(case(key)).await;
        let ours: Vec<(String, Option<Value>)> = events
            .iter()
            .filter(|e| e.event_type.is_state_exited())
            .map(|e| (e.state.clone().unwrap_or_default(), e.details.get("assignedVariables").cloned()))
            .collect();
        let aws: Vec<(String, Option<Value>)> = exits
            .iter()
            .map(|(state, vars)| {
                let parsed = || vars.iter().map(|(k, text)| (k.to_string(), serde_json::from_str(text).unwrap())).collect();
                (state.to_string(), (!vars.is_empty()).then(|| Value::Object(parsed())))
            })
            .collect();
        assert_eq!(ours, aws, "{key}");
    }
    // test_base_cases[BASE_CONSTANT_LITERALS]: literals are assigned as written, never evaluated.
    let (_, events) = run(case("[BASE_CONSTANT_LITERALS]")).await;
    let exit = events.iter().find(|e| e.event_type == EventType::PassStateExited).unwrap();
    let vars = &exit.details["assignedVariables"];
    for (k, text) in [("constant_null", "null"), ("constant_str_path", "\"$.no.such.path\""), ("constant_str_jsonata_expr", "\"{% $varname.varfield %}\""), ("constant_lst_empty", "[]")] {
        assert_eq!(vars[k], serde_json::from_str::<Value>(text).unwrap(), "{k}: {vars}");
    }
    // test_reference_assign[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]: the sums of each inner Map.
    let (_, events) = run(case("[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]")).await;
    let sums: Vec<&Value> = events.iter().filter(|e| e.state.as_deref() == Some("Summate") && e.event_type.is_state_exited()).map(|e| &e.details["assignedVariables"]["Sum"]).collect();
    assert_eq!(sums, [63, 63, 63, 187, 187, 187, 66, 66, 66].map(|n| json!(n)).iter().collect::<Vec<_>>());
}

/// The sorted detail keys of the `t` event of a task run with `limits` that fails.
async fn timeout_keys(limits: Value, t: EventType) -> Vec<String> {
    let (def, input) = timeout_task(limits.clone());
    let (out, events) = run_on(def, input, Arc::new(Expiring)).await;
    assert!(matches!(out, Outcome::Failed(_)), "{out:?}");
    let e = events.iter().find(|e| e.event_type == t).unwrap_or_else(|| panic!("no {t:?} for {limits}: {events:?}"));
    let mut k: Vec<String> = e.details.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

/// A task timeout has no cause on AWS: `taskTimedOutEventDetails` and
/// `executionFailedEventDetails` carry only the error (`test_fixed_timeout_service_lambda`).
#[tokio::test]
async fn a_timed_out_task_records_no_cause() {
    let limits = json!({"TimeoutSeconds": 5});
    assert_eq!(timeout_keys(limits.clone(), EventType::TaskTimedOut).await, ["error", "resource"]);
    assert_eq!(timeout_keys(limits, EventType::ExecutionFailed).await, ["error"]);
}

/// A missed heartbeat is a `TaskTimedOut` without a cause too, and its error is `States.Timeout`
/// (`TestHeartbeats::test_heartbeat_timeout` in `timeouts/test_heartbeats`; Retry and Catch can
/// still single it out with `States.HeartbeatTimeout`, `tests/heartbeats.rs`).
#[tokio::test]
async fn a_missed_heartbeat_is_a_timeout_without_a_cause() {
    let limits = json!({"HeartbeatSeconds": 5});
    assert_eq!(timeout_keys(limits.clone(), EventType::TaskTimedOut).await, ["error", "resource"]);
    assert_eq!(timeout_keys(limits, EventType::ExecutionFailed).await, ["error"]);
}

/// A Catch of a timeout sees an empty cause, as AWS gives it.
#[tokio::test]
async fn a_caught_timeout_has_an_empty_cause() {
    let (mut def, input) = timeout_task(json!({"TimeoutSeconds": 5, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]}));
    def["States"]["Start"].as_object_mut().unwrap().remove("End");
    let (out, _) = run_on(def, input, Arc::new(Expiring)).await;
    assert_eq!(out.to_json()["output"], json!({"Error": "States.Timeout", "Cause": ""}), "{out:?}");
}
