//! The reliability script in its short form, so `cargo test` (and CI) runs it: the real `wfm`
//! binary is killed with SIGKILL twice mid-execution and restarted; every execution must still
//! finish with the right output and no completed step recorded twice.
//! The long form: `scripts/crash-recovery.sh 20 5`.

#[test]
fn wfm_serve_survives_sigkill() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let port = 39000 + (std::process::id() % 1000);
    let out = std::process::Command::new("bash")
        .arg(root.join("scripts/crash-recovery.sh"))
        .args(["2", "1"])
        .env("WFM_BIN", env!("CARGO_BIN_EXE_wfm"))
        .env("PORT", port.to_string())
        .output()
        .expect("bash scripts/crash-recovery.sh");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("5/5 executions correct"), "{text}");
}
