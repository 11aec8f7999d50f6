//! What callers do with the service: save workflows (validated), start, watch, stop, redrive
//! and resume executions. The REST API and the web app's server functions both call these.

use super::resume::{self, ResumePlan};
use super::runner::{self, RunSpec};
use super::{Service, ServiceError};
use crate::store::executions::now_ms;
use crate::store::{ExecutionRow, NewExecution, Saved, StoreError};
use engine::tracker::{ExecState, ExecutionStatus, StepState, StepStatus};
use engine::validate::Problem;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

/// A definition sent as JSON text is parsed; anything else must be a JSON object.
pub fn definition_value(def: &Value) -> Result<Value, ServiceError> {
    match def {
        Value::String(text) => serde_json::from_str(text)
            .map_err(|e| ServiceError::BadRequest(format!("definition is not valid JSON: {e}"))),
        Value::Object(_) => Ok(def.clone()),
        _ => Err(ServiceError::BadRequest("definition must be a JSON object".into())),
    }
}

/// All problems of a definition (validation, then parsing as a last check).
pub fn check_definition(def: &Value) -> Result<(), ServiceError> {
    let problems = engine::validate::validate_value(def);
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    engine::parse_value(def).map(|_| ()).map_err(|e| {
        ServiceError::Invalid(vec![Problem { code: "PARSE_ERROR".into(), message: e.to_string(), path: "/".into() }])
    })
}

impl Service {
    /// Validates and saves a new workflow; returns (id, version 1). A name another workflow
    /// has is refused ([`StoreError::NameTaken`]; names compare as
    /// [`crate::store::names::name_key`] says).
    pub async fn create_workflow(&self, name: &str, definition: &Value) -> Result<(String, i64), ServiceError> {
        if name.trim().is_empty() {
            return Err(ServiceError::BadRequest("name must not be empty".into()));
        }
        let def = definition_value(definition)?;
        check_definition(&def)?;
        Ok(self.store().create_workflow(name.trim(), &def).await?)
    }

    /// Validates and saves a new version unless the latest one already holds this definition
    /// (as a JSON value) and name; `created` says which. A new name (a rename) another workflow
    /// has is refused ([`StoreError::NameTaken`]).
    pub async fn save_version(&self, id: &str, name: Option<&str>, definition: &Value) -> Result<Saved, ServiceError> {
        let def = definition_value(definition)?;
        check_definition(&def)?;
        Ok(self.store().save_version(id, name.map(str::trim).filter(|n| !n.is_empty()), &def).await?)
    }

    /// Starts an execution of the workflow's latest version; returns its id.
    pub async fn start_execution(&self, workflow_id: &str, input: Value) -> Result<String, ServiceError> {
        self.start_named_execution(workflow_id, input, None).await
    }

    /// [`Service::start_execution`] with a name for `$$.Execution.Name` (default: the id).
    pub async fn start_named_execution(&self, workflow_id: &str, input: Value, name: Option<&str>) -> Result<String, ServiceError> {
        if name.is_some_and(|n| n.trim().is_empty() || n.len() > 80) {
            return Err(ServiceError::BadRequest("name must have 1 to 80 characters".into()));
        }
        let wf = self.store().get_workflow(workflow_id).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let name = name.map(|n| n.trim().to_string()).unwrap_or_else(|| id.clone());
        let row = NewExecution {
            id: id.clone(),
            workflow_id: wf.id.clone(),
            workflow_version: wf.version,
            name: name.clone(),
            input: input.clone(),
            owner: self.owner().to_string(),
        };
        self.store().create_execution(&row).await?;
        let plan = ResumePlan::run(wf.definition, input, 0);
        runner::spawn(self.inner.clone(), RunSpec { exec: id.as_str().into(), name, workflow: wf.name, plan, base: 0, redrive: None });
        Ok(id)
    }

    /// The status view of `GET /api/executions/{id}`: the tracker's shape (status, currentStep,
    /// currentSteps, steps, output, error, cause) plus the execution's metadata.
    pub async fn execution_status(&self, id: &str) -> Result<Value, ServiceError> {
        let row = self.store().get_execution(id).await?;
        let steps = self.store().list_steps(id).await?;
        let mut status = ExecutionStatus { event_count: row.last_event_id as u64, ..Default::default() };
        status.status = exec_state(&row.status);
        for (key, body) in steps {
            let step: StepStatus = serde_json::from_value(body).map_err(StoreError::from)?;
            if matches!(step.status, StepState::Running | StepState::Retrying) {
                status.current_steps.push(key.clone());
            }
            status.steps.insert(key, step);
        }
        status.current_step = status.current_steps.last().cloned();
        status.output = row.output.clone();
        status.error = row.error.clone();
        status.cause = row.cause.clone();
        let mut v = serde_json::to_value(&status).map_err(StoreError::from)?;
        let meta = serde_json::to_value(&row).map_err(StoreError::from)?;
        if let (Some(obj), Value::Object(meta)) = (v.as_object_mut(), meta) {
            for (k, val) in meta {
                obj.entry(k).or_insert(val);
            }
            obj.insert("queued".into(), json!(row.status == "RUNNING" && row.last_event_id == 0));
        }
        Ok(v)
    }

    /// Stops an execution: ABORTED at once when it runs here or was left by a dead process;
    /// when another live process runs it (shared PostgreSQL), that process is asked through the
    /// store and stops it at its next heartbeat (the answer is then `STOPPING` if it has not yet).
    /// 409 when it already ended.
    pub async fn stop_execution(&self, id: &str) -> Result<&'static str, ServiceError> {
        let live = self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned();
        if let Some(live) = live {
            if runner::stop(&live, "Stopped by request.") {
                return Ok("ABORTED");
            }
        }
        let row = self.store().get_execution(id).await?;
        if row.status != "RUNNING" {
            return Err(ServiceError::Conflict(format!("execution '{id}' is {}, not RUNNING", row.status)));
        }
        // Single-process stores (resume_stale_ms None): whatever is not live here is orphaned.
        let stale_before = match self.inner.config.resume_stale_ms {
            None => i64::MAX,
            Some(_) => now_ms() - self.inner.config.claim_stale_ms.unwrap_or(0),
        };
        if self.store().claim_execution(id, self.owner(), stale_before).await? {
            let sink = super::sink::DurableSink::new(
                id.into(),
                self.inner.writer.clone(),
                tokio::sync::broadcast::channel(1).0,
                row.last_event_id as u64,
                0,
            );
            sink.stop("Stopped by request.");
            self.flush().await;
            return Ok("ABORTED");
        }
        self.store().request_stop(id).await?;
        for _ in 0..(self.inner.config.heartbeat_ms.max(100) * 3 / 50) {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if self.store().get_execution(id).await?.status != "RUNNING" {
                return Ok("ABORTED");
            }
        }
        Ok("STOPPING")
    }

    /// Stops the executions of this process that another process asked to stop.
    pub(super) async fn serve_stop_requests(&self) -> Result<(), ServiceError> {
        for id in self.store().stop_requests(self.owner()).await? {
            let live = self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
            if let Some(live) = live {
                runner::stop(&live, "Stopped by request (from another process).");
            }
        }
        Ok(())
    }

    /// Runs a FAILED, TIMED_OUT or ABORTED execution again from the state that did not finish,
    /// keeping its history (new events continue the ids), as AWS's RedriveExecution.
    pub async fn redrive_execution(&self, id: &str) -> Result<(), ServiceError> {
        if !self.store().reopen_execution(id, self.owner()).await? {
            let row = self.store().get_execution(id).await?;
            return Err(ServiceError::Conflict(format!("execution '{id}' is {}: only FAILED, TIMED_OUT or ABORTED ones can be redriven", row.status)));
        }
        self.continue_execution(id, true).await
    }

    /// Claims and continues every RUNNING execution not tended by a live process (all of them
    /// when `stale_ms` is None). Returns how many were resumed.
    pub async fn resume_all(&self, stale_ms: Option<i64>) -> Result<usize, ServiceError> {
        let stale_before = stale_ms.map(|ms| now_ms() - ms).unwrap_or(i64::MAX);
        let mut n = 0;
        for id in self.store().claimable_executions(self.owner(), stale_before).await? {
            let is_live = self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).contains_key(&id);
            if is_live || !self.store().claim_execution(&id, self.owner(), stale_before).await? {
                continue;
            }
            self.continue_execution(&id, false).await?;
            n += 1;
        }
        Ok(n)
    }

    /// Continues a claimed RUNNING execution from its stored history; a `redrive` first records
    /// `ExecutionRedriven`, as AWS does.
    async fn continue_execution(&self, id: &str, redrive: bool) -> Result<(), ServiceError> {
        let row: ExecutionRow = self.store().get_execution(id).await?;
        let wf = self.store().get_workflow_version(&row.workflow_id, row.workflow_version).await?;
        let events = self.store().all_events(id).await?;
        let base = events.last().map(|e| e.id).unwrap_or(0);
        let plan = if events.is_empty() {
            ResumePlan::run(wf.definition, row.input.clone(), 0)
        } else {
            resume::plan(&wf.definition, &row.input, &events)
        };
        let mut status = ExecutionStatus::default();
        for ev in &events {
            status.apply(ev);
        }
        status.status = ExecState::Running;
        status.error = None;
        status.cause = None;
        let exec: Arc<str> = id.into();
        runner::seed(&self.inner, &exec, status);
        runner::spawn(self.inner.clone(), RunSpec { exec, name: row.name, workflow: wf.name, plan, base, redrive: redrive.then_some(row.redrive_count) });
        Ok(())
    }

    /// Loads each example `dir/NAME.asl.json` (with `NAME.input.json` as its example input)
    /// whose id `NAME` was never used, so examples added to the folder later appear too, a
    /// deleted example stays deleted and a restart loads nothing twice; returns how many were
    /// loaded. An example that cannot be loaded (not valid, or its name taken by a workflow
    /// renamed to it) is skipped with a line on stderr: the server still starts.
    pub async fn load_examples(&self, dir: &Path) -> Result<usize, ServiceError> {
        let mut files: Vec<_> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(_) => return Ok(0),
        };
        files.retain(|p| p.to_string_lossy().ends_with(".asl.json"));
        files.sort();
        let mut n = 0;
        for path in files {
            match self.load_example(&path).await {
                Ok(loaded) => n += usize::from(loaded),
                Err(e) => eprintln!("wfm: example {} not loaded: {e}", path.display()),
            }
        }
        Ok(n)
    }

    async fn load_example(&self, path: &Path) -> Result<bool, ServiceError> {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let name = file.trim_end_matches(".asl.json").to_string();
        let id = crate::store::workflows::slug(&name);
        match self.store().workflow_meta(&id).await {
            Ok(_) => return Ok(false),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        let read = |p: &Path| -> Result<Value, ServiceError> {
            let text = std::fs::read_to_string(p).map_err(|e| ServiceError::BadRequest(e.to_string()))?;
            serde_json::from_str(&text).map_err(|e| ServiceError::BadRequest(format!("not JSON: {e}")))
        };
        let def = read(path)?;
        check_definition(&def)?;
        if !self.store().create_workflow_with_id(&id, &name, &def).await? {
            return Ok(false);
        }
        let input_path = path.with_file_name(format!("{name}.input.json"));
        if input_path.is_file() {
            self.store().set_example_input(&id, Some(&read(&input_path)?)).await?;
        }
        Ok(true)
    }

    /// Validates and saves a new workflow with an example input; returns (id, version 1).
    pub async fn create_workflow_with_input(
        &self,
        name: &str,
        definition: &Value,
        input: Option<&Value>,
    ) -> Result<(String, i64), ServiceError> {
        let (id, version) = self.create_workflow(name, definition).await?;
        if input.is_some() {
            self.store().set_example_input(&id, input).await?;
        }
        Ok((id, version))
    }

    /// Deletes a workflow: it leaves the list and cannot be started; its versions and its
    /// executions (running ones finish) stay readable.
    pub async fn delete_workflow(&self, id: &str) -> Result<(), ServiceError> {
        Ok(self.store().delete_workflow(id).await?)
    }
}

fn exec_state(s: &str) -> ExecState {
    match s {
        "SUCCEEDED" => ExecState::Succeeded,
        "FAILED" => ExecState::Failed,
        "ABORTED" => ExecState::Aborted,
        "TIMED_OUT" => ExecState::TimedOut,
        _ => ExecState::Running,
    }
}
