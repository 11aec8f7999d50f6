//! The workflow catalog: the `*.asl.json` files (and their `*.input.json` example inputs) of a
//! folder, parsed with `engine`. It stands in for the durable sqlx store until that exists;
//! server functions find it through Leptos context (`expect_context::<Catalog>()`).

use crate::error::AppError;
use crate::layout::layout;
use crate::model::{StateView, WorkflowDetail, WorkflowSummary};
use serde_json::Value;
use std::path::{Path, PathBuf};

const DEF_SUFFIX: &str = ".asl.json";
const INPUT_SUFFIX: &str = ".input.json";

/// A folder of workflow definitions.
#[derive(Debug, Clone)]
pub struct Catalog {
    dir: PathBuf,
}

impl Catalog {
    /// A catalog over `dir` (nothing is read until asked).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Catalog { dir: dir.into() }
    }

    /// The folder read.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Workflow ids (file names without `.asl.json`), sorted.
    pub fn ids(&self) -> Result<Vec<String>, AppError> {
        let entries = std::fs::read_dir(&self.dir)
            .map_err(|e| AppError::Storage(format!("{}: {e}", self.dir.display())))?;
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|f| f.strip_suffix(DEF_SUFFIX).map(str::to_string))
            .filter(|id| valid_id(id))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// One summary per workflow; unparsable ones are listed with their error.
    pub fn list(&self) -> Result<Vec<WorkflowSummary>, AppError> {
        Ok(self.ids()?.into_iter().map(|id| self.summary(id)).collect())
    }

    fn summary(&self, id: String) -> WorkflowSummary {
        let parsed = self.read_json(&id, DEF_SUFFIX).and_then(|v| parse(&id, &v));
        match parsed {
            Ok(m) => WorkflowSummary {
                id,
                comment: m.comment.clone(),
                start_at: m.start_at.clone(),
                state_count: m.states.len(),
                error: None,
            },
            Err(e) => WorkflowSummary {
                id,
                comment: None,
                start_at: String::new(),
                state_count: 0,
                error: Some(e.to_string()),
            },
        }
    }

    /// The definition, its states and the laid-out graph.
    pub fn detail(&self, id: &str) -> Result<WorkflowDetail, AppError> {
        let value = self.read_json(id, DEF_SUFFIX)?;
        let machine = parse(id, &value)?;
        let states = machine
            .states
            .iter()
            .map(|(name, state)| StateView {
                name: name.clone(),
                type_name: state.type_name().to_string(),
                json: pretty(&value["States"][name.as_str()]),
            })
            .collect();
        let input = self.read_json(id, INPUT_SUFFIX).ok().map(|v| pretty(&v));
        Ok(WorkflowDetail {
            id: id.to_string(),
            comment: machine.comment.clone(),
            definition: pretty(&value),
            input,
            states,
            graph: layout(&machine),
        })
    }

    fn read_json(&self, id: &str, suffix: &str) -> Result<Value, AppError> {
        if !valid_id(id) {
            return Err(AppError::NotFound(id.to_string()));
        }
        let path = self.dir.join(format!("{id}{suffix}"));
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AppError::NotFound(id.to_string()),
            _ => AppError::Storage(format!("{}: {e}", path.display())),
        })?;
        serde_json::from_str(&text).map_err(|e| AppError::Invalid {
            id: id.to_string(),
            message: e.to_string(),
        })
    }
}

fn parse(id: &str, value: &Value) -> Result<engine::StateMachine, AppError> {
    engine::parse_value(value).map_err(|e| AppError::Invalid {
        id: id.to_string(),
        message: e.to_string(),
    })
}

/// Ids are file-name stems: letters, digits, `-` and `_` only (no path tricks).
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Catalog {
        Catalog::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../workflows"))
    }

    #[test]
    fn lists_the_shipped_examples_and_all_parse() {
        let list = examples().list().unwrap();
        let ids: Vec<_> = list.iter().map(|w| w.id.as_str()).collect();
        for want in ["hello-world", "llm-analysis", "readyset-optimization"] {
            assert!(ids.contains(&want), "{want} missing from {ids:?}");
        }
        for w in &list {
            assert_eq!(w.error, None, "{} does not parse", w.id);
        }
    }

    #[test]
    fn detail_has_one_node_per_state() {
        let d = examples().detail("llm-analysis").unwrap();
        assert_eq!(d.states.len(), d.graph.nodes.len() - 2);
        assert!(d.input.is_some());
    }

    #[test]
    fn rejects_path_tricks_and_unknown_ids() {
        let c = examples();
        assert_eq!(c.detail("../Cargo").unwrap_err(), AppError::NotFound("../Cargo".into()));
        assert!(matches!(c.detail("nope"), Err(AppError::NotFound(_))));
    }
}
