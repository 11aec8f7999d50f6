//! Continuing an execution from a stored history (`Executor::resume` with a `Journal`).
//!
//! Each test runs a machine once to get its full history, then pretends the process died after
//! every possible prefix of it and resumes from that prefix. The resumed run must end with the
//! same output, call no task whose success was stored, restore in-memory state (variables,
//! `{{States.Step.field}}` results) and number its new events after the stored ones.

use engine::clock::{Clock, VirtualClock};
use engine::exec::{ExecutionInfo, Executor, Journal, Outcome};
use engine::history::{EventType, HistoryEvent, MemorySink};
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use futures::executor::block_on;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A registry whose `count` function returns its input and counts its calls.
fn counting() -> (Arc<TaskRegistry>, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut r = TaskRegistry::with_builtins();
    let c = calls.clone();
    r.register_fn(FunctionSpec::new("count", "returns its input", json!({})), move |call: TaskCall| {
        c.fetch_add(1, Ordering::SeqCst);
        async move { Ok(call.input) }
    });
    (Arc::new(r), calls)
}

fn executor(def: &Value, registry: Arc<TaskRegistry>) -> Executor {
    let machine = engine::parse_value(def).unwrap();
    let clock: Arc<dyn Clock> = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH);
    Executor::builder(&machine).registry(registry).clock(clock).build().unwrap()
}

fn full_run(def: &Value, input: &Value) -> (Outcome, Vec<HistoryEvent>) {
    let (registry, _) = counting();
    let sink = Arc::new(MemorySink::default());
    let out = block_on(executor(def, registry).run(input.clone(), ExecutionInfo::new("t"), sink.clone()));
    (out, sink.events())
}

fn is_terminal(t: EventType) -> bool {
    matches!(t, EventType::ExecutionSucceeded | EventType::ExecutionFailed | EventType::ExecutionTimedOut | EventType::ExecutionAborted)
}

/// Resumes after every prefix and checks outcome, calls and ids. Every Task has a Retry, so a
/// task whose outcome was lost at the cut runs once more and the output is the same.
fn check_every_prefix(def: Value, input: Value) {
    let (expected, events) = full_run(&def, &input);
    assert!(matches!(expected, Outcome::Succeeded(_)), "{expected:?}");
    let succeeded_full = events.iter().filter(|e| e.event_type == EventType::TaskSucceeded).count();
    for cut in 1..events.len() {
        let prefix = &events[..cut];
        if prefix.iter().any(|e| is_terminal(e.event_type)) {
            continue;
        }
        let (registry, calls) = counting();
        let sink = Arc::new(MemorySink::default());
        let out = block_on(executor(&def, registry).resume(input.clone(), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(prefix)));
        assert_eq!(out, expected, "resumed after {cut} events");
        let succeeded_before = prefix.iter().filter(|e| e.event_type == EventType::TaskSucceeded).count();
        assert_eq!(calls.load(Ordering::SeqCst), succeeded_full - succeeded_before, "calls after a cut at {cut}: completed tasks must not run again");
        let new = sink.events();
        let max = prefix.iter().map(|e| e.id).max().unwrap();
        assert!(new.iter().all(|e| e.id > max), "new ids continue after {max} (cut {cut})");
        let ids: HashSet<u64> = prefix.iter().chain(&new).map(|e| e.id).collect();
        assert_eq!(ids.len(), prefix.len() + new.len(), "ids are unique (cut {cut})");
        assert!(is_terminal(new.last().unwrap().event_type), "the resumed run ends the execution (cut {cut})");
        assert_eq!(new.iter().filter(|e| e.event_type == EventType::ExecutionStarted).count(), 0, "started once (cut {cut})");
    }
}

#[test]
fn a_sequence_of_tasks_resumes_after_every_event() {
    check_every_prefix(
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "count", "Parameters": {"a": 1}, "ResultPath": "$.a",
                  "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "B"},
            "B": {"Type": "Task", "Resource": "count", "Parameters": {"b.$": "$.a.a"}, "ResultPath": "$.b",
                  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}], "Next": "C"},
            "C": {"Type": "Pass", "End": true}}}),
        json!({}),
    );
}

#[test]
fn parallel_branches_and_map_iterations_keep_their_completed_tasks() {
    let retry = json!([{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1, "IntervalSeconds": 3}]);
    check_every_prefix(
        json!({"StartAt": "Fan", "States": {
            "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
                {"StartAt": "L", "States": {"L": {"Type": "Task", "Resource": "count", "Retry": retry, "End": true}}},
                {"StartAt": "R1", "States": {
                    "R1": {"Type": "Task", "Resource": "count", "Retry": retry, "Next": "R2"},
                    "R2": {"Type": "Task", "Resource": "count", "Retry": retry, "End": true}}}]},
            "Each": {"Type": "Map", "ItemsPath": "$[0].items", "MaxConcurrency": 2, "End": true,
                "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "count", "Retry": retry, "End": true}}}}}}),
        json!({"items": [1, 2, 3]}),
    );
}

#[test]
fn variables_and_step_templates_come_back() {
    check_every_prefix(
        json!({"StartAt": "Set", "States": {
            "Set": {"Type": "Pass", "Assign": {"greeting": "hello"}, "Next": "Size"},
            "Size": {"Type": "Task", "Resource": "count", "Parameters": {"bytes": 42}, "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "Ask"},
            "Ask": {"Type": "Task", "Resource": "count", "Retry": [{"ErrorEquals": ["States.ALL"]}],
                    "Parameters": {"prompt": "{{States.Size.bytes}} bytes", "g.$": "$greeting"}, "End": true}}}),
        json!({}),
    );
}

#[test]
fn a_task_in_flight_fails_with_a_clear_cause_and_its_catch_applies() {
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "count", "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let (_, events) = full_run(&def, &json!({}));
    let cut = events.iter().position(|e| e.event_type == EventType::TaskStarted).unwrap() + 1;
    let (registry, calls) = counting();
    let sink = Arc::new(MemorySink::default());
    let out = block_on(executor(&def, registry).resume(json!({}), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(&events[..cut])));
    assert_eq!(calls.load(Ordering::SeqCst), 0, "an outcome that was lost is not guessed by calling again without a Retry");
    let Outcome::Succeeded(v) = out else { panic!("{out:?}") };
    assert_eq!(v["Error"], "States.TaskFailed");
    assert!(v["Cause"].as_str().unwrap().contains("was running when the server stopped"), "{v}");
    assert_eq!(sink.events()[0].event_type, EventType::TaskFailed);
}

#[test]
fn a_wait_waits_only_for_the_time_that_was_left() {
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": true}}});
    let (_, events) = full_run(&def, &json!({}));
    let cut = events.iter().position(|e| e.event_type == EventType::WaitStateEntered).unwrap() + 1;
    let machine = engine::parse_value(&def).unwrap();
    let clock = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH + chrono::Duration::seconds(60));
    let ex = Executor::builder(&machine).clock(clock.clone()).build().unwrap();
    let sink = Arc::new(MemorySink::default());
    let out = block_on(ex.resume(json!({}), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(&events[..cut])));
    assert!(matches!(out, Outcome::Succeeded(_)));
    assert_eq!(clock.now(), chrono::DateTime::UNIX_EPOCH + chrono::Duration::seconds(100), "40 s were left of 100");
}

/// A registry whose `flaky` function fails with `Boom` on its first call when `fail_first`,
/// else returns its input; it counts its calls.
fn flaky(fail_first: bool) -> (Arc<TaskRegistry>, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut r = TaskRegistry::with_builtins();
    let c = calls.clone();
    r.register_fn(FunctionSpec::new("flaky", "fails once", json!({})), move |call: TaskCall| {
        let first = c.fetch_add(1, Ordering::SeqCst) == 0;
        async move {
            match fail_first && first {
                true => Err(engine::StatesError::new("Boom", "first call")),
                false => Ok(call.input),
            }
        }
    });
    (Arc::new(r), calls)
}

/// `def`'s state `S` (a Task of `flaky`, or a Parallel or Map whose only task is it) fails once at 0 s and is
/// retried after 10 s. Resumed with the history cut after the failed call's `TaskFailed`, or
/// after the whole failed attempt (a Parallel or Map records no failure event of its own for
/// an attempt its Retry repeats, only the aborted task), at 4 s, it waits the 6 s left; cut after
/// the second attempt began (its `started` event, at 10 s), it does not wait again.
fn resumes_mid_retry_wait(def: Value, started: EventType) {
    let input = json!({"items": [1]});
    let run = |prefix: Option<&[HistoryEvent]>, at: i64| {
        let (registry, calls) = flaky(prefix.is_none());
        let machine = engine::parse_value(&def).unwrap();
        let clock = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH + chrono::Duration::seconds(at));
        let ex = Executor::builder(&machine).registry(registry).clock(clock.clone()).build().unwrap();
        let sink = Arc::new(MemorySink::default());
        let out = match prefix {
            None => block_on(ex.run(input.clone(), ExecutionInfo::new("t"), sink.clone())),
            Some(p) => block_on(ex.resume(input.clone(), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(p))),
        };
        (out, sink.events(), clock.now().timestamp(), calls.load(Ordering::SeqCst))
    };
    let (expected, events, end, calls) = run(None, 0);
    assert!(matches!(expected, Outcome::Succeeded(_)), "{expected:?}");
    assert_eq!((end, calls), (10, 2), "the full run fails once and retries after 10 s");
    let task_failed = events.iter().position(|e| e.event_type == EventType::TaskFailed).unwrap() + 1;
    let second = events.iter().enumerate().filter(|(_, e)| e.event_type == started).nth(1).unwrap().0;
    for cut in [task_failed, second] {
        let (out, _, end, calls) = run(Some(&events[..cut]), 4);
        assert_eq!(out, expected);
        assert_eq!((end, calls), (10, 1), "cut {cut}: 6 s were left of 10, and only the second attempt calls the task");
    }
    let (out, _, end, calls) = run(Some(&events[..second + 1]), 10);
    assert_eq!(out, expected);
    assert_eq!((end, calls), (10, 1), "the second attempt had begun: its wait was over");
}

#[test]
fn a_parallel_retry_waits_only_for_the_interval_that_was_left() {
    let branch = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "flaky", "End": true}}});
    resumes_mid_retry_wait(
        json!({"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [branch], "End": true,
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 10, "MaxAttempts": 2}]}}}),
        EventType::ParallelStateStarted,
    );
}

#[test]
fn a_map_retry_waits_only_for_the_interval_that_was_left() {
    let processor = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "flaky", "End": true}}});
    resumes_mid_retry_wait(
        json!({"StartAt": "S", "States": {"S": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, "End": true,
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 10, "MaxAttempts": 2}]}}}),
        EventType::MapStateStarted,
    );
}

#[test]
fn a_task_retry_waits_only_for_the_interval_that_was_left() {
    resumes_mid_retry_wait(
        json!({"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "flaky", "End": true,
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 10, "MaxAttempts": 2}]}}}),
        EventType::TaskScheduled,
    );
}

/// A future that is pending once (and wakes itself), then ready: lets the other branches run.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

/// `fail_once` yields, then fails with `Boom` on its first call; `hang_once` never returns on
/// its first call (its branch is cancelled when the sibling fails). Both return their input
/// afterwards. Counts the calls of each.
fn cancelling(first_run: bool) -> (Arc<TaskRegistry>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let (fails, hangs) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut r = TaskRegistry::with_builtins();
    let c = fails.clone();
    r.register_fn(FunctionSpec::new("fail_once", "fails once", json!({})), move |call: TaskCall| {
        let first = c.fetch_add(1, Ordering::SeqCst) == 0 && first_run;
        async move {
            YieldOnce(false).await;
            match first {
                true => Err(engine::StatesError::new("Boom", "first call")),
                false => Ok(call.input),
            }
        }
    });
    let c = hangs.clone();
    r.register_fn(FunctionSpec::new("hang_once", "hangs once", json!({})), move |call: TaskCall| {
        let first = c.fetch_add(1, Ordering::SeqCst) == 0 && first_run;
        async move {
            if first {
                futures::future::pending::<()>().await;
            }
            Ok(call.input)
        }
    });
    (Arc::new(r), fails, hangs)
}

/// A Parallel whose first attempt fails in one branch while the other branch's task is still
/// running (it is cancelled, so its stored `TaskScheduled`/`TaskStarted` never get an outcome),
/// then succeeds on retry. Resumed after every prefix, the cancelled task of the first attempt
/// must not be taken for the second attempt's task (it would fail as "outcome unknown" or
/// steal its event ids).
#[test]
fn a_retried_parallel_does_not_take_its_cancelled_attempts_tasks_for_the_next_ones() {
    for (kind, def) in [
        ("Parallel", json!({"StartAt": "S", "States": {"S": {"Type": "Parallel", "End": true,
            "Branches": [
                {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "fail_once", "End": true}}},
                {"StartAt": "H", "States": {"H": {"Type": "Task", "Resource": "hang_once", "End": true}}}],
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 1}]}}})),
        ("Map", json!({"StartAt": "S", "States": {"S": {"Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "F"}], "Default": "H"},
                "F": {"Type": "Task", "Resource": "fail_once", "End": true},
                "H": {"Type": "Task", "Resource": "hang_once", "End": true}}},
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 1}]}}})),
    ] {
        let input = json!({"items": [0, 1]});
        let run = |prefix: Option<&[HistoryEvent]>| {
            let (registry, fails, hangs) = cancelling(prefix.is_none());
            let machine = engine::parse_value(&def).unwrap();
            let clock: Arc<dyn Clock> = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH);
            let ex = Executor::builder(&machine).registry(registry).clock(clock).build().unwrap();
            let sink = Arc::new(MemorySink::default());
            let out = match prefix {
                None => block_on(ex.run(input.clone(), ExecutionInfo::new("t"), sink.clone())),
                Some(p) => block_on(ex.resume(input.clone(), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(p))),
            };
            (out, sink.events(), fails.load(Ordering::SeqCst), hangs.load(Ordering::SeqCst))
        };
        let (expected, events, fails, hangs) = run(None);
        assert!(matches!(expected, Outcome::Succeeded(_)), "{kind}: {expected:?}");
        assert_eq!((fails, hangs), (2, 2), "{kind}: each task runs in both attempts");
        let scheduled = |p: &[HistoryEvent]| p.iter().filter(|e| e.event_type == EventType::TaskScheduled).count();
        assert_eq!(scheduled(&events), 4, "{kind}: the first attempt scheduled both tasks");
        let mut checked = 0;
        for cut in 1..events.len() {
            let prefix = &events[..cut];
            // Cuts after the first attempt failed (its task's `TaskFailed`: a retried attempt
            // records no failure of its own), with no task of the second one in flight (a task in
            // flight at the cut fails as "outcome unknown", which is another test's).
            let Some(fail) = prefix.iter().position(|e| e.event_type == EventType::TaskFailed) else { continue };
            let count = |t: EventType| prefix[fail..].iter().filter(|e| e.event_type == t).count();
            if prefix.iter().any(|e| is_terminal(e.event_type)) || count(EventType::TaskStarted) != count(EventType::TaskSucceeded) {
                continue;
            }
            let (out, new, _, _) = run(Some(prefix));
            assert_eq!(out, expected, "{kind}: resumed after {cut} events");
            let ids: HashSet<u64> = prefix.iter().chain(&new).map(|e| e.id).collect();
            assert_eq!(ids.len(), prefix.len() + new.len(), "{kind}: ids are unique (cut {cut})");
            let all: Vec<&HistoryEvent> = prefix.iter().chain(&new).collect();
            assert_eq!(all.iter().filter(|e| e.event_type == EventType::TaskScheduled).count(), 4, "{kind}: four tasks scheduled in all (cut {cut})");
            checked += 1;
        }
        assert!(checked >= 4, "{kind}: {checked} cuts checked");
    }
}
