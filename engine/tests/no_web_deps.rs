//! The engine stays free of web, database and HTTP crates (it also compiles to wasm for the
//! browser editor): its manifest may not name any of them.

#[test]
fn engine_manifest_has_no_web_db_or_http_dependencies() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap_or("").split("\n[").next().unwrap_or("");
    for banned in ["axum", "leptos", "sqlx", "reqwest", "hyper", "tokio", "tower", "tasks", "server", "app"] {
        let named = deps.lines().any(|l| l.split(['=', '.', ' ']).next() == Some(banned));
        assert!(!named, "engine depends on {banned}");
    }
}
