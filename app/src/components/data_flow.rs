//! A step's data flow as a pipeline: its input, the value after each stage it has (InputPath,
//! Parameters, the task's result, ResultSelector, ResultPath) and its output (after
//! OutputPath). The engine records the stages in the exit event's `stages`; for history without
//! them, the effective parameters (TaskScheduled) and the raw result (TaskSucceeded) still show.

use crate::sync_hydrate::IntoAnySync;
use serde_json::{Map, Value};
use leptos::prelude::*;

/// One stage of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// `input`, `inputPath`, `parameters`, `result`, `resultSelector`, `error`, `resultPath`,
    /// `output`.
    pub id: &'static str,
    /// Heading.
    pub label: &'static str,
    /// The value after it.
    pub value: Value,
}

/// The stages to show, in data-flow order. `stages` is the exit event's; without it,
/// `parameters` and `result` come from the task's events.
pub fn stages_of(
    input: Option<&Value>,
    stages: Option<&Map<String, Value>>,
    parameters: Option<&Value>,
    result: Option<&Value>,
    output: Option<&Value>,
) -> Vec<Stage> {
    const ORDER: [(&str, &str); 6] = [
        ("inputPath", "After InputPath"),
        ("parameters", "After Parameters"),
        ("result", "Task result"),
        ("resultSelector", "After ResultSelector"),
        ("error", "Caught error"),
        ("resultPath", "After ResultPath"),
    ];
    let mut out = Vec::new();
    let mut push = |id, label, v: Option<&Value>| {
        if let Some(v) = v {
            out.push(Stage { id, label, value: v.clone() });
        }
    };
    push("input", "Input", input);
    match stages {
        Some(s) => ORDER.iter().for_each(|(id, label)| push(id, label, s.get(*id))),
        None => {
            push("parameters", "After Parameters", parameters);
            push("result", "Task result", result);
        }
    }
    push("output", "Output (after OutputPath)", output);
    out
}

/// The pipeline (`data-testid="data-flow"`); Input and Output open, the stages between folded
/// with a one-line preview.
#[component]
pub fn DataFlow(stages: Vec<Stage>, recorded: bool) -> impl IntoView {
    if stages.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No data yet."</p> }.into_any_sync();
    }
    let last = stages.len() - 1;
    let rows = stages
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let pretty = serde_json::to_string_pretty(&s.value).unwrap_or_default();
            let preview = preview(&s.value);
            let open = matches!(s.id, "input" | "output" | "error");
            let testid = match s.id {
                "input" => "step-input".to_string(),
                "output" => "step-output".to_string(),
                id => format!("stage-{id}"),
            };
            let dot = if s.id == "error" { "bg-amber-500" } else if i == 0 || i == last { "bg-slate-700" } else { "bg-sky-500" };
            view! {
                <li class="relative pl-5" data-stage=s.id>
                    <span class=format!("absolute left-0 top-2 h-2.5 w-2.5 rounded-full ring-2 ring-white {dot}")></span>
                    <details open=open class="group">
                        <summary class="flex cursor-pointer list-none items-baseline gap-2 py-1 text-xs">
                            <span class="shrink-0 font-semibold uppercase tracking-wider text-slate-600 group-open:text-slate-900">{s.label}</span>
                            <span class="truncate font-mono text-[11px] text-slate-400 group-open:hidden">{preview}</span>
                        </summary>
                        <super::CopyableJson text=pretty testid
                            class="mb-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2.5 font-mono text-xs leading-5 text-slate-800"/>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section>
            <h4 class="mb-1 text-xs font-semibold uppercase tracking-wider text-slate-500">"Data flow"</h4>
            <ol data-testid="data-flow" class="relative space-y-0.5 before:absolute before:bottom-3 before:left-[4px] before:top-3 before:w-0.5 before:bg-slate-200">
                {rows}
            </ol>
            {(!recorded).then(|| view! {
                <p class="mt-1 text-[11px] text-slate-400">"Stages between input and output are taken from the task's events."</p>
            })}
        </section>
    }
    .into_any_sync()
}

/// The value on one line, cut at 80 characters.
fn preview(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(stages: &[Stage]) -> Vec<&'static str> {
        stages.iter().map(|s| s.id).collect()
    }

    #[test]
    fn recorded_stages_come_in_data_flow_order() {
        let stages = json!({"resultPath": 3, "result": 2, "inputPath": 1, "resultSelector": 4});
        let got = stages_of(Some(&json!(0)), stages.as_object(), None, None, Some(&json!(5)));
        assert_eq!(ids(&got), ["input", "inputPath", "result", "resultSelector", "resultPath", "output"]);
        assert_eq!(got[4].value, json!(3));
    }

    #[test]
    fn without_stages_the_task_events_fill_in() {
        let got = stages_of(Some(&json!({})), None, Some(&json!({"p": 1})), Some(&json!({"r": 2})), None);
        assert_eq!(ids(&got), ["input", "parameters", "result"]);
        assert_eq!(preview(&json!("x".repeat(100))).chars().count(), 81);
    }
}
