//! Jobs: read one, list a page, and change one inside a serialised transaction.

use bytes::Bytes;
use futures_util::TryStreamExt;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, JobState, Policy, Timestamp, removal_date};

use super::Db;
use super::cache::{DocKey, PageKey};
use crate::error::ApiError;
use crate::filter::JobFilter;

/// A job's address: subscription, resource group, name (as the client wrote them; matching
/// is case-insensitive, as in ARM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobKey {
    /// Subscription id.
    pub subscription: String,
    /// Resource group name.
    pub resource_group: String,
    /// Job name.
    pub name: String,
}

impl JobKey {
    fn keys(&self) -> (String, String, String) {
        (
            self.subscription.to_ascii_lowercase(),
            self.resource_group.to_lowercase(),
            self.name.to_ascii_lowercase(),
        )
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredJob {
    /// Creation order.
    pub seq: i64,
    /// The document.
    pub job: JobResponse,
}

/// What a write does to the job.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Nothing (an accepted no-op, such as a repeated cancel).
    Keep,
    /// Stores this document (creating the job when it does not exist).
    Put(Box<JobResponse>),
    /// Deletes the job.
    Delete,
}

/// Which jobs a list covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListScope {
    /// Every job of a subscription.
    Subscription(String),
    /// Every job of a resource group.
    ResourceGroup(String, String),
}

/// One page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The jobs covered.
    pub scope: ListScope,
    /// `$filter`.
    pub filter: JobFilter,
    /// Only jobs created after this `seq` (keyset paging).
    pub after: Option<i64>,
    /// At most this many jobs.
    pub limit: u32,
}

/// What is stored for a job: its public document (`body`) and its drives' keys apart.
fn split_for_storage(job: &JobResponse) -> Result<(String, String), ApiError> {
    let keys = crate::model::bitlocker_keys(job);
    Ok((
        serde_json::to_string(&crate::model::public_view(job.clone()))?,
        serde_json::to_string(&keys.value)?,
    ))
}

/// The public document of a row as text: `body` itself, or for a row from before the keys
/// moved out (`drive_keys` NULL) the document without its keys.
fn public_json(row: &SqliteRow) -> Result<String, ApiError> {
    let body: String = row.try_get("body")?;
    if row.try_get::<bool, _>("split")? {
        return Ok(body);
    }
    let job: JobResponse = serde_json::from_str(&body)?;
    Ok(serde_json::to_string(&crate::model::public_view(job))?)
}

/// The whole job of a row: the public document with its drives' keys put back.
fn stored(row: &SqliteRow) -> Result<StoredJob, ApiError> {
    let mut job: JobResponse = serde_json::from_str(&row.try_get::<String, _>("body")?)?;
    if let Some(keys) = row.try_get::<Option<String>, _>("drive_keys")? {
        let keys: Vec<waybill_rules::wire::DriveBitLockerKey> = serde_json::from_str(&keys)?;
        crate::model::restore_bitlocker_keys(&mut job, keys);
    }
    Ok(StoredJob { seq: row.try_get("seq")?, job })
}

/// A cancellation waits for the data center: requested, and the job has not ended.
fn cancel_pending(job: &JobSnapshot) -> bool {
    job.cancel_requested && !job.state.is_final()
}

fn type_text(job: &JobResponse) -> &'static str {
    job.properties.as_ref().and_then(|p| p.job_type.as_ref()?.known()).map_or("", |t| t.as_str())
}

impl Db {
    /// The job at `key`, unless it does not exist or retention has removed it.
    pub async fn get_job(
        &self,
        key: &JobKey,
        now: Timestamp,
    ) -> Result<Option<StoredJob>, ApiError> {
        let (sub, rg, name) = key.keys();
        let row = sqlx::query(
            "SELECT seq, body, drive_keys FROM jobs WHERE sub_key = ? AND rg_key = ? \
             AND name_key = ? AND (removal_at IS NULL OR removal_at > ?)",
        )
        .bind(sub)
        .bind(rg)
        .bind(name)
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(stored).transpose()
    }

    /// The job at `key` as clients see it: its stored public JSON text (no parse, no
    /// serialisation; from the read cache when it holds it), unless it does not exist or
    /// retention has removed it.
    pub async fn get_job_json(
        &self,
        key: &JobKey,
        now: Timestamp,
    ) -> Result<Option<Bytes>, ApiError> {
        let keys: DocKey = key.keys();
        let look = self.cache.look_doc(&keys);
        if let Some(body) = self.cache.docs.get(look, &keys, now) {
            return Ok(Some(body));
        }
        let row = sqlx::query(
            "SELECT body, drive_keys IS NOT NULL AS split, removal_at FROM jobs WHERE sub_key = ? \
             AND rg_key = ? AND name_key = ? AND (removal_at IS NULL OR removal_at > ?)",
        )
        .bind(&keys.0)
        .bind(&keys.1)
        .bind(&keys.2)
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let body = Bytes::from(public_json(&row)?);
        self.cache.docs.keep(look, keys, row.try_get("removal_at")?, body.clone());
        Ok(Some(body))
    }

    /// The answer to a list request: `render` turns one page of jobs in creation order (each
    /// job's `seq` and stored public JSON text) into the answer's text. From the read cache when
    /// it holds the answer for the same query and `context`, which must name everything else
    /// `render` depends on (such as the words of the page's links).
    pub async fn list_page(
        &self,
        query: &ListQuery,
        now: Timestamp,
        context: String,
        render: impl FnOnce(Vec<(i64, String)>) -> Result<String, ApiError>,
    ) -> Result<Bytes, ApiError> {
        let (sub, rg) = match &query.scope {
            ListScope::Subscription(sub) => (sub.to_ascii_lowercase(), None),
            ListScope::ResourceGroup(sub, rg) => {
                (sub.to_ascii_lowercase(), Some(rg.to_lowercase()))
            }
        };
        let key = PageKey {
            sub,
            rg,
            state: query.filter.state.map(|s| s.as_str()),
            job_type: query.filter.job_type.map(|t| t.as_str()),
            after: query.after,
            limit: query.limit,
            context,
        };
        let look = self.cache.look_sub(&key.sub);
        if let Some(body) = self.cache.pages.get(look, &key, now) {
            return Ok(body);
        }
        let (rows, removal_at) = self.list_rows(query, now).await?;
        let body = Bytes::from(render(rows)?);
        self.cache.pages.keep(look, key, removal_at, body.clone());
        Ok(body)
    }

    /// One page of jobs in creation order, through the indexes (no scan of skipped rows):
    /// each job's `seq` and its stored public JSON text, and the earliest retention end among
    /// them.
    async fn list_rows(
        &self,
        query: &ListQuery,
        now: Timestamp,
    ) -> Result<(Vec<(i64, String)>, Option<i64>), ApiError> {
        if query.filter.matches_nothing || query.limit == 0 {
            return Ok((Vec::new(), None));
        }
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT seq, body, drive_keys IS NOT NULL AS split, removal_at FROM jobs WHERE ",
        );
        match &query.scope {
            ListScope::Subscription(sub) => {
                sql.push("sub_key = ").push_bind(sub.to_ascii_lowercase());
            }
            ListScope::ResourceGroup(sub, rg) => {
                sql.push("sub_key = ").push_bind(sub.to_ascii_lowercase());
                sql.push(" AND rg_key = ").push_bind(rg.to_lowercase());
            }
        }
        if let Some(state) = query.filter.state {
            sql.push(" AND state = ").push_bind(state.as_str());
        }
        if let Some(job_type) = query.filter.job_type {
            sql.push(" AND job_type = ").push_bind(job_type.as_str());
        }
        if let Some(after) = query.after {
            sql.push(" AND seq > ").push_bind(after);
        }
        sql.push(" AND (removal_at IS NULL OR removal_at > ").push_bind(now.0).push(")");
        sql.push(" ORDER BY seq LIMIT ").push_bind(i64::from(query.limit));
        // Row by row: each row's SQLite copy is freed before the next arrives.
        let mut rows = sql.build().fetch(&self.reader);
        let mut removal_at: Option<i64> = None;
        let mut jobs = Vec::with_capacity(query.limit as usize);
        while let Some(row) = rows.try_next().await? {
            if let Some(at) = row.try_get::<Option<i64>, _>("removal_at")? {
                removal_at = Some(removal_at.map_or(at, |earliest| earliest.min(at)));
            }
            jobs.push((row.try_get("seq")?, public_json(&row)?));
        }
        Ok((jobs, removal_at))
    }

    /// Changes the job at `key` alone: reads it, lets `decide` (which applies the rules) say
    /// what to do, stores the result and an event, and commits. When `decide` fails, nothing
    /// is written. Jobs whose retention ended count as absent.
    pub async fn write_job<T>(
        &self,
        key: &JobKey,
        now: Timestamp,
        policy: &Policy,
        action: &'static str,
        decide: impl FnOnce(Option<&StoredJob>) -> Result<(Change, T), ApiError>,
    ) -> Result<T, ApiError> {
        let keys: DocKey = key.keys();
        let (sub, rg, name) = (&keys.0, &keys.1, &keys.2);
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "SELECT seq, body, drive_keys, removal_at FROM jobs WHERE sub_key = ? AND rg_key = ? \
             AND name_key = ?",
        )
        .bind(sub)
        .bind(rg)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        // From here until the mark is dropped (after the commit, or on any way out) readers of
        // this job and its subscription bypass the read cache, and its entries end.
        let mark = self.cache.writing_job(&keys);
        let mut existing = row.as_ref().map(stored).transpose()?;
        let expired = match &row {
            Some(row) => row.try_get::<Option<i64>, _>("removal_at")?.is_some_and(|at| at <= now.0),
            None => false,
        };
        if expired && let Some(old) = existing.take() {
            delete_row(&mut tx, old.seq).await?;
        }
        let (change, out) = decide(existing.as_ref())?;
        let before = existing.as_ref().map(|s| JobSnapshot::of(&s.job)).transpose()?;
        let after = match &change {
            Change::Keep => {
                let out = finish(tx, out, expired).await?;
                if !expired {
                    mark.unchanged();
                }
                return Ok(out);
            }
            Change::Put(job) => {
                let snapshot = JobSnapshot::of(job)?;
                let removal = removal_date(policy, &snapshot).map(|t| t.0);
                let (body, keys) = split_for_storage(job)?;
                match &existing {
                    Some(old) => {
                        sqlx::query(
                            "UPDATE jobs SET state = ?, job_type = ?, cancel_requested = ?, \
                             cancel_pending_since = CASE WHEN ? THEN \
                             COALESCE(cancel_pending_since, ?) END, \
                             removal_at = ?, version = version + 1, body = ?, drive_keys = ? \
                             WHERE seq = ?",
                        )
                        .bind(snapshot.state.as_str())
                        .bind(type_text(job))
                        .bind(snapshot.cancel_requested)
                        .bind(cancel_pending(&snapshot))
                        .bind(now.0)
                        .bind(removal)
                        .bind(&body)
                        .bind(&keys)
                        .bind(old.seq)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => {
                        sqlx::query(
                            "INSERT INTO jobs (sub_key, rg_key, rg_name, name_key, state, job_type, \
                             cancel_requested, cancel_pending_since, removal_at, version, body, \
                             drive_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                        )
                        .bind(sub)
                        .bind(rg)
                        .bind(&key.resource_group)
                        .bind(name)
                        .bind(snapshot.state.as_str())
                        .bind(type_text(job))
                        .bind(snapshot.cancel_requested)
                        .bind(cancel_pending(&snapshot).then_some(now.0))
                        .bind(removal)
                        .bind(&body)
                        .bind(&keys)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Some(snapshot)
            }
            Change::Delete => {
                if let Some(old) = &existing {
                    delete_row(&mut tx, old.seq).await?;
                }
                None
            }
        };
        sqlx::query(
            "INSERT INTO events (at, sub_key, rg_key, name_key, action, state_before, state_after, \
             cancel_before, cancel_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        drop(mark);
        Ok(out)
    }

    /// Stores many new jobs in one transaction (demo data, benchmarks). Existing names are
    /// left alone.
    pub async fn insert_jobs(
        &self,
        jobs: &[(JobKey, JobResponse)],
        policy: &Policy,
        now: Timestamp,
    ) -> Result<u64, ApiError> {
        let mut tx = self.writer.begin().await?;
        let mark = self.cache.writing_all();
        let mut inserted = 0;
        for (key, job) in jobs {
            let (sub, rg, name) = key.keys();
            let snapshot = JobSnapshot::of(job)?;
            let removal = removal_date(policy, &snapshot).map(|t| t.0);
            let (body, keys) = split_for_storage(job)?;
            inserted += sqlx::query(
                "INSERT OR IGNORE INTO jobs (sub_key, rg_key, rg_name, name_key, state, job_type, \
                 cancel_requested, cancel_pending_since, removal_at, version, body, drive_keys) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            )
            .bind(sub)
            .bind(rg)
            .bind(&key.resource_group)
            .bind(name)
            .bind(snapshot.state.as_str())
            .bind(type_text(job))
            .bind(snapshot.cancel_requested)
            .bind(cancel_pending(&snapshot).then_some(now.0))
            .bind(removal)
            .bind(body)
            .bind(keys)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        if inserted == 0 {
            mark.unchanged();
        }
        Ok(inserted)
    }

    /// Deletes every job whose retention ended; returns how many.
    /// Audit entries (`events`) older than `keep_events_days` go too, so the log stays bounded.
    pub async fn sweep(&self, now: Timestamp, keep_events_days: u32) -> Result<u64, ApiError> {
        let mut tx = self.writer.begin().await?;
        let mark = self.cache.writing_all();
        sqlx::query(
            "INSERT INTO events (at, sub_key, rg_key, name_key, action, state_before) \
             SELECT ?, sub_key, rg_key, name_key, 'retention', state FROM jobs \
             WHERE removal_at IS NOT NULL AND removal_at <= ?",
        )
        .bind(now.0)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let removed =
            sqlx::query("DELETE FROM jobs WHERE removal_at IS NOT NULL AND removal_at <= ?")
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query("DELETE FROM events WHERE at < ?")
            .bind(now.plus_days(-i64::from(keep_events_days)).0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if removed == 0 {
            mark.unchanged();
        }
        Ok(removed)
    }

    /// The subscriptions that hold jobs.
    pub async fn subscriptions(&self) -> Result<Vec<String>, ApiError> {
        Ok(sqlx::query_scalar("SELECT DISTINCT sub_key FROM jobs ORDER BY sub_key")
            .fetch_all(&self.reader)
            .await?)
    }

    /// The resource groups of `subscription` that hold jobs.
    pub async fn resource_groups(&self, subscription: &str) -> Result<Vec<String>, ApiError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(rg_name) FROM jobs WHERE sub_key = ? GROUP BY rg_key ORDER BY rg_key",
        )
        .bind(subscription.to_ascii_lowercase())
        .fetch_all(&self.reader)
        .await?)
    }

    /// How many jobs are stored.
    pub async fn count_jobs(&self) -> Result<i64, ApiError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs").fetch_one(&self.reader).await?)
    }

    /// The jobs whose (state, cancel requested) is one of `movable` (the pairs the rules let the
    /// data center move; the caller asks the rules), oldest first, for the automatic mode.
    pub async fn jobs_to_move(
        &self,
        movable: &[(JobState, bool)],
        limit: u32,
    ) -> Result<Vec<JobKey>, ApiError> {
        if movable.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT sub_key, rg_name, json_extract(body, '$.name') AS name FROM jobs WHERE ",
        );
        for (i, (state, cancel)) in movable.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { " OR (" });
            sql.push("state = ").push_bind(state.as_str());
            sql.push(" AND cancel_requested = ").push_bind(*cancel).push(")");
        }
        sql.push(" ORDER BY seq LIMIT ").push_bind(i64::from(limit));
        job_keys(&sql.build().fetch_all(&self.reader).await?)
    }

    /// The jobs whose cancellation has been pending since `cutoff` or earlier and whose state is
    /// one of `states` (those in which the rules let the data center carry a cancellation out;
    /// the caller asks the rules), oldest request first.
    pub async fn cancellations_due(
        &self,
        states: &[JobState],
        cutoff: Timestamp,
        limit: u32,
    ) -> Result<Vec<JobKey>, ApiError> {
        if states.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT sub_key, rg_name, json_extract(body, '$.name') AS name FROM jobs \
             WHERE cancel_pending_since IS NOT NULL AND cancel_pending_since <= ",
        );
        sql.push_bind(cutoff.0).push(" AND state IN (");
        let mut list = sql.separated(", ");
        for state in states {
            list.push_bind(state.as_str());
        }
        sql.push(") ORDER BY cancel_pending_since, seq LIMIT ").push_bind(i64::from(limit));
        job_keys(&sql.build().fetch_all(&self.reader).await?)
    }
}

/// The addresses of rows selected as `sub_key, rg_name, name`.
fn job_keys(rows: &[SqliteRow]) -> Result<Vec<JobKey>, ApiError> {
    rows.iter()
        .map(|row| {
            Ok(JobKey {
                subscription: row.try_get("sub_key")?,
                resource_group: row.try_get("rg_name")?,
                name: row.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
            })
        })
        .collect()
}

async fn delete_row(tx: &mut SqliteConnection, seq: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM jobs WHERE seq = ?").bind(seq).execute(tx).await?;
    Ok(())
}

async fn finish<T>(
    tx: sqlx::Transaction<'_, Sqlite>,
    out: T,
    changed: bool,
) -> Result<T, ApiError> {
    if changed {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(out)
}
