//! Running one recorded case `{definition, input, expected}` and comparing it with what AWS
//! recorded; shared by the conformance corpus and the AWS-mined regression cases.

use engine::exec::{ExecOptions, ExecutionInfo, Executor, Outcome};
use engine::history::NullSink;
use serde_json::Value;
use std::sync::Arc;

/// JSON equality where numbers compare by value (AWS prints `1.0` where we may print `1`).
fn num_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| num_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| num_eq(v, w))),
        _ => a == b,
    }
}

/// Runs one case; Err(reason) on mismatch.
pub fn run_case(case: &Value) -> Result<(), String> {
    let machine = engine::parse_value(&case["definition"]).map_err(|e| format!("parse: {e}"))?;
    let ex = Executor::builder(&machine)
        .options(ExecOptions::default())
        .build()
        .map_err(|e| format!("compile: {e}"))?;
    let out = futures::executor::block_on(ex.run(case["input"].clone(), ExecutionInfo::new("conformance"), Arc::new(NullSink)));
    let got = out.to_json();
    let exp = &case["expected"];
    let loose = case.get("match").is_some() || exp.get("output_checks").is_some();
    let ok = got["status"] == exp["status"]
        && match out {
            Outcome::Succeeded(v) => loose || num_eq(&v, &exp["output"]),
            _ => got["error"] == exp["error"] && (loose || exp.get("cause").is_none() || got["cause"] == exp["cause"]),
        };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {exp}\n   got {got}"))
    }
}
