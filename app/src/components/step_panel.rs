//! The execution view's step inspector: status, duration, input, output, error and cause of the
//! selected step; for `call_llm` steps the answer as Markdown (see [`crate::markdown`]), growing
//! while it streams, with model, tokens, cost and latency.

use crate::live::{step_status_name, LiveExecution};
use crate::markdown;
use engine::history::EventType;
use engine::tracker::StepStatus;
use leptos::prelude::*;
use serde_json::Value;

/// Shows the step named by `selected`; `definition` tells which steps call an LLM.
#[component]
pub fn StepPanel(live: LiveExecution, selected: RwSignal<Option<String>>, definition: Value) -> impl IntoView {
    let definition = StoredValue::new(definition);
    move || {
        let Some(key) = selected.get() else {
            return view! {
                <p class="p-4 text-sm text-slate-500">
                    "Select a state in the graph to see its input, output and errors."
                </p>
            }
            .into_any();
        };
        let state_def = definition.with_value(|d| d["States"][key.as_str()].clone());
        let step = live.status.with(|s| s.steps.get(&key).cloned());
        view! { <StepBody live key state_def step/> }.into_any()
    }
}

#[component]
fn StepBody(live: LiveExecution, key: String, state_def: Value, step: Option<StepStatus>) -> impl IntoView {
    let type_name = state_def["Type"].as_str().unwrap_or("").to_string();
    let resource = state_def["Resource"].as_str().map(str::to_string);
    let is_llm = resource.as_deref().is_some_and(|r| r.ends_with("call_llm"));
    let status = step.as_ref().map_or("pending", |s| step_status_name(s.status));
    let duration = step.as_ref().and_then(|s| Some((s.finished_at? - s.started_at?).num_milliseconds()));
    let retries = step.as_ref().map_or(0, |s| s.retries);
    let (input, output, error, cause) = match &step {
        Some(s) => (s.input.clone(), s.output.clone(), s.error.clone(), s.cause.clone()),
        None => (None, None, None, None),
    };
    view! {
        <div class="space-y-4 p-4">
            <div class="flex flex-wrap items-center gap-2">
                <h3 data-testid="step-name" class="text-lg font-semibold">{key.clone()}</h3>
                <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{type_name}</span>
                <StatusChip status/>
            </div>
            <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {resource.map(|r| view! {
                    <dt class="text-slate-500">"Resource"</dt>
                    <dd class="font-mono text-xs leading-5">{r}</dd>
                })}
                <dt class="text-slate-500">"Duration"</dt>
                <dd>{duration.map_or_else(|| "—".to_string(), format_ms)}</dd>
                {(retries > 0).then(|| view! {
                    <dt class="text-slate-500">"Retries"</dt>
                    <dd>{retries}</dd>
                })}
            </dl>
            {step.is_none().then(|| view! {
                <p class="text-sm text-slate-500">"This state has not run (yet)."</p>
            })}
            {error.map(|e| view! {
                <div class="rounded-md border border-red-200 bg-red-50 p-3 text-sm">
                    <p class="font-semibold text-red-800">"Error"</p>
                    <p data-testid="step-error" class="font-mono text-red-900">{e}</p>
                    <p class="mt-2 font-semibold text-red-800">"Cause"</p>
                    <pre data-testid="step-cause" class="whitespace-pre-wrap break-words font-mono text-xs text-red-900">
                        {cause.unwrap_or_default()}
                    </pre>
                </div>
            })}
            {is_llm.then(|| view! { <LlmAnswer live key=key.clone()/> })}
            <JsonBlock title="Input" value=input/>
            <JsonBlock title="Output" value=output/>
        </div>
    }
    .into_any()
}

/// The streamed answer (or, once done, the task result's text) and the call's figures.
#[component]
fn LlmAnswer(live: LiveExecution, key: String) -> impl IntoView {
    let result = {
        let key = key.clone();
        move || {
            live.events.with(|evs| {
                evs.iter()
                    .rev()
                    .find(|e| e.event_type == EventType::TaskSucceeded && e.scope.is_empty() && e.state.as_deref() == Some(&key))
                    .map(|e| e.details["output"].clone())
            })
        }
    };
    let text = {
        let (key, result) = (key.clone(), result.clone());
        move || {
            let streamed = live.llm.with(|m| m.get(&key).cloned());
            let done = result().and_then(|r| r["text"].as_str().map(str::to_string));
            done.or(streamed).unwrap_or_default()
        }
    };
    let html = move || markdown::render(&text());
    let figures = move || {
        result().map(|r| {
            let usage = &r["usage"];
            let item = |label: &'static str, value: String| view! {
                <div><dt class="text-xs text-slate-500">{label}</dt><dd class="font-medium">{value}</dd></div>
            };
            view! {
                <dl class="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                    {item("Model", r["model"].as_str().unwrap_or("—").to_string())}
                    {item("Tokens in / out", format!("{} / {}", usage["input_tokens"], usage["output_tokens"]))}
                    {item("Cost", r["cost_usd"].as_f64().map_or("—".into(), |c| format!("${c:.5}")))}
                    {item("Latency", r["latency_ms"].as_i64().map_or("—".into(), format_ms))}
                </dl>
            }
        })
    };
    view! {
        <section class="rounded-md border border-violet-200 bg-violet-50/40 p-3">
            <h4 class="mb-2 text-xs font-semibold uppercase tracking-wider text-violet-700">"LLM answer"</h4>
            <div
                data-testid="llm-answer"
                class="max-h-96 overflow-auto text-sm leading-6 text-slate-800 [&_a]:text-sky-700 [&_a]:underline [&_code]:rounded [&_code]:bg-white [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-white [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5"
                inner_html=html
            ></div>
            <div class="mt-3 border-t border-violet-100 pt-3">{figures}</div>
        </section>
    }
    .into_any()
}

/// A titled, scrollable JSON value (or a dash).
#[component]
fn JsonBlock(title: &'static str, value: Option<Value>) -> impl IntoView {
    let text = value.map(|v| serde_json::to_string_pretty(&v).unwrap_or_default());
    let testid = format!("step-{}", title.to_lowercase());
    view! {
        <section>
            <h4 class="mb-1 text-xs font-semibold uppercase tracking-wider text-slate-500">{title}</h4>
            <pre data-testid=testid class="max-h-64 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800">
                {text.unwrap_or_else(|| "—".into())}
            </pre>
        </section>
    }
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

/// `1234` → `1.23 s`, `87` → `87 ms`.
pub fn format_ms(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.2} s", ms as f64 / 1000.0)
    }
}
