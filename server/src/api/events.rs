//! `GET /executions/{id}/events`: Server-Sent Events of an execution's history.
//!
//! Each history event goes out once, in id order, with its id as the SSE `id`, so a client that
//! reconnects with `Last-Event-ID: N` (or `?after=N`) gets exactly the events after N. The
//! stream subscribes to live events *before* reading the store; since events are stored before
//! they are published, every event is either in the store read or arrives live, and ids at or
//! below the last one sent are skipped. Progress (LLM deltas) goes out as `event: progress`
//! without an id; a client that joins while an LLM answer streams first gets the text so far
//! (after the stored events), then the deltas. The stream ends with `event: end` once the
//! execution has ended.

use super::error::AppError;
use super::AppState;
use crate::service::{LiveMsg, Service};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Deserialize;
use serde_json::json;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

/// `?after=N` (same as `Last-Event-ID: N`).
#[derive(Deserialize)]
pub struct EventsQuery {
    after: Option<u64>,
}

/// Events read from the store per query.
const PAGE: i64 = 1000;

struct Cursor {
    service: Service,
    id: String,
    last: u64,
    rx: Option<broadcast::Receiver<LiveMsg>>,
    queue: VecDeque<Event>,
    /// Text streamed before this client subscribed, sent once the stored events are.
    so_far: Vec<Event>,
    /// The store may hold events after `last` that were not sent.
    behind: bool,
    done: bool,
}

/// The SSE stream.
pub async fn stream(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or(q.after)
        .unwrap_or(0);
    let (rx, so_far) = subscribe(&s.service, &id);
    s.service.store().get_execution(&id).await?;
    let cursor = Cursor { service: s.service, id, last, rx, queue: VecDeque::new(), so_far, behind: true, done: false };
    let stream = futures::stream::unfold(cursor, |mut c| async move {
        let ev = next(&mut c).await?;
        Some((Ok(ev), c))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn subscribe(service: &Service, id: &str) -> (Option<broadcast::Receiver<LiveMsg>>, Vec<Event>) {
    match service.subscribe_with_progress(id) {
        Some((rx, so_far)) => (Some(rx), so_far.iter().filter_map(progress_event).collect()),
        None => (None, Vec::new()),
    }
}

fn progress_event(msg: &LiveMsg) -> Option<Event> {
    let LiveMsg::Progress { scope, state, data } = msg else { return None };
    let body = json!({"scope": scope, "state": state, "data": data});
    Some(Event::default().event("progress").data(body.to_string()))
}

fn history_event(ev: &engine::history::HistoryEvent) -> Event {
    Event::default().id(ev.id.to_string()).data(serde_json::to_string(ev).unwrap_or_default())
}

/// The next SSE event, or None when the stream is over.
async fn next(c: &mut Cursor) -> Option<Event> {
    loop {
        if let Some(ev) = c.queue.pop_front() {
            return Some(ev);
        }
        if c.done {
            return None;
        }
        if c.behind {
            match c.service.store().list_events(&c.id, c.last, PAGE).await {
                Ok(evs) if !evs.is_empty() => {
                    c.last = evs.last().map(|e| e.id).unwrap_or(c.last);
                    c.queue.extend(evs.iter().map(history_event));
                    continue;
                }
                Ok(_) => {
                    c.behind = false;
                    c.queue.extend(c.so_far.drain(..));
                    if !c.queue.is_empty() {
                        continue;
                    }
                }
                Err(e) => {
                    c.done = true;
                    return Some(Event::default().event("error").data(json!({"message": e.to_string()}).to_string()));
                }
            }
        }
        let Some(rx) = c.rx.as_mut() else {
            // Not live here: finished, or running elsewhere (another process, or not yet resumed).
            match c.service.store().get_execution(&c.id).await {
                Ok(row) if row.status == "RUNNING" => {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    (c.rx, c.so_far) = subscribe(&c.service, &c.id);
                    c.behind = true;
                    continue;
                }
                Ok(row) => {
                    c.done = true;
                    return Some(Event::default().event("end").data(json!({"status": row.status}).to_string()));
                }
                Err(_) => return None,
            }
        };
        match rx.recv().await {
            Ok(LiveMsg::Event(ev)) if ev.id <= c.last => {}
            Ok(LiveMsg::Event(ev)) if ev.id == c.last + 1 => {
                c.last = ev.id;
                return Some(history_event(&ev));
            }
            // A gap (should not happen) or missed messages: the store has them.
            Ok(LiveMsg::Event(_)) | Err(RecvError::Lagged(_)) => c.behind = true,
            Ok(msg @ LiveMsg::Progress { .. }) => return progress_event(&msg),
            Err(RecvError::Closed) => {
                c.rx = None;
                c.behind = true;
            }
        }
    }
}
