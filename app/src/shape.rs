//! Shapes stored workflows for pages (ssr only): list summaries with search, the detail with its
//! laid-out graph, version diffs. Pure functions over [`WorkflowRecord`]s, so they are tested
//! without a server.

use crate::backend::WorkflowRecord;
use crate::error::AppError;
use crate::layout::layout;
use crate::model::{DiffKind, DiffLine, StateView, WorkflowDetail, WorkflowSummary};
use engine::validate::Problem;
use serde_json::Value;

/// The list line of a workflow; a definition that does not parse is listed with its error.
pub fn summary(r: &WorkflowRecord) -> WorkflowSummary {
    let mut s = WorkflowSummary {
        id: r.id.clone(),
        name: r.name.clone(),
        version: r.version,
        updated_at: r.updated_at.clone(),
        comment: None,
        start_at: String::new(),
        state_count: 0,
        error: None,
    };
    match engine::parse_value(&r.definition) {
        Ok(m) => {
            s.comment = m.comment.clone();
            s.start_at = m.start_at.clone();
            s.state_count = m.states.len();
        }
        Err(e) => s.error = Some(e.to_string()),
    }
    s
}

/// Whether `s` matches a search: every word of it appears (case-insensitively) in the id, the
/// name or the comment.
pub fn matches(s: &WorkflowSummary, search: &str) -> bool {
    let hay = format!("{} {} {}", s.id, s.name, s.comment.as_deref().unwrap_or_default()).to_lowercase();
    search.to_lowercase().split_whitespace().all(|word| hay.contains(word))
}

/// Everything the workflow page shows of one version.
pub fn detail(r: WorkflowRecord) -> Result<WorkflowDetail, AppError> {
    let machine = engine::parse_value(&r.definition).map_err(|e| AppError::invalid(&r.id, e.to_string()))?;
    let states = machine
        .states
        .iter()
        .map(|(name, state)| StateView {
            name: name.clone(),
            type_name: state.type_name().to_string(),
            json: pretty(&r.definition["States"][name.as_str()]),
        })
        .collect();
    Ok(WorkflowDetail {
        id: r.id,
        name: r.name,
        version: r.version,
        latest_version: r.latest_version,
        updated_at: r.updated_at,
        comment: machine.comment.clone(),
        definition: pretty(&r.definition),
        input: r.input.as_ref().map(pretty),
        states,
        graph: layout(&machine),
        problems: engine::validate::validate_value(&r.definition),
    })
}

/// Definition text as typed in an editor or an import → JSON, or the problem with its line and
/// column.
pub fn parse_text(id: &str, text: &str) -> Result<Value, AppError> {
    serde_json::from_str(text).map_err(|e| {
        let message = format!("not valid JSON: {e}");
        let problem = Problem { code: "INVALID_JSON".into(), message: message.clone(), path: "/".into() };
        AppError::Invalid { id: id.to_string(), message, problems: vec![problem] }
    })
}

/// Line diff of two definitions, pretty-printed (so key order and indentation are the saved
/// ones and the diff reads like the JSON pane).
pub fn diff(from: &Value, to: &Value) -> Vec<DiffLine> {
    let (old, new) = (pretty(from), pretty(to));
    similar::TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|c| DiffLine {
            kind: match c.tag() {
                similar::ChangeTag::Equal => DiffKind::Same,
                similar::ChangeTag::Insert => DiffKind::Added,
                similar::ChangeTag::Delete => DiffKind::Removed,
            },
            old_line: c.old_index().map(|i| i as u32 + 1),
            new_line: c.new_index().map(|i| i as u32 + 1),
            text: c.value().trim_end_matches(['\n', '\r']).to_string(),
        })
        .collect()
}

/// Pretty-printed JSON (two-space indent, keys in saved order).
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(definition: Value) -> WorkflowRecord {
        WorkflowRecord {
            id: "w".into(),
            name: "My flow".into(),
            version: 2,
            latest_version: 3,
            definition,
            input: Some(json!({"a": 1})),
            updated_at: "2026-11-26T07:00:00.000000Z".into(),
        }
    }

    fn two_states() -> Value {
        json!({"Comment": "Greets people", "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}})
    }

    #[test]
    fn summary_reads_comment_start_and_states_or_the_error() {
        let s = summary(&record(two_states()));
        assert_eq!((s.comment.as_deref(), s.start_at.as_str(), s.state_count, s.version), (Some("Greets people"), "A", 2, 2));
        let broken = summary(&record(json!({"StartAt": 3})));
        assert!(broken.error.is_some() && broken.state_count == 0);
    }

    #[test]
    fn search_needs_every_word_somewhere() {
        let s = summary(&record(two_states()));
        assert!(matches(&s, ""));
        assert!(matches(&s, "GREETS flow"));
        assert!(matches(&s, "w"));
        assert!(!matches(&s, "greets nobody"));
    }

    #[test]
    fn detail_lays_out_one_node_per_state_plus_markers() {
        let d = detail(record(two_states())).unwrap();
        assert_eq!((d.states.len(), d.graph.nodes.len(), d.version, d.latest_version), (2, 4, 2, 3));
        assert_eq!(d.input.as_deref(), Some("{\n  \"a\": 1\n}"));
        assert!(matches!(detail(record(json!({"States": {}}))), Err(AppError::Invalid { .. })));
    }

    #[test]
    fn parse_text_reports_line_and_column() {
        let err = parse_text("w", "{\n  \"StartAt\": }").unwrap_err();
        let problem = &err.problems()[0];
        assert_eq!((problem.code.as_str(), problem.path.as_str()), ("INVALID_JSON", "/"));
        assert!(problem.message.contains("line 2"), "{}", problem.message);
    }

    #[test]
    fn diff_numbers_lines_on_both_sides() {
        let from = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
        let to = json!({"StartAt": "B", "States": {"A": {"Type": "Succeed"}}});
        let lines = diff(&from, &to);
        let changed: Vec<_> = lines.iter().filter(|l| l.kind != DiffKind::Same).collect();
        assert_eq!(changed.len(), 2);
        assert_eq!((changed[0].kind, changed[0].old_line, changed[0].new_line), (DiffKind::Removed, Some(2), None));
        assert_eq!((changed[1].kind, changed[1].old_line, changed[1].new_line), (DiffKind::Added, None, Some(2)));
        assert_eq!(changed[1].text, "  \"StartAt\": \"B\",");
        assert!(diff(&from, &from).iter().all(|l| l.kind == DiffKind::Same));
    }
}
