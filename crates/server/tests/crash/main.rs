//! Crash safety: the real `waybill-server` is killed with SIGKILL at a random moment while a
//! client streams writes (create, ship, cancel, advance, delete), then restarted on the same
//! data. Every job must be exactly the whole public document the client last had acknowledged
//! (drives, packages, addresses, times), the write in flight must be either not applied or
//! exactly the document the rules and the service's model make of the one before it, and
//! SQLite's integrity check must pass. `WAYBILL_CRASH_ROUNDS` sets the rounds
//! (20 by default; the long version runs more), `WAYBILL_CRASH_SEED` replays a run.

mod http;
mod webhooks;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{Response, request};

const SUB: &str = "c0ffee00-0000-4000-8000-000000000001";
const USER: &str = "crash-user-token";
const OPERATOR: &str = "crash-operator-token";
const JOBS: usize = 6;

/// What the client knows about a job: its whole public document, or gone (`None`).
type Known = Option<serde_json::Value>;

/// One write the client sends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Write {
    Create,
    Ship,
    Cancel,
    Advance,
    Delete,
}

struct Server {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(dir: &std::path::Path) -> Server {
    // Nothing but the client changes the jobs: no cancellation is carried out behind it.
    start_with(dir, &["--cancel-after", "3600000"])
}

/// The service on `dir` with the test's tokens and `args`, once it listens.
fn start_with(dir: &std::path::Path, args: &[&str]) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_waybill-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir)
        .args(["--token", &format!("{USER}={SUB}"), "--operator-token", OPERATOR])
        .args(args)
        .env("WAYBILL_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("waybill-server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a first line");
    assert!(line.contains("listening"), "unexpected start: {line}");
    Server { child, port }
}

/// A small deterministic random source (the seed is printed, so a failure can be replayed).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn job_path(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/crash/providers/Microsoft.ImportExport/jobs/{name}?api-version=2021-01-01"
    )
}

fn create_body(name: &str) -> String {
    format!(
        r#"{{"location":"West US","properties":{{"storageAccountId":"/subscriptions/{SUB}/resourceGroups/crash/providers/Microsoft.Storage/storageAccounts/crash","jobType":"Import","returnAddress":{{"recipientName":"R","streetAddress1":"S","city":"C","postalCode":"1","countryOrRegion":"SE","phone":"1","email":"a@b.c"}},"driveList":[{{"driveId":"{name}-D1","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}}]}}}}"#
    )
}

/// One write against job `name`: (what, method, path, token, body).
fn write_for(
    rng: &mut Rng,
    name: &str,
) -> (Write, &'static str, String, &'static str, Option<String>) {
    match rng.below(6) {
        0 => (Write::Create, "PUT", job_path(name), USER, Some(create_body(name))),
        1 => (Write::Ship, "PATCH", job_path(name), USER, Some(r#"{"properties":{"state":"Shipping","deliveryPackage":{"carrierName":"FedEx","trackingNumber":"1"}}}"#.into())),
        2 => (Write::Cancel, "PATCH", job_path(name), USER, Some(r#"{"properties":{"cancelRequested":true}}"#.into())),
        3 | 4 => (Write::Advance, "POST", format!("/_emulator/subscriptions/{SUB}/resourceGroups/crash/jobs/{name}/advance"), OPERATOR, None),
        _ => (Write::Delete, "DELETE", job_path(name), USER, None),
    }
}

fn known_from(response: &Response, method: &str) -> Option<Known> {
    match response.status {
        200 | 201 if method == "DELETE" => Some(None),
        200 | 201 => serde_json::from_str(&response.body).ok().map(Some),
        _ => None,
    }
}

/// The one document `write` makes of `before`, at the instant `at`, as the rules decide and
/// the service's model writes it down; `Some(None)` when it deletes the job, `None` when the
/// rules refuse it (then only `before` itself may be stored).
fn expected_after(
    name: &str,
    write: Write,
    before: &Known,
    body: Option<&str>,
    at: waybill_rules::Timestamp,
) -> Option<Known> {
    use waybill_rules::wire::{JobResponse, PutJobParameters, UpdateJobParameters};
    use waybill_rules::{JobSnapshot, Policy};
    use waybill_server::model;
    let policy = Policy::default();
    let key = waybill_rules::wire::JobAddress {
        subscription: SUB.into(),
        resource_group: "crash".into(),
        name: name.into(),
    };
    let job: Option<JobResponse> =
        before.as_ref().map(|doc| serde_json::from_value(doc.clone()).expect("a stored job reads"));
    let snapshot = job.as_ref().map(|j| JobSnapshot::of(j).expect("a known state"));
    let document = |job: JobResponse| {
        Some(Some(serde_json::to_value(model::public_view(job)).expect("serialises")))
    };
    match (write, job, snapshot) {
        (Write::Create, old, existing) => {
            let request: PutJobParameters =
                serde_json::from_str(body.expect("a body")).expect("request");
            waybill_rules::validate_create(&policy, existing.as_ref(), &request).ok()?;
            document(match old {
                Some(old) => model::replace_job(&key, &old, request, at),
                None => model::new_job(&key, request, at),
            })
        }
        (Write::Ship | Write::Cancel, Some(mut job), Some(snapshot)) => {
            let request: UpdateJobParameters =
                serde_json::from_str(body.expect("a body")).expect("request");
            let plan = waybill_rules::validate_update(&policy, &snapshot, &request).ok()?;
            model::apply_update(&mut job, request, plan, at);
            document(job)
        }
        (Write::Advance, Some(mut job), Some(snapshot)) => {
            let step =
                waybill_rules::next_step(&policy, &snapshot, waybill_rules::Ending::AsItGoes)
                    .ok()?;
            model::apply_step(&mut job, &step, at);
            document(job)
        }
        (Write::Delete, Some(_), Some(snapshot)) => {
            waybill_rules::may_delete(&policy, &snapshot).ok().map(|()| None)
        }
        _ => None,
    }
}

fn current(port: u16, name: &str) -> Known {
    let response =
        request(port, "GET", &job_path(name), USER, None).expect("the restarted service answers");
    match response.status {
        404 => None,
        200 => known_from(&response, "GET").expect("a job document"),
        other => panic!("GET {name} answered {other}: {}", response.body),
    }
}

#[test]
fn acknowledged_writes_survive_sigkill_and_nothing_is_half_applied() {
    let rounds: usize =
        std::env::var("WAYBILL_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::var("WAYBILL_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        });
    println!("crash test: {rounds} rounds, WAYBILL_CRASH_SEED={seed}");
    let dir = std::env::temp_dir().join(format!("waybill-crash-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let names: Vec<String> = (0..JOBS).map(|i| format!("crash-job-{i}")).collect();
    let mut known: BTreeMap<String, Known> = names.iter().map(|n| (n.clone(), None)).collect();
    let mut rng = Rng(seed);
    let (mut acknowledged, mut interrupted, mut applied) = (0usize, 0usize, 0usize);
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");

    for round in 0..rounds {
        let mut server = start(&dir);
        // After a restart, every job is exactly as the client last knew it.
        for name in &names {
            assert_eq!(
                current(server.port, name),
                known[name],
                "round {round}: {name} after restart (seed {seed})"
            );
        }
        let stop = Arc::new(AtomicBool::new(false));
        type InFlight = Option<(String, Known, Write, Option<String>)>;
        let in_flight: Arc<Mutex<InFlight>> = Arc::default();
        let kill_after = Duration::from_millis(30 + rng.below(300));
        let writer = {
            let (stop, in_flight, names, port) =
                (stop.clone(), in_flight.clone(), names.clone(), server.port);
            let mut known = known.clone();
            let mut rng = Rng(rng.next() | 1);
            std::thread::spawn(move || {
                let mut acks = 0;
                while !stop.load(Ordering::SeqCst) {
                    let name = &names[rng.below(JOBS as u64) as usize];
                    let (write, method, path, token, body) = write_for(&mut rng, name);
                    *in_flight.lock().expect("lock") =
                        Some((name.clone(), known[name].clone(), write, body.clone()));
                    match request(port, method, &path, token, body.as_deref()) {
                        Ok(response) => {
                            if let Some(after) = known_from(&response, method) {
                                known.insert(name.clone(), after);
                                acks += 1;
                            } else {
                                assert!(
                                    response.status < 500,
                                    "{method} {path}: {} {}",
                                    response.status,
                                    response.body
                                );
                            }
                            *in_flight.lock().expect("lock") = None;
                        }
                        // The service died mid-request: this write is the one in flight.
                        Err(_) => break,
                    }
                }
                (known, acks)
            })
        };
        let started = Instant::now();
        while started.elapsed() < kill_after {
            std::thread::sleep(Duration::from_millis(5));
        }
        server.child.kill().expect("SIGKILL");
        let _ = server.child.wait();
        stop.store(true, Ordering::SeqCst);
        let (after, acks) = writer.join().expect("writer");
        acknowledged += acks;
        known = after;

        // SQLite's own check on the files as the crash left them.
        runtime.block_on(async {
            let db =
                waybill_server::db::Db::open(&format!("sqlite://{}/waybill.db", dir.display()))
                    .await
                    .expect("reopens");
            db.integrity_check().await.expect("integrity_check passes");
            db.close().await;
        });

        // The write in flight may or may not have happened, but wholly: what is stored is the
        // document before it, or the one the rules say the write makes of it.
        if let Some((name, before, write, body)) = in_flight.lock().expect("lock").take() {
            interrupted += 1;
            let server = start(&dir);
            let now = current(server.port, &name);
            let mut server = server;
            server.child.kill().expect("stop");
            let _ = server.child.wait();
            if now != before {
                applied += 1;
                // Applied: exactly the document the rules and the model make of `before`, at
                // the instant the stored document says it was changed.
                let at = now
                    .as_ref()
                    .and_then(|d| d["systemData"]["lastModifiedAt"].as_str())
                    .and_then(|t| waybill_rules::Timestamp::parse_rfc3339(t).ok())
                    .unwrap_or(waybill_rules::Timestamp(0));
                let expected = expected_after(&name, write, &before, body.as_deref(), at);
                assert!(
                    expected.is_some(),
                    "round {round}: {write:?} on {name} changed it though the rules refuse it: {before:?} -> {now:?} (seed {seed})"
                );
                assert_eq!(
                    expected.flatten(),
                    now,
                    "round {round}: {write:?} on {name} was half-applied or wrong (seed {seed})"
                );
            }
            known.insert(name, now);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "crash test: {rounds} SIGKILL rounds survived, {acknowledged} acknowledged writes checked, {interrupted} writes in flight at the kill ({applied} of them applied, each exactly as predicted)"
    );
    assert!(acknowledged > rounds, "the rounds exercised writes");
}

#[test]
fn a_closed_standard_output_does_not_stop_the_service() {
    // Regression: start-up lines written to a pipe nobody reads any more used to panic.
    let dir = std::env::temp_dir().join(format!("waybill-stdout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_waybill-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(&dir)
        .env("WAYBILL_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    drop(child.stdout.take()); // closed before the service prints its lines
    let token = (0..100)
        .find_map(|_| {
            std::thread::sleep(Duration::from_millis(50));
            std::fs::read_to_string(dir.join("token")).ok().filter(|t| !t.is_empty())
        })
        .expect("the service wrote its token");
    let answered = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(50));
        request(port, "GET", "/subscriptions?api-version=2020-01-01", token.trim(), None).ok()
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(answered.map(|r| r.status), Some(200), "the service kept running");
}
