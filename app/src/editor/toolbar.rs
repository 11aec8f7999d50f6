//! The editor's toolbar: undo, redo, save (a new version), export, and the validity badge.
//! Ctrl+Z / Ctrl+Shift+Z (Cmd on macOS) and Ctrl+S work anywhere on the page except while
//! typing in a text field, whose own undo wins there. The editor's notice (`editor-notice`)
//! hangs from the toolbar over the top of the canvas, with a × to dismiss it: shown in the flow
//! it pushed the canvas and the panels 44 px down (a dragged palette item slid under the cursor).

use crate::sync_hydrate::IntoAnySync;
use super::Editor;
use crate::api::save_workflow;
use leptos::prelude::*;

/// Buttons above the canvas.
#[component]
pub fn Toolbar() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let saving = RwSignal::new(false);
    let save = move || {
        if saving.get_untracked() {
            return;
        }
        if let Some(p) = ed.pane_syntax.get_untracked() {
            ed.notice.set(Some(format!("Not saved: the JSON pane's text is not JSON ({}). Fix it, or undo, then save.", p.message)));
            return;
        }
        saving.set(true);
        let (id, text) = (ed.id.get_value(), ed.text());
        leptos::task::spawn_local(async move {
            match save_workflow(id, text).await {
                Ok(saved) => {
                    ed.saved.set(ed.def.get_untracked());
                    ed.version.set(saved.version);
                    // The server keeps no copy of an unchanged definition; say why no version came.
                    ed.notice.set(saved.unchanged.then(|| format!("Nothing to save: version {} already holds this definition.", saved.version)));
                }
                Err(e) => ed.notice.set(Some(format!("Not saved: {e}"))),
            }
            saving.set(false);
        });
    };
    shortcuts(ed, save);
    super::clipboard::listen(ed);
    let problems = move || ed.problems.with(Vec::len);
    let export_href = move || format!("/api/workflows/{}/export", ed.id.get_value());
    let btn = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";
    view! {
        <div class="relative flex flex-wrap items-center gap-2">
            <button type="button" data-testid="undo" title="Undo (Ctrl+Z)" class=btn disabled=move || !ed.can.get().0 on:click=move |_| ed.undo()>"↶ Undo"</button>
            <button type="button" data-testid="redo" title="Redo (Ctrl+Shift+Z)" class=btn disabled=move || !ed.can.get().1 on:click=move |_| ed.redo()>"↷ Redo"</button>
            <span class="mx-1 h-6 w-px bg-slate-300"></span>
            {move || if ed.pane_syntax.with(Option::is_some) {
                view! { <span data-testid="validity" class="rounded-full bg-red-50 px-2.5 py-1 text-xs font-semibold text-red-700 ring-1 ring-red-200">"JSON error"</span> }.into_any_sync()
            } else if problems() == 0 {
                view! { <span data-testid="validity" class="rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-semibold text-emerald-700 ring-1 ring-emerald-200">"✓ Valid"</span> }.into_any_sync()
            } else {
                view! { <span data-testid="validity" class="rounded-full bg-red-50 px-2.5 py-1 text-xs font-semibold text-red-700 ring-1 ring-red-200">{crate::words::count(problems(), "problem")}</span> }.into_any_sync()
            }}
            <span class="ml-auto text-sm text-slate-500" data-testid="version">
                {move || format!("Version {}", ed.version.get())}
                {move || ed.dirty().then_some(" · unsaved changes")}
            </span>
            <a
                data-testid="export"
                href=export_href
                download=move || format!("{}.asl.json", ed.id.get_value())
                rel="external"
                class=btn
                on:click=move |ev| set_export_href(&ev, &ed.text())
            >
                "Export"
            </a>
            <button type="button" data-testid="save" class="rounded-md bg-sky-600 px-4 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-sky-700 disabled:opacity-50"
                disabled=move || saving.get() on:click=move |_| save()>
                {move || if saving.get() { "Saving…" } else { "Save" }}
            </button>
            // Over the top of the canvas, so nothing moves when it comes or goes; clicks go
            // through it (but for its ×) to what it covers.
            {move || ed.notice.get().map(|n| view! {
                <div class="pointer-events-none absolute left-0 top-full z-30 mt-4 flex max-w-xl gap-2 rounded-md bg-amber-50 py-2 pl-3 pr-1 text-sm text-amber-800 shadow ring-1 ring-amber-200">
                    <p role="alert" data-testid="editor-notice">{n}</p>
                    <button type="button" aria-label="Dismiss" class="pointer-events-auto rounded px-1.5 hover:bg-amber-100"
                        on:click=move |_| ed.notice.set(None)>"×"</button>
                </div>
            })}
        </div>
    }
}

/// Export downloads what the editor holds (saved or not) as a `data:` URL: the definition
/// exactly, nothing editor-specific (positions are computed, never stored). Before hydration the
/// link downloads the saved version from the REST API instead.
fn set_export_href(ev: &leptos::ev::MouseEvent, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(a) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = a.set_attribute("href", &format!("data:application/json;charset=utf-8,{}", percent_encode(text)));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, text);
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986), for a `data:` URL.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Page-wide keys: undo, redo, save; on the selected state (unless typing in a field), Delete or
/// Backspace deletes it, Ctrl+D duplicates it and Escape unselects it.
fn shortcuts(ed: Editor, save: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if !(ev.ctrl_key() || ev.meta_key()) {
                if typing || ev.alt_key() {
                    return;
                }
                match ev.key().as_str() {
                    "Delete" | "Backspace" if ed.selected.with_untracked(Option::is_some) => {
                        ev.prevent_default();
                        ed.delete_selected();
                    }
                    "Escape" => ed.selected.set(None),
                    _ => {}
                }
                return;
            }
            match ev.key().to_ascii_lowercase().as_str() {
                "d" if !typing && ed.selected.with_untracked(Option::is_some) => {
                    ev.prevent_default();
                    ed.duplicate_selected();
                }
                "s" => {
                    ev.prevent_default();
                    save();
                }
                "z" if !typing && ev.shift_key() => {
                    ev.prevent_default();
                    ed.redo();
                }
                "z" if !typing => {
                    ev.prevent_default();
                    ed.undo();
                }
                "y" if !typing => {
                    ev.prevent_default();
                    ed.redo();
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ed, save);
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoding_keeps_json_intact() {
        assert_eq!(super::percent_encode("{\"a\": 1}\n"), "%7B%22a%22%3A%201%7D%0A");
        assert_eq!(super::percent_encode("é"), "%C3%A9");
    }
}
