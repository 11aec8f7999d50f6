//! Running a `Map` state: items from ItemsPath, ItemSelector per item, batches (ItemBatcher,
//! `batch.rs`), bounded concurrency (MaxConcurrency, 0 = all at once), tolerated failures, Retry and Catch.

use super::context::{self, StateCtx};
use super::dataflow;
use super::abort::{Nested, NestedPlans};
use super::machine::{num_value, Cx, Frame, Step};
use super::parallel::child_scope;
use super::payload::compact;
use super::plan::{MapPlan, NumSrc};
use crate::env::Env;
use crate::error::{names, StatesError};
use crate::history::EventType;
use futures::future::BoxFuture;
use futures::StreamExt;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

/// How AWS links a Map's iteration events: an iteration starts after the last event of the
/// iteration that ended before it (not after that iteration's `MapIterationSucceeded`), and
/// `MapStateSucceeded` follows the last iteration end event.
struct IterationLinks {
    /// The last event of the chain of the iteration that ended last (at first `MapStateStarted`).
    tail: AtomicU64,
    /// The last `MapIterationSucceeded` / `MapIterationFailed` (at first `MapStateStarted`).
    ended: AtomicU64,
}

/// How one attempt's iterations run: at most `limit` at once, failures weighed against
/// `tolerance`, the first starting after event `started` (`MapStateStarted`).
struct Bounds<'t> {
    limit: usize,
    tolerance: &'t Tolerance,
    started: u64,
}

/// A failed iteration: its error, the last event of its chain and its index.
type IterationFailure = (StatesError, u64, usize);

/// One iteration running: its index and outcome (the outer Result a terminal engine error).
type IterationRun<'a> = BoxFuture<'a, (usize, Result<Result<Value, IterationFailure>, StatesError>)>;

/// Tolerated failures: count and percentage (None = no tolerance configured).
pub(crate) struct Tolerance {
    pub count: Option<u64>,
    pub percentage: Option<f64>,
}

impl Cx<'_, '_> {
    pub(crate) async fn run_map(&self, input: Value, m: &MapPlan) -> Result<Step, StatesError> {
        self.with_retries(input, m, |cx, m, input, ctx| Box::pin(cx.map_attempt(input, m, ctx))).await
    }

    async fn map_attempt(&self, input: &Value, m: &MapPlan, ctx: &Value) -> Result<Value, StatesError> {
        let eff = self.select_ref(&self.st.input_path, input, ctx)?;
        let env = self.env(&eff, ctx);
        // TestState gives what an ItemReader would read.
        let read = self.probe().and_then(|p| p.reader_items.as_ref());
        let items: Cow<Value> = match (read, self.ja().and_then(|j| j.items.as_ref()), &m.items_path) {
            (Some(read), _, _) => Cow::Borrowed(read),
            (None, Some(t), _) => match t.eval_typed(&self.ja_scope(input, ctx, None, None), "array") {
                Ok(items) => Cow::Owned(items),
                // AWS fails the Map state right after recording the evaluation failure.
                Err(e) => return self.map_failed(self.fail(e)),
            },
            (None, None, Some(p)) => Cow::Owned(dataflow::eval_path(p, &env).map_err(|e| self.fail(e))?),
            (None, None, None) => Cow::Borrowed(&*eff),
        };
        let Value::Array(items) = &*items else {
            if self.ja().is_none() && read.is_none() {
                return Err(self.fail(StatesError::runtime(dataflow::not_an_array(m.items_path.as_ref()))));
            }
            // JSONata states report every data problem as a query evaluation error.
            let name = if self.ja().is_some() { names::QUERY_EVALUATION_ERROR } else { names::RUNTIME };
            return Err(self.fail(StatesError::new(name, format!("Map state input must be an array but was: {}", compact(&items)))));
        };
        let concurrency = self.max_concurrency(m, &env)?;
        let tolerance = self.tolerance(m, &env)?;
        // TestState: the tested Map's settings, and its mocked outcome instead of iterations.
        let after_items_path = (self.ja().is_none() && m.items_path.is_some()).then_some(items.as_slice());
        if let Some(outcome) = self.probe_map(concurrency, &tolerance, after_items_path, items.len()) {
            return outcome;
        }
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        let (inputs, started) = match &m.batcher {
            None => {
                let started = self.emit(EventType::MapStateStarted, || json!({"length": items.len()}))?;
                (self.item_inputs(m, &eff, items)?, started)
            }
            // Batches are the iterations, so they are counted before the Map starts.
            Some(b) => {
                let batches = self.batches(b, self.item_inputs(m, &eff, items)?, input, &eff, ctx)?;
                let started = self.emit(EventType::MapStateStarted, || json!({"length": batches.len()}))?;
                (batches, started)
            }
        };
        let total = inputs.len();
        let limit = if concurrency == 0 { total.max(1) } else { concurrency };
        let frames: Vec<Frame> = (0..total).map(|i| Frame::new(child_scope(scope, name, i), Some(self.vars), started)).collect();
        // Kept with this chain while the iterations run: if an outer failure cancels this Map,
        // its open iterations are aborted with it (see `super::abort`).
        let chains = frames.iter().map(|f| f.track.clone()).collect();
        self.frame.track.set_nested(Nested { plans: NestedPlans::Iterations(m.processor.clone()), chains });
        let ran = self.iterations(m, inputs, &frames, Bounds { limit, tolerance: &tolerance, started }).await;
        self.frame.track.clear_nested();
        ran
    }

    /// Runs the iterations of one attempt on `inputs`, each in its frame, and gives the Map's
    /// result, or the failure that ends the attempt (its open iterations aborted).
    async fn iterations(&self, m: &MapPlan, inputs: Vec<Value>, frames: &[Frame<'_>], bounds: Bounds<'_>) -> Result<Value, StatesError> {
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        let Bounds { limit, tolerance, started } = bounds;
        let total = inputs.len();
        let links = IterationLinks { tail: AtomicU64::new(started), ended: AtomicU64::new(started) };
        let mut iterations: Vec<IterationRun<'_>> = Vec::with_capacity(total);
        for (i, (item_input, f)) in inputs.into_iter().zip(frames).enumerate() {
            let links = &links;
            iterations.push(Box::pin(async move { (i, self.iteration(m, i, item_input, f, links).await) }));
        }
        // Iterations start in order, at most `limit` at once, and are taken as they end, so a
        // failure fails the Map at once (as on AWS), not after every earlier iteration ended.
        let mut stream = futures::stream::iter(iterations).buffer_unordered(limit);
        let mut results: Vec<Value> = vec![Value::Null; total];
        let mut failed = 0u64;
        while let Some((i, r)) = stream.next().await {
            match r? {
                Ok(v) => results[i] = v,
                // A terminal error ends the execution at once: no Map failure, no aborts.
                Err((e, _, _)) if !Cx::recoverable(&e) => return Err(e),
                Err((e, last, index)) => {
                    failed += 1;
                    let e = match (tolerance.count.is_none() && tolerance.percentage.is_none(), tolerance.exceeded(failed, total)) {
                        (true, _) => e,
                        (false, true) => StatesError::new(
                            names::EXCEED_TOLERATED_FAILURE,
                            "The specified tolerated failure threshold for the Map Run has been exceeded",
                        ),
                        (false, false) => {
                            results[i] = json!({"Error": e.error, "Cause": e.cause});
                            continue;
                        }
                    };
                    drop(stream);
                    // The state the failed iteration failed in first, then each other open
                    // iteration in index order (see `super::abort`).
                    self.run.abort_running(&m.processor, &frames[index].scope, &frames[index].track, last)?;
                    let chains: Vec<_> = frames.iter().map(|f| f.track.clone()).collect();
                    self.run.abort_open_iterations(&m.processor, scope, name, &chains, last)?;
                    return Err(self.nested_failure(e, last));
                }
            }
        }
        // AWS links `MapStateSucceeded`, and then the state's exit, to the last iteration's
        // end event: the success event is outside the state's chain.
        let ended = links.ended.load(Ordering::Relaxed);
        self.run.emit_after(EventType::MapStateSucceeded, ended, scope, Some(name), || Value::Null)?;
        self.frame.follow(ended);
        Ok(Value::Array(results))
    }

    /// One iteration; the outer Result is a terminal engine error, the inner the iteration's
    /// own, with the last event of its chain (which the Map's failure follows) and its index.
    async fn iteration(
        &self,
        m: &MapPlan,
        i: usize,
        item_input: Value,
        f: &Frame<'_>,
        links: &IterationLinks,
    ) -> Result<Result<Value, IterationFailure>, StatesError> {
        let (scope, name) = (&self.frame.scope, Some(&*self.st.name));
        let start = self.run.emit_after(EventType::MapIterationStarted, links.tail.load(Ordering::Relaxed), scope, name, || json!({"index": i, "name": name}))?;
        f.track.open.store(true, Ordering::Relaxed);
        f.follow(start);
        let r = self.run.run_machine_boxed(&m.processor, item_input, f).await;
        // `{index, name}` as AWS records every iteration event; a failed iteration also says
        // why (AWS's console shows it on the iteration; its history has it only further up).
        let (t, details) = match &r {
            Ok(_) => (EventType::MapIterationSucceeded, json!({"index": i, "name": name})),
            Err(e) => (EventType::MapIterationFailed, json!({"index": i, "name": name, "error": e.error, "cause": e.cause})),
        };
        let last = f.last();
        let end = self.run.emit_after(t, last, scope, name, || details)?;
        f.track.open.store(false, Ordering::Relaxed);
        links.tail.store(last, Ordering::Relaxed);
        links.ended.fetch_max(end, Ordering::Relaxed);
        Ok(r.map_err(|e| (e, last, i)))
    }

    fn map_failed(&self, e: StatesError) -> Result<Value, StatesError> {
        self.emit(EventType::MapStateFailed, || json!({"error": e.error, "cause": e.cause}))?;
        Err(e)
    }

    /// Each item's iteration input (ItemSelector applied).
    fn item_inputs(&self, m: &MapPlan, eff: &Value, items: &[Value]) -> Result<Vec<Value>, StatesError> {
        items.iter().enumerate().map(|(i, item)| self.item_input(m, eff, i, item)).collect()
    }

    fn item_input(&self, m: &MapPlan, eff: &Value, index: usize, item: &Value) -> Result<Value, StatesError> {
        let ja = self.ja().and_then(|j| j.item_selector.as_ref());
        if m.item_selector.is_none() && ja.is_none() {
            return Ok(item.clone());
        }
        let sc = StateCtx { name: &self.st.name, entered: self.entered_at, retry_count: Some(0), map_item: Some((index, item)) };
        let ctx = if self.st.uses_context { context::build(&self.run.exec_ctx, &self.run.sm_ctx, &sc) } else { Value::Null };
        match (ja, &m.item_selector) {
            (Some(t), _) => t.eval(&self.ja_scope(eff, &ctx, None, None)),
            (None, Some(sel)) => sel.eval(&self.env(eff, &ctx), self.run),
            (None, None) => Ok(item.clone()),
        }
        .map_err(|e| self.fail(e))
    }

    fn max_concurrency(&self, m: &MapPlan, env: &Env) -> Result<usize, StatesError> {
        let Some(src) = &m.max_concurrency else { return Ok(0) };
        let v = path_number(src, env, false).map_err(|e| self.fail(e))?;
        match (&v, src) {
            (Value::Number(n), _) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or(0).min(usize::MAX as u64) as usize),
            (_, NumSrc::Path(p)) => Err(self.fail(StatesError::runtime(format!(
                "The MaxConcurrencyPath field refers to value {} which is not a valid integer: {}",
                quoted(&v),
                p.as_str()
            )))),
            _ => Err(self.fail(StatesError::runtime("MaxConcurrency must be a non-negative integer."))),
        }
    }

    fn tolerance(&self, m: &MapPlan, env: &Env) -> Result<Tolerance, StatesError> {
        let count = match &m.tolerated_count {
            None => None,
            Some(src) => {
                let v = path_number(src, env, false).map_err(|e| self.fail(e))?;
                match (v.as_i64(), src) {
                    (Some(n), _) if n < 0 => return Err(self.fail(StatesError::runtime("ToleratedFailureCount cannot be negative."))),
                    (Some(n), _) => Some(n as u64),
                    (None, NumSrc::Path(p)) => {
                        return Err(self.fail(StatesError::runtime(format!(
                            "The ToleratedFailureCountPath field refers to value {} which is not a valid integer: {}",
                            quoted(&v),
                            p.as_str()
                        ))))
                    }
                    _ => return Err(self.fail(StatesError::runtime("ToleratedFailureCount must be an integer."))),
                }
            }
        };
        let percentage = match &m.tolerated_percentage {
            None => None,
            Some(src) => {
                let v = path_number(src, env, true).map_err(|e| self.fail(e))?;
                match (v.as_f64(), src) {
                    (Some(p), _) if !(0.0..=100.0).contains(&p) => {
                        return Err(self.fail(StatesError::runtime("ToleratedFailurePercentage must be between 0 and 100.")))
                    }
                    (Some(p), _) => Some(p),
                    (None, NumSrc::Path(p)) => {
                        return Err(self.fail(StatesError::runtime(format!(
                            "The ToleratedFailurePercentagePath field refers to value {} which is not a valid float: {}",
                            quoted(&v),
                            p.as_str()
                        ))))
                    }
                    _ => return Err(self.fail(StatesError::runtime("ToleratedFailurePercentage must be a number."))),
                }
            }
        };
        Ok(Tolerance { count, percentage })
    }
}

impl Tolerance {
    /// More than the tolerated failures out of `total` iterations.
    pub(crate) fn exceeded(&self, failed: u64, total: usize) -> bool {
        let by_count = self.count.is_some_and(|c| failed > c);
        let by_pct = self.percentage.is_some_and(|p| total > 0 && (failed as f64) * 100.0 / (total as f64) > p);
        by_count || by_pct
    }
}

/// The value of a Map count (`MaxConcurrency…`, `ToleratedFailure…`). Through a `…Path`, AWS
/// parses the text of what it finds (the `"{}"` in its causes), so a string such as `"1"` —
/// say a variable assigned `"1"` — counts as the number: an integer (`Integer.parseInt`) or,
/// for the percentage, a float.
pub(super) fn path_number(src: &NumSrc, env: &Env, float: bool) -> Result<Value, StatesError> {
    let v = num_value(src, env)?;
    let (NumSrc::Path(_), Value::String(text)) = (src, &v) else { return Ok(v) };
    let parsed = match float {
        false => text.parse::<i32>().ok().map(Value::from),
        true => text.trim().parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::from),
    };
    Ok(parsed.unwrap_or(v))
}

/// AWS quotes the offending value as a JSON string of its text: `"NoNumber"`, `"{}"`.
fn quoted(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => compact(other),
    };
    compact(&Value::String(text))
}
