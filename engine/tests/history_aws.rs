//! Our history against AWS's: the event types in order and each event's `previousEventId`, for
//! conformance cases whose execution AWS recorded. The recordings are LocalStack's snapshot
//! `tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json` (repository
//! localstack/localstack, Apache-2.0 test data recorded against AWS), key
//! `tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::<test>`
//! / `get_execution_history`; each case names its `<test>`. Where LocalStack lists
//! `$..previousEventId` as unverified, LocalStack differs from AWS, not the recording.
//!
//! AWS links an event to the one before it in the same chain, not in the whole history: the
//! top level (whose first state follows no event, 0), a Parallel branch (its first state follows
//! `ParallelStateStarted`) or a Map iteration (from its `MapIterationStarted`, which follows the
//! last event of the iteration before, not that iteration's `MapIterationSucceeded`).
//! `…StateSucceeded` and then the state's exit follow the last branch or iteration event;
//! `…StateFailed` follows the failed branch's or iteration's last event, and so does a retry's
//! next `…StateStarted`. The Choice and Wait cases are linear and anchor the simple chain.
//!
//! Compared exactly, retries included: a Parallel or Map attempt that its Retry repeats records
//! no `ParallelStateFailed` / `MapStateFailed` (AWS records it once, when the state fails for
//! good); the next attempt's `…StateStarted` follows the failed branch's or iteration's last event.

mod history_common;

use chrono::DateTime;
use engine::clock::VirtualClock;
use engine::exec::Outcome;
use engine::history::{EventType, HistoryEvent};
use history_common::{conformance_case, first_difference, run_on};
use serde_json::{json, Value};

/// One compared execution: a conformance case (or an inline definition of the recorded test's
/// shape) and AWS's `(type, previousEventId)` per event, ids 1, 2, … in order.
struct Case {
    name: &'static str,
    definition: &'static str,
    aws: &'static [(&'static str, u64)],
}

/// Recorded alike for `test_map_state`, `test_map_state_legacy`.
const MAP_STATE: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
    ("MapStateStarted", 4), ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
    ("MapIterationSucceeded", 8), ("MapIterationStarted", 8), ("PassStateEntered", 10), ("PassStateExited", 11),
    ("MapIterationSucceeded", 12), ("MapIterationStarted", 12), ("PassStateEntered", 14),
    ("PassStateExited", 15), ("MapIterationSucceeded", 16), ("MapIterationStarted", 16),
    ("PassStateEntered", 18), ("PassStateExited", 19), ("MapIterationSucceeded", 20),
    ("MapIterationStarted", 20), ("PassStateEntered", 22), ("PassStateExited", 23),
    ("MapIterationSucceeded", 24), ("MapIterationStarted", 24), ("PassStateEntered", 26),
    ("PassStateExited", 27), ("MapIterationSucceeded", 28), ("MapIterationStarted", 28),
    ("PassStateEntered", 30), ("PassStateExited", 31), ("MapIterationSucceeded", 32),
    ("MapIterationStarted", 32), ("PassStateEntered", 34), ("PassStateExited", 35),
    ("MapIterationSucceeded", 36), ("MapStateSucceeded", 37), ("MapStateExited", 37), ("PassStateEntered", 39),
    ("PassStateExited", 40), ("ExecutionSucceeded", 41),
];

/// Recorded alike for `test_map_state_break_condition`, `test_map_state_break_condition_legacy`.
const MAP_STATE_BREAK_CONDITION: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
    ("MapStateStarted", 4), ("MapIterationStarted", 5), ("ChoiceStateEntered", 6), ("ChoiceStateExited", 7),
    ("PassStateEntered", 8), ("PassStateExited", 9), ("MapIterationSucceeded", 10), ("MapIterationStarted", 10),
    ("ChoiceStateEntered", 12), ("ChoiceStateExited", 13), ("PassStateEntered", 14), ("PassStateExited", 15),
    ("MapIterationSucceeded", 16), ("MapIterationStarted", 16), ("ChoiceStateEntered", 18),
    ("ChoiceStateExited", 19), ("PassStateEntered", 20), ("PassStateExited", 21), ("MapIterationSucceeded", 22),
    ("MapIterationStarted", 22), ("ChoiceStateEntered", 24), ("ChoiceStateExited", 25), ("PassStateEntered", 26),
    ("PassStateExited", 27), ("MapIterationSucceeded", 28), ("MapIterationStarted", 28),
    ("ChoiceStateEntered", 30), ("ChoiceStateExited", 31), ("FailStateEntered", 32), ("MapIterationFailed", 33),
    ("MapStateFailed", 33), ("ExecutionFailed", 35),
];

/// Recorded alike for `test_map_state_retry`, `test_map_state_retry_legacy`.
const MAP_STATE_RETRY: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
    ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
    ("MapStateStarted", 7), ("MapIterationStarted", 9), ("FailStateEntered", 10), ("MapIterationFailed", 11),
    ("MapStateStarted", 11), ("MapIterationStarted", 13), ("FailStateEntered", 14), ("MapIterationFailed", 15),
    ("MapStateFailed", 15), ("ExecutionFailed", 17),
];

/// Recorded alike for `test_map_state_legacy_config_inline_parameters`, `test_map_state_legacy_config_inline_item_selector`.
const MAP_STATE_LEGACY_CONFIG_INLINE_PARAMETERS: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("MapStateEntered", 0), ("MapStateStarted", 2), ("MapIterationStarted", 3),
    ("PassStateEntered", 4), ("PassStateExited", 5), ("MapIterationSucceeded", 6), ("MapIterationStarted", 6),
    ("PassStateEntered", 8), ("PassStateExited", 9), ("MapIterationSucceeded", 10), ("MapStateSucceeded", 11),
    ("MapStateExited", 11), ("SucceedStateEntered", 13), ("SucceedStateExited", 14), ("ExecutionSucceeded", 15),
];

/// Recorded alike for `test_choice_aws_docs_scenario`, `test_choice_singleton_composite`, `test_choice_unsorted_parameters[{"result": {"done": false}}]`.
const CHOICE_AWS_DOCS_SCENARIO: &[(&str, u64)] = &[
    ("ExecutionStarted", 0), ("ChoiceStateEntered", 0), ("ChoiceStateExited", 2), ("PassStateEntered", 3),
    ("PassStateExited", 4), ("ExecutionSucceeded", 5),
];

const CASES: &[Case] = &[
    // test_map_state
    Case { name: "map_state", definition: "map/map_state.json", aws: MAP_STATE },
    // test_map_state_legacy
    Case { name: "map_state_legacy", definition: "map/map_state_legacy.json", aws: MAP_STATE },
    // test_map_state_break_condition
    Case {
        name: "map_state_break_condition",
        definition: "map/map_state_break_condition.json",
        aws: MAP_STATE_BREAK_CONDITION,
    },
    // test_map_state_break_condition_legacy
    Case {
        name: "map_state_break_condition_legacy",
        definition: "map/map_state_break_condition_legacy.json",
        aws: MAP_STATE_BREAK_CONDITION,
    },
    // test_map_state_catch
    Case {
        name: "map_state_catch",
        definition: "map/map_state_catch.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
            ("MapStateFailed", 7), ("MapStateExited", 9), ("PassStateEntered", 10), ("PassStateExited", 11),
            ("ExecutionSucceeded", 12),
        ],
    },
    // test_map_state_catch_empty_fail
    Case {
        name: "map_state_catch_empty_fail",
        definition: "map/map_state_catch_empty_fail.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
            ("MapStateFailed", 7), ("ExecutionFailed", 9),
        ],
    },
    // test_map_state_retry
    Case { name: "map_state_retry", definition: "map/map_state_retry.json", aws: MAP_STATE_RETRY },
    // test_map_state_retry_legacy
    Case { name: "map_state_retry_legacy", definition: "map/map_state_retry_legacy.json", aws: MAP_STATE_RETRY },
    // test_map_state_retry_multiple_retriers
    Case {
        name: "map_state_retry_multiple_retriers",
        definition: "map/map_state_retry_multiple_retriers.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
            ("MapStateStarted", 7), ("MapIterationStarted", 9), ("FailStateEntered", 10), ("MapIterationFailed", 11),
            ("MapStateStarted", 11), ("MapIterationStarted", 13), ("FailStateEntered", 14), ("MapIterationFailed", 15),
            ("MapStateStarted", 15), ("MapIterationStarted", 17), ("FailStateEntered", 18), ("MapIterationFailed", 19),
            ("MapStateFailed", 19), ("ExecutionFailed", 21),
        ],
    },
    // test_map_state_item_selector_singleton
    Case {
        name: "map_state_item_selector_singleton",
        definition: "map/map_state_item_selector_singleton.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
            ("MapIterationSucceeded", 8), ("MapIterationStarted", 8), ("PassStateEntered", 10), ("PassStateExited", 11),
            ("MapIterationSucceeded", 12), ("MapIterationStarted", 12), ("PassStateEntered", 14),
            ("PassStateExited", 15), ("MapIterationSucceeded", 16), ("MapStateSucceeded", 17), ("MapStateExited", 17),
            ("PassStateEntered", 19), ("PassStateExited", 20), ("ExecutionSucceeded", 21),
        ],
    },
    // test_map_state_parameters_legacy
    Case {
        name: "map_state_parameters_legacy",
        definition: "map/map_state_parameters_legacy.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
            ("MapIterationSucceeded", 8), ("MapIterationStarted", 8), ("PassStateEntered", 10), ("PassStateExited", 11),
            ("MapIterationSucceeded", 12), ("MapIterationStarted", 12), ("PassStateEntered", 14),
            ("PassStateExited", 15), ("MapIterationSucceeded", 16), ("MapIterationStarted", 16),
            ("PassStateEntered", 18), ("PassStateExited", 19), ("MapIterationSucceeded", 20),
            ("MapIterationStarted", 20), ("PassStateEntered", 22), ("PassStateExited", 23),
            ("MapIterationSucceeded", 24), ("MapStateSucceeded", 25), ("MapStateExited", 25), ("PassStateEntered", 27),
            ("PassStateExited", 28), ("ExecutionSucceeded", 29),
        ],
    },
    // test_map_state_no_processor_config
    Case {
        name: "map_state_no_processor_config",
        definition: "map/map_state_no_processor_config.json",
        aws: &[
            ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
            ("MapStateStarted", 4), ("MapIterationStarted", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
            ("MapIterationSucceeded", 8), ("MapIterationStarted", 8), ("PassStateEntered", 10), ("PassStateExited", 11),
            ("MapIterationSucceeded", 12), ("MapIterationStarted", 12), ("PassStateEntered", 14),
            ("PassStateExited", 15), ("MapIterationSucceeded", 16), ("MapStateSucceeded", 17), ("MapStateExited", 17),
            ("ExecutionSucceeded", 19),
        ],
    },
    // test_map_state_legacy_config_inline_parameters
    Case {
        name: "map_state_legacy_config_inline_parameters",
        definition: "map/map_state_legacy_config_inline_parameters.json",
        aws: MAP_STATE_LEGACY_CONFIG_INLINE_PARAMETERS,
    },
    // test_map_state_legacy_config_inline_item_selector
    Case {
        name: "map_state_legacy_config_inline_item_selector",
        definition: "map/map_state_legacy_config_inline_item_selector.json",
        aws: MAP_STATE_LEGACY_CONFIG_INLINE_PARAMETERS,
    },
    // test_parallel_state_order
    // LocalStack masks the branch events' ids (their order is not deterministic) and leaves out
    // id 12: the branch links follow `test_parallel_state_fail` (a branch's first state follows
    // `ParallelStateStarted`), and 12 is `ParallelStateSucceeded`, which follows 11 as the exit does.
    Case {
        name: "parallel_state_order",
        definition: "parallel/parallel_state_order.json",
        aws: &[
            ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("PassStateEntered", 3),
            ("PassStateExited", 4), ("PassStateEntered", 3), ("PassStateExited", 6), ("PassStateEntered", 3),
            ("PassStateExited", 8), ("PassStateEntered", 3), ("PassStateExited", 10), ("ParallelStateSucceeded", 11),
            ("ParallelStateExited", 11), ("ExecutionSucceeded", 13),
        ],
    },
    // test_parallel_state_catch
    Case {
        name: "parallel_state_catch",
        definition: "parallel/parallel_state_catch.json",
        aws: &[
            ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
            ("ParallelStateFailed", 4), ("ParallelStateExited", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
            ("ExecutionSucceeded", 8),
        ],
    },
    // test_parallel_state_fail
    Case {
        name: "parallel_state_fail",
        definition: "INLINE:parallel_fail",
        aws: &[
            ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
            ("ParallelStateFailed", 4), ("ExecutionFailed", 5),
        ],
    },
    // test_parallel_state_retry
    Case {
        name: "parallel_state_retry",
        definition: "INLINE:parallel_retry",
        aws: &[
            ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
            ("ParallelStateStarted", 4), ("FailStateEntered", 5), ("ParallelStateStarted", 6), ("FailStateEntered", 7),
            ("ParallelStateFailed", 8), ("ExecutionFailed", 9),
        ],
    },
    // test_choice_aws_docs_scenario
    Case {
        name: "choice_aws_docs_scenario",
        definition: "choice/choice_aws_docs_scenario_CHOICE_STATE_AWS_SCENARIO.json",
        aws: CHOICE_AWS_DOCS_SCENARIO,
    },
    // test_choice_singleton_composite
    Case {
        name: "choice_singleton_composite",
        definition: "choice/choice_singleton_composite_CHOICE_STATE_SINGLETON_COMPOSITE.json",
        aws: CHOICE_AWS_DOCS_SCENARIO,
    },
    // test_choice_unsorted_parameters[{"result": {"done": false}}]
    Case {
        name: "choice_unsorted_parameters_negative",
        definition: "choice/choice_unsorted_parameters_negative_CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS.json",
        aws: CHOICE_AWS_DOCS_SCENARIO,
    },
    // test_wait_timestamp
    Case {
        name: "wait_timestamp",
        definition: "wait/wait_timestamp_NANOSECONDS.json",
        aws: &[
            ("ExecutionStarted", 0), ("WaitStateEntered", 0), ("WaitStateExited", 2), ("ExecutionSucceeded", 3),
        ],
    },
];

/// The recorded tests whose templates are not in the conformance corpus, as definitions of the
/// same shape: one branch that fails with `FailureType` (without a cause), and one that fails
/// with a cause and is retried twice.
fn inline(name: &str) -> Value {
    let fail = |cause: bool| {
        let mut st = json!({"Type": "Fail", "Error": "FailureType"});
        if cause {
            st["Cause"] = json!("Cause description");
        }
        json!([{"StartAt": "Branch1", "States": {"Branch1": st}}])
    };
    match name {
        "parallel_fail" => json!({"StartAt": "ParallelState", "States": {"ParallelState": {"Type": "Parallel", "Branches": fail(false), "End": true}}}),
        "parallel_retry" => json!({"StartAt": "ParallelState", "States": {"ParallelState": {"Type": "Parallel", "Branches": fail(true), "End": true,
            "Retry": [{"ErrorEquals": ["FailureType"], "IntervalSeconds": 1, "MaxAttempts": 2}]}}}),
        other => panic!("no inline definition {other}"),
    }
}

/// Runs a case's definition on its input; the outcome and every event.
async fn run(case: &Case) -> (Outcome, Vec<HistoryEvent>) {
    let (def, input) = match case.definition.strip_prefix("INLINE:") {
        Some(name) => (inline(name), json!({})),
        None => {
            let c = conformance_case(case.definition);
            (c["definition"].clone(), c["input"].clone())
        }
    };
    run_on(def, input, VirtualClock::starting_at(DateTime::UNIX_EPOCH)).await
}

/// Our `(type, previousEventId)` sequence; ids must be 1, 2, … in order, as AWS numbers them.
fn links(events: &[HistoryEvent]) -> Vec<(&'static str, u64)> {
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.id, i as u64 + 1, "ids in order");
    }
    events.iter().map(|e| (e.event_type.name(), e.previous_event_id)).collect()
}

#[tokio::test]
async fn event_types_and_links_are_the_ones_aws_recorded() {
    let mut wrong = Vec::new();
    for case in CASES {
        let (_, events) = run(case).await;
        // The first event that differs, for every case at once.
        wrong.extend(first_difference(case.name, &links(&events), case.aws));
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

#[tokio::test]
async fn map_and_execution_details_carry_what_aws_records() {
    for case in CASES {
        let (_, events) = run(case).await;
        for e in &events {
            let has = |k: &str| e.details.get(k).is_some();
            match e.event_type {
                // mapStateStartedEventDetails.length; mapIteration…EventDetails {index, name}.
                EventType::MapStateStarted => assert!(has("length"), "{}: {e:?}", case.name),
                EventType::MapIterationStarted | EventType::MapIterationSucceeded | EventType::MapIterationFailed => {
                    assert!(has("index") && e.details["name"] == "MapState" && e.state.as_deref() == Some("MapState"), "{}: {e:?}", case.name)
                }
                _ => {}
            }
        }
    }
    // executionFailedEventDetails leaves out what the Fail state does not name: `{}` for
    // test_map_state_catch_empty_fail, `{"error"}` for test_parallel_state_fail.
    for (name, keys) in [("map_state_catch_empty_fail", vec![]), ("parallel_state_fail", vec!["error"]), ("map_state_retry", vec!["cause", "error"])] {
        let case = CASES.iter().find(|c| c.name == name).unwrap();
        let (out, events) = run(case).await;
        assert!(matches!(out, Outcome::Failed(_)), "{name}: {out:?}");
        let failed = events.last().unwrap();
        assert_eq!(failed.event_type, EventType::ExecutionFailed, "{name}");
        let mut ours: Vec<&str> = failed.details.as_object().unwrap().keys().map(String::as_str).collect();
        ours.sort();
        assert_eq!(ours, keys, "{name}");
    }
}
