//! A `call_llm` step: the rendered prompt (and system prompt) it sent, the answer as sanitized
//! Markdown growing while it streams (see [`crate::markdown`]), and the call's figures — model,
//! tokens in and out, cost, latency — from the task's raw result.

use super::step_panel::format_ms;
use crate::live::LiveExecution;
use crate::markdown;
use leptos::prelude::*;
use serde_json::Value;

/// Prompt, answer and figures of the LLM call of step `key`.
#[component]
pub fn LlmCall(live: LiveExecution, key: String, parameters: Option<Value>, result: Option<Value>) -> impl IntoView {
    let done = result.as_ref().and_then(|r| r["text"].as_str().map(str::to_string));
    let streaming = done.is_none();
    let text = move || match &done {
        Some(t) => t.clone(),
        None => live.llm.with(|m| m.get(&key).cloned()).unwrap_or_default(),
    };
    let html = move || markdown::render(&text());
    let params = parameters.unwrap_or(Value::Null);
    let prompt = params["prompt"].as_str().map(str::to_string);
    let system = params["system"].as_str().map(str::to_string);
    view! {
        <section data-testid="llm-call" class="overflow-hidden rounded-md border border-violet-200">
            <header class="flex items-center gap-2 bg-violet-50 px-3 py-1.5">
                <span class="text-xs font-semibold uppercase tracking-wider text-violet-800">"LLM call"</span>
                {streaming.then(|| view! {
                    <span class="ml-auto flex items-center gap-1 text-[11px] text-violet-700">
                        <span class="h-1.5 w-1.5 animate-pulse rounded-full bg-violet-500"></span>"streaming"
                    </span>
                })}
            </header>
            {result.as_ref().map(figures)}
            {(prompt.is_some() || system.is_some()).then(|| view! {
                <details class="border-t border-violet-100 px-3 py-1.5">
                    <summary class="cursor-pointer text-xs font-semibold text-slate-600">"Prompt"</summary>
                    {system.map(|s| view! {
                        <p class="mt-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"System"</p>
                        <pre class="whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-700">{s}</pre>
                    })}
                    <p class="mt-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"User"</p>
                    <pre data-testid="llm-prompt" class="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-700">
                        {prompt.unwrap_or_default()}
                    </pre>
                </details>
            })}
            <div
                data-testid="llm-answer"
                class="max-h-96 overflow-auto border-t border-violet-100 px-3 py-2 text-sm leading-6 text-slate-800 [&_a]:text-sky-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_table]:text-xs [&_td]:border [&_td]:px-1 [&_th]:border [&_th]:px-1 [&_ul]:list-disc [&_ul]:pl-5"
                inner_html=html
            ></div>
        </section>
    }
}

/// Model, tokens, cost and latency of a finished call.
fn figures(r: &Value) -> impl IntoView {
    let usage = &r["usage"];
    let tokens = |k: &str| usage[k].as_u64().map_or("—".to_string(), |n| n.to_string());
    let item = |label: &'static str, testid: &'static str, value: String| {
        view! {
            <div>
                <dt class="text-[11px] uppercase tracking-wider text-slate-500">{label}</dt>
                <dd data-testid=testid class="font-medium tabular-nums text-slate-900">{value}</dd>
            </div>
        }
    };
    let model = r["model"].as_str().unwrap_or("—").to_string();
    let provider = r["provider"].as_str().map(|p| format!(" · {p}")).unwrap_or_default();
    view! {
        <dl class="grid grid-cols-2 gap-2 border-t border-violet-100 px-3 py-2 text-sm sm:grid-cols-4">
            {item("Model", "llm-model", format!("{model}{provider}"))}
            {item("Tokens in / out", "llm-tokens", format!("{} / {}", tokens("input_tokens"), tokens("output_tokens")))}
            {item("Cost", "llm-cost", r["cost_usd"].as_f64().map_or("—".into(), |c| format!("${c:.5}")))}
            {item("Latency", "llm-latency", r["latency_ms"].as_i64().map_or("—".into(), format_ms))}
        </dl>
    }
}
