//! The interpreter core: one execution ([`Run`]), the state loop of a (sub)machine, and
//! the simple states (Pass, Choice, Succeed, Fail). Task, Wait, Parallel and Map have
//! files of their own.

use super::abort::Track;
use super::context::{self, StateCtx};
use super::dataflow::{self, error_matches, in_state, is_terminal};
use super::payload::{StepResults, Template};
use super::steptemplate::{NoResult, StepRecord};
use super::jsonata::OutputAssign;
use super::plan::{ChoiceBranch, Kind, MachinePlan, NumSrc, Place, Select, StatePlan};
use std::borrow::Cow;
use super::{ExecutionInfo, Executor, Outcome};
use crate::env::{Env, Vars};
use crate::error::{names, StatesError};
use crate::history::{EventSink, EventType, Recorder};
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One execution in progress.
pub(crate) struct Run<'e> {
    pub ex: &'e Executor,
    pub rec: Recorder,
    pub info: ExecutionInfo,
    pub input: Value,
    pub exec_ctx: Value,
    pub sm_ctx: Value,
    /// What `{{States.Step.field}}` templates see of each step (only kept when a template
    /// exists, `Executor::record_steps`).
    steps: Mutex<HashMap<String, StepRecord>>,
}

/// Where a (sub)machine runs: its scope label, the enclosing variables and Map item, and the
/// last event of its chain.
pub(crate) struct Frame<'a> {
    pub scope: String,
    pub parent: Option<&'a dyn Vars>,
    pub map_item: Option<(usize, &'a Value)>,
    /// The id of the event the chain's next event follows (its `previousEventId`). AWS links
    /// each event to the one before it *in the same chain*: the execution's top level (0 at
    /// first: its first state entry follows no event), one Parallel branch (from its
    /// `ParallelStateStarted`) or one Map iteration (from its `MapIterationStarted`), so
    /// events of concurrent branches never link to each other.
    pub cursor: AtomicU64,
    /// What a cancellation needs to know about this chain; shared, so it outlives the future
    /// that runs the chain (see [`Track`]).
    pub track: Arc<Track>,
}

impl<'a> Frame<'a> {
    /// A chain whose first event follows event `after`.
    pub fn new(scope: String, parent: Option<&'a dyn Vars>, after: u64) -> Self {
        Frame { scope, parent, map_item: None, cursor: AtomicU64::new(after), track: Arc::new(Track::new()) }
    }

    /// The event the chain's next event follows.
    pub fn last(&self) -> u64 {
        self.cursor.load(Ordering::Relaxed)
    }

    /// Makes `id` the event the chain's next event follows.
    pub fn follow(&self, id: u64) {
        self.cursor.store(id, Ordering::Relaxed);
    }
}

/// Variables of this machine chained to the enclosing scopes (inner reads outer, not back).
pub(crate) struct Chain<'a> {
    pub local: &'a Map<String, Value>,
    pub parent: Option<&'a dyn Vars>,
}

impl Vars for Chain<'_> {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.local.get(name).or_else(|| self.parent.and_then(|p| p.get_var(name)))
    }
}

/// Everything a state's code needs about its current entry.
pub(crate) struct Cx<'a, 'e> {
    pub run: &'a Run<'e>,
    pub frame: &'a Frame<'a>,
    pub st: &'a StatePlan,
    pub vars: &'a Chain<'a>,
    pub entered_id: u64,
    /// The `previousEventId` of the entry: the last event of its chain (0 for the execution's
    /// first state, as AWS records it).
    pub entered_after: u64,
    pub entered_at: DateTime<Utc>,
    /// This entry was already in the stored history being replayed (`entered_at` is its
    /// stored time, so a Wait only waits for what was left).
    pub replayed: bool,
    /// The last task attempt's effective parameters, kept only while history is recorded so the
    /// exit event can show every data-flow stage.
    pub last_params: Mutex<Option<Value>>,
    /// The last event of the branch or iteration whose failure failed the current Parallel or
    /// Map attempt (0 = none): the state's failure, or its retry's next `…StateStarted`,
    /// follows it, as on AWS (see `Cx::attempt_failed`).
    pub failed_after: AtomicU64,
}

/// What a state produced: its output, where to go (None = end) and variables to assign.
pub(crate) struct Step {
    pub output: Value,
    pub next: Option<usize>,
    pub assign: Option<Map<String, Value>>,
    /// Each data-flow stage's value (`inputPath`, `parameters`, `result`, `resultSelector`,
    /// `resultPath`), only when history is recorded: the execution view shows them per step.
    pub stages: Option<Box<Map<String, Value>>>,
}

impl<'e> Run<'e> {
    pub fn new(ex: &'e Executor, input: Value, info: ExecutionInfo, sink: Arc<dyn EventSink>) -> Self {
        let rec = Recorder::new(sink, ex.options.max_history_events, ex.first_event_id);
        Run::with_recorder(ex, input, info, rec)
    }

    /// A run that continues `journal`'s stored history (see [`super::journal`]).
    pub fn replaying(ex: &'e Executor, input: Value, info: ExecutionInfo, sink: Arc<dyn EventSink>, journal: Arc<super::Journal>) -> Self {
        let rec = Recorder::replaying(sink, ex.options.max_history_events, journal);
        Run::with_recorder(ex, input, info, rec)
    }

    fn with_recorder(ex: &'e Executor, input: Value, info: ExecutionInfo, rec: Recorder) -> Self {
        let start = rec.journal().map(|j| j.started()).unwrap_or_else(|| ex.clock.now());
        let exec_ctx = json!({
            "Id": info.id, "Input": input, "Name": info.name,
            "RoleArn": "arn:aws:iam::000000000000:role/wfm-local", "StartTime": context::iso(start), "RedriveCount": 0,
        });
        let sm_ctx = json!({"Id": format!("arn:aws:states:local:000000000000:stateMachine:{}", info.state_machine), "Name": info.state_machine});
        let seeded = ex.seed_steps.iter().flat_map(|s| s.iter()).map(|(k, v)| (k.clone(), StepRecord::Result(v.clone())));
        let steps = Mutex::new(seeded.collect());
        Run { ex, rec, info, input, exec_ctx, sm_ctx, steps }
    }

    /// Runs the whole execution, with the machine-level timeout.
    pub async fn execute(self) -> Outcome {
        let input = self.input.clone();
        if let Err(e) = self.emit_after(EventType::ExecutionStarted, 0, "", None, || json!({"input": input})) {
            return Outcome::Failed(e);
        }
        if let Err(e) = dataflow::check_size(&self.input, self.ex.options.max_payload_bytes, "execution input") {
            return Outcome::Failed(e);
        }
        // AWS links the execution's first state entry to no event (previousEventId 0), not to
        // `ExecutionStarted`.
        let frame = Frame::new(String::new(), None, 0);
        let body = self.run_machine(&self.ex.plan, self.input.clone(), &frame);
        let result = match self.ex.plan.timeout_seconds {
            Some(secs) => {
                let mut left = std::time::Duration::from_secs(secs);
                if let Some(j) = self.rec.journal() {
                    left = super::journal::remaining(j.started(), left, self.ex.clock.now());
                }
                let timer = self.ex.clock.timer(left);
                futures::pin_mut!(body);
                match futures::future::select(body, timer).await {
                    futures::future::Either::Left((r, _)) => r,
                    futures::future::Either::Right(_) => {
                        // The service ends the execution from outside its flow, so the event
                        // follows no event (previousEventId 0) and carries only the error, as
                        // AWS records it (measured against AWS in floci-io/floci#2733 and
                        // #2782: `ExecutionTimedOut` "carrying `States.Timeout` with
                        // `previousEventId` `0`"), like an `ExecutionAborted`.
                        let _ = self.emit_after(EventType::ExecutionTimedOut, 0, "", None, || json!({"error": names::TIMEOUT}));
                        return Outcome::TimedOut(StatesError::new(names::TIMEOUT, "The execution timed out."));
                    }
                }
            }
            None => body.await,
        };
        match result {
            Ok(out) => {
                let _ = self.emit_in(&frame, EventType::ExecutionSucceeded, None, || json!({"output": out}));
                Outcome::Succeeded(out)
            }
            Err(e) => {
                let _ = self.emit_in(&frame, EventType::ExecutionFailed, None, || failure_details(&e));
                Outcome::Failed(e)
            }
        }
    }

    /// Emits an event that follows event `previous`, outside any chain's order (the chain's
    /// last event stays what it was).
    pub fn emit_after(&self, t: EventType, previous: u64, scope: &str, state: Option<&str>, details: impl FnOnce() -> Value) -> Result<u64, StatesError> {
        self.rec.emit_linked(|| self.ex.clock.now(), (t, previous), scope, state, details).map(|(id, _)| id).map_err(history_limit)
    }

    /// Emits a history event in `frame`'s chain: it follows the chain's last event and becomes
    /// it. Exceeding the history limit is a terminal error.
    pub fn emit_in(&self, frame: &Frame, t: EventType, state: Option<&str>, details: impl FnOnce() -> Value) -> Result<u64, StatesError> {
        let id = self.emit_after(t, frame.last(), &frame.scope, state, details)?;
        frame.follow(id);
        Ok(id)
    }

    /// `name` produced `result`, which its templates now see.
    pub fn record_step(&self, name: &str, result: &Value) {
        self.record(name, StepRecord::Result(result.clone()));
    }

    /// `name` failed with `e`; `caught` says where its Catch put the error output, when one
    /// handled it (see [`NoResult::Failed`]). Its templates see no result, even one of an
    /// earlier run, which would be stale.
    pub fn record_failure(&self, name: &str, e: &StatesError, caught: Option<String>) {
        self.record(name, StepRecord::Failed { error: e.error.clone(), cause: e.cause.clone(), caught });
    }

    fn record(&self, name: &str, record: StepRecord) {
        if !self.ex.record_steps {
            return;
        }
        if let Ok(mut s) = self.steps.lock() {
            s.insert(name.to_string(), record);
        }
    }

    /// `st` was entered: until it ends, a template naming it for the first time learns that it
    /// has not finished (or, for a type without a result, that it has none).
    fn record_entry(&self, st: &StatePlan) {
        if !self.ex.record_steps {
            return;
        }
        if let Ok(mut s) = self.steps.lock() {
            if !s.contains_key(&*st.name) {
                s.insert(st.name.to_string(), StepRecord::Entered(st.type_name));
            }
        }
    }

    /// [`Run::run_machine`] boxed, to break the async recursion of Parallel/Map.
    pub fn run_machine_boxed<'a>(&'a self, plan: &'a MachinePlan, input: Value, frame: &'a Frame<'a>) -> BoxFuture<'a, Result<Value, StatesError>> {
        Box::pin(self.run_machine(plan, input, frame))
    }

    /// The state loop of one (sub)machine.
    pub async fn run_machine(&self, plan: &MachinePlan, input: Value, frame: &Frame<'_>) -> Result<Value, StatesError> {
        let mut local = Map::new();
        let mut idx = plan.start;
        let mut input = input;
        loop {
            let st = &plan.states[idx];
            let now = || if st.uses_context || self.rec.wants() { self.ex.clock.now() } else { DateTime::<Utc>::UNIX_EPOCH };
            let entered_after = frame.last();
            let link = (EventType::entered(st.type_name), entered_after);
            let (entered_id, replayed) = self
                .rec
                .emit_linked(|| self.ex.clock.now(), link, &frame.scope, Some(&st.name), || json!({"name": &*st.name, "input": input}))
                .map_err(history_limit)?;
            frame.follow(entered_id);
            frame.track.enter(idx);
            self.record_entry(st);
            let entered_at = replayed.unwrap_or_else(now);
            let step = {
                let vars = Chain { local: &local, parent: frame.parent };
                let cx = Cx { run: self, frame, st, vars: &vars, entered_id, entered_after, entered_at, replayed: replayed.is_some(), last_params: Mutex::new(None), failed_after: AtomicU64::new(0) };
                cx.run_state(input).await.inspect_err(|e| self.record_failure(&st.name, e, None))?
            };
            if let Some(t) = EventType::exited(st.type_name) {
                self.emit_in(frame, t, Some(&st.name), || exited_details(&st.name, &step))?;
            }
            frame.track.exit();
            if let Some(a) = step.assign {
                local.extend(a);
            }
            match step.next {
                Some(n) => {
                    idx = n;
                    input = step.output;
                }
                None => return Ok(step.output),
            }
        }
    }
}

impl StepResults for Run<'_> {
    fn step_result(&self, step: &str) -> Result<Value, NoResult> {
        let steps = self.steps.lock().map_err(|_| NoResult::NotRun)?;
        match steps.get(step) {
            Some(record) => record.get(),
            None if self.ex.state_names.contains(step) => Err(NoResult::NotRun),
            None => Err(NoResult::NoSuchState),
        }
    }
}

impl<'a, 'e> Cx<'a, 'e> {
    /// `$$` for this state entry (built only when the state refers to it).
    pub fn context(&self, retry_count: u64) -> Value {
        if !self.st.uses_context {
            return Value::Null;
        }
        // TestState's given Context object.
        if let Some(given) = self.probe().and_then(|p| p.context.as_ref()) {
            return given.clone();
        }
        let retriable = matches!(self.st.kind, Kind::Task { .. } | Kind::Parallel { .. } | Kind::Map(_));
        let retry_count = retriable.then_some(retry_count);
        let sc = StateCtx { name: &self.st.name, entered: self.entered_at, retry_count, map_item: self.frame.map_item };
        context::build(&self.run.exec_ctx, &self.run.sm_ctx, &sc)
    }

    /// Emits an event of this state in its chain (see [`Frame::cursor`]).
    pub fn emit(&self, t: EventType, details: impl FnOnce() -> Value) -> Result<u64, StatesError> {
        self.run.emit_in(self.frame, t, Some(&self.st.name), details)
    }

    /// An environment over `input` with this state's variables.
    pub fn env<'x>(&'x self, input: &'x Value, ctx: &'x Value) -> Env<'x> {
        Env { input, context: ctx, vars: self.vars }
    }

    /// Wraps an engine-raised error with AWS's "An error occurred while executing the state"
    /// prefix; a failed JSONata expression is recorded on the way (`EvaluationFailed`). The state
    /// TestState tests keeps the bare cause, as AWS's TestState answers (it has no event ids).
    pub fn fail(&self, mut e: StatesError) -> StatesError {
        let location = e.location.take();
        let e = if self.probe().is_some() { e } else { in_state(e, &self.st.name, self.entered_id) };
        match location {
            Some(location) => self.evaluation_failed(e, &location),
            None => e,
        }
    }

    async fn run_state(&self, input: Value) -> Result<Step, StatesError> {
        match &self.st.kind {
            Kind::Pass { result } => self.run_pass(input, result.as_ref()),
            Kind::Choice { rules, default } => self.run_choice(input, rules, *default),
            Kind::Succeed if self.ja().is_some() => self.run_pass(input, None),
            Kind::Succeed => {
                let ctx = self.context(0);
                let eff = self.select_owned(&self.st.input_path, input, &ctx)?;
                let out = self.select_owned(&self.st.output_path, eff, &ctx)?;
                Ok(Step { output: out, next: None, assign: None, stages: None })
            }
            Kind::Fail { error, cause } => Err(self.run_fail(&input, error.as_ref(), cause.as_ref())),
            Kind::Task { .. } => self.run_task(input).await,
            Kind::Wait { seconds, timestamp } => self.run_wait(input, seconds.as_ref(), timestamp.as_ref()).await,
            Kind::Parallel { branches } => self.run_parallel(input, branches).await,
            Kind::Map(m) => self.run_map(input, m).await,
        }
    }

    fn run_pass(&self, input: Value, result: Option<&Value>) -> Result<Step, StatesError> {
        let ctx = self.context(0);
        if let Some(ja) = self.ja() {
            return self.ja_finish(ja.into(), input, None, &ctx);
        }
        let eff = self.select_ref(&self.st.input_path, &input, &ctx)?;
        let produced = match (result, &self.st.parameters) {
            (Some(r), _) => r.clone(),
            (None, Some(t)) => t.eval(&self.env(&eff, &ctx), self.run).map_err(|e| self.fail(e))?,
            (None, None) => eff.into_owned(),
        };
        self.finish(input, produced, &ctx, false)
    }

    fn run_choice(&self, input: Value, rules: &[ChoiceBranch], default: Option<usize>) -> Result<Step, StatesError> {
        let ctx = self.context(0);
        let eff = self.select_owned(&self.st.input_path, input, &ctx)?;
        let env = self.env(&eff, &ctx);
        let mut chosen = None;
        for b in rules {
            if b.rule.matches(&env).map_err(|e| self.fail(e))? {
                chosen = Some(b);
                break;
            }
        }
        let next = match (chosen, default) {
            (Some(b), _) => b.next,
            (None, Some(d)) => d,
            (None, None) => {
                return Err(self.fail(StatesError::new(names::NO_CHOICE_MATCHED, "No Choice Rules matched and no Default was specified.")))
            }
        };
        // The state's own Output and Assign belong to the Default branch: a matched rule applies
        // only its own (none when it has none), as AWS does.
        if let Some(ja) = self.ja() {
            let fields = match chosen {
                Some(b) => b.jsonata.as_deref().map_or(OutputAssign { output: None, assign: None }, OutputAssign::from),
                None => ja.into(),
            };
            let mut step = self.ja_finish(fields, eff, None, &ctx)?;
            step.next = Some(next);
            return Ok(step);
        }
        let assign = match chosen {
            Some(b) => b.assign.as_ref(),
            None => self.st.assign.as_ref(),
        };
        let assign = self.eval_assign(assign, &eff, &ctx)?;
        let out = self.select_owned(&self.st.output_path, eff, &ctx)?;
        Ok(Step { output: out, next: Some(next), assign, stages: None })
    }

    fn run_fail(&self, input: &Value, error: Option<&NumSrc>, cause: Option<&NumSrc>) -> StatesError {
        let ctx = self.context(0);
        let env = self.env(input, &ctx);
        let get = |src: Option<&NumSrc>, field: &str| -> Result<String, StatesError> {
            let v = match src {
                None => return Ok(String::new()),
                Some(NumSrc::Lit(v)) => v.clone(),
                Some(NumSrc::Path(p)) => p.eval(&env).map_err(|_| {
                    self.fail(StatesError::runtime(format!(
                        "The JSONPath '{}' specified for the field '{field}' could not be found in the input '{}'",
                        p.as_str(),
                        super::payload::compact(input)
                    )))
                })?,
                Some(NumSrc::Intrinsic(f)) => f.eval(&env).map_err(|e| self.fail(e))?,
                Some(src @ NumSrc::Jsonata { .. }) => num_value(src, &env).map_err(|e| self.fail(e))?,
            };
            Ok(match v {
                Value::String(s) => s,
                other => other.to_string(),
            })
        };
        match (get(error, "ErrorPath"), get(cause, "CausePath")) {
            (Ok(error), Ok(cause)) => StatesError::new(error, cause),
            (Err(e), _) | (_, Err(e)) => e,
        }
    }

    /// InputPath/OutputPath on an owned value (no copy for `$`).
    pub fn select_owned(&self, sel: &Select, v: Value, ctx: &Value) -> Result<Value, StatesError> {
        match sel {
            Select::All => Ok(v),
            _ => dataflow::select(sel, &self.env(&v, ctx)).map_err(|e| self.fail(e)),
        }
    }

    /// InputPath on a borrowed value (no copy for `$`).
    pub fn select_ref<'x>(&'x self, sel: &Select, v: &'x Value, ctx: &'x Value) -> Result<Cow<'x, Value>, StatesError> {
        match sel {
            Select::All => Ok(Cow::Borrowed(v)),
            _ => dataflow::select(sel, &self.env(v, ctx)).map(Cow::Owned).map_err(|e| self.fail(e)),
        }
    }

    /// Evaluates an Assign template with `$` = `input`.
    pub fn eval_assign(&self, t: Option<&Template>, input: &Value, ctx: &Value) -> Result<Option<Map<String, Value>>, StatesError> {
        let Some(t) = t else { return Ok(None) };
        match t.eval(&self.env(input, ctx), self.run).map_err(|e| self.fail(e))? {
            Value::Object(m) => Ok(Some(m)),
            _ => Err(self.fail(StatesError::runtime("Assign must be an object"))),
        }
    }

    /// ResultSelector (when `select`), Assign, ResultPath, OutputPath, size check.
    pub fn finish(&self, raw_input: Value, result: Value, ctx: &Value, select: bool) -> Result<Step, StatesError> {
        if let Some(ja) = self.ja() {
            return self.ja_finish(ja.into(), raw_input, Some(result), ctx);
        }
        // AWS evaluates Assign on the raw result, before ResultSelector reshapes it.
        let assign = self.eval_assign(self.st.assign.as_ref(), &result, ctx)?;
        let mut stages = self.run.rec.wants().then(|| self.input_stages(&raw_input, &result, ctx));
        let result = match (&self.st.result_selector, select) {
            (Some(t), true) => {
                let selected = t.eval(&self.env(&result, ctx), self.run).map_err(|e| self.fail(e))?;
                if let Some(s) = stages.as_mut() {
                    s.insert("resultSelector".into(), selected.clone());
                }
                selected
            }
            _ => result,
        };
        self.run.record_step(&self.st.name, &result);
        let placed = dataflow::place(&self.st.result_path, raw_input, result).map_err(|e| self.fail(e))?;
        if let Some(s) = stages.as_mut() {
            s.insert("resultPath".into(), placed.clone());
        }
        let out = self.select_owned(&self.st.output_path, placed, ctx)?;
        dataflow::check_size(&out, self.run.ex.options.max_payload_bytes, &self.st.name)?;
        Ok(Step { output: out, next: self.st.next, assign, stages: stages.map(Box::new) })
    }

    /// The stages before the result: after InputPath (when the state has one), the effective
    /// parameters (a Task's last attempt, or a Pass's Parameters) and the raw result.
    fn input_stages(&self, raw_input: &Value, result: &Value, ctx: &Value) -> Map<String, Value> {
        let mut s = Map::new();
        if !matches!(self.st.input_path, Select::All) {
            if let Ok(v) = dataflow::select(&self.st.input_path, &self.env(raw_input, ctx)) {
                s.insert("inputPath".into(), v);
            }
        }
        let params = self.last_params.lock().ok().and_then(|mut p| p.take());
        match (params, &self.st.kind) {
            (Some(p), _) => {
                s.insert("parameters".into(), p);
            }
            (None, Kind::Pass { result: None }) if self.st.parameters.is_some() => {
                s.insert("parameters".into(), result.clone());
            }
            _ => {}
        }
        s.insert("result".into(), result.clone());
        s
    }

    /// After retries are exhausted: the first matching Catch, else the error itself.
    pub fn catch(&self, raw_input: Value, e: StatesError, ctx: &Value) -> Result<Step, StatesError> {
        let Some(c) = self.st.catch.iter().find(|c| error_matches(&c.errors, &e)) else { return Err(e) };
        let err_out = json!({"Error": e.error, "Cause": e.cause});
        if let Some(ja) = c.jsonata.as_deref() {
            return self.ja_catch(ja.into(), raw_input, err_out, ctx, c.next);
        }
        self.run.record_failure(&self.st.name, &e, Some(placed_at(&c.result_path)));
        let assign = self.eval_assign(c.assign.as_ref(), &err_out, ctx)?;
        let stages = self.run.rec.wants().then(|| {
            let mut s = Map::new();
            s.insert("error".into(), err_out.clone());
            s
        });
        let out = dataflow::place(&c.result_path, raw_input, err_out).map_err(|e| self.fail(e))?;
        let stages = stages.map(|mut s| {
            s.insert("resultPath".into(), out.clone());
            Box::new(s)
        });
        Ok(Step { output: out, next: Some(c.next), assign, stages })
    }

    /// Whether a failure may be retried or caught at all.
    pub fn recoverable(e: &StatesError) -> bool {
        !is_terminal(e)
    }
}

/// Where a Catch with this ResultPath puts its error output, in words.
fn placed_at(result_path: &Place) -> String {
    match result_path {
        Place::At(p) => format!("is at '{}' in the input of the state the Catch went to (its ResultPath)", p.as_str()),
        Place::Replace => "is the whole input of the state the Catch went to (its ResultPath is '$')".into(),
        Place::Discard => "was discarded (its ResultPath is null)".into(),
    }
}

/// A state's exit: its name, output, data-flow stages (when recorded) and, as AWS records them
/// (`assignedVariables`), the variables it assigned, left out when it assigned none
/// (LocalStack's AWS-recorded `test_assign_base` snapshot).
fn exited_details(name: &str, step: &Step) -> Value {
    let mut d = Map::new();
    d.insert("name".into(), Value::String(name.to_string()));
    d.insert("output".into(), step.output.clone());
    if let Some(stages) = &step.stages {
        d.insert("stages".into(), Value::Object((**stages).clone()));
    }
    if let Some(a) = step.assign.as_ref().filter(|a| !a.is_empty()) {
        d.insert("assignedVariables".into(), Value::Object(a.clone()));
    }
    Value::Object(d)
}

/// `ExecutionFailed`'s details: an empty error or cause (a Fail state without them) is left
/// out, as AWS leaves it out.
pub(crate) fn failure_details(e: &StatesError) -> Value {
    let mut d = Map::new();
    for (key, text) in [("error", &e.error), ("cause", &e.cause)] {
        if !text.is_empty() {
            d.insert(key.into(), Value::String(text.clone()));
        }
    }
    Value::Object(d)
}

/// Exceeding the history limit is a terminal error.
fn history_limit(limit: u64) -> StatesError {
    StatesError::runtime(format!("The execution reached the maximum number of history events ({limit})."))
}

/// Reads a number-like field (literal or path) for messages like AWS's.
pub(crate) fn num_value(src: &NumSrc, env: &Env) -> Result<Value, StatesError> {
    match src {
        NumSrc::Lit(v) => Ok(v.clone()),
        NumSrc::Path(p) => dataflow::eval_path(p, env),
        NumSrc::Intrinsic(f) => f.eval(env),
        NumSrc::Jsonata { template, expected } => {
            let v = template.eval_env(env)?;
            template.check_type(&v, expected)?;
            Ok(v)
        }
    }
}
