//! Live updates (`/_waybill/subscriptions/{sub}/events`): job changes as server-sent events,
//! resumable with `Last-Event-ID`, in the same scope rules as the job routes.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::support::*;

fn events_url(group: Option<&str>) -> String {
    match group {
        Some(g) => format!("/_waybill/subscriptions/{SUB}/events?resourceGroup={g}"),
        None => format!("/_waybill/subscriptions/{SUB}/events"),
    }
}

/// An open stream: its body's chunks, read as text.
struct Stream {
    body: axum::body::BodyDataStream,
    buffer: String,
}

impl Stream {
    async fn open(app: &TestApp, url: &str, last: Option<&str>) -> Stream {
        let request = user_get(url, last.map(|id| ("last-event-id", id)));
        let response =
            tower::ServiceExt::oneshot(app.router.clone(), request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
        Stream { body: response.into_body().into_data_stream(), buffer: String::new() }
    }

    /// The next `job` event: its id and data.
    async fn next(&mut self) -> (i64, Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = None;
                for line in frame.lines() {
                    if let Some(v) = line.strip_prefix("id: ").or_else(|| line.strip_prefix("id:"))
                    {
                        id = v.trim().parse().ok();
                    }
                    if let Some(v) =
                        line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:"))
                    {
                        data = serde_json::from_str(v.trim()).ok();
                    }
                }
                if let (Some(id), Some(data)) = (id, data) {
                    return (id, data);
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(5), self.body.next())
                .await
                .expect("an event within 5 s")
                .expect("the stream is open")
                .expect("a chunk");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Nothing arrives within `wait`.
    async fn quiet(&mut self, wait: Duration) {
        let got = tokio::time::timeout(wait, self.body.next()).await;
        assert!(got.is_err(), "nothing else is sent: {got:?}");
    }
}

#[tokio::test]
async fn a_stream_sends_each_change_with_its_event_id_and_the_job_as_it_is_now() {
    let app = TestApp::new().await;
    let mut stream = Stream::open(&app, &events_url(None), None).await;
    app.create_import("live-1").await;
    let (status, _) =
        app.patch_job("live-1", json!({"properties": {"cancelRequested": true}})).await;
    assert_eq!(status, StatusCode::OK);
    // A refusal changes nothing and is not streamed.
    let (status, _) =
        app.patch_job("live-1", json!({"properties": {"cancelRequested": false}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (first, created) = stream.next().await;
    assert_eq!(created["action"], "create");
    assert_eq!(created["name"], "live-1");
    assert_eq!(created["stateAfter"], "Creating");
    let (second, cancelled) = stream.next().await;
    assert!(second > first);
    assert_eq!(cancelled["action"], "cancel");
    assert_eq!(cancelled["cancelRequested"], true);
    assert_eq!(cancelled["caller"], "user-1");
    assert_eq!(cancelled["job"]["properties"]["cancelRequested"], true);
    assert!(cancelled["resourceId"].as_str().is_some_and(|id| id.ends_with("/jobs/live-1")));
    stream.quiet(Duration::from_millis(300)).await;
    let (status, _) = app.delete_job("live-1").await;
    assert_eq!(status, StatusCode::OK);
    let (_, deleted) = stream.next().await;
    assert_eq!((deleted["action"].as_str(), deleted["job"].is_null()), (Some("delete"), true));
}

#[tokio::test]
async fn a_client_reconnecting_with_last_event_id_misses_nothing() {
    let app = TestApp::new().await;
    let mut stream = Stream::open(&app, &events_url(None), None).await;
    app.create_import("resume-1").await;
    let (seen, _) = stream.next().await;
    drop(stream);
    // While no client listens, two more changes.
    app.create_import("resume-2").await;
    app.patch_job("resume-1", json!({"properties": {"logLevel": "Verbose"}})).await;
    let mut again = Stream::open(&app, &events_url(None), Some(&seen.to_string())).await;
    let (_, a) = again.next().await;
    let (_, b) = again.next().await;
    assert_eq!((a["name"].as_str(), a["action"].as_str()), (Some("resume-2"), Some("create")));
    assert_eq!((b["name"].as_str(), b["action"].as_str()), (Some("resume-1"), Some("update")));
}

#[tokio::test]
async fn a_resource_group_stream_sends_that_groups_changes_only() {
    let app = TestApp::new().await;
    let mut stream = Stream::open(&app, &events_url(Some(&RG.to_uppercase())), None).await;
    let other = format!(
        "/subscriptions/{SUB}/resourceGroups/otherGroup/providers/Microsoft.ImportExport/jobs/elsewhere?api-version={V}"
    );
    let (status, _) = app.call(Method::PUT, &other, Some(USER), Some(import_body())).await;
    assert_eq!(status, StatusCode::CREATED);
    app.create_import("here").await;
    let (_, event) = stream.next().await;
    assert_eq!(event["name"], "here");
}

#[tokio::test]
async fn streams_follow_the_job_routes_scope_rules() {
    let app = TestApp::new().await;
    for (url, token, status, expected) in [
        (events_url(None), None, StatusCode::UNAUTHORIZED, "AuthenticationFailed"),
        (events_url(None), Some(OTHER_USER), StatusCode::FORBIDDEN, "AuthorizationFailed"),
        (
            events_url(Some("bad!group")),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidResourceGroupName",
        ),
    ] {
        let (got, body) = app.call(Method::GET, &url, token, None).await;
        assert_eq!((got, code(&body)), (status, expected), "{url}");
    }
    let request = Request::builder()
        .uri(events_url(None))
        .header(header::AUTHORIZATION, format!("Bearer {USER}"))
        .header("last-event-id", "soon")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidRequestContent"));
}

#[tokio::test]
async fn a_stream_that_falls_far_behind_the_hub_still_gets_every_change_in_order() {
    // The hub keeps 1,024 messages; a stream that takes nothing while 1,100 changes are made
    // reads what it missed from the log, then follows the hub again.
    let app = TestApp::new().await;
    let mut slow = Stream::open(&app, &events_url(None), None).await;
    let mut other = Stream::open(&app, &events_url(None), None).await;
    // Both streams are following the hub before the burst.
    app.create_import("first").await;
    assert_eq!(slow.next().await.1["name"], "first");
    assert_eq!(other.next().await.1["name"], "first");
    let n = 1100;
    let mut seen_by_other = Vec::new();
    for i in 0..n {
        app.create_import(&format!("far-{i:04}")).await;
        // The other stream keeps up, so the hub is busy publishing meanwhile.
        if i % 100 == 99 {
            while seen_by_other.len() <= i {
                seen_by_other.push(other.next().await.0);
            }
        }
    }
    let mut ids = Vec::new();
    for i in 0..n {
        let (id, data) = slow.next().await;
        assert_eq!(data["name"], format!("far-{i:04}"), "in order, none missed");
        ids.push(id);
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(ids, seen_by_other, "both streams saw the same events");
    slow.quiet(Duration::from_millis(300)).await;
    app.create_import("after-catching-up").await;
    assert_eq!(slow.next().await.1["name"], "after-catching-up");
}
