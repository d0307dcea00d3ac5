//! The benchmark subcommands. Each prints one line of figures (`key=value` pairs) that
//! `scripts/bench-service.sh` turns into the ratios of BENCHMARKS.md.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::Mutex;
use waybill_rules::Timestamp;
use waybill_rules::wire::JobAddress;
use waybill_server::db::{Db, NewJob};
use waybill_server::demo::{SampleStage, sample_job};

use crate::client::Connection;

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

fn report(label: &str, mut latencies_us: Vec<u64>, elapsed: Duration, extra: &str) {
    latencies_us.sort_unstable();
    println!(
        "{label}: requests={} rate={:.0}/s p50={:.3}ms p99={:.3}ms{extra}",
        latencies_us.len(),
        latencies_us.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        percentile(&latencies_us, 50.0),
        percentile(&latencies_us, 99.0)
    );
}

/// `get`: one path as fast as the connections allow.
#[derive(Debug, Clone, clap::Args)]
pub struct GetArgs {
    /// host:port.
    #[arg(long)]
    pub target: String,
    /// The path and query.
    #[arg(long)]
    pub path: String,
    /// A token (any; baselines ignore it).
    #[arg(long, default_value = "none")]
    pub token: String,
    /// Seconds to run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Connections.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// The label printed.
    #[arg(long, default_value = "get")]
    pub label: String,
    /// Replace `{n}` in the path by 0000000, 0000001, ... up to this many, in turn (so the
    /// requests spread over that many jobs).
    #[arg(long, default_value_t = 1)]
    pub spread: usize,
}

/// Runs `get`.
pub async fn get(args: GetArgs) -> ExitCode {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let all = Arc::new(Mutex::new(Vec::new()));
    let body_size = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..args.connections)
        .map(|task| {
            let (args, all, body_size, failures) =
                (args.clone(), all.clone(), body_size.clone(), failures.clone());
            tokio::spawn(async move {
                let Ok(mut conn) = Connection::open(&args.target).await else {
                    failures.fetch_add(1, Ordering::Relaxed);
                    return;
                };
                let spread = args.spread.max(1);
                let paths: Vec<String> = (0..spread)
                    .map(|n| args.path.replace("{n}", &format!("{:07}", (n + task) % spread)))
                    .collect();
                let mut mine = Vec::new();
                let mut next = 0;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let path = &paths[next];
                    next = (next + 1) % spread;
                    match conn.exchange("GET", path, &args.token, None).await {
                        Ok((200, size)) => {
                            mine.push(t.elapsed().as_micros() as u64);
                            body_size.store(size, Ordering::Relaxed);
                        }
                        _ => {
                            failures.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                }
                all.lock().await.extend(mine);
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed();
    let latencies = std::mem::take(&mut *all.lock().await);
    let failed = failures.load(Ordering::Relaxed);
    report(
        &args.label,
        latencies,
        elapsed,
        &format!(" body={}B failures={failed}", body_size.load(Ordering::Relaxed)),
    );
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `writes`: cancels (PATCH) or deletes the seeded jobs `bench-0000000`..., or creates new
/// import jobs `created-0000000`... beside them.
#[derive(Debug, Clone, clap::Args)]
pub struct WriteArgs {
    /// The service and its seeded jobs.
    #[command(flatten)]
    pub seeded: Seeded,
    /// `cancel`, `delete` or `create`.
    #[arg(long)]
    pub action: String,
    /// How many jobs (bench-0000000 up).
    #[arg(long)]
    pub jobs: usize,
    /// The first job's number.
    #[arg(long, default_value_t = 0)]
    pub first: usize,
    /// Connections.
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
}

/// A service on loopback and where its seeded jobs (`seed`) are.
#[derive(Debug, Clone, clap::Args)]
pub struct Seeded {
    /// host:port.
    #[arg(long)]
    pub target: String,
    /// A user token for the subscription.
    #[arg(long)]
    pub token: String,
    /// The subscription.
    #[arg(long)]
    pub subscription: String,
    /// The resource group the jobs are in.
    #[arg(long, default_value = "bench")]
    pub resource_group: String,
}

impl Seeded {
    /// The path of seeded job number `i`.
    pub fn job_path(&self, i: usize) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/bench-{i:07}?api-version=2021-01-01",
            self.subscription, self.resource_group
        )
    }
}

/// Runs `writes`.
pub async fn writes(args: WriteArgs) -> ExitCode {
    let next = Arc::new(AtomicUsize::new(args.first));
    let all = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..args.connections)
        .map(|_| {
            let (args, next, all, failures) =
                (args.clone(), next.clone(), all.clone(), failures.clone());
            tokio::spawn(async move {
                let Ok(mut conn) = Connection::open(&args.seeded.target).await else {
                    failures.fetch_add(1, Ordering::Relaxed);
                    return;
                };
                let mut mine = Vec::new();
                let create = format!(
                    r#"{{"location":"West US","properties":{{"storageAccountId":"/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Storage/storageAccounts/bench","jobType":"Import","returnAddress":{{"recipientName":"R","streetAddress1":"S","city":"C","postalCode":"1","countryOrRegion":"SE","phone":"1","email":"a@b.c"}},"driveList":[{{"driveId":"D1","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}}]}}}}"#,
                    args.seeded.subscription, args.seeded.resource_group
                );
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= args.first + args.jobs {
                        break;
                    }
                    let mut path = args.seeded.job_path(i);
                    let (method, body, wanted) = match args.action.as_str() {
                        "cancel" => {
                            ("PATCH", Some(r#"{"properties":{"cancelRequested":true}}"#), 200)
                        }
                        "create" => {
                            path = path.replace("/jobs/bench-", "/jobs/created-");
                            ("PUT", Some(create.as_str()), 201)
                        }
                        _ => ("DELETE", None, 200),
                    };
                    let t = Instant::now();
                    match conn.exchange(method, &path, &args.seeded.token, body).await {
                        Ok((status, _)) if status == wanted => {
                            mine.push(t.elapsed().as_micros() as u64);
                        }
                        _ => {
                            failures.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                all.lock().await.extend(mine);
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed();
    let failed = failures.load(Ordering::Relaxed);
    report(
        &args.action,
        std::mem::take(&mut *all.lock().await),
        elapsed,
        &format!(" failures={failed}"),
    );
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `seed`: jobs straight into the database, in batches of 10,000 per transaction.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    /// sqlite://PATH.
    #[arg(long)]
    pub database: String,
    /// The subscription.
    #[arg(long)]
    pub subscription: String,
    /// The resource group.
    #[arg(long, default_value = "bench")]
    pub resource_group: String,
    /// How many jobs.
    #[arg(long)]
    pub jobs: usize,
    /// Leave the jobs in Creating (deletable) instead of Transferring.
    #[arg(long)]
    pub creating: bool,
}

/// Runs `seed`.
pub async fn seed(args: SeedArgs) -> ExitCode {
    let db = match Db::open(&args.database).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let policy = waybill_rules::Policy::default();
    if let Err(e) = db.adopt_policy(&policy).await {
        eprintln!("{e:?}");
        return ExitCode::FAILURE;
    }
    let now = Timestamp(1_790_000_000);
    let stage = if args.creating { SampleStage::Creating } else { SampleStage::Transferring };
    let started = Instant::now();
    let mut done = 0;
    while done < args.jobs {
        let batch: Vec<_> = (done..(done + 10_000).min(args.jobs))
            .map(|i| {
                let name = format!("bench-{i:07}");
                let key = JobAddress {
                    subscription: args.subscription.clone(),
                    resource_group: args.resource_group.clone(),
                    name: name.clone(),
                };
                NewJob { job: sample_job(&args.subscription, &name, now, stage), address: key }
            })
            .collect();
        if let Err(e) = db.insert_jobs(&batch, &policy, now).await {
            eprintln!("{e:?}");
            return ExitCode::FAILURE;
        }
        done += batch.len();
    }
    db.close().await;
    println!("seed: jobs={done} seconds={:.1}", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}

/// `sqlite`: single-row update transactions, one at a time, WAL and synchronous=FULL (the
/// service's settings), for a while.
#[derive(Debug, Clone, clap::Args)]
pub struct SqliteArgs {
    /// A folder for the scratch database.
    #[arg(long)]
    pub dir: std::path::PathBuf,
    /// Seconds to run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
}

/// Runs `sqlite`.
pub async fn sqlite(args: SqliteArgs) -> ExitCode {
    let path = args.dir.join("baseline.db");
    let _ = std::fs::remove_file(&path);
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let Ok(pool) = SqlitePoolOptions::new().max_connections(1).connect_with(options).await else {
        eprintln!("cannot open {}", path.display());
        return ExitCode::FAILURE;
    };
    let setup = async {
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
            .execute(&pool)
            .await?;
        sqlx::query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO t SELECT i, 0 FROM n")
            .execute(&pool)
            .await?;
        Ok::<_, sqlx::Error>(())
    };
    if let Err(e) = setup.await {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut i: i64 = 0;
    while Instant::now() < deadline {
        let t = Instant::now();
        let txn = async {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE t SET v = v + 1 WHERE id = ?")
                .bind(i % 1000 + 1)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        };
        if let Err(e) = txn.await {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
        latencies.push(t.elapsed().as_micros() as u64);
        i += 1;
    }
    report("sqlite", latencies, started.elapsed(), "");
    pool.close().await;
    ExitCode::SUCCESS
}

/// `startup`: starts waybill-server with the given arguments and times its first answer.
#[derive(Debug, Clone, clap::Args)]
pub struct StartupArgs {
    /// The waybill-server binary.
    #[arg(long)]
    pub server: std::path::PathBuf,
    /// The port it listens on (passed as --listen 127.0.0.1:PORT).
    #[arg(long)]
    pub port: u16,
    /// A token it accepts.
    #[arg(long)]
    pub token: String,
    /// The path to ask for.
    #[arg(long)]
    pub path: String,
    /// Arguments for the server.
    #[arg(last = true)]
    pub server_args: Vec<String>,
}

/// Runs `startup`.
pub async fn startup(args: StartupArgs) -> ExitCode {
    let started = Instant::now();
    let Ok(mut child) = tokio::process::Command::new(&args.server)
        .args(["--listen", &format!("127.0.0.1:{}", args.port)])
        .args(&args.server_args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
    else {
        eprintln!("cannot start {}", args.server.display());
        return ExitCode::FAILURE;
    };
    let target = format!("127.0.0.1:{}", args.port);
    let mut answered = None;
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(mut conn) = Connection::open(&target).await
            && let Ok((200, _)) = conn.exchange("GET", &args.path, &args.token, None).await
        {
            answered = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let _ = child.kill().await;
    match answered {
        Some(t) => {
            println!("startup: first_answer_ms={:.1}", t.as_secs_f64() * 1000.0);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("no answer within 60 s");
            ExitCode::FAILURE
        }
    }
}
