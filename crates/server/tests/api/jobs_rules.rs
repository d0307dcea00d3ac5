//! Cancel, delete and ship through HTTP in every state: the rules' answer, the ARM code, and
//! that a refused request left the stored job exactly as it was.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::*;

const STATES: [&str; 7] =
    ["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed", "Closed"];

#[tokio::test]
async fn cancel_in_every_state() {
    let app = TestApp::new().await;
    for state in STATES {
        let name = format!("cancel-{}", state.to_lowercase());
        app.job_in(&name, state).await;
        let before = app.stored(&name).await;
        let (status, body) =
            app.patch_job(&name, json!({"properties": {"cancelRequested": true}})).await;
        if matches!(state, "Creating" | "Shipping" | "Received" | "Transferring") {
            assert_eq!(status, StatusCode::OK, "{state}: {body}");
            assert_eq!(body["properties"]["cancelRequested"], true, "{state}");
            assert_eq!(
                state_of(&body),
                state,
                "{state}: the state stays until the data center acts"
            );
        } else {
            assert_eq!(
                (status, code(&body)),
                (StatusCode::CONFLICT, "JobCannotBeCanceled"),
                "{state}"
            );
            assert!(
                body["error"]["message"].as_str().is_some_and(|m| m.contains(state)),
                "names the state: {body}"
            );
            assert_eq!(app.stored(&name).await, before, "{state}: nothing changed");
        }
    }
}

#[tokio::test]
async fn a_cancelled_job_moves_to_completed_and_asking_again_is_a_no_op() {
    let app = TestApp::new().await;
    app.job_in("myJob", "Transferring").await;
    let cancel = json!({"properties": {"cancelRequested": true}});
    assert_eq!(app.patch_job("myJob", cancel.clone()).await.0, StatusCode::OK);
    let stored = app.stored("myJob").await;
    let (status, again) = app.patch_job("myJob", cancel.clone()).await;
    assert_eq!((status, &again["properties"]["cancelRequested"]), (StatusCode::OK, &json!(true)));
    assert_eq!(app.stored("myJob").await, stored, "a repeated cancel changes nothing");
    let moved = app.advance("myJob", None).await;
    assert_eq!(state_of(&moved), "Completed");
    assert_eq!(
        app.patch_job("myJob", cancel).await.0,
        StatusCode::OK,
        "still a no-op once Completed"
    );
}

#[tokio::test]
async fn cancel_requested_false_is_refused() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let before = app.stored("myJob").await;
    let (status, body) =
        app.patch_job("myJob", json!({"properties": {"cancelRequested": false}})).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidCancelRequest"));
    assert_eq!(body["error"]["target"], "properties.cancelRequested");
    assert_eq!(app.stored("myJob").await, before);
}

#[tokio::test]
async fn delete_in_every_state_and_a_deleted_job_is_gone() {
    let app = TestApp::new().await;
    for state in STATES {
        let name = format!("delete-{}", state.to_lowercase());
        app.job_in(&name, state).await;
        let before = app.stored(&name).await;
        let (status, body) = app.delete_job(&name).await;
        if matches!(state, "Creating" | "Completed") {
            assert_eq!(status, StatusCode::OK, "{state}: {body}");
            assert_eq!(body, serde_json::Value::Null, "empty body");
            let (status, body) = app.get(&job_url(&name)).await;
            assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "ResourceNotFound"));
            let (_, list) = app.get(&list_url()).await;
            assert!(!list.to_string().contains(&format!("\"{name}\"")), "{name} is in no list");
            let (status, _) = app.delete_job(&name).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "deleting again");
        } else {
            assert_eq!(
                (status, code(&body)),
                (StatusCode::CONFLICT, "JobCannotBeDeleted"),
                "{state}"
            );
            assert_eq!(app.stored(&name).await, before, "{state}: nothing changed");
        }
    }
}

#[tokio::test]
async fn shipping_needs_return_address_and_package_and_only_from_creating() {
    let app = TestApp::new().await;
    let mut body = import_body();
    body["properties"].as_object_mut().expect("object").remove("returnAddress");
    assert_eq!(app.put_job("bare", body).await.0, StatusCode::CREATED);
    let before = app.stored("bare").await;
    let (status, answer) =
        app.patch_job("bare", json!({"properties": {"state": "Shipping"}})).await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_REQUEST, "MissingShippingInformation"));
    let targets: Vec<&str> = answer["error"]["details"]
        .as_array()
        .expect("both problems")
        .iter()
        .filter_map(|d| d["target"].as_str())
        .collect();
    assert_eq!(targets, ["properties.returnAddress", "properties.deliveryPackage"]);
    assert_eq!(app.stored("bare").await, before);

    let mut ship = ship_body();
    ship["properties"]["returnAddress"] = return_address();
    let (status, shipped) = app.patch_job("bare", ship).await;
    assert_eq!((status, state_of(&shipped)), (StatusCode::OK, "Shipping"), "{shipped}");

    app.job_in("received", "Received").await;
    let before = (app.stored("received").await, app.audit_rows().await);
    let (status, answer) = app.patch_job("received", ship_body()).await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "JobCannotBeShipped"));
    assert_eq!((app.stored("received").await, app.audit_rows().await), before, "nothing changed");
    let (status, answer) =
        app.patch_job("received", json!({"properties": {"state": "Completed"}})).await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_REQUEST, "InvalidJobState"));
    assert_eq!((app.stored("received").await, app.audit_rows().await), before, "nothing changed");
}

/// Every refusal leaves the stored job as it was and adds nothing to the audit log.
#[tokio::test]
async fn no_refusal_changes_the_job_or_its_history_and_each_is_logged_as_failed() {
    let app = TestApp::new().await;
    app.job_in("packaging", "Packaging").await;
    app.job_in("shipping", "Shipping").await;
    app.job_in("received", "Received").await;
    app.create_import("creating").await;
    let drives = json!({"properties": {"driveList": [{"driveId": "X1", "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"}]}});
    let mut no_address = ship_body();
    no_address["properties"]["returnAddress"] = json!({"recipientName": ""});
    let cases = [
        (
            "packaging",
            "PATCH",
            json!({"properties": {"cancelRequested": true}}),
            "JobCannotBeCanceled",
        ),
        ("packaging", "DELETE", json!(null), "JobCannotBeDeleted"),
        ("received", "PATCH", ship_body(), "JobCannotBeShipped"),
        ("creating", "PATCH", json!({"properties": {"state": "Packaging"}}), "InvalidJobState"),
        ("shipping", "PUT", import_body(), "JobCannotBeReplaced"),
        ("shipping", "PATCH", drives, "JobCannotBeUpdated"),
        (
            "creating",
            "PATCH",
            json!({"properties": {"cancelRequested": false}}),
            "InvalidCancelRequest",
        ),
        ("creating", "PATCH", no_address, "MissingRequiredProperty"),
        ("creating", "PATCH", json!({"properties": {"logLevel": "Loud"}}), "InvalidPropertyValue"),
    ];
    for (name, method, body, expected) in cases {
        let before = (app.stored(name).await, app.audit_rows().await);
        let refused_before = app.refusals(expected).await;
        let (status, answer) = match method {
            "PATCH" => app.patch_job(name, body).await,
            "PUT" => app.put_job(name, body).await,
            _ => app.delete_job(name).await,
        };
        assert!(status.is_client_error(), "{method} {name}: {status} {answer}");
        assert_eq!(code(&answer), expected, "{method} {name}");
        assert_eq!(
            (app.stored(name).await, app.audit_rows().await),
            before,
            "{expected}: nothing changed"
        );
        // The refusal itself is in the activity log, as a Failed event that moved nothing.
        assert_eq!(app.refusals(expected).await, refused_before + 1, "{expected} logged once");
    }
}

#[tokio::test]
async fn the_official_update_example_with_an_empty_state_is_accepted() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let (status, body) = app
        .patch_job("myJob", json!({"properties": {"state": "", "logLevel": "Verbose", "backupDriveManifest": true}}))
        .await;
    assert_eq!((status, state_of(&body)), (StatusCode::OK, "Creating"), "{body}");
    assert_eq!(body["properties"]["logLevel"], "Verbose");
}

#[tokio::test]
async fn a_job_past_creating_cannot_be_replaced_or_have_its_drives_changed() {
    let app = TestApp::new().await;
    app.job_in("myJob", "Shipping").await;
    let (status, body) = app.put_job("myJob", import_body()).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "JobCannotBeReplaced"));
    let drives = json!({"properties": {"driveList": [{"driveId": "X1", "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"}]}});
    let (status, body) = app.patch_job("myJob", drives).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "JobCannotBeUpdated"));
}
