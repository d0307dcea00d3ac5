//! The read cache behind GET and list: whatever was read before, the answer after an
//! acknowledged write shows that write; a job past its retention is gone even before a sweep;
//! racing readers cannot bring a deleted job back; cached lists keep each caller's links.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

/// The names of the jobs on the first page of the subscription's list.
async fn listed(app: &TestApp) -> Vec<String> {
    let (status, body) = app.get(&list_url()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|job| job["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Reads the job and the list twice, so both are answered from the cache afterwards.
async fn warm(app: &TestApp, name: &str) -> Value {
    let mut last = Value::Null;
    for _ in 0..2 {
        let (status, body) = app.get(&job_url(name)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        last = body;
        listed(app).await;
    }
    last
}

async fn listed_job(app: &TestApp, name: &str) -> Option<Value> {
    let (_, body) = app.get(&list_url()).await;
    body["value"].as_array().expect("value").iter().find(|j| j["name"] == name).cloned()
}

#[tokio::test]
async fn every_acknowledged_write_shows_in_the_next_get_and_list() {
    let app = TestApp::new().await;
    app.create_import("cached").await;
    warm(&app, "cached").await;

    // Replacing a job in Creating.
    let mut replacement = import_body();
    replacement["properties"]["diagnosticsPath"] = json!("replaced-path");
    let (status, body) = app.put_job("cached", replacement).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.get(&job_url("cached")).await.1["properties"]["diagnosticsPath"],
        "replaced-path"
    );
    assert_eq!(
        listed_job(&app, "cached").await.expect("listed")["properties"]["diagnosticsPath"],
        "replaced-path"
    );

    // Shipping, then the data center's move.
    warm(&app, "cached").await;
    assert_eq!(app.patch_job("cached", ship_body()).await.0, StatusCode::OK);
    assert_eq!(state_of(&app.get(&job_url("cached")).await.1), "Shipping");
    assert_eq!(state_of(&listed_job(&app, "cached").await.expect("listed")), "Shipping");
    warm(&app, "cached").await;
    app.advance("cached", Some("Transferring")).await;
    assert_eq!(state_of(&app.get(&job_url("cached")).await.1), "Transferring");
    assert_eq!(state_of(&listed_job(&app, "cached").await.expect("listed")), "Transferring");

    // Cancel.
    warm(&app, "cached").await;
    let cancel = json!({"properties": {"cancelRequested": true}});
    assert_eq!(app.patch_job("cached", cancel).await.0, StatusCode::OK);
    assert_eq!(app.get(&job_url("cached")).await.1["properties"]["cancelRequested"], true);
    assert_eq!(
        listed_job(&app, "cached").await.expect("listed")["properties"]["cancelRequested"],
        true
    );

    // A refused write changes nothing, and the cached answers stay right.
    warm(&app, "cached").await;
    let (status, _) = app.delete_job("cached").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(state_of(&app.get(&job_url("cached")).await.1), "Transferring");

    // Delete once the cancel has completed the job.
    app.advance("cached", None).await;
    warm(&app, "cached").await;
    assert_eq!(app.delete_job("cached").await.0, StatusCode::OK);
    assert_eq!(app.get(&job_url("cached")).await.0, StatusCode::NOT_FOUND);
    assert!(listed(&app).await.is_empty(), "the deleted job is not listed");
}

#[tokio::test]
async fn a_cached_job_is_gone_when_its_retention_ends_even_before_the_sweep() {
    let app = TestApp::new().await;
    app.job_in("kept", "Completed").await;
    app.job_in("other", "Transferring").await;
    warm(&app, "kept").await;
    assert_eq!(listed(&app).await, ["kept", "other"]);

    // Move the service's clock without the emulator route (which would also sweep).
    app.state.clock.set_offset(91 * 86_400);
    assert_eq!(app.get(&job_url("kept")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(listed(&app).await, ["other"], "a job past its retention is not listed");
}

/// Readers of one job and of the list, running until dropped (also when an assertion fails).
struct Readers(Vec<tokio::task::JoinHandle<()>>);

impl Readers {
    fn start(app: &Arc<TestApp>, name: &str) -> Readers {
        Readers(
            (0..3)
                .map(|i| {
                    let (app, name) = (app.clone(), name.to_owned());
                    tokio::spawn(async move {
                        loop {
                            if i == 0 {
                                listed(&app).await;
                            } else {
                                app.get(&job_url(&name)).await;
                            }
                            // Cached answers never wait: let the abort in.
                            tokio::task::yield_now().await;
                        }
                    })
                })
                .collect(),
        )
    }
}

impl Drop for Readers {
    fn drop(&mut self) {
        for reader in &self.0 {
            reader.abort();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_readers_never_bring_back_a_changed_or_deleted_job() {
    let app = Arc::new(TestApp::new().await);
    for round in 0..25 {
        let name = format!("raced-{round}");
        app.job_in(&name, "Transferring").await;
        let _readers = Readers::start(&app, &name);
        tokio::task::yield_now().await;
        let cancel = json!({"properties": {"cancelRequested": true}});
        assert_eq!(app.patch_job(&name, cancel).await.0, StatusCode::OK);
        for _ in 0..3 {
            assert_eq!(app.get(&job_url(&name)).await.1["properties"]["cancelRequested"], true);
            let job = listed_job(&app, &name).await.expect("listed");
            assert_eq!(job["properties"]["cancelRequested"], true, "round {round}");
        }
        app.advance(&name, None).await;
        assert_eq!(app.delete_job(&name).await.0, StatusCode::OK);
        for _ in 0..3 {
            assert_eq!(app.get(&job_url(&name)).await.0, StatusCode::NOT_FOUND, "round {round}");
            assert!(listed_job(&app, &name).await.is_none(), "round {round}: listed after delete");
        }
    }
}

#[tokio::test]
async fn a_cached_list_keeps_each_callers_links() {
    let app = TestApp::new().await;
    app.create_import("first").await;
    app.create_import("second").await;
    let uri = format!("{}&$top=1", list_url());
    let next_link = |host: &'static str| {
        let request = Request::builder()
            .method(Method::GET)
            .uri(&uri)
            .header(header::HOST, host)
            .header(header::AUTHORIZATION, format!("Bearer {USER}"))
            .body(Body::empty())
            .expect("request");
        let app = &app;
        async move {
            let (status, _, body) = app.send(request).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["nextLink"].as_str().expect("a next page").to_owned()
        }
    };
    for _ in 0..2 {
        assert!(next_link("one.example:8080").await.starts_with("http://one.example:8080/"));
        assert!(next_link("two.example").await.starts_with("http://two.example/"));
    }
}
