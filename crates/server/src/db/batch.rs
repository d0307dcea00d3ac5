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
//! transaction fails, every write of the batch fails, and nothing of it was stored. After a
//! commit with logged events the live streams are told.
//!
//! Writes whose clients hang up never leave the writer in an open transaction nobody will
//! finish: one that goes away holding the lock with no write of the batch waiting rolls the
//! batch back as it goes; one that goes away holding it, or waiting for it, while writes of
//! the batch wait for their commit leaves a task that commits the batch after
//! [`FLUSH_AFTER`]; and each waiting write that has not heard by then commits it too.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, MutexGuard, oneshot, watch};

use super::DbError;
use super::cache::WriteMark;

/// The most writes one commit takes.
pub(super) const MAX_BATCH: usize = 64;
/// How long an open batch may wait for a write that went away before it is committed.
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
#[derive(Debug)]
pub(super) struct Batcher {
    batch: Mutex<Batch>,
    /// Writes waiting for the lock.
    queued: AtomicUsize,
    /// Told after each commit that stored logged events: what the live streams wait on.
    changes: Arc<watch::Sender<u64>>,
    /// Commits made, and writes they acknowledged (for the benchmarks' and tests' figures).
    commits: AtomicUsize,
    writes: AtomicUsize,
}

/// A write's turn at the batch: the lock, and its place in it.
pub(super) struct Turn<'a> {
    guard: MutexGuard<'a, Batch>,
    batcher: &'a Arc<Batcher>,
}

impl Drop for Turn<'_> {
    /// A write that went away while it held the lock (its client hung up): with no write of
    /// the batch waiting, the batch is rolled back (the connection goes back to the service's
    /// other writes); with some, a task commits it after [`FLUSH_AFTER`].
    fn drop(&mut self) {
        if self.guard.tx.is_none() {
            return;
        }
        if self.guard.members.is_empty() {
            self.guard.tx.take();
        } else if self.batcher.queued.load(Ordering::SeqCst) == 0 {
            flush_later(self.batcher);
        }
    }
}

/// Commits the open batch after [`FLUSH_AFTER`], in a task of its own.
fn flush_later(batcher: &Arc<Batcher>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    let batcher = batcher.clone();
    runtime.spawn(async move {
        tokio::time::sleep(FLUSH_AFTER).await;
        batcher.turn().await.commit().await;
    });
}

/// Counts a write as waiting for the lock until it has it; one that goes away while waiting,
/// when the batch may have been left open for it, leaves a task to commit it.
struct Queued<'a> {
    batcher: &'a Arc<Batcher>,
    got_it: AtomicBool,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        let left = self.batcher.queued.fetch_sub(1, Ordering::SeqCst) - 1;
        if !self.got_it.load(Ordering::SeqCst) && left == 0 {
            flush_later(self.batcher);
        }
    }
}

impl Batcher {
    /// The batching, telling `changes` after each commit that stored logged events.
    pub(super) fn new(changes: Arc<watch::Sender<u64>>) -> Batcher {
        Batcher {
            batch: Mutex::default(),
            queued: AtomicUsize::new(0),
            changes,
            commits: AtomicUsize::new(0),
            writes: AtomicUsize::new(0),
        }
    }

    /// Waits for the batch's lock.
    pub(super) async fn turn(self: &Arc<Self>) -> Turn<'_> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let queued = Queued { batcher: self, got_it: AtomicBool::new(false) };
        let guard = self.batch.lock().await;
        queued.got_it.store(true, Ordering::SeqCst);
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
    /// an event. Returns what to wait on for the commit.
    pub(super) async fn join(
        mut self,
        logged: bool,
        mark: WriteMark,
    ) -> oneshot::Receiver<Committed> {
        let (told, hear) = oneshot::channel();
        self.guard.members.push(told);
        self.guard.marks.push(mark);
        self.guard.logged |= logged;
        let nobody_waits = self.batcher.queued.load(Ordering::SeqCst) == 0;
        if nobody_waits || self.guard.members.len() >= MAX_BATCH {
            self.commit().await;
        }
        hear
    }

    /// Commits the open batch (if any), tells its writes, and the live streams when it
    /// stored logged events.
    pub(super) async fn commit(&mut self) {
        let Some(tx) = self.guard.tx.take() else { return };
        let members = std::mem::take(&mut self.guard.members);
        let logged = std::mem::take(&mut self.guard.logged);
        let result = tx.commit().await.map_err(|e| e.to_string());
        // The marks end once the commit is over (stored or not), before anyone is told.
        self.guard.marks.clear();
        if result.is_ok() {
            self.batcher.commits.fetch_add(1, Ordering::SeqCst);
            self.batcher.writes.fetch_add(members.len(), Ordering::SeqCst);
            if logged {
                self.batcher.changes.send_modify(|n| *n = n.wrapping_add(1));
            }
        }
        for member in members {
            let _ = member.send(result.clone());
        }
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

/// Waits for the commit of a write's batch: `Ok` once it is on disk. A batch still open after
/// [`FLUSH_AFTER`] (its followers went away) is committed here.
pub(super) async fn committed(
    batcher: &Arc<Batcher>,
    mut hear: oneshot::Receiver<Committed>,
) -> Result<(), DbError> {
    loop {
        match tokio::time::timeout(FLUSH_AFTER, &mut hear).await {
            Ok(Ok(result)) => return result.map_err(DbError::Batch),
            Ok(Err(_)) => return Err(DbError::Batch("the batch was dropped".into())),
            Err(_) => batcher.turn().await.commit().await,
        }
    }
}
