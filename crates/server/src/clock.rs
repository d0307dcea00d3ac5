//! The service's clock: the system time plus an offset the operator can move forward (the
//! simulated passing of days). Retention and expiry read this clock, never the system's.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use waybill_rules::Timestamp;

/// A shared clock handle.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// A clock `offset_seconds` ahead of the system's.
    pub fn with_offset(offset_seconds: i64) -> Clock {
        Clock { offset: Arc::new(AtomicI64::new(offset_seconds)) }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(system).plus_seconds(self.offset())
    }

    /// Seconds ahead of the system clock.
    pub fn offset(&self) -> i64 {
        self.offset.load(Ordering::SeqCst)
    }

    /// Sets the offset (after it was stored).
    pub fn set_offset(&self, offset_seconds: i64) {
        self.offset.store(offset_seconds, Ordering::SeqCst);
    }
}
