//! The task registry: async functions that `Task` states call by name or ARN-like resource.
//!
//! Registering a function is a few lines:
//!
//! ```
//! use engine::task::{TaskRegistry, FunctionSpec};
//! use serde_json::json;
//! let mut reg = TaskRegistry::new();
//! reg.register_fn(
//!     FunctionSpec::new("double", "Doubles `n`", json!({"type":"object","properties":{"n":{"type":"number"}}})),
//!     |call| async move { Ok(json!(call.input["n"].as_f64().unwrap_or(0.0) * 2.0)) },
//! );
//! assert!(reg.resolve("double").is_some());
//! ```

use crate::clock::Clock;
use crate::error::StatesError;
use futures::future::BoxFuture;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{json, Value};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Receives progress from a running task (e.g. LLM text deltas) for live views.
pub type ProgressSink = Arc<dyn Fn(Value) + Send + Sync>;

/// Everything a task function receives.
#[derive(Clone)]
pub struct TaskCall {
    /// The effective parameters (after InputPath and Parameters).
    pub input: Value,
    /// The `Resource` string as written.
    pub resource: String,
    /// The Task state's name.
    pub state_name: String,
    /// The execution's id.
    pub execution_id: String,
    /// The engine's clock (for functions that wait).
    pub clock: Arc<dyn Clock>,
    /// Where to report progress.
    pub progress: ProgressSink,
}

impl TaskCall {
    /// A call with no execution around it (tests, CLI one-offs).
    pub fn standalone(input: Value, clock: Arc<dyn Clock>) -> Self {
        TaskCall {
            input,
            resource: String::new(),
            state_name: String::new(),
            execution_id: String::new(),
            clock,
            progress: Arc::new(|_| {}),
        }
    }
}

/// A function callable from a Task state.
pub trait TaskFunction: Send + Sync {
    /// Runs the function; errors are ASL errors that Retry/Catch can match.
    fn call(&self, call: TaskCall) -> BoxFuture<'static, Result<Value, StatesError>>;
}

impl<F, Fut> TaskFunction for F
where
    F: Fn(TaskCall) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Value, StatesError>> + Send + 'static,
{
    fn call(&self, call: TaskCall) -> BoxFuture<'static, Result<Value, StatesError>> {
        Box::pin(self(call))
    }
}

/// Name, description and JSON Schema of a function's parameters (editors build forms from it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionSpec {
    /// The name used as `Resource`.
    pub name: String,
    /// One line on what it does.
    pub description: String,
    /// JSON Schema of the parameters object.
    pub parameters: Value,
}

impl FunctionSpec {
    /// Builds a spec.
    pub fn new(name: &str, description: &str, parameters: Value) -> Self {
        FunctionSpec { name: name.into(), description: description.into(), parameters }
    }
}

/// Functions addressed by name.
#[derive(Clone, Default)]
pub struct TaskRegistry {
    functions: IndexMap<String, (FunctionSpec, Arc<dyn TaskFunction>)>,
}

impl TaskRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry with the engine's test functions (`echo`, `fail`, `sleep`).
    pub fn with_builtins() -> Self {
        let mut r = Self::new();
        register_builtins(&mut r);
        r
    }

    /// Adds (or replaces) a function.
    pub fn register(&mut self, spec: FunctionSpec, f: Arc<dyn TaskFunction>) {
        self.functions.insert(spec.name.clone(), (spec, f));
    }

    /// Adds a closure as a function.
    pub fn register_fn<F, Fut>(&mut self, spec: FunctionSpec, f: F)
    where
        F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, StatesError>> + Send + 'static,
    {
        self.register(spec, Arc::new(f));
    }

    /// Merges another registry in (its entries win), like `{**a, **b}`.
    pub fn extend(&mut self, other: TaskRegistry) {
        self.functions.extend(other.functions);
    }

    /// Finds the function for a `Resource`: its name, or an ARN-like string whose last
    /// `function:` segment (without a `:$LATEST`/version qualifier) names it.
    pub fn resolve(&self, resource: &str) -> Option<Arc<dyn TaskFunction>> {
        if let Some((_, f)) = self.functions.get(resource) {
            return Some(f.clone());
        }
        let tail = resource.rsplit_once(":function:").map(|(_, t)| t)?;
        let name = tail.split(':').next().unwrap_or(tail);
        self.functions.get(name).map(|(_, f)| f.clone())
    }

    /// All specs, in registration order.
    pub fn specs(&self) -> impl Iterator<Item = &FunctionSpec> {
        self.functions.values().map(|(s, _)| s)
    }
}

fn register_builtins(r: &mut TaskRegistry) {
    r.register_fn(
        FunctionSpec::new("echo", "Returns its parameters unchanged (for examples and tests).", json!({"type": "object"})),
        |call| async move { Ok(call.input) },
    );
    r.register_fn(
        FunctionSpec::new(
            "fail",
            "Fails with the given error name and cause (for examples and tests).",
            json!({"type": "object", "properties": {"error": {"type": "string"}, "cause": {"type": "string"}}}),
        ),
        |call| async move {
            let field = |k: &str, d: &str| call.input.get(k).and_then(Value::as_str).unwrap_or(d).to_string();
            Err(StatesError::new(field("error", "States.TaskFailed"), field("cause", "failed on purpose")))
        },
    );
    r.register_fn(
        FunctionSpec::new(
            "sleep",
            "Waits `seconds` on the engine's clock, then returns its parameters.",
            json!({"type": "object", "properties": {"seconds": {"type": "number", "minimum": 0}}, "required": ["seconds"]}),
        ),
        |call| async move {
            let secs = call.input.get("seconds").and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
            call.clock.sleep(Duration::from_secs_f64(secs)).await;
            Ok(call.input)
        },
    );
}
