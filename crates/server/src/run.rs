//! Start-up: the command line, the data folder and its tokens, the database, demo data, the
//! background tasks (retention sweep, automatic mode), and serving until Ctrl-C.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use waybill_rules::{Policy, is_valid_subscription_id};

use crate::auth::{Subscriptions, Tokens, UserToken, generate_secret};
use crate::clock::Clock;
use crate::db::Db;
use crate::{AppState, app, demo};

/// Waybill's Azure Import/Export service (ARM-compatible REST API, simulated data center,
/// console).
#[derive(Debug, Clone, Parser)]
#[command(name = "waybill-server", version, about, long_about = None)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Folder for the database and the generated tokens.
    #[arg(long, value_name = "DIR", env = "WAYBILL_DATA")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH (created when missing). Default: DIR/waybill.db.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// A user token and the subscriptions it may use (`*` for all); repeatable.
    /// Without any, a token for every subscription is generated once and kept in DIR/token.
    #[arg(long = "token", value_name = "SECRET=SUB[,SUB...]")]
    pub tokens: Vec<String>,
    /// The operator token (simulated data center and clock). Default: generated once and
    /// kept in DIR/operator-token.
    #[arg(long, value_name = "SECRET")]
    pub operator_token: Option<String>,
    /// Serve the built console from this folder.
    #[arg(long, value_name = "DIR")]
    pub ui: Option<PathBuf>,
    /// Fill an empty database with demo jobs in every state.
    #[arg(long)]
    pub demo: bool,
    /// A policy file (JSON) to enforce instead of the default rules.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Automatic mode: every this many seconds the data center moves every job in progress
    /// one step (for demos).
    #[arg(long, value_name = "SECONDS")]
    pub auto_advance: Option<u64>,
    /// Another service the served console may call (an origin such as
    /// https://waybill.example:8443), besides its own origin and Azure Resource Manager;
    /// repeatable. Settings refuses any other.
    #[arg(long = "console-connect", value_name = "ORIGIN")]
    pub console_connect: Vec<String>,
    /// Browser origins allowed to call the API (CORS); repeatable. None by default.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// The absolute URL clients reach the service at, for nextLink (default: the Host header).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Memory for the read cache of job documents and list answers, in MiB (0: off, every read
    /// asks the database). Writes end the entries they affect before they are acknowledged.
    #[arg(long, value_name = "MIB", default_value_t = 64, env = "WAYBILL_READ_CACHE_MIB",
          value_parser = clap::value_parser!(u64).range(0..=65536))]
    pub read_cache_mib: u64,
    /// Seconds after which the simulated data center carries out a requested cancellation (the
    /// job moves to Completed; drives that arrived are shipped back). Counted on the service's
    /// clock, so moving the clock forward carries pending cancellations out at once.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::DEFAULT_CANCEL_AFTER_SECONDS as u64,
          env = "WAYBILL_CANCEL_AFTER", value_parser = clap::value_parser!(u64).range(0..=3_153_600_000))]
    pub cancel_after: u64,
    /// A display name for a subscription, shown by the console's subscription picker
    /// (`GET /subscriptions`); repeatable.
    #[arg(long = "subscription-name", value_name = "SUB=NAME")]
    pub subscription_names: Vec<String>,
    /// A webhook for every job event of every subscription, in the Event Grid event schema
    /// (named `webhook-1`, `webhook-2`, ... in order); repeatable. A new or changed URL must
    /// pass Event Grid's validation handshake at start, or the service does not start.
    #[arg(long = "webhook", value_name = "URL")]
    pub webhooks: Vec<String>,
    /// Also send webhooks to loopback, private, link-local and other non-public addresses
    /// (refused by default: a webhook must not reach into the service's own network).
    #[arg(long, env = "WAYBILL_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,
    /// Seconds a webhook receiver has to answer one request.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout: u64,
    /// Throttle reads as ARM does: each caller gets a bucket of SIZE reads per subscription,
    /// refilled at PER_SECOND (ARM's figures are 250:25); reads answer
    /// `x-ms-ratelimit-remaining-subscription-reads`, and one with the bucket empty gets 429
    /// with `Retry-After`. Off by default.
    #[arg(long, value_name = "SIZE:PER_SECOND")]
    pub read_quota: Option<String>,
    /// Seconds between two runs of the retention sweep (tests shorten it).
    #[arg(long, hide = true, default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub sweep_every: u64,
    /// Serve the benchmark baselines under /_bench/ (pre-built answers from memory; built
    /// with the `bench-baselines` feature only).
    #[cfg(feature = "bench-baselines")]
    #[arg(long, hide = true)]
    pub bench_baselines: bool,
}

fn default_data_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("waybill")
}

/// Parses `SECRET=SUB[,SUB...]`.
pub fn parse_token(spec: &str) -> Result<UserToken, String> {
    let (secret, subs) = spec.split_once('=').ok_or_else(|| {
        "a --token is SECRET=SUB[,SUB...] (or SECRET=* for every subscription)".to_owned()
    })?;
    if secret.len() < 8 || secret.chars().any(char::is_whitespace) {
        return Err("a token secret needs at least 8 characters and no spaces".into());
    }
    let subscriptions = if subs.trim() == "*" {
        Subscriptions::All
    } else {
        let set: BTreeSet<String> = subs
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        if set.is_empty() {
            return Err("a --token needs at least one subscription (or *)".into());
        }
        Subscriptions::Only(set)
    };
    Ok(UserToken { name: "user".to_owned(), secret: secret.to_owned(), subscriptions })
}

/// Reads the secret in `path`, creating it (readable by the owner only) when missing.
fn stored_secret(path: &Path) -> Result<String, String> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let secret = text.trim().to_owned();
        if !secret.is_empty() {
            return Ok(secret);
        }
    }
    let secret = generate_secret().map_err(|e| format!("cannot generate a token: {e}"))?;
    write_private(path, &secret).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(secret)
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(tmp, path)
}

fn load_policy(path: Option<&Path>) -> Result<Policy, String> {
    let Some(path) = path else { return Ok(Policy::default()) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let policy: Policy = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a policy: {e}", path.display()))?;
    let problems = policy.check();
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!("{} cannot be enforced: {}", path.display(), list.join("; ")));
    }
    Ok(policy)
}

/// Everything start-up prepared, before serving.
#[derive(Debug)]
pub struct Prepared {
    /// The service's state.
    pub state: AppState,
    /// The user token to print in the console URL, when it was generated.
    pub console_token: Option<String>,
    /// Where the operator token is kept, when it was generated.
    pub operator_token_file: Option<PathBuf>,
    /// The data folder.
    pub data_dir: PathBuf,
}

/// Opens the data folder and database, loads tokens and policy, adds demo data.
pub async fn prepare(args: &Args) -> Result<Prepared, String> {
    let data_dir = args.data_dir.clone().unwrap_or_else(default_data_dir);
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("cannot create the data folder {}: {e}", data_dir.display()))?;
    let policy = load_policy(args.policy.as_deref())?;
    let url = args
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("waybill.db").display()));
    let db =
        Db::open_with_cache(&url, args.read_cache_mib << 20).await.map_err(|e| e.to_string())?;
    db.adopt_policy(&policy).await.map_err(|e| format!("cannot apply the policy: {e:?}"))?;
    let offset = db
        .meta("clock_offset")
        .await
        .map_err(|e| format!("cannot read the clock: {e:?}"))?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let clock = Clock::with_offset(offset);

    let mut users = args.tokens.iter().map(|t| parse_token(t)).collect::<Result<Vec<_>, _>>()?;
    // The activity log names each --token's caller by its place on the command line.
    for (i, user) in users.iter_mut().enumerate() {
        user.name = format!("user-{}", i + 1);
    }
    let mut console_token = None;
    if users.is_empty() {
        let secret = stored_secret(&data_dir.join("token"))?;
        console_token = Some(secret.clone());
        users.push(UserToken { name: "user".into(), secret, subscriptions: Subscriptions::All });
    }
    let (operator, operator_token_file) = match &args.operator_token {
        Some(secret) if secret.len() >= 8 => (secret.clone(), None),
        Some(_) => return Err("the operator token needs at least 8 characters".into()),
        None => {
            let file = data_dir.join("operator-token");
            (stored_secret(&file)?, Some(file))
        }
    };
    let tokens = Tokens { users, operator: Some(operator) };

    if args.demo {
        let added = demo::fill_if_empty(&db, &policy, clock.now())
            .await
            .map_err(|e| format!("cannot add demo data: {e:?}"))?;
        if added > 0 {
            tracing::info!(jobs = added, "added demo jobs");
        }
    }
    let ui = args
        .ui
        .as_deref()
        .map(|dir| crate::console::Console::load(dir, &args.console_connect))
        .transpose()?;
    let state = AppState {
        db,
        tokens: Arc::new(tokens),
        policy: Arc::new(policy),
        clock,
        clock_lock: Arc::default(),
        ui,
        public_url: args.public_url.clone(),
        listen: args.listen,
        cors_origins: args
            .cors_origins
            .iter()
            .map(|o| {
                waybill_rules::wire::parse_origin(o).ok_or_else(|| {
                    format!(
                        "--cors-origin '{o}' is not an origin such as https://console.example:8443"
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        #[cfg(feature = "bench-baselines")]
        bench_baselines: args.bench_baselines,
        #[cfg(not(feature = "bench-baselines"))]
        bench_baselines: false,
        cancel_after_seconds: args.cancel_after as i64,
        subscription_names: Arc::new({
            let mut names = parse_subscription_names(&args.subscription_names)?;
            if args.demo {
                names
                    .entry(demo::DEMO_SUBSCRIPTION.to_owned())
                    .or_insert_with(|| "Waybill demo".into());
            }
            names
        }),
        webhooks: crate::webhooks::Settings {
            allow_private: args.allow_private_webhooks,
            timeout: Duration::from_secs(args.webhook_timeout),
        },
        live: Arc::default(),
        read_quota: args
            .read_quota
            .as_deref()
            .map(crate::throttle::ReadQuota::parse)
            .transpose()?
            .map(Arc::new),
    };
    command_line_webhooks(&state, &args.webhooks).await?;
    Ok(Prepared { state, console_token, operator_token_file, data_dir })
}

/// Makes the stored service-wide event subscriptions (`*`) those of `--webhook`: new or changed
/// URLs pass the validation handshake first; those no longer given are removed.
async fn command_line_webhooks(state: &AppState, urls: &[String]) -> Result<(), String> {
    use crate::webhooks::ALL_SUBSCRIPTIONS as ALL;
    let now = state.clock.now();
    let mut wanted = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let name = format!("webhook-{}", i + 1);
        let body =
            serde_json::from_value(serde_json::json!({ "properties": { "endpointUrl": url } }))
                .map_err(|e| format!("--webhook '{url}': {e}"))?;
        let s = crate::routes::webhooks::read_body(ALL, &name, body, now)
            .map_err(|e| format!("--webhook: {}", e.message()))?;
        let stored = state
            .db
            .event_subscription(ALL, &name)
            .await
            .map_err(|e| format!("cannot read the webhooks: {e}"))?;
        if stored.is_none_or(|old| old.endpoint_url != s.endpoint_url) {
            crate::routes::webhooks::validate(state, &s)
                .await
                .map_err(|e| format!("--webhook: {}", e.message()))?;
        }
        state
            .db
            .put_event_subscription(&s)
            .await
            .map_err(|e| format!("cannot store --webhook: {e}"))?;
        wanted.push(name);
    }
    let stored = state
        .db
        .event_subscriptions(Some(ALL))
        .await
        .map_err(|e| format!("cannot read the webhooks: {e}"))?;
    for old in stored.iter().filter(|s| !wanted.contains(&s.name)) {
        state
            .db
            .delete_event_subscription(ALL, &old.name)
            .await
            .map_err(|e| format!("cannot remove an old --webhook: {e}"))?;
    }
    Ok(())
}

/// `SUB=NAME` pairs, by lowercase subscription id.
fn parse_subscription_names(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((sub, name))
                if is_valid_subscription_id(sub.trim()) && !name.trim().is_empty() =>
            {
                Ok((sub.trim().to_ascii_lowercase(), name.trim().to_owned()))
            }
            _ => Err(format!(
                "--subscription-name '{pair}' is not SUB=NAME with a subscription id and a name"
            )),
        })
        .collect()
}

/// Background work: the retention sweep (every `sweep_every` seconds, 60 by default; also at
/// start), cancellations carried out (checked every second), webhook deliveries and, when asked,
/// the automatic mode.
fn spawn_background(state: &AppState, auto_advance: Option<u64>, sweep_every: u64) {
    let canceller = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = demo::carry_out_cancellations(&canceller).await {
                tracing::error!(error = ?err, "carrying out cancellations failed");
            }
        }
    });
    let sweeper = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(sweep_every));
        loop {
            tick.tick().await;
            let keep = sweeper.policy.retention_days;
            if let Err(err) = sweeper.db.sweep(sweeper.clock.now(), keep).await {
                tracing::error!(error = ?err, "retention sweep failed");
            }
        }
    });
    crate::webhooks::dispatch::spawn(state.clone());
    if let Some(seconds) = auto_advance.filter(|s| *s > 0) {
        let auto = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(seconds));
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(err) = demo::advance_all(&auto).await {
                    tracing::error!(error = ?err, "automatic mode failed");
                }
            }
        });
    }
}

/// Parses the command line, serves until stopped, and says how it ended.
pub async fn run_from_args() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WAYBILL_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let prepared = match prepare(&args).await {
        Ok(p) => p,
        Err(message) => {
            eprintln!("waybill-server: {message}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("waybill-server: cannot listen on {}: {err}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(args.listen);
    let shown = if address.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], address.port()))
    } else {
        address
    };
    let state = prepared.state.clone();
    spawn_background(&state, args.auto_advance, args.sweep_every);
    // Printed to standard output, never to the log: the console URL carries the secret in
    // its fragment, which browsers never send to a server. A closed standard output (a
    // supervisor that stopped reading) must not stop the service, so write errors are ignored.
    let say = |line: String| {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    };
    say(format!(
        "Waybill is listening on http://{shown}/ (data in {})",
        prepared.data_dir.display()
    ));
    if args.ui.is_some() {
        say(match &prepared.console_token {
            // The demo also hands the console its operator token, so the simulated data
            // center's panel is there from the first page.
            Some(token) => match state.tokens.operator.as_deref().filter(|_| args.demo) {
                Some(operator) => format!(
                    "Open the console: http://{shown}/#token={token}&operator={}",
                    url_fragment(operator)
                ),
                None => format!("Open the console: http://{shown}/#token={token}"),
            },
            None => {
                format!("Open the console: http://{shown}/ (paste one of your --token secrets)")
            }
        });
    }
    if let Some(file) = &prepared.operator_token_file {
        say(format!("Operator token (simulated data center): {}", file.display()));
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // TCP_NODELAY on every connection: a response written in pieces (headers, then a small
    // body) must not wait for the client's delayed ACK (Nagle), which cost ~40 ms per request
    // on a kept-alive connection.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "TCP_NODELAY could not be set");
        }
    });
    let served = axum::serve(listener, app(state.clone())).with_graceful_shutdown(shutdown).await;
    state.db.close().await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("waybill-server: {err}");
            ExitCode::FAILURE
        }
    }
}

/// A token written into a URL's fragment: characters outside the unreserved set are
/// percent-encoded.
fn url_fragment(token: &str) -> String {
    token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
