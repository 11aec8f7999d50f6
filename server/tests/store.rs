//! Store tests, the same suite against SQLite (a fresh file) and the real PostgreSQL on
//! 127.0.0.1:5432 (a fresh database per test run).

#[macro_use]
mod common;

use chrono::Utc;
use engine::history::{EventType, HistoryEvent};
use serde_json::json;
use server::store::events::{Batch, Finish, StepRow};
use server::store::{ExecutionFilter, NewExecution, Store, StoreError};

fn event(id: u64, t: EventType, state: Option<&str>) -> HistoryEvent {
    HistoryEvent {
        id,
        previous_event_id: id - 1,
        timestamp: Utc::now(),
        event_type: t,
        scope: String::new(),
        state: state.map(str::to_string),
        details: json!({"n": id}),
    }
}

fn new_exec(id: &str, wf: &str, owner: &str) -> NewExecution {
    NewExecution { id: id.into(), workflow_id: wf.into(), workflow_version: 1, name: id.into(), input: json!({"in": id}), owner: owner.into() }
}

async fn workflows_keep_every_version(store: &Store) {
    let def1 = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
    let def2 = json!({"StartAt": "B", "States": {"B": {"Type": "Succeed"}}});
    assert_eq!(store.create_workflow("My Flow", &def1).await.unwrap(), ("my-flow".to_string(), 1));
    // Another name with the same slug: the id is suffixed.
    assert_eq!(store.create_workflow("My-Flow", &def1).await.unwrap(), ("my-flow-2".to_string(), 1));
    assert_eq!(store.save_version("my-flow", Some("Renamed"), &def2).await.unwrap().version, 2);
    assert_eq!(store.save_version("my-flow", None, &def1).await.unwrap().version, 3);
    let latest = store.get_workflow("my-flow").await.unwrap();
    assert_eq!((latest.version, latest.name.as_str(), &latest.definition), (3, "Renamed", &def1));
    assert_eq!(store.get_workflow_version("my-flow", 2).await.unwrap().definition, def2);
    assert_eq!(store.get_workflow_version("my-flow", 1).await.unwrap().name, "My Flow");
    assert!(matches!(store.get_workflow("nope").await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.save_version("nope", None, &def1).await, Err(StoreError::NotFound(_))));
    let list = store.list_workflows().await.unwrap();
    assert_eq!(list.iter().map(|w| (w.id.as_str(), w.version)).collect::<Vec<_>>(), vec![("my-flow-2", 1), ("my-flow", 3)]);
    assert_eq!(store.count_workflows().await.unwrap(), 2);
    // Listed by name whatever its case (SQLite's plain ORDER BY puts "alpha" after "Renamed").
    store.create_workflow("alpha", &def1).await.unwrap();
    let names: Vec<String> = store.list_workflows().await.unwrap().into_iter().map(|w| w.name).collect();
    assert_eq!(names, ["alpha", "My-Flow", "Renamed"]);
}

/// Saving what the latest version already holds (same definition as a JSON value, whatever the
/// key order; same name) adds no version: the latest one is answered. A new name, or a definition
/// that differs, still makes one.
async fn unchanged_saves_add_no_version(store: &Store) {
    let def1 = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 1, "y": [1, 2]}, "End": true}}});
    let reordered: serde_json::Value = serde_json::from_str(
        r#"{"States": {"A": {"End": true, "Result": {"y": [1, 2], "x": 1}, "Type": "Pass"}}, "StartAt": "A"}"#,
    )
    .unwrap();
    let def2 = json!({"StartAt": "B", "States": {"B": {"Type": "Succeed"}}});
    let (id, _) = store.create_workflow("Same", &def1).await.unwrap();
    let before = store.get_workflow(&id).await.unwrap();
    assert_eq!(store.save_version(&id, None, &def1).await.unwrap().version, 1, "same definition: still version 1");
    assert_eq!(store.save_version(&id, None, &reordered).await.unwrap().version, 1, "key order does not matter");
    assert_eq!(store.save_version(&id, Some("Same"), &def1).await.unwrap().version, 1, "the same name is no change");
    assert_eq!(store.list_versions(&id).await.unwrap().len(), 1);
    let after = store.get_workflow(&id).await.unwrap();
    assert_eq!(after, before, "nothing was written");
    assert_eq!(store.workflow_meta(&id).await.unwrap().latest_version, 1);
    assert_eq!(store.save_version(&id, None, &def2).await.unwrap().version, 2, "a different definition is a new version");
    assert_eq!(store.save_version(&id, None, &def2).await.unwrap().version, 2);
    assert_eq!(store.save_version(&id, Some("Other"), &def2).await.unwrap().version, 3, "a new name is a new version");
    assert_eq!(store.save_version(&id, None, &def1).await.unwrap().version, 4, "an older definition again is a new version");
    assert_eq!(store.list_versions(&id).await.unwrap().len(), 4);
}

async fn deletion_history_and_example_inputs(store: &Store) {
    let def1 = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
    let def2 = json!({"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}});
    assert!(store.create_workflow_with_id("ex", "ex", &def1).await.unwrap());
    assert!(!store.create_workflow_with_id("ex", "other", &def2).await.unwrap(), "an id is saved once");
    store.save_version("ex", None, &def2).await.unwrap();
    store.create_workflow("zz", &def1).await.unwrap();
    store.set_example_input("ex", Some(&json!({"k": 1}))).await.unwrap();
    let latest = store.list_latest_workflows().await.unwrap();
    assert_eq!(latest.iter().map(|w| (w.id.as_str(), w.version)).collect::<Vec<_>>(), vec![("ex", 2), ("zz", 1)]);
    assert_eq!(latest[0].definition, def2);
    let meta = store.workflow_meta("ex").await.unwrap();
    assert_eq!((meta.latest_version, meta.example_input, meta.deleted), (2, Some(json!({"k": 1})), false));
    let versions = store.list_versions("ex").await.unwrap();
    assert_eq!(versions.iter().map(|v| (v.version, v.definition.clone())).collect::<Vec<_>>(), vec![(1, def1.clone()), (2, def2.clone())]);
    store.create_execution(&new_exec("d1", "ex", "p1")).await.unwrap();

    store.delete_workflow("ex").await.unwrap();
    assert!(matches!(store.delete_workflow("ex").await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.get_workflow("ex").await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.save_version("ex", None, &def1).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.get_workflow_version("ex", 2).await.unwrap().definition, def2, "versions stay readable");
    assert_eq!(store.list_versions("ex").await.unwrap().len(), 2);
    assert!(store.workflow_meta("ex").await.unwrap().deleted);
    assert_eq!(store.get_execution("d1").await.unwrap().workflow_id, "ex", "executions stay");
    assert_eq!(store.list_latest_workflows().await.unwrap().len(), 1);
    assert_eq!(store.list_workflows().await.unwrap().len(), 1);
    assert!(!store.create_workflow_with_id("ex", "ex", &def1).await.unwrap(), "a deleted id is not reused");
    assert_eq!(store.create_workflow("ex", &def1).await.unwrap().0, "ex-2");
    assert!(matches!(store.list_versions("nope").await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.set_example_input("nope", None).await, Err(StoreError::NotFound(_))));
}

async fn executions_history_and_steps(store: &Store) {
    store.create_workflow("wf", &json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})).await.unwrap();
    store.create_execution(&new_exec("e1", "wf", "p1")).await.unwrap();
    store.create_execution(&new_exec("e2", "wf", "p1")).await.unwrap();
    let mut batch = Batch::default();
    for (i, t) in [EventType::ExecutionStarted, EventType::PassStateEntered, EventType::PassStateExited].into_iter().enumerate() {
        batch.events.push(("e1".into(), event(i as u64 + 1, t, Some("A").filter(|_| i > 0)).into()));
    }
    batch.events.push(("e2".into(), event(1, EventType::ExecutionStarted, None).into()));
    batch.steps.push(StepRow { execution_id: "e1".into(), key: "A".into(), seq: 0, status: "RUNNING".into(), body: json!({"status": "RUNNING"}) });
    store.write_batch(&batch).await.unwrap();
    let mut batch = Batch::default();
    batch.events.push(("e1".into(), event(4, EventType::ExecutionSucceeded, None).into()));
    batch.steps.push(StepRow { execution_id: "e1".into(), key: "A".into(), seq: 0, status: "SUCCEEDED".into(), body: json!({"status": "SUCCEEDED"}) });
    batch.finishes.push(Finish { execution_id: "e1".into(), status: "SUCCEEDED".into(), output: Some(json!({"ok": 1})), error: None, cause: None });
    store.write_batch(&batch).await.unwrap();

    let e1 = store.get_execution("e1").await.unwrap();
    assert_eq!((e1.status.as_str(), e1.output.clone(), e1.last_event_id, e1.input.clone()), ("SUCCEEDED", Some(json!({"ok": 1})), 4, json!({"in": "e1"})));
    assert!(e1.finished_at.is_some());
    let ids: Vec<u64> = store.list_events("e1", 1, 100).await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![2, 3, 4]);
    let stored = store.all_events("e1").await.unwrap()[1].clone();
    assert_eq!(HistoryEvent { timestamp: Utc::now(), ..stored.clone() }.details, json!({"n": 2}));
    assert_eq!((stored.event_type, stored.state.as_deref(), stored.previous_event_id), (EventType::PassStateEntered, Some("A"), 1));
    assert_eq!(store.list_steps("e1").await.unwrap(), vec![("A".to_string(), json!({"status": "SUCCEEDED"}))]);
    // A duplicate event id (a second writer) is ignored, not an error.
    let mut dup = Batch::default();
    dup.events.push(("e2".into(), event(1, EventType::ExecutionStarted, None).into()));
    store.write_batch(&dup).await.unwrap();
    assert_eq!(store.all_events("e2").await.unwrap().len(), 1);

    let f = |w: Option<&str>, s: Option<&str>| ExecutionFilter { workflow: w.map(Into::into), status: s.map(Into::into), limit: 10 };
    assert_eq!(store.list_executions(&f(None, None)).await.unwrap().len(), 2);
    assert_eq!(store.list_executions(&f(Some("wf"), Some("RUNNING"))).await.unwrap()[0].id, "e2");
    assert!(store.list_executions(&f(Some("other"), None)).await.unwrap().is_empty());
}

async fn claims_go_to_one_owner(store: &Store) {
    store.create_workflow("wf", &json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})).await.unwrap();
    store.create_execution(&new_exec("c1", "wf", "p1")).await.unwrap();
    let now = server::store::executions::now_ms();
    let fresh = now - 60_000; // heartbeats newer than a minute are alive
    assert_eq!(store.claimable_executions("p2", fresh).await.unwrap(), Vec::<String>::new());
    assert!(!store.claim_execution("c1", "p2", fresh).await.unwrap(), "p1's heartbeat is fresh");
    assert!(store.claim_execution("c1", "p1", fresh).await.unwrap(), "its own");
    // p1 dies: its heartbeat stops (set far in the past).
    sqlx::query("UPDATE executions SET heartbeat_ms = 0").execute(store.pool()).await.unwrap();
    let stale = fresh;
    assert_eq!(store.claimable_executions("p2", stale).await.unwrap(), vec!["c1".to_string()]);
    let (a, b) = tokio::join!(store.claim_execution("c1", "p2", stale), store.claim_execution("c1", "p3", stale));
    assert!(a.unwrap() ^ b.unwrap(), "exactly one of two concurrent claims wins");
    // Finished executions cannot be claimed, but can be reopened once for a redrive.
    let mut batch = Batch::default();
    batch.finishes.push(Finish { execution_id: "c1".into(), status: "FAILED".into(), output: None, error: Some("E".into()), cause: None });
    store.write_batch(&batch).await.unwrap();
    assert!(!store.claim_execution("c1", "p2", i64::MAX).await.unwrap());
    assert!(store.reopen_execution("c1", "p2").await.unwrap());
    assert!(!store.reopen_execution("c1", "p2").await.unwrap());
    let row = store.get_execution("c1").await.unwrap();
    assert_eq!((row.status.as_str(), row.redrive_count, row.error), ("RUNNING", 1, None));
}

async fn migrations_are_idempotent(url: &str) {
    let again = Store::connect(url).await.expect("second connect");
    assert_eq!(again.count_workflows().await.unwrap(), 0);
}

both!(workflows_keep_every_version);
both!(unchanged_saves_add_no_version);
both!(executions_history_and_steps);
both!(deletion_history_and_example_inputs);
both!(claims_go_to_one_owner);

#[tokio::test]
async fn migrations_run_once_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x/y.sqlite").display());
    Store::connect(&url).await.unwrap();
    migrations_are_idempotent(&url).await;
}

#[tokio::test]
async fn migrations_run_once_on_postgres() {
    let url = common::pg_url().await;
    Store::connect(&url).await.unwrap();
    migrations_are_idempotent(&url).await;
}
