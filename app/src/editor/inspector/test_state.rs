//! "Test state" in the inspector, as in the AWS console's Workflow Studio: runs the selected
//! state alone (`POST /api/test-state`, AWS's TestState) on an input typed here, with the
//! definition as it is on screen (saved or not), and shows the status, the next state, the
//! error and every data-flow stage. A Task's call can be replaced by a mock result, so an LLM
//! prompt template can be tried without spending tokens (a Map's or Parallel's work must be, as
//! on AWS); the results of the steps that its
//! `{{States.Step.field}}` templates name can be typed in, and the input the state had in the
//! latest execution, with the results those steps gave there, can be taken over.

use super::fields::INPUT;
use crate::editor::Editor;
use leptos::prelude::*;
use serde_json::{json, Value};

/// The stages AWS's TestState reports, in data-flow order, with their console labels.
const STAGES: [(&str, &str); 13] = [
    ("input", "Input"),
    ("afterInputPath", "After InputPath"),
    ("afterItemsPath", "After ItemsPath"),
    ("maxConcurrency", "MaxConcurrency"),
    ("toleratedFailureCount", "ToleratedFailureCount"),
    ("toleratedFailurePercentage", "ToleratedFailurePercentage"),
    ("afterParameters", "After Parameters"),
    ("afterArguments", "After Arguments"),
    ("result", "Result"),
    ("afterResultSelector", "After ResultSelector"),
    ("afterResultPath", "After ResultPath"),
    ("variables", "Variables"),
    ("errorDetails", "Error details"),
];

/// The collapsible section: input, optional mock, Run, result.
#[component]
pub fn TestStateSection(name: String, type_name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let input = RwSignal::new("{}".to_string());
    let mock = RwSignal::new(String::new());
    // `{{States.Step.field}}` templates need the named steps' results: one key per step named.
    let named = ed.def.with_untracked(|d| crate::editor::ops::state(d, &name).map(engine::exec::referenced_steps)).unwrap_or_default();
    let templated = !named.is_empty();
    let steps = RwSignal::new(if templated {
        let skeleton: serde_json::Map<String, Value> = named.iter().map(|n| (n.clone(), json!({}))).collect();
        serde_json::to_string_pretty(&skeleton).unwrap_or_default()
    } else {
        String::new()
    });
    let result = RwSignal::new(None::<Result<Value, String>>);
    let busy = RwSignal::new(false);
    // A Task's call can be replaced by a mock result; a Map's or Parallel's work must be.
    let mockable = matches!(type_name.as_str(), "Task" | "Map" | "Parallel");
    // AWS's TestState runs a Map or Parallel only with a mock standing for its work.
    let mock_label = if type_name == "Task" { "Mock result (JSON; empty calls the function)" } else { "Mock result (JSON; required: what the branches or iterations return)" };
    let state_name = name.clone();
    let run = move |_| {
        let body = match request(ed, &name, &input.get_untracked(), mockable.then(|| mock.get_untracked()), &steps.get_untracked()) {
            Ok(b) => b,
            Err(e) => return result.set(Some(Err(e))),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = crate::client::post_json("/api/test-state", &body).await;
            result.set(Some(answer));
            busy.set(false);
        });
    };
    let note = RwSignal::new(None::<String>);
    let asked_for = state_name.clone();
    let fill = move |execution: Option<String>| {
        let (wf, state, wanted) = (ed.id.get_value(), state_name.clone(), named.clone());
        leptos::task::spawn_local(async move {
            match last_run(&wf, &state, &wanted, execution.as_deref()).await {
                Ok((v, results)) => {
                    input.set(serde_json::to_string_pretty(&v).unwrap_or_default());
                    if !results.is_empty() {
                        steps.set(serde_json::to_string_pretty(&results).unwrap_or_default());
                    }
                    note.set(None);
                }
                Err(e) => note.set(Some(e)),
            }
        });
    };
    // Asked for from an execution's page: open with that run's data (once).
    let requested = ed.test_request.try_update_value(|r| r.take_if(|(s, _)| *s == asked_for)).flatten();
    let open = requested.is_some();
    if let Some((_, execution)) = requested {
        fill.clone()(Some(execution));
    }
    let from_last_run = move |_| fill.clone()(None);
    view! {
        <details class="rounded-md border border-slate-200 p-3" data-testid="test-state" open=open>
            <summary class="cursor-pointer text-xs font-semibold uppercase tracking-wider text-slate-600">"Test state"</summary>
            <div class="mt-3 space-y-3">
                <p class="text-xs text-slate-500">"Runs this state alone on the input below, with the definition as it is now; nothing is saved."</p>
                <JsonArea label="State input (JSON)" testid="test-state-input" rows="4" text=input/>
                <button type="button" data-testid="test-state-last-input" on:click=from_last_run class="text-xs font-medium text-sky-700 hover:underline">
                    {if templated { "Use its input and the steps' results from the latest execution" } else { "Use the input it had in the latest execution" }}
                </button>
                {move || note.get().map(|n| view! { <p class="text-xs text-slate-500">{n}</p> })}
                {templated.then(|| view! { <JsonArea label="Earlier steps' results, for {{States.…}} templates" testid="test-state-steps" rows="4" text=steps/> })}
                {mockable.then(|| view! { <JsonArea label=mock_label testid="test-state-mock" rows="2" text=mock/> })}
                <button type="button" data-testid="test-state-run" disabled=move || busy.get() on:click=run
                    class="w-full rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50">
                    {move || if busy.get() { "Testing…" } else { "Test state" }}
                </button>
                {move || result.get().map(|r| match r {
                    Ok(v) => view! { <Outcome result=v/> }.into_any(),
                    Err(e) => view! { <p role="alert" data-testid="test-state-error" class="break-words text-sm text-red-700 [overflow-wrap:anywhere]">{e}</p> }.into_any(),
                })}
            </div>
        </details>
    }
}

/// The input state `name` had in `execution`, else in the workflow's latest execution (the step
/// keys of nested states end in `/name`), and the results that run's `wanted` steps gave its
/// templates.
async fn last_run(workflow: &str, name: &str, wanted: &[String], execution: Option<&str>) -> Result<(Value, serde_json::Map<String, Value>), String> {
    let id = match execution {
        Some(id) => id.to_string(),
        None => {
            let list = crate::client::get_json(&format!("/api/executions?workflow={workflow}&limit=1")).await?;
            list.get(0).and_then(|e| e["id"].as_str()).map(str::to_string).ok_or("This workflow has not run yet.")?
        }
    };
    let exec = crate::client::get_json(&format!("/api/executions/{id}")).await?;
    let steps = exec["steps"].as_object().cloned().unwrap_or_default();
    let nested = format!("/{name}");
    let input = steps
        .iter()
        .find(|(k, _)| *k == name || k.ends_with(&nested))
        .and_then(|(_, st)| st.get("input").cloned())
        .ok_or_else(|| format!("That execution did not reach {name}."))?;
    let mut results = serde_json::Map::new();
    if !wanted.is_empty() {
        let all = crate::client::get_json(&format!("/api/executions/{id}/step-results")).await?;
        results.extend(wanted.iter().filter_map(|w| Some((w.clone(), all.get(w)?.clone()))));
    }
    Ok((input, results))
}

/// A labelled JSON text box.
#[component]
fn JsonArea(label: &'static str, testid: &'static str, rows: &'static str, text: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="block">
            <span class="mb-1 block text-[11px] font-semibold uppercase tracking-wider text-slate-500">{label}</span>
            <textarea data-testid=testid rows=rows spellcheck="false" class=format!("{INPUT} font-mono text-xs")
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// The request body: the whole definition and the state's name, so nested states and the
/// machine's QueryLanguage apply.
fn request(ed: Editor, name: &str, input: &str, mock: Option<String>, steps: &str) -> Result<Value, String> {
    let input: Value = serde_json::from_str(input).map_err(|e| format!("The input is not JSON: {e}"))?;
    let mut body = json!({"definition": ed.def.get_untracked(), "stateName": name, "input": input, "inspectionLevel": "DEBUG"});
    if !steps.trim().is_empty() {
        body["stepResults"] = serde_json::from_str(steps).map_err(|e| format!("The steps' results are not JSON: {e}"))?;
    }
    if let Some(text) = mock.filter(|m| !m.trim().is_empty()) {
        let result: Value = serde_json::from_str(&text).map_err(|e| format!("The mock result is not JSON: {e}"))?;
        body["mock"] = json!({ "result": result });
    }
    Ok(body)
}

/// Status, next state, error, and each stage the state has.
#[component]
fn Outcome(result: Value) -> impl IntoView {
    let status = result["status"].as_str().unwrap_or("?").to_string();
    let tone = match status.as_str() {
        "SUCCEEDED" => "bg-emerald-100 text-emerald-800",
        "CAUGHT_ERROR" => "bg-amber-100 text-amber-800",
        "RETRIABLE" => "bg-orange-100 text-orange-800",
        _ => "bg-red-100 text-red-800",
    };
    let text = |k: &str| result[k].as_str().map(str::to_string);
    let error = text("error").map(|e| view! {
        <p class="break-words text-sm text-red-800 [overflow-wrap:anywhere]"><span class="font-semibold">{e}</span>" "{text("cause").unwrap_or_default()}</p>
    });
    let data = result["inspectionData"].clone();
    let mut rows: Vec<(&str, Value)> = STAGES.iter().filter_map(|(k, label)| Some((*label, data.get(*k)?.clone()))).collect();
    if let Some(out) = result.get("output") {
        rows.push(("Output", out.clone()));
    }
    view! {
        <div data-testid="test-state-result" class="space-y-2">
            <div class="flex flex-wrap items-center gap-2 text-sm">
                <span data-testid="test-state-status" class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {tone}")>{status}</span>
                {text("nextState").map(|n| view! { <span class="text-slate-600">"Next: "<span data-testid="test-state-next" class="font-semibold">{n}</span></span> })}
            </div>
            {error}
            {rows.into_iter().map(|(label, v)| view! {
                <div data-stage=label>
                    <span class="block text-[11px] font-semibold uppercase tracking-wider text-slate-500">{label}</span>
                    <pre class="max-h-40 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{serde_json::to_string_pretty(&v).unwrap_or_default()}</pre>
                </div>
            }).collect_view()}
        </div>
    }
}
