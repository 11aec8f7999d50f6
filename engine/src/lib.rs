//! # engine — Amazon States Language for WorkflowManager
//!
//! Parses, validates and runs AWS Step Functions definitions (ASL JSON) plus the
//! `{{States.Step.field}}` templates of the original WorkflowManager. It has no web,
//! database or HTTP dependencies, so the server, the CLI and the browser (wasm) share it.
//!
//! Layout:
//! - [`model`]: typed definitions (`StateMachine`, `State`), strict parsing with JSON pointers.
//! - [`states`]: one file per state type.
//! - [`validate`]: every problem at once, statelint-style codes (petgraph for the graph).
//! - [`path`], [`intrinsics`]: JSONPath / reference paths and `States.*` functions.
//! - [`jsonata`]: JSONata expressions of `QueryLanguage: "JSONata"` states (native builds only).
//! - [`task`]: the registry of async task functions; [`clock`]: injectable time.
//! - [`exec`]: the interpreter; [`history`]: AWS-style history events.
//! - [`error`]: ASL runtime errors.

pub mod clock;
pub mod env;
pub mod error;
pub mod exec;
pub mod history;
pub mod intrinsics;
mod java_str;
pub mod jsonata;
pub mod model;
pub mod path;
pub mod states;
pub mod task;
pub mod tracker;
pub mod validate;
pub mod workflow;

pub use error::StatesError;
pub use model::{parse, parse_value, ParseError, State, StateMachine};
