//! The runtime plan: a definition compiled once (paths parsed, templates built, names
//! resolved to indexes) so that each transition does no parsing or name lookups.

use super::choice::RulePlan;
use super::jsonata::Ja;
use super::payload::Template;
use crate::model::{Catcher, QueryLanguage, Retrier, State, StateMachine};
use crate::path::Path;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A compile problem: the JSON pointer of the field and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct PlanError {
    /// Where, e.g. `/States/Fetch/InputPath`.
    pub pointer: String,
    /// What.
    pub message: String,
}

/// `InputPath`/`OutputPath`: absent = `$`, `null` = `{}`.
#[derive(Debug, Clone)]
pub enum Select {
    /// `$` (no-op).
    All,
    /// `null`: an empty object.
    Nothing,
    /// A path.
    Path(Path),
}

/// `ResultPath`: absent = `$` (replace), `null` = discard the result.
#[derive(Debug, Clone)]
pub enum Place {
    /// Output is the result.
    Replace,
    /// Output is the input.
    Discard,
    /// Result merged into the input at the path.
    At(Path),
}

/// A compiled `Catch` entry.
#[derive(Debug, Clone)]
pub struct CatchPlan {
    /// Error names.
    pub errors: Vec<String>,
    /// Target state index.
    pub next: usize,
    /// Where the error output goes.
    pub result_path: Place,
    /// Variables assigned when caught.
    pub assign: Option<Template>,
    /// Output and Assign of a JSONata state's catcher.
    pub jsonata: Option<Box<JsonataPlan>>,
}

/// The JSONata fields of a state, a Choice rule or a catcher (`QueryLanguage: "JSONata"`).
#[derive(Debug, Clone, Default)]
pub struct JsonataPlan {
    /// Arguments (Task, Parallel).
    pub arguments: Option<Ja>,
    /// Output (default: the result, else the input; in a Catch, the error output).
    pub output: Option<Ja>,
    /// Assign.
    pub assign: Option<Ja>,
    /// Map Items (default: the input).
    pub items: Option<Ja>,
    /// Map ItemSelector.
    pub item_selector: Option<Ja>,
}

/// One Choice rule with where it leads and what it assigns.
#[derive(Debug, Clone)]
pub struct ChoiceBranch {
    /// The condition.
    pub rule: RulePlan,
    /// Target state index.
    pub next: usize,
    /// JSONPath Assign of this rule.
    pub assign: Option<Template>,
    /// JSONata Output and Assign of this rule.
    pub jsonata: Option<Box<JsonataPlan>>,
}

/// Where a number-like field comes from: a literal or a path.
#[derive(Debug, Clone)]
pub enum NumSrc {
    /// Fixed.
    Lit(Value),
    /// Read from the input.
    Path(Path),
    /// Computed by an intrinsic (Fail's ErrorPath/CausePath).
    Intrinsic(Box<crate::intrinsics::Intrinsic>),
    /// A JSONata expression (`"{% … %}"` in a JSONata state) and the JSON type its value must
    /// have (`integer`, `number`, `string`).
    Jsonata { template: Box<Ja>, expected: &'static str },
}

/// Type-specific parts.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `Pass` with its optional `Result`.
    Pass { result: Option<Value> },
    /// `Task`.
    Task { resource: String, timeout: Option<NumSrc>, heartbeat: Option<NumSrc> },
    /// `Choice`: the rules in order, then Default.
    Choice { rules: Vec<ChoiceBranch>, default: Option<usize> },
    /// `Wait`.
    Wait { seconds: Option<NumSrc>, timestamp: Option<NumSrc> },
    /// `Succeed`.
    Succeed,
    /// `Fail`: literal or path/intrinsic sources of error and cause.
    Fail { error: Option<NumSrc>, cause: Option<NumSrc> },
    /// `Parallel`.
    Parallel { branches: Vec<Arc<MachinePlan>> },
    /// `Map` (inline).
    Map(Box<MapPlan>),
}

/// A compiled Map state.
#[derive(Debug, Clone)]
pub struct MapPlan {
    /// The processor.
    pub processor: Arc<MachinePlan>,
    /// Where the items are (None = `$`).
    pub items_path: Option<Path>,
    /// ItemSelector / Parameters.
    pub item_selector: Option<Template>,
    /// MaxConcurrency(Path).
    pub max_concurrency: Option<NumSrc>,
    /// ToleratedFailureCount(Path).
    pub tolerated_count: Option<NumSrc>,
    /// ToleratedFailurePercentage(Path).
    pub tolerated_percentage: Option<NumSrc>,
    /// ItemBatcher (distributed Map): items are run in batches.
    pub batcher: Option<BatchPlan>,
}

/// A Map's `ItemBatcher`: the items (after ItemSelector) are grouped, in order, into batches
/// of at most `max_items` items and `max_bytes` bytes of JSON, and each batch is one
/// iteration's input, `{"Items": [...], "BatchInput": …}` (`BatchInput` only when given).
#[derive(Debug, Clone)]
pub struct BatchPlan {
    /// MaxItemsPerBatch(Path).
    pub max_items: Option<NumSrc>,
    /// MaxInputBytesPerBatch(Path).
    pub max_bytes: Option<NumSrc>,
    /// BatchInput: a payload template (JSONPath) or a JSONata template.
    pub input: Option<BatchInput>,
}

/// What `BatchInput` is compiled to, per query language.
#[derive(Debug, Clone)]
pub enum BatchInput {
    /// JSONPath: a payload template over the state's effective input.
    Template(Template),
    /// JSONata: evaluated with `$states.input` the state's input.
    Jsonata(Box<Ja>),
}

/// One compiled state.
#[derive(Debug, Clone)]
pub struct StatePlan {
    /// Its name.
    pub name: Arc<str>,
    /// ASL type name.
    pub type_name: &'static str,
    /// InputPath.
    pub input_path: Select,
    /// OutputPath.
    pub output_path: Select,
    /// ResultPath.
    pub result_path: Place,
    /// Parameters (ItemSelector for Map lives in MapPlan).
    pub parameters: Option<Template>,
    /// ResultSelector.
    pub result_selector: Option<Template>,
    /// Assign.
    pub assign: Option<Template>,
    /// Next state index; None = End.
    pub next: Option<usize>,
    /// Retry policy.
    pub retry: Vec<Retrier>,
    /// Catchers.
    pub catch: Vec<CatchPlan>,
    /// Whether any path of this state reads `$$` or `$states.context` (the context object is
    /// built only then).
    pub uses_context: bool,
    /// The JSONata fields; `Some` exactly when the state's QueryLanguage is JSONata.
    pub jsonata: Option<Box<JsonataPlan>>,
    /// Type-specific parts.
    pub kind: Kind,
}

/// A compiled (sub)machine.
#[derive(Debug, Clone)]
pub struct MachinePlan {
    /// Index of StartAt.
    pub start: usize,
    /// States in definition order.
    pub states: Vec<StatePlan>,
    /// TimeoutSeconds (top level).
    pub timeout_seconds: Option<u64>,
}

struct Ctx<'a> {
    ptr: String,
    index: &'a HashMap<&'a str, usize>,
    /// The state's QueryLanguage is JSONata.
    jsonata: bool,
}

impl Ctx<'_> {
    fn err(&self, field: &str, message: impl Into<String>) -> PlanError {
        PlanError { pointer: format!("{}/{}", self.ptr, field), message: message.into() }
    }
    fn target(&self, field: &str, name: &str) -> Result<usize, PlanError> {
        self.index.get(name).copied().ok_or_else(|| self.err(field, format!("no state named '{name}'")))
    }
    fn path(&self, field: &str, s: &str) -> Result<Path, PlanError> {
        Path::parse(s).map_err(|e| self.err(field, e.to_string()))
    }
    fn template(&self, field: &str, v: &Option<Value>, steps: bool) -> Result<Option<Template>, PlanError> {
        v.as_ref()
            .map(|v| if steps { Template::compile_in(v, field) } else { Template::compile_plain(v) })
            .transpose()
            .map_err(|m| self.err(field, m))
    }
    fn select(&self, field: &str, v: &Option<Option<String>>) -> Result<Select, PlanError> {
        Ok(match v {
            None => Select::All,
            Some(None) => Select::Nothing,
            Some(Some(p)) if p == "$" => Select::All,
            Some(Some(p)) => Select::Path(self.path(field, p)?),
        })
    }
    fn place(&self, field: &str, v: &Option<Option<String>>) -> Result<Place, PlanError> {
        Ok(match v {
            None => Place::Replace,
            Some(None) => Place::Discard,
            Some(Some(p)) if p == "$" => Place::Replace,
            Some(Some(p)) => Place::At(self.path(field, p)?),
        })
    }
    fn num(&self, field: &str, lit: &Option<Value>, path: &Option<String>) -> Result<Option<NumSrc>, PlanError> {
        Ok(match (lit, path) {
            (Some(v @ Value::String(s)), _) if self.jsonata && crate::jsonata::embedded(s).is_some() => {
                let template = Box::new(Ja::compile(v, field).map_err(|m| self.err(field, m))?);
                Some(NumSrc::Jsonata { template, expected: expected_type(field) })
            }
            (Some(v), _) => Some(NumSrc::Lit(v.clone())),
            (None, Some(p)) => Some(NumSrc::Path(self.path(&format!("{field}Path"), p)?)),
            (None, None) => None,
        })
    }
    /// The JSONata fields named in `fields`, for JSONata states only. `within` is the rule or
    /// catcher they belong to, as a JSON pointer (`Choices/0/`) and as AWS names it in causes
    /// (`Choices[0]/`).
    /// Compiles an `ItemBatcher` object (the validator has checked its fields).
    fn batcher(&self, b: &Value) -> Result<BatchPlan, PlanError> {
        let field = |k: &str| b.get(k).cloned();
        let path = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_string);
        let input = match b.get("BatchInput") {
            None => None,
            Some(v) if self.jsonata => Some(BatchInput::Jsonata(Box::new(Ja::compile(v, "BatchInput").map_err(|m| self.err("ItemBatcher/BatchInput", m))?))),
            Some(v) => self.template("ItemBatcher/BatchInput", &Some(v.clone()), true)?.map(BatchInput::Template),
        };
        Ok(BatchPlan {
            max_items: self.num("MaxItemsPerBatch", &field("MaxItemsPerBatch"), &path("MaxItemsPerBatchPath"))?,
            max_bytes: self.num("MaxInputBytesPerBatch", &field("MaxInputBytesPerBatch"), &path("MaxInputBytesPerBatchPath"))?,
            input,
        })
    }

    fn jsonata_plan(&self, fields: &[(&str, &Option<Value>)], within: (&str, &str)) -> Result<Option<Box<JsonataPlan>>, PlanError> {
        if !self.jsonata {
            return Ok(None);
        }
        let mut plan = JsonataPlan::default();
        for (name, v) in fields {
            let t = Ja::compile_opt(v, &format!("{}{name}", within.1)).map_err(|m| self.err(&format!("{}{name}", within.0), m))?;
            match *name {
                "Arguments" => plan.arguments = t,
                "Output" => plan.output = t,
                "Assign" => plan.assign = t,
                "Items" => plan.items = t,
                _ => plan.item_selector = t,
            }
        }
        Ok(Some(Box::new(plan)))
    }
    fn catchers(&self, c: &[Catcher]) -> Result<Vec<CatchPlan>, PlanError> {
        c.iter()
            .enumerate()
            .map(|(i, c)| {
                Ok(CatchPlan {
                    errors: c.error_equals.clone(),
                    next: self.target(&format!("Catch/{i}/Next"), &c.next)?,
                    result_path: self.place(&format!("Catch/{i}/ResultPath"), &c.result_path)?,
                    assign: if self.jsonata { None } else { self.template(&format!("Catch/{i}/Assign"), &c.assign, false)? },
                    jsonata: self.jsonata_plan(&[("Output", &c.output), ("Assign", &c.assign)], (&format!("Catch/{i}/"), &format!("Catch[{i}]/")))?,
                })
            })
            .collect()
    }
}

impl MachinePlan {
    /// Compiles a whole definition.
    pub fn compile(m: &StateMachine) -> Result<MachinePlan, PlanError> {
        Self::compile_at(m, "", None)
    }

    fn compile_at(m: &StateMachine, ptr: &str, inherited: Option<QueryLanguage>) -> Result<MachinePlan, PlanError> {
        let lang = m.query_language.or(inherited);
        let index: HashMap<&str, usize> = m.states.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let start = *index
            .get(m.start_at.as_str())
            .ok_or_else(|| PlanError { pointer: format!("{ptr}/StartAt"), message: format!("no state named '{}'", m.start_at) })?;
        let mut states = Vec::with_capacity(m.states.len());
        for (name, st) in &m.states {
            let jsonata = st.query_language().or(lang) == Some(QueryLanguage::JSONata);
            let ctx = Ctx { ptr: format!("{ptr}/States/{}", name.replace('~', "~0").replace('/', "~1")), index: &index, jsonata };
            states.push(compile_state(name, st, &ctx, lang)?);
        }
        let timeout_seconds = m.timeout_seconds.as_ref().and_then(Value::as_u64);
        Ok(MachinePlan { start, states, timeout_seconds })
    }
}

fn compile_state(name: &str, st: &State, ctx: &Ctx, lang: Option<QueryLanguage>) -> Result<StatePlan, PlanError> {
    let mut p = StatePlan {
        name: Arc::from(name),
        type_name: st.type_name(),
        input_path: Select::All,
        output_path: Select::All,
        result_path: Place::Replace,
        parameters: None,
        result_selector: None,
        assign: None,
        next: st.next().map(|n| ctx.target("Next", n)).transpose()?,
        retry: Vec::new(),
        catch: Vec::new(),
        uses_context: false,
        jsonata: None,
        kind: Kind::Succeed,
    };
    match st {
        State::Pass(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.result_path = ctx.place("ResultPath", &s.result_path)?;
            p.parameters = ctx.template("Parameters", &s.parameters, true)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            p.kind = Kind::Pass { result: s.result.clone() };
        }
        State::Task(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.result_path = ctx.place("ResultPath", &s.result_path)?;
            p.parameters = ctx.template("Parameters", &s.parameters, true)?;
            p.result_selector = ctx.template("ResultSelector", &s.result_selector, false)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            p.retry = s.retry.clone();
            p.catch = ctx.catchers(&s.catch)?;
            p.kind = Kind::Task {
                resource: s.resource.clone(),
                timeout: ctx.num("TimeoutSeconds", &s.timeout_seconds, &s.timeout_seconds_path)?,
                heartbeat: ctx.num("HeartbeatSeconds", &s.heartbeat_seconds, &s.heartbeat_seconds_path)?,
            };
        }
        State::Choice(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            let mut rules = Vec::with_capacity(s.choices.len());
            for (i, r) in s.choices.iter().enumerate() {
                let field = format!("Choices/{i}");
                let plan = RulePlan::compile_at(r, &format!("Choices[{i}]/Condition")).map_err(|m| ctx.err(&field, m))?;
                let next = r.next.as_deref().ok_or_else(|| ctx.err(&field, "a top-level Choice rule needs Next"))?;
                let assign = if ctx.jsonata { None } else { ctx.template(&format!("{field}/Assign"), &r.assign, false)? };
                let jsonata = ctx.jsonata_plan(&[("Output", &r.output), ("Assign", &r.assign)], (&format!("{field}/"), &format!("Choices[{i}]/")))?;
                rules.push(ChoiceBranch { rule: plan, next: ctx.target(&format!("{field}/Next"), next)?, assign, jsonata });
            }
            let default = s.default.as_deref().map(|d| ctx.target("Default", d)).transpose()?;
            p.kind = Kind::Choice { rules, default };
        }
        State::Wait(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            let ts = s.timestamp.clone().map(Value::String);
            p.kind = Kind::Wait {
                seconds: ctx.num("Seconds", &s.seconds, &s.seconds_path)?,
                timestamp: ctx.num("Timestamp", &ts, &s.timestamp_path)?,
            };
        }
        State::Succeed(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
        }
        State::Fail(s) => {
            let src = |lit: &Option<String>, path: &Option<String>, field: &str| -> Result<Option<NumSrc>, PlanError> {
                Ok(match (lit, path) {
                    (Some(l), _) if ctx.jsonata => ctx.num(field.trim_end_matches("Path"), &Some(Value::String(l.clone())), &None)?,
                    (Some(l), _) => Some(NumSrc::Lit(Value::String(l.clone()))),
                    (None, Some(pth)) if crate::intrinsics::is_intrinsic(pth) => Some(NumSrc::Intrinsic(Box::new(
                        crate::intrinsics::parse(pth).map_err(|e| ctx.err(field, e.to_string()))?,
                    ))),
                    (None, Some(pth)) => Some(NumSrc::Path(ctx.path(field, pth)?)),
                    (None, None) => None,
                })
            };
            p.kind = Kind::Fail { error: src(&s.error, &s.error_path, "ErrorPath")?, cause: src(&s.cause, &s.cause_path, "CausePath")? };
        }
        State::Parallel(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.result_path = ctx.place("ResultPath", &s.result_path)?;
            p.parameters = ctx.template("Parameters", &s.parameters, true)?;
            p.result_selector = ctx.template("ResultSelector", &s.result_selector, false)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            p.retry = s.retry.clone();
            p.catch = ctx.catchers(&s.catch)?;
            let branches = s
                .branches
                .iter()
                .enumerate()
                .map(|(i, b)| MachinePlan::compile_at(b, &format!("{}/Branches/{i}", ctx.ptr), lang).map(Arc::new))
                .collect::<Result<_, _>>()?;
            p.kind = Kind::Parallel { branches };
        }
        State::Map(s) => {
            p.input_path = ctx.select("InputPath", &s.input_path)?;
            p.output_path = ctx.select("OutputPath", &s.output_path)?;
            p.result_path = ctx.place("ResultPath", &s.result_path)?;
            p.result_selector = ctx.template("ResultSelector", &s.result_selector, false)?;
            p.assign = ctx.template("Assign", &s.assign, false)?;
            p.retry = s.retry.clone();
            p.catch = ctx.catchers(&s.catch)?;
            let proc_field = if s.item_processor.is_some() { "ItemProcessor" } else { "Iterator" };
            let processor = s.processor().ok_or_else(|| ctx.err("ItemProcessor", "a Map state needs an ItemProcessor"))?;
            let selector = s.item_selector.as_ref().or(s.parameters.as_ref()).cloned();
            p.kind = Kind::Map(Box::new(MapPlan {
                processor: Arc::new(MachinePlan::compile_at(processor, &format!("{}/{proc_field}", ctx.ptr), lang)?),
                items_path: s.items_path.as_deref().filter(|p| *p != "$").map(|p| ctx.path("ItemsPath", p)).transpose()?,
                item_selector: if ctx.jsonata { None } else { ctx.template("ItemSelector", &selector, true)? },
                max_concurrency: ctx.num("MaxConcurrency", &s.max_concurrency, &s.max_concurrency_path)?,
                tolerated_count: ctx.num("ToleratedFailureCount", &s.tolerated_failure_count, &s.tolerated_failure_count_path)?,
                tolerated_percentage: ctx.num(
                    "ToleratedFailurePercentage",
                    &s.tolerated_failure_percentage,
                    &s.tolerated_failure_percentage_path,
                )?,
                batcher: s.item_batcher.as_ref().map(|b| ctx.batcher(b)).transpose()?,
            }));
        }
    }
    if ctx.jsonata {
        p.assign = None;
        p.parameters = None;
        p.jsonata = ctx.jsonata_plan(&jsonata_fields(st), ("", ""))?;
    }
    p.uses_context = serde_json::to_string(st).map(|s| s.contains("$$") || reads_states_context(&s)).unwrap_or(true);
    Ok(p)
}

/// The JSON type a JSONata expression in a single-value field must give.
fn expected_type(field: &str) -> &'static str {
    match field {
        "Timestamp" | "Error" | "Cause" => "string",
        "ToleratedFailurePercentage" => "number",
        _ => "integer",
    }
}

/// The JSONata template fields a state type has.
fn jsonata_fields(st: &State) -> Vec<(&'static str, &Option<Value>)> {
    match st {
        State::Pass(s) => vec![("Output", &s.output), ("Assign", &s.assign)],
        State::Task(s) => vec![("Arguments", &s.arguments), ("Output", &s.output), ("Assign", &s.assign)],
        State::Choice(s) => vec![("Output", &s.output), ("Assign", &s.assign)],
        State::Wait(s) => vec![("Output", &s.output), ("Assign", &s.assign)],
        State::Succeed(s) => vec![("Output", &s.output)],
        State::Fail(_) => vec![],
        State::Parallel(s) => vec![("Arguments", &s.arguments), ("Output", &s.output), ("Assign", &s.assign)],
        State::Map(s) => vec![("Items", &s.items), ("ItemSelector", &s.item_selector), ("Output", &s.output), ("Assign", &s.assign)],
    }
}

/// Whether a JSONata state reads `$states.context` (or the whole `$states`), so that the
/// context object must be built for it.
fn reads_states_context(def: &str) -> bool {
    def.match_indices("$states").any(|(i, _)| {
        let rest = &def[i + 7..];
        rest.starts_with(".context") || !rest.starts_with('.')
    })
}
