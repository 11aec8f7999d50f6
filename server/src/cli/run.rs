//! `wfm run DEF [--input FILE] [--json] [--track]` (also `--workflow DEF`, the original flag).
//! Exit 0 succeeded, 1 execution failed, 2 invalid definition or usage.

use super::track::TrackSink;
use crate::clock::TokioClock;
use clap::Args;
use engine::clock::ScaledClock;
use engine::exec::{ExecOptions, ExecutionInfo, Executor, Outcome};
use engine::history::{EventSink, NullSink};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `wfm run`.
#[derive(Args)]
pub struct RunArgs {
    /// The definition (ASL JSON).
    definition: Option<PathBuf>,
    /// The definition, as the original WorkflowManager's flag.
    #[arg(long)]
    workflow: Option<PathBuf>,
    /// Input JSON file (default `{}`).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Print each step's status change as it happens.
    #[arg(long)]
    track: bool,
    /// History event limit (0 = unlimited).
    #[arg(long, default_value_t = 25_000)]
    max_history_events: u64,
    /// Multiply Wait and retry delays (0 = no waiting).
    #[arg(long, default_value_t = 1.0)]
    wait_scale: f64,
}

/// A usage or definition problem (exit code 2).
pub struct Invalid(pub String);

pub async fn run(args: RunArgs) -> u8 {
    let Some(def_path) = args.definition.as_ref().or(args.workflow.as_ref()) else {
        eprintln!("error: give a definition file (wfm run DEF.json or --workflow DEF.json)");
        return 2;
    };
    let input = match read_input(args.input.as_deref()) {
        Ok(v) => v,
        Err(Invalid(m)) => return report_invalid(&m, args.json),
    };
    let sink: Arc<dyn EventSink> = if args.track { Arc::new(TrackSink::new(args.json)) } else { Arc::new(NullSink) };
    let opts = ExecOptions { max_history_events: args.max_history_events, ..ExecOptions::default() };
    match run_file(def_path, input, args.wait_scale, opts, sink).await {
        Ok(outcome) => print_outcome(&outcome, args.json),
        Err(Invalid(m)) => report_invalid(&m, args.json),
    }
}

/// Loads, validates, compiles and runs a definition file.
pub async fn run_file(path: &Path, input: Value, wait_scale: f64, opts: ExecOptions, sink: Arc<dyn EventSink>) -> Result<Outcome, Invalid> {
    let text = std::fs::read_to_string(path).map_err(|e| Invalid(format!("cannot read {}: {e}", path.display())))?;
    let problems = engine::validate::validate_str(&text);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|p| format!("{} [{}] {}", p.path, p.code, p.message)).collect();
        return Err(Invalid(format!("invalid definition {}:\n{}", path.display(), lines.join("\n"))));
    }
    let machine = engine::parse(&text).map_err(|e| Invalid(format!("invalid definition {}: {e}", path.display())))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("workflow").trim_end_matches(".json").trim_end_matches(".asl");
    let ex = Executor::builder(&machine)
        .registry(Arc::new(super::registry()))
        .clock(ScaledClock::new(Arc::new(TokioClock), wait_scale))
        .options(opts)
        .build()
        .map_err(|e| Invalid(format!("invalid definition {}: {e}", path.display())))?;
    Ok(ex.run(input, ExecutionInfo::new(name), sink).await)
}

fn read_input(path: Option<&Path>) -> Result<Value, Invalid> {
    let Some(p) = path else { return Ok(json!({})) };
    let text = std::fs::read_to_string(p).map_err(|e| Invalid(format!("cannot read input {}: {e}", p.display())))?;
    serde_json::from_str(&text).map_err(|e| Invalid(format!("input {} is not JSON: line {}, column {}: {e}", p.display(), e.line(), e.column())))
}

fn report_invalid(message: &str, as_json: bool) -> u8 {
    if as_json {
        println!("{}", json!({"status": "INVALID", "error": "InvalidDefinition", "cause": message}));
    }
    eprintln!("error: {message}");
    2
}

fn print_outcome(outcome: &Outcome, as_json: bool) -> u8 {
    if as_json {
        println!("{}", outcome.to_json());
    } else {
        match outcome {
            Outcome::Succeeded(v) => println!("SUCCEEDED\n{}", serde_json::to_string_pretty(v).unwrap_or_default()),
            Outcome::Failed(e) | Outcome::TimedOut(e) => println!("{}\nerror: {}\ncause: {}", outcome.to_json()["status"].as_str().unwrap_or("FAILED"), e.error, e.cause),
            Outcome::Aborted => println!("ABORTED"),
        }
    }
    u8::from(!matches!(outcome, Outcome::Succeeded(_)))
}
