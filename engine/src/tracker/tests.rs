//! The fold on hand-written histories.

use super::*;
use serde_json::json;

fn ev(id: u64, t: EventType, scope: &str, state: Option<&str>) -> HistoryEvent {
    let timestamp = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::seconds(id as i64);
    HistoryEvent { id, previous_event_id: id - 1, timestamp, event_type: t, scope: scope.into(), state: state.map(Into::into), details: json!({"input": {}}) }
}

#[test]
fn the_end_of_an_execution_closes_every_running_step_and_a_redrive_reopens_the_one_run_again() {
    use EventType::*;
    for end in [ExecutionAborted, ExecutionTimedOut, ExecutionFailed] {
        let mut s = ExecutionStatus::default();
        for e in [
            ev(1, ExecutionStarted, "", None),
            ev(2, MapStateEntered, "", Some("EachItem")),
            ev(3, MapStateStarted, "", Some("EachItem")),
            ev(4, TaskStateEntered, "EachItem[0]", Some("Work")),
        ] {
            s.apply_all(&e);
        }
        let mut stop = ev(5, end, "", None);
        stop.details = json!({"error": "States.Aborted", "cause": "stopped"});
        let mut closed = s.apply_all(&stop);
        closed.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(closed, [("EachItem".to_string(), StepState::Failed), ("EachItem[0]/Work".to_string(), StepState::Failed)], "{end:?}");
        assert!(s.steps.values().all(|st| st.status == StepState::Failed && st.finished_at == Some(stop.timestamp)), "{end:?}: {s:?}");
        assert_eq!((s.steps["EachItem[0]/Work"].error.as_deref(), s.current_steps.len()), (Some("States.Aborted"), 0));

        s.apply_all(&ev(6, ExecutionRedriven, "", None));
        assert_eq!(s.apply_all(&ev(7, MapStateEntered, "", Some("EachItem"))), [("EachItem".to_string(), StepState::Running)]);
        assert_eq!((s.status, s.current_step.as_deref()), (ExecState::Running, Some("EachItem")));
    }
}

/// A Parallel or Map attempt that its Retry repeats records no failure event (as on AWS):
/// the second `…StateStarted` of one entry is its retry.
#[test]
fn a_repeated_parallel_or_map_start_counts_as_a_retry() {
    use EventType::*;
    for (entered, started, exited) in [(ParallelStateEntered, ParallelStateStarted, ParallelStateExited), (MapStateEntered, MapStateStarted, MapStateExited)] {
        let mut s = ExecutionStatus::default();
        for e in [ev(1, ExecutionStarted, "", None), ev(2, entered, "", Some("P")), ev(3, started, "", Some("P")), ev(4, FailStateEntered, "P[0]", Some("F"))] {
            s.apply_all(&e);
        }
        // A Fail in a branch or iteration fails it (FAILED while its retry waits; a Map when
        // no other iteration is open).
        assert_eq!((s.steps["P"].status, s.steps["P"].retries), (StepState::Failed, 0));
        s.apply_all(&ev(5, started, "", Some("P")));
        assert_eq!((s.steps["P"].status, s.steps["P"].retries), (StepState::Running, 1), "{started:?}");
        s.apply_all(&ev(6, exited, "", Some("P")));
        assert_eq!((s.steps["P"].status, s.steps["P"].retries), (StepState::Succeeded, 1));
        // Entered again (a loop): its attempts count from zero.
        s.apply_all(&ev(7, entered, "", Some("P")));
        s.apply_all(&ev(8, started, "", Some("P")));
        assert_eq!(s.steps["P"].retries, 0);
    }
}

fn apply(s: &mut ExecutionStatus, events: &[HistoryEvent]) -> Vec<(String, StepState)> {
    events.iter().flat_map(|e| s.apply_all(e)).collect()
}

/// The review's run: a Parallel with a Retry, branch 0 a Wait `Ok`, branch 1 a Fail `Boom`.
fn failed_attempt() -> (ExecutionStatus, Vec<(String, StepState)>) {
    use EventType::*;
    let mut s = ExecutionStatus::default();
    let changed = apply(
        &mut s,
        &[
            ev(1, ExecutionStarted, "", None),
            ev(2, ParallelStateEntered, "", Some("Par")),
            ev(3, ParallelStateStarted, "", Some("Par")),
            ev(4, WaitStateEntered, "Par[0]", Some("Ok")),
            ev(5, FailStateEntered, "Par[1]", Some("Boom")),
            ev(6, WaitStateAborted, "Par[0]", Some("Ok")),
        ],
    );
    (s, changed)
}

#[test]
fn a_state_aborted_by_a_failed_sibling_is_aborted_not_running() {
    use EventType::*;
    let (s, changed) = failed_attempt();
    assert!(changed.contains(&("Par[0]/Ok".to_string(), StepState::Aborted)), "{changed:?}");
    let ok = &s.steps["Par[0]/Ok"];
    assert_eq!((ok.status, ok.finished_at), (StepState::Aborted, Some(ev(6, WaitStateAborted, "", None).timestamp)));
    assert!(!s.current_steps.iter().any(|k| k.starts_with("Par[")), "{:?}", s.current_steps);
    assert_eq!(serde_json::to_value(StepState::Aborted).unwrap(), json!("ABORTED"));
    // Every kind of aborted state; a Task that failed its branch is aborted too and stays FAILED.
    for (entered, aborted) in [(TaskStateEntered, TaskStateAborted), (ParallelStateEntered, ParallelStateAborted), (MapStateEntered, MapStateAborted)] {
        let mut s = ExecutionStatus::default();
        apply(&mut s, &[ev(1, entered, "M[0]", Some("X")), ev(2, aborted, "M[0]", Some("X"))]);
        assert_eq!((s.steps["M[0]/X"].status, s.current_steps.len()), (StepState::Aborted, 0), "{aborted:?}");
    }
    let mut s = ExecutionStatus::default();
    apply(&mut s, &[ev(1, TaskStateEntered, "M[0]", Some("T")), ev(2, TaskFailed, "M[0]", Some("T")), ev(3, TaskStateAborted, "M[0]", Some("T"))]);
    let t = &s.steps["M[0]/T"];
    assert_eq!((t.status, t.finished_at.is_some(), s.current_steps.len()), (StepState::Failed, true, 0));
    // Stopped by its sibling, the execution then failing does not make it FAILED.
    let (mut s, _) = failed_attempt();
    apply(&mut s, &[ev(7, ParallelStateFailed, "", Some("Par")), ev(8, ExecutionFailed, "", None)]);
    assert_eq!(s.steps["Par[0]/Ok"].status, StepState::Aborted);
}

#[test]
fn a_fail_state_fails_as_it_is_entered_and_a_successful_run_leaves_nothing_running() {
    use EventType::*;
    let (mut s, changed) = failed_attempt();
    assert!(changed.contains(&("Par[1]/Boom".to_string(), StepState::Failed)), "{changed:?}");
    let boom = &s.steps["Par[1]/Boom"];
    assert_eq!((boom.status, boom.finished_at), (StepState::Failed, boom.started_at));
    assert_eq!(s.current_steps, ["Par"]);
    // The retry succeeds.
    apply(
        &mut s,
        &[
            ev(7, ParallelStateStarted, "", Some("Par")),
            ev(8, WaitStateEntered, "Par[0]", Some("Ok")),
            ev(9, PassStateEntered, "Par[1]", Some("Boom")),
            ev(10, PassStateExited, "Par[1]", Some("Boom")),
            ev(11, WaitStateExited, "Par[0]", Some("Ok")),
            ev(12, ParallelStateSucceeded, "", Some("Par")),
            ev(13, ParallelStateExited, "", Some("Par")),
            ev(14, ExecutionSucceeded, "", None),
        ],
    );
    assert_eq!((s.status, s.current_step.as_deref(), s.current_steps.len()), (ExecState::Succeeded, None, 0));
    assert!(s.steps.values().all(|st| !matches!(st.status, StepState::Running | StepState::Retrying)), "{s:?}");
    // A step left open by a stale status is closed at success as ABORTED.
    let (mut s, _) = failed_attempt();
    apply(&mut s, &[ev(7, TaskStateEntered, "", Some("Stale"))]);
    assert_eq!(s.apply_all(&ev(8, ExecutionSucceeded, "", None)), [("Stale".to_string(), StepState::Aborted)]);
    // A top-level Fail: failed at once, the execution's error its.
    let mut s = ExecutionStatus::default();
    apply(&mut s, &[ev(1, ExecutionStarted, "", None), ev(2, FailStateEntered, "", Some("Stop"))]);
    assert_eq!((s.steps["Stop"].status, s.current_step.as_deref()), (StepState::Failed, None));
    let mut end = ev(3, ExecutionFailed, "", None);
    end.details = json!({"error": "E", "cause": "c"});
    s.apply_all(&end);
    assert_eq!((s.steps["Stop"].error.as_deref(), s.steps["Stop"].cause.as_deref()), (Some("E"), Some("c")));
}

#[test]
fn a_parallel_whose_branch_entered_a_fail_state_waits_failed_for_its_retry() {
    use EventType::*;
    let (mut s, changed) = failed_attempt();
    assert!(changed.contains(&("Par".to_string(), StepState::Failed)), "{changed:?}");
    let par = &s.steps["Par"];
    assert_eq!((par.status, par.finished_at, par.retries), (StepState::Failed, None, 0));
    // The retry starts: the failed attempt's steps are not reached yet in this one.
    let pending = |k: &str| (k.to_string(), StepState::Pending);
    assert_eq!(s.apply_all(&ev(7, ParallelStateStarted, "", Some("Par"))), [("Par".to_string(), StepState::Running), pending("Par[0]/Ok"), pending("Par[1]/Boom")]);
    assert_eq!((s.steps["Par"].status, s.steps["Par"].retries), (StepState::Running, 1));
    // Retries exhausted, caught.
    apply(&mut s, &[ev(8, FailStateEntered, "Par[1]", Some("Boom")), ev(9, ParallelStateFailed, "", Some("Par")), ev(10, ParallelStateExited, "", Some("Par"))]);
    assert_eq!((s.steps["Par"].status, s.steps["Par"].retries), (StepState::Caught, 1));
    // A Fail deeper down (in a Map inside the branch) fails the Map; the Parallel only when
    // the Map's failure ends the branch (its MapStateAborted).
    let mut s = ExecutionStatus::default();
    apply(&mut s, &[ev(1, ParallelStateEntered, "", Some("Par")), ev(2, MapStateEntered, "Par[0]", Some("Each")), ev(3, FailStateEntered, "Par[0]/Each[4]", Some("F"))]);
    assert_eq!((s.steps["Par"].status, s.steps["Par[0]/Each"].status), (StepState::Running, StepState::Failed));
    apply(&mut s, &[ev(4, MapStateFailed, "Par[0]", Some("Each")), ev(5, MapStateAborted, "Par[0]", Some("Each"))]);
    assert_eq!((s.steps["Par"].status, s.steps["Par[0]/Each"].status), (StepState::Failed, StepState::Failed));
}
