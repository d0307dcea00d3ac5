//! Webhooks (`/_waybill/subscriptions/{sub}/eventSubscriptions`): the validation handshake,
//! deliveries in the Event Grid schema with their signature, filters, retries on the service's
//! clock, dead-lettering, timeouts, and the endpoints refused — against a real receiver on a
//! loopback port.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::support::*;

/// How the receiver answers notifications.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Ok,
    Status(u16),
    Hang,
    /// Answers the handshake without its code.
    NoEcho,
}

#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    raw: Bytes,
    events: Vec<Value>,
}

#[derive(Clone)]
struct Receiver {
    url: String,
    seen: Arc<Mutex<Vec<Received>>>,
    mode: Arc<Mutex<Mode>>,
    server: Arc<tokio::task::JoinHandle<()>>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if Arc::strong_count(&self.server) == 1 {
            self.server.abort();
        }
    }
}

async fn hook(
    State(r): State<Receiver>,
    headers: HeaderMap,
    raw: Bytes,
) -> axum::response::Response {
    let events: Vec<Value> = serde_json::from_slice(&raw).unwrap_or_default();
    let mode = *r.mode.lock().expect("mode");
    r.seen.lock().expect("seen").push(Received {
        headers: headers.clone(),
        raw,
        events: events.clone(),
    });
    if headers.get("aeg-event-type").is_some_and(|v| v == "SubscriptionValidation") {
        match mode {
            Mode::NoEcho => return (StatusCode::OK, "{}").into_response(),
            Mode::Status(s) => return StatusCode::from_u16(s).expect("status").into_response(),
            Mode::Ok | Mode::Hang => {}
        }
        let code = events[0]["data"]["validationCode"].as_str().unwrap_or("").to_owned();
        return axum::Json(json!({ "validationResponse": code })).into_response();
    }
    match mode {
        Mode::Ok | Mode::NoEcho => StatusCode::OK.into_response(),
        Mode::Status(s) => StatusCode::from_u16(s).expect("status").into_response(),
        Mode::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
    }
}

impl Receiver {
    async fn start(mode: Mode) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let seen = Arc::default();
        let mode = Arc::new(Mutex::new(mode));
        let placeholder = Arc::new(tokio::spawn(async {}));
        let mut receiver = Receiver {
            url: format!("http://127.0.0.1:{port}/hook?code=query-key-0001"),
            seen,
            mode,
            server: placeholder,
        };
        let router = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(receiver.clone());
        receiver.server = Arc::new(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
        receiver
    }

    fn set(&self, mode: Mode) {
        *self.mode.lock().expect("mode") = mode;
    }

    fn notifications(&self) -> Vec<Received> {
        self.seen
            .lock()
            .expect("seen")
            .iter()
            .filter(|r| r.headers.get("aeg-event-type").is_some_and(|v| v == "Notification"))
            .cloned()
            .collect()
    }

    fn validations(&self) -> usize {
        let all = self.seen.lock().expect("seen").len();
        all - self.notifications().len()
    }

    /// Waits (up to 10 s) until `n` notifications arrived; returns their events' types.
    async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            let got = self.notifications();
            if got.len() >= n {
                return got
                    .iter()
                    .map(|r| r.events[0]["eventType"].as_str().unwrap_or("").to_owned())
                    .collect();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{n} notifications did not arrive: {:?}", self.notifications().len());
    }
}

fn es_url(name: &str) -> String {
    format!("/_waybill/subscriptions/{SUB}/eventSubscriptions/{name}")
}

/// The dispatcher of the test's service, stopped when dropped.
struct Dispatcher(tokio::task::JoinHandle<()>);

impl Drop for Dispatcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn dispatch(app: &TestApp) -> Dispatcher {
    Dispatcher(waybill_server::webhooks::dispatch::spawn(app.state.clone()))
}

async fn put_es(app: &TestApp, name: &str, properties: Value) -> (StatusCode, Value) {
    app.call(Method::PUT, &es_url(name), Some(USER), Some(json!({ "properties": properties })))
        .await
}

async fn deliveries(app: &TestApp, name: &str) -> Vec<Value> {
    let (status, body) = app.get(&format!("{}/deliveries", es_url(name))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["value"].as_array().cloned().unwrap_or_default()
}

/// Waits (up to 10 s) until the newest delivery satisfies `ok`.
async fn wait_delivery(app: &TestApp, name: &str, ok: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..200 {
        if let Some(d) = deliveries(app, name).await.first()
            && ok(d)
        {
            return d.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the delivery never got there: {:?}", deliveries(app, name).await.first());
}

async fn advance_clock(app: &TestApp, seconds: i64) {
    let (status, body) = app
        .call(
            Method::POST,
            "/_emulator/clock",
            Some(OPERATOR),
            Some(json!({ "advanceSeconds": seconds })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn hmac_hex(secret: &str, signed: &[u8]) -> String {
    // HMAC-SHA256 written out (RFC 2104), independent of the service's implementation.
    use sha2::{Digest, Sha256};
    let mut key = secret.as_bytes().to_vec();
    if key.len() > 64 {
        key = Sha256::digest(&key).to_vec();
    }
    key.resize(64, 0);
    let inner: Vec<u8> = key.iter().map(|b| b ^ 0x36).chain(signed.iter().copied()).collect();
    let inner = Sha256::digest(&inner);
    let outer: Vec<u8> = key.iter().map(|b| b ^ 0x5c).chain(inner.iter().copied()).collect();
    Sha256::digest(&outer).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_validated_endpoint_is_told_every_change_signed_in_the_event_grid_schema() {
    let app = TestApp::new().await;
    let receiver = Receiver::start(Mode::Ok).await;
    let (status, body) = put_es(
        &app,
        "orders-hook",
        json!({ "endpointUrl": receiver.url, "secret": "s3cret-shared-key" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(receiver.validations(), 1, "the handshake came first");
    let validation = receiver.seen.lock().expect("seen")[0].clone();
    assert_eq!(
        validation.events[0]["eventType"],
        "Microsoft.EventGrid.SubscriptionValidationEvent"
    );
    assert_eq!(validation.headers["aeg-subscription-name"], "ORDERS-HOOK");
    // The answer never shows the secret nor the endpoint's query.
    let text = body.to_string();
    assert!(!text.contains("s3cret-shared-key") && !text.contains("query-key-0001"), "{text}");
    assert_eq!(body["properties"]["hasSecret"], true);
    assert_eq!(body["properties"]["provisioningState"], "Succeeded");
    assert!(body["properties"]["endpointBaseUrl"].as_str().unwrap().ends_with("/hook"));

    let _dispatcher = dispatch(&app);
    app.create_import("hooked").await;
    let (status, cancelled) =
        app.patch_job("hooked", json!({ "properties": { "cancelRequested": true } })).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    let (status, _) = app.delete_job("hooked").await;
    assert_eq!(status, StatusCode::OK);
    let types = receiver.wait_for(3).await;
    assert_eq!(types[0], "Microsoft.ImportExport.JobCreated");
    assert!(types.contains(&"Microsoft.ImportExport.JobCancelRequested".to_owned()), "{types:?}");
    assert_eq!(types.last().map(String::as_str), Some("Microsoft.ImportExport.JobDeleted"));

    for got in receiver.notifications() {
        let event = &got.events[0];
        for field in [
            "id",
            "topic",
            "subject",
            "eventType",
            "eventTime",
            "data",
            "dataVersion",
            "metadataVersion",
        ] {
            assert!(!event[field].is_null(), "{field} in {event}");
        }
        assert_eq!(event["topic"], format!("/subscriptions/{SUB}"));
        assert!(
            event["subject"]
                .as_str()
                .unwrap()
                .ends_with("/providers/Microsoft.ImportExport/jobs/hooked")
        );
        assert_eq!(event["data"]["jobName"], "hooked");
        assert_eq!(event["data"]["caller"], "user-1");
        assert_eq!(got.headers["aeg-event-type"], "Notification");
        assert_eq!(got.headers["aeg-delivery-count"], "0");
        // The signature: t=<seconds>,sha256=HMAC(secret, "<seconds>.<body>").
        let sig = got.headers["waybill-signature"].to_str().expect("ascii");
        let (t, mac) = sig.split_once(",sha256=").expect("t=...,sha256=...");
        let t = t.strip_prefix("t=").expect("t=");
        let signed = [t.as_bytes(), b".", &got.raw].concat();
        assert_eq!(mac, hmac_hex("s3cret-shared-key", &signed));
    }
    let created = &receiver.notifications()[0].events[0];
    assert_eq!(created["data"]["state"], "Creating");
    assert!(created["data"]["previousState"].is_null());

    let delivered = wait_delivery(&app, "orders-hook", |d| d["status"] == "Delivered").await;
    assert_eq!(delivered["attempts"], 1);
    assert_eq!(delivered["lastHttpStatus"], 200);
    let (_, es) = app.get(&es_url("orders-hook")).await;
    assert_eq!(es["properties"]["deliveries"]["pending"], 0, "{es}");
    assert!(es["properties"]["deliveries"]["delivered"].as_u64().unwrap() >= 3, "{es}");
    let (status, list) =
        app.get(&format!("/_waybill/subscriptions/{SUB}/eventSubscriptions")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["value"][0]["name"], "orders-hook");
}

#[tokio::test]
async fn filters_narrow_by_resource_group_event_type_and_state() {
    let app = TestApp::new().await;
    let receiver = Receiver::start(Mode::Ok).await;
    let (status, body) = put_es(
        &app,
        "completed-only",
        json!({
            "endpointUrl": receiver.url,
            "filter": {
                "resourceGroup": RG.to_uppercase(),
                "includedEventTypes": ["microsoft.importexport.jobstatechanged"],
                "jobStates": ["completed"]
            }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["properties"]["filter"]["includedEventTypes"][0],
        "Microsoft.ImportExport.JobStateChanged"
    );
    assert_eq!(body["properties"]["filter"]["jobStates"][0], "Completed");
    let _dispatcher = dispatch(&app);
    app.job_in("filtered", "Transferring").await;
    app.advance("filtered", Some("Completed")).await;
    let types = receiver.wait_for(1).await;
    assert_eq!(types, ["Microsoft.ImportExport.JobStateChanged"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = receiver.notifications();
    assert_eq!(got.len(), 1, "only the move to Completed passes");
    assert_eq!(got[0].events[0]["data"]["state"], "Completed");
}

#[tokio::test]
async fn a_failing_receiver_is_retried_on_the_service_clock_then_dead_lettered() {
    let app = TestApp::new().await;
    let receiver = Receiver::start(Mode::Ok).await;
    let (status, body) = put_es(
        &app,
        "flaky",
        json!({ "endpointUrl": receiver.url, "retryPolicy": { "maxDeliveryAttempts": 3 } }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    receiver.set(Mode::Status(503));
    let _dispatcher = dispatch(&app);
    app.create_import("retried").await;
    let first = wait_delivery(&app, "flaky", |d| d["attempts"] == 1).await;
    assert_eq!(first["status"], "Pending");
    assert_eq!(first["lastHttpStatus"], 503);
    // Event Grid's schedule: the next attempt 10 s later, on the service's clock.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.notifications().len(), 1, "no retry before it is due");
    advance_clock(&app, 11).await;
    let second = wait_delivery(&app, "flaky", |d| d["attempts"] == 2).await;
    assert_eq!(second["status"], "Pending");
    assert_eq!(receiver.notifications()[1].headers["aeg-delivery-count"], "1");
    advance_clock(&app, 31).await;
    let last = wait_delivery(&app, "flaky", |d| d["status"] == "DeadLettered").await;
    assert_eq!(last["attempts"], 3);
    assert!(last["lastError"].as_str().unwrap().contains("MaxDeliveryAttemptsExceeded"), "{last}");
    assert_eq!(receiver.notifications().len(), 3);

    // A 400 is not retried: dead-lettered at once.
    receiver.set(Mode::Status(400));
    let (status, _) = app.delete_job("retried").await;
    assert_eq!(status, StatusCode::OK);
    let refused = wait_delivery(&app, "flaky", |d| {
        d["eventType"] == "Microsoft.ImportExport.JobDeleted" && d["status"] != "Pending"
    })
    .await;
    assert_eq!(refused["status"], "DeadLettered");
    assert_eq!(refused["attempts"], 1);
    let (_, dead) = app.get(&format!("{}/deliveries?status=deadlettered", es_url("flaky"))).await;
    assert_eq!(dead["value"].as_array().map(Vec::len), Some(2), "{dead}");
    let (_, es) = app.get(&es_url("flaky")).await;
    assert_eq!(es["properties"]["deliveries"]["deadLettered"], 2, "{es}");
}

#[tokio::test]
async fn a_receiver_that_never_answers_times_out_and_is_tried_again() {
    let mut app = TestApp::new().await;
    app.state.webhooks.timeout = Duration::from_secs(1);
    app.router = waybill_server::app(app.state.clone());
    let receiver = Receiver::start(Mode::Ok).await;
    let (status, body) = put_es(&app, "slow", json!({ "endpointUrl": receiver.url })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    receiver.set(Mode::Hang);
    let _dispatcher = dispatch(&app);
    app.create_import("waited-for").await;
    let timed_out = wait_delivery(&app, "slow", |d| d["attempts"] == 1).await;
    assert_eq!(timed_out["status"], "Pending");
    assert!(
        timed_out["lastError"].as_str().unwrap().contains("did not answer within"),
        "{timed_out}"
    );
    receiver.set(Mode::Ok);
    advance_clock(&app, 11).await;
    wait_delivery(&app, "slow", |d| d["status"] == "Delivered").await;
}

#[tokio::test]
async fn an_endpoint_that_fails_the_handshake_is_not_stored() {
    let app = TestApp::new().await;
    let receiver = Receiver::start(Mode::NoEcho).await;
    let (status, body) = put_es(&app, "unproven", json!({ "endpointUrl": receiver.url })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), "EndpointValidationFailed");
    assert_eq!(body["error"]["target"], "properties.endpointUrl");
    receiver.set(Mode::Status(500));
    let (status, body) = put_es(&app, "unproven", json!({ "endpointUrl": receiver.url })).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "EndpointValidationFailed"),
        "{body}"
    );
    // Nothing listens on port 9 (discard) here.
    let (status, body) =
        put_es(&app, "unproven", json!({ "endpointUrl": "http://127.0.0.1:9/x" })).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "EndpointValidationFailed"),
        "{body}"
    );
    let (status, body) = app.get(&es_url("unproven")).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "ResourceNotFound"));
    // Replacing a validated one with an endpoint that fails keeps the old one whole.
    receiver.set(Mode::Ok);
    let (status, _) = put_es(&app, "proven", json!({ "endpointUrl": receiver.url })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) =
        put_es(&app, "proven", json!({ "endpointUrl": "http://127.0.0.1:9/x" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (_, kept) = app.get(&es_url("proven")).await;
    assert!(kept["properties"]["endpointBaseUrl"].as_str().unwrap().ends_with("/hook"), "{kept}");
    // The same endpoint again is not validated again.
    let before = receiver.validations();
    let (status, _) =
        put_es(&app, "proven", json!({ "endpointUrl": receiver.url, "secret": "another-secret" }))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receiver.validations(), before);
}

#[tokio::test]
async fn hostile_and_malformed_requests_are_refused_and_change_nothing() {
    let mut app = TestApp::new().await;
    app.state.webhooks.allow_private = false;
    app.router = waybill_server::app(app.state.clone());
    for (url, expected) in [
        ("http://127.0.0.1:8080/hook", "EndpointNotAllowed"),
        ("http://localhost:8080/hook", "EndpointNotAllowed"),
        ("http://169.254.169.254/latest/meta-data", "EndpointNotAllowed"),
        ("http://10.0.0.1/hook", "EndpointNotAllowed"),
        ("http://[::1]/hook", "EndpointNotAllowed"),
        ("http://[::ffff:127.0.0.1]/hook", "EndpointNotAllowed"),
        ("http://0.0.0.0/hook", "EndpointNotAllowed"),
        ("ftp://example.com/hook", "EndpointNotAllowed"),
        ("file:///etc/passwd", "EndpointNotAllowed"),
        ("https://user:password@example.com/hook", "InvalidPropertyValue"),
        ("not a url", "InvalidPropertyValue"),
    ] {
        let (status, body) = put_es(&app, "hostile", json!({ "endpointUrl": url })).await;
        assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, expected), "{url}: {body}");
    }
    let ok = "https://hooks.example.com/in";
    for (properties, target) in [
        (json!({}), "properties.endpointUrl"),
        (json!({ "endpointUrl": ok, "secret": "short" }), "properties.secret"),
        (
            json!({ "endpointUrl": ok, "filter": { "includedEventTypes": ["JobExploded"] } }),
            "properties.filter.includedEventTypes",
        ),
        (
            json!({ "endpointUrl": ok, "filter": { "jobStates": ["Lost"] } }),
            "properties.filter.jobStates",
        ),
        (
            json!({ "endpointUrl": ok, "filter": { "resourceGroup": "bad/group" } }),
            "properties.filter.resourceGroup",
        ),
        (
            json!({ "endpointUrl": ok, "retryPolicy": { "maxDeliveryAttempts": 31 } }),
            "properties.retryPolicy.maxDeliveryAttempts",
        ),
        (
            json!({ "endpointUrl": ok, "retryPolicy": { "eventTimeToLiveInMinutes": 0 } }),
            "properties.retryPolicy.eventTimeToLiveInMinutes",
        ),
    ] {
        let (status, body) = put_es(&app, "malformed", properties.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{properties}: {body}");
        assert_eq!(body["error"]["target"], target, "{properties}: {body}");
    }
    let (status, body) = app
        .call(
            Method::PUT,
            &es_url("x"),
            Some(USER),
            Some(json!({ "properties": { "endpointUrl": ok } })),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidResourceName"), "{body}");
    let (status, body) = app
        .call(
            Method::PUT,
            &es_url("typed"),
            Some(USER),
            Some(json!({ "properties": { "endpointUrl": 7 } })),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidRequestContent"), "{body}");
    // Another subscription's token, no token, the operator's list.
    let (status, body) = app.call(Method::GET, &es_url("hostile"), Some(OTHER_USER), None).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "AuthorizationFailed"));
    let (status, _) = app.call(Method::GET, &es_url("hostile"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.call(Method::GET, "/_waybill/eventSubscriptions", Some(USER), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, list) =
        app.call(Method::GET, "/_waybill/eventSubscriptions", Some(OPERATOR), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["value"], json!([]), "nothing was stored");
    let (status, _) = app.call(Method::DELETE, &es_url("hostile"), Some(USER), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_deleted_event_subscription_is_told_nothing_more() {
    let app = TestApp::new().await;
    let receiver = Receiver::start(Mode::Ok).await;
    let (status, _) = put_es(&app, "short-lived", json!({ "endpointUrl": receiver.url })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.call(Method::DELETE, &es_url("short-lived"), Some(USER), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.get(&es_url("short-lived")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _dispatcher = dispatch(&app);
    app.create_import("unheard").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(receiver.notifications().is_empty());
}
