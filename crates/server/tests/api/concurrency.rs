//! Concurrency and restarts: parallel cancels, advances and deletes on the same jobs keep every
//! rule, every acknowledged change is stored, and a restart finds everything.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use waybill_rules::{CancelEffect, JobSnapshot, Policy, may_cancel, may_delete};

use crate::support::*;

/// Replays the event log through the rules: each accepted change must have been legal in the
/// state it found, the state it found must be the one the job's previous change left (so two
/// writers that both read the same state would show), every data center move must be the one
/// `next_step` gives, and a deleted job must never come back. Returns how many events it
/// checked.
async fn replay_events(app: &TestApp) -> usize {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display()))
        .await
        .expect("db");
    let rows = sqlx::query(
        "SELECT name_key, action, state_before, state_after, cancel_before, cancel_after FROM events \
         WHERE status = 'Succeeded' AND action <> 'listBitLockerKeys' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .expect("events");
    let policy = Policy::default();
    let mut deleted = std::collections::BTreeSet::new();
    // Each job's state and cancel flag as its last acknowledged change left them.
    let mut last: std::collections::BTreeMap<String, (Option<String>, Option<bool>)> =
        std::collections::BTreeMap::new();
    for row in &rows {
        let name: String = row.get("name_key");
        let action: String = row.get("action");
        let before: Option<String> = row.get("state_before");
        let after: Option<String> = row.get("state_after");
        let cancel_before: Option<bool> = row.get("cancel_before");
        let cancel_after: Option<bool> = row.get("cancel_after");
        assert!(
            !deleted.contains(&name) || action == "create",
            "{name} came back after its delete ({action})"
        );
        if let Some(previous) = last.get(&name) {
            assert_eq!(
                previous,
                &(before.clone(), cancel_before),
                "{name}: {action} found a state its previous change did not leave (a lost update)"
            );
        }
        last.insert(name.clone(), (after.clone(), cancel_after));
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
            "advance" => {
                // One move is next_step's (a transfer step may stay in Transferring); a move to
                // a named state is the whole way steps_to allows.
                let after: waybill_rules::JobState =
                    after.as_deref().and_then(|a| a.parse().ok()).expect("a moved job has a state");
                let one =
                    waybill_rules::next_step(&policy, &snapshot, waybill_rules::Ending::AsItGoes)
                        .is_ok_and(|step| step.state == after);
                let many = waybill_rules::steps_to(&policy, &snapshot, Some(after))
                    .is_ok_and(|steps| !steps.is_empty());
                assert!(
                    one || many,
                    "{name}: the data center moved a job from {before} to {after}"
                );
            }
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
    let mut refusals = 0;
    for task in tasks {
        let (method, name, status) = task.await.expect("task");
        if method == Method::DELETE && status == StatusCode::OK {
            acknowledged_deletes.insert(name);
        }
        refusals += usize::from(status == StatusCode::CONFLICT);
    }
    // The race must have been one: requests that lost, and deletes that won.
    assert!(refusals > 0, "no request was refused: nothing raced");
    assert!(!acknowledged_deletes.is_empty(), "no delete was acknowledged");
    for name in &acknowledged_deletes {
        assert!(app.stored(name).await.is_none(), "{name} was deleted and must stay gone");
    }
    let checked = replay_events(&app).await;
    // Set-up alone writes 2 to 4 events a job; the race must add to them.
    assert!(checked > jobs.len() * 4, "the race produced a history ({checked} events)");
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
        app.state.db.close().await;
    }
    // The real start-up path (`prepare`: database, policy adoption, clock), as `waybill-server`
    // runs it, on the same folder.
    let app = TestApp::start(dir.clone(), &[]).await;
    // Moving the clock carried the pending cancellation out before the restart.
    let job = app.get(&job_url("kept")).await.1;
    assert_eq!(
        (state_of(&job), &job["properties"]["cancelRequested"]),
        ("Completed", &json!(true))
    );
    assert_eq!(job["properties"]["cancelledInState"], "Transferring");
    assert_eq!(app.get(&job_url("deleted")).await.0, StatusCode::NOT_FOUND);
    let (_, clock) = app.call(Method::GET, "/_emulator/clock", Some(OPERATOR), None).await;
    assert_eq!(clock["offsetSeconds"], 3 * 86_400, "the clock moved by the route survives");
    app.state.db.integrity_check().await.expect("integrity");
    app.state.db.close().await;

    // Restarted with a 30-day policy, the finished job's removal date follows it: gone after
    // 30 days, where the default would keep it 90.
    let policy = dir.0.join("policy-30.json");
    std::fs::write(&policy, r#"{"retentionDays": 30}"#).expect("policy file");
    let app = TestApp::start(dir.clone(), &["--policy", policy.to_str().expect("path")]).await;
    let (_, moved) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 29})))
        .await;
    assert_eq!(moved["removedJobs"], 0);
    let (_, moved) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 1})))
        .await;
    assert_eq!(moved["removedJobs"], 1, "removed 30 days after it completed");
    assert_eq!(app.get(&job_url("kept")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_that_wait_for_each_other_share_a_commit_and_a_refusal_among_them_changes_nothing() {
    let app = Arc::new(TestApp::new().await);
    for i in 0..48 {
        app.job_in(&format!("batch-{i}"), "Transferring").await;
    }
    let (commits_before, writes_before) = app.state.db.commit_figures();
    // 48 cancels, 16 creates and 16 deletes of jobs in Transferring (refused: the rules say
    // so) at once.
    let mut tasks = Vec::new();
    for i in 0..48 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) = app
                .patch_job(&format!("batch-{i}"), json!({"properties": {"cancelRequested": true}}))
                .await;
            ("cancel", status, body)
        }));
    }
    for i in 0..16 {
        let creator = app.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) = creator.put_job(&format!("new-{i}"), import_body()).await;
            ("create", status, body)
        }));
        let deleter = app.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) = deleter.delete_job(&format!("batch-{i}")).await;
            ("delete", status, body)
        }));
    }
    for task in tasks {
        let (what, status, body) = task.await.expect("task");
        match what {
            "cancel" => assert_eq!(status, StatusCode::OK, "{body}"),
            "create" => assert_eq!(status, StatusCode::CREATED, "{body}"),
            _ => {
                // Deletes race their job's cancel: refused in Transferring, whatever came first.
                assert_eq!(status, StatusCode::CONFLICT, "{body}");
                assert_eq!(body["error"]["code"], "JobCannotBeDeleted");
            }
        }
    }
    let (commits, writes) = app.state.db.commit_figures();
    let (commits, writes) = (commits - commits_before, writes - writes_before);
    assert_eq!(writes, 80, "every write was acknowledged by a commit");
    assert!(commits < writes, "{commits} commits for {writes} writes: none shared");
    // Every acknowledged change is stored (read through the API), every refused one changed
    // nothing, and the log replays clean through the rules.
    for i in 0..48 {
        let (status, job) = app.get(&job_url(&format!("batch-{i}"))).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        assert_eq!(job["properties"]["cancelRequested"], true);
        assert_eq!(job["properties"]["state"], "Transferring");
    }
    for i in 0..16 {
        assert_eq!(app.get(&job_url(&format!("new-{i}"))).await.0, StatusCode::OK);
    }
    assert!(replay_events(&app).await >= 48 * 2 + 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_whose_clients_hang_up_half_way_leave_no_batch_open_and_nothing_half_done() {
    let app = Arc::new(TestApp::new().await);
    // Creates dropped at every point of their way (a client hanging up): some are stored,
    // some not, none half.
    for round in 0..60u64 {
        let app2 = app.clone();
        let wait = std::time::Duration::from_micros(50 * round);
        let _ = tokio::time::timeout(wait, async move {
            app2.put_job(&format!("dropped-{round}"), import_body()).await
        })
        .await;
    }
    // The service's other writes get the writer at once (no transaction left open without a
    // write waiting on it): the retention sweep, then a write of a job.
    writer_is_free(&app).await;
    app.create_import("after").await;
    // Each dropped create is there whole (readable, in Creating, with its create in the log)
    // or not at all.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display()))
        .await
        .expect("db");
    for round in 0..60u64 {
        let name = format!("dropped-{round}");
        let (status, job) = app.get(&job_url(&name)).await;
        let logged: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM events WHERE name_key = ? AND action = 'create' AND status = 'Succeeded'",
        )
        .bind(&name)
        .fetch_one(&pool)
        .await
        .expect("events");
        match status {
            StatusCode::OK => {
                assert_eq!(job["properties"]["state"], "Creating");
                assert_eq!(logged, 1, "{name}: stored without its event");
            }
            StatusCode::NOT_FOUND => assert_eq!(logged, 0, "{name}: an event without its job"),
            other => panic!("{name}: {other} {job}"),
        }
    }
    let check: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.expect("check");
    assert_eq!(check, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_dropped_after_the_rules_decided_leaves_the_writer_free_and_the_job_as_it_was() {
    use waybill_rules::wire::JobAddress;
    use waybill_server::db::{Change, DbError, Decision};
    let app = TestApp::new().await;
    app.create_import("held").await;
    let mut job = app.stored("held").await.expect("stored");
    job.tags = Some(serde_json::from_value(json!({"dropped": "yes"})).expect("tags"));
    let address =
        JobAddress { subscription: SUB.into(), resource_group: RG.into(), name: "held".into() };
    let (decided, told) = std::sync::mpsc::channel();
    let (aborted, go_on) = std::sync::mpsc::channel::<()>();
    let db = app.state.db.clone();
    let now = app.state.clock.now();
    let write = tokio::spawn(async move {
        let policy = Policy::default();
        db.write_job(&address, now, &policy, "update", move |_| -> Result<_, DbError> {
            decided.send(()).expect("told");
            // The rules decided; the write goes on only once its task is aborted, so the
            // abort lands at the write's next await, before anything is stored.
            go_on.recv().expect("aborted");
            Ok(Decision { change: Change::Put(Box::new(job)), answer: () })
        })
        .await
    });
    tokio::task::spawn_blocking(move || told.recv().expect("decided")).await.expect("join");
    write.abort();
    aborted.send(()).expect("go on");
    assert!(write.await.expect_err("aborted").is_cancelled());
    // The writer is free for the service's other writes at once.
    writer_is_free(&app).await;
    // Nothing of the dropped write was stored.
    let (status, stored) = app.get(&job_url("held")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(stored["tags"].get("dropped").is_none(), "{stored}");
    app.create_import("after").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_left_open_for_a_write_that_hung_up_is_committed_and_the_writer_freed() {
    use waybill_rules::wire::JobAddress;
    use waybill_server::db::{Change, DbError, Decision};
    let app = TestApp::new().await;
    for name in ["first", "second"] {
        app.create_import(name).await;
    }
    let write = |name: &str,
                 decided: std::sync::mpsc::Sender<()>,
                 go: std::sync::mpsc::Receiver<()>| {
        let address =
            JobAddress { subscription: SUB.into(), resource_group: RG.into(), name: name.into() };
        let (db, now) = (app.state.db.clone(), app.state.clock.now());
        let tag = name.to_owned();
        tokio::spawn(async move {
            let decide = move |job: Option<&waybill_server::db::StoredJob>| -> Result<_, DbError> {
                decided.send(()).expect("told");
                go.recv().expect("go");
                let mut job = job.expect("there").job.clone();
                job.tags = Some(serde_json::from_value(json!({ tag: "yes" })).expect("tags"));
                Ok(Decision { change: Change::Put(Box::new(job)), answer: () })
            };
            db.write_job(&address, now, &Policy::default(), "update", decide).await
        })
    };
    let wait = |rx: std::sync::mpsc::Receiver<()>| async move {
        tokio::task::spawn_blocking(move || rx.recv().expect("decided")).await.expect("join")
    };
    // The first write decides and waits, holding the batch; the second queues behind it.
    let (a_decided, a_told) = std::sync::mpsc::channel();
    let (a_go, a_go_on) = std::sync::mpsc::channel();
    let a = write("first", a_decided, a_go_on);
    wait(a_told).await;
    let (b_decided, b_told) = std::sync::mpsc::channel();
    let (b_go, b_go_on) = std::sync::mpsc::channel();
    let b = write("second", b_decided, b_go_on);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // The first goes on: with the second waiting, it leaves the batch open for it and waits for
    // the commit; the second takes the batch and decides. Then both clients hang up, the
    // second while it holds the batch.
    a_go.send(()).expect("go");
    wait(b_told).await;
    a.abort();
    b.abort();
    b_go.send(()).expect("go");
    let _ = (a.await, b.await);
    // The writer is free for the service's other writes: the batch, holding the first write,
    // was committed, not left open.
    writer_is_free(&app).await;
    let (_, first) = app.get(&job_url("first")).await;
    assert_eq!(first["tags"]["first"], "yes", "the first write, released in the batch, is stored");
    // The second hung up somewhere on its way (before its commit, or during it): stored whole,
    // with its event, or not at all.
    let (_, second) = app.get(&job_url("second")).await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display()))
        .await
        .expect("db");
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE name_key = 'second' AND action = 'update'",
    )
    .fetch_one(&pool)
    .await
    .expect("events");
    let stored = second["tags"].get("second").is_some();
    assert_eq!(logged, i64::from(stored), "half a write: tags stored {stored}, events {logged}");
    app.create_import("after").await;
}

/// The service's other writes get the writer at once: the retention sweep runs within 5 s.
async fn writer_is_free(app: &TestApp) {
    let sweep = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        app.state.db.sweep(app.state.clock.now(), 90),
    )
    .await;
    assert!(matches!(sweep, Ok(Ok(_))), "the sweep waited for the writer: {sweep:?}");
}
