//! The activity log: one event per request outcome on a job — accepted changes (written by
//! `write_job` in the change's own transaction), refused requests (written here, after the
//! refusal changed nothing), the data center's moves and retention's removals — read back by
//! subscription, newest first.

use sqlx::{Row, SqliteConnection};
use waybill_rules::wire::JobAddress;
use waybill_rules::{JobSnapshot, Timestamp};

use super::{Db, DbError};
use crate::activity;

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Increasing with time: the paging key.
    pub id: i64,
    /// When, on the service's clock (seconds).
    pub at: i64,
    /// The subscription as ARM compares it (lowercase).
    pub subscription: String,
    /// The resource group as written (its key for events older than names).
    pub resource_group: String,
    /// The job's name as written (likewise).
    pub job: String,
    /// `create`, `update`, `cancel`, `ship`, `delete`, `advance`, `retention`,
    /// `listBitLockerKeys`, ...
    pub action: String,
    /// The state before, when there was a job.
    pub state_before: Option<String>,
    /// The state after, when there still is one.
    pub state_after: Option<String>,
    /// Whether a cancellation was requested before.
    pub cancel_before: Option<bool>,
    /// And after.
    pub cancel_after: Option<bool>,
    /// Who: the token's name, or the service itself.
    pub caller: String,
    /// The request's id, when a request did it.
    pub correlation_id: Option<String>,
    /// The request's HTTP method, when a request did it.
    pub method: Option<String>,
    /// `Succeeded` or `Failed`.
    pub status: String,
    /// The ARM error code of a refusal.
    pub code: Option<String>,
    /// The HTTP status answered, when a request did it.
    pub http_status: Option<u16>,
}

/// The columns [`event_row`] reads (names as written, keys for events older than names).
macro_rules! event_columns {
    () => {
        "id, at, sub_key, COALESCE(rg_name, rg_key) AS rg, COALESCE(job_name, name_key) AS job, \
         action, state_before, state_after, cancel_before, cancel_after, caller, correlation_id, \
         method, status, code, http_status"
    };
}

/// Where to read changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeScope<'a> {
    /// Every subscription.
    All,
    /// One subscription (lowercase), and optionally one of its resource groups (lowercase).
    Subscription(&'a str, Option<&'a str>),
}

impl EventRow {
    /// The job the event is about (its names as the request wrote them).
    pub fn address(&self) -> JobAddress {
        JobAddress {
            subscription: self.subscription.clone(),
            resource_group: self.resource_group.clone(),
            name: self.job.clone(),
        }
    }
}

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// The subscription (lowercase).
    pub subscription: String,
    /// From this time (seconds, inclusive).
    pub from: i64,
    /// Up to this time (seconds, inclusive).
    pub to: i64,
    /// Only this resource group (lowercase).
    pub resource_group: Option<String>,
    /// Only this job of that group (lowercase).
    pub job: Option<String>,
    /// Only this correlation id.
    pub correlation_id: Option<String>,
    /// Only events older than this id (the previous page's last).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

/// An accepted change's event, in the change's transaction: who and which request come from
/// the request's context (`activity::actor`).
pub(super) async fn record_change(
    tx: &mut SqliteConnection,
    address: &JobAddress,
    now: Timestamp,
    action: &'static str,
    before: Option<&JobSnapshot>,
    after: Option<&JobSnapshot>,
) -> Result<(), DbError> {
    let (sub, rg, name) = address.identity();
    let actor = activity::actor();
    sqlx::query(
        "INSERT INTO events (at, sub_key, rg_key, name_key, action, state_before, state_after, \
         cancel_before, cancel_after, rg_name, job_name, caller, correlation_id, method, status, \
         http_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Succeeded', ?)",
    )
    .bind(now.0)
    .bind(sub)
    .bind(rg)
    .bind(name)
    .bind(action)
    .bind(before.map(|s| s.state.as_str()))
    .bind(after.map(|s| s.state.as_str()))
    .bind(before.map(|s| s.cancel_requested))
    .bind(after.map(|s| s.cancel_requested))
    .bind(&address.resource_group)
    .bind(&address.name)
    .bind(&actor.caller)
    .bind(&actor.correlation_id)
    .bind(actor.method.as_deref())
    .bind(actor.correlation_id.as_ref().map(|_| success_status(before, after)))
    .execute(tx)
    .await?;
    Ok(())
}

/// The status a request that made this change was answered with: 201 for a new job.
fn success_status(before: Option<&JobSnapshot>, after: Option<&JobSnapshot>) -> u16 {
    if before.is_none() && after.is_some() { 201 } else { 200 }
}

/// A request's outcome on a job with no change of its own to commit with: a refusal
/// (`Failed`, its code and status) or an accepted read-like action (`listBitLockerKeys`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// What was asked.
    pub action: &'a str,
    /// `Succeeded` or `Failed`.
    pub status: &'a str,
    /// The ARM code of a refusal.
    pub code: Option<&'a str>,
    /// The HTTP status answered.
    pub http_status: u16,
}

impl Db {
    /// Records a request's outcome that changed nothing (see [`Outcome`]), with the job's
    /// state as it is now.
    pub async fn record_outcome(
        &self,
        address: &JobAddress,
        now: Timestamp,
        outcome: Outcome<'_>,
    ) -> Result<(), DbError> {
        let (sub, rg, name) = address.identity();
        let actor = activity::actor();
        sqlx::query(
            "INSERT INTO events (at, sub_key, rg_key, name_key, action, state_before, \
             state_after, cancel_before, cancel_after, rg_name, job_name, caller, \
             correlation_id, method, status, code, http_status) \
             SELECT ?1, ?2, ?3, ?4, ?5, j.state, j.state, j.cancel_requested, j.cancel_requested, \
             ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13 \
             FROM (SELECT 1) LEFT JOIN jobs j ON j.sub_key = ?2 AND j.rg_key = ?3 AND j.name_key = ?4",
        )
        .bind(now.0)
        .bind(&sub)
        .bind(&rg)
        .bind(&name)
        .bind(outcome.action)
        .bind(&address.resource_group)
        .bind(&address.name)
        .bind(&actor.caller)
        .bind(&actor.correlation_id)
        .bind(actor.method.as_deref())
        .bind(outcome.status)
        .bind(outcome.code)
        .bind(outcome.http_status)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The id of the newest event (0 when there is none): where a new live stream starts.
    pub async fn last_event_id(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events")
            .fetch_one(&self.reader)
            .await?)
    }

    /// The changes (accepted, `Succeeded`, BitLocker key reads left out) after event `after`,
    /// oldest first, at most `limit`: in `Scope::Subscription` (lowercase), optionally one of
    /// its resource groups (lowercase), or in every subscription. What a live stream, the
    /// streams' hub and the webhook dispatcher read next.
    pub async fn changes_after(
        &self,
        scope: ChangeScope<'_>,
        after: i64,
        limit: u32,
    ) -> Result<Vec<EventRow>, DbError> {
        let (subscription, resource_group) = match scope {
            ChangeScope::All => (None, None),
            ChangeScope::Subscription(sub, rg) => (Some(sub), rg),
        };
        let rows = sqlx::query(concat!(
            "SELECT ",
            event_columns!(),
            " FROM events WHERE id > ?2 AND (?1 IS NULL OR sub_key = ?1) ",
            "AND (?3 IS NULL OR rg_key = ?3) AND status = 'Succeeded' ",
            "AND action <> 'listBitLockerKeys' ORDER BY id LIMIT ?4"
        ))
        .bind(subscription)
        .bind(after)
        .bind(resource_group)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(event_row).collect::<Result<_, sqlx::Error>>().map_err(DbError::from)
    }

    /// A page of a subscription's events, newest first.
    pub async fn events(&self, query: &EventQuery) -> Result<Vec<EventRow>, DbError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            event_columns!(),
            " FROM events WHERE sub_key = ?1 AND at >= ?2 AND at <= ?3 ",
            "AND (?4 IS NULL OR rg_key = ?4) AND (?5 IS NULL OR name_key = ?5) ",
            "AND (?6 IS NULL OR correlation_id = ?6) AND (?7 IS NULL OR id < ?7) ",
            "ORDER BY id DESC LIMIT ?8"
        ))
        .bind(&query.subscription)
        .bind(query.from)
        .bind(query.to)
        .bind(&query.resource_group)
        .bind(&query.job)
        .bind(&query.correlation_id)
        .bind(query.before_id)
        .bind(i64::from(query.limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(event_row).collect::<Result<_, sqlx::Error>>().map_err(DbError::from)
    }
}

fn event_row(r: &sqlx::sqlite::SqliteRow) -> Result<EventRow, sqlx::Error> {
    Ok(EventRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        subscription: r.try_get("sub_key")?,
        resource_group: r.try_get("rg")?,
        job: r.try_get("job")?,
        action: r.try_get("action")?,
        state_before: r.try_get("state_before")?,
        state_after: r.try_get("state_after")?,
        cancel_before: r.try_get("cancel_before")?,
        cancel_after: r.try_get("cancel_after")?,
        caller: r
            .try_get::<Option<String>, _>("caller")?
            .unwrap_or_else(|| activity::SERVICE_CALLER.to_owned()),
        correlation_id: r.try_get("correlation_id")?,
        method: r.try_get("method")?,
        status: r.try_get("status")?,
        code: r.try_get("code")?,
        http_status: r.try_get::<Option<i64>, _>("http_status")?.map(|s| s as u16),
    })
}
