//! ARM's read throttling, for clients to be tried against (`--read-quota SIZE:PER_SECOND`,
//! off by default): each caller has a bucket of read tokens per subscription, refilled at a
//! steady rate, as ARM's token-bucket limits are; every read under `/subscriptions/{sub}`
//! answers `x-ms-ratelimit-remaining-subscription-reads`, and a read with the bucket empty is
//! refused with `429 SubscriptionRequestsThrottled` and a `Retry-After` in seconds. Buckets
//! are kept in memory (bounded), by subscription and a hash of the caller's credentials
//! (never the credentials themselves), on the real clock: throttling is about requests, not
//! the simulated data center's time.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use waybill_rules::wire::ArmCode;

use crate::error::ApiError;

/// The header ARM answers reads with.
pub const REMAINING_READS: &str = "x-ms-ratelimit-remaining-subscription-reads";
/// At most this many buckets are kept; past it, the full ones (idle callers) are dropped.
const MAX_BUCKETS: usize = 10_000;

/// A read quota: the bucket's size and how many tokens come back each second.
#[derive(Debug)]
pub struct ReadQuota {
    size: f64,
    per_second: f64,
    buckets: Mutex<HashMap<u64, Bucket>>,
    hasher: RandomState,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// What the bucket said to one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go on; this many reads are left.
    Allowed(u64),
    /// Refused; a token is back after this many seconds.
    Throttled(u64),
}

impl ReadQuota {
    /// Reads `SIZE:PER_SECOND` (such as `250:25`, ARM's figures), both whole numbers ≥ 1.
    pub fn parse(text: &str) -> Result<ReadQuota, String> {
        let bad = || format!("--read-quota '{text}' is not SIZE:PER_SECOND such as 250:25");
        let (size, rate) = text.split_once(':').ok_or_else(bad)?;
        let size = size.trim().parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(bad)?;
        let rate = rate.trim().parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(bad)?;
        Ok(ReadQuota::new(size, rate))
    }

    /// A quota of buckets holding `size` reads, refilled at `per_second`.
    pub fn new(size: u32, per_second: u32) -> ReadQuota {
        ReadQuota {
            size: f64::from(size),
            per_second: f64::from(per_second),
            buckets: Mutex::default(),
            hasher: RandomState::new(),
        }
    }

    /// Takes one read from the bucket of `subscription` (lower-cased) and `caller` at `now`.
    pub fn take(&self, subscription: &str, caller: &[u8], now: Instant) -> Verdict {
        let key = self.hasher.hash_one((subscription, caller));
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(&key) {
            let (size, rate) = (self.size, self.per_second);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < size);
            if buckets.len() >= MAX_BUCKETS {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: self.size, at: now });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refilled).min(self.size);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Verdict::Allowed(bucket.tokens.floor() as u64)
        } else {
            Verdict::Throttled(((1.0 - bucket.tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

/// The subscription a path reads under (`/subscriptions/{sub}/...`), lower-cased.
fn subscription_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let (first, rest) = rest.split_once('/')?;
    if !first.eq_ignore_ascii_case("subscriptions") {
        return None;
    }
    let sub = rest.split('/').next().filter(|s| !s.is_empty())?;
    Some(sub.to_ascii_lowercase())
}

/// The middleware: counts reads against the quota, when the service has one.
pub async fn read_quota(
    State(quota): State<Option<std::sync::Arc<ReadQuota>>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(quota) = quota else { return next.run(req).await };
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    let Some(sub) = is_read.then(|| subscription_of(req.uri().path())).flatten() else {
        return next.run(req).await;
    };
    let caller = req.headers().get(header::AUTHORIZATION).map_or(&b""[..], HeaderValue::as_bytes);
    match quota.take(&sub, caller, Instant::now()) {
        Verdict::Allowed(left) => {
            let mut response = next.run(req).await;
            response.headers_mut().insert(HeaderName::from_static(REMAINING_READS), left.into());
            response
        }
        Verdict::Throttled(seconds) => {
            let message = format!(
                "Number of 'read' requests for subscription '{sub}' exceeded. Please try again \
                 after '{seconds}' seconds."
            );
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ArmCode::SubscriptionRequestsThrottled,
                message,
            )
            .into_response();
            let headers = response.headers_mut();
            headers.insert(header::RETRY_AFTER, seconds.into());
            headers.insert(HeaderName::from_static(REMAINING_READS), 0u64.into());
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_bucket_empties_refills_at_its_rate_and_never_holds_more_than_its_size() {
        let quota = ReadQuota::parse("3:2").unwrap();
        let t0 = Instant::now();
        let take = |at: Duration| quota.take("sub", b"token", t0 + at);
        assert_eq!(take(Duration::ZERO), Verdict::Allowed(2));
        assert_eq!(take(Duration::ZERO), Verdict::Allowed(1));
        assert_eq!(take(Duration::ZERO), Verdict::Allowed(0));
        assert_eq!(take(Duration::ZERO), Verdict::Throttled(1));
        // Half a second brings one token back (2 a second).
        assert_eq!(take(Duration::from_millis(500)), Verdict::Allowed(0));
        assert_eq!(take(Duration::from_millis(500)), Verdict::Throttled(1));
        // A long pause fills the bucket, no more.
        assert_eq!(take(Duration::from_secs(60)), Verdict::Allowed(2));
        // Another caller, or the same caller in another subscription, has its own bucket.
        assert_eq!(quota.take("sub", b"other", t0), Verdict::Allowed(2));
        assert_eq!(quota.take("sub2", b"token", t0), Verdict::Allowed(2));
    }

    #[test]
    fn a_slow_refill_says_how_long_to_wait() {
        let quota = ReadQuota::new(1, 1);
        let t0 = Instant::now();
        assert_eq!(quota.take("s", b"", t0), Verdict::Allowed(0));
        assert_eq!(quota.take("s", b"", t0 + Duration::from_millis(100)), Verdict::Throttled(1));
    }

    #[test]
    fn only_whole_positive_figures_are_a_quota() {
        for bad in ["", "250", "0:25", "250:0", "a:b", "250:25:1", "-1:5"] {
            assert!(ReadQuota::parse(bad).is_err(), "{bad}");
        }
        assert!(ReadQuota::parse(" 250 : 25 ").is_ok());
    }

    #[test]
    fn reads_are_counted_under_the_subscription_in_their_path() {
        assert_eq!(subscription_of("/subscriptions/ABC/providers/x").as_deref(), Some("abc"));
        assert_eq!(subscription_of("/Subscriptions/abc").as_deref(), Some("abc"));
        assert_eq!(subscription_of("/subscriptions"), None);
        assert_eq!(subscription_of("/subscriptions/"), None);
        assert_eq!(subscription_of("/_waybill/subscriptions/abc/events"), None);
        assert_eq!(subscription_of("/providers/Microsoft.ImportExport/locations"), None);
    }
}
