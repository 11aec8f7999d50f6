//! Finding a state by name on a big graph (hundreds of states are normal for generated
//! workflows): a search field over the canvas, with the graph's state names as suggestions while
//! it has the focus (so the list costs nothing on a re-layout otherwise). Enter or a chosen
//! suggestion selects the state and centres the view on it ([`pick`] says which one).

use crate::model::{GraphView, NodeBox, NodeKind};
use leptos::prelude::*;

/// The field; `on_find` gets the name of the state found.
#[component]
pub fn FindState(graph: Signal<GraphView>, on_find: Callback<String>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let focused = RwSignal::new(false);
    let go = move || {
        let found = graph.with_untracked(|g| pick(&g.nodes, &text.get_untracked()));
        missing.set(found.is_none());
        if let Some(name) = found {
            on_find.run(name);
        }
    };
    let suggestions = move || {
        focused.get().then(|| {
            graph.with(|g| g.nodes.iter().filter(|n| n.kind == NodeKind::State).map(|n| view! { <option value=n.name.clone()></option> }).collect_view())
        })
    };
    view! {
        <input
            type="search"
            list="graph-state-names"
            placeholder="Find a state"
            aria-label="Find a state"
            data-testid="find-state"
            class=move || format!(
                "w-36 min-w-[5rem] shrink border-r border-slate-300 px-2 py-1 text-sm outline-none {}",
                if missing.get() { "bg-red-50 text-red-800" } else { "bg-white" },
            )
            title=move || if missing.get() { "No state has that name" } else { "A state's name, or part of it; Enter shows it" }
            prop:value=move || text.get()
            on:focus=move |_| focused.set(true)
            on:blur=move |_| focused.set(false)
            on:input=move |ev| {
                text.set(event_target_value(&ev));
                missing.set(false);
                if picked_suggestion(&ev) {
                    go();
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    go();
                }
            }
        />
        <datalist id="graph-state-names">{suggestions}</datalist>
    }
}

/// Whether this input event is the browser filling in a chosen suggestion (Chrome and Firefox
/// mark it `insertReplacementText`; typing gives `insertText`).
fn picked_suggestion(ev: &leptos::ev::Event) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|e| e.input_type() == "insertReplacementText")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// The state named `query` exactly; else the first, in drawing order, whose name contains it,
/// ignoring case. Markers (Start, End) are not states.
pub fn pick(nodes: &[NodeBox], query: &str) -> Option<String> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    let states = || nodes.iter().filter(|n| n.kind == NodeKind::State);
    let lower = crate::lowercase::lowercase(query);
    states()
        .find(|n| n.name == query)
        .or_else(|| states().find(|n| crate::lowercase::lowercase(&n.name).contains(&lower)))
        .map(|n| n.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, kind: NodeKind) -> NodeBox {
        NodeBox {
            name: name.into(),
            type_name: String::new(),
            kind,
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            resource: None,
            nested: false,
            rules: 0,
            order: Vec::new(),
        }
    }

    #[test]
    fn exact_names_win_then_the_first_containing_the_text() {
        let nodes = [node("Start", NodeKind::Start), node("Load orders", NodeKind::State), node("Load", NodeKind::State), node("Reload", NodeKind::State)];
        assert_eq!(pick(&nodes, "Load").as_deref(), Some("Load"));
        assert_eq!(pick(&nodes, "load").as_deref(), Some("Load orders"));
        assert_eq!(pick(&nodes, " rel ").as_deref(), Some("Reload"));
        // Markers are not states; nothing, or blank, finds nothing.
        assert_eq!(pick(&nodes, "Start"), None);
        assert_eq!(pick(&nodes, "Nope"), None);
        assert_eq!(pick(&nodes, "  "), None);
    }
}
