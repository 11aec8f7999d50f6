//! Adding a new state where it belongs, as AWS Workflow Studio and n8n do: a palette click
//! with a state selected, or a drop onto a state, goes *after* that state (A → B becomes
//! A → New → B); a drop onto an arrow goes *on* it (the arrow's transitions now point at the new
//! state, which goes on to the old target); anything else stands alone until connected.
//!
//! Rules where a plain `Next` cannot be followed (a table test below pins each):
//! - after a state with `End: true`: it goes on to the new state, which ends;
//! - after a Choice: on its `Default` path (a Choice has no `Next`): `Default` → New → old
//!   `Default` (New ends when there was none);
//! - after a Succeed or Fail: nothing can follow a terminal state, so the new state goes
//!   *before* it (every transition into it, and `StartAt`, move to the new state, which goes on
//!   to it): selecting the end of a chain and adding a step extends the chain;
//! - on an arrow that stands for one field ([`Via`]: the layout tags each arrow), only that
//!   field moves to the new state; without one, every transition between the two states does;
//! - a new Choice goes on through its `Default`; a new Succeed or Fail goes on nowhere: what
//!   followed stays in the definition, unreachable unless something else leads there. That is
//!   what was asked (a Fail on a Choice rule's or a catcher's arrow is the usual way to end a
//!   path; mid-chain, to stop early), and it is not rewired otherwise (only a new Choice could
//!   keep both paths), but it is said: the drop hint names what would be cut off
//!   ([`Preview::warning`]), the insert reports it ([`Inserted::cut_off`]) for the editor's
//!   notice, and one undo takes it back.
//!
//! One call is one edit, so one undo restores the definition as it was.

use super::reach::{lost, reached, some_of, targets};
use super::{all_names, free_nested_names, scope_of, unique_name, unlink};
use serde_json::{json, Map, Value};

/// Where a new state goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Unlinked, in the scope at this JSON pointer (`""`: the top level).
    Alone(String),
    /// After this state (see the module docs for Choice, Succeed and Fail).
    After(String),
    /// On the arrow from `from` to `to` (`None`: the scope's Start or End marker) that draws
    /// field `via` of `from` (`None`: every transition from `from` to `to`).
    Between { from: Option<String>, to: Option<String>, via: Option<Via> },
}

/// The transition field an arrow draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `Next`.
    Next,
    /// Choice rule `i`'s `Next`.
    Rule(usize),
    /// A Choice state's `Default`.
    Default,
    /// Catcher `i`'s `Next`.
    Catch(usize),
}

impl Via {
    /// An arrow's kind as the layout tags it (`next`, `rule-0`, `default`, `catch-1`); the
    /// markers' `start` and `end` are no field.
    pub fn parse(kind: &str) -> Option<Via> {
        let index = |prefix: &str| kind.strip_prefix(prefix).and_then(|i| i.parse().ok());
        match kind {
            "next" => Some(Via::Next),
            "default" => Some(Via::Default),
            _ => index("rule-").map(Via::Rule).or_else(|| index("catch-").map(Via::Catch)),
        }
    }

    /// The field in `state`, when it is there.
    fn field(self, state: &mut Map<String, Value>) -> Option<&mut Value> {
        let (list, i) = match self {
            Via::Next => return state.get_mut("Next"),
            Via::Default => return state.get_mut("Default"),
            Via::Rule(i) => ("Choices", i),
            Via::Catch(i) => ("Catch", i),
        };
        state.get_mut(list)?.get_mut(i)?.get_mut("Next")
    }
}

/// How the existing states are rewired around the new one.
enum Link {
    None,
    /// Via `Next` (or `Default` for a Choice) of this state.
    After(String),
    /// Every transition into this terminal state, and `StartAt`, move to the new one.
    Before(String),
    /// `StartAt` moves from this state to the new one.
    Start(String),
    /// This state's transitions to the second (that one field, if given) move to the new one.
    Edge(String, String, Option<Via>),
}

/// What an insert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inserted {
    /// The new state's name.
    pub name: String,
    /// The states of its scope that were reachable and no longer are, nearest first: what
    /// followed where a new Succeed or Fail went.
    pub cut_off: Vec<String>,
}

impl Inserted {
    /// What the editor's notice says after the insert: what it cut off, if anything.
    pub fn notice(&self) -> Option<String> {
        let (lost, name) = (some_of(&self.cut_off), &self.name);
        (!lost.is_empty()).then(|| format!("Left unreachable: {lost} (“{name}” ends the path). Ctrl+Z undoes it."))
    }
}

/// Adds `state` under a free name made from `base` at `place`.
pub fn insert_state(def: &mut Value, base: &str, state: Value, place: &Place) -> Result<Inserted, String> {
    let (scope, link) = plan(def, place, terminal(&state))?;
    let before = reached(def, &scope);
    let name = add(def, &scope, &link, base, state)?;
    Ok(Inserted { cut_off: lost(def, &scope, before), name })
}

/// Adds `state` under a free name made from `base` into `scope`, linked as `link` says;
/// returns the name.
fn add(def: &mut Value, scope: &str, link: &Link, base: &str, mut state: Value) -> Result<String, String> {
    let name = unique_name(def, base);
    // The states nested in a new Parallel or Map also need unique names.
    let mut taken = all_names(def);
    taken.push(name.clone());
    free_nested_names(&mut state, &mut taken)?;
    let states = states_mut(def, scope)?;
    let index = |n: &str| states.keys().position(|k| k == n);
    // Beside the state it is linked to, so the JSON reads in order too.
    let at = match link {
        Link::None => None,
        Link::After(s) | Link::Edge(s, _, _) => index(s).map(|i| i + 1),
        Link::Before(s) | Link::Start(s) => index(s),
    };
    let goes_to = match link {
        Link::None => None,
        Link::After(s) => Some(follow(states, s, &name)),
        Link::Before(s) => {
            states.values_mut().filter_map(Value::as_object_mut).for_each(|st| unlink(st, s, Some(&name)));
            Some(Some(s.clone()))
        }
        Link::Start(t) => Some(Some(t.clone())),
        Link::Edge(f, t, via) => {
            let from = states.get_mut(f).and_then(Value::as_object_mut).ok_or_else(|| format!("no state “{f}”"))?;
            match via.and_then(|v| v.field(from)) {
                Some(field) => *field = Value::String(name.clone()),
                None => unlink(from, t, Some(&name)),
            }
            Some(Some(t.clone()))
        }
    };
    if let (Some(to), Some(obj)) = (goes_to, state.as_object_mut()) {
        go_on(obj, to.as_deref());
    }
    let at = at.unwrap_or(states.len()).min(states.len());
    states.shift_insert(at, name.clone(), state);
    let machine = scope_mut(def, scope)?;
    let start = match link {
        Link::Start(_) => true,
        Link::Before(s) => machine.get("StartAt").and_then(Value::as_str) == Some(s.as_str()),
        _ => !machine.get("StartAt").is_some_and(Value::is_string) || machine.get("States").and_then(Value::as_object).is_some_and(|s| s.len() == 1),
    };
    if start {
        machine.insert("StartAt".into(), Value::String(name.clone()));
    }
    Ok(name)
}

/// The scope the new state goes into and how it is linked; refuses places that are gone.
fn plan(def: &Value, place: &Place, new_is_terminal: bool) -> Result<(String, Link), String> {
    let scope = |n: &str| scope_of(def, n).ok_or_else(|| format!("no state “{n}”"));
    Ok(match place {
        Place::Alone(s) => {
            def.pointer(s).filter(|m| m.is_object()).ok_or("the scope vanished")?;
            (s.clone(), Link::None)
        }
        Place::After(s) | Place::Between { from: Some(s), to: None, .. } => {
            let link = match type_of(def, s) {
                "Succeed" | "Fail" if new_is_terminal => Link::None,
                "Succeed" | "Fail" => Link::Before(s.clone()),
                _ => Link::After(s.clone()),
            };
            (scope(s)?, link)
        }
        Place::Between { from: None, to: Some(t), .. } => (scope(t)?, Link::Start(t.clone())),
        Place::Between { from: Some(f), to: Some(t), via } => {
            let s = scope(f)?;
            let mut state = super::state(def, f).and_then(Value::as_object).cloned().unwrap_or_default();
            let leads = match via {
                Some(v) => v.field(&mut state).is_some_and(|x| x.as_str() == Some(t.as_str())),
                None => targets(&Value::Object(state)).contains(&t.as_str()),
            };
            if !leads {
                return Err(format!("“{f}” does not lead to “{t}” there any more"));
            }
            (s, Link::Edge(f.clone(), t.clone(), *via))
        }
        Place::Between { from: None, to: None, .. } => (String::new(), Link::None),
    })
}

/// What inserting at a place would do, in words (the drop hint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Where the new state goes.
    pub text: String,
    /// What it would leave unreachable, if anything.
    pub warning: Option<String>,
}

impl Place {
    /// What inserting a state of type `new_type` here does, in words (the drop hint): read off
    /// the same plan [`insert_state`] follows, and for a Succeed or Fail (only they can cut a
    /// chain: any other new state goes on to what followed) from an insert into a copy, so the
    /// hint and the drop cannot disagree.
    pub fn describe(&self, def: &Value, new_type: &str) -> Result<Preview, String> {
        let terminal = matches!(new_type, "Succeed" | "Fail");
        let (_, link) = plan(def, self, terminal)?;
        let cut_off = if terminal && !matches!(link, Link::None) {
            insert_state(&mut def.clone(), new_type, json!({"Type": new_type}), self)?.cut_off
        } else {
            Vec::new()
        };
        let text = match link {
            Link::None => match self {
                Place::After(s) | Place::Between { from: Some(s), .. } => format!("Add unconnected (nothing can follow “{s}”)"),
                Place::Alone(_) | Place::Between { .. } => "Drop to add, unconnected".into(),
            },
            Link::After(s) if type_of(def, &s) == "Choice" => format!("Insert on “{s}”'s Default path"),
            Link::After(s) => format!("Insert after “{s}”"),
            Link::Before(s) => format!("Insert before “{s}”"),
            Link::Start(t) => format!("Insert at the start, before “{t}”"),
            Link::Edge(f, t, via) => {
                let which = match via {
                    Some(Via::Rule(i)) => format!(" (rule {})", i + 1),
                    Some(Via::Default) => " (Default)".into(),
                    Some(Via::Catch(i)) => format!(" (Catch {})", i + 1),
                    Some(Via::Next) | None => String::new(),
                };
                format!("Insert between “{f}” and “{t}”{which}")
            }
        };
        let warning = (!cut_off.is_empty()).then(|| format!("Leaves {} unreachable", some_of(&cut_off)));
        Ok(Preview { text, warning })
    }
}

/// Points `s` on to `name` and answers where it went before (`None`: it ended).
fn follow(states: &mut Map<String, Value>, s: &str, name: &str) -> Option<String> {
    let st = states.get_mut(s).and_then(Value::as_object_mut)?;
    let field = if st.get("Type").and_then(Value::as_str) == Some("Choice") { "Default" } else { "Next" };
    let old = st.get(field).and_then(Value::as_str).map(str::to_string);
    st.remove("End");
    st.insert(field.into(), Value::String(name.to_string()));
    old
}

/// Makes the new state go on to `to` (`None`: end), as its type allows.
fn go_on(state: &mut Map<String, Value>, to: Option<&str>) {
    match (state.get("Type").and_then(Value::as_str), to) {
        (Some("Succeed" | "Fail"), _) | (Some("Choice"), None) => {}
        (Some("Choice"), Some(t)) => {
            state.insert("Default".into(), json!(t));
        }
        (_, Some(t)) => {
            state.remove("End");
            state.insert("Next".into(), json!(t));
        }
        (_, None) => {
            state.remove("Next");
            state.insert("End".into(), json!(true));
        }
    }
}

fn terminal(state: &Value) -> bool {
    matches!(state.get("Type").and_then(Value::as_str), Some("Succeed" | "Fail"))
}

fn type_of<'a>(def: &'a Value, name: &str) -> &'a str {
    super::state(def, name).and_then(|s| s.get("Type")).and_then(Value::as_str).unwrap_or("")
}

fn scope_mut<'a>(def: &'a mut Value, scope: &str) -> Result<&'a mut Map<String, Value>, String> {
    def.pointer_mut(scope).and_then(Value::as_object_mut).ok_or_else(|| "the scope vanished".to_string())
}

fn states_mut<'a>(def: &'a mut Value, scope: &str) -> Result<&'a mut Map<String, Value>, String> {
    let states = scope_mut(def, scope)?.entry("States").or_insert_with(|| json!({}));
    states.as_object_mut().ok_or_else(|| "`States` is not an object".to_string())
}

#[cfg(test)]
mod tests;
