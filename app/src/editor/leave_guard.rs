//! Unsaved edits are not lost by leaving the editor unasked. Closing or reloading the tab, or
//! typing another address, makes the browser ask (`beforeunload`); a link within the app, which
//! the router follows without unloading the page, asks with a confirm dialog first, as does Run
//! (it opens the execution of the saved version). A clean editor asks nothing.

use super::Editor;
#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Whether leaving is fine: nothing unsaved, or the person said so.
pub fn confirm_leave(ed: Editor, action: &str) -> bool {
    if !ed.dirty_untracked() {
        return true;
    }
    #[cfg(feature = "hydrate")]
    {
        let question = format!("This workflow has unsaved changes (saved: version {}). {action}", ed.version.get_untracked());
        window().confirm_with_message(&question).unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = action;
        true
    }
}

/// Asks before the page is left while `ed` has unsaved changes, until the editor goes away.
pub fn guard(ed: Editor) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        // Set once the person agreed to follow a link, so the browser does not ask again when
        // that link unloads the page.
        let agreed = StoredValue::new(false);
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if ed.dirty_untracked() && !agreed.get_value() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        // Capturing, so the question comes before the router's own click handler, which leaves
        // a click alone once its default is prevented.
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            if ev.default_prevented() || ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(link) = link else { return };
            // Downloads (Export) and new tabs leave nothing behind.
            if link.has_attribute("download") || link.get_attribute("target").is_some_and(|t| t != "_self") {
                return;
            }
            if confirm_leave(ed, "Leave without saving them?") {
                agreed.set_value(true);
            } else {
                ev.prevent_default();
                ev.stop_propagation();
            }
        });
        let _ = window().add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
        let click = StoredValue::new_local(click);
        on_cleanup(move || {
            unload.remove();
            click.try_with_value(|c| {
                let _ = window().remove_event_listener_with_callback_and_bool("click", c.as_ref().unchecked_ref(), true);
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ed;
}
