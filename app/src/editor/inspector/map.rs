//! Map's own fields, grouped as Workflow Studio groups them: the processing mode (inline, or
//! distributed with its execution type), the items (ItemsPath, ItemSelector), concurrency, the
//! tolerated failure threshold, and — for a distributed Map — the item source (ItemReader),
//! batching (ItemBatcher), where results go (ResultWriter) and the run label.
//!
//! The distributed-only group shows for a distributed Map, and for an inline one that still
//! carries any of its fields (so switching the mode never hides a field the validator then
//! complains about).

use super::fields::{read, set_nested, Field, JsonField, NumberField, TextField, INPUT};
use super::scopes::ScopeSummary;
use crate::editor::{ops, Editor};
use leptos::prelude::*;
use serde_json::Value;

/// Fields a Map may carry only when its processor is DISTRIBUTED.
const DISTRIBUTED_ONLY: [&str; 4] = ["ItemReader", "ItemBatcher", "ResultWriter", "Label"];

const PROCESSOR_CONFIG: &str = "/ItemProcessor/ProcessorConfig";

#[component]
pub fn MapSection(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let mode = Memo::new(move |_| mode_of(read(ed, &n, &format!("{PROCESSOR_CONFIG}/Mode")).as_ref()));
    let n = name.clone();
    let has_distributed_fields =
        Memo::new(move |_| ed.def.with(|d| ops::state(d, &n).and_then(Value::as_object).is_some_and(|s| DISTRIBUTED_ONLY.iter().any(|k| s.contains_key(*k)))));
    let show_distributed = move || mode.get() == Mode::Distributed || has_distributed_fields.get();
    let s = |x: &str| x.to_string();
    let n = name.clone();
    view! {
        <ModeField name=name.clone() mode/>
        <TextField state=name.clone() ptr=s("/ItemsPath") label=s("ItemsPath") placeholder="$.items"/>
        <JsonField state=name.clone() ptr=s("/ItemSelector") label=s("ItemSelector")/>
        <NumberField state=name.clone() ptr=s("/MaxConcurrency") label=s("MaxConcurrency (0 = no limit)")/>
        <TextField state=name.clone() ptr=s("/MaxConcurrencyPath") label=s("or MaxConcurrencyPath") placeholder="$.limit"/>
        <ToleranceFields name=name.clone()/>
        {move || show_distributed().then(|| view! { <DistributedFields name=n.clone()/> })}
        <ScopeSummary name ptr=s("/ItemProcessor") caption=s("Item processor")/>
    }
}

/// How the items are processed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Inline,
    Distributed,
}

fn mode_of(v: Option<&Value>) -> Mode {
    if v.and_then(Value::as_str) == Some("DISTRIBUTED") {
        Mode::Distributed
    } else {
        Mode::Inline
    }
}

/// Processing mode and, when distributed, the child executions' type.
#[component]
fn ModeField(name: String, mode: Memo<Mode>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let on_mode = move |ev| {
        let distributed = event_target_value(&ev) == "DISTRIBUTED";
        let state = n.clone();
        ed.apply("", |d| set_mode(d, &state, distributed));
        ed.settle();
    };
    let n = name.clone();
    let execution_type =
        Memo::new(move |_| read(ed, &n, &format!("{PROCESSOR_CONFIG}/ExecutionType")).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
    let n = name.clone();
    let on_type = move |ev| {
        let value = Value::String(event_target_value(&ev));
        let state = n.clone();
        ed.apply("", |d| set_nested(d, &state, &format!("{PROCESSOR_CONFIG}/ExecutionType"), Some(value)));
        ed.settle();
    };
    view! {
        <div class="grid grid-cols-2 gap-2">
            <Field state=name.clone() ptr=format!("{PROCESSOR_CONFIG}/Mode") label="Processing mode".to_string()>
                <select class=INPUT data-testid="map-mode" on:change=on_mode prop:value=move || if mode.get() == Mode::Distributed { "DISTRIBUTED" } else { "INLINE" }>
                    <option value="INLINE" selected=move || mode.get() == Mode::Inline>"Inline"</option>
                    <option value="DISTRIBUTED" selected=move || mode.get() == Mode::Distributed>"Distributed"</option>
                </select>
            </Field>
            {move || (mode.get() == Mode::Distributed).then(|| {
                // Cloned here: the children closure moves what it names.
                let on_type = on_type.clone();
                view! {
                    <Field state=name.clone() ptr=format!("{PROCESSOR_CONFIG}/ExecutionType") label="Child executions".to_string()>
                        <select class=INPUT data-testid="map-execution-type" on:change=on_type prop:value=move || execution_type.get()>
                            <option value="STANDARD" selected=move || execution_type.get() == "STANDARD">"Standard"</option>
                            <option value="EXPRESS" selected=move || execution_type.get() == "EXPRESS">"Express"</option>
                        </select>
                    </Field>
                }
            })}
        </div>
    }
}

/// The tolerated failure threshold (the engine applies it to inline Maps too).
#[component]
fn ToleranceFields(name: String) -> impl IntoView {
    let s = |x: &str| x.to_string();
    view! {
        <details class="rounded-md border border-slate-200 p-3" data-testid="map-tolerance">
            <summary class="cursor-pointer text-xs font-semibold uppercase tracking-wider text-slate-600">"Tolerated failure threshold"</summary>
            <p class="mt-2 text-xs text-slate-500">"The Map fails with States.ExceedToleratedFailureThreshold once more items fail than this; none by default."</p>
            <div class="mt-3 grid grid-cols-2 gap-2">
                <NumberField state=name.clone() ptr=s("/ToleratedFailureCount") label=s("Failures (count)")/>
                <TextField state=name.clone() ptr=s("/ToleratedFailureCountPath") label=s("or count path") placeholder="$.maxFailures"/>
                <NumberField state=name.clone() ptr=s("/ToleratedFailurePercentage") label=s("Failures (%)")/>
                <TextField state=name.clone() ptr=s("/ToleratedFailurePercentagePath") label=s("or percentage path") placeholder="$.maxPercent"/>
            </div>
        </details>
    }
}

/// A distributed Map's item source, batching, result writer and label.
#[component]
fn DistributedFields(name: String) -> impl IntoView {
    let s = |x: &str| x.to_string();
    view! {
        <details class="rounded-md border border-slate-200 p-3" open=true data-testid="map-distributed">
            <summary class="cursor-pointer text-xs font-semibold uppercase tracking-wider text-slate-600">"Distributed map"</summary>
            <div class="mt-3 space-y-3">
                <div class="grid grid-cols-2 gap-2">
                    <NumberField state=name.clone() ptr=s("/ItemBatcher/MaxItemsPerBatch") label=s("Max items per batch") nested=true/>
                    <NumberField state=name.clone() ptr=s("/ItemBatcher/MaxInputBytesPerBatch") label=s("Max bytes per batch") nested=true/>
                </div>
                <JsonField state=name.clone() ptr=s("/ItemBatcher/BatchInput") label=s("BatchInput (sent with every batch)") rows=2/>
                <JsonField state=name.clone() ptr=s("/ItemReader") label=s("ItemReader (Resource, ReaderConfig, Parameters)")/>
                <JsonField state=name.clone() ptr=s("/ResultWriter") label=s("ResultWriter")/>
                <TextField state=name.clone() ptr=s("/Label") label=s("Label (child execution names, ≤ 40 characters)")/>
            </div>
        </details>
    }
}

/// Switches a Map's processing mode. Distributed needs an execution type (AWS refuses the
/// definition without one), so STANDARD is set unless one is there; inline is the default
/// mode, so the whole `ProcessorConfig` goes rather than leaving `{"Mode": "INLINE"}` behind.
fn set_mode(def: &mut Value, state: &str, distributed: bool) -> Result<(), String> {
    if !distributed {
        return set_nested(def, state, PROCESSOR_CONFIG, None);
    }
    set_nested(def, state, &format!("{PROCESSOR_CONFIG}/Mode"), Some(Value::String("DISTRIBUTED".into())))?;
    let ty = format!("{PROCESSOR_CONFIG}/ExecutionType");
    let has_type = ops::state_pointer(def, state).and_then(|base| def.pointer(&format!("{base}{ty}")).cloned()).is_some();
    if has_type {
        Ok(())
    } else {
        set_nested(def, state, &ty, Some(Value::String("STANDARD".into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def() -> Value {
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})
    }

    fn map(d: &Value) -> &Value {
        &d["States"]["M"]
    }

    #[test]
    fn distributed_mode_brings_an_execution_type_and_inline_removes_the_config() {
        let mut d = def();
        set_mode(&mut d, "M", true).unwrap();
        assert_eq!(map(&d)["ItemProcessor"]["ProcessorConfig"], json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}));
        set_nested(&mut d, "M", "/ItemProcessor/ProcessorConfig/ExecutionType", Some(json!("EXPRESS"))).unwrap();
        set_mode(&mut d, "M", true).unwrap();
        assert_eq!(map(&d)["ItemProcessor"]["ProcessorConfig"]["ExecutionType"], json!("EXPRESS"), "an execution type already set is kept");
        set_mode(&mut d, "M", false).unwrap();
        assert_eq!(map(&d)["ItemProcessor"].get("ProcessorConfig"), None);
        assert_eq!(map(&d)["ItemProcessor"]["StartAt"], json!("P"), "the processor itself stays");
        let problems = engine::validate::validate_value(&d);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_batcher_is_created_with_its_first_field_and_goes_with_its_last() {
        let mut d = def();
        set_mode(&mut d, "M", true).unwrap();
        set_nested(&mut d, "M", "/ItemBatcher/MaxItemsPerBatch", Some(json!(10))).unwrap();
        set_nested(&mut d, "M", "/ItemBatcher/MaxInputBytesPerBatch", Some(json!(1024))).unwrap();
        assert_eq!(map(&d)["ItemBatcher"], json!({"MaxItemsPerBatch": 10, "MaxInputBytesPerBatch": 1024}));
        let problems = engine::validate::validate_value(&d);
        assert!(problems.is_empty(), "{problems:?}");
        set_nested(&mut d, "M", "/ItemBatcher/MaxItemsPerBatch", None).unwrap();
        assert_eq!(map(&d)["ItemBatcher"], json!({"MaxInputBytesPerBatch": 1024}));
        set_nested(&mut d, "M", "/ItemBatcher/MaxInputBytesPerBatch", None).unwrap();
        assert_eq!(map(&d).get("ItemBatcher"), None, "an empty ItemBatcher is removed");
    }

    #[test]
    fn a_value_under_a_non_object_is_refused() {
        let mut d = def();
        d["States"]["M"]["ItemBatcher"] = json!(3);
        assert!(set_nested(&mut d, "M", "/ItemBatcher/MaxItemsPerBatch", Some(json!(1))).is_err());
        assert!(set_nested(&mut d, "Nope", "/ItemsPath", Some(json!("$"))).is_err());
    }

    #[test]
    fn the_mode_reads_distributed_only_when_it_says_so() {
        assert_eq!(mode_of(Some(&json!("DISTRIBUTED"))), Mode::Distributed);
        assert_eq!(mode_of(Some(&json!("INLINE"))), Mode::Inline);
        assert_eq!(mode_of(None), Mode::Inline);
    }
}
