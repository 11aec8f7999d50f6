//! Replaying a stored history: how an execution continues after its process died.
//!
//! The engine runs the machine again from `StartAt` on the original input, but every history
//! event it would emit that is already in the stored history is *matched* instead of emitted
//! (it keeps its stored id and timestamp), and every task attempt that has a stored outcome
//! returns that outcome without calling the function. So nothing that completed runs twice, at
//! any depth (inside Parallel branches and Map iterations too), and everything that lives only
//! in memory — variables from `Assign`, `{{States.Step.field}}` results, `$$.State.EnteredTime`
//! — comes back exactly as it was, because the same code computes it again.
//!
//! Why matching works: within one scope (the top level, one Parallel branch or one Map
//! iteration) a machine's events come in a deterministic order, so each emitted event is matched
//! to the first stored, not yet matched event of its scope with the same type, state and Map
//! index. Only events of *different* scopes interleave, and they never compete for a match. One
//! exception is closed explicitly: when a Parallel or Map attempt fails, its other branches or
//! iterations are cancelled mid-run, and what they had stored would otherwise be matched by the next
//! attempt, whose scopes have the same names (see `Inner::close_children`, reached through the
//! state's failure event or, for an attempt that is retried and so has none,
//! [`Journal::attempt_retried`]).
//!
//! What cannot be replayed is reported honestly: a task whose function had started but whose
//! outcome was never stored fails with `States.TaskFailed` ("outcome unknown"), so the state's
//! own Retry and Catch decide what happens, as AWS does for a lost worker. A Wait waits only for
//! the time that was left, and a retry interval (of a Task, Parallel or Map) only for what was
//! left of it: nothing when the state's next attempt is stored, else the interval less the time
//! since the stored failure of the attempt just replayed (see [`Journal::retry_delay`]).

use crate::error::{names, StatesError};
use crate::history::{EventType, HistoryEvent};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// A stored history to continue from. Build it with [`Journal::from_events`] and pass it to
/// [`super::Executor::resume`].
pub struct Journal {
    started: DateTime<Utc>,
    next_id: u64,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Stored events of each scope, in id order.
    scopes: HashMap<String, Vec<Slot>>,
    /// Stored task attempts of each (scope, state), oldest first, with the id of their
    /// `TaskScheduled`; replay pops them.
    tasks: HashMap<(String, String), VecDeque<(u64, Attempt)>>,
    /// When the current attempt of a (scope, state) failed, if that failure was replayed (its
    /// `TaskFailed` or `TaskTimedOut` was matched, or the last event of the failed branch or
    /// iteration of a Parallel or Map attempt is stored): the retry interval runs from then.
    /// Cleared when an attempt begins.
    failed: HashMap<(String, String), DateTime<Utc>>,
}

struct Slot {
    event_type: EventType,
    state: Option<String>,
    index: Option<u64>,
    id: u64,
    timestamp: DateTime<Utc>,
    taken: bool,
}

/// One stored task attempt (from `TaskScheduled` to its outcome).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Attempt {
    /// Scheduled, never started: call the function.
    NotStarted,
    /// Started, no outcome stored: the process died while the function ran.
    Lost,
    /// Ended; `started` says whether a `TaskStarted` was stored (an unknown resource fails
    /// before it starts).
    Ended { started: bool, outcome: Recorded },
}

/// A stored task outcome.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Recorded {
    Succeeded(Value),
    Failed(StatesError),
    TimedOut(StatesError),
}

impl Journal {
    /// The journal of `events`, a stored history that starts with `ExecutionStarted` and has no
    /// terminal event (an execution that was still running).
    pub fn from_events(events: &[HistoryEvent]) -> Journal {
        let mut inner = Inner::default();
        // Per (scope, state): the task attempt begun and not ended, and its limits.
        let mut open: HashMap<(String, String), (usize, Limits)> = HashMap::new();
        for ev in events {
            inner.scopes.entry(ev.scope.clone()).or_default().push(Slot {
                event_type: ev.event_type,
                state: ev.state.clone(),
                index: ev.details.get("index").and_then(Value::as_u64),
                id: ev.id,
                timestamp: ev.timestamp,
                taken: false,
            });
            let Some(state) = &ev.state else { continue };
            let key = (ev.scope.clone(), state.clone());
            let attempts = inner.tasks.entry(key.clone()).or_default();
            match ev.event_type {
                EventType::TaskScheduled => {
                    attempts.push_back((ev.id, Attempt::NotStarted));
                    open.insert(key, (attempts.len() - 1, Limits::scheduled(&ev.details)));
                }
                EventType::TaskStarted => {
                    if let Some((i, limits)) = open.get_mut(&key) {
                        limits.started = Some(ev.timestamp);
                        if let Some((_, a)) = attempts.get_mut(*i) {
                            *a = Attempt::Lost;
                        }
                    }
                }
                EventType::TaskSucceeded | EventType::TaskFailed | EventType::TaskTimedOut => {
                    let Some((i, limits)) = open.remove(&key) else { continue };
                    if let Some((_, a)) = attempts.get_mut(i) {
                        let started = *a == Attempt::Lost;
                        *a = Attempt::Ended { started, outcome: recorded(ev, &limits) };
                    }
                }
                _ => {}
            }
        }
        let started = events.first().map(|e| e.timestamp).unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        let next_id = events.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        Journal { started, next_id, inner: Mutex::new(inner) }
    }

    /// When the execution started (its `ExecutionStarted` timestamp).
    pub fn started(&self) -> DateTime<Utc> {
        self.started
    }

    /// The id the first new event gets.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// Matches an event the engine is about to emit against the stored history: its stored id
    /// and timestamp, or None when it is new.
    pub(crate) fn take(&self, event_type: EventType, scope: &str, state: Option<&str>, index: Option<u64>) -> Option<(u64, DateTime<Utc>)> {
        let mut inner = self.inner.lock().ok()?;
        let slot = inner
            .scopes
            .get_mut(scope)
            .and_then(|slots| slots.iter_mut().find(|s| !s.taken && s.event_type == event_type && s.state.as_deref() == state && s.index == index));
        let found = slot.map(|slot| {
            slot.taken = true;
            (slot.id, slot.timestamp)
        });
        if let (EventType::ParallelStateFailed | EventType::MapStateFailed, Some(state)) = (event_type, state) {
            // Stored or new, the failure ends this attempt's branches or iterations.
            inner.close_children(scope, state, found.map_or(u64::MAX, |(id, _)| id));
        }
        let (id, at) = found?;
        if let (true, Some(state)) = (fails_attempt(event_type), state) {
            inner.failed.insert((scope.to_string(), state.to_string()), at);
        }
        Some((id, at))
    }

    /// A Parallel or Map attempt of `state` (in `scope`) failed after event `last` (its failed
    /// branch's or iteration's last event) and its Retry runs it again. AWS records no failure
    /// event for such an attempt (`Cx::attempt_failed`), so this does what matching one would:
    /// whatever the attempt's branches or iterations stored and the replay did not reach is
    /// closed, up to the next stored event that opens or ends an attempt of the state
    /// (`kinds`: its `…StateStarted`, `…StateFailed`), or all of it when none is stored; and
    /// when `last` is a stored event, the failure was replayed, so the retry interval runs
    /// from its time (see [`Journal::retry_delay`]).
    pub(crate) fn attempt_retried(&self, scope: &str, state: &str, kinds: (EventType, EventType), last: u64) {
        let Ok(mut inner) = self.inner.lock() else { return };
        let next = inner.scopes.get(scope).and_then(|slots| {
            slots.iter().find(|s| !s.taken && (s.event_type == kinds.0 || s.event_type == kinds.1) && s.state.as_deref() == Some(state)).map(|s| s.id)
        });
        inner.close_children(scope, state, next.unwrap_or(u64::MAX));
        let at = inner.scopes.values().flatten().find(|s| s.id == last).map(|s| s.timestamp);
        if let Some(at) = at {
            inner.failed.insert((scope.to_string(), state.to_string()), at);
        }
    }

    /// The next stored attempt of a task state, if any is left.
    pub(crate) fn next_attempt(&self, scope: &str, state: &str) -> Option<Attempt> {
        let mut inner = self.inner.lock().ok()?;
        inner.tasks.get_mut(&(scope.to_string(), state.to_string()))?.pop_front().map(|(_, a)| a)
    }

    /// A retriable state begins an attempt: a replayed failure of an earlier one (or of an
    /// earlier entry of the same state, in a loop) no longer says when the next wait started.
    pub(crate) fn attempt_begins(&self, scope: &str, state: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.failed.remove(&(scope.to_string(), state.to_string()));
        }
    }

    /// How long a retry interval of `delay` still has to run at `now` after an attempt failed.
    /// Nothing when a later attempt is already stored (an unmatched `start` event of the state,
    /// the event that opens an attempt: `TaskScheduled`, `ParallelStateStarted`,
    /// `MapStateStarted`; a later entry of the state counts too, as its wait was over as well);
    /// else what is left since the replayed failure; else (the failure is new) all of it.
    ///
    /// An attempt that fails before its `start` event (its Parameters fail to evaluate) leaves
    /// nothing stored, so its interval is waited again in full.
    pub(crate) fn retry_delay(&self, scope: &str, state: &str, start: EventType, delay: Duration, now: DateTime<Utc>) -> Duration {
        let Ok(mut inner) = self.inner.lock() else { return delay };
        let later = inner
            .scopes
            .get(scope)
            .is_some_and(|slots| slots.iter().any(|s| !s.taken && s.event_type == start && s.state.as_deref() == Some(state)));
        match inner.failed.remove(&(scope.to_string(), state.to_string())) {
            _ if later => Duration::ZERO,
            Some(at) => remaining(at, delay, now),
            None => delay,
        }
    }
}

impl Inner {
    /// A Parallel or Map state `state` of `scope` failed with event `failure` (an id; `u64::MAX`
    /// for a failure the replay emits anew): whatever its branches or iterations stored before
    /// that and the replay did not reach is closed. The failure cancelled them, so they will
    /// never be replayed, and the next attempt (or entry) of the state, whose children have the
    /// same scope names, must not take them: a cancelled task's `TaskStarted` would make the
    /// next attempt's task "lost", and its events would lend it their ids.
    fn close_children(&mut self, scope: &str, state: &str, failure: u64) {
        let parent = if scope.is_empty() { state.to_string() } else { format!("{scope}/{state}") };
        for (_, slots) in self.scopes.iter_mut().filter(|(k, _)| is_child_scope(k, &parent)) {
            for slot in slots.iter_mut().filter(|s| s.id < failure) {
                slot.taken = true;
            }
        }
        for (_, attempts) in self.tasks.iter_mut().filter(|((k, _), _)| is_child_scope(k, &parent)) {
            attempts.retain(|(id, _)| *id > failure);
        }
    }
}

/// The outcome a stored `TaskSucceeded`, `TaskFailed` or `TaskTimedOut` records.
fn recorded(ev: &HistoryEvent, limits: &Limits) -> Recorded {
    let error = || StatesError::new(str_field(&ev.details, "error"), str_field(&ev.details, "cause"));
    match ev.event_type {
        EventType::TaskSucceeded => Recorded::Succeeded(ev.details.get("output").cloned().unwrap_or(Value::Null)),
        EventType::TaskFailed => Recorded::Failed(error()),
        _ if limits.missed_heartbeat(ev.timestamp) => Recorded::TimedOut(StatesError::heartbeat_timeout()),
        _ => Recorded::TimedOut(error()),
    }
}

/// A stored task attempt's limits (its `TaskScheduled`'s `timeoutInSeconds` and
/// `heartbeatInSeconds`) and when it started: what tells a stored `TaskTimedOut` of a missed
/// heartbeat from one of TimeoutSeconds, as AWS gives both the same error, `States.Timeout`,
/// and only Retry and Catch tell them apart (`States.HeartbeatTimeout`).
struct Limits {
    timeout: Option<u64>,
    heartbeat: Option<u64>,
    started: Option<DateTime<Utc>>,
}

impl Limits {
    fn scheduled(details: &Value) -> Self {
        let secs = |k: &str| details.get(k).and_then(Value::as_u64);
        Limits { timeout: secs("timeoutInSeconds"), heartbeat: secs("heartbeatInSeconds"), started: None }
    }

    /// Whether a timeout at `at` was the heartbeat's: the task had one, and either no
    /// TimeoutSeconds or less than TimeoutSeconds had passed since it started (a heartbeat is
    /// always shorter than the timeout, and the timeout fires only when all of it has passed).
    fn missed_heartbeat(&self, at: DateTime<Utc>) -> bool {
        let ran = self.started.map(|s| (at - s).to_std().unwrap_or(Duration::ZERO));
        match (self.heartbeat, self.timeout, ran) {
            (None, _, _) => false,
            (Some(_), None, _) => true,
            (Some(_), Some(t), Some(ran)) => ran < Duration::from_secs(t),
            (Some(_), Some(_), None) => false,
        }
    }
}

/// Whether `scope` is a branch or iteration of `parent` (`parent[3]`), or nested in one.
fn is_child_scope(scope: &str, parent: &str) -> bool {
    let Some(rest) = scope.strip_prefix(parent).and_then(|r| r.strip_prefix('[')) else { return false };
    let Some((index, after)) = rest.split_once(']') else { return false };
    !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) && (after.is_empty() || after.starts_with('/'))
}

/// Whether an event ends a failed attempt of a retriable state.
fn fails_attempt(t: EventType) -> bool {
    matches!(t, EventType::TaskFailed | EventType::TaskTimedOut | EventType::ParallelStateFailed | EventType::MapStateFailed)
}

/// What is left at `now` of `delay` counted from `from`.
pub(crate) fn remaining(from: DateTime<Utc>, delay: Duration, now: DateTime<Utc>) -> Duration {
    let end = from + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    (end - now).to_std().unwrap_or(Duration::ZERO)
}

/// The failure of a task whose outcome was lost with the process.
pub(crate) fn lost_task(resource: &str) -> StatesError {
    StatesError::new(
        names::TASK_FAILED,
        format!("The task '{resource}' was running when the server stopped; its outcome is unknown."),
    )
}

fn str_field(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}
