//! The durable execution service: runs executions on tokio tasks, persists every history event
//! before publishing it, resumes executions left RUNNING, stops them, limits how many run at
//! once (the rest wait in a queue), and redrives failed ones from the failed state.
//!
//! Layout:
//! - [`config`]: settings, from the environment.
//! - [`sink`]: the engine's event sink (numbering, stop).
//! - [`writer`]: the one task that persists in batches, then publishes.
//! - [`runner`]: one execution's task.
//! - [`resume`]: where a resumed or redriven execution continues.
//! - [`ops`]: workflow and execution operations used by the REST API and the web app.
//!
//! ```no_run
//! # async fn demo() -> Result<(), server::service::ServiceError> {
//! let service = server::service::Service::start(server::service::ServiceConfig::from_env()).await?;
//! let id = service.start_execution("hello-world", serde_json::json!({})).await?;
//! # Ok(()) }
//! ```

pub mod config;
pub mod ops;
pub mod resume;
pub mod runner;
pub mod sink;
pub mod test_state;
pub mod writer;

pub use config::ServiceConfig;

use crate::store::{Store, StoreError};
use engine::clock::Clock;
use engine::exec::ExecOptions;
use engine::history::HistoryEvent;
use engine::task::TaskRegistry;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, mpsc, oneshot, Semaphore};

/// What live subscribers receive.
#[derive(Debug, Clone)]
pub enum LiveMsg {
    /// A history event, already stored.
    Event(Arc<HistoryEvent>),
    /// Live-only progress of a running task (LLM text deltas); never stored.
    Progress {
        /// Scope of the step.
        scope: String,
        /// State name.
        state: String,
        /// The delta.
        data: Value,
    },
}

/// Service failures, mapped to HTTP statuses by the API.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The definition has problems (400 with the list).
    #[error("the definition is invalid ({} problems)", .0.len())]
    Invalid(Vec<engine::validate::Problem>),
    /// A request that cannot be honoured as sent (400).
    #[error("{0}")]
    BadRequest(String),
    /// Not in the right status for this (409).
    #[error("{0}")]
    Conflict(String),
    /// The store failed (or did not find the row: 404).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A running (or queued) execution in this process.
pub struct Live {
    /// Stored events and progress, for subscribers.
    pub tx: broadcast::Sender<LiveMsg>,
    sink: Arc<sink::DurableSink>,
    abort: Mutex<Option<futures::future::AbortHandle>>,
}

/// Live executions by id.
pub type LiveMap = Arc<Mutex<HashMap<String, Arc<Live>>>>;

/// Shared state of the service.
pub struct Inner {
    store: Store,
    registry: Arc<TaskRegistry>,
    clock: Arc<dyn Clock>,
    exec_options: ExecOptions,
    writer: mpsc::UnboundedSender<writer::WriteMsg>,
    live: LiveMap,
    permits: Arc<Semaphore>,
    owner: String,
    config: ServiceConfig,
}

/// The execution service; cheap to clone.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

impl Service {
    /// Connects the store (running migrations), loads the example workflows not in the store
    /// yet, starts the writer, resumes the executions left RUNNING and starts heartbeats.
    pub async fn start(config: ServiceConfig) -> Result<Service, ServiceError> {
        let store = Store::connect(&config.database_url).await?;
        Self::with_store(store, config).await
    }

    /// Like [`Service::start`] on an already connected store (tests).
    pub async fn with_store(store: Store, config: ServiceConfig) -> Result<Service, ServiceError> {
        let (tx, rx) = mpsc::unbounded_channel();
        let live: LiveMap = Arc::default();
        tokio::spawn(writer::run(store.clone(), live.clone(), rx));
        let inner = Inner {
            store,
            registry: config.registry.clone().unwrap_or_else(|| Arc::new(crate::cli::registry())),
            clock: config.clock(),
            exec_options: config.exec_options.clone(),
            writer: tx,
            live,
            permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
            owner: config.instance_id.clone().unwrap_or_else(|| format!("wfm-{}", uuid::Uuid::new_v4())),
            config,
        };
        let service = Service { inner: Arc::new(inner) };
        if let Some(dir) = service.inner.config.examples_dir.clone() {
            service.load_examples(&dir).await?;
        }
        if service.inner.config.resume {
            let stale = service.inner.config.resume_stale_ms;
            service.resume_all(stale).await?;
        }
        service.spawn_heartbeat();
        Ok(service)
    }

    /// The store behind the service.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The task functions executions call (listed by `wfm functions` and the editor's palette).
    pub fn registry(&self) -> &TaskRegistry {
        &self.inner.registry
    }

    /// This process's owner id (claims executions in the store).
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// A receiver of an execution's live messages, if it runs (or waits) in this process.
    pub fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<LiveMsg>> {
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).get(id).map(|l| l.tx.subscribe())
    }

    /// Like [`Service::subscribe`], plus the LLM text that tasks still running have streamed
    /// before now (as `llm_delta` progress), so a late subscriber sees the whole answer.
    pub fn subscribe_with_progress(&self, id: &str) -> Option<(broadcast::Receiver<LiveMsg>, Vec<LiveMsg>)> {
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).get(id).map(|l| l.sink.subscribe())
    }

    /// How many executions are live (running or queued) in this process.
    pub fn live_count(&self) -> usize {
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Waits until every event handed to the writer so far is stored and published.
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.inner.writer.send(writer::WriteMsg::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    fn spawn_heartbeat(&self) {
        let weak = Arc::downgrade(&self.inner);
        let every = std::time::Duration::from_millis(self.inner.config.heartbeat_ms.max(100) as u64);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(inner) = weak.upgrade() else { return };
                if let Err(e) = inner.store.heartbeat(&inner.owner).await {
                    eprintln!("wfm: heartbeat failed: {e}");
                }
                if inner.config.claim_periodically {
                    let stale = inner.config.claim_stale_ms;
                    let service = Service { inner };
                    if let Err(e) = service.serve_stop_requests().await {
                        eprintln!("wfm: serving stop requests failed: {e}");
                    }
                    if let Err(e) = service.resume_all(stale).await {
                        eprintln!("wfm: claiming executions failed: {e}");
                    }
                }
            }
        });
    }
}
