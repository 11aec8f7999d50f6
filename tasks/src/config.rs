//! Configuration of the task functions: LLM providers, named database connections, the
//! command-set folder and the demo database. Read from the environment (DESIGN.md's variables),
//! optionally from a TOML file named by `WFM_TASKS_CONFIG`; environment variables win.
//!
//! Secrets (API keys, passwords inside URLs) live in [`Secret`] whose `Debug` never shows them.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A value that must never be printed: `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The secret itself, for the one place that sends it (an HTTP header, a connect call).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One LLM provider's endpoint and key.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The API key; `None` makes calls fail with `LLM.MissingApiKey`.
    pub api_key: Option<Secret>,
    /// The base URL; the client appends the API path.
    pub base_url: String,
}

/// LLM call behaviour shared by both providers.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    /// Answer every call in dry-run mode (no network), as if the model were `dry-run`.
    pub dry_run: bool,
    /// Whole-request timeout (connect, send, stream).
    pub timeout: Duration,
    /// The model for calls that name none (`WFM_LLM_MODEL`).
    pub default_model: Option<String>,
}

/// Everything the task functions need to know about their surroundings.
#[derive(Debug, Clone)]
pub struct TasksConfig {
    /// Anthropic Messages API (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`).
    pub anthropic: ProviderConfig,
    /// OpenAI-compatible chat completions (`OPENAI_API_KEY`, `OPENAI_BASE_URL`).
    pub openai: ProviderConfig,
    /// LLM timeout, default model and dry-run (retries are the states' `Retry`).
    pub llm: LlmSettings,
    /// Named database connections (name → URL, URL may hold a password).
    pub connections: BTreeMap<String, Secret>,
    /// Folder of command sets (`<name>.toml|.yaml|.yml`).
    pub commands_dir: PathBuf,
    /// The demo SQLite database, created on first use.
    pub demo_db_path: PathBuf,
}

/// The optional TOML file (`WFM_TASKS_CONFIG`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    commands_dir: Option<PathBuf>,
    demo_db: Option<PathBuf>,
    #[serde(default)]
    connections: BTreeMap<String, String>,
    #[serde(default)]
    llm: FileLlm,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLlm {
    dry_run: Option<bool>,
    timeout_secs: Option<f64>,
    model: Option<String>,
}

/// The configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The TOML file could not be read.
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// The TOML file is not valid.
    #[error("invalid {path}: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Default for TasksConfig {
    fn default() -> Self {
        TasksConfig {
            anthropic: ProviderConfig { api_key: None, base_url: "https://api.anthropic.com".into() },
            openai: ProviderConfig { api_key: None, base_url: "https://api.openai.com/v1".into() },
            llm: LlmSettings { dry_run: false, timeout: Duration::from_secs(120), default_model: None },
            connections: BTreeMap::new(),
            commands_dir: PathBuf::from("./commands"),
            demo_db_path: PathBuf::from("./data/demo.sqlite"),
        }
    }
}

impl TasksConfig {
    /// Reads the process environment (and the TOML file it may name). A broken file is
    /// reported on stderr and ignored, so a typo never stops the CLI from starting.
    pub fn from_env() -> Self {
        match Self::try_from_vars(std::env::vars()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("warning: {e}; using environment variables only");
                let vars = std::env::vars().filter(|(k, _)| k != "WFM_TASKS_CONFIG");
                Self::try_from_vars(vars).unwrap_or_default()
            }
        }
    }

    /// Builds the configuration from `(name, value)` pairs (the environment, or a test's map).
    pub fn try_from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let vars: BTreeMap<String, String> = vars.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let mut c = TasksConfig::default();
        if let Some(path) = vars.get("WFM_TASKS_CONFIG") {
            c.apply_file(&read_file(PathBuf::from(path))?);
        }
        c.apply_vars(&vars);
        Ok(c)
    }

    fn apply_file(&mut self, f: &FileConfig) {
        if let Some(d) = &f.commands_dir {
            self.commands_dir = d.clone();
        }
        if let Some(d) = &f.demo_db {
            self.demo_db_path = d.clone();
        }
        for (name, url) in &f.connections {
            self.connections.insert(name.to_lowercase(), Secret::new(url));
        }
        self.llm.dry_run = f.llm.dry_run.unwrap_or(self.llm.dry_run);
        if let Some(t) = f.llm.timeout_secs.and_then(positive_secs) {
            self.llm.timeout = t;
        }
        self.llm.default_model = f.llm.model.clone().or(self.llm.default_model.take());
    }

    fn apply_vars(&mut self, vars: &BTreeMap<String, String>) {
        let get = |k: &str| vars.get(k).cloned();
        self.anthropic.api_key = get("ANTHROPIC_API_KEY").map(Secret::new);
        self.openai.api_key = get("OPENAI_API_KEY").map(Secret::new);
        if let Some(u) = get("ANTHROPIC_BASE_URL") {
            self.anthropic.base_url = u;
        }
        if let Some(u) = get("OPENAI_BASE_URL") {
            self.openai.base_url = u;
        }
        if let Some(d) = get("WFM_COMMANDS_DIR") {
            self.commands_dir = d.into();
        }
        if let Some(d) = get("WFM_DEMO_DB") {
            self.demo_db_path = d.into();
        }
        if let Some(v) = get("WFM_LLM_DRY_RUN") {
            self.llm.dry_run = matches!(v.to_lowercase().as_str(), "1" | "true" | "yes" | "on");
        }
        if let Some(t) = get("WFM_LLM_TIMEOUT_SECS").and_then(|v| v.parse::<f64>().ok()).and_then(positive_secs) {
            self.llm.timeout = t;
        }
        if let Some(m) = get("WFM_LLM_MODEL") {
            self.llm.default_model = Some(m);
        }
        for (k, v) in vars {
            if let Some(name) = k.strip_prefix("WFM_CONNECTION_").filter(|n| !n.is_empty()) {
                self.connections.insert(name.to_lowercase(), Secret::new(v));
            }
        }
    }
}

/// A positive, representable number of seconds (NaN, 0, negatives and 1e300 are ignored).
fn positive_secs(t: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(t).ok().filter(|d| !d.is_zero())
}

fn read_file(path: PathBuf) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse { path, message: e.message().to_string() })
}

/// Replaces the password (and a `password=` query parameter) of a URL with `***`, for
/// messages and outputs. Strings that are not URLs come back unchanged.
pub fn redact_url(raw: &str) -> String {
    let Ok(mut url) = url::Url::parse(raw) else {
        return raw.to_string();
    };
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if pairs.iter().any(|(k, _)| k.eq_ignore_ascii_case("password")) {
        let mut q = url.query_pairs_mut();
        q.clear();
        for (k, v) in &pairs {
            let v = if k.eq_ignore_ascii_case("password") { "***" } else { v.as_str() };
            q.append_pair(k, v);
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn env_vars_fill_the_config() {
        let c = TasksConfig::try_from_vars(vars(&[
            ("ANTHROPIC_API_KEY", "sk-ant-secret"),
            ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
            ("WFM_CONNECTION_ANALYTICS", "postgres://u:pw@h/db"),
            ("WFM_LLM_DRY_RUN", "true"),
        ]))
        .unwrap();
        assert_eq!(c.anthropic.api_key.as_ref().map(Secret::expose), Some("sk-ant-secret"));
        assert_eq!(c.openai.base_url, "http://127.0.0.1:11434/v1");
        assert!(c.connections.contains_key("analytics"));
        assert!(c.llm.dry_run);
        let shown = format!("{c:?}");
        assert!(!shown.contains("sk-ant-secret") && !shown.contains("pw@"), "{shown}");
    }

    #[test]
    fn toml_file_is_read_and_env_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wfm.toml");
        std::fs::write(&path, "commands_dir = \"cmds\"\n[connections]\nshop = \"sqlite://a.db\"\n[llm]\nmodel = \"a\"\n").unwrap();
        let c = TasksConfig::try_from_vars(vars(&[
            ("WFM_TASKS_CONFIG", path.to_str().unwrap()),
            ("WFM_LLM_MODEL", "b"),
        ]))
        .unwrap();
        assert_eq!(c.commands_dir, PathBuf::from("cmds"));
        assert_eq!(c.connections["shop"].expose(), "sqlite://a.db");
        assert_eq!(c.llm.default_model.as_deref(), Some("b"));
    }

    #[test]
    fn urls_lose_their_passwords() {
        assert_eq!(redact_url("postgres://u:hunter2@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("mysql://h/db?user=u&password=x"), "mysql://h/db?user=u&password=***");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
