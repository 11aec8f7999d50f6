//! The top card of the execution view: status, Stop, Redrive and New execution, the execution's
//! figures, when it failed its error and cause, and its input and output (folded,
//! `execution_io.rs`). Stop is offered while it runs; Redrive (run again from
//! the state that failed, keeping the history, as AWS's RedriveExecution) once it failed,
//! timed out or was aborted. Stop asks to confirm first. New execution opens the input editor
//! prefilled with this execution's input, as the AWS console's "New execution" dialog, and
//! starts the workflow's latest version with it. When the workflow was deleted there is no
//! latest version to start and no workflow page to open: the header names it as plain text,
//! marked deleted, and offers no New execution; Redrive stays (it continues this execution on
//! the version it ran, which stays stored).

use super::step_panel::format_ms;
use crate::client;
use crate::live::{exec_status_label, execution_input, LiveExecution};
use engine::history::EventType;
use engine::tracker::ExecState;
use leptos::prelude::*;
use crate::sync_hydrate::IntoAnySync;
use serde_json::json;

/// What the header shows besides the live status.
#[derive(Clone)]
pub struct ExecutionFacts {
    /// Execution id.
    pub exec_id: String,
    /// Its workflow.
    pub workflow_id: String,
    /// The workflow version it runs.
    pub version: i64,
    /// Start time, readable.
    pub started_at: String,
    /// The workflow was deleted (`deleted` of `GET /api/workflows/{id}?version=N`, the version
    /// it ran, which stays readable): no workflow page to link to, no latest version to start.
    pub deleted: bool,
}

/// Title, status, Stop and Redrive, figures, failure. `on_redrive` runs after the server
/// accepted a redrive (the page follows the continued run).
///
/// `server_now` is [`ExecView::server_now_ms`](crate::live::view::ExecView::server_now_ms): a
/// running execution's duration grows with it, as in the AWS console, instead of stopping at
/// its latest event.
#[component]
pub fn ExecutionHeader(
    live: LiveExecution,
    facts: ExecutionFacts,
    on_redrive: Callback<()>,
    #[prop(into)] server_now: Signal<Option<i64>>,
) -> impl IntoView {
    let ExecutionFacts { exec_id, workflow_id, version, started_at, deleted } = facts;
    let status = move || live.status.with(|s| s.status);
    let running = move || status() == ExecState::Running && !live.ended.get();
    let redrivable = move || live.ended.get() && matches!(status(), ExecState::Failed | ExecState::TimedOut | ExecState::Aborted);
    let duration = move || {
        let running = running();
        live.events.with(|evs| match (evs.first(), evs.last()) {
            (Some(a), Some(b)) => {
                let last = b.timestamp.timestamp_millis();
                // Never before the latest event.
                let until = if running { server_now.get().map_or(last, |now| now.max(last)) } else { last };
                format_ms(until - a.timestamp.timestamp_millis())
            }
            _ => "—".to_string(),
        })
    };
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let post = move |action: &'static str, id: String| {
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            match client::post_json(&format!("/api/executions/{id}/{action}"), &json!({})).await {
                Ok(_) if action == "redrive" => on_redrive.run(()),
                Ok(_) => {}
                Err(e) => problem.set(Some(format!("{action} failed: {e}"))),
            }
            busy.set(false);
        });
    };
    let (stop_id, redrive_id) = (exec_id.clone(), exec_id.clone());
    // Stop and New execution ask first, as the console's dialogs do: Stop to confirm, New
    // execution for the input (this execution's, editable).
    let asking = RwSignal::new(None::<Asking>);
    let run_workflow = workflow_id.clone();
    // A memo, so the confirmation is not redrawn (and a click on it lost) at every event.
    let still_running = Memo::new(move |_| running());
    let dialog = move || match asking.get() {
        Some(Asking::Stop) if still_running.get() => {
            let id = stop_id.clone();
            view! {
                <div data-testid="stop-dialog" role="alertdialog" aria-label="Stop execution"
                    class="mt-3 flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm">
                    <span class="text-red-900">"Stop this execution? The step running now is abandoned and the execution ends as Aborted. You can redrive it afterwards."</span>
                    <button data-testid="stop-confirm" class="rounded-md bg-red-600 px-3 py-1 text-xs font-semibold text-white hover:bg-red-700"
                        on:click=move |_| {
                            asking.set(None);
                            post("stop", id.clone());
                        }>"Stop execution"</button>
                    <button class="text-xs text-slate-600 hover:underline" on:click=move |_| asking.set(None)>"Cancel"</button>
                </div>
            }
            .into_any_sync()
        }
        Some(Asking::NewExecution) => {
            let input = live.events.with_untracked(|evs| execution_input(evs).cloned()).unwrap_or_else(|| json!({}));
            let input = serde_json::to_string_pretty(&input).unwrap_or_default();
            view! {
                <div data-testid="new-execution-dialog" role="dialog" aria-label="New execution"
                    class="mt-3 rounded-md border border-slate-200 bg-slate-50">
                    <div class="flex items-center justify-between px-4 pt-3 text-sm">
                        <span class="font-semibold text-slate-800">"New execution of the workflow's latest version"</span>
                        <button data-testid="new-execution-cancel" class="text-xs text-slate-600 hover:underline" on:click=move |_| asking.set(None)>"Cancel"</button>
                    </div>
                    <super::RunPanel workflow_id=run_workflow.clone() input=Some(input)/>
                </div>
            }
            .into_any_sync()
        }
        _ => ().into_any_sync(),
    };
    let failure = move || {
        live.status.with(|s| {
            s.error.clone().map(|error| {
                let cause = s.cause.clone().unwrap_or_default();
                view! {
                    <div data-testid="execution-error" role="alert" class="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm">
                        <p class="font-semibold text-red-800">{error}</p>
                        <p class="mt-1 whitespace-pre-wrap break-words text-red-900">{cause}</p>
                    </div>
                }
            })
        })
    };
    let button = "rounded-md px-3 py-1.5 text-sm font-semibold shadow-sm disabled:cursor-not-allowed disabled:opacity-40";
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-xl font-bold text-slate-900">"Execution"</h1>
                <span
                    data-testid="execution-status"
                    class=move || format!("rounded-full px-3 py-0.5 text-sm font-semibold ring-1 {}", badge(status()))
                >
                    {move || exec_status_label(status())}
                </span>
                {move || running().then(|| view! { <span class="h-2 w-2 animate-pulse rounded-full bg-sky-500" title="Live"></span> })}
                <div class="ml-auto flex gap-2">
                    <button
                        data-testid="stop"
                        class=format!("{button} border border-red-300 bg-white text-red-700 hover:bg-red-50")
                        disabled=move || busy.get() || !running()
                        title="Abort the execution"
                        on:click=move |_| asking.set(Some(Asking::Stop))
                    >
                        "Stop execution"
                    </button>
                    <button
                        data-testid="redrive"
                        class=format!("{button} bg-orange-500 text-white hover:bg-orange-600")
                        disabled=move || busy.get() || !redrivable()
                        title="Run again from the state that did not finish, keeping the history"
                        on:click=move |_| post("redrive", redrive_id.clone())
                    >
                        "Redrive"
                    </button>
                    {(!deleted).then(|| view! {
                        <button
                            data-testid="new-execution"
                            class=format!("{button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50")
                            disabled=move || busy.get()
                            title="Start the workflow's latest version again, with this execution's input to edit"
                            on:click=move |_| asking.set(Some(Asking::NewExecution))
                        >
                            "New execution"
                        </button>
                    })}
                </div>
            </div>
            {dialog}
            {move || problem.get().map(|p| view! { <p role="alert" class="mt-2 text-sm text-red-700">{p}</p> })}
            <dl class="mt-3 grid grid-cols-2 gap-3 text-sm md:grid-cols-5">
                <Fact label="Execution ID"><span class="break-all font-mono text-xs">{exec_id}</span></Fact>
                <Fact label="State machine">
                    <WorkflowName id=workflow_id.clone() deleted/>
                    " "
                    <a href=format!("/workflows/{workflow_id}?version={version}") data-testid="ran-version" title="The definition this execution ran"
                        class="text-slate-500 hover:underline">{format!("v{version}")}</a>
                </Fact>
                <Fact label="Started">{started_at}</Fact>
                <Fact label="Duration"><span data-testid="execution-duration">{duration}</span></Fact>
                <Fact label="Events">
                    {move || live.events.with(Vec::len)}
                    {move || {
                        // AWS's console shows the redrive count; each redrive recorded one event.
                        let n = live.events.with(|evs| evs.iter().filter(|e| e.event_type == EventType::ExecutionRedriven).count());
                        (n > 0).then(|| view! { <span data-testid="redrive-count" class="text-slate-500">{format!(" · redriven {n}×")}</span> })
                    }}
                </Fact>
            </dl>
            {failure}
            <super::ExecutionIo live/>
        </section>
    }
}

/// The workflow's id: a link to its page, or plain text marked deleted once it was deleted.
#[component]
pub fn WorkflowName(id: String, deleted: bool) -> impl IntoView {
    if deleted {
        view! {
            <span data-testid="workflow-deleted" title="This workflow was deleted; its executions stay viewable">
                {id}
                <span class="text-slate-500">" (deleted)"</span>
            </span>
        }
        .into_any_sync()
    } else {
        view! { <a data-testid="workflow-link" href=format!("/workflows/{id}") class="text-sky-700 hover:underline">{id.clone()}</a> }.into_any_sync()
    }
}

/// What the header is asking about.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Asking {
    Stop,
    NewExecution,
}

fn badge(s: ExecState) -> &'static str {
    match s {
        ExecState::Running => "bg-sky-100 text-sky-800 ring-sky-300",
        ExecState::Succeeded => "bg-emerald-100 text-emerald-800 ring-emerald-300",
        ExecState::Failed | ExecState::TimedOut => "bg-red-100 text-red-800 ring-red-300",
        ExecState::Aborted => "bg-slate-200 text-slate-700 ring-slate-300",
    }
}

#[component]
fn Fact(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs font-medium uppercase tracking-wider text-slate-500">{label}</dt>
            <dd class="mt-0.5 text-slate-900">{children()}</dd>
        </div>
    }
}
