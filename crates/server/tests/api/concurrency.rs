//! Concurrency and restarts: parallel cancels, advances and deletes on the same jobs keep every
//! rule, every acknowledged change is stored, and a restart finds everything.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use waybill_rules::{CancelEffect, JobSnapshot, Policy, may_cancel, may_delete};

use crate::support::*;

/// Replays the event log through the rules: each accepted change must have been legal in the
/// state it found, and a deleted job must never come back. Returns how many events it checked.
async fn replay_events(app: &TestApp) -> usize {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display()))
        .await
        .expect("db");
    let rows = sqlx::query(
        "SELECT name_key, action, state_before, state_after, cancel_before, cancel_after FROM events ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .expect("events");
    let policy = Policy::default();
    let mut deleted = std::collections::BTreeSet::new();
    for row in &rows {
        let name: String = row.get("name_key");
        let action: String = row.get("action");
        let before: Option<String> = row.get("state_before");
        let cancel_before: Option<bool> = row.get("cancel_before");
        let cancel_after: Option<bool> = row.get("cancel_after");
        assert!(
            !deleted.contains(&name) || action == "create",
            "{name} came back after its delete ({action})"
        );
        let Some(before) = before else { continue };
        let snapshot = JobSnapshot {
            cancel_requested: cancel_before.unwrap_or(false),
            ..JobSnapshot::in_state(before.parse().expect("a state"))
        };
        match action.as_str() {
            "cancel" if cancel_before == Some(false) && cancel_after == Some(true) => {
                assert_eq!(
                    may_cancel(&policy, &snapshot),
                    Ok(CancelEffect::Request),
                    "a cancel was accepted in {before}"
                );
            }
            "delete" => {
                assert!(
                    may_delete(&policy, &snapshot).is_ok(),
                    "a delete was accepted in {before}"
                );
                deleted.insert(name);
            }
            "ship" => assert_eq!(before, "Creating", "a job was shipped from {before}"),
            _ => {}
        }
    }
    pool.close().await;
    rows.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_cancels_advances_deletes_ships_and_gets_keep_every_rule() {
    let app = Arc::new(TestApp::new().await);
    let jobs: Vec<String> = (0..6).map(|i| format!("race-{i}")).collect();
    for (i, name) in jobs.iter().enumerate() {
        // Half the jobs start unshipped, so shipping races too.
        app.job_in(name, if i % 2 == 0 { "Creating" } else { "Received" }).await;
    }
    let mut tasks = Vec::new();
    for round in 0..12 {
        for name in &jobs {
            let (app, name) = (app.clone(), name.clone());
            tasks.push(tokio::spawn(async move {
                let (method, uri, token, body) = match round % 6 {
                    0 => (
                        Method::PATCH,
                        job_url(&name),
                        USER,
                        Some(json!({"properties": {"cancelRequested": true}})),
                    ),
                    1 | 2 => (Method::POST, advance_url(&name), OPERATOR, None),
                    3 => (Method::PATCH, job_url(&name), USER, Some(ship_body())),
                    4 => (Method::GET, job_url(&name), USER, None),
                    _ => (Method::DELETE, job_url(&name), USER, None),
                };
                let (status, body) = app.call(method.clone(), &uri, Some(token), body).await;
                assert!(
                    status.is_success()
                        || [StatusCode::CONFLICT, StatusCode::NOT_FOUND, StatusCode::BAD_REQUEST]
                            .contains(&status),
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
    for name in &acknowledged_deletes {
        assert!(app.stored(name).await.is_none(), "{name} was deleted and must stay gone");
    }
    let checked = replay_events(&app).await;
    assert!(checked > jobs.len() * 2, "the race produced a history ({checked} events)");
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
    // Moving the clock carried the pending cancellation out before the restart.
    let job = app.get(&job_url("kept")).await.1;
    assert_eq!(
        (state_of(&job), &job["properties"]["cancelRequested"]),
        ("Completed", &json!(true))
    );
    assert_eq!(job["properties"]["cancelledInState"], "Transferring");
    assert_eq!(app.get(&job_url("deleted")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.state.db.meta("clock_offset").await.expect("meta").as_deref(), Some("259200"));
    app.state.db.integrity_check().await.expect("integrity");
}
