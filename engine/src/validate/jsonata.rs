//! JSONata expressions in JSONata-mode fields: the `{% … %}` surround and a syntax check.
//!
//! Only syntax is checked ([`super::jsonata_syntax`]); evaluating JSONata is the interpreter's
//! job. The surround follows what AWS documents: exactly `{% ` before and ` %}` after the
//! expression, on one line.

use super::{child, codes, index, jsonata_syntax, Sink};
use serde_json::Value;

/// Whether a string is meant as a JSONata expression (it opens with `{%` or closes with `%}`).
/// Blanks around the braces make a literal, as on AWS: `" {% states.input %} "` is output as
/// written.
pub(super) fn looks_like(s: &str) -> bool {
    s.starts_with("{%") || s.ends_with("%}")
}

/// Checks `s` when it looks like a JSONata expression; other strings are literals.
pub(super) fn check_maybe(sink: &mut Sink, s: &str, ptr: &str) {
    check_maybe_in(sink, s, ptr, false);
}

fn check_maybe_in(sink: &mut Sink, s: &str, ptr: &str, catcher: bool) {
    if looks_like(s) {
        check_expr_in(sink, s, ptr, catcher);
    }
}

/// Checks a string that must be a JSONata expression `{% … %}`.
pub(super) fn check_expr(sink: &mut Sink, s: &str, ptr: &str) {
    check_expr_in(sink, s, ptr, false);
}

/// `catcher`: the expression is in a Catcher's `Output` or `Assign`, the only places where
/// `$states.errorOutput` exists.
fn check_expr_in(sink: &mut Sink, s: &str, ptr: &str, catcher: bool) {
    let result = expression(s).and_then(|()| {
        if !catcher && s.contains("$states.errorOutput") {
            return Err("$states.errorOutput is only available in a Catcher's Output and Assign".into());
        }
        Ok(())
    });
    if let Err(msg) = result {
        sink.push(codes::INVALID_JSONATA, ptr, format!("{msg}: {s:?}"));
    }
}

fn expression(s: &str) -> Result<(), String> {
    let inner = s
        .strip_prefix("{% ")
        .and_then(|r| r.strip_suffix(" %}"))
        .ok_or("a JSONata expression must be written \"{% expression %}\", with one space inside each brace")?;
    if inner.contains(['\n', '\r']) {
        return Err("a JSONata expression must be on one line".into());
    }
    if inner.trim().is_empty() {
        return Err("the JSONata expression is empty".into());
    }
    jsonata_syntax::check(inner).map_err(|e| format!("JSONata syntax error: {e}"))
}

/// Checks every string of a JSONata template (`Output`, `Arguments`, `Assign`, …).
pub(super) fn check_template(sink: &mut Sink, v: &Value, ptr: &str) {
    template_in(sink, v, ptr, false);
}

/// Checks a Catcher's `Output` or `Assign`, where `$states.errorOutput` may be read.
pub(super) fn check_catcher_template(sink: &mut Sink, v: &Value, ptr: &str) {
    template_in(sink, v, ptr, true);
}

fn template_in(sink: &mut Sink, v: &Value, ptr: &str, catcher: bool) {
    match v {
        Value::String(s) => check_maybe_in(sink, s, ptr, catcher),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                template_in(sink, item, &index(ptr, i), catcher);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                template_in(sink, item, &child(ptr, k), catcher);
            }
        }
        _ => {}
    }
}
