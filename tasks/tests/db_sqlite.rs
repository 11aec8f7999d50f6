//! Database functions on SQLite: the demo database (created on first use) and a temp file.

mod support;

use serde_json::json;
use support::{call, config_in};

#[tokio::test]
async fn demo_database_is_created_and_sized() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let size = call(&reg, "get_db_size", json!({})).await.unwrap();
    assert_eq!(size["database"], "demo.sqlite");
    assert_eq!(size["engine"], "sqlite");
    let bytes = size["size_bytes"].as_i64().unwrap();
    assert!(bytes > 100_000, "{size}");
    let mb = size["size_mb"].as_f64().unwrap();
    assert_eq!(mb, (bytes as f64 / 1_048_576.0 * 100.0).round() / 100.0);
    assert!(dir.path().join("demo.sqlite").exists());
}

#[tokio::test]
async fn demo_tables_and_views_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let out = call(&reg, "get_table_count", json!({"connection": "demo"})).await.unwrap();
    assert_eq!(out["table_count"], 5, "{out}");
    assert_eq!(out["tables"], json!(["audit_log", "customers", "order_items", "orders", "products"]));
    assert_eq!(out["view_count"], 1);
    assert_eq!(out["views"], json!(["order_summary"]));
}

#[tokio::test]
async fn demo_schema_findings_are_the_planted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let out = call(&reg, "analyze_schema", json!({})).await.unwrap();
    let kinds = support::finding_kinds(&out);
    assert!(kinds.contains(&("no_primary_key".into(), "audit_log".into())), "{kinds:?}");
    assert!(kinds.contains(&("unindexed_foreign_key".into(), "order_items".into())), "{kinds:?}");
    assert!(kinds.contains(&("duplicate_index".into(), "customers".into())), "{kinds:?}");
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    let orders = out["tables"].as_array().unwrap().iter().find(|t| t["name"] == "orders").unwrap();
    assert_eq!(orders["row_estimate"], 2000);
    assert_eq!(orders["primary_key"], json!(["id"]));
    assert_eq!(orders["foreign_keys"][0]["references_table"], "customers");
}

#[tokio::test]
async fn query_stats_say_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let out = call(&reg, "get_query_stats", json!({"limit": 2})).await.unwrap();
    let source = out["source"].as_str().unwrap();
    assert!(source == "sqlite_dbstat" || source == "sqlite_row_counts", "{out}");
    let tables = out["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[1]["table"], "orders");
    assert_eq!(tables[1]["rows"], 2000);
}

#[tokio::test]
async fn a_sqlite_url_and_a_named_connection_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::raw_sql("CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE VIEW v AS SELECT * FROM a;").execute(&pool).await.unwrap();
    pool.close().await;
    let mut cfg = config_in(dir.path());
    cfg.connections.insert("other".into(), tasks::config::Secret::new(format!("sqlite://{}", file.display())));
    let reg = tasks::registry(&cfg);
    let out = call(&reg, "get_table_count", json!({"connection": "OTHER"})).await.unwrap();
    assert_eq!((out["table_count"].clone(), out["view_count"].clone()), (json!(1), json!(1)));
    assert!(!dir.path().join("demo.sqlite").exists(), "the demo database is made only when used");
}

#[tokio::test]
async fn bad_connections_fail_with_catchable_names() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let e = call(&reg, "get_db_size", json!({"connection": "nope"})).await.unwrap_err();
    assert_eq!(e.error, "Database.UnknownConnection");
    assert!(e.cause.contains("demo"), "{}", e.cause);
    let e = call(&reg, "get_db_size", json!({"connection": "sqlite:///nonexistent/dir/x.db"})).await.unwrap_err();
    assert_eq!(e.error, "Database.ConnectionFailed");
    let e = call(&reg, "get_db_size", json!({"connection": "postgres://u:topsecret@127.0.0.1:1/db"})).await.unwrap_err();
    assert_eq!(e.error, "Database.ConnectionFailed");
    assert!(!e.cause.contains("topsecret"), "{}", e.cause);
    let e = call(&reg, "get_db_size", json!({"connection": 5})).await.unwrap_err();
    assert_eq!(e.error, "Task.InvalidParameters");
}

#[tokio::test]
async fn concurrent_first_uses_share_one_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let reg = tasks::registry(&config_in(dir.path()));
    let (a, b) = tokio::join!(call(&reg, "get_table_count", json!({})), call(&reg, "get_table_count", json!({})));
    assert_eq!(a.unwrap()["table_count"], 5);
    assert_eq!(b.unwrap()["table_count"], 5);
}

#[tokio::test]
async fn the_registry_holds_everything_and_user_functions_win() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_in(dir.path());
    let names: Vec<String> = tasks::registry(&cfg).specs().map(|s| s.name.clone()).collect();
    for f in ["echo", "get_db_size", "analyze_schema", "call_llm", "execute_data_command", "apply_cache_changes"] {
        assert!(names.iter().any(|n| n == f), "{f} missing from {names:?}");
    }
    for spec in tasks::registry(&cfg).specs() {
        let schema = &spec.parameters;
        assert_eq!(schema["type"], "object", "{} has an object schema", spec.name);
        let props = schema["properties"].as_object();
        for required in schema["required"].as_array().into_iter().flatten() {
            let known = props.is_some_and(|p| p.contains_key(required.as_str().unwrap_or_default()));
            assert!(known, "{}: required {required} is not a property", spec.name);
        }
        assert!(!spec.description.is_empty(), "{} has a description", spec.name);
    }
    let mut own = engine::task::TaskRegistry::new();
    own.register_fn(engine::task::FunctionSpec::new("get_db_size", "mine", json!({"type": "object"})), |_| async { Ok(json!("mine")) });
    let reg = tasks::registry_with(&cfg, own);
    assert_eq!(call(&reg, "get_db_size", json!({})).await.unwrap(), json!("mine"));
    let path = tasks::ensure_demo_database(&cfg).await.unwrap();
    assert!(path.exists());
}
