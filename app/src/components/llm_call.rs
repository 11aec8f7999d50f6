//! A `call_llm` step: the rendered prompt (and system prompt) it sent, the answer as sanitized
//! Markdown growing while it streams, and the call's figures — model, tokens in and out, cost,
//! latency — from the task's raw result.
//!
//! The server turns the Markdown into safe HTML (`api::render_markdown`, see `markdown.rs`), so
//! the wasm carries no Markdown parser; see [`server_rendered`] for how a streaming answer is
//! kept up to date.

use super::step_panel::format_ms;
use crate::live::LiveExecution;
use crate::api::render_markdown;
use leptos::prelude::*;
use serde_json::Value;

/// Prompt, answer and figures of the LLM call of step `key`.
///
/// `running`: the step is still running, so an answer without a result is streaming; otherwise
/// (failed, caught, stopped) the call gave no answer, and the panel says so.
#[component]
pub fn LlmCall(live: LiveExecution, key: String, parameters: Option<Value>, result: Option<Value>, running: bool) -> impl IntoView {
    let done = result.as_ref().and_then(|r| r["text"].as_str().map(str::to_string));
    let streaming = done.is_none() && running;
    let unanswered = done.is_none() && !running;
    let text = move || match &done {
        Some(t) => t.clone(),
        None => live.llm.with(|m| m.get(&key).cloned()).unwrap_or_default(),
    };
    let (html, failed) = server_rendered(text.clone());
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
                {unanswered.then(|| view! {
                    <span data-testid="llm-unanswered" class="ml-auto text-[11px] text-slate-500">"no answer: the call did not succeed"</span>
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
                class:hidden=move || unanswered && html.with(String::is_empty)
                class="max-h-96 overflow-auto border-t border-violet-100 px-3 py-2 text-sm leading-6 text-slate-800 [&_a]:text-sky-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_table]:my-2 [&_table]:border-collapse [&_table]:text-xs [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-slate-200 [&_th]:bg-slate-50 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_ul]:list-disc [&_ul]:pl-5"
                inner_html=move || html.get()
            ></div>
            // Without the server's rendering (offline, signed out), the answer as plain text.
            {move || failed.get().then(|| view! {
                <pre data-testid="llm-answer-text" class="whitespace-pre-wrap break-words border-t border-violet-100 px-3 py-2 font-mono text-xs text-slate-700">{text.clone()}</pre>
            })}
        </section>
    }
}

/// The HTML of `text` as the server renders it, and whether the last rendering failed.
///
/// One request at a time: text that changes while one is on its way is sent when it returns,
/// and only the newest text is (intermediate ones are skipped), so a fast stream costs one
/// round trip per update the browser can show, and the last HTML stays up meanwhile. Runs in
/// the browser only (an effect); on the server the answer is empty until hydrated.
fn server_rendered(text: impl Fn() -> String + Send + Sync + 'static) -> (ReadSignal<String>, ReadSignal<bool>) {
    let html = RwSignal::new(String::new());
    let failed = RwSignal::new(false);
    // The newest text not yet sent, and whether a request is on its way.
    let queue = StoredValue::new((None::<String>, false));
    Effect::new(move |_| {
        let text = text();
        let start = queue.try_update_value(|(next, busy)| {
            *next = Some(text);
            !std::mem::replace(busy, true)
        });
        if start != Some(true) {
            return;
        }
        leptos::task::spawn_local(async move {
            // Ends when the queue is empty, or when the panel is gone (the stored value with it).
            while let Some(Some(text)) = queue.try_update_value(|(next, busy)| {
                let text = next.take();
                *busy = text.is_some();
                text
            }) {
                let rendered = if text.is_empty() { Ok(String::new()) } else { render_markdown(text).await };
                match rendered {
                    Ok(h) => {
                        html.try_set(h);
                        failed.try_set(false);
                    }
                    Err(_) => {
                        failed.try_set(true);
                    }
                }
            }
        });
    });
    (html.read_only(), failed.read_only())
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
