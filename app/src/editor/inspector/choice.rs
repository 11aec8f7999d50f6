//! Choice: the rule builder. Each rule is a comparison (Variable, operator, value) or an
//! And / Or of rules or a Not of one, nested as deep as needed; top-level rules have a Next.
//! Plus the Default.

use crate::sync_hydrate::IntoAnySync;
use super::fields::{read, write, TargetField, INPUT};
use crate::editor::{ops, Editor};
use engine::model::ComparisonOp;
use leptos::prelude::*;
use serde_json::{json, Map, Value};

const CONDITION_KEYS: [&str; 3] = ["And", "Or", "Not"];

/// Rules, add buttons, Default.
#[component]
pub fn ChoiceSection(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let count = Memo::new(move |_| read(ed, &n, "/Choices").and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
    let n = name.clone();
    let add = move |rule: Value| {
        let name = n.clone();
        ed.apply("", |d| {
            let len = ops::state(d, &name).and_then(|s| s.get("Choices")?.as_array().map(Vec::len));
            if len.is_none() {
                ops::set_field(d, &name, "Choices", Some(json!([])))?;
            }
            ops::set_at(d, &name, &format!("/Choices/{}", len.unwrap_or(0)), Some(rule))
        });
    };
    let add2 = add.clone();
    let n = name.clone();
    let s = |x: &str| x.to_string();
    view! {
        <section class="space-y-3" data-testid="choice-rules">
            <h4 class="text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Rules"</h4>
            {move || (0..count.get()).map(|i| view! {
                <div class="space-y-2 rounded-md border border-amber-200 bg-amber-50/40 p-3" data-rule=i>
                    <div class="flex items-center justify-between">
                        <span class="text-xs font-semibold text-amber-800">{format!("Rule {}", i + 1)}</span>
                        <RemoveButton name=n.clone() ptr=format!("/Choices/{i}")/>
                    </div>
                    <RuleEditor name=n.clone() ptr=format!("/Choices/{i}") depth=0/>
                    <TargetField state=n.clone() ptr=format!("/Choices/{i}/Next") label=s("Then go to")/>
                </div>
            }).collect_view()}
            <div class="flex gap-2">
                <button type="button" data-testid="add-rule" class="rounded-md border border-amber-300 bg-white px-2.5 py-1 text-xs font-medium text-amber-800 hover:bg-amber-50"
                    on:click=move |_| add(json!({"Variable": "$.value", "StringEquals": ""}))>"+ Rule"</button>
                <button type="button" class="rounded-md border border-amber-300 bg-white px-2.5 py-1 text-xs font-medium text-amber-800 hover:bg-amber-50"
                    on:click=move |_| add2(json!({"And": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.b", "IsPresent": true}]}))>"+ And group"</button>
            </div>
            <TargetField state=name.clone() ptr=s("/Default") label=s("Otherwise (Default)")/>
        </section>
    }
}

/// One condition at `ptr`: a comparison row, or And / Or / Not with their rules inside.
#[component]
fn RuleEditor(name: String, ptr: String, depth: usize) -> AnyView {
    let ed = expect_context::<Editor>();
    let (n, p) = (name.clone(), ptr.clone());
    let kind = Memo::new(move |_| {
        let rule = read(ed, &n, &p).unwrap_or(Value::Null);
        CONDITION_KEYS.iter().find(|k| rule.get(**k).is_some()).map(|k| k.to_string())
    });
    let (n, p) = (name.clone(), ptr.clone());
    view! {
        <div class="space-y-2">
            {move || match kind.get() {
                Some(k) if k == "Not" => view! {
                    <div class="space-y-2 border-l-2 border-slate-300 pl-3">
                        <span class="text-[11px] font-semibold uppercase text-slate-500">"Not"</span>
                        <RuleEditor name=n.clone() ptr=format!("{p}/Not") depth=depth + 1/>
                    </div>
                }.into_any_sync(),
                Some(k) => view! { <GroupEditor name=n.clone() ptr=p.clone() key=k depth/> }.into_any_sync(),
                None => view! { <Comparison name=n.clone() ptr=p.clone()/> }.into_any_sync(),
            }}
            <WrapButtons name=name.clone() ptr=ptr.clone()/>
        </div>
    }
    .into_any_sync()
}

#[component]
fn GroupEditor(name: String, ptr: String, key: String, depth: usize) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (n, p, k) = (name.clone(), ptr.clone(), key.clone());
    let len = Memo::new(move |_| read(ed, &n, &format!("{p}/{k}")).and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
    let (n, p, k) = (name.clone(), ptr.clone(), key.clone());
    let add = move |_| {
        let at = format!("{p}/{k}/{}", read(ed, &n, &format!("{p}/{k}")).and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
        write(ed, &n, &at, Some(json!({"Variable": "$.value", "IsPresent": true})));
    };
    let (n, p, k2) = (name.clone(), ptr.clone(), key.clone());
    view! {
        <div class="space-y-2 border-l-2 border-amber-300 pl-3">
            <span class="text-[11px] font-semibold uppercase text-amber-800">{if key == "And" { "All of" } else { "Any of" }}</span>
            {move || (0..len.get()).map(|i| view! {
                <div class="flex items-start gap-1">
                    <div class="flex-1"><RuleEditor name=n.clone() ptr=format!("{p}/{k2}/{i}") depth=depth + 1/></div>
                    <RemoveButton name=n.clone() ptr=format!("{p}/{k2}/{i}")/>
                </div>
            }).collect_view()}
            <button type="button" class="text-xs font-medium text-amber-800 hover:underline" on:click=add>"+ condition"</button>
        </div>
    }
}

/// Variable, operator (every ASL comparison, and its `…Path` form), value.
#[component]
fn Comparison(name: String, ptr: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (n, p) = (name.clone(), ptr.clone());
    let rule = move || read(ed, &n, &p).and_then(|v| v.as_object().cloned()).unwrap_or_default();
    let r = rule.clone();
    let op = move || operator(&r()).map(|(k, _)| k).unwrap_or_default();
    let r = rule.clone();
    let value = move || operator(&r()).map(|(_, v)| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).unwrap_or_default();
    let r = rule.clone();
    let variable = move || r().get("Variable").and_then(Value::as_str).unwrap_or_default().to_string();
    let (n, p) = (name.clone(), ptr.clone());
    let set_var = move |ev| write(ed, &n, &format!("{p}/Variable"), Some(Value::String(event_target_value(&ev))));
    let (n, p, r) = (name.clone(), ptr.clone(), rule.clone());
    let set_op = move |ev| {
        let new_op = event_target_value(&ev);
        let mut obj = r();
        let old = operator(&obj).map(|(k, v)| (k, v.clone()));
        if let Some((k, _)) = &old {
            obj.shift_remove(k);
        }
        let value = retyped(old.map(|(_, v)| v), &new_op);
        obj.insert(new_op, value);
        write(ed, &n, &p, Some(Value::Object(obj)));
    };
    let (n, p, o) = (name.clone(), ptr.clone(), op.clone());
    let set_value = move |ev| {
        let raw = event_target_value(&ev);
        let key = o();
        if key.is_empty() {
            return;
        }
        let v = if key.starts_with("String") || key.ends_with("Path") || key.starts_with("Timestamp") { Value::String(raw) } else { serde_json::from_str(&raw).unwrap_or(Value::String(raw)) };
        write(ed, &n, &format!("{p}/{key}"), Some(v));
    };
    let ops_list: Vec<String> = ComparisonOp::ALL.iter().flat_map(|o| {
        let base = o.name().to_string();
        let path = (!o.is_type_test() && *o != ComparisonOp::StringMatches).then(|| format!("{base}Path"));
        std::iter::once(base).chain(path)
    }).collect();
    view! {
        // Variable on its own row, operator and value below: three in a row left the inputs a
        // few characters wide in the inspector's column.
        <div class="grid grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-1.5" data-testid="comparison">
            <input type="text" placeholder="$.variable" aria-label="Variable" class=format!("{INPUT} col-span-2 font-mono text-xs") prop:value=variable on:input=set_var on:blur=move |_| ed.settle()/>
            <select aria-label="Operator" class=format!("{INPUT} text-xs") on:change=set_op>
                {ops_list.into_iter().map(|k| { let o = op.clone(); let kk = k.clone(); view! { <option value=k.clone() selected=move || o() == kk>{k.clone()}</option> } }).collect_view()}
            </select>
            <input type="text" placeholder="value" aria-label="Value" class=format!("{INPUT} font-mono text-xs") prop:value=value on:input=set_value on:blur=move |_| ed.settle()/>
        </div>
    }
}

/// The rule's value carried over to operator `op`, as the type `op` takes: a path for the
/// `…Path` forms, a string for String* and Timestamp*, a number for Numeric*, a boolean for
/// BooleanEquals and the Is* tests (`true`). Keeping a value of the old type made the rule
/// invalid (`"NumericGreaterThan": "fail"`).
fn retyped(old: Option<Value>, op: &str) -> Value {
    let text = match &old {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    if op.starts_with("Is") {
        Value::Bool(true)
    } else if op.ends_with("Path") {
        Value::String(if text.starts_with('$') { text } else { "$.".into() })
    } else if op.starts_with("String") || op.starts_with("Timestamp") {
        Value::String(text)
    } else if op.starts_with("Numeric") {
        match old {
            Some(Value::Number(n)) => Value::Number(n),
            _ => text.trim().parse::<serde_json::Number>().map_or(json!(0), Value::Number),
        }
    } else {
        Value::Bool(old.as_ref().and_then(Value::as_bool).unwrap_or(text != "false"))
    }
}

/// The comparison operator field of a rule and its value.
fn operator(rule: &Map<String, Value>) -> Option<(String, Value)> {
    rule.iter().find(|(k, _)| ComparisonOp::from_field(k).is_some()).map(|(k, v)| (k.clone(), v.clone()))
}

/// Wrap this condition in Not / And / Or.
#[component]
fn WrapButtons(name: String, ptr: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let wrap = move |how: &'static str| {
        let (n, p) = (name.clone(), ptr.clone());
        move |_| {
            let Some(Value::Object(mut rule)) = read(ed, &n, &p) else { return };
            let next = rule.shift_remove("Next");
            let inner = Value::Object(rule);
            let mut outer = match how {
                "Not" => json!({"Not": inner}),
                other => json!({other: [inner, {"Variable": "$.value", "IsPresent": true}]}),
            };
            if let (Some(next), Some(o)) = (next, outer.as_object_mut()) {
                o.insert("Next".into(), next);
            }
            write(ed, &n, &p, Some(outer));
        }
    };
    let b = "rounded border border-slate-200 px-1.5 py-0.5 text-[10px] font-medium text-slate-600 hover:bg-slate-50";
    view! {
        <div class="flex gap-1">
            <button type="button" class=b on:click=wrap("Not")>"Not"</button>
            <button type="button" class=b on:click=wrap("And")>"And…"</button>
            <button type="button" class=b on:click=wrap("Or")>"Or…"</button>
        </div>
    }
}

/// Removes the array element at `ptr`.
#[component]
pub fn RemoveButton(name: String, ptr: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    view! {
        <button type="button" title="Remove" class="rounded px-1.5 text-sm text-slate-400 hover:bg-red-50 hover:text-red-600"
            on:click=move |_| write(ed, &name, &ptr, None)>"✕"</button>
    }
}

#[cfg(test)]
mod tests {
    use super::retyped;
    use serde_json::json;

    #[test]
    fn a_new_operator_gets_a_value_of_its_type() {
        assert_eq!(retyped(Some(json!("fail")), "NumericGreaterThan"), json!(0));
        assert_eq!(retyped(Some(json!("12.5")), "NumericEquals"), json!(12.5));
        assert_eq!(retyped(Some(json!(7)), "NumericLessThan"), json!(7));
        assert_eq!(retyped(Some(json!(7)), "StringEquals"), json!("7"));
        assert_eq!(retyped(Some(json!("fail")), "StringEqualsPath"), json!("$."));
        assert_eq!(retyped(Some(json!("$.limit")), "NumericGreaterThanPath"), json!("$.limit"));
        assert_eq!(retyped(Some(json!("x")), "IsPresent"), json!(true));
        assert_eq!(retyped(Some(json!(true)), "BooleanEquals"), json!(true));
        assert_eq!(retyped(Some(json!("false")), "BooleanEquals"), json!(false));
        assert_eq!(retyped(None, "StringMatches"), json!(""));
    }
}
