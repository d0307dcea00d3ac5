//! Webhooks lose nothing across a crash: the real service, started with `--webhook`, is killed
//! with SIGKILL after it acknowledged changes whose events it was still trying to deliver (the
//! receiver holds every notification without answering), then restarted: the receiver gets
//! every acknowledged change's event.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::request;
use super::{USER, create_body, job_path, start_with};

/// A receiver on a loopback port: answers Event Grid's handshake; records the notifications it
/// answered (event id and subject); holds notifications unanswered while `answer` is false.
struct Receiver {
    port: u16,
    answered: Arc<Mutex<Vec<(String, String, String)>>>,
    held: Arc<AtomicUsize>,
    answer: Arc<AtomicBool>,
}

fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head, body))
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let receiver = Receiver {
            port: listener.local_addr().expect("addr").port(),
            answered: Arc::default(),
            held: Arc::default(),
            answer: Arc::new(AtomicBool::new(false)),
        };
        let (answered, held, answer) =
            (receiver.answered.clone(), receiver.held.clone(), receiver.answer.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (answered, held, answer) = (answered.clone(), held.clone(), answer.clone());
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let Some((head, body)) = read_request(&mut stream) else { return };
                    let events: serde_json::Value =
                        serde_json::from_slice(&body).unwrap_or_default();
                    let event = &events[0];
                    let reply = if head.contains("aeg-event-type: subscriptionvalidation") {
                        serde_json::json!({ "validationResponse": event["data"]["validationCode"] })
                            .to_string()
                    } else {
                        if !answer.load(Ordering::SeqCst) {
                            // Held: the service gives up after its timeout; the socket stays
                            // open until then.
                            held.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_secs(20));
                            return;
                        }
                        answered.lock().expect("lock").push((
                            event["id"].as_str().unwrap_or("").to_owned(),
                            event["eventType"].as_str().unwrap_or("").to_owned(),
                            event["data"]["jobName"].as_str().unwrap_or("").to_owned(),
                        ));
                        String::new()
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                        reply.len()
                    );
                });
            }
        });
        receiver
    }
}

fn start(dir: &std::path::Path, hook: &str) -> (Child, u16) {
    let server =
        start_with(dir, &["--webhook", hook, "--allow-private-webhooks", "--webhook-timeout", "2"]);
    (server.child, server.port)
}

#[test]
fn an_acknowledged_change_is_delivered_after_sigkill_between_commit_and_delivery() {
    let dir = std::env::temp_dir().join(format!("waybill-crash-hooks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let receiver = Receiver::start();
    let hook = format!("http://127.0.0.1:{}/hook", receiver.port);
    let (mut server, port) = start(&dir, &hook);
    let names: Vec<String> = (0..12).map(|i| format!("hooked-{i}")).collect();
    for name in &names {
        let response =
            request(port, "PUT", &job_path(name), USER, Some(&create_body(name))).expect("PUT");
        assert_eq!(response.status, 201, "{}", response.body);
    }
    // Every change is acknowledged; the service is sending (and the receiver holding) events.
    let waiting = Instant::now();
    while receiver.held.load(Ordering::SeqCst) == 0 {
        assert!(waiting.elapsed() < Duration::from_secs(10), "no delivery was attempted");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().expect("SIGKILL");
    let _ = server.wait();
    assert!(receiver.answered.lock().expect("lock").is_empty(), "nothing was delivered before");

    receiver.answer.store(true, Ordering::SeqCst);
    let (mut server, _port) = start(&dir, &hook);
    let waiting = Instant::now();
    let delivered = loop {
        let got: BTreeSet<String> = receiver
            .answered
            .lock()
            .expect("lock")
            .iter()
            .filter(|(_, t, _)| t == "Microsoft.ImportExport.JobCreated")
            .map(|(_, _, name)| name.clone())
            .collect();
        if got.len() == names.len() || waiting.elapsed() > Duration::from_secs(60) {
            break got;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(delivered, names.iter().cloned().collect::<BTreeSet<_>>(), "every event arrived");
    let answered = receiver.answered.lock().expect("lock");
    let ids: BTreeSet<&String> = answered.iter().map(|(id, _, _)| id).collect();
    println!(
        "webhooks crash test: {} events held at the SIGKILL, all {} delivered after the restart \
         ({} requests answered for {} distinct events)",
        receiver.held.load(Ordering::SeqCst),
        names.len(),
        answered.len(),
        ids.len()
    );
}
