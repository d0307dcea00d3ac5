//! The dispatcher: one task that (1) reads the activity log after each event subscription's
//! cursor and queues the matching deliveries in the transaction that moves the cursor, and
//! (2) sends the deliveries that are due, at most [`IN_FLIGHT`] at a time, storing each
//! attempt's outcome. Each attempt first claims its delivery in the database (its next attempt
//! moved past the attempt's timeout), so a delivery is never sent twice at once, and one whose
//! attempt a crash cut short is sent again once that lease ends. It wakes on every committed
//! change, when an attempt ends, and every second (retries are due on the service's clock,
//! which the operator can move forward).
//!
//! Memory stays bounded whatever the receivers do: the queue is in the database, at most
//! [`IN_FLIGHT`] requests are open, each bounded in time and in what is read back.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue};
use tokio::sync::{Notify, Semaphore};

use super::ALL_SUBSCRIPTIONS;
use super::endpoint::{self, Endpoint, EndpointError};
use super::{backoff_seconds, events_of, is_final_refusal, signature};
use crate::AppState;
use crate::db::{AttemptOutcome, ChangeScope, DbError, Delivery, EventSubscription, NewDelivery};

/// Requests open at once.
pub const IN_FLIGHT: usize = 16;
/// Seconds past an attempt's timeout before a delivery it claimed may be claimed again.
const LEASE_MARGIN_SECONDS: i64 = 5;
/// Log events read per subscription and round.
const LOG_BATCH: u32 = 200;

/// Starts the dispatcher.
pub fn spawn(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(app))
}

async fn run(app: AppState) {
    let mut changes = app.db.watch_changes();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let finished = Arc::new(Notify::new());
    // At start the log may hold changes past the cursors (a crash before they were queued).
    let mut log_moved = true;
    loop {
        changes.borrow_and_update();
        let round = async {
            let subscriptions = app.db.event_subscriptions(None).await?;
            if log_moved {
                fan_out(&app, &subscriptions).await?;
            }
            send_due(&app, &subscriptions, &permits, &finished).await
        };
        if let Err(err) = round.await {
            tracing::error!(error = %err, "webhooks: reading the log or the queue failed");
            // Read the log again next round: what failed may have been the fan-out.
            log_moved = true;
        } else {
            log_moved = false;
        }
        tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                log_moved = true;
            }
            () = finished.notified() => {}
            // Retries come due on the service's clock.
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// Queues the deliveries of every event subscription up to the end of the log.
async fn fan_out(app: &AppState, subscriptions: &[EventSubscription]) -> Result<(), DbError> {
    for sub in subscriptions {
        let mut cursor = sub.cursor;
        loop {
            let scope = match sub.subscription.as_str() {
                ALL_SUBSCRIPTIONS => ChangeScope::All,
                one => ChangeScope::Subscription(one, None),
            };
            let rows = app.db.changes_after(scope, cursor, LOG_BATCH).await?;
            let Some(last) = rows.last().map(|r| r.id) else { break };
            let deliveries: Vec<NewDelivery> = rows
                .iter()
                .flat_map(|row| {
                    events_of(row)
                        .into_iter()
                        .filter(|e| sub.filter.passes(&row.resource_group, e))
                        .collect::<Vec<_>>()
                })
                .map(|e| NewDelivery {
                    event_id: e.id,
                    event_type: e.event_type.to_owned(),
                    payload: e.body.to_string(),
                })
                .collect();
            let now = app.clock.now().0;
            if !app
                .db
                .queue_deliveries(&sub.subscription, &sub.name, cursor, last, now, &deliveries)
                .await?
            {
                break;
            }
            cursor = last;
            if rows.len() < LOG_BATCH as usize {
                break;
            }
        }
    }
    Ok(())
}

async fn send_due(
    app: &AppState,
    subscriptions: &[EventSubscription],
    permits: &Arc<Semaphore>,
    finished: &Arc<Notify>,
) -> Result<(), DbError> {
    if subscriptions.is_empty() || permits.available_permits() == 0 {
        return Ok(());
    }
    let due = app.db.due_deliveries(app.clock.now().0, (IN_FLIGHT * 2) as u32).await?;
    for delivery in due {
        let Ok(permit) = Arc::clone(permits).try_acquire_owned() else { break };
        let Some(sub) = subscriptions
            .iter()
            .find(|s| {
                s.subscription == delivery.subscription
                    && s.name.eq_ignore_ascii_case(&delivery.name_key)
            })
            .cloned()
        else {
            continue;
        };
        let now = app.clock.now().0;
        let lease = now + app.webhooks.timeout.as_secs() as i64 + LEASE_MARGIN_SECONDS;
        let Some(attempts) = app.db.claim_delivery(delivery.id, now, lease).await? else {
            continue;
        };
        let delivery = Delivery { attempts, ..delivery };
        let app = app.clone();
        let finished = Arc::clone(finished);
        tokio::spawn(async move {
            if let Err(err) = attempt(&app, &sub, &delivery).await {
                tracing::error!(error = %err, "webhooks: storing an attempt failed");
            }
            drop(permit);
            finished.notify_one();
        });
    }
    Ok(())
}

/// Tries one delivery and stores the outcome.
async fn attempt(
    app: &AppState,
    sub: &EventSubscription,
    delivery: &Delivery,
) -> Result<(), DbError> {
    let now = app.clock.now().0;
    if now > delivery.created_at + i64::from(sub.ttl_minutes) * 60 {
        let error = format!("TimeToLiveExceeded: not delivered within {} minutes", sub.ttl_minutes);
        return app.db.expire_delivery(delivery.id, now, &error).await;
    }
    let result = send(app, sub, delivery).await;
    let attempts = delivery.attempts + 1;
    let now = app.clock.now().0;
    let outcome = match result {
        Ok(status) if (200..300).contains(&status) => {
            AttemptOutcome::Delivered { http_status: status }
        }
        Ok(status) if is_final_refusal(status) => AttemptOutcome::DeadLettered {
            http_status: Some(status),
            error: format!("The endpoint answered {status}, which is not retried."),
        },
        failed => {
            let (http_status, error) = match failed {
                Ok(status) => (Some(status), format!("The endpoint answered {status}.")),
                Err(err) => (None, err.to_string()),
            };
            if attempts >= sub.max_attempts {
                AttemptOutcome::DeadLettered {
                    http_status,
                    error: format!(
                        "MaxDeliveryAttemptsExceeded after {attempts} attempts: {error}"
                    ),
                }
            } else {
                AttemptOutcome::Retry {
                    next_attempt_at: now + backoff_seconds(attempts),
                    http_status,
                    error,
                }
            }
        }
    };
    if let AttemptOutcome::DeadLettered { error, .. } = &outcome {
        tracing::warn!(
            subscription = %sub.subscription,
            event_subscription = %sub.name,
            event = %delivery.event_id,
            error = %error,
            "webhooks: an event was dead-lettered"
        );
    }
    app.db.finish_attempt(delivery.id, now, &outcome).await
}

/// Sends one delivery; the receiver's status.
async fn send(
    app: &AppState,
    sub: &EventSubscription,
    delivery: &Delivery,
) -> Result<u16, EndpointError> {
    let endpoint = Endpoint::parse(&sub.endpoint_url)?;
    let addresses = endpoint.resolve(app.webhooks.allow_private).await?;
    let body = Bytes::from(format!("[{}]", delivery.payload));
    let mut headers = vec![
        header("aeg-event-type", "Notification"),
        header("aeg-subscription-name", &sub.name.to_ascii_uppercase()),
        header("aeg-delivery-count", &delivery.attempts.to_string()),
        header("aeg-data-version", "1.0"),
        header("aeg-metadata-version", "1"),
    ];
    if let Some(secret) = &sub.secret {
        headers.push(header("waybill-signature", &signature(secret, unix_now(), &body)));
    }
    let headers: Vec<(HeaderName, HeaderValue)> = headers.into_iter().flatten().collect();
    let answer =
        endpoint::post(&endpoint, &addresses, &headers, body, app.webhooks.timeout).await?;
    Ok(answer.status)
}

/// A header; `None` for a value that cannot be sent (never for what this module builds).
pub fn header(name: &'static str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    HeaderValue::from_str(value).ok().map(|v| (HeaderName::from_static(name), v))
}

/// The system's time in seconds (signatures are checked against the receiver's clock, not the
/// simulated one).
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
