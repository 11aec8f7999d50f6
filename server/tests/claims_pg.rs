//! Several processes on one PostgreSQL database: each execution runs in one process at a time.
//! A "process" here is a service on its own tokio runtime; dropping the runtime kills it.

mod common;

use engine::history::EventType;
use serde_json::json;
use server::service::{Service, ServiceConfig};
use server::store::Store;
use std::time::Duration;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn shared_config(url: &str) -> ServiceConfig {
    ServiceConfig {
        database_url: url.to_string(),
        wait_scale: 1.0,
        examples_dir: None,
        resume_stale_ms: Some(1_000),
        claim_stale_ms: Some(1_000),
        claim_periodically: true,
        heartbeat_ms: 200,
        ..ServiceConfig::default()
    }
}

const N: usize = 12;

#[test]
fn survivors_take_over_a_dead_process_executions_once() {
    let url = runtime().block_on(common::pg_url());
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 2, "Next": "Q"},
        "Q": {"Type": "Pass", "End": true}}});
    // Process A starts the executions and dies while they wait.
    let a = runtime();
    let ids = a.block_on(async {
        let s = Service::start(shared_config(&url)).await.unwrap();
        let (wf, _) = s.create_workflow("w", &def).await.unwrap();
        let mut ids = Vec::new();
        for _ in 0..N {
            ids.push(s.start_execution(&wf, json!({})).await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.flush().await;
        ids
    });
    // B and C run beside A; while A is alive they take nothing.
    let bc = runtime();
    let (b, c) = bc.block_on(async {
        let b = Service::start(shared_config(&url)).await.unwrap();
        let c = Service::start(shared_config(&url)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!((b.live_count(), c.live_count()), (0, 0), "A's executions are tended");
        (b, c)
    });
    a.shutdown_background();
    bc.block_on(async {
        let store = Store::connect(&url).await.unwrap();
        for id in &ids {
            for _ in 0..1000 {
                if store.get_execution(id).await.unwrap().status != "RUNNING" {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let row = store.get_execution(id).await.unwrap();
            assert_eq!(row.status, "SUCCEEDED", "{id}");
            let events = store.all_events(id).await.unwrap();
            let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
            assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
            // A resume replays the stored history, so two resumers would store a second exit or
            // a second terminal event (ids are contiguous either way).
            let count = |t: EventType| events.iter().filter(|e| e.event_type == t).count();
            let once = (count(EventType::WaitStateEntered), count(EventType::WaitStateExited), count(EventType::ExecutionSucceeded));
            assert_eq!(once, (1, 1, 1), "resumed exactly once: {events:?}");
            assert_eq!(events.iter().filter(|e| e.event_type == EventType::PassStateEntered && e.state.as_deref() == Some("P")).count(), 1);
        }
        assert!(b.live_count() + c.live_count() == 0);
    });
    drop((b, c));
}

#[test]
fn a_stop_sent_to_another_process_reaches_the_owner() {
    let rt = runtime();
    rt.block_on(async {
        let url = common::pg_url().await;
        let a = Service::start(shared_config(&url)).await.unwrap();
        let b = Service::start(shared_config(&url)).await.unwrap();
        let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}});
        let (wf, _) = a.create_workflow("w", &def).await.unwrap();
        let id = a.start_execution(&wf, json!({})).await.unwrap();
        a.flush().await;
        assert_eq!(b.stop_execution(&id).await.unwrap(), "ABORTED");
        let row = b.store().get_execution(&id).await.unwrap();
        assert_eq!(row.status, "ABORTED");
        let events = b.store().all_events(&id).await.unwrap();
        assert_eq!(events.last().map(|e| e.event_type), Some(EventType::ExecutionAborted));
        assert_eq!(a.live_count(), 0);
        assert!(b.stop_execution(&id).await.is_err(), "already ended: 409");
    });
}

#[test]
fn a_restarted_server_with_the_same_instance_id_takes_its_executions_back_at_once() {
    let url = runtime().block_on(common::pg_url());
    let config = ServiceConfig {
        instance_id: Some("node-1".into()),
        claim_stale_ms: Some(60_000),
        resume_stale_ms: Some(60_000),
        ..shared_config(&url)
    };
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "P"}, "P": {"Type": "Pass", "End": true}}});
    let first = runtime();
    let id = first.block_on(async {
        let s = Service::start(config.clone()).await.unwrap();
        let (wf, _) = s.create_workflow("w", &def).await.unwrap();
        let id = s.start_execution(&wf, json!({})).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        s.flush().await;
        id
    });
    first.shutdown_background();
    runtime().block_on(async {
        let s = Service::start(config).await.unwrap();
        assert_eq!(s.live_count(), 1, "resumed at start although its heartbeat is fresh");
        let row = common::wait_done_in(&s, &id).await;
        assert_eq!(row.status, "SUCCEEDED");
    });
}
