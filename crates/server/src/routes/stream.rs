//! Live updates, Waybill's extension: `GET /_waybill/subscriptions/{sub}/events` (optionally
//! `?resourceGroup=NAME`), a server-sent events stream of the job changes in that scope, each
//! with the activity log's event id, so a client reconnecting with `Last-Event-ID` misses
//! nothing. Same bearer tokens and scope rules as the job routes; a comment every 15 seconds
//! keeps idle connections open.
//!
//! Nothing is buffered per client: a stream reads the log (100 events at a time) only when the
//! client has taken what it was sent, and waits on a watch the writers bump without waiting
//! themselves. A slow client falls behind in the log, never in memory, and never slows a write.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde_json::{Value, json};
use waybill_rules::Timestamp;
use waybill_rules::wire::{ArmCode, JobAddress};

use crate::AppState;
use crate::auth::Caller;
use crate::db::EventRow;
use crate::error::ApiError;
use crate::extract::{ArmPath, ArmQuery, check_scope};

/// Events read from the log at a time.
const BATCH: u32 = 100;

/// What a stream carries between reads.
struct Cursor {
    app: AppState,
    subscription: String,
    resource_group: Option<String>,
    last: i64,
    pending: std::collections::VecDeque<EventRow>,
    changes: tokio::sync::watch::Receiver<u64>,
}

/// One change as the stream sends it: the event (as the activity log has it) and the job as
/// it is now (`null` once deleted).
async fn message(app: &AppState, row: &EventRow) -> Event {
    let job = match JobAddress::parse(&row.subscription, &row.resource_group, &row.job) {
        Ok(address) => match app.db.get_job_json(&address, app.clock.now()).await {
            Ok(Some(bytes)) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            _ => Value::Null,
        },
        Err(_) => Value::Null,
    };
    let data = json!({
        "eventId": row.id,
        "action": row.action,
        "resourceId": format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/{}",
            row.subscription, row.resource_group, row.job
        ),
        "resourceGroupName": row.resource_group,
        "name": row.job,
        "stateBefore": row.state_before,
        "stateAfter": row.state_after,
        "cancelRequested": row.cancel_after,
        "caller": row.caller,
        "correlationId": row.correlation_id,
        "eventTime": Timestamp(row.at).to_rfc3339(),
        "job": job,
    });
    Event::default().id(row.id.to_string()).event("job").data(data.to_string())
}

async fn next_event(mut cursor: Cursor) -> Option<(Result<Event, Infallible>, Cursor)> {
    loop {
        if let Some(row) = cursor.pending.pop_front() {
            let event = message(&cursor.app, &row).await;
            return Some((Ok(event), cursor));
        }
        // Marked seen before reading, so a change committed while we read wakes us again.
        cursor.changes.borrow_and_update();
        let read = cursor
            .app
            .db
            .changes_after(
                &cursor.subscription,
                cursor.resource_group.as_deref(),
                cursor.last,
                BATCH,
            )
            .await;
        match read {
            Ok(rows) if !rows.is_empty() => {
                cursor.last = rows.last().map_or(cursor.last, |r| r.id);
                cursor.pending.extend(rows);
                continue;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "a live stream could not read the log");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        }
        if cursor.changes.changed().await.is_err() {
            return None;
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
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let resource_group = query.get("resourceGroup")?.map(str::to_owned);
    check_scope(&caller, &sub, resource_group.as_deref())?;
    let last = match headers.get("last-event-id").map(|v| v.to_str().map(str::trim)) {
        None => app.db.last_event_id().await?,
        Some(Ok(id)) => id.parse::<i64>().map_err(|_| bad_last_event_id())?,
        Some(Err(_)) => return Err(bad_last_event_id()),
    };
    let cursor = Cursor {
        changes: app.db.watch_changes(),
        app,
        subscription: sub.to_ascii_lowercase(),
        resource_group: resource_group.map(|g| g.to_ascii_lowercase()),
        last,
        pending: std::collections::VecDeque::new(),
    };
    let stream = futures_util::stream::unfold(cursor, next_event);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)).text("keep-alive")))
}

fn bad_last_event_id() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ArmCode::InvalidRequestContent,
        "The Last-Event-ID header must be an event id this service sent.",
    )
}
