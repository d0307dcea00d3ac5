//! Concurrency and restarts: parallel cancels, advances and deletes on the same jobs keep every
//! rule, every acknowledged change is stored, and a restart finds everything.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_cancels_advances_and_deletes_keep_the_rules() {
    let app = Arc::new(TestApp::new().await);
    let jobs: Vec<String> = (0..6).map(|i| format!("race-{i}")).collect();
    for name in &jobs {
        app.job_in(name, "Received").await;
    }
    let mut tasks = Vec::new();
    for round in 0..8 {
        for name in &jobs {
            let (app, name) = (app.clone(), name.clone());
            tasks.push(tokio::spawn(async move {
                let (method, uri, token, body) = match round % 4 {
                    0 => (
                        Method::PATCH,
                        job_url(&name),
                        USER,
                        Some(json!({"properties": {"cancelRequested": true}})),
                    ),
                    1 | 2 => (Method::POST, advance_url(&name), OPERATOR, None),
                    _ => (Method::DELETE, job_url(&name), USER, None),
                };
                let (status, body) = app.call(method.clone(), &uri, Some(token), body).await;
                assert!(
                    status.is_success()
                        || [StatusCode::CONFLICT, StatusCode::NOT_FOUND].contains(&status),
                    "{method} {uri}: {status} {body}"
                );
                (method, name, status)
            }));
        }
    }
    let mut acknowledged_deletes = std::collections::BTreeSet::new();
    for task in tasks {
        let (method, name, status) = task.await.expect("task");
        if method == Method::DELETE && status == StatusCode::OK {
            acknowledged_deletes.insert(name);
        }
    }
    // Every acknowledged delete is stored, and nothing came back.
    for name in &acknowledged_deletes {
        assert!(app.stored(name).await.is_none(), "{name} was deleted and must stay gone");
    }
    // Replay the event log: each accepted change was legal in the state it found.
    let rows = sqlx::query("SELECT action, state_before, state_after, cancel_before, cancel_after FROM events ORDER BY id")
        .fetch_all(&sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display())).await.expect("db"))
        .await
        .expect("events");
    let mut checked = 0;
    for row in rows {
        let action: String = row.get("action");
        let before: Option<String> = row.get("state_before");
        let cancel_before: Option<bool> = row.get("cancel_before");
        let cancel_after: Option<bool> = row.get("cancel_after");
        let before = before.as_deref().unwrap_or("");
        if action == "cancel" && cancel_before == Some(false) && cancel_after == Some(true) {
            assert!(
                ["Creating", "Shipping", "Received", "Transferring"].contains(&before),
                "a cancel was accepted in {before}"
            );
            checked += 1;
        }
        if action == "delete" {
            assert!(
                ["Creating", "Completed"].contains(&before),
                "a delete was accepted in {before}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "the race exercised cancels and deletes");
}

#[tokio::test]
async fn a_restart_finds_every_acknowledged_change() {
    let dir = Arc::new(TempDir::new());
    {
        let app = TestApp::open(dir.clone()).await;
        app.job_in("kept", "Transferring").await;
        assert_eq!(
            app.patch_job("kept", json!({"properties": {"cancelRequested": true}})).await.0,
            StatusCode::OK
        );
        app.create_import("deleted").await;
        assert_eq!(app.delete_job("deleted").await.0, StatusCode::OK);
        let (status, _) = app
            .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 3})))
            .await;
        assert_eq!(status, StatusCode::OK);
        app.state
            .db
            .set_meta("clock_offset", &app.state.clock.offset().to_string())
            .await
            .expect("stored");
        app.state.db.close().await;
    }
    let app = TestApp::open(dir).await;
    let job = app.get(&job_url("kept")).await.1;
    assert_eq!(
        (state_of(&job), &job["properties"]["cancelRequested"]),
        ("Transferring", &json!(true))
    );
    assert_eq!(app.get(&job_url("deleted")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.state.db.meta("clock_offset").await.expect("meta").as_deref(), Some("259200"));
    app.state.db.integrity_check().await.expect("integrity");
}
