//! [`app::backend::Backend`] over the execution service: what the web app's server functions
//! call. The REST API calls the same [`Service`], so a workflow saved in the editor and one
//! `PUT` through `/api` are the same thing.

use crate::service::{Service, ServiceError};
use crate::store::{ExecutionFilter, ExecutionRow, StoreError};
use app::backend::{Backend, ExecutionQuery, WorkflowRecord};
use app::model::{ExecutionSummary, FunctionInfo, SavedVersion, VersionInfo};
use app::AppError;
use serde_json::Value;
use std::sync::Arc;

/// The web app's backend: the service plus the token the server requires (if any).
#[derive(Clone)]
pub struct ServiceBackend {
    service: Service,
    token: Option<String>,
}

impl ServiceBackend {
    /// Over `service`; `token` as the REST API requires it (None on loopback).
    pub fn new(service: Service, token: Option<String>) -> Self {
        ServiceBackend { service, token }
    }

    /// As the `Arc<dyn Backend>` the router provides in Leptos context.
    pub fn shared(self) -> Arc<dyn Backend> {
        Arc::new(self)
    }
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn list_workflows(&self) -> Result<Vec<WorkflowRecord>, AppError> {
        let rows = self.service.store().list_latest_workflows().await.map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|w| WorkflowRecord {
                id: w.id,
                name: w.name,
                version: number(w.version),
                latest_version: number(w.version),
                definition: w.definition,
                input: None,
                updated_at: w.updated_at,
            })
            .collect())
    }

    async fn get_workflow(&self, id: &str, version: Option<u32>) -> Result<WorkflowRecord, AppError> {
        let store = self.service.store();
        let meta = store.workflow_meta(id).await.map_err(store_error)?;
        let version = match version {
            Some(v) => i64::from(v),
            None if meta.deleted => return Err(AppError::NotFound(id.to_string())),
            None => meta.latest_version,
        };
        let row = store.get_workflow_version(id, version).await.map_err(store_error)?;
        Ok(WorkflowRecord {
            id: row.id,
            name: row.name,
            version: number(row.version),
            latest_version: number(meta.latest_version),
            definition: row.definition,
            input: meta.example_input,
            updated_at: row.updated_at,
        })
    }

    async fn list_versions(&self, id: &str) -> Result<Vec<VersionInfo>, AppError> {
        let rows = self.service.store().list_versions(id).await.map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|v| VersionInfo {
                version: number(v.version),
                state_count: v.definition["States"].as_object().map_or(0, |s| s.len()),
                name: v.name,
                created_at: v.created_at,
            })
            .collect())
    }

    async fn create_workflow(&self, name: &str, definition: &Value, input: Option<&Value>) -> Result<SavedVersion, AppError> {
        let (id, version) =
            self.service.create_workflow_with_input(name, definition, input).await.map_err(|e| service_error(name, e))?;
        Ok(SavedVersion { id, version: number(version), unchanged: false })
    }

    async fn save_workflow(&self, id: &str, definition: &Value) -> Result<SavedVersion, AppError> {
        let saved = self.service.save_version(id, None, definition).await.map_err(|e| service_error(id, e))?;
        Ok(SavedVersion { id: id.to_string(), version: number(saved.version), unchanged: !saved.created })
    }

    async fn delete_workflow(&self, id: &str) -> Result<(), AppError> {
        self.service.delete_workflow(id).await.map_err(|e| service_error(id, e))
    }

    async fn list_functions(&self) -> Result<Vec<FunctionInfo>, AppError> {
        let mut list: Vec<FunctionInfo> = self
            .service
            .registry()
            .specs()
            .map(|s| FunctionInfo { name: s.name.clone(), description: s.description.clone(), schema: s.parameters.clone() })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(list)
    }

    async fn list_executions(&self, query: &ExecutionQuery) -> Result<Vec<ExecutionSummary>, AppError> {
        let filter = ExecutionFilter {
            workflow: query.workflow.clone(),
            status: query.status.clone(),
            limit: i64::from(query.limit.max(1)),
        };
        let rows = self.service.store().list_executions(&filter).await.map_err(store_error)?;
        // The workflows not deleted, in one query: a list row of a deleted one gets no link.
        let live: std::collections::HashSet<String> =
            self.service.store().list_workflows().await.map_err(store_error)?.into_iter().map(|w| w.id).collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let deleted = !live.contains(&r.workflow_id);
                ExecutionSummary { workflow_deleted: deleted, ..execution_summary(r) }
            })
            .collect())
    }

    async fn get_execution(&self, id: &str) -> Result<ExecutionSummary, AppError> {
        let row = self.service.store().get_execution(id).await.map_err(store_error)?;
        let deleted = self.service.store().workflow_meta(&row.workflow_id).await.map_or(true, |m| m.deleted);
        Ok(ExecutionSummary { workflow_deleted: deleted, ..execution_summary(row) })
    }

    fn token_required(&self) -> bool {
        self.token.is_some()
    }

    fn authorized(&self, headers: &axum::http::HeaderMap) -> bool {
        crate::api::auth::authorized(headers, self.token.as_deref())
    }
}

fn execution_summary(r: ExecutionRow) -> ExecutionSummary {
    ExecutionSummary {
        id: r.id,
        name: r.name,
        workflow_id: r.workflow_id,
        workflow_version: number(r.workflow_version),
        status: r.status,
        started_at: r.started_at,
        finished_at: r.finished_at,
        error: r.error,
        // Set by the caller, which knows which workflows are deleted.
        workflow_deleted: false,
    }
}

/// Version numbers are small positive integers stored as BIGINT.
fn number(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn service_error(id: &str, e: ServiceError) -> AppError {
    match e {
        ServiceError::Invalid(problems) => AppError::Invalid {
            id: id.to_string(),
            message: format!("the definition has {}", app::words::count(problems.len(), "problem")),
            problems,
        },
        ServiceError::BadRequest(m) | ServiceError::Conflict(m) => AppError::BadRequest(m),
        ServiceError::Store(e) => store_error(e),
    }
}

/// Not found names what was missing, a taken name is the name; other store failures stay in
/// the server log.
fn store_error(e: StoreError) -> AppError {
    match e {
        StoreError::NotFound(what) => AppError::NotFound(what),
        StoreError::NameTaken(name) => AppError::NameTaken(name),
        other => {
            eprintln!("wfm: store error: {other}");
            AppError::Storage("the store failed; see the server log".into())
        }
    }
}
