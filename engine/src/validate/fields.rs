//! Which fields each state type may have, per query language, and what type each field holds.
//!
//! Working from tables (rather than serde's `deny_unknown_fields`) lets the validator report
//! every stray field, and tell "unknown" apart from "belongs to the other query language".

/// What a field holds, which decides how its value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Any string.
    Str,
    /// Any JSON value (`Result`).
    Any,
    /// `End`: a boolean.
    End,
    /// `Next`, `Default`: a state name in the same scope.
    StateName,
    /// `InputPath`, `OutputPath`: a JSONPath, or null.
    Path,
    /// `ResultPath`: a reference path without variables, or null.
    ResultPath,
    /// `ItemsPath`, `SecondsPath`, `TimestampPath`, `…Path` of numbers: a reference path.
    RefPath,
    /// `ErrorPath`, `CausePath`: a reference path or an intrinsic call.
    ErrorPath,
    /// `Parameters`, `ResultSelector`, `ItemSelector`, `Assign` (JSONPath): a payload template.
    Template,
    /// `Output`, `Arguments`, `Assign`, `ItemSelector` (JSONata): JSON with `{% %}` strings.
    JTemplate,
    /// `TimeoutSeconds`, `HeartbeatSeconds`: an integer ≥ 1.
    PosInt,
    /// `Seconds`, `MaxConcurrency`, `ToleratedFailureCount`: an integer ≥ 0.
    NonNegInt,
    /// `ToleratedFailurePercentage`: a number from 0 to 100.
    Percentage,
    /// `Timestamp`: RFC 3339.
    Timestamp,
    /// Task `Resource`.
    Resource,
    /// Task `Credentials`: an object (a payload template in JSONPath).
    Credentials,
    /// `Retry`: an array of Retriers.
    Retry,
    /// `Catch`: an array of Catchers.
    Catch,
    /// Choice `Choices`.
    Choices,
    /// Parallel `Branches`.
    Branches,
    /// Map `ItemProcessor` / `Iterator`.
    Processor,
    /// `QueryLanguage`.
    QueryLanguage,
    /// Map `Items` (JSONata): an array or an expression.
    Items,
    /// `ItemReader`, `ItemBatcher`, `ResultWriter`: objects (distributed Map).
    Object,
    /// Map `Label`: a string of at most 40 characters.
    Label,
}

use Kind::*;

const COMMON: &[(&str, Kind)] = &[("Type", Str), ("Comment", Str), ("QueryLanguage", QueryLanguage)];

const FLOW: &[(&str, Kind)] = &[("Next", StateName), ("End", End)];

const JP_IO: &[(&str, Kind)] = &[("InputPath", Path), ("OutputPath", Path)];

const PASS: &[(&str, Kind)] =
    &[("Parameters", Template), ("Result", Any), ("ResultPath", ResultPath), ("Assign", Template)];
const PASS_JA: &[(&str, Kind)] = &[("Output", JTemplate), ("Assign", JTemplate)];

const TASK: &[(&str, Kind)] = &[
    ("Resource", Resource),
    ("Parameters", Template),
    ("ResultSelector", Template),
    ("ResultPath", ResultPath),
    ("Retry", Retry),
    ("Catch", Catch),
    ("TimeoutSeconds", PosInt),
    ("TimeoutSecondsPath", RefPath),
    ("HeartbeatSeconds", PosInt),
    ("HeartbeatSecondsPath", RefPath),
    ("Credentials", Credentials),
    ("Assign", Template),
];
const TASK_JA: &[(&str, Kind)] = &[
    ("Resource", Resource),
    ("Arguments", JTemplate),
    ("Output", JTemplate),
    ("Assign", JTemplate),
    ("Retry", Retry),
    ("Catch", Catch),
    ("TimeoutSeconds", PosInt),
    ("HeartbeatSeconds", PosInt),
    ("Credentials", Credentials),
];

const CHOICE: &[(&str, Kind)] =
    &[("Choices", Choices), ("Default", StateName), ("InputPath", Path), ("OutputPath", Path), ("Assign", Template)];
const CHOICE_JA: &[(&str, Kind)] =
    &[("Choices", Choices), ("Default", StateName), ("Output", JTemplate), ("Assign", JTemplate)];

const WAIT: &[(&str, Kind)] = &[
    ("Seconds", NonNegInt),
    ("SecondsPath", RefPath),
    ("Timestamp", Timestamp),
    ("TimestampPath", RefPath),
    ("Assign", Template),
];
const WAIT_JA: &[(&str, Kind)] =
    &[("Seconds", NonNegInt), ("Timestamp", Timestamp), ("Output", JTemplate), ("Assign", JTemplate)];

const SUCCEED_JA: &[(&str, Kind)] = &[("Output", JTemplate)];

const FAIL: &[(&str, Kind)] = &[("Error", Str), ("ErrorPath", ErrorPath), ("Cause", Str), ("CausePath", ErrorPath)];
const FAIL_JA: &[(&str, Kind)] = &[("Error", Str), ("Cause", Str)];

const PARALLEL: &[(&str, Kind)] = &[
    ("Branches", Branches),
    ("Parameters", Template),
    ("ResultSelector", Template),
    ("ResultPath", ResultPath),
    ("Retry", Retry),
    ("Catch", Catch),
    ("Assign", Template),
];
const PARALLEL_JA: &[(&str, Kind)] = &[
    ("Branches", Branches),
    ("Arguments", JTemplate),
    ("Output", JTemplate),
    ("Assign", JTemplate),
    ("Retry", Retry),
    ("Catch", Catch),
];

const MAP_BOTH: &[(&str, Kind)] = &[
    ("ItemProcessor", Processor),
    ("Iterator", Processor),
    ("ItemReader", Object),
    ("ItemBatcher", Object),
    ("ResultWriter", Object),
    ("MaxConcurrency", NonNegInt),
    ("ToleratedFailureCount", NonNegInt),
    ("ToleratedFailurePercentage", Percentage),
    ("Label", Label),
    ("Retry", Retry),
    ("Catch", Catch),
];
const MAP: &[(&str, Kind)] = &[
    ("ItemsPath", RefPath),
    ("ItemSelector", Template),
    ("Parameters", Template),
    ("ResultSelector", Template),
    ("ResultPath", ResultPath),
    ("MaxConcurrencyPath", RefPath),
    ("ToleratedFailureCountPath", RefPath),
    ("ToleratedFailurePercentagePath", RefPath),
    ("Assign", Template),
];
const MAP_JA: &[(&str, Kind)] =
    &[("Items", Items), ("ItemSelector", JTemplate), ("Output", JTemplate), ("Assign", JTemplate)];

/// The state types ASL defines.
pub(super) const STATE_TYPES: &[&str] = &["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

/// The field groups a state of type `ty` may have under the given query language.
fn groups(ty: &str, jsonata: bool) -> Vec<&'static [(&'static str, Kind)]> {
    let flow = |own: &'static [(&'static str, Kind)]| {
        if jsonata {
            vec![COMMON, FLOW, own]
        } else {
            vec![COMMON, FLOW, JP_IO, own]
        }
    };
    match (ty, jsonata) {
        ("Pass", false) => flow(PASS),
        ("Pass", true) => flow(PASS_JA),
        ("Task", false) => flow(TASK),
        ("Task", true) => flow(TASK_JA),
        ("Wait", false) => flow(WAIT),
        ("Wait", true) => flow(WAIT_JA),
        ("Parallel", false) => flow(PARALLEL),
        ("Parallel", true) => flow(PARALLEL_JA),
        ("Map", false) => vec![COMMON, FLOW, JP_IO, MAP_BOTH, MAP],
        ("Map", true) => vec![COMMON, FLOW, MAP_BOTH, MAP_JA],
        ("Choice", false) => vec![COMMON, CHOICE],
        ("Choice", true) => vec![COMMON, CHOICE_JA],
        ("Succeed", false) => vec![COMMON, JP_IO],
        ("Succeed", true) => vec![COMMON, SUCCEED_JA],
        ("Fail", false) => vec![COMMON, FAIL],
        ("Fail", true) => vec![COMMON, FAIL_JA],
        _ => vec![COMMON],
    }
}

/// The kind of field `name` on a state of type `ty`, or `None` when the field does not belong.
pub(super) fn kind_of(ty: &str, jsonata: bool, name: &str) -> Option<Kind> {
    groups(ty, jsonata).into_iter().flatten().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

/// Whether the state type takes `Next`/`End` (every type but Choice, Succeed and Fail).
pub(super) fn has_flow(ty: &str) -> bool {
    matches!(ty, "Pass" | "Task" | "Wait" | "Parallel" | "Map")
}
