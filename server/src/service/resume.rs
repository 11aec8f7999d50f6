//! Where a resumed (or redriven) execution continues, read off its stored history.
//!
//! An execution that was still running when its process died (no terminal event anywhere in its
//! history) is *replayed*: [`ResumePlan::Replay`] hands the whole stored history to the engine
//! (`engine::exec::Journal`), which runs the machine again from the start, matches every event
//! already stored instead of storing it twice and reuses every stored task outcome. Nothing that
//! completed runs again at any depth (Parallel branches, Map iterations), and variables,
//! `{{States.Step.field}}` results and entered times come back as they were.
//!
//! A redrive (the history ends with, or once had, a terminal event) restarts from the state that
//! did not finish, as AWS's RedriveExecution does; for it the rest of this module applies.
//! The unit of a redrive is the top-level state: the last top-level state that was entered and
//! not exited runs again from its recorded input (a Task in flight is therefore retried; a
//! Parallel or Map runs all its branches again). A state that exited is never run again: the
//! run continues at its `Next` with its recorded output. The one exception is a Choice that
//! exited: it is evaluated again (it is pure) and its repeated events are not stored.
//!
//! The engine always starts at `StartAt`, so the plan rewrites the definition's `StartAt`.
//! A Wait with `Seconds` becomes a Wait until the absolute time it would have ended, so it waits
//! only for the time that was left. A Task the user stopped (or that was running when the run
//! failed) simply runs again. A top-level Task whose function had started in the redriven run
//! before the process died (its outcome is unknown) gets the resource [`LOST_TASK_RESOURCE`]: its first call fails with
//! `States.TaskFailed` and a cause saying so, and later calls (retries) reach the original
//! function, so the state's own Retry and Catch decide what happens.
//!
//! The engine keeps the results that `{{States.Step.field}}` templates read only in memory, so a
//! restarted run is seeded with those of every state that exited before
//! ([`engine::exec::results_from_history`], read off the exits' recorded `stages`), as if they had
//! run in it: the failed state's templates see what they saw in the first run. Top-level
//! variables (`Assign`) are not restored.

use chrono::{DateTime, Utc};
use engine::history::{EventType, HistoryEvent};
use serde_json::Value;
use std::collections::HashMap;

/// The resource that stands in for a Task whose function was running when the process died.
pub const LOST_TASK_RESOURCE: &str = "wfm:task-in-flight-at-crash";

/// How to continue an execution.
#[derive(Debug, Clone, PartialEq)]
pub enum ResumePlan {
    /// Run the (possibly rewritten) definition on this input.
    Run {
        /// Definition whose `StartAt` is where to continue.
        definition: Value,
        /// Input of that state.
        input: Value,
        /// Engine event ids up to this are not stored (1 = its `ExecutionStarted`).
        drop_through: u64,
        /// The original resource of a Task that was in flight (its `Resource` now names
        /// [`LOST_TASK_RESOURCE`]).
        lost_resource: Option<String>,
        /// Results of the steps that ran before, for `{{States.Step.field}}` templates.
        steps: HashMap<String, Value>,
    },
    /// The last top-level state had ended the machine: only the terminal event is missing.
    Succeed(Value),
    /// Replay the original definition and input against the stored history (a crash resume).
    Replay {
        /// The execution's definition, unchanged.
        definition: Value,
        /// The execution's original input.
        input: Value,
        /// Every stored event.
        events: Vec<HistoryEvent>,
    },
}

impl ResumePlan {
    /// Run `definition` on `input` with nothing lost and no earlier step results, dropping the
    /// engine's events up to `drop_through` (0: a fresh start).
    pub fn run(definition: Value, input: Value, drop_through: u64) -> Self {
        ResumePlan::Run { definition, input, drop_through, lost_resource: None, steps: HashMap::new() }
    }
}

/// The plan for an execution with stored `events` (never empty: `ExecutionStarted` is first):
/// a replay when it never ended, else a restart at the state that did not finish.
pub fn plan(definition: &Value, input: &Value, events: &[HistoryEvent]) -> ResumePlan {
    let redriven = events.iter().any(|e| e.scope.is_empty() && is_terminal(e.event_type));
    if !redriven {
        return ResumePlan::Replay { definition: definition.clone(), input: input.clone(), events: events.to_vec() };
    }
    restart_plan(definition, input, events)
}

/// The plan that restarts at the last top-level state that did not finish. Terminal events are
/// ignored, so it serves a redrive from the failed state.
pub fn restart_plan(definition: &Value, input: &Value, events: &[HistoryEvent]) -> ResumePlan {
    let mut plan = plan_start(definition, input, events);
    if let ResumePlan::Run { steps, .. } = &mut plan {
        *steps = engine::exec::results_from_history(events).into_iter().collect();
    }
    plan
}

fn plan_start(definition: &Value, input: &Value, events: &[HistoryEvent]) -> ResumePlan {
    let mut open: Option<(&str, &Value, DateTime<Utc>)> = None;
    let mut in_flight = false;
    let mut last_exit: Option<(&str, &Value)> = None;
    let mut last_input: Option<&Value> = None;
    for ev in events.iter().filter(|e| e.scope.is_empty()) {
        if is_terminal(ev.event_type) {
            // Stopped, failed or timed out here: a task that had started was ended by that (a
            // redrive runs it again). Only a task started after the last terminal event (the
            // redriven run, then a crash) has an unknown outcome.
            in_flight = false;
            continue;
        }
        let Some(state) = ev.state.as_deref() else { continue };
        if ev.event_type.is_state_entered() {
            let inp = ev.details.get("input").unwrap_or(&Value::Null);
            open = Some((state, inp, ev.timestamp));
            in_flight = false;
            last_input = Some(inp);
            last_exit = None;
        } else if ev.event_type == EventType::TaskStarted {
            in_flight = true;
        } else if matches!(ev.event_type, EventType::TaskFailed | EventType::TaskSucceeded | EventType::TaskTimedOut) {
            in_flight = false;
        } else if ev.event_type.is_state_exited() {
            open = None;
            last_exit = Some((state, ev.details.get("output").unwrap_or(&Value::Null)));
        }
    }
    let fresh = |drop_through| ResumePlan::run(definition.clone(), input.clone(), drop_through);
    if let Some((state, inp, entered)) = open {
        let mut plan = run_at(definition, state, inp.clone(), 1, Some(entered));
        if in_flight {
            mark_lost_task(&mut plan, state);
        }
        return plan;
    }
    let Some((state, output)) = last_exit else { return fresh(1) };
    let st = definition.pointer(&format!("/States/{}", escape(state))).cloned().unwrap_or(Value::Null);
    if st.get("Type").and_then(Value::as_str) == Some("Choice") {
        // Evaluate it again on its input; its Entered/Exited pair (engine ids 2, 3) is dropped.
        return run_at(definition, state, last_input.cloned().unwrap_or(Value::Null), 3, None);
    }
    match st.get("Next").and_then(Value::as_str) {
        Some(next) => run_at(definition, next, output.clone(), 1, None),
        None => ResumePlan::Succeed(output.clone()),
    }
}

fn run_at(definition: &Value, state: &str, input: Value, drop_through: u64, entered: Option<DateTime<Utc>>) -> ResumePlan {
    let mut def = definition.clone();
    def["StartAt"] = Value::String(state.to_string());
    if let (Some(entered), Some(st)) = (entered, def.pointer_mut(&format!("/States/{}", escape(state)))) {
        remaining_wait(st, &input, entered);
    }
    ResumePlan::run(def, input, drop_through)
}

/// Points the in-flight Task at [`LOST_TASK_RESOURCE`], remembering its resource.
fn mark_lost_task(plan: &mut ResumePlan, state: &str) {
    let ResumePlan::Run { definition, lost_resource, .. } = plan else { return };
    let Some(st) = definition.pointer_mut(&format!("/States/{}", escape(state))) else { return };
    if let Some(Value::String(resource)) = st.get("Resource").cloned() {
        st["Resource"] = Value::String(LOST_TASK_RESOURCE.to_string());
        *lost_resource = Some(resource);
    }
}

/// `"Seconds": N` (or a plain `"SecondsPath": "$.a.b"`) entered at `t` → `"Timestamp": t + N`
/// (absolute waits need no change).
fn remaining_wait(st: &mut Value, input: &Value, entered: DateTime<Utc>) {
    if st.get("Type").and_then(Value::as_str) != Some("Wait") {
        return;
    }
    let from_path = st.get("SecondsPath").and_then(Value::as_str).and_then(|p| simple_path(input, p));
    let Some(secs) = st.get("Seconds").and_then(Value::as_f64).or(from_path) else { return };
    let until = entered + chrono::Duration::milliseconds((secs * 1000.0) as i64);
    if let Some(obj) = st.as_object_mut() {
        obj.remove("Seconds");
        obj.remove("SecondsPath");
        obj.insert("Timestamp".into(), Value::String(until.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)));
    }
}

/// A number at a dotted JSONPath such as `$.wait.seconds` (anything fancier: None).
fn simple_path(input: &Value, path: &str) -> Option<f64> {
    let rest = path.strip_prefix('$')?;
    let mut v = input;
    for key in rest.split('.').skip(1) {
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        v = v.get(key)?;
    }
    v.as_f64()
}

/// JSON-pointer escaping of a state name.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Whether an event type ends an execution.
pub fn is_terminal(t: EventType) -> bool {
    matches!(
        t,
        EventType::ExecutionSucceeded | EventType::ExecutionFailed | EventType::ExecutionAborted | EventType::ExecutionTimedOut
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(id: u64, t: EventType, state: Option<&str>, details: Value) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: id.saturating_sub(1),
            timestamp: DateTime::<Utc>::UNIX_EPOCH,
            event_type: t,
            scope: String::new(),
            state: state.map(str::to_string),
            details,
        }
    }

    fn def() -> Value {
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "W"}], "Default": "B"},
            "W": {"Type": "Wait", "Seconds": 10, "Next": "B"},
            "B": {"Type": "Pass", "End": true}}})
    }

    #[test]
    fn a_history_without_a_terminal_event_is_replayed_whole() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::PassStateEntered, Some("A"), json!({"input": {"x": 1}})),
        ];
        let p = plan(&def(), &json!({"x": 1}), &evs);
        assert_eq!(p, ResumePlan::Replay { definition: def(), input: json!({"x": 1}), events: evs.to_vec() });
        let mut redriven = evs.to_vec();
        redriven.push(ev(3, EventType::ExecutionFailed, None, json!({"error": "E"})));
        assert!(matches!(plan(&def(), &json!({}), &redriven), ResumePlan::Run { .. }), "a redrive restarts instead");
    }

    #[test]
    fn only_started_runs_from_the_start_without_a_second_started_event() {
        let p = restart_plan(&def(), &json!({"x": 1}), &[ev(1, EventType::ExecutionStarted, None, json!({}))]);
        assert_eq!(p, ResumePlan::Run { definition: def(), input: json!({"x": 1}), drop_through: 1, lost_resource: None, steps: HashMap::new() });
    }

    #[test]
    fn an_exited_state_continues_at_next_with_its_output() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::PassStateEntered, Some("A"), json!({"input": {"x": 1}})),
            ev(3, EventType::PassStateExited, Some("A"), json!({"output": {"x": 2}})),
        ];
        let ResumePlan::Run { definition, input, drop_through, .. } = restart_plan(&def(), &json!({}), &evs) else { panic!() };
        assert_eq!((definition["StartAt"].as_str(), input, drop_through), (Some("C"), json!({"x": 2}), 1));
    }

    #[test]
    fn an_exited_choice_is_evaluated_again_and_its_events_dropped() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::ChoiceStateEntered, Some("C"), json!({"input": {"x": 1}})),
            ev(3, EventType::ChoiceStateExited, Some("C"), json!({"output": {"x": 1}})),
        ];
        let ResumePlan::Run { definition, input, drop_through, .. } = restart_plan(&def(), &json!({}), &evs) else { panic!() };
        assert_eq!((definition["StartAt"].as_str(), input, drop_through), (Some("C"), json!({"x": 1}), 3));
    }

    #[test]
    fn a_wait_in_progress_waits_only_until_its_original_end() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::WaitStateEntered, Some("W"), json!({"input": {"x": 1}})),
        ];
        let ResumePlan::Run { definition, .. } = restart_plan(&def(), &json!({}), &evs) else { panic!() };
        assert_eq!(definition["States"]["W"]["Timestamp"], json!("1970-01-01T00:00:10.000Z"));
        assert!(definition["States"]["W"].get("Seconds").is_none());
    }

    #[test]
    fn a_wait_with_a_plain_seconds_path_also_keeps_its_end() {
        let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.w.s", "End": true}}});
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::WaitStateEntered, Some("W"), json!({"input": {"w": {"s": 5}}})),
        ];
        let ResumePlan::Run { definition, .. } = restart_plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!(definition["States"]["W"], json!({"Type": "Wait", "End": true, "Timestamp": "1970-01-01T00:00:05.000Z"}));
    }

    #[test]
    fn a_last_state_that_ended_the_machine_only_needs_the_terminal_event() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::PassStateEntered, Some("B"), json!({"input": {}})),
            ev(3, EventType::PassStateExited, Some("B"), json!({"output": {"done": true}})),
        ];
        assert_eq!(restart_plan(&def(), &json!({}), &evs), ResumePlan::Succeed(json!({"done": true})));
    }

    #[test]
    fn a_task_in_flight_gets_the_stand_in_resource_and_one_not_started_does_not() {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "echo", "End": true}}});
        let mut evs = vec![
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::TaskStateEntered, Some("T"), json!({"input": {}})),
            ev(3, EventType::TaskScheduled, Some("T"), json!({})),
        ];
        let ResumePlan::Run { lost_resource, .. } = restart_plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!(lost_resource, None);
        evs.push(ev(4, EventType::TaskStarted, Some("T"), json!({})));
        let ResumePlan::Run { definition, lost_resource, .. } = restart_plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!((definition["States"]["T"]["Resource"].as_str(), lost_resource.as_deref()), (Some(LOST_TASK_RESOURCE), Some("echo")));
    }

    #[test]
    fn a_task_stopped_by_the_user_runs_again_on_redrive_but_one_lost_after_the_redrive_does_not() {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "echo", "End": true}}});
        let mut evs = vec![
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::TaskStateEntered, Some("T"), json!({"input": {}})),
            ev(3, EventType::TaskStarted, Some("T"), json!({})),
            ev(4, EventType::ExecutionAborted, None, json!({})),
        ];
        let ResumePlan::Run { definition, lost_resource, .. } = plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!((definition["States"]["T"]["Resource"].as_str(), lost_resource), (Some("echo"), None));
        // The redriven run started the task again, then the process died.
        evs.push(ev(5, EventType::TaskStarted, Some("T"), json!({})));
        let ResumePlan::Run { lost_resource, .. } = plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!(lost_resource.as_deref(), Some("echo"));
    }

    #[test]
    fn a_restart_is_seeded_with_the_results_of_the_states_that_ran_before() {
        let def = json!({"StartAt": "Prep", "States": {
            "Prep": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.prep", "Next": "Ask"},
            "Ask": {"Type": "Task", "Resource": "echo", "Parameters": {"prompt": "x is {{States.Prep.x}}"}, "End": true}}});
        let stages = json!({"input": {}, "result": {"x": 1}, "resultPath": {"prep": {"x": 1}}});
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::PassStateEntered, Some("Prep"), json!({"input": {}})),
            ev(3, EventType::PassStateExited, Some("Prep"), json!({"output": {"prep": {"x": 1}}, "stages": stages})),
            ev(4, EventType::TaskStateEntered, Some("Ask"), json!({"input": {"prep": {"x": 1}}})),
            ev(5, EventType::TaskFailed, Some("Ask"), json!({"error": "E"})),
            ev(6, EventType::ExecutionFailed, None, json!({"error": "E"})),
        ];
        let ResumePlan::Run { definition, steps, .. } = restart_plan(&def, &json!({}), &evs) else { panic!() };
        assert_eq!(steps, HashMap::from([("Prep".to_string(), json!({"x": 1}))]));
        assert_eq!(definition["States"]["Ask"]["Parameters"], def["States"]["Ask"]["Parameters"], "the engine renders the templates");
    }

    #[test]
    fn a_redrive_restarts_the_failed_state() {
        let evs = [
            ev(1, EventType::ExecutionStarted, None, json!({})),
            ev(2, EventType::TaskStateEntered, Some("A"), json!({"input": {"k": 1}})),
            ev(3, EventType::TaskFailed, Some("A"), json!({"error": "E"})),
            ev(4, EventType::ExecutionFailed, None, json!({"error": "E"})),
        ];
        let ResumePlan::Run { definition, input, .. } = restart_plan(&def(), &json!({}), &evs) else { panic!() };
        assert_eq!((definition["StartAt"].as_str(), input), (Some("A"), json!({"k": 1})));
    }
}
