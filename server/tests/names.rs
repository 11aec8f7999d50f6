//! One workflow per name, on SQLite and PostgreSQL alike: a name another workflow (not deleted)
//! has is refused on create, import, duplicate and rename, compared trimmed and without case;
//! a database from before the rule, holding one name twice, still loads and works; and a
//! restart of `wfm serve` with its examples already stored starts as before.

#[macro_use]
mod common;

use serde_json::{json, Value};
use server::service::{Service, ServiceConfig};
use server::store::{Store, StoreError};

fn def(state: &str) -> Value {
    json!({"StartAt": state, "States": {state: {"Type": "Succeed"}}})
}

/// The name of the workflow that has the refused name, as it has it.
fn taken<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::NameTaken(holder)) => holder.name,
        other => panic!("expected NameTaken, got {other:?}"),
    }
}

async fn a_taken_name_is_refused(store: &Store) {
    assert_eq!(store.create_workflow("Orders", &def("A")).await.unwrap(), ("orders".to_string(), 1));
    assert_eq!(taken(store.create_workflow("Orders", &def("B")).await), "Orders");
    assert_eq!(taken(store.create_workflow("ORDERS", &def("B")).await), "Orders", "case does not count");
    assert_eq!(taken(store.create_workflow("  orders ", &def("B")).await), "Orders", "nor outer whitespace");
    assert_eq!(taken(store.create_workflow_with_id("imported", "oRdErS", &def("B")).await), "Orders");
    assert_eq!(store.list_workflows().await.unwrap().len(), 1, "nothing was saved");
    let err = store.create_workflow("orders", &def("B")).await.unwrap_err();
    assert_eq!(err.to_string(), "a workflow named 'Orders' already exists");

    // Renames: to a taken name is refused and changes nothing; its own name, or its own name
    // in another case, is no conflict.
    let (other, _) = store.create_workflow("Invoices", &def("A")).await.unwrap();
    assert_eq!(taken(store.save_version(&other, Some("orders"), &def("C")).await), "Orders");
    let latest = store.get_workflow(&other).await.unwrap();
    assert_eq!((latest.version, latest.name.as_str()), (1, "Invoices"), "the refused rename wrote nothing");
    assert_eq!(store.save_version(&other, Some("Invoices"), &def("C")).await.unwrap().version, 2);
    assert_eq!(store.save_version("orders", Some("ORDERS"), &def("A")).await.unwrap().version, 2);
    assert_eq!(store.get_workflow("orders").await.unwrap().name, "ORDERS");

    // A rename frees the old name; a deletion frees the name (never the id).
    assert_eq!(store.save_version(&other, Some("Bills"), &def("C")).await.unwrap().version, 3);
    assert_eq!(store.create_workflow("invoices", &def("A")).await.unwrap().0, "invoices-2");
    store.delete_workflow("orders").await.unwrap();
    assert_eq!(store.create_workflow("Orders", &def("A")).await.unwrap().0, "orders-2");
}

/// Seeding an example whose id exists already (a restart, or two processes at once) saves
/// nothing and fails nothing, whatever the name.
async fn seeding_a_stored_example_again_is_no_conflict(store: &Store) {
    assert!(store.create_workflow_with_id("hello", "hello", &def("A")).await.unwrap());
    assert!(!store.create_workflow_with_id("hello", "hello", &def("A")).await.unwrap());
    assert!(!store.create_workflow_with_id("hello", "other", &def("A")).await.unwrap());
}

/// Two creations of one name at once: exactly one is saved.
async fn two_creations_at_once_save_one(store: &Store) {
    let (da, db) = (def("A"), def("B"));
    let (a, b) = tokio::join!(store.create_workflow("Race", &da), store.create_workflow("race", &db));
    assert!(a.is_ok() ^ b.is_ok(), "{a:?} {b:?}");
    assert!(matches!(a.err().or(b.err()), Some(StoreError::NameTaken(_))));
    assert_eq!(store.list_workflows().await.unwrap().len(), 1);
}

/// A database written before names were unique holds "Twin" twice. It migrates, both still
/// list, load, save and run; the name stays taken for new workflows; and when the first
/// twin goes, the second keeps the name taken.
async fn an_old_database_with_one_name_twice_still_works(url: &str) {
    let store = Store::connect(url).await.unwrap();
    store.create_workflow("Twin", &def("A")).await.unwrap();
    store.create_workflow("Other", &def("B")).await.unwrap();
    // Back to the schema before the rule, then the second twin as it could be saved then.
    for sql in [
        "DROP INDEX workflows_by_name_key",
        "ALTER TABLE workflows DROP COLUMN name_key",
        "DELETE FROM wfm_migrations WHERE version = 4",
        "UPDATE workflows SET name = 'Twin' WHERE id = 'other'",
        "UPDATE workflow_versions SET name = 'Twin' WHERE workflow_id = 'other'",
    ] {
        sqlx::query(sql).execute(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    store.close().await;

    let store = Store::connect(url).await.expect("a database holding one name twice migrates");
    let names: Vec<(String, String)> = store.list_workflows().await.unwrap().into_iter().map(|w| (w.id, w.name)).collect();
    assert_eq!(names, [("other".to_string(), "Twin".to_string()), ("twin".to_string(), "Twin".to_string())]);
    for id in ["twin", "other"] {
        assert_eq!(store.get_workflow(id).await.unwrap().name, "Twin");
        assert_eq!(store.save_version(id, Some("Twin"), &def("C")).await.unwrap().version, 2, "saving under its own name");
        let exec = server::store::NewExecution {
            id: format!("run-{id}"),
            workflow_id: id.into(),
            workflow_version: 2,
            name: id.into(),
            input: json!({}),
            owner: "p".into(),
        };
        store.create_execution(&exec).await.unwrap();
    }
    taken(store.create_workflow("twin", &def("A")).await);
    store.delete_workflow("twin").await.unwrap();
    taken(store.create_workflow("Twin", &def("A")).await);
    assert_eq!(store.save_version("other", Some("Single"), &def("A")).await.unwrap().version, 3);
    assert_eq!(store.create_workflow("Twin", &def("A")).await.unwrap().0, "twin-2", "now the name is free");
    // Connecting again (a restart) changes nothing.
    store.close().await;
    let store = Store::connect(url).await.unwrap();
    assert_eq!(store.list_workflows().await.unwrap().len(), 2);
}

both!(a_taken_name_is_refused);
both!(seeding_a_stored_example_again_is_no_conflict);
both!(two_creations_at_once_save_one);

#[tokio::test]
async fn an_old_sqlite_database_with_one_name_twice_still_works() {
    let dir = tempfile::tempdir().unwrap();
    an_old_database_with_one_name_twice_still_works(&format!("sqlite://{}", dir.path().join("old.sqlite").display())).await;
}

#[tokio::test]
async fn an_old_postgres_database_with_one_name_twice_still_works() {
    an_old_database_with_one_name_twice_still_works(&common::pg_url().await).await;
}

/// `wfm serve` loads `WFM_WORKFLOWS_DIR` at every start: a restart with the examples stored
/// starts, and an example whose name a workflow took meanwhile is skipped, not fatal.
#[tokio::test]
async fn restarts_load_the_examples_once_and_a_taken_example_name_does_not_stop_them() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("workflows");
    std::fs::create_dir(&examples).unwrap();
    std::fs::write(examples.join("greet.asl.json"), def("Hi").to_string()).unwrap();
    let config = || ServiceConfig {
        database_url: format!("sqlite://{}", dir.path().join("wfm.sqlite").display()),
        examples_dir: Some(examples.clone()),
        ..common::config()
    };
    let first = Service::start(config()).await.expect("first start");
    assert_eq!(first.store().get_workflow("greet").await.unwrap().name, "greet");
    // A workflow renamed to the name of an example added later.
    let (mine, _) = first.create_workflow("mine", &def("A")).await.unwrap();
    first.save_version(&mine, Some("Later"), &def("A")).await.unwrap();
    std::fs::write(examples.join("later.asl.json"), def("Hi").to_string()).unwrap();
    first.store().close().await;
    drop(first);

    let second = Service::start(config()).await.expect("a restart starts");
    assert_eq!(second.load_examples(&examples).await.unwrap(), 0, "nothing is loaded twice");
    let listed: Vec<(String, String)> = second.store().list_workflows().await.unwrap().into_iter().map(|w| (w.id, w.name)).collect();
    assert_eq!(listed, [("greet".to_string(), "greet".to_string()), (mine, "Later".to_string())]);
}
