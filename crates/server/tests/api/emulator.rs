//! `/_emulator/`: the data center's moves, the clock, retention, the policy.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn advance_moves_a_job_along_the_lifecycle_with_rising_progress() {
    let app = TestApp::new().await;
    app.job_in("myJob", "Shipping").await;
    let mut seen = vec![];
    for _ in 0..5 {
        let job = app.advance("myJob", None).await;
        seen.push((state_of(&job).to_owned(), job["properties"]["percentComplete"].as_i64()));
    }
    let expected: Vec<(String, Option<i64>)> = vec![
        ("Received".into(), None),
        ("Transferring".into(), Some(0)),
        ("Transferring".into(), Some(50)),
        ("Packaging".into(), Some(100)),
        ("Completed".into(), Some(100)),
    ];
    assert_eq!(seen, expected);
    let job = app.get(&job_url("myJob")).await.1;
    assert_eq!(job["properties"]["driveList"][0]["state"], "ShippedBack");
    assert_eq!(job["properties"]["returnPackage"]["driveCount"], 2);
    let (status, body) = app.call(Method::POST, &advance_url("myJob"), Some(OPERATOR), None).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "JobAlreadyFinished"));
}

#[tokio::test]
async fn advance_to_a_state_takes_every_step_or_none() {
    let app = TestApp::new().await;
    app.job_in("myJob", "Shipping").await;
    assert_eq!(state_of(&app.advance("myJob", Some("Packaging")).await), "Packaging");
    let before = app.stored("myJob").await;
    let (status, body) = app
        .call(Method::POST, &advance_url("myJob"), Some(OPERATOR), Some(json!({"to": "Received"})))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TargetStateUnreachable"));
    let (status, body) = app
        .call(Method::POST, &advance_url("myJob"), Some(OPERATOR), Some(json!({"to": "Lost"})))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidJobState"));
    let (status, body) = app
        .call(Method::POST, &advance_url("myJob"), Some(OPERATOR), Some(json!({"too": 1})))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidRequestContent"));
    assert_eq!(app.stored("myJob").await, before);
    app.create_import("unshipped").await;
    let (status, body) =
        app.call(Method::POST, &advance_url("unshipped"), Some(OPERATOR), None).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "JobNotShipped"));
    let (status, body) = app.call(Method::POST, &advance_url("ghost"), Some(OPERATOR), None).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "ResourceNotFound"));
}

async fn move_clock(app: &TestApp, body: serde_json::Value) -> serde_json::Value {
    let (status, answer) =
        app.call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

#[tokio::test]
async fn a_completed_job_is_kept_90_days_then_removed() {
    let app = TestApp::new().await;
    app.job_in("done", "Completed").await;
    app.job_in("busy", "Transferring").await;
    let answer = move_clock(&app, json!({"advanceDays": 89})).await;
    assert_eq!(answer["removedJobs"], 0);
    assert_eq!(app.get(&job_url("done")).await.0, StatusCode::OK);
    let answer = move_clock(&app, json!({"advanceDays": 1, "advanceSeconds": 5})).await;
    assert_eq!(answer["removedJobs"], 1);
    assert_eq!(code(&app.get(&job_url("done")).await.1), "ResourceNotFound");
    assert_eq!(app.get(&job_url("busy")).await.0, StatusCode::OK, "a job in progress stays");
    let (_, clock) = app.call(Method::GET, "/_emulator/clock", Some(OPERATOR), None).await;
    assert_eq!(clock["offsetSeconds"], 90 * 86_400 + 5);
}

#[tokio::test]
async fn a_job_left_in_creating_expires_after_14_days() {
    let app = TestApp::new().await;
    app.create_import("forgotten").await;
    move_clock(&app, json!({"advanceDays": 13})).await;
    assert_eq!(app.get(&job_url("forgotten")).await.0, StatusCode::OK);
    assert_eq!(move_clock(&app, json!({"advanceDays": 1})).await["removedJobs"], 1);
    assert_eq!(app.get(&job_url("forgotten")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_clock_only_moves_forward() {
    let app = TestApp::new().await;
    for body in [
        json!({"advanceDays": -1}),
        json!({"advanceSeconds": -5}),
        json!({"advanceDays": 99_999_999_999_i64}),
        json!({"advanceDays": "ten"}),
    ] {
        let (status, answer) =
            app.call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            matches!(code(&answer), "InvalidClockChange" | "InvalidRequestContent"),
            "{answer}"
        );
    }
    let (_, clock) = app.call(Method::GET, "/_emulator/clock", Some(OPERATOR), None).await;
    assert_eq!(clock["offsetSeconds"], 0);
}

#[tokio::test]
async fn the_policy_in_force_is_published() {
    let app = TestApp::new().await;
    let (status, policy) = app.get("/_emulator/policy").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        policy["cancellableStates"],
        json!(["Creating", "Shipping", "Received", "Transferring"])
    );
    assert_eq!(policy["deletableStates"], json!(["Creating", "Completed"]));
    assert_eq!(policy["retentionDays"], 90);
}

#[tokio::test]
async fn the_automatic_mode_moves_every_job_in_progress_one_step() {
    let app = TestApp::new().await;
    app.job_in("moving", "Shipping").await;
    app.create_import("waiting").await;
    app.job_in("done", "Completed").await;
    app.create_import("withdrawn").await;
    assert_eq!(
        app.patch_job("withdrawn", json!({"properties": {"cancelRequested": true}})).await.0,
        StatusCode::OK
    );
    let moved = waybill_server::demo::advance_all(&app.state).await.expect("advances");
    assert_eq!(moved, 2, "the job in progress and the cancelled one move; the others wait");
    assert_eq!(
        state_of(&app.get(&job_url("withdrawn")).await.1),
        "Completed",
        "a cancelled job completes"
    );
    assert_eq!(state_of(&app.get(&job_url("moving")).await.1), "Received");
    assert_eq!(
        state_of(&app.get(&job_url("waiting")).await.1),
        "Creating",
        "waits for the customer"
    );
    assert_eq!(state_of(&app.get(&job_url("done")).await.1), "Completed");
}

#[tokio::test]
async fn the_audit_log_is_trimmed_with_the_retention_period() {
    let app = TestApp::new().await;
    app.job_in("audited", "Transferring").await;
    let count = |app: &TestApp| {
        let url = format!("sqlite://{}/waybill.db", app.dir.0.display());
        async move {
            let pool = sqlx::SqlitePool::connect(&url).await.expect("db");
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
                .fetch_one(&pool)
                .await
                .expect("count");
            pool.close().await;
            n
        }
    };
    let before = count(&app).await;
    assert!(before >= 3, "create, ship and advance were logged ({before})");
    move_clock(&app, json!({"advanceDays": 89})).await;
    assert_eq!(count(&app).await, before, "entries younger than 90 days stay");
    move_clock(&app, json!({"advanceDays": 2})).await;
    assert_eq!(count(&app).await, 0, "entries older than the retention period are gone");
    assert_eq!(
        state_of(&app.get(&job_url("audited")).await.1),
        "Transferring",
        "the job itself stays"
    );
}
