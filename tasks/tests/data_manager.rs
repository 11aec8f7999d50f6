//! `execute_data_command` with TOML and YAML command sets on SQLite (the demo database and
//! `commands/example.toml`), the real PostgreSQL and the real MariaDB.

mod support;

use serde_json::{json, Value};
use support::{call, config_in, unique, MYSQL_URL, PG_URL};

/// A registry whose command folder holds `files` (name, contents) plus the repo's example.
fn registry_with(dir: &std::path::Path, files: &[(&str, &str)]) -> engine::task::TaskRegistry {
    let cmds = dir.join("commands");
    std::fs::create_dir_all(&cmds).unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../commands/example.toml");
    std::fs::copy(example, cmds.join("example.toml")).unwrap();
    for (name, text) in files {
        std::fs::write(cmds.join(name), text).unwrap();
    }
    tasks::registry(&config_in(dir))
}

fn cmd(set: &str, command: &str, params: Value) -> Value {
    json!({"command_set_name": set, "command_name": command, "params": params})
}

#[tokio::test]
async fn example_commands_run_on_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[]);
    let out = call(&reg, "execute_data_command", cmd("example", "orders_by_status", json!({}))).await.unwrap();
    assert_eq!(out["success"], true);
    assert_eq!(out["columns"], json!(["status", "orders", "revenue"]));
    assert_eq!(out["row_count"], 4);
    let total: i64 = out["data"].as_array().unwrap().iter().map(|r| r["orders"].as_i64().unwrap()).sum();
    assert_eq!(total, 2000);

    let top = call(&reg, "execute_data_command", cmd("example", "top_customers", json!({"country": "DE", "limit": "3"}))).await.unwrap();
    assert_eq!(top["row_count"], 3);
    assert!(top["data"].as_array().unwrap().iter().all(|r| r["country"] == "DE"));
    let all = call(&reg, "execute_data_command", cmd("example", "top_customers", json!({}))).await.unwrap();
    assert_eq!(all["row_count"], 5, "the default limit, all countries");
}

#[tokio::test]
async fn parameters_are_bound_not_spliced() {
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[]);
    let evil = "DE') OR 1=1; DROP TABLE customers; --";
    let out = call(&reg, "execute_data_command", cmd("example", "top_customers", json!({"country": evil}))).await.unwrap();
    assert_eq!(out["row_count"], 0);
    let still = call(&reg, "get_table_count", json!({})).await.unwrap();
    assert_eq!(still["table_count"], 5);
}

#[tokio::test]
async fn writes_need_permission_and_then_commit() {
    let dir = tempfile::tempdir().unwrap();
    let sneaky = "[commands.purge]\nsql = \"DELETE FROM audit_log\"\n\n[commands.two]\nsql = \"SELECT 1; DELETE FROM audit_log\"\n\n\
                  [commands.cte]\nsql = \"WITH gone AS (DELETE FROM audit_log RETURNING 1) SELECT COUNT(*) FROM gone\"\n";
    let reg = registry_with(dir.path(), &[("sneaky.toml", sneaky)]);
    let e = call(&reg, "execute_data_command", cmd("sneaky", "purge", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.WriteNotAllowed");
    assert!(e.cause.contains("DELETE") && e.cause.contains("read_only = false"), "{}", e.cause);
    let e = call(&reg, "execute_data_command", cmd("sneaky", "two", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.WriteNotAllowed");
    let e = call(&reg, "execute_data_command", cmd("sneaky", "cte", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "Database.QueryFailed", "the read-only connection refuses it: {}", e.cause);

    let ok = call(&reg, "execute_data_command", cmd("example", "restock", json!({"sku": "SKU-0001", "units": 5}))).await.unwrap();
    assert_eq!((ok["rows_affected"].clone(), ok["row_count"].clone()), (json!(1), json!(1)));
}

#[tokio::test]
async fn unknown_names_and_bad_values_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[("broken.toml", "[commands.x]\nsql = \"SELECT :undeclared\"\n")]);
    let e = call(&reg, "execute_data_command", cmd("nope", "x", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.UnknownCommandSet");
    assert!(e.cause.contains("example"), "{}", e.cause);
    let e = call(&reg, "execute_data_command", cmd("../etc/passwd", "x", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.UnknownCommandSet");
    let e = call(&reg, "execute_data_command", cmd("example", "nope", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.UnknownCommand");
    assert!(e.cause.contains("orders_by_status"));
    let e = call(&reg, "execute_data_command", cmd("example", "low_stock", json!({"treshold": 3}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.InvalidParameter");
    assert!(e.cause.contains("treshold") && e.cause.contains("threshold"), "{}", e.cause);
    let e = call(&reg, "execute_data_command", cmd("example", "low_stock", json!({"threshold": "many"}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.InvalidParameter");
    let e = call(&reg, "execute_data_command", cmd("example", "restock", json!({"units": 1}))).await.unwrap_err();
    assert!(e.cause.contains("sku is required"), "{}", e.cause);
    let e = call(&reg, "execute_data_command", cmd("broken", "x", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "DataCommand.InvalidCommandSet");
    assert!(e.cause.contains(":undeclared"), "{}", e.cause);
}

#[tokio::test]
async fn yaml_sets_on_postgres_decode_types_and_stay_read_only() {
    let pool = sqlx::PgPool::connect(PG_URL).await.unwrap();
    let s = unique("wfm_dm");
    sqlx::raw_sql(&format!(
        "CREATE SCHEMA {s}; CREATE TABLE {s}.t (id int PRIMARY KEY, price numeric(8,2), at timestamptz, ok bool, doc jsonb, tags text[]);
         INSERT INTO {s}.t VALUES (1, 9.95, '2025-01-02T03:04:05Z', true, '{{\"a\":1}}', ARRAY['x','y']), (2, 100, NULL, false, NULL, '{{}}');"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let yaml = format!(
        "description: pg\nconnection: {PG_URL}\ncommands:\n  cheap:\n    sql: SELECT * FROM {s}.t WHERE price < :max AND at >= :since::timestamptz ORDER BY id\n    params:\n      max: {{type: number}}\n      since: {{type: string, default: '2020-01-01'}}\n  sneaky:\n    sql: WITH d AS (DELETE FROM {s}.t RETURNING id) SELECT * FROM d\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[("pg.yaml", &yaml)]);
    let out = call(&reg, "execute_data_command", cmd("pg", "cheap", json!({"max": 50}))).await.unwrap();
    assert_eq!(out["data"], json!([{"id": 1, "price": 9.95, "at": "2025-01-02T03:04:05+00:00", "ok": true, "doc": {"a": 1}, "tags": ["x", "y"]}]));
    let e = call(&reg, "execute_data_command", cmd("pg", "sneaky", json!({}))).await.unwrap_err();
    assert_eq!(e.error, "Database.QueryFailed");
    assert!(e.cause.contains("read-only"), "{}", e.cause);
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {s}.t")).fetch_one(&pool).await.unwrap();
    assert_eq!(n, 2);
    sqlx::raw_sql(&format!("DROP SCHEMA {s} CASCADE")).execute(&pool).await.unwrap();
}

#[tokio::test]
async fn commands_run_on_mariadb() {
    let pool = sqlx::MySqlPool::connect(MYSQL_URL).await.unwrap();
    let t = unique("wfm_dm");
    sqlx::raw_sql(&format!(
        "CREATE TABLE {t} (id INT PRIMARY KEY, price DECIMAL(8,2), at DATETIME, name VARCHAR(20)); \
         INSERT INTO {t} VALUES (1, 9.95, '2025-01-02 03:04:05', 'a'), (2, 100, NULL, 'b');"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let toml = format!(
        "[commands.by_name]\nsql = \"SELECT id, price, at, name FROM {t} WHERE name = :name OR :name = 'all' ORDER BY id\"\nparams.name = {{ type = \"string\" }}\n\
         [commands.rename]\nread_only = false\nsql = \"UPDATE {t} SET name = :to WHERE id = :id\"\nparams.to = {{ type = \"string\" }}\nparams.id = {{ type = \"integer\" }}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[("my.toml", &toml)]);
    let mut input = cmd("my", "by_name", json!({"name": "a"}));
    input["connection"] = json!(MYSQL_URL);
    let out = call(&reg, "execute_data_command", input.clone()).await.unwrap();
    assert_eq!(out["data"], json!([{"id": 1, "price": 9.95, "at": "2025-01-02 03:04:05", "name": "a"}]));
    let mut rename = cmd("my", "rename", json!({"to": "z", "id": 2}));
    rename["connection"] = json!(MYSQL_URL);
    assert_eq!(call(&reg, "execute_data_command", rename).await.unwrap()["rows_affected"], 1);
    input["params"] = json!({"name": "all"});
    let out = call(&reg, "execute_data_command", input).await.unwrap();
    assert_eq!(out["data"][1]["name"], "z");
    sqlx::raw_sql(&format!("DROP TABLE {t}")).execute(&pool).await.unwrap();
}

#[tokio::test]
async fn command_sets_are_listed_with_their_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let reg = registry_with(dir.path(), &[("bad.toml", "nonsense = ")]);
    let out = call(&reg, "list_data_commands", json!({})).await.unwrap();
    let sets = out["sets"].as_array().unwrap();
    assert_eq!(sets[0]["name"], "bad");
    assert!(sets[0]["error"].is_string());
    let example = &sets[1];
    let low = example["commands"].as_array().unwrap().iter().find(|c| c["name"] == "low_stock").unwrap();
    assert_eq!(low["params"]["threshold"], json!({"type": "integer", "default": 20, "description": ""}));
    assert_eq!(low["read_only"], true);
}
