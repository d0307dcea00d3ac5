//! Event subscriptions and their deliveries (the outbox): see `webhooks/mod.rs`.

use sqlx::Row;

use super::{Db, DbError};
use crate::webhooks::Filter;

/// An event subscription as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSubscription {
    /// The Azure subscription (lowercase), or `*` for every one.
    pub subscription: String,
    /// The name as written.
    pub name: String,
    /// Where events go (with its query: never answered whole).
    pub endpoint_url: String,
    /// The shared secret of the signature, if any.
    pub secret: Option<String>,
    /// What it asks for.
    pub filter: Filter,
    /// Attempts before an event is dead-lettered.
    pub max_attempts: u32,
    /// Minutes after which an undelivered event is dead-lettered.
    pub ttl_minutes: u32,
    /// When it was created and last changed (service clock, seconds).
    pub created_at: i64,
    /// Likewise.
    pub updated_at: i64,
    /// The last event of the log looked at.
    pub cursor: i64,
}

/// How a subscription's deliveries stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryCounts {
    /// Not delivered yet, still to be tried.
    pub pending: u64,
    /// Delivered.
    pub delivered: u64,
    /// Given up on.
    pub dead_lettered: u64,
    /// The last successful delivery (service clock, seconds).
    pub last_delivered_at: Option<i64>,
    /// The last failed attempt's error, when the last attempt failed.
    pub last_error: Option<String>,
}

/// One delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Its row.
    pub id: i64,
    /// The subscription it belongs to (lowercase) and the event subscription's name (lowercase).
    pub subscription: String,
    /// Likewise.
    pub name_key: String,
    /// The event's `id`.
    pub event_id: String,
    /// The event's `eventType`.
    pub event_type: String,
    /// The event as sent.
    pub payload: String,
    /// `Pending`, `Delivered` or `DeadLettered`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// When it was queued, when it is (or was) next due, when it was last tried.
    pub created_at: i64,
    /// Likewise.
    pub next_attempt_at: i64,
    /// Likewise.
    pub last_attempt_at: Option<i64>,
    /// The receiver's last status, if it answered.
    pub last_http_status: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A delivery to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    /// The event's `id`.
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The event as it will be sent.
    pub payload: String,
}

/// An attempt's outcome to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The receiver took it.
    Delivered {
        /// Its status.
        http_status: u16,
    },
    /// Failed; try again at `next_attempt_at`.
    Retry {
        /// When.
        next_attempt_at: i64,
        /// The receiver's status, if it answered.
        http_status: Option<u16>,
        /// Why.
        error: String,
    },
    /// Failed for good.
    DeadLettered {
        /// The receiver's status, if it answered.
        http_status: Option<u16>,
        /// Why.
        error: String,
    },
}

macro_rules! subscription_columns {
    () => {
        "sub_key, name, endpoint_url, secret, rg_key, event_types, job_states, max_attempts, \
         ttl_minutes, created_at, updated_at, cursor"
    };
}

macro_rules! delivery_columns {
    () => {
        "id, sub_key, name_key, event_id, event_type, payload, status, attempts, created_at, \
         next_attempt_at, last_attempt_at, last_http_status, last_error"
    };
}

fn list(text: Option<String>) -> Result<Option<Vec<String>>, sqlx::Error> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

fn subscription_row(r: &sqlx::sqlite::SqliteRow) -> Result<EventSubscription, sqlx::Error> {
    Ok(EventSubscription {
        subscription: r.try_get("sub_key")?,
        name: r.try_get("name")?,
        endpoint_url: r.try_get("endpoint_url")?,
        secret: r.try_get("secret")?,
        filter: Filter {
            resource_group: r.try_get("rg_key")?,
            event_types: list(r.try_get("event_types")?)?,
            job_states: list(r.try_get("job_states")?)?,
        },
        max_attempts: r.try_get::<i64, _>("max_attempts")? as u32,
        ttl_minutes: r.try_get::<i64, _>("ttl_minutes")? as u32,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        cursor: r.try_get("cursor")?,
    })
}

fn delivery_row(r: &sqlx::sqlite::SqliteRow) -> Result<Delivery, sqlx::Error> {
    Ok(Delivery {
        id: r.try_get("id")?,
        subscription: r.try_get("sub_key")?,
        name_key: r.try_get("name_key")?,
        event_id: r.try_get("event_id")?,
        event_type: r.try_get("event_type")?,
        payload: r.try_get("payload")?,
        status: r.try_get("status")?,
        attempts: r.try_get::<i64, _>("attempts")? as u32,
        created_at: r.try_get("created_at")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_attempt_at: r.try_get("last_attempt_at")?,
        last_http_status: r.try_get::<Option<i64>, _>("last_http_status")?.map(|s| s as u16),
        last_error: r.try_get("last_error")?,
    })
}

fn json_list(list: Option<&Vec<String>>) -> Result<Option<String>, DbError> {
    Ok(list.map(serde_json::to_string).transpose()?)
}

impl Db {
    /// Creates or replaces an event subscription; `true` when it was created. A new one starts
    /// after the newest event of the log (it is told what happens from now on); a replaced one
    /// keeps its place and its deliveries.
    pub async fn put_event_subscription(&self, s: &EventSubscription) -> Result<bool, DbError> {
        let mut tx = self.writer.begin().await?;
        let existed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM event_subscriptions WHERE sub_key = ? AND name_key = ?",
        )
        .bind(&s.subscription)
        .bind(s.name.to_ascii_lowercase())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(concat!(
            "INSERT INTO event_subscriptions (",
            subscription_columns!(),
            ", name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ",
            "(SELECT COALESCE(MAX(id), 0) FROM events), ?11) ",
            "ON CONFLICT (sub_key, name_key) DO UPDATE SET name = ?2, endpoint_url = ?3, ",
            "secret = ?4, rg_key = ?5, event_types = ?6, job_states = ?7, max_attempts = ?8, ",
            "ttl_minutes = ?9, updated_at = ?10"
        ))
        .bind(&s.subscription)
        .bind(&s.name)
        .bind(&s.endpoint_url)
        .bind(&s.secret)
        .bind(&s.filter.resource_group)
        .bind(json_list(s.filter.event_types.as_ref())?)
        .bind(json_list(s.filter.job_states.as_ref())?)
        .bind(i64::from(s.max_attempts))
        .bind(i64::from(s.ttl_minutes))
        .bind(s.updated_at)
        .bind(s.name.to_ascii_lowercase())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(existed.is_none())
    }

    /// One event subscription.
    pub async fn event_subscription(
        &self,
        subscription: &str,
        name: &str,
    ) -> Result<Option<EventSubscription>, DbError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            subscription_columns!(),
            " FROM event_subscriptions WHERE sub_key = ? AND name_key = ?"
        ))
        .bind(subscription)
        .bind(name.to_ascii_lowercase())
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.as_ref().map(subscription_row).transpose()?)
    }

    /// A subscription's event subscriptions by name, or (`None`) every one.
    pub async fn event_subscriptions(
        &self,
        subscription: Option<&str>,
    ) -> Result<Vec<EventSubscription>, DbError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            subscription_columns!(),
            " FROM event_subscriptions WHERE ?1 IS NULL OR sub_key = ?1 ORDER BY sub_key, name_key"
        ))
        .bind(subscription)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.iter().map(subscription_row).collect::<Result<_, _>>()?)
    }

    /// Deletes an event subscription and its deliveries; `true` when there was one.
    pub async fn delete_event_subscription(
        &self,
        subscription: &str,
        name: &str,
    ) -> Result<bool, DbError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM deliveries WHERE sub_key = ? AND name_key = ?")
            .bind(subscription)
            .bind(name.to_ascii_lowercase())
            .execute(&mut *tx)
            .await?;
        let gone =
            sqlx::query("DELETE FROM event_subscriptions WHERE sub_key = ? AND name_key = ?")
                .bind(subscription)
                .bind(name.to_ascii_lowercase())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(gone > 0)
    }

    /// Queues `deliveries` for an event subscription and moves its cursor from `from` to `to`,
    /// in one transaction; `false` (nothing queued) when the cursor was no longer at `from`
    /// (the subscription was replaced or deleted meanwhile).
    pub async fn queue_deliveries(
        &self,
        subscription: &str,
        name: &str,
        from: i64,
        to: i64,
        now: i64,
        deliveries: &[NewDelivery],
    ) -> Result<bool, DbError> {
        let name_key = name.to_ascii_lowercase();
        let mut tx = self.writer.begin().await?;
        let moved = sqlx::query(
            "UPDATE event_subscriptions SET cursor = ? WHERE sub_key = ? AND name_key = ? \
             AND cursor = ?",
        )
        .bind(to)
        .bind(subscription)
        .bind(&name_key)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        for d in deliveries {
            sqlx::query(
                "INSERT INTO deliveries (sub_key, name_key, event_id, event_type, payload, \
                 status, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'Pending', ?, ?)",
            )
            .bind(subscription)
            .bind(&name_key)
            .bind(&d.event_id)
            .bind(&d.event_type)
            .bind(&d.payload)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Pending deliveries due at `now`, the longest waiting first, at most `limit`.
    pub async fn due_deliveries(&self, now: i64, limit: u32) -> Result<Vec<Delivery>, DbError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM deliveries WHERE status = 'Pending' AND next_attempt_at <= ? ",
            "ORDER BY next_attempt_at, id LIMIT ?"
        ))
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.iter().map(delivery_row).collect::<Result<_, _>>()?)
    }

    /// An event subscription's deliveries, newest first: at most `limit`, before `before`
    /// (a row id), only those with `status` when given.
    pub async fn deliveries(
        &self,
        subscription: &str,
        name: &str,
        status: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Delivery>, DbError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM deliveries WHERE sub_key = ?1 AND name_key = ?2 ",
            "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR id < ?4) ",
            "ORDER BY id DESC LIMIT ?5"
        ))
        .bind(subscription)
        .bind(name.to_ascii_lowercase())
        .bind(status)
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.iter().map(delivery_row).collect::<Result<_, _>>()?)
    }

    /// How an event subscription's deliveries stand.
    pub async fn delivery_counts(
        &self,
        subscription: &str,
        name: &str,
    ) -> Result<DeliveryCounts, DbError> {
        let name_key = name.to_ascii_lowercase();
        let row = sqlx::query(
            "SELECT COALESCE(SUM(status = 'Pending'), 0) AS pending, \
             COALESCE(SUM(status = 'Delivered'), 0) AS delivered, \
             COALESCE(SUM(status = 'DeadLettered'), 0) AS dead, \
             MAX(CASE WHEN status = 'Delivered' THEN last_attempt_at END) AS last_ok \
             FROM deliveries WHERE sub_key = ? AND name_key = ?",
        )
        .bind(subscription)
        .bind(&name_key)
        .fetch_one(&self.reader)
        .await?;
        let last_error: Option<Option<String>> = sqlx::query_scalar(
            "SELECT last_error FROM deliveries WHERE sub_key = ? AND name_key = ? \
             AND last_attempt_at IS NOT NULL ORDER BY last_attempt_at DESC, id DESC LIMIT 1",
        )
        .bind(subscription)
        .bind(&name_key)
        .fetch_optional(&self.reader)
        .await?;
        Ok(DeliveryCounts {
            pending: row.try_get::<i64, _>("pending")? as u64,
            delivered: row.try_get::<i64, _>("delivered")? as u64,
            dead_lettered: row.try_get::<i64, _>("dead")? as u64,
            last_delivered_at: row.try_get("last_ok")?,
            last_error: last_error.flatten(),
        })
    }

    /// Stores an attempt's outcome (`now` on the service's clock).
    pub async fn finish_attempt(
        &self,
        id: i64,
        now: i64,
        outcome: &AttemptOutcome,
    ) -> Result<(), DbError> {
        let (status, next, http_status, error) = match outcome {
            AttemptOutcome::Delivered { http_status } => {
                ("Delivered", None, Some(*http_status), None)
            }
            AttemptOutcome::Retry { next_attempt_at, http_status, error } => {
                ("Pending", Some(*next_attempt_at), *http_status, Some(error.as_str()))
            }
            AttemptOutcome::DeadLettered { http_status, error } => {
                ("DeadLettered", None, *http_status, Some(error.as_str()))
            }
        };
        sqlx::query(
            "UPDATE deliveries SET status = ?, attempts = attempts + 1, \
             next_attempt_at = COALESCE(?, next_attempt_at), last_attempt_at = ?, \
             last_http_status = ?, last_error = ? WHERE id = ? AND status = 'Pending'",
        )
        .bind(status)
        .bind(next)
        .bind(now)
        .bind(http_status.map(i64::from))
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Claims a due delivery for one attempt: moves its next attempt to `lease_until` (when an
    /// attempt cut short by a crash is tried again) and answers the attempts made so far, or
    /// `None` when it is no longer due (another attempt claimed it, or it was finished).
    pub async fn claim_delivery(
        &self,
        id: i64,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<u32>, DbError> {
        let attempts: Option<i64> = sqlx::query_scalar(
            "UPDATE deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'Pending' \
             AND next_attempt_at <= ? RETURNING attempts",
        )
        .bind(lease_until)
        .bind(id)
        .bind(now)
        .fetch_optional(&self.writer)
        .await?;
        Ok(attempts.map(|a| a as u32))
    }

    /// Gives up on a pending delivery without an attempt (its time to live ran out).
    pub async fn expire_delivery(&self, id: i64, now: i64, error: &str) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE deliveries SET status = 'DeadLettered', last_attempt_at = ?, last_error = ? \
             WHERE id = ? AND status = 'Pending'",
        )
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
