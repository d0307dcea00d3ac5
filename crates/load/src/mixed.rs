//! The soak: a mix of reads and writes on each client's own jobs, over kept-alive connections,
//! for a bounded time, reported every interval.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::client::Connection;
use crate::stats::{self, Window};

/// Mixed load against waybill-server (the soak).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The service's address (host:port, loopback only).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub target: String,
    /// A user token allowed the subscription.
    #[arg(long)]
    token: String,
    /// The operator token (for data center moves).
    #[arg(long)]
    operator_token: String,
    /// The subscription to work in.
    #[arg(long, default_value = "10ad0000-0000-4000-8000-000000000001")]
    subscription: String,
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Concurrent connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Seconds between reports.
    #[arg(long, default_value_t = 10)]
    interval: u64,
    /// The server's process id, to report its memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

pub fn resident_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

/// One client's endless round of work on its own jobs: create, read, list, ship, move, cancel,
/// delete; every answer is checked for being an answer the API documents.
async fn worker(id: usize, args: Arc<Args>, window: Arc<Mutex<Window>>, deadline: Instant) {
    let mut conn = None;
    let mut n = 0u64;
    while Instant::now() < deadline {
        let name = format!("soak-{id}-{}", n % 50);
        let base = format!(
            "/subscriptions/{}/resourceGroups/soak/providers/Microsoft.ImportExport/jobs",
            args.subscription
        );
        let job = format!("{base}/{name}?api-version=2021-01-01");
        let advance = format!(
            "/_emulator/subscriptions/{}/resourceGroups/soak/jobs/{name}/advance",
            args.subscription
        );
        let create = format!(
            r#"{{"location":"West US","properties":{{"storageAccountId":"/subscriptions/{}/resourceGroups/soak/providers/Microsoft.Storage/storageAccounts/soak","jobType":"Import","returnAddress":{{"recipientName":"R","streetAddress1":"S","city":"C","postalCode":"1","countryOrRegion":"SE","phone":"1","email":"a@b.c"}},"driveList":[{{"driveId":"D{id}","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}}]}}}}"#,
            args.subscription
        );
        let ship = r#"{"properties":{"state":"Shipping","deliveryPackage":{"carrierName":"FedEx","trackingNumber":"1"}}}"#;
        let cancel = r#"{"properties":{"cancelRequested":true}}"#;
        let list = format!("{base}?api-version=2021-01-01&$top=20");
        // Each request with the one status the scenario expects: any other answer (a 401 as
        // much as a 500) is an error.
        let steps: [(&str, &str, &str, Option<&str>, u16); 8] = [
            ("PUT", &job, &args.token, Some(&create), 201),
            ("GET", &job, &args.token, None, 200),
            ("GET", &list, &args.token, None, 200),
            ("PATCH", &job, &args.token, Some(ship), 200),
            ("POST", &advance, &args.operator_token, None, 200),
            ("PATCH", &job, &args.token, Some(cancel), 200),
            ("POST", &advance, &args.operator_token, None, 200),
            ("DELETE", &job, &args.token, None, 200),
        ];
        for (method, path, token, body, expected) in steps {
            if Instant::now() >= deadline {
                break;
            }
            if conn.is_none() {
                conn = Connection::open(&args.target).await.ok();
            }
            let started = Instant::now();
            let outcome = match conn.as_mut() {
                Some(c) => c.request(method, path, token, body).await,
                None => Err(std::io::Error::other("cannot connect")),
            };
            let elapsed = started.elapsed();
            let error = match &outcome {
                Ok(status) => *status != expected,
                Err(_) => {
                    conn = None;
                    true
                }
            };
            window.lock().await.record(elapsed, error);
        }
        n += 1;
    }
}

/// Runs the mixed load.
pub async fn run(args: Args) -> std::process::ExitCode {
    let args = Arc::new(args);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let window = Arc::new(Mutex::new(Window::default()));
    let rss_start = resident_kib(args.server_pid);
    println!(
        "waybill-load: {} connections for {} s against {}",
        args.connections, args.seconds, args.target
    );
    let workers: Vec<_> = (0..args.connections)
        .map(|id| tokio::spawn(worker(id, args.clone(), window.clone(), deadline)))
        .collect();
    let mut totals = stats::Totals::default();
    let mut tick = tokio::time::interval(Duration::from_secs(args.interval.max(1)));
    tick.tick().await;
    while Instant::now() < deadline {
        tick.tick().await;
        let report = std::mem::take(&mut *window.lock().await);
        totals.add(&report);
        println!("{}", report.line(start.elapsed(), resident_kib(args.server_pid)));
    }
    for w in workers {
        let _ = w.await;
    }
    let rest = std::mem::take(&mut *window.lock().await);
    totals.add(&rest);
    let rss_end = resident_kib(args.server_pid);
    println!("{}", totals.summary(start.elapsed(), rss_start, rss_end));
    if totals.errors > 0 {
        println!("load: 0 passed, 1 failed");
        std::process::ExitCode::FAILURE
    } else {
        println!("load: 1 passed, 0 failed");
        std::process::ExitCode::SUCCESS
    }
}
