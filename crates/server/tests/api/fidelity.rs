//! Azure's contract where it is easy to get subtly wrong: a cancellation is never withdrawn
//! and is carried out by the data center, input is taken as ARM takes it (enum values in any
//! case, documented defaults, read-only fields ignored), and documents read from the upstream
//! examples can be sent back as they came.

use axum::http::{Method, StatusCode};
use proptest::prelude::*;
use serde_json::{Value, json};
use waybill_server::demo::carry_out_cancellations;

use crate::support::*;

fn cancel() -> Value {
    json!({"properties": {"cancelRequested": true}})
}

#[tokio::test]
async fn a_create_never_withdraws_a_cancellation() {
    let app = TestApp::new().await;
    app.create_import("kept").await;
    assert_eq!(app.patch_job("kept", cancel()).await.0, StatusCode::OK);
    let before = app.stored("kept").await.expect("stored");
    let (status, body) = app.put_job("kept", import_body()).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "JobCannotBeReplaced"), "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("cannot be withdrawn")));
    assert_eq!(app.stored("kept").await.as_ref(), Some(&before), "a refusal changes nothing");
    assert_eq!(app.get(&job_url("kept")).await.1["properties"]["cancelRequested"], true);
}

/// One request of a random sequence on one job.
#[derive(Debug, Clone)]
enum Op {
    Create,
    Cancel,
    Ship,
    Edit,
    EmptyState,
    Delete,
    Advance,
    AdvanceTo(&'static str),
    CarryOut,
}

fn any_op() -> impl Strategy<Value = Op> {
    // Creates and cancels weigh more: the leaks live in their orders.
    prop_oneof![
        4 => Just(Op::Create),
        3 => Just(Op::Cancel),
        1 => Just(Op::Ship),
        1 => Just(Op::Edit),
        1 => Just(Op::EmptyState),
        1 => Just(Op::Delete),
        1 => Just(Op::Advance),
        1 => prop::sample::select(vec!["Received", "Transferring", "Packaging", "Completed", "Closed"])
            .prop_map(Op::AdvanceTo),
        1 => Just(Op::CarryOut),
    ]
}

async fn run(app: &TestApp, op: &Op) -> StatusCode {
    let name = "seq";
    match op {
        Op::Create => app.put_job(name, import_body()).await.0,
        Op::Cancel => app.patch_job(name, cancel()).await.0,
        Op::Ship => app.patch_job(name, ship_body()).await.0,
        Op::Edit => {
            app.patch_job(name, json!({"tags": {"k": "v"}, "properties": {"logLevel": "verbose"}}))
                .await
                .0
        }
        Op::EmptyState => app.patch_job(name, json!({"properties": {"state": ""}})).await.0,
        Op::Delete => app.delete_job(name).await.0,
        Op::Advance => app.call(Method::POST, &advance_url(name), Some(OPERATOR), None).await.0,
        Op::AdvanceTo(to) => {
            app.call(Method::POST, &advance_url(name), Some(OPERATOR), Some(json!({"to": to})))
                .await
                .0
        }
        Op::CarryOut => {
            carry_out_cancellations(&app.state).await.expect("carried out");
            StatusCode::OK
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Once a job's cancellation was requested, no accepted request makes `cancelRequested`
    /// false again, until the job is deleted (a new job of the same name starts afresh).
    #[test]
    fn no_accepted_request_withdraws_a_cancellation(ops in prop::collection::vec(any_op(), 1..14)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let mut app = TestApp::new().await;
            app.state.cancel_after_seconds = 0;
            let mut cancelled = false;
            for op in &ops {
                let status = run(&app, op).await;
                prop_assert!(!status.is_server_error(), "{op:?}: {status}");
                let (get, job) = app.get(&job_url("seq")).await;
                if get == StatusCode::NOT_FOUND {
                    cancelled = false;
                    continue;
                }
                let now = job["properties"]["cancelRequested"] == json!(true);
                prop_assert!(now || !cancelled, "{op:?} withdrew the cancellation: {ops:?}");
                cancelled = now;
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn the_data_center_carries_a_cancellation_out_after_the_delay() {
    let app = TestApp::new().await;
    app.job_in("received", "Received").await;
    app.create_import("creating").await;
    for name in ["received", "creating"] {
        assert_eq!(app.patch_job(name, cancel()).await.0, StatusCode::OK);
    }
    // Within the delay nothing moves: as in Azure, the job first shows the request.
    assert_eq!(carry_out_cancellations(&app.state).await.expect("runs"), 0);
    assert_eq!(state_of(&app.get(&job_url("received")).await.1), "Received");
    // Moving the service's clock past the delay carries both out through the clock route.
    let (status, _) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceSeconds": 10})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let received = app.get(&job_url("received")).await.1;
    let props = &received["properties"];
    assert_eq!((state_of(&received), &props["cancelRequested"]), ("Completed", &json!(true)));
    assert_eq!(props["cancelledInState"], "Received");
    assert!(props["returnPackage"]["trackingNumber"].is_string(), "drives that arrived go back");
    for drive in props["driveList"].as_array().expect("drives") {
        assert_eq!(drive["state"], "ShippedBack");
    }
    let creating = app.get(&job_url("creating")).await.1;
    assert_eq!(state_of(&creating), "Completed");
    assert_eq!(creating["properties"]["cancelledInState"], "Creating");
    assert!(creating["properties"].get("returnPackage").is_none(), "no drive ever arrived");
    // Kept 90 days from now, not by the 14-day expiry of an unshipped job.
    let (_, clock) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 89})))
        .await;
    assert_eq!(clock["removedJobs"], 0);
    assert_eq!(app.get(&job_url("creating")).await.0, StatusCode::OK);
    let (_, clock) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 1})))
        .await;
    assert_eq!(clock["removedJobs"], 2);
}

#[tokio::test]
async fn drives_stopped_by_a_cancellation_say_so_and_bytes_follow_the_copy() {
    let app = TestApp::new().await;
    app.job_in("busy", "Transferring").await;
    let job = app.advance("busy", None).await;
    for drive in job["properties"]["driveList"].as_array().expect("drives") {
        assert_eq!(
            (&drive["percentComplete"], &drive["copyStatus"]),
            (&json!(50), &json!("InProgress"))
        );
        assert_eq!(drive["bytesSucceeded"], json!((1_i64 << 40) / 100 * 50));
        assert!(drive["verboseLogUri"].is_string() && drive["errorLogUri"].is_string());
    }
    assert_eq!(app.patch_job("busy", cancel()).await.0, StatusCode::OK);
    let job = app.advance("busy", None).await;
    assert_eq!(state_of(&job), "Completed");
    for drive in job["properties"]["driveList"].as_array().expect("drives") {
        assert_eq!(drive["state"], "ShippedBack");
        assert_eq!(drive["copyStatus"], "Cancelled", "not InProgress on a finished job");
        assert_eq!(drive["percentComplete"], 50, "the copy stopped where it was");
    }
}

#[tokio::test]
async fn input_is_taken_as_arm_takes_it() {
    let app = TestApp::new().await;
    let mut body = import_body();
    body["properties"]["jobType"] = json!("import");
    body["properties"]["logLevel"] = json!("verbose");
    body["properties"]["encryptionKey"] = json!({"kekType": "microsoftmanaged"});
    body["properties"]["state"] = json!("");
    // Read-only drive fields a client sends are the data center's, never stored.
    body["properties"]["driveList"][0]["copyStatus"] = json!("Completed");
    body["properties"]["driveList"][0]["percentComplete"] = json!(100);
    body["properties"]["driveList"][0]["bytesSucceeded"] = json!(5);
    body["properties"]["driveList"][0]["verboseLogUri"] = json!("https://evil.example/log");
    body["properties"]["driveList"][0]["state"] = json!("Completed");
    let (status, job) = app.put_job("cased", body).await;
    assert_eq!(status, StatusCode::CREATED, "{job}");
    let props = &job["properties"];
    assert_eq!((&props["jobType"], &props["logLevel"]), (&json!("Import"), &json!("Verbose")));
    assert_eq!(props["encryptionKey"]["kekType"], "MicrosoftManaged");
    assert_eq!(props["state"], "Creating");
    let drive = &props["driveList"][0];
    assert_eq!(drive["state"], "Specified");
    for field in ["copyStatus", "percentComplete", "bytesSucceeded", "verboseLogUri"] {
        assert!(drive.get(field).is_none(), "{field} was stored: {drive}");
    }
    // The documented defaults, when a field is absent.
    let mut plain = import_body();
    plain["properties"]["encryptionKey"] = json!({});
    let job = app.put_job("plain", plain).await.1;
    let props = &job["properties"];
    assert_eq!(
        (&props["logLevel"], &props["backupDriveManifest"]),
        (&json!("Error"), &json!(false))
    );
    assert_eq!(props["encryptionKey"]["kekType"], "MicrosoftManaged");
    assert_eq!(job["identity"]["type"], "None");
    // PATCH takes enum values in any case too, and drops read-only drive fields.
    let (status, job) = app
        .patch_job(
            "plain",
            json!({"properties": {"logLevel": "ERROR", "driveList": [
            {"driveId": "A1", "bitLockerKey": "k", "manifestFile": "\\m", "manifestHash": "h",
             "errorLogUri": "https://evil.example/e", "copyStatus": "Failed"}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    assert_eq!(job["properties"]["logLevel"], "Error");
    let drive = &job["properties"]["driveList"][0];
    assert!(drive.get("errorLogUri").is_none() && drive.get("copyStatus").is_none(), "{drive}");
    let (status, job) = app.patch_job("plain", json!({"properties": {"state": "shipping",
        "returnAddress": return_address(), "deliveryPackage": ship_body()["properties"]["deliveryPackage"]}})).await;
    assert_eq!((status, state_of(&job)), (StatusCode::OK, "Shipping"), "{job}");
    // Values that name nothing are refused with the values that would do.
    let mut wrong = import_body();
    wrong["properties"]["jobType"] = json!("Migrate");
    let (status, body) = app.put_job("wrong", wrong).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidPropertyValue"));
    assert_eq!(body["error"]["target"], "properties.jobType");
    assert!(app.stored("wrong").await.is_none());
}

const GET_BODIES: [(&str, &str); 5] = [
    ("GetJob", include_str!("../../../rules/tests/fixtures/GetJob.json")),
    ("GetExportJob", include_str!("../../../rules/tests/fixtures/GetExportJob.json")),
    (
        "ListJobsInSubscription",
        include_str!("../../../rules/tests/fixtures/ListJobsInSubscription.json"),
    ),
    (
        "ListJobsInResourceGroup",
        include_str!("../../../rules/tests/fixtures/ListJobsInResourceGroup.json"),
    ),
    ("UpdateJob", include_str!("../../../rules/tests/fixtures/UpdateJob.json")),
];

/// A job read from Azure and sent back as a create, as a client that copies a job does: only
/// the BitLocker keys, which no GET returns, are added.
#[tokio::test]
async fn the_upstream_examples_read_and_sent_back_are_accepted() {
    let app = TestApp::new().await;
    let mut n = 0;
    for (example, text) in GET_BODIES {
        let doc: Value = serde_json::from_str(text).expect("json");
        let body = &doc["responses"]["200"]["body"];
        let jobs = body["value"].as_array().cloned().unwrap_or_else(|| vec![body.clone()]);
        for mut job in jobs {
            n += 1;
            let name = format!("roundTrip{n}");
            let drives = job["properties"].get_mut("driveList").and_then(Value::as_array_mut);
            for drive in drives.into_iter().flatten() {
                drive["bitLockerKey"] =
                    json!("238810-662376-448998-450120-652806-203390-606320-483076");
            }
            let sent = job.clone();
            let import_without_drives = job["properties"]["jobType"] == "Import"
                && job["properties"].get("driveList").is_none();
            let (status, created) = app.put_job(&name, job).await;
            if import_without_drives {
                // An import job needs its drives to be created, in Azure as here.
                assert_eq!(
                    (status, code(&created)),
                    (StatusCode::BAD_REQUEST, "MissingRequiredProperty")
                );
                assert_eq!(created["error"]["target"], "properties.driveList", "{example}");
                continue;
            }
            assert_eq!(status, StatusCode::CREATED, "{example}: {created}");
            let props = &created["properties"];
            assert_eq!(props["state"], "Creating", "{example}");
            for field in [
                "storageAccountId",
                "jobType",
                "returnAddress",
                "returnShipping",
                "export",
                "diagnosticsPath",
                "logLevel",
                "backupDriveManifest",
            ] {
                if let Some(value) = sent["properties"].get(field) {
                    assert_eq!(&props[field], value, "{example}: {field}");
                }
            }
            for drive in props["driveList"].as_array().into_iter().flatten() {
                assert_eq!(drive["state"], "Specified", "{example}");
                assert!(
                    drive.get("copyStatus").is_none() && drive.get("verboseLogUri").is_none(),
                    "{example}"
                );
            }
        }
    }
    assert!(n >= 6, "every job of the examples was sent back ({n})");
}

#[tokio::test]
async fn every_upstream_location_is_known_with_its_carriers() {
    let app = TestApp::new().await;
    let doc: Value =
        serde_json::from_str(include_str!("../../../rules/tests/fixtures/ListLocations.json"))
            .expect("json");
    for expected in doc["responses"]["200"]["body"]["value"].as_array().expect("locations") {
        let id = expected["id"].as_str().expect("id").rsplit('/').next().expect("name");
        let (status, location) = app
            .get(&format!("/providers/Microsoft.ImportExport/locations/{id}?api-version={V}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert_eq!(&location, expected, "{id} answers as the upstream example");
    }
    let doc: Value =
        serde_json::from_str(include_str!("../../../rules/tests/fixtures/GetLocation.json"))
            .expect("json");
    let expected = &doc["responses"]["200"]["body"];
    let (_, west) = app
        .get(&format!("/providers/Microsoft.ImportExport/locations/West%20US?api-version={V}"))
        .await;
    assert_eq!(
        &west["properties"]["supportedCarriers"],
        &expected["properties"]["supportedCarriers"]
    );
    // A job can be created in each of them.
    let mut body = import_body();
    body["location"] = json!("Australia Southeast");
    let (status, job) = app.put_job("melbourne", body).await;
    assert_eq!(status, StatusCode::CREATED, "{job}");
    assert_eq!(job["properties"]["shippingInformation"]["city"], "Melbourne");
}
