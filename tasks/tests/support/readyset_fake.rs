//! A wire-level fake of Readyset (which cannot be installed here), built on the `pgwire` crate.
//!
//! It speaks the PostgreSQL protocol and answers Readyset's own statements — `SHOW CACHES`,
//! `SHOW PROXIED [SUPPORTED] QUERIES`, `CREATE CACHE [ALWAYS] [name] FROM <query | id>`,
//! `DROP CACHE <name | id>`, `EXPLAIN CREATE CACHE FROM <query>`, `SHOW READYSET STATUS` — with
//! Readyset's column names and value formats (`q_<16 hex>` ids, `yes`/`pending`/`unsupported`,
//! `fallback allowed`). Every other statement is passed to the real PostgreSQL and recorded as
//! a proxied query, as Readyset does. Queries calling `now()` or `random()` are unsupported.
#![allow(dead_code)]

use async_trait::async_trait;
use futures::stream;
use pgwire::api::auth::noop::NoopStartupHandler;
use pgwire::api::auth::StartupHandler;
use pgwire::api::query::SimpleQueryHandler;
use pgwire::api::results::{DataRowEncoder, FieldFormat, FieldInfo, QueryResponse, Response, Tag};
use pgwire::api::store::PortalStore;
use pgwire::api::{ClientInfo, ClientPortalStore, PgWireServerHandlers, Type};
use pgwire::error::{ErrorInfo, PgWireResult};
use std::sync::{Arc, Mutex};
use tokio_postgres::SimpleQueryMessage;

/// A cache in the fake.
#[derive(Debug, Clone)]
pub struct Cache {
    /// `q_<16 hex>`.
    pub id: String,
    /// Given name, or the id.
    pub name: String,
    /// Query text.
    pub text: String,
}

#[derive(Default)]
struct State {
    caches: Vec<Cache>,
    proxied: Vec<(String, String, &'static str, u64)>,
    log: Vec<String>,
}

struct Handler {
    state: Arc<Mutex<State>>,
    upstream: tokio_postgres::Client,
}

impl NoopStartupHandler for Handler {}

struct Factory(Arc<Handler>);

impl PgWireServerHandlers for Factory {
    fn simple_query_handler(&self) -> Arc<impl SimpleQueryHandler> {
        self.0.clone()
    }
    fn startup_handler(&self) -> Arc<impl StartupHandler> {
        self.0.clone()
    }
}

/// The running fake.
pub struct FakeReadyset {
    /// `postgres://…@127.0.0.1:PORT/test?sslmode=disable`.
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl FakeReadyset {
    /// Starts the fake in front of the PostgreSQL at `upstream`.
    pub async fn start(upstream: &str) -> FakeReadyset {
        let (client, conn) = tokio_postgres::connect(upstream, tokio_postgres::NoTls).await.expect("upstream PostgreSQL");
        tokio::spawn(conn);
        let state = Arc::new(Mutex::new(State::default()));
        let factory = Arc::new(Factory(Arc::new(Handler { state: state.clone(), upstream: client })));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("postgres://readyset@{}/test?sslmode=disable", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let f = factory.clone();
                tokio::spawn(async move { pgwire::tokio::process_socket(socket, None, f).await });
            }
        });
        FakeReadyset { url, state }
    }

    /// Every statement received, in order.
    pub fn statements(&self) -> Vec<String> {
        self.state.lock().unwrap().log.clone()
    }

    /// The caches now.
    pub fn caches(&self) -> Vec<Cache> {
        self.state.lock().unwrap().caches.clone()
    }
}

/// Readyset-style id: `q_` + 16 hex digits of a hash of the normalized text.
pub fn query_id(text: &str) -> String {
    let norm = normalize(text).to_lowercase();
    let hash = norm.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
    format!("q_{hash:016x}")
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(';').trim().to_string()
}

fn supported(text: &str) -> &'static str {
    let t = text.to_lowercase();
    if !t.trim_start().starts_with("select") || t.contains("now()") || t.contains("random()") { "unsupported" } else { "yes" }
}

fn table(columns: &[&str], rows: Vec<Vec<Option<String>>>) -> PgWireResult<Response> {
    let fields: Vec<FieldInfo> = columns.iter().map(|c| FieldInfo::new(c.to_string(), None, None, Type::TEXT, FieldFormat::Text)).collect();
    let schema = Arc::new(fields);
    let mut enc = DataRowEncoder::new(schema.clone());
    let mut out = Vec::new();
    for row in rows {
        for v in row {
            enc.encode_field(&v)?;
        }
        out.push(Ok(enc.take_row()));
    }
    Ok(Response::Query(QueryResponse::new(schema, stream::iter(out))))
}

fn error(message: String) -> Response {
    Response::Error(Box::new(ErrorInfo::new("ERROR".into(), "XX000".into(), message)))
}

/// `SHOW …`, `EXPLAIN CREATE CACHE`, `CREATE CACHE`, `DROP CACHE`, or `None` for upstream SQL.
fn readyset_statement(st: &mut State, q: &str) -> Option<PgWireResult<Response>> {
    let upper = q.to_uppercase();
    let s = |v: &str| Some(v.to_string());
    if upper == "SHOW CACHES" {
        let rows = st.caches.iter().map(|c| vec![s(&c.id), s(&c.name), s(&c.text), s("fallback allowed"), s("0")]).collect();
        return Some(table(&["query id", "cache name", "query text", "fallback behavior", "count"], rows));
    }
    if upper == "SHOW PROXIED QUERIES" || upper == "SHOW PROXIED SUPPORTED QUERIES" {
        let only = upper.contains("SUPPORTED");
        let rows = st.proxied.iter().filter(|p| !only || p.2 == "yes");
        let rows = rows.map(|p| vec![s(&p.0), s(&p.1), s(p.2), Some(p.3.to_string())]).collect();
        return Some(table(&["query id", "proxied query", "readyset supported", "count"], rows));
    }
    if upper == "SHOW READYSET STATUS" {
        let rows = [("Database Connection", "Connected"), ("Connection Count", "1"), ("Snapshot Status", "Completed"),
            ("Maximum Replication Offset", "(0/3A0F2E8, 0/3A0F318)"), ("Minimum Replication Offset", "(0/3A0F2E8, 0/3A0F318)"),
            ("Last started Controller", "2026-11-26 04:00:00 UTC"), ("Last completed snapshot", "2026-11-26 04:00:01 UTC"),
            ("Last started replication", "2026-11-26 04:00:01 UTC")];
        return Some(table(&["name", "value"], rows.iter().map(|(k, v)| vec![s(k), s(v)]).collect()));
    }
    if let Some(query) = upper.strip_prefix("EXPLAIN CREATE CACHE FROM ").map(|_| &q["EXPLAIN CREATE CACHE FROM ".len()..]) {
        let text = normalize(query);
        return Some(table(&["query id", "proxied query", "readyset supported"], vec![vec![s(&query_id(&text)), s(&text), s(supported(&text))]]));
    }
    if upper.starts_with("CREATE CACHE ") {
        return Some(Ok(create_cache(st, &q["CREATE CACHE ".len()..])));
    }
    if let Some(target) = upper.strip_prefix("DROP CACHE ").map(|_| q["DROP CACHE ".len()..].trim()) {
        let before = st.caches.len();
        st.caches.retain(|c| c.name != target && c.id != target);
        return Some(Ok(if st.caches.len() < before { Response::Execution(Tag::new("DROP CACHE")) } else { error(format!("Cache {target} not found")) }));
    }
    None
}

fn create_cache(st: &mut State, rest: &str) -> Response {
    let mut rest = rest.trim();
    if rest.to_uppercase().starts_with("ALWAYS ") {
        rest = rest[7..].trim_start();
    }
    let Some(from) = rest.to_uppercase().find("FROM ") else { return error("expected FROM".into()) };
    let name = rest[..from].trim();
    let source = rest[from + 5..].trim();
    let text = if source.starts_with("q_") && source.len() == 18 {
        match st.proxied.iter().find(|p| p.0 == source) {
            Some(p) => p.1.clone(),
            None => return error(format!("Query ID {source} not found")),
        }
    } else {
        normalize(source)
    };
    if supported(&text) == "unsupported" {
        return error(format!("Failed to create cache: query is not supported by Readyset: {text}"));
    }
    let id = query_id(&text);
    if !st.caches.iter().any(|c| c.id == id) {
        let name = if name.is_empty() { id.clone() } else { name.to_string() };
        st.caches.push(Cache { id, name, text });
    }
    Response::Execution(Tag::new("CREATE CACHE"))
}

#[async_trait]
impl SimpleQueryHandler for Handler {
    async fn do_query<C>(&self, _client: &mut C, query: &str) -> PgWireResult<Vec<Response>>
    where
        C: ClientInfo + ClientPortalStore + Unpin + Send + Sync,
        C::PortalStore: PortalStore,
    {
        let q = normalize(query);
        let answered = {
            let mut st = self.state.lock().unwrap();
            st.log.push(q.clone());
            readyset_statement(&mut st, &q)
        };
        match answered {
            Some(r) => Ok(vec![r?]),
            None => Ok(vec![self.proxy(&q).await?]),
        }
    }
}

impl Handler {
    /// Runs `q` on the real PostgreSQL and records it as a proxied query.
    async fn proxy(&self, q: &str) -> PgWireResult<Response> {
        {
            let mut st = self.state.lock().unwrap();
            let id = query_id(q);
            match st.proxied.iter_mut().find(|p| p.0 == id) {
                Some(p) => p.3 += 1,
                None => st.proxied.push((id, q.to_string(), supported(q), 1)),
            }
        }
        let messages = match self.upstream.simple_query(q).await {
            Ok(m) => m,
            Err(e) => return Ok(error(e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string()))),
        };
        let mut columns: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut affected = 0;
        for m in messages {
            match m {
                SimpleQueryMessage::RowDescription(cols) => columns = Some(cols.iter().map(|c| c.name().to_string()).collect()),
                SimpleQueryMessage::Row(r) => rows.push((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect()),
                SimpleQueryMessage::CommandComplete(n) => affected = n,
                _ => {}
            }
        }
        match columns {
            Some(cols) => table(&cols.iter().map(String::as_str).collect::<Vec<_>>(), rows),
            None => {
                let verb = q.split_whitespace().next().unwrap_or("OK").to_uppercase();
                Ok(Response::Execution(Tag::new(&verb).with_rows(affected as usize)))
            }
        }
    }
}
