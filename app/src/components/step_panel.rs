//! The execution view's step inspector (`data-testid="step-detail"` is around it): status,
//! where it ran (branch, iteration), timing and attempts, error and cause, the LLM call for
//! `call_llm` steps, the data flow from input to output, the state's definition and its events,
//! and a link that opens the state's Test state in the editor with this run's data.
//! It re-renders only when the selected step changes, not on every event.

use crate::sync_hydrate::IntoAnySync;
use super::data_flow::{stages_of, DataFlow};
use super::llm_call::LlmCall;
use crate::live::scope::parse_key;
use crate::live::step_status_name;
use crate::live::view::{ExecView, SelectedStep};
use leptos::prelude::*;

/// Shows the selected step, or a hint while none is.
#[component]
pub fn StepPanel(view: ExecView) -> impl IntoView {
    let selected = view.selected_step();
    move || match selected.get() {
        None => view! {
            <p class="p-4 text-sm text-slate-500">
                "Select a state in the graph, the timeline or the events to see its input, data flow, output and errors."
            </p>
        }
        .into_any_sync(),
        Some(step) => view! { <StepBody view step/> }.into_any_sync(),
    }
}

#[component]
fn StepBody(view: ExecView, step: SelectedStep) -> impl IntoView {
    let SelectedStep { name, key, step, trace } = step;
    let (type_name, resource, json, is_llm) = view.shape.with_value(|s| {
        let info = s.states.get(&name);
        (
            info.map_or(String::new(), |i| i.type_name.clone()),
            info.and_then(|i| i.resource.clone()),
            info.map(|i| serde_json::to_string_pretty(&i.json).unwrap_or_default()),
            s.is_llm(&name),
        )
    });
    let status = step.as_ref().map_or("pending", |s| view.shown.with_untracked(|m| m.get(&name).map_or(step_status_name(s.status), |x| x.status)));
    let duration = step.as_ref().and_then(|s| Some((s.finished_at? - s.started_at?).num_milliseconds()));
    // A running step's duration grows with the clock, as the header's does.
    let started_ms = step.as_ref().and_then(|s| s.started_at).map(|t| t.timestamp_millis());
    let running = status == "running";
    let duration_text = move || match (duration, started_ms, running.then(|| view.server_now_ms()).flatten()) {
        (Some(ms), _, _) => format_ms(ms),
        (None, Some(start), Some(now)) => format_ms((now - start).max(0)),
        _ => "—".to_string(),
    };
    let started = step.as_ref().and_then(|s| s.started_at).map(|t| {
        // By hand rather than chrono's `format`: its strftime parser is not needed in the wasm.
        use chrono::Timelike;
        format!("{:02}:{:02}:{:02}.{:03}", t.hour(), t.minute(), t.second(), t.timestamp_subsec_millis())
    });
    let attempts = trace.as_ref().map_or(0, |t| t.attempts.len());
    let place = key.as_deref().map(|k| view.shape.with_value(|s| where_it_ran(k, |c| s.is_map(c)))).unwrap_or_default();
    // Only a Task's stages can come from its events instead (a note says so); other types
    // show what they have.
    let recorded = trace.as_ref().is_none_or(|t| t.stages.is_some() || t.resource.is_none());
    let mut stages = stages_of(
        step.as_ref().and_then(|s| s.input.as_ref()),
        trace.as_ref().and_then(|t| t.stages.as_ref()),
        trace.as_ref().and_then(|t| t.parameters.as_ref()),
        trace.as_ref().and_then(|t| t.result.as_ref()),
        step.as_ref().and_then(|s| s.output.as_ref()),
    );
    // The `result` stage is a Task's result, but a Pass state's Result, a Parallel's branch
    // outputs and a Map's iteration outputs.
    let result_label = match type_name.as_str() {
        "Pass" => "Result",
        "Parallel" => "Branch outputs",
        "Map" => "Iteration outputs",
        _ => "Task result",
    };
    stages.iter_mut().filter(|s| s.id == "result").for_each(|s| s.label = result_label);
    let (mut error, mut cause) = step.as_ref().map_or((None, None), |s| (s.error.clone(), s.cause.clone()));
    if error.is_none() && status == "failed" && type_name == "Fail" {
        // A Fail state inside a Map iteration: its literal Error and Cause say what happened.
        view.shape.with_value(|s| {
            let def = s.states.get(&name).map(|i| &i.json);
            error = def.and_then(|d| d["Error"].as_str().map(str::to_string));
            cause = def.and_then(|d| d["Cause"].as_str().map(str::to_string));
        });
    }
    let llm = (is_llm && key.is_some()).then(|| {
        let (parameters, result) = trace.as_ref().map_or((None, None), |t| (t.parameters.clone(), t.result.clone()));
        view! { <LlmCall live=view.live key=key.clone().unwrap_or_default() parameters result running/> }
    });
    let event_ids = trace.map(|t| t.event_ids).unwrap_or_default();
    // A nested state that has not run in the shown branch or iteration: where it did run, so
    // one click shows that run (its iterations picked) instead of a dead end.
    let elsewhere: Vec<(String, String)> = if step.is_none() {
        let keys: Vec<String> = view.live.status.with_untracked(|s| s.steps.keys().filter(|k| parse_key(k).1 == name).cloned().collect());
        view.shape.with_value(|s| keys.into_iter().map(|k| (place_of(&k, |c| s.is_map(c)), k)).collect())
    } else {
        Vec::new()
    };
    // The state on its own in the editor, with this run's input and results (AWS's TestState);
    // not for a deleted workflow, which has no editor page.
    let test_href = use_context::<super::ExecutionFacts>().filter(|f| step.is_some() && !f.deleted).map(|f| {
        let enc = crate::editor::toolbar::percent_encode;
        format!("/workflows/{}?test={}&execution={}", enc(&f.workflow_id), enc(&name), enc(&f.exec_id))
    });
    view! {
        <div class="space-y-4 p-4">
            <div>
                <div class="flex flex-wrap items-center gap-2">
                    <h3 data-testid="step-name" class="text-lg font-semibold">{name.clone()}</h3>
                    <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{type_name}</span>
                    <StatusChip status/>
                </div>
                {(!place.is_empty()).then(|| view! { <p data-testid="step-place" class="mt-0.5 text-xs text-slate-500">{place}</p> })}
                {test_href.map(|href| view! {
                    <a data-testid="test-in-editor" href=href class="mt-1 inline-block text-xs font-medium text-sky-700 hover:underline">"Test this state in the editor →"</a>
                })}
            </div>
            <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {resource.map(|r| view! { <dt class="text-slate-500">"Resource"</dt><dd class="font-mono text-xs leading-5">{r}</dd> })}
                {started.map(|t| view! { <dt class="text-slate-500">"Started"</dt><dd class="tabular-nums">{t}</dd> })}
                <dt class="text-slate-500">"Duration"</dt>
                <dd data-testid="step-duration" class="tabular-nums">{duration_text}</dd>
                {(attempts > 1).then(|| view! {
                    <dt class="text-slate-500">"Attempts"</dt>
                    <dd data-testid="step-attempts">{format!("{attempts} ({} retr{})", attempts - 1, if attempts == 2 { "y" } else { "ies" })}</dd>
                })}
            </dl>
            {step.is_none().then(|| view! {
                <p class="rounded-md bg-slate-50 p-3 text-sm text-slate-500">
                    {if key.is_none() && view.shape.with_value(|s| s.states.get(&name).is_some_and(|i| i.parent.is_some())) {
                        "This state has not run in the shown branch or iteration (yet)."
                    } else {
                        "This state has not run (yet)."
                    }}
                </p>
            })}
            {(!elsewhere.is_empty()).then(|| view! {
                <div data-testid="ran-elsewhere">
                    <p class="text-xs text-slate-500">"It ran in:"</p>
                    <ul class="mt-1 flex flex-wrap gap-1.5">
                        {elsewhere.into_iter().take(20).map(|(label, key)| view! {
                            <li>
                                <button type="button" class="rounded border border-sky-200 bg-sky-50 px-2 py-0.5 text-xs text-sky-800 hover:bg-sky-100"
                                    on:click=move |_| view.select_key(&key)>{label}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {error.map(|e| view! {
                <div class=format!("rounded-md border p-3 text-sm {}", if status == "caught" { "border-amber-200 bg-amber-50" } else { "border-red-200 bg-red-50" })>
                    <p class="text-xs font-semibold uppercase tracking-wider text-red-800">{if status == "caught" { "Caught error" } else { "Error" }}</p>
                    <p data-testid="step-error" class="font-mono font-semibold text-red-900">{e}</p>
                    <p class="mt-2 text-xs font-semibold uppercase tracking-wider text-red-800">"Cause"</p>
                    <pre data-testid="step-cause" class="whitespace-pre-wrap break-words font-mono text-xs text-red-900">
                        {cause.unwrap_or_default()}
                    </pre>
                </div>
            })}
            {llm}
            {(step.is_some()).then(|| view! { <DataFlow stages recorded/> })}
            {json.map(|j| view! {
                <details class="rounded-md border border-slate-200">
                    <summary class="cursor-pointer px-3 py-1.5 text-xs font-semibold text-slate-600">"State definition"</summary>
                    <pre data-testid="step-definition" class="max-h-64 overflow-auto border-t border-slate-100 bg-slate-50 p-2.5 font-mono text-xs leading-5">{j}</pre>
                </details>
            })}
            {(!event_ids.is_empty()).then(|| view! {
                <p class="text-xs text-slate-500">
                    {format!("Events: {}", event_ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(" "))}
                </p>
            })}
        </div>
    }
}

/// `Fan[1]/Each[3]/Work` → `In Fan branch 2 › Each iteration 3` (branches count from 1, as
/// the panel of nested runs shows them; iterations from 0, as `$$.Map.Item.Index`).
fn where_it_ran(key: &str, is_map: impl Fn(&str) -> bool) -> String {
    let place = place_of(key, is_map);
    if place.is_empty() {
        place
    } else {
        format!("In {place}")
    }
}

/// The branches and iterations around step `key`, outermost first: `Fan branch 1 › Each
/// iteration 3` (empty at the top level).
fn place_of(key: &str, is_map: impl Fn(&str) -> bool) -> String {
    let (segments, _) = parse_key(key);
    let parts: Vec<String> = segments
        .iter()
        .map(|s| match is_map(s.container) {
            true => format!("{} iteration {}", s.container, s.index),
            false => format!("{} branch {}", s.container, s.index + 1),
        })
        .collect();
    parts.join(" › ")
}

/// A coloured pill with a lowercase step status.
#[component]
pub fn StatusChip(status: &'static str) -> impl IntoView {
    let colors = match status {
        "running" => "bg-sky-100 text-sky-800",
        "succeeded" => "bg-emerald-100 text-emerald-800",
        "failed" => "bg-red-100 text-red-800",
        "caught" => "bg-amber-100 text-amber-800",
        "retrying" => "bg-orange-100 text-orange-800",
        _ => "bg-slate-100 text-slate-600",
    };
    view! {
        <span data-testid="step-status" class=format!("rounded-full px-2 py-0.5 text-xs font-semibold capitalize {colors}")>
            {status}
        </span>
    }
}

/// `1234` → `1.23 s`, `87` → `87 ms`, `125000` → `2 min 5 s`.
pub fn format_ms(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        // Whole seconds (the timeline's marks) without ".00".
        let places = if ms % 1000 == 0 { 0 } else { 2 };
        format!("{:.*} s", places, ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_places_read_well() {
        assert_eq!(format_ms(87), "87 ms");
        assert_eq!(format_ms(1234), "1.23 s");
        assert_eq!(format_ms(2000), "2 s");
        assert_eq!(format_ms(125_000), "2 min 5 s");
        assert_eq!(where_it_ran("Fan[1]/Each[3]/Work", |c| c == "Each"), "In Fan branch 2 › Each iteration 3");
        assert_eq!(where_it_ran("Top", |_| true), "");
    }
}
