//! Create or import a workflow: a name and a definition (a starter one to create; a file or
//! pasted JSON to import). The server validates; problems are listed with their paths and
//! nothing is saved until they are fixed; a name another workflow has is refused, said beside
//! the name field with that workflow's own name and a link to it ([`NameTaken`], which the
//! duplicate form shows too). On success the browser goes to the new workflow.

use crate::api::create_workflow;
use crate::components::ProblemList;
use crate::error::{AppError, TakenName};
use crate::model::SavedVersion;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// A definition to start from: one Pass state, valid as it is.
pub const STARTER_DEFINITION: &str = r#"{
  "Comment": "A new state machine",
  "StartAt": "Hello",
  "States": {
    "Hello": {
      "Type": "Pass",
      "Result": {"message": "Hello, world!"},
      "End": true
    }
  }
}"#;

/// Create (starter text) or import (file picker or paste).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMode {
    /// Name plus the starter definition.
    Create,
    /// Name plus a definition from a file or pasted.
    Import,
}

/// The form; `on_close` hides it.
#[component]
pub fn NewWorkflow(mode: NewMode, on_close: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(if mode == NewMode::Create { STARTER_DEFINITION.to_string() } else { String::new() });
    let error = RwSignal::new(None::<AppError>);
    // A taken name is said beside the name field; every other failure in the problem list.
    let other_error = Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::NameTaken(_))));
    let save = Action::new(move |(name, text): &(String, String)| create_workflow(name.clone(), text.clone()));
    open_when_saved(save, error);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        save.dispatch((name.get_untracked(), text.get_untracked()));
    };
    let title = if mode == NewMode::Create { "Create a state machine" } else { "Import a state machine" };
    let field = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200";
    view! {
        <form data-testid="new-workflow-form" class="space-y-3 p-4" on:submit=submit>
            <h2 class="text-base font-semibold text-slate-800">{title}</h2>
            <label class="block text-sm font-medium text-slate-700">
                "Name"
                <input data-testid="new-name" required class=field placeholder="My state machine"
                    aria-invalid=move || taken(error).is_some().to_string()
                    prop:value=move || name.get() on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        forget_taken(error);
                    }/>
            </label>
            <NameTaken error/>
            {(mode == NewMode::Import).then(|| view! { <FilePicker name text error/> })}
            <label class="block text-sm font-medium text-slate-700">
                "Definition (Amazon States Language JSON)"
                <textarea data-testid="new-definition" rows="12" spellcheck="false"
                    class=format!("{field} font-mono text-xs leading-5")
                    placeholder="Paste the JSON here"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <ProblemList error=other_error/>
            <div class="flex gap-2">
                <button type="submit" data-testid="new-submit" disabled=move || save.pending().get()
                    class="rounded-md bg-orange-500 px-4 py-1.5 text-sm font-semibold text-white hover:bg-orange-600 disabled:opacity-50">
                    {if mode == NewMode::Create { "Create" } else { "Import" }}
                </button>
                <button type="button" class="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm hover:bg-slate-50"
                    on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// The workflow holding the name, when `error` says the name was refused for that.
pub fn taken(error: RwSignal<Option<AppError>>) -> Option<TakenName> {
    error.with(|e| match e {
        Some(AppError::NameTaken(holder)) => Some(holder.clone()),
        _ => None,
    })
}

/// Typing another name makes a "name taken" refusal stale: it goes (other errors stay).
pub fn forget_taken(error: RwSignal<Option<AppError>>) {
    if taken(error).is_some() {
        error.set(None);
    }
}

/// "“Orders” already exists", naming the workflow that has the name as it has it, with a link
/// that opens it; nothing unless `error` says the name is taken.
#[component]
pub fn NameTaken(error: RwSignal<Option<AppError>>) -> impl IntoView {
    move || {
        taken(error).map(|holder| {
            let open = holder.id.clone().map(|id| {
                view! { " " <a data-testid="name-taken-open" href=format!("/workflows/{id}") class="underline">"Open it"</a> }
            });
            view! {
                <span data-testid="name-taken" role="alert" class="mt-1 block text-sm font-normal text-red-700">
                    {AppError::NameTaken(holder).to_string()}{open}
                </span>
            }
        })
    }
}

/// Once `action` saved a workflow, goes to it; when it failed, puts the error in `error`.
pub fn open_when_saved<I: Send + Sync + 'static>(action: Action<I, Result<SavedVersion, AppError>>, error: RwSignal<Option<AppError>>) {
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => navigate(&format!("/workflows/{}", saved.id), Default::default()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
}

/// A file input that puts the chosen file's text into `text` and, if `name` is empty, the file
/// name (without `.asl.json` / `.json`) into `name`.
#[component]
fn FilePicker(name: RwSignal<String>, text: RwSignal<String>, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else { return };
            let stem = file.name().trim_end_matches(".json").trim_end_matches(".asl").to_string();
            if name.get_untracked().trim().is_empty() {
                name.set(stem);
            }
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(v) => text.set(v.as_string().unwrap_or_default()),
                    Err(e) => error.set(Some(AppError::BadRequest(format!("cannot read the file: {e:?}")))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, name, text, error);
    };
    view! {
        <label class="block text-sm font-medium text-slate-700">
            "File"
            <input type="file" accept=".json,application/json" data-testid="import-file"
                class="mt-1 block text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-200"
                on:change=on_change/>
            <span class="text-xs font-normal text-slate-500">" or paste the JSON below"</span>
        </label>
    }
}
