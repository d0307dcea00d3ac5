//! The real `waybill-server` binary as an operator runs it: what it writes to its log (never a
//! token, at any log level, wherever a client put it), and the start-up refusals (a policy
//! that cannot be enforced, a malformed origin) with their messages.

#[path = "../crash/http.rs"]
mod http;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const SUB: &str = "c0ffee00-0000-4000-8000-0000000000aa";
const USER: &str = "process-user-token-0001";
const OPERATOR: &str = "process-operator-token-0001";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("waybill-process-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs the binary with `args` until it exits by itself (a refused start); its exit success
/// and standard error.
fn refused_start(args: &[&str]) -> (bool, String) {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = temp_dir(&format!("refused-{n}"));
    let output = Command::new(env!("CARGO_BIN_EXE_waybill-server"))
        .args(["--listen", &format!("127.0.0.1:{}", free_port()), "--data-dir"])
        .arg(&dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn tokens_never_reach_the_log_at_debug_level_wherever_a_client_puts_them() {
    let dir = temp_dir("log");
    let mut server = spawn(&dir, &[], "debug", Stdio::piped());
    let port = server.port;
    let jobs = format!(
        "/subscriptions/{SUB}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01"
    );
    let secret_in_query = "query-secret-token-0042";
    let cases: [(&str, String, &str); 6] = [
        ("GET", jobs.clone(), USER),
        ("GET", format!("{jobs}&token={secret_in_query}&access_token={secret_in_query}"), USER),
        (
            "GET",
            format!("/subscriptions?api-version=2020-01-01&code={secret_in_query}"),
            "wrong-token-9999",
        ),
        ("GET", "/_emulator/clock".into(), OPERATOR),
        ("GET", "/_emulator/clock".into(), USER),
        ("GET", format!("/no/such/route?sig={secret_in_query}"), OPERATOR),
    ];
    for (method, path, token) in &cases {
        let answer = http::request(port, method, path, token, None).expect("answered");
        assert!(answer.status < 500, "{path}: {} {}", answer.status, answer.body);
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    let mut log = String::new();
    server.child.stderr.take().expect("stderr").read_to_string(&mut log).expect("log");
    let _ = std::fs::remove_dir_all(&dir);
    // Debug logs every request: the check looked at real lines.
    assert!(log.matches("request").count() >= cases.len(), "every request was logged:\n{log}");
    for secret in [USER, OPERATOR, secret_in_query, "wrong-token-9999"] {
        assert!(!log.contains(secret), "{secret} reached the log:\n{log}");
    }
}

#[test]
fn a_policy_that_cannot_be_enforced_stops_start_up_naming_every_problem() {
    let dir = temp_dir("policy");
    let file = dir.join("policy.json");
    std::fs::write(
        &file,
        r#"{"retentionDays": 0, "cancellableStates": ["Creating", "Completed"], "maxDrives": 500}"#,
    )
    .expect("policy");
    let (ok, stderr) = refused_start(&["--policy", file.to_str().expect("path")]);
    assert!(!ok, "the service must not start");
    for problem in [
        "cannot be enforced",
        "retentionDays is 0; it must be between 1 and 36500 days",
        "maxDrives is 500; it must be between 1 and 100",
        "cancellableStates contains Completed, a final state",
    ] {
        assert!(stderr.contains(problem), "'{problem}' is not named:\n{stderr}");
    }
    std::fs::write(&file, r#"{"retentionDayz": 30}"#).expect("policy");
    let (ok, stderr) = refused_start(&["--policy", file.to_str().expect("path")]);
    assert!(
        !ok && stderr.contains("is not a policy") && stderr.contains("retentionDayz"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_malformed_origin_stops_start_up_with_a_clear_message() {
    let (ok, stderr) = refused_start(&["--cors-origin", "console.example"]);
    assert!(!ok, "the service must not start");
    assert!(stderr.contains("--cors-origin 'console.example' is not an origin"), "{stderr}");
    let ui = temp_dir("ui");
    std::fs::write(ui.join("index.html"), "<html></html>").expect("index");
    let (ok, stderr) =
        refused_start(&["--ui", ui.to_str().expect("path"), "--console-connect", "https://x/path"]);
    assert!(
        !ok && stderr.contains("--console-connect 'https://x/path' is not an origin"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&ui);
}

/// A running `waybill-server`, killed when dropped.
struct Running {
    child: std::process::Child,
    port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(dir: &std::path::Path, args: &[&str]) -> Running {
    spawn(dir, args, "warn", Stdio::null())
}

/// Starts the binary on `dir` with the test tokens, `args`, the log level and where its log
/// goes; returns once it is listening.
fn spawn(dir: &std::path::Path, args: &[&str], log: &str, stderr: Stdio) -> Running {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_waybill-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir)
        .args(["--token", &format!("{USER}={SUB}"), "--operator-token", OPERATOR])
        .args(args)
        .env("WAYBILL_LOG", log)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("a line");
    assert!(line.contains("listening"), "{line}");
    Running { child, port }
}

fn job(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/{name}?api-version=2021-01-01"
    )
}

fn create_and_ship(port: u16, name: &str) {
    let body = format!(
        r#"{{"location":"West US","properties":{{"storageAccountId":"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import","returnAddress":{{"recipientName":"R","streetAddress1":"S","city":"C","postalCode":"1","countryOrRegion":"SE","phone":"1","email":"a@b.c"}},"driveList":[{{"driveId":"D1","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}}]}}}}"#
    );
    assert_eq!(
        http::request(port, "PUT", &job(name), USER, Some(&body)).expect("create").status,
        201
    );
    let ship = r#"{"properties":{"state":"Shipping","deliveryPackage":{"carrierName":"FedEx","trackingNumber":"1"}}}"#;
    assert_eq!(
        http::request(port, "PATCH", &job(name), USER, Some(ship)).expect("ship").status,
        200
    );
}

fn state_of(port: u16, name: &str) -> (u16, String) {
    let answer = http::request(port, "GET", &job(name), USER, None).expect("get");
    let value: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
    (answer.status, value["properties"]["state"].as_str().unwrap_or("").to_owned())
}

/// Polls `check` for up to `seconds`.
fn within(seconds: u64, what: &str, mut check: impl FnMut() -> bool) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::time::Instant::now() < end {
        if check() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{what} did not happen within {seconds} s");
}

#[test]
fn the_background_work_runs_by_itself_in_the_real_binary() {
    let dir = temp_dir("background");
    // The automatic mode moves a shipped job on, and a requested cancellation is carried out,
    // with no request from the operator.
    {
        let server = run(&dir, &["--auto-advance", "1", "--cancel-after", "0"]);
        create_and_ship(server.port, "moving");
        within(5, "the automatic mode moving the job", || {
            state_of(server.port, "moving").1 != "Shipping"
        });
        create_and_ship(server.port, "cancelled");
        let cancel = r#"{"properties":{"cancelRequested":true}}"#;
        assert_eq!(
            http::request(server.port, "PATCH", &job("cancelled"), USER, Some(cancel))
                .expect("cancel")
                .status,
            200
        );
        within(5, "the cancellation carried out", || {
            state_of(server.port, "cancelled").1 == "Completed"
        });
        // Five days later (the route moves the clock) the completed job is still kept.
        let moved = http::request(
            server.port,
            "POST",
            "/_emulator/clock",
            OPERATOR,
            Some(r#"{"advanceDays":5}"#),
        )
        .expect("clock");
        assert!(moved.body.contains("\"removedJobs\":0"), "{}", moved.body);
    }
    // Restarted with a 3-day retention, nothing but the background sweep runs: it removes the
    // job (recording it in the audit log) without any request.
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"retentionDays": 3}"#).expect("policy");
    let _server = run(&dir, &["--policy", policy.to_str().expect("path"), "--sweep-every", "1"]);
    let db = dir.join("waybill.db");
    let count = |sql: &str| -> i64 {
        let out = Command::new("python3")
            .args(["-c", &format!("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute({sql:?}).fetchone()[0])"), db.to_str().expect("path")])
            .output()
            .expect("python3 reads the database");
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(-1)
    };
    within(5, "the sweep removing the job", || {
        count("SELECT COUNT(*) FROM jobs WHERE name_key = 'cancelled'") == 0
            && count(
                "SELECT COUNT(*) FROM events WHERE action = 'retention' AND name_key = 'cancelled'",
            ) == 1
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reads one HTTP/1.1 answer with a `Content-Length` from a kept-alive connection: its status,
/// headers (lowercase names) and body.
fn read_answer(stream: &mut std::net::TcpStream) -> (u16, String, Vec<u8>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("an answer on the same connection");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("a content-length, so the connection can carry on:\n{head}"));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("the whole body");
    (status, head, body)
}

/// A page load as a browser makes it: the console's page, its CSS, JS and wasm, then an API
/// answer, one after another over ONE kept-alive connection, each answered whole and the
/// connection kept open for the next. (How long each takes is `scripts/bench-keepalive.sh`'s
/// to measure, against fresh connections; a test asserts no time.)
#[test]
fn a_page_load_is_answered_whole_over_one_kept_alive_connection() {
    use std::io::Write;
    let dir = temp_dir("keepalive");
    let ui = dir.join("ui");
    std::fs::create_dir_all(&ui).expect("ui folder");
    let wasm: Vec<u8> =
        (0..1_048_576u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let assets: [(&str, Vec<u8>); 4] = [
        ("index.html", b"<!doctype html><html><head><title>Waybill</title></head></html>".to_vec()),
        ("main-1.css", b"body { margin: 0 }".to_vec()),
        ("waybill-console-1.js", b"export default function init() {}".to_vec()),
        ("waybill-console-1_bg.wasm", wasm),
    ];
    for (name, bytes) in &assets {
        std::fs::write(ui.join(name), bytes).expect("asset");
    }
    let ui_arg = ui.to_str().expect("utf-8 path").to_owned();
    let server = spawn(&dir.join("data"), &["--ui", &ui_arg], "info", Stdio::null());
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connects");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
    for (name, bytes) in &assets {
        let path = if *name == "index.html" { "/".to_owned() } else { format!("/{name}") };
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("sent");
        let (status, head, body) = read_answer(&mut stream);
        assert_eq!(status, 200, "{path}: {head}");
        assert!(!head.contains("connection: close"), "{path} closed the connection");
        assert_eq!(&body, bytes, "{path} answered whole");
    }
    let jobs = format!(
        "/subscriptions/{SUB}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01"
    );
    write!(
        stream,
        "GET {jobs} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {USER}\r\n\r\n"
    )
    .expect("sent");
    let (status, head, body) = read_answer(&mut stream);
    assert_eq!(status, 200, "{head}");
    let list: serde_json::Value = serde_json::from_slice(&body).expect("a JSON list");
    assert!(list["value"].is_array(), "{list}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
