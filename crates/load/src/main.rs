//! `waybill-load`: load and benchmarks for waybill-server on loopback.
//!
//! - `mixed`: the soak (reads and writes, percentiles over time, errors, server memory);
//! - `get`: throughput and latency of one GET route;
//! - `writes`: durable cancels or deletes of seeded jobs;
//! - `seed`: puts many jobs straight into a database (for the scale benchmarks);
//! - `sqlite`: the raw SQLite baseline, single-row update transactions with the service's
//!   journal and synchronous settings;
//! - `startup`: time from starting waybill-server to its first answered request;
//! - `events`: live streams and webhooks: delivery latency, and the streams' tax on writes.

mod bench;
mod client;
mod events;
mod mixed;
mod stats;

use clap::{Parser, Subcommand};

/// Load and benchmarks for waybill-server (loopback only).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Mixed load for a while (the soak).
    Mixed(mixed::Args),
    /// Throughput and latency of one GET.
    Get(bench::GetArgs),
    /// Durable writes (cancel or delete) of seeded jobs.
    Writes(bench::WriteArgs),
    /// Seed a database with jobs.
    Seed(bench::SeedArgs),
    /// The raw SQLite single-row update transaction rate.
    Sqlite(bench::SqliteArgs),
    /// Time from start to the first answered request.
    Startup(bench::StartupArgs),
    /// Live streams and webhooks: delivery latency and the streams' tax on writes.
    Events(events::EventArgs),
}

fn on_loopback(target: &str) -> bool {
    target.starts_with("127.") || target.starts_with("localhost") || target.starts_with("[::1]")
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let target = match &cli.command {
        Command::Mixed(a) => Some(a.target.as_str()),
        Command::Get(a) => Some(a.target.as_str()),
        Command::Writes(a) => Some(a.seeded.target.as_str()),
        Command::Events(a) => Some(a.seeded.target.as_str()),
        _ => None,
    };
    if target.is_some_and(|t| !on_loopback(t)) {
        eprintln!("waybill-load only drives services on loopback");
        return std::process::ExitCode::FAILURE;
    }
    match cli.command {
        Command::Mixed(args) => mixed::run(args).await,
        Command::Get(args) => bench::get(args).await,
        Command::Writes(args) => bench::writes(args).await,
        Command::Seed(args) => bench::seed(args).await,
        Command::Sqlite(args) => bench::sqlite(args).await,
        Command::Startup(args) => bench::startup(args).await,
        Command::Events(args) => events::run(args).await,
    }
}
