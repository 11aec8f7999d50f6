//! The problem codes [`super::validate_value`] reports, in awslabs/statelint's style.
//!
//! Codes are stable strings (the CLI's `--json`, the REST API and the editor show them), so
//! callers can filter or translate them; the message says the specifics.

/// The text is not JSON; the message has the line and column.
pub const JSON_SYNTAX: &str = "JSON_SYNTAX";
/// The same key appears twice in one JSON object of the text.
pub const DUPLICATE_KEY: &str = "DUPLICATE_KEY";
/// The definition is larger than AWS's 1 MiB.
pub const DEFINITION_TOO_LARGE: &str = "DEFINITION_TOO_LARGE";
/// A required field is absent (StartAt, States, Type, Resource, Choices, Branches, Next of a
/// top-level Choice rule, ErrorEquals, …).
pub const MISSING_FIELD: &str = "MISSING_FIELD";
/// A field that does not belong where it is (e.g. `ResultPath` on a Choice state, a typo).
pub const UNKNOWN_FIELD: &str = "UNKNOWN_FIELD";
/// A field that exists for the other query language (e.g. `Parameters` in a JSONata state,
/// `Output` in a JSONPath state).
pub const QUERY_LANGUAGE_FIELD: &str = "QUERY_LANGUAGE_FIELD";
/// A field has the wrong JSON type (e.g. `Next` is not a string).
pub const INVALID_TYPE: &str = "INVALID_TYPE";
/// A field has the right type but a value out of range or not among the allowed ones
/// (`BackoffRate` < 1, `JitterStrategy` other than FULL/NONE, an unknown state `Type`, …).
pub const INVALID_VALUE: &str = "INVALID_VALUE";
/// Two fields of which at most one (or exactly one) may appear are both there
/// (`Error`/`ErrorPath`, `Seconds`/`SecondsPath`/`Timestamp`/`TimestampPath`, `Iterator`/`ItemProcessor`, …).
pub const MUTUALLY_EXCLUSIVE: &str = "MUTUALLY_EXCLUSIVE";
/// StartAt, Next, Default or a Catcher's Next names a state that is not in the same scope.
pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
/// No path of transitions from StartAt leads to this state.
pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
/// No Succeed, Fail or `End: true` state is reachable from StartAt: the machine cannot end.
pub const NO_TERMINAL_STATE: &str = "NO_TERMINAL_STATE";
/// A state has both `Next` and `End: true`.
pub const NEXT_AND_END: &str = "NEXT_AND_END";
/// A Pass, Task, Wait, Parallel or Map state has neither `Next` nor `End: true`.
pub const MISSING_NEXT_OR_END: &str = "MISSING_NEXT_OR_END";
/// Two states have the same name; names are unique across the whole machine, nested scopes included.
pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
/// A state name is empty or longer than 80 characters.
pub const INVALID_STATE_NAME: &str = "INVALID_STATE_NAME";
/// A Choice rule is malformed: no or several comparison operators, `Next` in a nested rule,
/// a non-boolean `Is*` value, a literal of the wrong type for its operator.
pub const INVALID_CHOICE_RULE: &str = "INVALID_CHOICE_RULE";
/// `ErrorEquals` is empty, or `States.ALL` is not alone or not in the last Retrier/Catcher.
pub const INVALID_ERROR_EQUALS: &str = "INVALID_ERROR_EQUALS";
/// A string that must be a JSONPath (`InputPath`, `OutputPath`, a `.$` field, …) is not one.
pub const INVALID_JSONPATH: &str = "INVALID_JSONPATH";
/// A string that must be a reference path (`ResultPath`, `ItemsPath`, `Variable`, `*Path`
/// operands, `SecondsPath`, …) is not one (filters, wildcards, slices, or a variable in ResultPath).
pub const INVALID_REFERENCE_PATH: &str = "INVALID_REFERENCE_PATH";
/// An intrinsic function call is malformed, unknown, or has impossible arguments.
pub const INVALID_INTRINSIC: &str = "INVALID_INTRINSIC";
/// A payload template's `.$` field is not a string holding a path or an intrinsic call.
pub const INVALID_PAYLOAD_TEMPLATE: &str = "INVALID_PAYLOAD_TEMPLATE";
/// Two keys of one payload template object collide once `.$` is stripped (`a` and `a.$`).
pub const DUPLICATE_FIELD_NAME: &str = "DUPLICATE_FIELD_NAME";
/// A timestamp is not RFC 3339 (`2016-03-14T01:59:00Z`).
pub const INVALID_TIMESTAMP: &str = "INVALID_TIMESTAMP";
/// A `{% … %}` JSONata expression is not surrounded correctly, does not parse, or references
/// a field name at the top level (Step Functions has no context item: start from `$states`).
pub const INVALID_JSONATA: &str = "INVALID_JSONATA";
/// `QueryLanguage` is `JSONPath` on a state of a machine whose `QueryLanguage` is `JSONata`.
pub const INVALID_QUERY_LANGUAGE: &str = "INVALID_QUERY_LANGUAGE";
/// A Task `Resource` is an ARN that does not have ARN syntax, or a malformed `${…}` substitution.
pub const INVALID_RESOURCE: &str = "INVALID_RESOURCE";
/// A `{{States.Step.field}}` template (in `Parameters`, `ItemSelector` or an ItemBatcher's
/// `BatchInput`) is not closed, names no step, or has a bad index.
pub const INVALID_STEP_TEMPLATE: &str = "INVALID_STEP_TEMPLATE";
/// A `{{States.Step.field}}` template names a step that is no state of the machine (at any
/// depth), so it could never have a result.
pub const UNKNOWN_TEMPLATE_STEP: &str = "UNKNOWN_TEMPLATE_STEP";

/// Every code, for documentation and exhaustive tests.
pub const ALL: &[&str] = &[
    JSON_SYNTAX,
    DUPLICATE_KEY,
    DEFINITION_TOO_LARGE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    QUERY_LANGUAGE_FIELD,
    INVALID_TYPE,
    INVALID_VALUE,
    MUTUALLY_EXCLUSIVE,
    MISSING_TRANSITION_TARGET,
    UNREACHABLE_STATE,
    NO_TERMINAL_STATE,
    NEXT_AND_END,
    MISSING_NEXT_OR_END,
    DUPLICATE_STATE_NAME,
    INVALID_STATE_NAME,
    INVALID_CHOICE_RULE,
    INVALID_ERROR_EQUALS,
    INVALID_JSONPATH,
    INVALID_REFERENCE_PATH,
    INVALID_INTRINSIC,
    INVALID_PAYLOAD_TEMPLATE,
    DUPLICATE_FIELD_NAME,
    INVALID_TIMESTAMP,
    INVALID_JSONATA,
    INVALID_QUERY_LANGUAGE,
    INVALID_RESOURCE,
    INVALID_STEP_TEMPLATE,
    UNKNOWN_TEMPLATE_STEP,
];
