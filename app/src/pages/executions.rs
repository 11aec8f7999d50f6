//! `/executions`: every execution of every workflow, newest first, with a status filter.

use crate::components::{ExecutionList, Panel};
use leptos::prelude::*;
use leptos_meta::Title;

/// The overall executions list.
#[component]
pub fn ExecutionsPage() -> impl IntoView {
    view! {
        <Title text="Executions · WorkflowManager"/>
        <h1 class="mb-4 text-2xl font-bold text-slate-900">"Executions"</h1>
        <Panel title="All executions">
            <ExecutionList/>
        </Panel>
    }
}
