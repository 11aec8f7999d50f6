//! Running a `Wait` state through the clock (Seconds, SecondsPath, Timestamp, TimestampPath).

use super::choice::parse_time;
use super::jsonata::query_error;
use super::machine::{num_value, Cx, Step};
use super::plan::NumSrc;
use crate::error::StatesError;
use serde_json::Value;
use std::time::Duration;

impl Cx<'_, '_> {
    pub(crate) async fn run_wait(&self, input: Value, seconds: Option<&NumSrc>, timestamp: Option<&NumSrc>) -> Result<Step, StatesError> {
        let ctx = self.context(0);
        let eff = self.select_owned(&self.st.input_path, input, &ctx)?;
        let env = self.env(&eff, &ctx);
        let delay = match (seconds, timestamp) {
            (Some(src), _) => {
                let v = num_value(src, &env).map_err(|e| self.fail(e))?;
                let shown = match src {
                    NumSrc::Path(p) => p.as_str().to_string(),
                    _ => "Seconds".into(),
                };
                let n = match &v {
                    Value::Number(n) if n.is_i64() || n.is_u64() => n.as_i64().unwrap_or(i64::MAX),
                    _ => {
                        return Err(self.fail(StatesError::runtime(format!(
                            "The SecondsPath parameter cannot be parsed as a long value: {shown} == {v}"
                        ))))
                    }
                };
                if n < 0 {
                    return Err(self.fail(StatesError::runtime(format!("The SecondsPath parameter references a negative value: {shown} == {v}"))));
                }
                let d = Duration::from_secs(n as u64);
                match self.replayed {
                    // Entered before the process died: wait only for what was left.
                    true => super::journal::remaining(self.entered_at, d, self.run.ex.clock.now()),
                    false => d,
                }
            }
            (None, Some(src)) => {
                let v = num_value(src, &env).map_err(|e| self.fail(e))?;
                let t = v.as_str().and_then(parse_time).ok_or_else(|| self.fail(bad_timestamp(src, &v)))?;
                let now = self.run.ex.clock.now();
                (t.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO)
            }
            (None, None) => Duration::ZERO,
        };
        self.run.ex.clock.sleep(delay).await;
        if let Some(ja) = self.ja() {
            return self.ja_finish(ja.into(), eff, None, &ctx);
        }
        let assign = self.eval_assign(self.st.assign.as_ref(), &eff, &ctx)?;
        let out = self.select_owned(&self.st.output_path, eff, &ctx)?;
        Ok(Step { output: out, next: self.st.next, assign, stages: None })
    }
}

/// An unparsable timestamp, worded as AWS words it: through TimestampPath a `States.Runtime`
/// naming the path and showing the text unquoted; from a JSONata `Timestamp` a
/// `States.QueryEvaluationError`.
fn bad_timestamp(src: &NumSrc, v: &Value) -> StatesError {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match src {
        NumSrc::Path(p) => StatesError::runtime(format!(
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {} == {text}",
            p.as_str()
        )),
        NumSrc::Jsonata { .. } => {
            query_error(format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}")).at("Timestamp")
        }
        _ => StatesError::runtime(format!("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {v}")),
    }
}
