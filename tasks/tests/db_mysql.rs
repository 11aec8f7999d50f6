//! Database functions against the real MariaDB on 127.0.0.1:3306. Each test creates a database
//! of its own (MySQL's "schema") and drops it afterwards.

mod support;

use serde_json::json;
use support::{call, unique, MYSQL_URL};

async fn with_database<F, Fut>(f: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let pool = sqlx::MySqlPool::connect(MYSQL_URL).await.expect("MariaDB on 127.0.0.1:3306");
    let db = unique("wfm_my");
    for stmt in [
        format!("CREATE DATABASE {db}"),
        format!("CREATE TABLE {db}.customers (id INT PRIMARY KEY AUTO_INCREMENT, email VARCHAR(100) NOT NULL UNIQUE, name TEXT)"),
        format!("CREATE INDEX customers_email_dup ON {db}.customers (email)"),
        format!("CREATE TABLE {db}.orders (id INT PRIMARY KEY AUTO_INCREMENT, customer_id INT NOT NULL, total DECIMAL(10,2), FOREIGN KEY (customer_id) REFERENCES {db}.customers(id))"),
        format!("CREATE TABLE {db}.events (at DATETIME NOT NULL, what TEXT)"),
        format!("CREATE VIEW {db}.big_orders AS SELECT * FROM {db}.orders WHERE total > 100"),
        format!("INSERT INTO {db}.customers (email, name) VALUES ('a@x.org', 'A'), ('b@x.org', 'B')"),
        format!("INSERT INTO {db}.orders (customer_id, total) VALUES (1, 10.5), (2, 250)"),
    ] {
        sqlx::raw_sql(&stmt).execute(&pool).await.unwrap();
    }
    f(format!("mysql://root@127.0.0.1:3306/{db}")).await;
    sqlx::raw_sql(&format!("DROP DATABASE {db}")).execute(&pool).await.unwrap();
}

fn registry() -> engine::task::TaskRegistry {
    tasks::registry(&support::config_in(&std::env::temp_dir()))
}

#[tokio::test]
async fn size_and_tables() {
    with_database(|url| async move {
        let size = call(&registry(), "get_db_size", json!({"connection": url})).await.unwrap();
        assert_eq!(size["engine"], "mysql");
        assert!(size["database"].as_str().unwrap().starts_with("wfm_my_"));
        assert!(size["size_bytes"].as_i64().unwrap() > 0, "{size}");
        let out = call(&registry(), "get_table_count", json!({"connection": url})).await.unwrap();
        assert_eq!(out["tables"], json!(["customers", "events", "orders"]));
        assert_eq!(out["views"], json!(["big_orders"]));
    })
    .await;
}

#[tokio::test]
async fn schema_analysis_on_mariadb() {
    with_database(|url| async move {
        let out = call(&registry(), "analyze_schema", json!({"connection": url})).await.unwrap();
        let kinds = support::finding_kinds(&out);
        assert!(kinds.contains(&("no_primary_key".into(), "events".into())), "{kinds:?}");
        assert!(kinds.contains(&("duplicate_index".into(), "customers".into())), "{kinds:?}");
        assert!(!kinds.iter().any(|(k, _)| k == "unindexed_foreign_key"), "InnoDB indexes foreign keys: {kinds:?}");
        let orders = out["tables"].as_array().unwrap().iter().find(|t| t["name"] == "orders").unwrap();
        assert_eq!(orders["primary_key"], json!(["id"]));
        assert_eq!(orders["foreign_keys"][0]["references_table"], "customers");
        assert_eq!(orders["foreign_keys"][0]["references_columns"], json!(["id"]));
        assert!(out["checks"].as_str().unwrap().contains("InnoDB"));
    })
    .await;
}

#[tokio::test]
async fn query_stats_fall_back_to_information_schema() {
    with_database(|url| async move {
        let out = call(&registry(), "get_query_stats", json!({"connection": url})).await.unwrap();
        let source = out["source"].as_str().unwrap();
        assert!(source == "performance_schema" || source == "information_schema.tables", "{out}");
        if source == "information_schema.tables" {
            assert_eq!(out["tables"].as_array().unwrap().len(), 3, "{out}");
        }
    })
    .await;
}
