//! Jobs: read one, list a page, and change one inside a serialised transaction.

use bytes::Bytes;
use futures_util::TryStreamExt;
use sqlx::sqlite::SqliteRow;
use sqlx::{Acquire, QueryBuilder, Row, Sqlite, SqliteConnection};
use waybill_rules::wire::{DriveBitLockerKey, JobAddress, JobResponse};
use waybill_rules::{JobSnapshot, JobState, Policy, Timestamp, removal_date};

use super::Db;
use super::DbError;
use super::cache::{DocKey, PageKey, TaggedPage};
use crate::filter::JobFilter;

/// The activity log's retention events for the jobs a `WHERE` clause then selects (`?1` the
/// time, `?2` the caller): a macro, so the statement stays one static string.
macro_rules! retention_events {
    () => {
        "INSERT INTO events (at, sub_key, rg_key, name_key, action, state_before, cancel_before, \
         rg_name, job_name, caller) SELECT ?1, sub_key, rg_key, name_key, 'retention', state, \
         cancel_requested, rg_name, json_extract(body, '$.name'), ?2 FROM jobs"
    };
}

/// A job of a list page: its creation order and its stored public JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRow {
    /// Creation order (the page's keyset).
    pub seq: i64,
    /// The public document as stored.
    pub json: String,
}

/// A job to store as it is, at its address (demo data, benchmarks).
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Where the job is stored.
    pub address: JobAddress,
    /// The whole document, drives' keys included (stored apart).
    pub job: JobResponse,
}

/// What a write's decision does and what it answers.
#[derive(Debug)]
pub struct Decision<T> {
    /// What happens to the stored job.
    pub change: Change,
    /// What the write returns to its caller.
    pub answer: T,
}

impl<T> Decision<T> {
    /// Stores nothing and answers `answer`.
    pub fn keep(answer: T) -> Self {
        Decision { change: Change::Keep, answer }
    }

    /// Stores `job` and answers `answer`.
    pub fn put(job: JobResponse, answer: T) -> Self {
        Decision { change: Change::Put(Box::new(job)), answer }
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
    /// The `$filter` conditions the jobs must meet.
    pub filter: JobFilter,
    /// Only jobs created after this `seq` (keyset paging).
    pub after: Option<i64>,
    /// At most this many jobs.
    pub limit: u32,
}

/// What is stored for a job: its public document (`body`) and its drives' keys apart.
fn split_for_storage(job: &JobResponse) -> Result<(String, String), DbError> {
    let keys = crate::model::bitlocker_keys(job);
    Ok((
        serde_json::to_string(&crate::model::public_view(job.clone()))?,
        serde_json::to_string(&keys.value)?,
    ))
}

/// The public document of a row as text: `body` itself, or for a row from before the keys
/// moved out (`drive_keys` NULL) the document without its keys.
fn public_json(row: &SqliteRow) -> Result<String, DbError> {
    let body: String = row.try_get("body")?;
    if row.try_get::<bool, _>("split")? {
        return Ok(body);
    }
    let job: JobResponse = serde_json::from_str(&body)?;
    Ok(serde_json::to_string(&crate::model::public_view(job))?)
}

/// The whole job of a row: the public document with its drives' keys put back.
fn stored(row: &SqliteRow) -> Result<StoredJob, DbError> {
    let mut job: JobResponse = serde_json::from_str(&row.try_get::<String, _>("body")?)?;
    if let Some(keys) = row.try_get::<Option<String>, _>("drive_keys")? {
        let keys: Vec<DriveBitLockerKey> = serde_json::from_str(&keys)?;
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
        address: &JobAddress,
        now: Timestamp,
    ) -> Result<Option<StoredJob>, DbError> {
        let (sub, rg, name) = address.identity();
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
        address: &JobAddress,
        now: Timestamp,
    ) -> Result<Option<Bytes>, DbError> {
        let keys: DocKey = address.identity();
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
    pub async fn list_page<E: From<DbError>>(
        &self,
        query: &ListQuery,
        now: Timestamp,
        context: String,
        render: impl FnOnce(Vec<PageRow>) -> Result<String, E>,
    ) -> Result<TaggedPage, E> {
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
        let page = TaggedPage::new(Bytes::from(render(rows)?));
        self.cache.pages.keep(look, key, removal_at, page.clone());
        Ok(page)
    }

    /// One page of jobs in creation order, through the indexes (no scan of skipped rows):
    /// each job's `seq` and its stored public JSON text, and the earliest retention end among
    /// them.
    async fn list_rows(
        &self,
        query: &ListQuery,
        now: Timestamp,
    ) -> Result<(Vec<PageRow>, Option<i64>), DbError> {
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
            jobs.push(PageRow { seq: row.try_get("seq")?, json: public_json(&row)? });
        }
        Ok((jobs, removal_at))
    }

    /// Changes the job at `address` alone: reads it (a job whose retention ended counts as
    /// absent, and goes), lets `decide` (which applies the rules) say what to do, stores the
    /// result and an event, all in one savepoint of the writer's batch (`db/batch.rs`), and
    /// answers once the batch is committed. When `decide` fails, nothing is written.
    pub async fn write_job<T, E: From<DbError>>(
        &self,
        address: &JobAddress,
        now: Timestamp,
        policy: &Policy,
        action: &'static str,
        decide: impl FnOnce(Option<&StoredJob>) -> Result<Decision<T>, E>,
    ) -> Result<T, E> {
        let identity: DocKey = address.identity();
        let mut turn = self.batcher.turn().await;
        // From here until the mark is dropped (after the commit, or on any way out) readers of
        // this job and its subscription bypass the read cache, and its entries end.
        let mark = self.cache.writing_job(&identity);
        let step = async {
            let tx = turn.tx(&self.writer).await?;
            let mut savepoint = tx.begin().await?;
            let outcome =
                change_job(&mut savepoint, address, &identity, now, policy, action, decide).await;
            match &outcome {
                Ok(Written { changed: true, .. }) => savepoint.commit().await?,
                _ => savepoint.rollback().await?,
            }
            Ok::<_, DbError>(outcome)
        }
        .await;
        let outcome = match step {
            Ok(outcome) => outcome,
            Err(e) => {
                // The batch's transaction failed: none of it is stored.
                turn.abort(&e).await;
                return Err(e.into());
            }
        };
        let (changed, logged) = match &outcome {
            Ok(Written { changed, logged, .. }) => (*changed, *logged),
            Err(_) => (false, false),
        };
        let hear = turn.join(logged, mark.changed(changed)).await;
        super::batch::committed(&self.batcher, hear).await?;
        match outcome {
            Ok(Written { answer, .. }) => Ok(answer),
            Err(Refusal::Rules(e)) => Err(e),
            Err(Refusal::Db(e)) => Err(e.into()),
        }
    }

    /// Stores many new jobs in one transaction (demo data, benchmarks). Existing names are
    /// left alone.
    pub async fn insert_jobs(
        &self,
        jobs: &[NewJob],
        policy: &Policy,
        now: Timestamp,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer.begin().await?;
        let mark = self.cache.writing_all();
        let mut inserted = 0;
        for NewJob { address, job } in jobs {
            let row = JobRow::of(job, policy, now)?;
            inserted +=
                insert_row(&mut tx, address, &address.identity(), &row, WhenTaken::Skip).await?;
        }
        tx.commit().await?;
        if inserted == 0 {
            mark.unchanged();
        }
        Ok(inserted)
    }

    /// Deletes every job whose retention ended; returns how many.
    /// Each removal is an event of the activity log, the service's own.
    /// Audit entries (`events`) older than `keep_events_days` go too, so the log stays bounded.
    pub async fn sweep(&self, now: Timestamp, keep_events_days: u32) -> Result<u64, DbError> {
        let mut tx = self.writer.begin().await?;
        let mark = self.cache.writing_all();
        sqlx::query(concat!(
            retention_events!(),
            " WHERE removal_at IS NOT NULL AND removal_at <= ?1"
        ))
        .bind(now.0)
        .bind(crate::activity::SERVICE_CALLER)
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
        // Webhook deliveries done with (delivered or dead-lettered) go with the log they came from.
        sqlx::query("DELETE FROM deliveries WHERE status <> 'Pending' AND created_at < ?")
            .bind(now.plus_days(-i64::from(keep_events_days)).0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if removed == 0 {
            mark.unchanged();
        } else {
            self.changed();
        }
        Ok(removed)
    }

    /// The subscriptions that hold jobs.
    pub async fn subscriptions(&self) -> Result<Vec<String>, DbError> {
        Ok(sqlx::query_scalar("SELECT DISTINCT sub_key FROM jobs ORDER BY sub_key")
            .fetch_all(&self.reader)
            .await?)
    }

    /// The resource groups of `subscription` that hold jobs.
    pub async fn resource_groups(&self, subscription: &str) -> Result<Vec<String>, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(rg_name) FROM jobs WHERE sub_key = ? GROUP BY rg_key ORDER BY rg_key",
        )
        .bind(subscription.to_ascii_lowercase())
        .fetch_all(&self.reader)
        .await?)
    }

    /// How many jobs are stored.
    pub async fn count_jobs(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs").fetch_one(&self.reader).await?)
    }

    /// The jobs whose (state, cancel requested) is one of `movable` (the pairs the rules let the
    /// data center move; the caller asks the rules), oldest first, for the automatic mode.
    pub async fn jobs_to_move(
        &self,
        movable: &[(JobState, bool)],
        limit: u32,
    ) -> Result<Vec<JobAddress>, DbError> {
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
        job_addresses(&sql.build().fetch_all(&self.reader).await?)
    }

    /// The jobs whose cancellation has been pending since `cutoff` or earlier and whose state is
    /// one of `states` (those in which the rules let the data center carry a cancellation out;
    /// the caller asks the rules), oldest request first.
    pub async fn cancellations_due(
        &self,
        states: &[JobState],
        cutoff: Timestamp,
        limit: u32,
    ) -> Result<Vec<JobAddress>, DbError> {
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
        job_addresses(&sql.build().fetch_all(&self.reader).await?)
    }
}

/// The addresses of rows selected as `sub_key, rg_name, name`.
fn job_addresses(rows: &[SqliteRow]) -> Result<Vec<JobAddress>, DbError> {
    rows.iter()
        .map(|row| {
            Ok(JobAddress {
                subscription: row.try_get("sub_key")?,
                resource_group: row.try_get("rg_name")?,
                name: row.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// A job as [`Db::write_job`] found it.
struct Current {
    /// The job, unless there is none or its retention ended.
    job: Option<StoredJob>,
    /// True when a job whose retention ended was there and has been deleted.
    removed_expired: bool,
}

/// What one write did: its answer, whether it changed anything, whether it logged an event.
struct Written<T> {
    answer: T,
    changed: bool,
    logged: bool,
}

/// Why a write changed nothing: the rules refused (`decide`'s error), or the database failed.
enum Refusal<E> {
    Rules(E),
    Db(DbError),
}

impl<E> From<DbError> for Refusal<E> {
    fn from(e: DbError) -> Self {
        Refusal::Db(e)
    }
}

/// One write of a job inside `tx` (a savepoint of the batch): read, decide, store, log.
async fn change_job<T, E>(
    tx: &mut SqliteConnection,
    address: &JobAddress,
    identity: &DocKey,
    now: Timestamp,
    policy: &Policy,
    action: &'static str,
    decide: impl FnOnce(Option<&StoredJob>) -> Result<Decision<T>, E>,
) -> Result<Written<T>, Refusal<E>> {
    let current = read_for_write(tx, identity, now).await?;
    let Decision { change, answer } = decide(current.job.as_ref()).map_err(Refusal::Rules)?;
    let before =
        current.job.as_ref().map(|s| JobSnapshot::of(&s.job)).transpose().map_err(DbError::from)?;
    let after = match change {
        // Nothing to store; a removed expired job is still a change to commit.
        Change::Keep => {
            let changed = current.removed_expired;
            return Ok(Written { answer, changed, logged: changed });
        }
        Change::Put(job) => {
            let row = JobRow::of(&job, policy, now)?;
            match &current.job {
                Some(old) => update_row(tx, old.seq, &row).await?,
                None => {
                    insert_row(tx, address, identity, &row, WhenTaken::Fail).await?;
                }
            };
            Some(row.snapshot)
        }
        Change::Delete => {
            if let Some(old) = &current.job {
                delete_row(tx, old.seq).await?;
            }
            None
        }
    };
    super::events::record_change(tx, address, now, action, before.as_ref(), after.as_ref()).await?;
    Ok(Written { answer, changed: true, logged: true })
}

/// Reads the job to change inside the write's transaction; a job whose retention ended is
/// deleted there and counts as absent.
async fn read_for_write(
    tx: &mut SqliteConnection,
    (sub, rg, name): &DocKey,
    now: Timestamp,
) -> Result<Current, DbError> {
    let row = sqlx::query(
        "SELECT seq, body, drive_keys, removal_at FROM jobs WHERE sub_key = ? AND rg_key = ? \
         AND name_key = ?",
    )
    .bind(sub)
    .bind(rg)
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(Current { job: None, removed_expired: false }) };
    let job = stored(&row)?;
    if row.try_get::<Option<i64>, _>("removal_at")?.is_some_and(|at| at <= now.0) {
        // Retention removed it (found due before the sweep came by): the log says so.
        sqlx::query(concat!(retention_events!(), " WHERE seq = ?3"))
            .bind(now.0)
            .bind(crate::activity::SERVICE_CALLER)
            .bind(job.seq)
            .execute(&mut *tx)
            .await?;
        delete_row(tx, job.seq).await?;
        return Ok(Current { job: None, removed_expired: true });
    }
    Ok(Current { job: Some(job), removed_expired: false })
}

/// What a row holds for a job about to be stored: the columns the queries select on, the
/// public document and the drives' keys apart.
struct JobRow {
    snapshot: JobSnapshot,
    job_type: &'static str,
    removal_at: Option<i64>,
    /// Since when a cancellation waits for the data center, for a new row.
    cancel_pending_since: Option<i64>,
    body: String,
    drive_keys: String,
}

impl JobRow {
    fn of(job: &JobResponse, policy: &Policy, now: Timestamp) -> Result<JobRow, DbError> {
        let snapshot = JobSnapshot::of(job)?;
        let (body, drive_keys) = split_for_storage(job)?;
        Ok(JobRow {
            job_type: type_text(job),
            removal_at: removal_date(policy, &snapshot).map(|t| t.0),
            cancel_pending_since: cancel_pending(&snapshot).then_some(now.0),
            snapshot,
            body,
            drive_keys,
        })
    }
}

async fn update_row(tx: &mut SqliteConnection, seq: i64, row: &JobRow) -> Result<(), DbError> {
    // A cancellation keeps the time it started waiting; one no longer waiting has none.
    sqlx::query(
        "UPDATE jobs SET state = ?, job_type = ?, cancel_requested = ?, \
         cancel_pending_since = CASE WHEN ? IS NOT NULL THEN COALESCE(cancel_pending_since, ?) \
         END, removal_at = ?, version = version + 1, body = ?, drive_keys = ? WHERE seq = ?",
    )
    .bind(row.snapshot.state.as_str())
    .bind(row.job_type)
    .bind(row.snapshot.cancel_requested)
    .bind(row.cancel_pending_since)
    .bind(row.cancel_pending_since)
    .bind(row.removal_at)
    .bind(&row.body)
    .bind(&row.drive_keys)
    .bind(seq)
    .execute(tx)
    .await?;
    Ok(())
}

/// What an insert does when the job's address is taken.
#[derive(Clone, Copy)]
enum WhenTaken {
    /// Fails (the writer read the address as free in the same transaction).
    Fail,
    /// Leaves the job there alone (bulk loading).
    Skip,
}

/// Inserts a job; returns 1, or 0 when the address was taken and `when_taken` is `Skip`.
async fn insert_row(
    tx: &mut SqliteConnection,
    address: &JobAddress,
    (sub, rg, name): &DocKey,
    row: &JobRow,
    when_taken: WhenTaken,
) -> Result<u64, DbError> {
    let sql = match when_taken {
        WhenTaken::Fail => {
            "INSERT INTO jobs (sub_key, rg_key, rg_name, name_key, state, job_type, \
             cancel_requested, cancel_pending_since, removal_at, version, body, drive_keys) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
        }
        WhenTaken::Skip => {
            "INSERT OR IGNORE INTO jobs (sub_key, rg_key, rg_name, name_key, state, job_type, \
             cancel_requested, cancel_pending_since, removal_at, version, body, drive_keys) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
        }
    };
    Ok(sqlx::query(sql)
        .bind(sub)
        .bind(rg)
        .bind(&address.resource_group)
        .bind(name)
        .bind(row.snapshot.state.as_str())
        .bind(row.job_type)
        .bind(row.snapshot.cancel_requested)
        .bind(row.cancel_pending_since)
        .bind(row.removal_at)
        .bind(&row.body)
        .bind(&row.drive_keys)
        .execute(tx)
        .await?
        .rows_affected())
}

/// The audit entry of an accepted change.
async fn delete_row(tx: &mut SqliteConnection, seq: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM jobs WHERE seq = ?").bind(seq).execute(tx).await?;
    Ok(())
}
