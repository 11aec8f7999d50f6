//! The dark navigation bar across the top, and the sign-in form when the server requires its
//! API token (it listens beyond loopback) and this browser has not given it yet.

use crate::api::get_session;
use crate::client;
use leptos::prelude::*;
use serde_json::json;

/// Product name, the main links, and the sign-in row when needed.
#[component]
pub fn TopBar() -> impl IntoView {
    let session = Resource::new(|| (), |_| get_session());
    let needs_sign_in = move || {
        Suspend::new(async move {
            let s = session.await.ok()?;
            (s.token_required && !s.signed_in).then(|| view! { <SignIn/> })
        })
    };
    let sign_out = move || {
        Suspend::new(async move {
            let s = session.await.ok()?;
            (s.token_required && s.signed_in).then(|| view! { <SignOut/> })
        })
    };
    view! {
        <header class="bg-[#232f3e] text-white shadow">
            <div class="mx-auto flex h-12 max-w-7xl items-center gap-6 px-6">
                <a href="/" class="flex items-center gap-2 font-semibold tracking-tight">
                    <img src="/favicon.svg" alt="" class="h-6 w-6"/>
                    "WorkflowManager"
                </a>
                <nav class="flex gap-4 text-sm text-slate-300">
                    <a href="/" class="hover:text-white">"State machines"</a>
                    <a href="/executions" data-testid="nav-executions" class="hover:text-white">"Executions"</a>
                </nav>
                <div class="ml-auto">
                    <Suspense fallback=|| ()>{sign_out}</Suspense>
                </div>
            </div>
        </header>
        <Suspense fallback=|| ()>{needs_sign_in}</Suspense>
    }
}

/// Clears the session cookie (`DELETE /api/session`) and reloads the page signed out.
#[component]
fn SignOut() -> impl IntoView {
    let click = move |_| {
        leptos::task::spawn_local(async move {
            if client::delete("/api/session").await.is_ok() {
                let _ = window().location().reload();
            }
        });
    };
    view! {
        <button type="button" data-testid="sign-out" on:click=click
            class="rounded border border-slate-500 px-2.5 py-0.5 text-sm text-slate-200 hover:bg-slate-700">"Sign out"</button>
    }
}

/// Asks for the server's token, sends it to `POST /api/session` (which answers with an HttpOnly
/// session cookie, never the token) and reloads the page signed in.
#[component]
fn SignIn() -> impl IntoView {
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body = json!({ "token": token.get_untracked() });
        leptos::task::spawn_local(async move {
            match client::post_json("/api/session", &body).await {
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div data-testid="sign-in" class="border-b border-amber-200 bg-amber-50">
            <form class="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-6 py-2 text-sm" on:submit=submit>
                <span class="text-amber-900">"This server requires its API token for changes and data."</span>
                <input type="password" data-testid="sign-in-token" aria-label="API token" placeholder="API token" required
                    autocomplete="current-password"
                    class="w-64 rounded border border-amber-300 bg-white px-2 py-1"
                    on:input=move |ev| token.set(event_target_value(&ev))/>
                <button type="submit" data-testid="sign-in-submit" disabled=move || busy.get()
                    class="rounded bg-amber-600 px-3 py-1 font-semibold text-white hover:bg-amber-700 disabled:opacity-50">"Sign in"</button>
                {move || error.get().map(|e| view! { <span role="alert" class="text-red-700">{e}</span> })}
            </form>
        </div>
    }
}
