//! Group commit: writes of jobs that arrive while another is being made share its
//! transaction, and one fsync acknowledges them all.
//!
//! The single writer connection's transaction stays open from one `write_job` to the next
//! while more are waiting for it (counted in `queued`): each write runs alone, holding the
//! batch's lock, inside its own savepoint, so the rules see every earlier write of the batch
//! and a refused or failed write is rolled back to its savepoint and changes nothing. The
//! write that finds nobody waiting after it (or fills the batch) commits; every write of the
//! batch, refused ones included, answers only after that commit succeeded, so an acknowledged
//! write is on disk and a refusal never rests on a write that was not. When the commit or the
//! transaction fails, every write of the batch fails, and nothing of it was stored.
//!
//! A write whose followers went away (a client that hung up while waiting) would leave the
//! batch open: each waiting write that has not heard within [`FLUSH_AFTER`] takes the lock
//! and commits what is there.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, MutexGuard, oneshot};

use super::DbError;
use super::cache::WriteMark;

/// The most writes one commit takes.
pub(super) const MAX_BATCH: usize = 64;
/// How long a write of an open batch waits to hear of its commit before committing itself.
const FLUSH_AFTER: Duration = Duration::from_millis(200);

/// What one commit tells the writes of its batch: `Err` with why when nothing was stored.
type Committed = Result<(), String>;

/// The open batch: its transaction, and the writes waiting for its commit.
#[derive(Debug, Default)]
pub(super) struct Batch {
    tx: Option<Transaction<'static, Sqlite>>,
    members: Vec<oneshot::Sender<Committed>>,
    /// The read-cache marks of the batch's writes: they end after the commit (so no reader
    /// keeps what the database held before it), whether or not their writers still wait.
    marks: Vec<WriteMark>,
    /// A write of the batch logged an event (the live streams are told after the commit).
    logged: bool,
}

/// The writer's batching (shared by every clone of the database handle).
#[derive(Debug, Default)]
pub(super) struct Batcher {
    batch: Mutex<Batch>,
    /// Writes waiting for the lock.
    queued: AtomicUsize,
    /// Commits made, and writes they acknowledged (for the benchmarks' and tests' figures).
    commits: AtomicUsize,
    writes: AtomicUsize,
}

/// A write's turn at the batch: the lock, and its place in it.
pub(super) struct Turn<'a> {
    guard: MutexGuard<'a, Batch>,
    batcher: &'a Batcher,
}

impl Drop for Turn<'_> {
    /// A write that went away while it held the lock (its client hung up) leaves no open
    /// transaction without writes waiting on it: dropping it rolls it back and gives the
    /// connection back for the service's other writes. One with writes waiting is committed
    /// by them ([`committed`]).
    fn drop(&mut self) {
        if self.guard.members.is_empty() {
            self.guard.tx.take();
        }
    }
}

/// Counts a write as waiting for the lock until it has it (or gave up waiting).
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Batcher {
    /// Waits for the batch's lock.
    pub(super) async fn turn(&self) -> Turn<'_> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let queued = Queued(&self.queued);
        let guard = self.batch.lock().await;
        drop(queued);
        Turn { guard, batcher: self }
    }

    /// Commits made and writes they acknowledged since the start.
    pub(super) fn figures(&self) -> (usize, usize) {
        (self.commits.load(Ordering::SeqCst), self.writes.load(Ordering::SeqCst))
    }
}

impl Turn<'_> {
    /// The batch's transaction, begun on `writer` when none is open.
    pub(super) async fn tx(
        &mut self,
        writer: &SqlitePool,
    ) -> Result<&mut Transaction<'static, Sqlite>, DbError> {
        if self.guard.tx.is_none() {
            self.guard.tx = Some(writer.begin().await?);
        }
        Ok(self.guard.tx.as_mut().expect("just begun"))
    }

    /// Joins the batch (after this write's savepoint was released or rolled back) and commits
    /// it when nobody is waiting to add to it or it is full; `logged` when this write logged
    /// an event. Returns what to wait on for the commit, and whether this call committed with
    /// events logged (the caller tells the live streams).
    pub(super) async fn join(
        mut self,
        logged: bool,
        mark: WriteMark,
    ) -> (oneshot::Receiver<Committed>, bool) {
        let (told, hear) = oneshot::channel();
        self.guard.members.push(told);
        self.guard.marks.push(mark);
        self.guard.logged |= logged;
        let nobody_waits = self.batcher.queued.load(Ordering::SeqCst) == 0;
        let logged_committed = if nobody_waits || self.guard.members.len() >= MAX_BATCH {
            self.commit().await
        } else {
            false
        };
        (hear, logged_committed)
    }

    /// Commits the open batch (if any) and tells its writes; `true` when it had logged events.
    pub(super) async fn commit(&mut self) -> bool {
        let Some(tx) = self.guard.tx.take() else { return false };
        let members = std::mem::take(&mut self.guard.members);
        let logged = std::mem::take(&mut self.guard.logged);
        let result = tx.commit().await.map_err(|e| e.to_string());
        // The marks end once the commit is over (stored or not), before anyone is told.
        self.guard.marks.clear();
        if result.is_ok() {
            self.batcher.commits.fetch_add(1, Ordering::SeqCst);
            self.batcher.writes.fetch_add(members.len(), Ordering::SeqCst);
        }
        let ok = result.is_ok();
        for member in members {
            let _ = member.send(result.clone());
        }
        ok && logged
    }

    /// Rolls the whole batch back (its transaction failed) and tells its writes.
    pub(super) async fn abort(&mut self, why: &DbError) {
        if let Some(tx) = self.guard.tx.take() {
            let _ = tx.rollback().await;
        }
        self.guard.logged = false;
        self.guard.marks.clear();
        for member in std::mem::take(&mut self.guard.members) {
            let _ = member.send(Err(why.to_string()));
        }
    }
}

/// Waits for the commit of a write's batch: `Ok` once it is on disk. A batch left open by
/// followers that went away is committed here after [`FLUSH_AFTER`]; `on_logged` runs when
/// this write's flush committed logged events.
pub(super) async fn committed(
    batcher: &Batcher,
    mut hear: oneshot::Receiver<Committed>,
    on_logged: impl Fn(),
) -> Result<(), DbError> {
    loop {
        match tokio::time::timeout(FLUSH_AFTER, &mut hear).await {
            Ok(Ok(result)) => return result.map_err(DbError::Batch),
            Ok(Err(_)) => return Err(DbError::Batch("the batch was dropped".into())),
            Err(_) => {
                let mut turn = batcher.turn().await;
                if turn.commit().await {
                    on_logged();
                }
            }
        }
    }
}
