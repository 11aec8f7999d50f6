//! Helpers shared by the `intrinsics_*` tests: a context whose values the expectations use,
//! and `give` / `fails` / `invalid` table helpers.

#![allow(dead_code)]

use engine::env::Env;
use engine::intrinsics;
use serde_json::{json, Value};

/// A context object like AWS's, with a state machine name that splits on `-`.
pub fn context() -> Value {
    json!({"Execution": {"Id": "arn:aws:states:us-east-1:1:execution:sm:exec-1", "Name": "exec-1",
           "Input": {"FunctionInput": "a,b"}},
           "StateMachine": {"Id": "arn:aws:states:us-east-1:1:stateMachine:my-sm-name", "Name": "my-sm-name"}})
}

/// Evaluates `expr` against `input` and expects exactly `expected` (number kinds included).
pub fn give(expr: &str, input: Value, expected: Value) {
    let ctx = context();
    let call = intrinsics::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let got = call
        .eval(&Env::new(&input, &ctx))
        .unwrap_or_else(|e| panic!("{expr}: {e}"));
    assert_eq!(got, expected, "{expr} on {input}");
}

/// Expects `States.Runtime` with the given detail after AWS's standard prefix.
pub fn fails(expr: &str, input: Value, call: &str, detail: &str) {
    let ctx = context();
    let parsed = intrinsics::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let err = parsed.eval(&Env::new(&input, &ctx)).expect_err(expr);
    assert_eq!(err.error, "States.Runtime", "{expr}");
    let cause = format!("The function '{call}' had the following error: {detail}");
    assert_eq!(err.cause, cause, "{expr}");
}

/// Expects AWS's generic `Invalid arguments in States.<func>` for the call `expr`.
pub fn invalid(expr: &str, input: Value, func: &str) {
    fails(
        expr,
        input,
        expr,
        &format!("Invalid arguments in States.{func}"),
    );
}
