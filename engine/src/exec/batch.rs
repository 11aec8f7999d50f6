//! A Map's `ItemBatcher`: grouping the iteration inputs into batches, each one iteration's
//! input `{"Items": [...], "BatchInput": …}`, as AWS's distributed Map does. Items keep their
//! order; a batch closes when it holds `MaxItemsPerBatch` items or when the next item would take
//! its items' JSON past `MaxInputBytesPerBatch` (a single larger item still gets a batch of its
//! own rather than being lost).

use super::machine::Cx;
use super::map::path_number;
use super::plan::{BatchInput, BatchPlan, NumSrc};
use crate::error::StatesError;
use serde_json::{Map, Value};

impl Cx<'_, '_> {
    /// `items` (the iteration inputs, ItemSelector applied) in batches. `input` is the state's
    /// input, `eff` the effective input (after InputPath), `ctx` the context object.
    pub(super) fn batches(&self, b: &BatchPlan, items: Vec<Value>, input: &Value, eff: &Value, ctx: &Value) -> Result<Vec<Value>, StatesError> {
        let env = self.env(eff, ctx);
        let limit = |src: &Option<NumSrc>, field: &str| -> Result<Option<u64>, StatesError> {
            let Some(src) = src else { return Ok(None) };
            match path_number(src, &env, false).map_err(|e| self.fail(e))? {
                Value::Number(n) if n.as_u64().is_some_and(|n| n > 0) => Ok(n.as_u64()),
                other => Err(self.fail(StatesError::runtime(format!("{field} must be a positive integer, but was: {other}")))),
            }
        };
        let max_items = limit(&b.max_items, "MaxItemsPerBatch")?;
        let max_bytes = limit(&b.max_bytes, "MaxInputBytesPerBatch")?;
        let batch_input = match &b.input {
            None => None,
            Some(BatchInput::Template(t)) => Some(t.eval(&env, self.run).map_err(|e| self.fail(e))?),
            Some(BatchInput::Jsonata(t)) => Some(t.eval(&self.ja_scope(input, ctx, None, None)).map_err(|e| self.fail(e))?),
        };
        let wrap = |items: Vec<Value>| {
            let mut m = Map::with_capacity(2);
            if let Some(bi) = &batch_input {
                m.insert("BatchInput".into(), bi.clone());
            }
            m.insert("Items".into(), Value::Array(items));
            Value::Object(m)
        };
        let mut batches = Vec::new();
        let (mut current, mut bytes) = (Vec::new(), 0u64);
        for item in items {
            // Serialized only to count bytes, so only under a byte limit.
            let size = if max_bytes.is_some() { serde_json::to_vec(&item).map_or(0, |s| s.len() as u64) } else { 0 };
            let full = max_items.is_some_and(|n| current.len() as u64 >= n) || max_bytes.is_some_and(|n| !current.is_empty() && bytes + size > n);
            if full {
                batches.push(wrap(std::mem::take(&mut current)));
                bytes = 0;
            }
            bytes += size;
            current.push(item);
        }
        if !current.is_empty() {
            batches.push(wrap(current));
        }
        Ok(batches)
    }
}
