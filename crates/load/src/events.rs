//! `events`: what the event side costs and how fast it is. With `--streams` live streams
//! (`/_waybill/subscriptions/{sub}/events`) open and, with `--webhook`, an event subscription
//! to a receiver of its own on loopback (the service must allow private webhooks):
//!
//! - `writes_no_streams`, then `writes_with_streams`: durable cancels with 8 connections before
//!   and while the streams are connected (the ratio is the streams' tax on writes);
//! - `sse_latency`: from each cancel's acknowledgement to its event on every stream, p50/p99;
//! - `webhook_latency`: from each cancel's acknowledgement to its event at the receiver.
//!
//! The cancels go to seeded jobs (`waybill-load seed`): `bench-0000000` up, in Transferring.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::bench::{Seeded, WriteArgs, writes};
use crate::client::Connection;

/// `events`.
#[derive(Debug, Clone, clap::Args)]
pub struct EventArgs {
    /// The service and its seeded jobs.
    #[command(flatten)]
    pub seeded: Seeded,
    /// Live streams to hold open.
    #[arg(long, default_value_t = 1000)]
    pub streams: usize,
    /// Cancels timed one at a time for the latencies.
    #[arg(long, default_value_t = 200)]
    pub latency_writes: usize,
    /// Cancels per throughput phase.
    #[arg(long, default_value_t = 400)]
    pub throughput_writes: usize,
    /// Also time webhook deliveries to a receiver on loopback.
    #[arg(long)]
    pub webhook: bool,
}

type Arrival = (String, Instant);

/// Opens one live stream and sends each event's job name with its arrival time to `out`. The
/// reader does as little as it can (it shares a core with the writers it is measured against):
/// raw reads into one buffer, frames split on the blank line, the name found by its key.
async fn stream(
    target: String,
    path: String,
    token: String,
    out: mpsc::UnboundedSender<Arrival>,
) -> std::io::Result<()> {
    let mut tcp = TcpStream::connect(&target).await?;
    tcp.set_nodelay(true)?;
    tcp.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").as_bytes()).await?;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    let mut head_done = false;
    loop {
        let n = tcp.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        let at = Instant::now();
        buf.extend_from_slice(&chunk[..n]);
        if !head_done {
            let Some(end) = find(&buf, b"\r\n\r\n") else { continue };
            if !buf.starts_with(b"HTTP/1.1 200") {
                return Err(std::io::Error::other("the stream was refused"));
            }
            buf.drain(..end + 4);
            head_done = true;
        }
        let mut start = 0;
        while let Some(end) = find(&buf[start..], b"\n\n") {
            let frame = &buf[start..start + end];
            if let Some(i) = find(frame, b"\"name\":\"") {
                let rest = &frame[i + 8..];
                if let Some(j) = rest.iter().position(|&c| c == b'"') {
                    let _ = out.send((String::from_utf8_lossy(&rest[..j]).into_owned(), at));
                }
            }
            start += end + 2;
        }
        buf.drain(..start);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A webhook receiver: answers the handshake; sends each notification's job name and arrival.
async fn receiver(listener: TcpListener, out: mpsc::UnboundedSender<Arrival>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else { return };
        let out = out.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(tcp);
            let mut head = String::new();
            let mut line = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
                head.push_str(&line.to_ascii_lowercase());
            }
            let at = Instant::now();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            let events: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let reply = if head.contains("aeg-event-type: subscriptionvalidation") {
                serde_json::json!({ "validationResponse": events[0]["data"]["validationCode"] })
                    .to_string()
            } else {
                if let Some(name) = events[0]["data"]["jobName"].as_str() {
                    let _ = out.send((name.to_owned(), at));
                }
                String::new()
            };
            let _ = reader
                .get_mut()
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                        reply.len()
                    )
                    .as_bytes(),
                )
                .await;
        });
    }
}

fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

/// Latencies from each acknowledgement to each arrival of the same job's event.
fn latencies(acks: &HashMap<String, Instant>, arrivals: &[Arrival]) -> Vec<u64> {
    let mut out: Vec<u64> = arrivals
        .iter()
        .filter_map(|(name, at)| {
            acks.get(name).map(|ack| at.saturating_duration_since(*ack).as_micros() as u64)
        })
        .collect();
    out.sort_unstable();
    out
}

fn drain(rx: &mut mpsc::UnboundedReceiver<Arrival>) -> Vec<Arrival> {
    let mut all = Vec::new();
    while let Ok(a) = rx.try_recv() {
        all.push(a);
    }
    all
}

/// Runs `events`.
pub async fn run(args: EventArgs) -> ExitCode {
    let writes_args = |label_first: usize| WriteArgs {
        seeded: args.seeded.clone(),
        action: "cancel".into(),
        jobs: args.throughput_writes,
        first: label_first,
        connections: 8,
    };
    let base = args.latency_writes;
    println!("events: phase 1, {} cancels with no stream open", args.throughput_writes);
    print!("writes_no_streams ");
    if writes(writes_args(base)).await != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }

    let (tx, mut rx) = mpsc::unbounded_channel();
    let path = format!("/_waybill/subscriptions/{}/events", args.seeded.subscription);
    let opened = Instant::now();
    for _ in 0..args.streams {
        let (target, path, token, tx) =
            (args.seeded.target.clone(), path.clone(), args.seeded.token.clone(), tx.clone());
        tokio::spawn(async move {
            if let Err(e) = stream(target, path, token, tx).await {
                eprintln!("a stream failed: {e}");
            }
        });
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!("events: {} streams opened in {:.2}s", args.streams, opened.elapsed().as_secs_f64());

    let (hook_tx, mut hook_rx) = mpsc::unbounded_channel();
    let hook_name = "bench-webhook";
    let hook_path = format!(
        "/_waybill/subscriptions/{}/eventSubscriptions/{hook_name}",
        args.seeded.subscription
    );
    let mut conn = match Connection::open(&args.seeded.target).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot connect: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.webhook {
        let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else { return ExitCode::FAILURE };
        let Ok(addr) = listener.local_addr() else { return ExitCode::FAILURE };
        tokio::spawn(receiver(listener, hook_tx));
        let body = format!(
            r#"{{"properties":{{"endpointUrl":"http://{addr}/hook","filter":{{"includedEventTypes":["Microsoft.ImportExport.JobCancelRequested"]}}}}}}"#
        );
        match conn.request("PUT", &hook_path, &args.seeded.token, Some(&body)).await {
            Ok(201 | 200) => {}
            other => {
                eprintln!(
                    "the event subscription was refused: {other:?} (start the service with --allow-private-webhooks)"
                );
                return ExitCode::FAILURE;
            }
        }
    }

    let mut acks = HashMap::new();
    for i in 0..args.latency_writes {
        let name = format!("bench-{i:07}");
        let path = args.seeded.job_path(i);
        match conn
            .request(
                "PATCH",
                &path,
                &args.seeded.token,
                Some(r#"{"properties":{"cancelRequested":true}}"#),
            )
            .await
        {
            Ok(200) => {
                acks.insert(name, Instant::now());
            }
            other => eprintln!("cancel {name}: {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let arrivals = drain(&mut rx);
    let sse = latencies(&acks, &arrivals);
    let expected = acks.len() * args.streams;
    println!(
        "sse_latency: streams={} writes={} arrivals={} of {expected} p50={:.3}ms p99={:.3}ms max={:.3}ms",
        args.streams,
        acks.len(),
        sse.len(),
        percentile_ms(&sse, 50.0),
        percentile_ms(&sse, 99.0),
        percentile_ms(&sse, 100.0),
    );
    if args.webhook {
        let hooks = latencies(&acks, &drain(&mut hook_rx));
        println!(
            "webhook_latency: writes={} deliveries={} p50={:.3}ms p99={:.3}ms max={:.3}ms",
            acks.len(),
            hooks.len(),
            percentile_ms(&hooks, 50.0),
            percentile_ms(&hooks, 99.0),
            percentile_ms(&hooks, 100.0),
        );
        let _ = conn.request("DELETE", &hook_path, &args.seeded.token, None).await;
    }

    println!(
        "events: phase 3, {} cancels with {} streams open",
        args.throughput_writes, args.streams
    );
    print!("writes_with_streams ");
    let status = writes(writes_args(base + args.throughput_writes)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let during = drain(&mut rx).len();
    println!(
        "events: {during} stream arrivals during and after phase 3 (expected {})",
        args.throughput_writes * args.streams
    );
    status
}
