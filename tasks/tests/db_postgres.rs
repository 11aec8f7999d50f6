//! Database functions against the real PostgreSQL on 127.0.0.1:5432 (database `test`). Each
//! test works in a schema of its own, so tests run in parallel without colliding.

mod support;

use serde_json::{json, Value};
use support::{call, unique, PG_URL};

/// Creates a schema with a planted flaw of every kind and returns its name.
async fn planted_schema(pool: &sqlx::PgPool) -> String {
    let s = unique("wfm_pg");
    let ddl = format!(
        "CREATE SCHEMA {s};
         CREATE TABLE {s}.customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text);
         CREATE INDEX customers_email_dup ON {s}.customers (email);
         CREATE TABLE {s}.orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES {s}.customers(id), total numeric(10,2));
         CREATE TABLE {s}.events (at timestamptz NOT NULL DEFAULT now(), what text);
         CREATE INDEX events_what ON {s}.events (what);
         CREATE VIEW {s}.big_orders AS SELECT * FROM {s}.orders WHERE total > 100;
         INSERT INTO {s}.customers (email, name) SELECT 'c' || g || '@x.org', 'C' || g FROM generate_series(1, 50) g;
         INSERT INTO {s}.orders (customer_id, total) SELECT 1 + g % 50, g FROM generate_series(1, 200) g;
         ANALYZE {s}.customers; ANALYZE {s}.orders;"
    );
    sqlx::raw_sql(&ddl).execute(pool).await.unwrap();
    s
}

async fn with_schema<F, Fut>(f: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let pool = sqlx::PgPool::connect(PG_URL).await.expect("PostgreSQL on 127.0.0.1:5432");
    let s = planted_schema(&pool).await;
    f(s.clone()).await;
    sqlx::raw_sql(&format!("DROP SCHEMA {s} CASCADE")).execute(&pool).await.unwrap();
}

fn registry() -> engine::task::TaskRegistry {
    let dir = std::env::temp_dir();
    tasks::registry(&support::config_in(&dir))
}

#[tokio::test]
async fn size_is_the_databases() {
    let out = call(&registry(), "get_db_size", json!({"connection": PG_URL})).await.unwrap();
    assert_eq!(out["database"], "test");
    assert_eq!(out["engine"], "postgresql");
    assert!(out["size_bytes"].as_i64().unwrap() > 1_000_000, "{out}");
}

#[tokio::test]
async fn tables_and_views_of_a_schema() {
    with_schema(|s| async move {
        let out = call(&registry(), "get_table_count", json!({"connection": PG_URL, "schema": s})).await.unwrap();
        assert_eq!(out["tables"], json!(["customers", "events", "orders"]));
        assert_eq!(out["views"], json!(["big_orders"]));
        assert_eq!(out["table_count"], 3);
    })
    .await;
}

#[tokio::test]
async fn schema_analysis_finds_every_planted_flaw() {
    with_schema(|s| async move {
        let out = call(&registry(), "analyze_schema", json!({"connection": PG_URL, "schema": s})).await.unwrap();
        let findings: Vec<(String, String, Value)> = out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["kind"].as_str().unwrap().into(), f["table"].as_str().unwrap().into(), f["index"].clone()))
            .collect();
        let has = |k: &str, t: &str| findings.iter().any(|(fk, ft, _)| fk == k && ft == t);
        assert!(has("no_primary_key", "events"), "{findings:?}");
        assert!(has("unindexed_foreign_key", "orders"), "{findings:?}");
        assert!(has("duplicate_index", "customers"), "{findings:?}");
        assert!(findings.iter().any(|(k, _, i)| k == "unused_index" && i == "events_what"), "{findings:?}");
        let dup = findings.iter().find(|(k, _, _)| k == "duplicate_index").unwrap();
        assert_eq!(dup.2, "customers_email_dup", "the plain index is the one to drop");
        let orders = out["tables"].as_array().unwrap().iter().find(|t| t["name"] == "orders").unwrap();
        assert_eq!(orders["row_estimate"], 200);
        assert_eq!(orders["foreign_keys"][0], json!({"columns": ["customer_id"], "references_table": "customers", "references_columns": ["id"]}));
        assert_eq!(orders["columns"][2]["data_type"], "numeric");
    })
    .await;
}

#[tokio::test]
async fn query_stats_name_their_source() {
    with_schema(|s| async move {
        let out = call(&registry(), "get_query_stats", json!({"connection": PG_URL, "schema": s, "limit": 5})).await.unwrap();
        match out["source"].as_str().unwrap() {
            "pg_stat_statements" => assert!(out["statements"].is_array()),
            "pg_stat_user_tables" => {
                assert!(out["note"].as_str().unwrap().contains("pg_stat_statements"));
                let names: Vec<&str> = out["tables"].as_array().unwrap().iter().map(|t| t["table"].as_str().unwrap()).collect();
                assert!(names.contains(&"orders"), "{out}");
            }
            other => panic!("unexpected source {other}"),
        }
    })
    .await;
}

#[tokio::test]
async fn wrong_password_is_a_connection_failure_without_the_password() {
    let url = "postgres://nosuchuser:pa55word@127.0.0.1:5432/nosuchdb";
    let e = call(&registry(), "get_db_size", json!({"connection": url})).await.unwrap_err();
    assert_eq!(e.error, "Database.ConnectionFailed");
    assert!(!e.cause.contains("pa55word"), "{}", e.cause);
}

#[tokio::test]
async fn an_installed_but_unloaded_pg_stat_statements_is_explained() {
    let admin = sqlx::PgPool::connect(PG_URL).await.unwrap();
    let db = unique("wfm_pss");
    sqlx::raw_sql(&format!("CREATE DATABASE {db}")).execute(&admin).await.unwrap();
    let url = format!("postgres://postgres@127.0.0.1:5432/{db}");
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::raw_sql("CREATE EXTENSION pg_stat_statements").execute(&pool).await.unwrap();
    pool.close().await;
    let out = call(&registry(), "get_query_stats", json!({"connection": url})).await.unwrap();
    let loaded = out["source"] == "pg_stat_statements";
    assert!(loaded || out["note"].as_str().unwrap().contains("cannot be read"), "{out}");
    sqlx::raw_sql(&format!("DROP DATABASE {db} WITH (FORCE)")).execute(&admin).await.unwrap();
}
