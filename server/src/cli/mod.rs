//! Command-line interface (contract in DESIGN.md).

use std::process::ExitCode;

/// Entry point used by `main`.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
