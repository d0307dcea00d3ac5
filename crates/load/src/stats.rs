//! Latency and error counts over a window, and totals over the whole run.

use std::time::Duration;

/// Requests seen in one reporting interval.
#[derive(Debug, Default)]
pub struct Window {
    latencies_us: Vec<u64>,
    errors: u64,
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

impl Window {
    /// One request: how long it took and whether it failed.
    pub fn record(&mut self, elapsed: Duration, error: bool) {
        self.latencies_us.push(elapsed.as_micros() as u64);
        self.errors += u64::from(error);
    }

    /// The report line for this window.
    pub fn line(&self, at: Duration, rss_kib: Option<u64>) -> String {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        format!(
            "t={:>5.0}s requests={:>7} errors={} p50={:.2}ms p95={:.2}ms p99={:.2}ms rss={}",
            at.as_secs_f64(),
            sorted.len(),
            self.errors,
            percentile(&sorted, 50.0) as f64 / 1000.0,
            percentile(&sorted, 95.0) as f64 / 1000.0,
            percentile(&sorted, 99.0) as f64 / 1000.0,
            rss_kib.map_or("?".into(), |k| format!("{:.1}MiB", k as f64 / 1024.0)),
        )
    }
}

/// The whole run.
#[derive(Debug, Default)]
pub struct Totals {
    latencies_us: Vec<u64>,
    /// Failed requests (5xx or broken connections).
    pub errors: u64,
}

impl Totals {
    /// Adds a window.
    pub fn add(&mut self, window: &Window) {
        self.latencies_us.extend_from_slice(&window.latencies_us);
        self.errors += window.errors;
    }

    /// The closing summary.
    pub fn summary(
        &mut self,
        elapsed: Duration,
        rss_start: Option<u64>,
        rss_end: Option<u64>,
    ) -> String {
        self.latencies_us.sort_unstable();
        let n = self.latencies_us.len();
        let mib = |k: Option<u64>| k.map_or("?".into(), |k| format!("{:.1}MiB", k as f64 / 1024.0));
        format!(
            "total: requests={n} ({:.0}/s) errors={} p50={:.2}ms p99={:.2}ms p99.9={:.2}ms rss start={} end={}",
            n as f64 / elapsed.as_secs_f64().max(0.001),
            self.errors,
            percentile(&self.latencies_us, 50.0) as f64 / 1000.0,
            percentile(&self.latencies_us, 99.0) as f64 / 1000.0,
            percentile(&self.latencies_us, 99.9) as f64 / 1000.0,
            mib(rss_start),
            mib(rss_end)
        )
    }
}
