//! The evaluation environment that paths, intrinsics and templates read from.

use serde_json::Value;

/// Read access to the variables (`Assign`) visible from the current state.
pub trait Vars: Sync {
    /// The value of `$name`, if it is defined in this scope or an enclosing one.
    fn get_var(&self, name: &str) -> Option<&Value>;
}

/// No variables at all (handy in tests and for validation).
pub struct NoVars;

impl Vars for NoVars {
    fn get_var(&self, _name: &str) -> Option<&Value> {
        None
    }
}

impl Vars for serde_json::Map<String, Value> {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// What a path or intrinsic argument can refer to: `$` (input), `$$` (context) and `$var`.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// The effective input (`$`).
    pub input: &'a Value,
    /// The context object (`$$`).
    pub context: &'a Value,
    /// Variables visible in this scope (`$name`).
    pub vars: &'a dyn Vars,
}

impl<'a> Env<'a> {
    /// An environment with the given input and context and no variables.
    pub fn new(input: &'a Value, context: &'a Value) -> Self {
        Env { input, context, vars: &NoVars }
    }
}
