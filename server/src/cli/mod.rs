//! Command-line interface; the contract (flags, JSON shapes, exit codes) is in DESIGN.md.

mod functions;
mod run;
mod test_all;
mod test_state;
mod track;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `wfm`: run, validate and serve Step Functions workflows.
#[derive(Parser)]
#[command(name = "wfm", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a workflow to completion and print its result.
    Run(run::RunArgs),
    /// Run one state on an input, as AWS's TestState: status, output, next state, each stage.
    TestState(test_state::TestStateArgs),
    /// Check a definition and list every problem.
    Validate {
        /// The definition (ASL JSON).
        definition: PathBuf,
        /// Print `{"valid":bool,"problems":[…]}`.
        #[arg(long)]
        json: bool,
    },
    /// Run every workflow under a folder (default `workflows/`) and report pass/fail.
    TestAll {
        /// Folder with `NAME.asl.json` and optional `NAME.input.json`.
        #[arg(default_value = "workflows")]
        dir: PathBuf,
        /// Multiply waits and retry delays (0 = instant).
        #[arg(long, default_value_t = 0.0)]
        wait_scale: f64,
    },
    /// List the registered task functions.
    Functions {
        /// JSON with each function's parameter schema.
        #[arg(long)]
        json: bool,
    },
    /// Start the web app.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "WFM_ADDR", default_value = "127.0.0.1:3000")]
        addr: std::net::SocketAddr,
    },
}

/// Entry point used by `main`: parses arguments, runs the command, maps the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    // One thread is enough for a single execution (Map/Parallel interleave as futures) and
    // starts faster; the server wants every core.
    let mut builder = match cli.command {
        Command::Serve { .. } => tokio::runtime::Builder::new_multi_thread(),
        _ => tokio::runtime::Builder::new_current_thread(),
    };
    let rt = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = rt.block_on(async {
        match cli.command {
            Command::Run(args) => run::run(args).await,
            Command::Validate { definition, json } => validate::validate(&definition, json),
            Command::TestState(args) => test_state::test_state_cmd(args).await,
            Command::TestAll { dir, wait_scale } => test_all::test_all(&dir, wait_scale).await,
            Command::Functions { json } => functions::functions(json),
            Command::Serve { addr } => match crate::web::serve(addr).await {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    1
                }
            },
        }
    });
    ExitCode::from(code)
}

/// The task functions available to workflows run from the CLI and the server: the engine's
/// test functions, databases, LLMs, command sets and Readyset caches, assembled in one
/// place by `tasks::registry` from the environment's configuration.
pub fn registry() -> engine::task::TaskRegistry {
    tasks::registry(&tasks::TasksConfig::from_env())
}
