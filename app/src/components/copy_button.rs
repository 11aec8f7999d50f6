//! "Copy" on a JSON block (inputs, outputs, data-flow stages, event details), as the AWS console
//! offers on each: puts the text on the clipboard and says "Copied" for a moment, or "Not
//! copied" when the browser refuses (the clipboard needs a secure context: https or localhost).

use leptos::prelude::*;

/// `text` in a `<pre>` styled by `class`, with Copy in its top-right corner.
#[component]
pub fn CopyableJson(text: String, class: &'static str, #[prop(optional, into)] testid: Option<String>) -> impl IntoView {
    view! {
        <div class="relative">
            <pre data-testid=testid class=class>{text.clone()}</pre>
            <CopyButton text/>
        </div>
    }
}

/// A small button for the top-right corner of a `relative` block holding `text`.
#[component]
fn CopyButton(text: String) -> impl IntoView {
    let said = RwSignal::new(None::<&'static str>);
    let copy = move |_| copy_text(&text, said);
    view! {
        <button
            type="button"
            data-copy=""
            title="Copy to the clipboard"
            class="absolute right-1.5 top-1.5 rounded border border-slate-200 bg-white/90 px-1.5 py-0.5 text-[10px] font-medium text-slate-600 opacity-70 hover:opacity-100"
            on:click=copy
        >
            {move || said.get().unwrap_or("Copy")}
        </button>
    }
}

fn copy_text(text: &str, said: RwSignal<Option<&'static str>>) {
    #[cfg(feature = "hydrate")]
    {
        let promise = window().navigator().clipboard().write_text(text);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            said.try_set(Some(if done { "Copied" } else { "Not copied" }));
            set_timeout(
                move || {
                    let _ = said.try_set(None);
                },
                std::time::Duration::from_millis(1500),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, said);
}
