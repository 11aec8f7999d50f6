//! `wfm`: the WorkflowManager binary (CLI subcommands and the web server). Thin by design:
//! everything lives in the `server` library.

fn main() -> std::process::ExitCode {
    server::cli::main()
}
