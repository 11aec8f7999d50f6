//! Readyset cache functions against a wire-level fake of Readyset (`support::readyset_fake`,
//! built on `pgwire`; Readyset itself cannot be installed here) that passes ordinary SQL to
//! the real PostgreSQL on 127.0.0.1:5432.

mod support;

use serde_json::{json, Value};
use support::readyset_fake::{query_id, FakeReadyset};
use support::{call, config_in, unique, PG_URL};
use tasks::config::Secret;

/// A fake with a table of its own upstream, and a registry whose `readyset` connection is it.
async fn setup() -> (FakeReadyset, engine::task::TaskRegistry, String) {
    let fake = FakeReadyset::start(PG_URL).await;
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.connections.insert("readyset".into(), Secret::new(fake.url.clone()));
    let table = unique("wfm_rs");
    let pool = sqlx::PgPool::connect(PG_URL).await.unwrap();
    sqlx::raw_sql(&format!("CREATE TABLE {table} (id int PRIMARY KEY, title text); INSERT INTO {table} VALUES (1, 'a'), (2, 'b');"))
        .execute(&pool)
        .await
        .unwrap();
    (fake, tasks::registry(&cfg), table)
}

async fn teardown(table: &str) {
    let pool = sqlx::PgPool::connect(PG_URL).await.unwrap();
    sqlx::raw_sql(&format!("DROP TABLE {table}")).execute(&pool).await.unwrap();
}

fn created_names(out: &Value, key: &str) -> Vec<String> {
    out[key].as_array().unwrap().iter().map(|c| c["statement"].as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test]
async fn create_list_and_drop_caches() {
    let (fake, reg, table) = setup().await;
    assert_eq!(call(&reg, "get_cached_query_ids", json!({})).await.unwrap(), json!({"count": 0, "query_ids": [], "caches": []}));
    let q = format!("SELECT * FROM {table} WHERE id = $1");
    let out = call(&reg, "create_cache", json!({"query": q, "name": "by_id"})).await.unwrap();
    assert_eq!(out["statement"], format!("CREATE CACHE by_id FROM {q}"));
    let listed = call(&reg, "get_cached_query_ids", json!({})).await.unwrap();
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["query_ids"], json!([query_id(&q)]));
    assert_eq!(listed["caches"][0], json!({"query_id": query_id(&q), "name": "by_id", "query_text": q, "fallback": "fallback allowed", "count": "0"}));
    call(&reg, "drop_cache", json!({"name": "by_id"})).await.unwrap();
    assert!(fake.caches().is_empty());
    let e = call(&reg, "drop_cache", json!({"name": "by_id"})).await.unwrap_err();
    assert_eq!(e.error, "Readyset.StatementFailed");
    assert!(e.cause.contains("not found"), "{}", e.cause);
    teardown(&table).await;
}

#[tokio::test]
async fn proxied_queries_pass_through_and_can_be_cached_by_id() {
    let (fake, reg, table) = setup().await;
    let mut conn: sqlx::PgConnection = sqlx::Connection::connect(&fake.url).await.unwrap();
    let q = format!("SELECT title FROM {table} WHERE id = 2");
    let rows: Vec<sqlx::postgres::PgRow> = sqlx::Executor::fetch_all(&mut conn, q.as_str()).await.unwrap();
    assert_eq!(sqlx::Row::get::<String, _>(&rows[0], 0), "b", "the real PostgreSQL answered");
    sqlx::Executor::execute(&mut conn, "SELECT now()").await.unwrap();
    let out = call(&reg, "get_proxied_queries", json!({})).await.unwrap();
    let by_text = |t: &str| out["queries"].as_array().unwrap().iter().find(|x| x["query"] == t).cloned().unwrap();
    assert_eq!(by_text(&q)["supported"], "yes");
    assert_eq!(by_text("SELECT now()")["supported"], "unsupported");
    let id = by_text(&q)["query_id"].as_str().unwrap().to_string();
    assert!(id.starts_with("q_") && id.len() == 18);
    let only = call(&reg, "get_proxied_queries", json!({"supported_only": true})).await.unwrap();
    assert_eq!(only["count"], 1);
    call(&reg, "create_cache", json!({"query_id": id})).await.unwrap();
    assert_eq!(fake.caches()[0].name, id, "unnamed caches are named by their id");
    teardown(&table).await;
}

#[tokio::test]
async fn apply_reconciles_and_dry_run_changes_nothing() {
    let (fake, reg, table) = setup().await;
    let keep = format!("SELECT * FROM {table} WHERE id = $1");
    let stale = format!("SELECT title FROM {table}");
    let new = format!("SELECT id FROM {table} WHERE title = $1");
    call(&reg, "create_cache", json!({"query": keep, "name": "keep_me"})).await.unwrap();
    call(&reg, "create_cache", json!({"query": stale, "name": "stale"})).await.unwrap();

    let desired = json!([{"query": keep}, {"query": new, "name": "new_one"}]);
    let dry = call(&reg, "apply_cache_changes", json!({"desired": desired, "dry_run": true})).await.unwrap();
    assert_eq!(dry["summary"], json!({"created": 1, "dropped": 1, "unchanged": 1, "errors": 0}));
    assert_eq!(created_names(&dry, "created"), [format!("CREATE CACHE new_one FROM {new}")]);
    assert_eq!(created_names(&dry, "dropped"), ["DROP CACHE stale"]);
    assert_eq!(dry["unchanged"][0]["name"], "keep_me");
    let writes = fake.statements().iter().filter(|s| s.starts_with("CREATE") || s.starts_with("DROP")).count();
    assert_eq!(writes, 2, "only the two setup statements: the dry run wrote nothing");

    let real = call(&reg, "apply_cache_changes", json!({"desired": desired})).await.unwrap();
    assert_eq!(real["dry_run"], false);
    let mut names: Vec<String> = fake.caches().into_iter().map(|c| c.name).collect();
    names.sort();
    assert_eq!(names, ["keep_me", "new_one"]);
    let again = call(&reg, "apply_cache_changes", json!({"desired": desired})).await.unwrap();
    assert_eq!(again["summary"], json!({"created": 0, "dropped": 0, "unchanged": 2, "errors": 0}));
    teardown(&table).await;
}

#[tokio::test]
async fn unidentifiable_entries_block_drops_and_llm_text_is_accepted() {
    let (fake, reg, table) = setup().await;
    call(&reg, "create_cache", json!({"query": format!("SELECT title FROM {table}"), "name": "old"})).await.unwrap();
    let llm = format!("I suggest caching these:\n```json\n{{\"caches\": [\"SELECT now()\", {{\"query\": \"SELECT id FROM {table}\", \"name\": \"ids\"}}]}}\n```");
    let out = call(&reg, "apply_cache_changes", json!({"desired": llm})).await.unwrap();
    assert_eq!(out["summary"]["created"], 1);
    assert_eq!(out["summary"]["dropped"], 0);
    let errors: Vec<String> = out["errors"].as_array().unwrap().iter().map(|e| e["error"].as_str().unwrap().to_string()).collect();
    assert!(errors[0].contains("cannot cache"), "{errors:?}");
    assert!(errors[1].contains("no unlisted cache was dropped"), "{errors:?}");
    assert_eq!(fake.caches().len(), 2);
    teardown(&table).await;
}

#[tokio::test]
async fn desired_caches_from_a_file() {
    let (fake, reg, table) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("caches.toml");
    std::fs::write(&file, format!("[[caches]]\nname = \"titles\"\nquery = \"SELECT title FROM {table} WHERE id = $1\"\n")).unwrap();
    let out = call(&reg, "apply_cache_changes", json!({"desired_file": file})).await.unwrap();
    assert_eq!(out["summary"]["created"], 1);
    assert_eq!(fake.caches()[0].name, "titles");
    teardown(&table).await;
}

#[tokio::test]
async fn status_and_refusals() {
    let (_fake, reg, table) = setup().await;
    let st = call(&reg, "get_readyset_status", json!({})).await.unwrap();
    assert_eq!(st["status"]["Database Connection"], "Connected");
    let e = call(&reg, "create_cache", json!({"query": format!("DELETE FROM {table}")})).await.unwrap_err();
    assert_eq!(e.error, "Readyset.InvalidRequest");
    let e = call(&reg, "create_cache", json!({"query": "SELECT now()"})).await.unwrap_err();
    assert_eq!(e.error, "Readyset.StatementFailed");
    let e = call(&reg, "drop_cache", json!({"name": "x; DROP TABLE t"})).await.unwrap_err();
    assert_eq!(e.error, "Readyset.InvalidRequest");
    let bare = tasks::registry(&config_in(&std::env::temp_dir()));
    let e = call(&bare, "get_cached_query_ids", json!({})).await.unwrap_err();
    assert_eq!(e.error, "Database.UnknownConnection");
    assert!(e.cause.contains("WFM_CONNECTION_READYSET"));
    teardown(&table).await;
}

#[tokio::test]
async fn explicit_cache_and_drop_lists_leave_the_rest_alone() {
    let (fake, reg, table) = setup().await;
    let mut conn: sqlx::PgConnection = sqlx::Connection::connect(&fake.url).await.unwrap();
    let proxied = format!("SELECT title FROM {table} WHERE id = 1");
    sqlx::Executor::execute(&mut conn, proxied.as_str()).await.unwrap();
    call(&reg, "create_cache", json!({"query": format!("SELECT id FROM {table}"), "name": "ids"})).await.unwrap();
    call(&reg, "create_cache", json!({"query": format!("SELECT title FROM {table}"), "name": "titles"})).await.unwrap();
    let decision = json!({"cache": [query_id(&proxied)], "drop": ["titles", "q_00000000000000ff"]});
    let out = call(&reg, "apply_cache_changes", json!({"cache": decision["cache"], "drop": decision["drop"]})).await.unwrap();
    assert_eq!(out["summary"], json!({"created": 1, "dropped": 1, "unchanged": 1, "errors": 0}), "{out}");
    let mut names: Vec<String> = fake.caches().into_iter().map(|c| c.name).collect();
    names.sort();
    assert_eq!(names, ["ids".to_string(), query_id(&proxied)]);
    teardown(&table).await;
}
