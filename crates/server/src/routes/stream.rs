//! Live updates, Waybill's extension: `GET /_waybill/subscriptions/{sub}/events` (optionally
//! `?resourceGroup=NAME`), a server-sent events stream of the job changes in that scope, each
//! with the activity log's event id, so a client reconnecting with `Last-Event-ID` misses
//! nothing. Same bearer tokens and scope rules as the job routes; a comment every 15 seconds
//! keeps idle connections open.
//!
//! One hub task reads the log after each commit (writers only bump a watch, never wait) and
//! makes each change's message once, broadcasting it to every stream through a bounded
//! channel. A stream that falls more than the channel holds behind, or joins, or resumes with
//! `Last-Event-ID`, reads what it missed from the log (each message says where the hub was
//! before it, so a gap is always seen). A slow client falls behind in the log, never in memory,
//! and never slows a write.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::broadcast;
use waybill_rules::Timestamp;
use waybill_rules::wire::ArmCode;

use crate::AppState;
use crate::auth::Caller;
use crate::db::{ChangeScope, EventRow};
use crate::error::ApiError;
use crate::extract::{ArmPath, ArmQuery, check_scope};

/// How long a quiet stream waits before it sends a comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Events read from the log at a time.
const BATCH: u32 = 100;
/// Messages the hub keeps for streams that have not taken them yet; a stream further behind
/// reads what it missed from the log.
const HUB_CAPACITY: usize = 1024;

/// One change, made into its stream message once for every stream.
#[derive(Debug)]
pub struct Published {
    /// The log event's id.
    id: i64,
    /// The hub's place in the log before this change: a stream that has seen everything up to
    /// here misses nothing by taking this message next.
    prev: i64,
    /// The subscription (lowercase) and resource group (lowercase) it happened in.
    subscription: String,
    resource_group: String,
    /// The message's JSON.
    data: String,
}

/// The live streams' hub: one task reads the log after each commit, makes each change's
/// message once (with the job as it is now), and broadcasts it to every stream; so the log and
/// the jobs are read once per change, not once per change and stream. Started by the first
/// stream.
#[derive(Debug)]
pub struct Hub {
    tx: broadcast::Sender<Arc<Published>>,
    started: AtomicBool,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub { tx: broadcast::channel(HUB_CAPACITY).0, started: AtomicBool::new(false) }
    }
}

impl Hub {
    fn subscribe(&self, app: &AppState) -> broadcast::Receiver<Arc<Published>> {
        let rx = self.tx.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(publish(app.clone(), self.tx.clone()));
        }
        rx
    }
}

async fn publish(app: AppState, tx: broadcast::Sender<Arc<Published>>) {
    let mut changes = app.db.watch_changes();
    let mut last = loop {
        match app.db.last_event_id().await {
            Ok(id) => break id,
            Err(err) => {
                tracing::error!(error = %err, "the live streams' hub could not read the log");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    loop {
        // Marked seen before reading, so a change committed while we read wakes us again.
        changes.borrow_and_update();
        loop {
            let rows = match app.db.changes_after(ChangeScope::All, last, BATCH).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!(error = %err, "the live streams' hub could not read the log");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            for row in &rows {
                // With no stream listening the message is not made; a stream that comes later
                // reads the log up to where it joins.
                if tx.receiver_count() > 0 {
                    let message = Published {
                        id: row.id,
                        prev: last,
                        subscription: row.subscription.clone(),
                        resource_group: row.resource_group.to_ascii_lowercase(),
                        data: message(&app, row).await,
                    };
                    let _ = tx.send(Arc::new(message));
                }
                last = row.id;
            }
            if rows.len() < BATCH as usize {
                break;
            }
        }
        if changes.changed().await.is_err() {
            return;
        }
    }
}

/// What a stream carries between reads.
struct Cursor {
    app: AppState,
    subscription: String,
    resource_group: Option<String>,
    /// Everything in the log up to here was sent (or is not this stream's).
    last: i64,
    /// Whether the log must be read before the next hub message (at the start, and after
    /// falling behind).
    behind: bool,
    /// Frames ready to send.
    out: String,
    hub: broadcast::Receiver<Arc<Published>>,
}

/// One change's message: the event (as the activity log has it) and the job as it is now
/// (`null` once deleted), its stored JSON spliced in as it is.
async fn message(app: &AppState, row: &EventRow) -> String {
    let address = row.address();
    let job = app.db.get_job_json(&address, app.clock.now()).await.ok().flatten();
    let mut text = json!({
        "eventId": row.id,
        "action": row.action,
        "resourceId": address.resource_id(),
        "resourceGroupName": row.resource_group,
        "name": row.job,
        "stateBefore": row.state_before,
        "stateAfter": row.state_after,
        "cancelRequested": row.cancel_after,
        "caller": row.caller,
        "correlationId": row.correlation_id,
        "eventTime": Timestamp(row.at).to_rfc3339(),
    })
    .to_string();
    text.pop(); // the closing brace
    text.push_str(",\"job\":");
    match job {
        Some(bytes) => text.push_str(&String::from_utf8_lossy(&bytes)),
        None => text.push_str("null"),
    }
    text.push('}');
    text
}

/// One server-sent event (`data` is compact JSON: no line breaks).
fn push_event(out: &mut String, id: i64, data: &str) {
    use std::fmt::Write;
    let _ = write!(out, "id: {id}\nevent: job\ndata: {data}\n\n");
}

/// Reads this stream's changes after `last` from the log until it is caught up.
async fn catch_up(cursor: &mut Cursor) {
    loop {
        let read = cursor
            .app
            .db
            .changes_after(
                ChangeScope::Subscription(&cursor.subscription, cursor.resource_group.as_deref()),
                cursor.last,
                BATCH,
            )
            .await;
        match read {
            Ok(rows) => {
                for row in &rows {
                    let data = message(&cursor.app, row).await;
                    push_event(&mut cursor.out, row.id, &data);
                    cursor.last = row.id;
                }
                if rows.len() < BATCH as usize {
                    return;
                }
            }
            Err(err) => {
                tracing::error!(error = %err, "a live stream could not read the log");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Takes one hub message into the stream: what the stream missed before it from the log, then
/// the message itself when it is this stream's.
async fn take(cursor: &mut Cursor, message: &Published) {
    if message.prev > cursor.last {
        // Changes between what this stream sent and this message: from the log.
        catch_up(cursor).await;
        cursor.last = cursor.last.max(message.prev);
    }
    if message.id > cursor.last {
        cursor.last = message.id;
        let mine = message.subscription == cursor.subscription
            && cursor.resource_group.as_ref().is_none_or(|g| *g == message.resource_group);
        if mine {
            push_event(&mut cursor.out, message.id, &message.data);
        }
    }
}

/// Messages taken at once into one write when a stream has fallen behind (fewer, larger
/// writes when changes come faster than the client reads).
const COALESCE: usize = 256;

async fn next_chunk(mut cursor: Cursor) -> Option<(Result<Bytes, Infallible>, Cursor)> {
    loop {
        if !cursor.out.is_empty() {
            let chunk = Bytes::from(std::mem::take(&mut cursor.out));
            return Some((Ok(chunk), cursor));
        }
        if cursor.behind {
            cursor.behind = false;
            catch_up(&mut cursor).await;
            continue;
        }
        let received = tokio::select! {
            received = cursor.hub.recv() => received,
            () = tokio::time::sleep(KEEP_ALIVE) => {
                // A comment keeps idle connections (and the proxies between) open.
                cursor.out.push_str(": keep-alive\n\n");
                continue;
            }
        };
        match received {
            Ok(message) => take(&mut cursor, &message).await,
            // Fallen more than the hub keeps behind: the next message says from where to
            // read the log.
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return None,
        }
        // Whatever else is already there goes out in the same write.
        for _ in 0..COALESCE {
            match cursor.hub.try_recv() {
                Ok(message) => take(&mut cursor, &message).await,
                Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                Err(_) => break,
            }
        }
    }
}

/// `GET /_waybill/subscriptions/{sub}/events`.
pub async fn job_events(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath(sub): ArmPath<String>,
    query: ArmQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let resource_group = query.get("resourceGroup")?.map(str::to_owned);
    check_scope(&caller, &sub, resource_group.as_deref())?;
    // Joined before reading where the log is, so nothing falls between the two.
    let hub = app.live.subscribe(&app);
    let last = match headers.get("last-event-id").map(|v| v.to_str().map(str::trim)) {
        None => app.db.last_event_id().await?,
        Some(Ok(id)) => id.parse::<i64>().map_err(|_| bad_last_event_id())?,
        Some(Err(_)) => return Err(bad_last_event_id()),
    };
    let cursor = Cursor {
        app,
        subscription: sub.to_ascii_lowercase(),
        resource_group: resource_group.map(|g| g.to_ascii_lowercase()),
        last,
        behind: true,
        out: String::new(),
        hub,
    };
    let stream = futures_util::stream::unfold(cursor, next_chunk);
    Ok((
        [(header::CONTENT_TYPE, "text/event-stream"), (header::CACHE_CONTROL, "no-cache")],
        Body::from_stream(stream),
    )
        .into_response())
}

fn bad_last_event_id() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ArmCode::InvalidRequestContent,
        "The Last-Event-ID header must be an event id this service sent.",
    )
}
