//! The read cache: public job documents and whole list answers kept in memory, so repeated
//! reads do not cross into SQLite. It can never answer with something the database no longer
//! holds:
//!
//! - Every entry carries the **stamp** of the region it depends on (the job's stripe for a
//!   document, the subscription's stripe for a list page, plus a global counter for writes
//!   that touch many jobs), read *before* the database was asked. A stamp is one counter whose
//!   low bits count writes in progress and whose high bits count writes finished.
//! - A write marks its regions before its first change and finishes the mark after its commit
//!   (also when it fails or is dropped half-way). While a mark is open the region's stamp is
//!   unstable: readers go to the database and store nothing. Afterwards the stamp has moved on,
//!   so every entry stored before, or by a reader that raced the write, no longer matches.
//! - Time: an entry also keeps the earliest retention end among the jobs it shows and is not
//!   used once the clock has reached it (the clock only moves forward).
//!
//! The memory used is bounded by a byte budget (entries are weighed by their text).

use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use waybill_rules::Timestamp;

/// One write in progress (the low bits of a stamp).
const WRITING: u64 = 1;
/// One write finished (the high bits of a stamp).
const FINISHED: u64 = 1 << 20;
/// Stripes of job keys and of subscriptions.
const STRIPES: usize = 1024;

/// Where a cached answer came from: the stamps of its regions when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    global: u64,
    stripe: u64,
}

impl Stamp {
    fn is_stable(self) -> bool {
        (self.global | self.stripe) & (FINISHED - 1) == 0
    }
}

/// A document's address, lower-cased: subscription, resource group, name.
pub(super) type DocKey = (String, String, String);

/// What a list answer depends on besides the stored jobs: the query and the caller's words
/// for the page's links.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct PageKey {
    pub sub: String,
    pub rg: Option<String>,
    pub state: Option<&'static str>,
    pub job_type: Option<&'static str>,
    pub after: Option<i64>,
    pub limit: u32,
    pub context: String,
}

#[derive(Debug, Clone)]
struct Entry<V> {
    stamp: Stamp,
    /// The earliest retention end among the jobs shown (Unix seconds).
    removal_at: Option<i64>,
    value: V,
}

impl<V> Entry<V> {
    fn answers(&self, stamp: Stamp, now: Timestamp) -> bool {
        self.stamp == stamp && self.removal_at.is_none_or(|at| at > now.0)
    }
}

/// What a shelf keeps: an answer's text, and what else was worked out from it once.
pub(super) trait Kept: Clone {
    /// The text's length in bytes.
    fn len(&self) -> usize;
}

impl Kept for Bytes {
    fn len(&self) -> usize {
        Bytes::len(self)
    }
}

/// A list answer with its entity tag (a hash of its text, worked out once when it was read).
#[derive(Debug, Clone)]
pub struct TaggedPage {
    /// The answer's text.
    pub body: Bytes,
    /// Its entity tag, quotes included.
    pub etag: String,
}

impl TaggedPage {
    /// The text with its tag.
    pub fn new(body: Bytes) -> TaggedPage {
        use std::hash::Hasher;
        // SipHash with fixed keys: the same text has the same tag in every process and
        // replica of a build.
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write(&body);
        let etag = format!("\"{:016x}{:08x}\"", hasher.finish(), body.len());
        TaggedPage { body, etag }
    }
}

impl Kept for TaggedPage {
    fn len(&self) -> usize {
        self.body.len()
    }
}

#[derive(Debug, Clone, Copy)]
struct ByLength;

impl<K, V: Kept> Weighter<K, Entry<V>> for ByLength {
    fn weight(&self, _key: &K, entry: &Entry<V>) -> u64 {
        entry.value.len() as u64 + 64
    }
}

/// A region a reader looked at: its stamp (None when a write is in progress there).
#[derive(Debug, Clone, Copy)]
pub(super) struct Look(Option<Stamp>);

/// The cache (shared by every clone of the database handle).
#[derive(Debug)]
pub(super) struct ReadCache {
    global: AtomicU64,
    doc_stripes: Box<[AtomicU64]>,
    sub_stripes: Box<[AtomicU64]>,
    /// Public job documents.
    pub(super) docs: Shelf<DocKey, Bytes>,
    /// Whole list answers.
    pub(super) pages: Shelf<PageKey, TaggedPage>,
    hasher: RandomState,
}

/// Answers of one kind, keyed by `K`.
#[derive(Debug)]
pub(super) struct Shelf<K, V>(Option<Cache<K, Entry<V>, ByLength>>);

impl<K: Eq + Hash + Clone, V: Kept> Shelf<K, V> {
    /// A shelf of `share` bytes for entries of about `typical` bytes; none for 0.
    fn new(share: u64, typical: u64) -> Shelf<K, V> {
        Shelf((share > 0).then(|| {
            let items = usize::try_from(share / typical).unwrap_or(usize::MAX).max(16);
            Cache::with_weighter(items, share, ByLength)
        }))
    }

    /// The answer for `key` as of `look`, when it is kept and still true at `now`.
    pub(super) fn get(&self, look: Look, key: &K, now: Timestamp) -> Option<V> {
        let stamp = look.0?;
        let entry = self.0.as_ref()?.get(key)?;
        entry.answers(stamp, now).then_some(entry.value)
    }

    /// Keeps the answer for `key` read from the database after `look` (nothing when a write
    /// was in progress then); `removal_at` is the earliest retention end among its jobs.
    pub(super) fn keep(&self, look: Look, key: K, removal_at: Option<i64>, value: V) {
        if let (Some(stamp), Some(cache)) = (look.0, &self.0) {
            cache.insert(key, Entry { stamp, removal_at, value });
        }
    }
}

fn stripes() -> Box<[AtomicU64]> {
    (0..STRIPES).map(|_| AtomicU64::new(0)).collect()
}

impl ReadCache {
    /// A cache holding at most about `bytes` of text (a quarter for single documents, the rest
    /// for list answers); 0 turns it off (every read goes to the database).
    pub(super) fn new(bytes: u64) -> ReadCache {
        ReadCache {
            global: AtomicU64::new(0),
            doc_stripes: stripes(),
            sub_stripes: stripes(),
            docs: Shelf::new(bytes / 4, 3_000),
            pages: Shelf::new(bytes - bytes / 4, 100_000),
            hasher: RandomState::new(),
        }
    }

    fn stripe_of(&self, key: &impl Hash) -> usize {
        (self.hasher.hash_one(key) as usize) % STRIPES
    }

    fn stripe<'a>(&self, stripes: &'a [AtomicU64], key: &impl Hash) -> &'a AtomicU64 {
        &stripes[self.stripe_of(key)]
    }

    fn counter(&self, region: Region) -> &AtomicU64 {
        match region {
            Region::All => &self.global,
            Region::Doc(i) => &self.doc_stripes[i],
            Region::Sub(i) => &self.sub_stripes[i],
        }
    }

    fn look(&self, stripe: &AtomicU64) -> Look {
        let stamp = Stamp {
            global: self.global.load(Ordering::SeqCst),
            stripe: stripe.load(Ordering::SeqCst),
        };
        Look(stamp.is_stable().then_some(stamp))
    }

    /// Call before reading the document at `key` from the database.
    pub(super) fn look_doc(&self, key: &DocKey) -> Look {
        self.look(self.stripe(&self.doc_stripes, key))
    }

    /// Call before reading a list of subscription `sub` (lower-cased) from the database.
    pub(super) fn look_sub(&self, sub: &str) -> Look {
        self.look(self.stripe(&self.sub_stripes, &sub))
    }

    /// Marks a write of the job at `key` (lower-cased) as in progress until the mark is dropped.
    pub(super) fn writing_job(self: &Arc<Self>, key: &DocKey) -> WriteMark {
        let regions =
            vec![Region::Doc(self.stripe_of(key)), Region::Sub(self.stripe_of(&key.0.as_str()))];
        WriteMark::open(self.clone(), regions)
    }

    /// Marks a write that may touch any job as in progress until the mark is dropped.
    pub(super) fn writing_all(self: &Arc<Self>) -> WriteMark {
        WriteMark::open(self.clone(), vec![Region::All])
    }
}

/// A region of the cache a write marks.
#[derive(Debug, Clone, Copy)]
enum Region {
    All,
    Doc(usize),
    Sub(usize),
}

/// A write in progress over some regions; dropping it finishes the write (whatever happened).
/// It owns its hold on the cache, so a write can hand it to the batch it joined, which drops
/// it after the commit.
#[derive(Debug)]
pub(super) struct WriteMark {
    cache: Arc<ReadCache>,
    regions: Vec<Region>,
    changed: bool,
}

impl WriteMark {
    fn open(cache: Arc<ReadCache>, regions: Vec<Region>) -> WriteMark {
        for &region in &regions {
            cache.counter(region).fetch_add(WRITING, Ordering::SeqCst);
        }
        WriteMark { cache, regions, changed: true }
    }

    /// The write committed nothing a reader can see: entries stay valid.
    pub(super) fn unchanged(mut self) {
        self.changed = false;
    }

    /// The same mark, saying whether the write changed anything.
    pub(super) fn changed(mut self, changed: bool) -> WriteMark {
        self.changed = changed;
        self
    }
}

impl Drop for WriteMark {
    fn drop(&mut self) {
        let finish = if self.changed { FINISHED - WRITING } else { 0u64.wrapping_sub(WRITING) };
        for &region in &self.regions {
            self.cache.counter(region).fetch_add(finish, Ordering::SeqCst);
        }
    }
}
