//! Choice rules: a tree of And/Or/Not over comparisons, each top-level rule with a Next.
//!
//! Serde cannot express "exactly one comparison operator field" directly, so the rule is
//! (de)serialized through a JSON object by hand, keeping error messages precise.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A Choice rule. Top-level rules carry `Next`; nested ones (inside And/Or/Not) do not.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    /// Where to go when the rule matches (top-level rules only).
    pub next: Option<String>,
    /// Free text.
    pub comment: Option<String>,
    /// Variables assigned when this rule matches.
    pub assign: Option<Value>,
    /// JSONata output when this rule matches.
    pub output: Option<Value>,
    /// The test itself.
    pub condition: ChoiceCondition,
}

/// The boolean expression of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceCondition {
    /// All must match.
    And(Vec<ChoiceRule>),
    /// Any must match.
    Or(Vec<ChoiceRule>),
    /// Must not match.
    Not(Box<ChoiceRule>),
    /// `Variable` compared by `op` with a literal or a path's value.
    Compare {
        /// Path to the value tested.
        variable: String,
        /// The operator, without its `Path` suffix.
        op: ComparisonOp,
        /// The right-hand side.
        operand: Operand,
    },
    /// JSONata `Condition`.
    Jsonata(Value),
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// `StringEquals: "x"`.
    Literal(Value),
    /// `StringEqualsPath: "$.x"`.
    Path(String),
}

macro_rules! ops {
    ($($name:ident),* $(,)?) => {
        /// Every ASL comparison operator (the `…Path` forms map to the same op with [`Operand::Path`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum ComparisonOp { $($name),* }
        impl ComparisonOp {
            /// All operators, for lookups and editors.
            pub const ALL: &'static [ComparisonOp] = &[$(ComparisonOp::$name),*];
            /// The ASL field name (without `Path`).
            pub fn name(self) -> &'static str {
                match self { $(ComparisonOp::$name => stringify!($name)),* }
            }
        }
    };
}

ops!(
    StringEquals, StringLessThan, StringGreaterThan, StringLessThanEquals, StringGreaterThanEquals,
    StringMatches, NumericEquals, NumericLessThan, NumericGreaterThan, NumericLessThanEquals,
    NumericGreaterThanEquals, BooleanEquals, TimestampEquals, TimestampLessThan,
    TimestampGreaterThan, TimestampLessThanEquals, TimestampGreaterThanEquals, IsNull, IsPresent,
    IsNumeric, IsString, IsBoolean, IsTimestamp,
);

impl ComparisonOp {
    /// Looks up an operator field name; returns the op and whether it is the `Path` form.
    pub fn from_field(field: &str) -> Option<(ComparisonOp, bool)> {
        let (base, is_path) = match field.strip_suffix("Path") {
            Some(b) => (b, true),
            None => (field, false),
        };
        let op = ComparisonOp::ALL.iter().copied().find(|o| o.name() == base)?;
        if is_path && (op.is_type_test() || op == ComparisonOp::StringMatches) {
            return None;
        }
        Some((op, is_path))
    }

    /// `Is*` operators take a boolean and test the variable's type or presence.
    pub fn is_type_test(self) -> bool {
        self.name().starts_with("Is")
    }
}

const RULE_KEYS: &[&str] = &["Next", "Comment", "Assign", "Output", "Variable", "And", "Or", "Not", "Condition"];

impl ChoiceRule {
    /// Builds a rule from its JSON object, with a message naming the offending field.
    pub fn from_json(v: &Value) -> Result<ChoiceRule, String> {
        let obj = v.as_object().ok_or("a Choice rule must be an object")?;
        let string = |k: &str| -> Result<Option<String>, String> {
            match obj.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("{k} must be a string")),
            }
        };
        let mut ops = obj.keys().filter_map(|k| ComparisonOp::from_field(k).map(|o| (k, o)));
        let op = ops.next();
        if ops.next().is_some() {
            return Err("a Choice rule may have only one comparison operator".into());
        }
        if let Some(k) = obj.keys().find(|k| !RULE_KEYS.contains(&k.as_str()) && ComparisonOp::from_field(k).is_none()) {
            return Err(format!("unknown field '{k}' in Choice rule"));
        }
        let list = |k: &str, a: &Value| -> Result<Vec<ChoiceRule>, String> {
            let items = a.as_array().ok_or(format!("{k} must be an array of rules"))?;
            if items.is_empty() {
                return Err(format!("{k} must not be empty"));
            }
            items.iter().map(ChoiceRule::from_json).collect()
        };
        let condition = match (obj.get("And"), obj.get("Or"), obj.get("Not"), obj.get("Condition"), op) {
            (Some(a), None, None, None, None) => ChoiceCondition::And(list("And", a)?),
            (None, Some(a), None, None, None) => ChoiceCondition::Or(list("Or", a)?),
            (None, None, Some(n), None, None) => ChoiceCondition::Not(Box::new(ChoiceRule::from_json(n)?)),
            (None, None, None, Some(c), None) => ChoiceCondition::Jsonata(c.clone()),
            (None, None, None, None, Some((field, (op, is_path)))) => {
                let variable = string("Variable")?.ok_or("a comparison needs Variable")?;
                let raw = &obj[field.as_str()];
                let operand = if is_path {
                    Operand::Path(raw.as_str().ok_or(format!("{field} must be a path string"))?.to_string())
                } else {
                    Operand::Literal(raw.clone())
                };
                ChoiceCondition::Compare { variable, op, operand }
            }
            _ => return Err("a Choice rule needs exactly one of And, Or, Not, Condition or a comparison operator".into()),
        };
        if obj.contains_key("Variable") && !matches!(condition, ChoiceCondition::Compare { .. }) {
            return Err("Variable is only allowed with a comparison operator".into());
        }
        Ok(ChoiceRule {
            next: string("Next")?,
            comment: string("Comment")?,
            assign: obj.get("Assign").cloned(),
            output: obj.get("Output").cloned(),
            condition,
        })
    }

    /// The rule as ASL JSON.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match &self.condition {
            ChoiceCondition::And(r) => {
                m.insert("And".into(), r.iter().map(ChoiceRule::to_json).collect());
            }
            ChoiceCondition::Or(r) => {
                m.insert("Or".into(), r.iter().map(ChoiceRule::to_json).collect());
            }
            ChoiceCondition::Not(r) => {
                m.insert("Not".into(), r.to_json());
            }
            ChoiceCondition::Jsonata(c) => {
                m.insert("Condition".into(), c.clone());
            }
            ChoiceCondition::Compare { variable, op, operand } => {
                m.insert("Variable".into(), Value::String(variable.clone()));
                match operand {
                    Operand::Literal(v) => m.insert(op.name().into(), v.clone()),
                    Operand::Path(p) => m.insert(format!("{}Path", op.name()), Value::String(p.clone())),
                };
            }
        }
        for (k, v) in [("Assign", &self.assign), ("Output", &self.output)] {
            if let Some(v) = v {
                m.insert(k.into(), v.clone());
            }
        }
        for (k, v) in [("Next", &self.next), ("Comment", &self.comment)] {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        }
        Value::Object(m)
    }
}

impl Serialize for ChoiceRule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for ChoiceRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        ChoiceRule::from_json(&v).map_err(D::Error::custom)
    }
}
