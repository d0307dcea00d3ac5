//! Whole-request validation of create and update: every problem is reported. Also run under
//! wasm32.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{Value, json};
use waybill_rules::JobState::*;
use waybill_rules::wire::{PutJobParameters, UpdateJobParameters};
use waybill_rules::{
    CancelEffect, JobSnapshot, JobState, Policy, Reason, ShipEffect, UpdatePlan, validate_create,
    validate_update,
};

fn update(job: &JobSnapshot, body: Value) -> Result<UpdatePlan, Vec<String>> {
    let request: UpdateJobParameters = serde_json::from_value(body).expect("well-formed body");
    validate_update(&Policy::default(), job, &request).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}@{}", p.code(), p.target().unwrap_or_default()))
            .collect()
    })
}

fn create(existing: Option<JobState>, body: Value) -> Result<(), Vec<String>> {
    let request: PutJobParameters = serde_json::from_value(body).expect("well-formed body");
    let existing = existing.map(JobSnapshot::in_state);
    validate_create(&Policy::default(), existing.as_ref(), &request).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}@{}", p.code(), p.target().unwrap_or_default()))
            .collect()
    })
}

fn address() -> Value {
    json!({"recipientName": "Test", "streetAddress1": "Street1", "city": "Redmond",
           "postalCode": "98007", "countryOrRegion": "USA", "phone": "4250000000",
           "email": "Test@contoso.com"})
}

fn import_job() -> Value {
    json!({"location": "West US", "properties": {
        "storageAccountId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
        "jobType": "Import",
        "driveList": [{"driveId": "9CA995BB", "bitLockerKey": "k", "manifestFile": "\\m", "manifestHash": "h"}]
    }})
}

#[test]
fn cancel_true_is_planned_and_cancel_false_is_refused() {
    let job = JobSnapshot::in_state(Transferring);
    assert_eq!(
        update(&job, json!({"properties": {"cancelRequested": true}})),
        Ok(UpdatePlan { cancel: Some(CancelEffect::Request), ship: None })
    );
    assert_eq!(
        update(&job, json!({"properties": {"cancelRequested": false}})),
        Err(vec!["CancelRequestedMustBeTrue@properties.cancelRequested".into()])
    );
    assert_eq!(
        update(&JobSnapshot::in_state(Packaging), json!({"properties": {"cancelRequested": true}})),
        Err(vec!["CancelNotAllowedInState@properties.cancelRequested".into()])
    );
}

#[test]
fn the_official_update_example_with_an_empty_state_is_accepted() {
    let job = JobSnapshot::in_state(Creating);
    let body =
        json!({"properties": {"state": "", "logLevel": "Verbose", "backupDriveManifest": true}});
    assert_eq!(update(&job, body), Ok(UpdatePlan { cancel: None, ship: None }));
}

#[test]
fn shipping_in_one_request_with_address_and_package() {
    let job = JobSnapshot::in_state(Creating);
    let body = json!({"properties": {"state": "Shipping", "returnAddress": address(),
        "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123"}}});
    assert_eq!(update(&job, body), Ok(UpdatePlan { cancel: None, ship: Some(ShipEffect::Ship) }));
}

#[test]
fn only_shipping_may_be_set_as_a_state() {
    let job = JobSnapshot::in_state(Creating);
    for state in ["Completed", "Packaging", "Nonsense"] {
        assert_eq!(
            update(&job, json!({"properties": {"state": state}})),
            Err(vec!["StateNotSettable@properties.state".into()]),
            "{state}"
        );
    }
}

#[test]
fn every_problem_of_an_update_is_reported_at_once() {
    let job = JobSnapshot::in_state(Packaging);
    let body = json!({"properties": {
        "cancelRequested": true,
        "state": "Shipping",
        "logLevel": "Chatty",
        "driveList": [],
        "deliveryPackage": {"carrierName": "", "driveCount": -1}
    }});
    let problems = update(&job, body).expect_err("the rules refuse it");
    for expected in [
        "ShipAfterCancel@properties.state",
        "CancelNotAllowedInState@properties.cancelRequested",
        "NotEditableInState@properties.logLevel",
        "NotEditableInState@properties.deliveryPackage",
        "NotEditableInState@properties.driveList",
        "MissingProperty@properties.deliveryPackage.carrierName",
        "MissingProperty@properties.deliveryPackage.trackingNumber",
        "InvalidValue@properties.deliveryPackage.driveCount",
        "InvalidValue@properties.logLevel",
        "InvalidValue@properties.driveList",
    ] {
        assert!(problems.iter().any(|p| p == expected), "missing {expected} in {problems:?}");
    }
}

#[test]
fn a_valid_import_job_is_accepted_and_replacement_only_in_creating() {
    assert_eq!(create(None, import_job()), Ok(()));
    assert_eq!(create(Some(Creating), import_job()), Ok(()));
    assert_eq!(create(Some(Shipping), import_job()), Err(vec!["ReplaceNotAllowedInState@".into()]));
}

#[test]
fn create_reports_every_missing_or_wrong_property() {
    assert_eq!(
        create(None, json!({})),
        Err(vec!["MissingProperty@location".into(), "MissingProperty@properties".into()])
    );
    let body = json!({"location": " ", "properties": {
        "storageAccountId": "not-an-id", "jobType": "Import",
        "export": {"blobList": {"blobPathPrefix": ["/"]}},
        "driveList": [{"driveId": "A", "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"},
                      {"driveId": "a", "bitLockerKey": "k", "manifestFile": "m"}]
    }});
    let problems = create(None, body).expect_err("the rules refuse it");
    assert_eq!(
        problems,
        [
            "MissingProperty@location",
            "InvalidValue@properties.storageAccountId",
            "MissingProperty@properties.driveList[1].manifestHash",
            "InvalidValue@properties.driveList[1].driveId",
            "InvalidValue@properties.export",
        ]
    );
}

#[test]
fn export_jobs_need_a_blob_list_and_no_drives() {
    let mut body = import_job();
    body["properties"]["jobType"] = json!("Export");
    let problems = create(None, body.clone()).expect_err("the rules refuse it");
    assert_eq!(
        problems,
        ["MissingProperty@properties.export", "InvalidValue@properties.driveList"]
    );
    body["properties"].as_object_mut().expect("object").remove("driveList");
    body["properties"]["export"] = json!({"blobListBlobPath": "/container/list.xml"});
    assert_eq!(create(None, body), Ok(()));
}

#[test]
fn more_drives_than_the_policy_allows_are_refused() {
    let mut body = import_job();
    let drives: Vec<Value> = (0..11)
        .map(|i| json!({"driveId": format!("D{i}"), "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"}))
        .collect();
    body["properties"]["driveList"] = json!(drives);
    assert_eq!(create(None, body), Err(vec!["InvalidValue@properties.driveList".into()]));
}

#[test]
fn tags_follow_arm_limits() {
    let long = "x".repeat(300);
    let body = json!({"tags": {"ok": "fine", "big": long}});
    let problems =
        update(&JobSnapshot::in_state(Completed), body).expect_err("the rules refuse it");
    assert_eq!(problems, ["InvalidValue@tags.big"]);
    let reason = Reason::InvalidValue {
        target: "tags.big".into(),
        problem: waybill_rules::ValueProblem::TooLong { max: 256 },
    };
    assert_eq!(reason.to_string(), "tags.big must be at most 256 characters long.");
    assert_eq!(reason.status(), 400);
    assert_eq!(reason.arm_code().as_str(), "InvalidPropertyValue");
}

/// `create(None, body)` for an import job with `properties` merged into it.
fn create_with(properties: Value) -> Result<(), Vec<String>> {
    let mut body = import_job();
    for (k, v) in properties.as_object().expect("object") {
        body["properties"][k] = v.clone();
    }
    create(None, body)
}

#[test]
fn each_required_part_of_a_return_address_and_shipping_is_asked_for() {
    assert_eq!(create_with(json!({"returnAddress": address()})), Ok(()));
    for field in [
        "recipientName",
        "streetAddress1",
        "city",
        "postalCode",
        "countryOrRegion",
        "phone",
        "email",
    ] {
        let mut a = address();
        a[field] = json!(" ");
        assert_eq!(
            create_with(json!({"returnAddress": a})),
            Err(vec![format!("MissingProperty@properties.returnAddress.{field}")]),
            "{field}"
        );
    }
    let mut a = address();
    a["streetAddress2"] = json!("x".repeat(1025));
    a["stateOrProvince"] = json!("x".repeat(1024));
    assert_eq!(
        create_with(json!({"returnAddress": a})),
        Err(vec!["InvalidValue@properties.returnAddress.streetAddress2".into()])
    );
    assert_eq!(
        create_with(json!({"returnShipping": {"carrierName": "FedEx"}})),
        Err(vec!["MissingProperty@properties.returnShipping.carrierAccountNumber".into()])
    );
    assert_eq!(
        create_with(json!({"returnShipping": {"carrierAccountNumber": "1"}})),
        Err(vec!["MissingProperty@properties.returnShipping.carrierName".into()])
    );
}

#[test]
fn texts_may_be_1024_characters_long_and_no_longer() {
    let mut a = address();
    a["city"] = json!("é".repeat(1024));
    assert_eq!(create_with(json!({"returnAddress": a.clone()})), Ok(()));
    a["city"] = json!("é".repeat(1025));
    assert_eq!(
        create_with(json!({"returnAddress": a})),
        Err(vec!["InvalidValue@properties.returnAddress.city".into()])
    );
}

#[test]
fn a_delivery_package_needs_carrier_and_tracking_and_no_negative_count() {
    let package = |count: i64| {
        json!({"carrierName": "FedEx", "trackingNumber": "1", "driveCount": count,
               "shipDate": "2026-11-01"})
    };
    assert_eq!(create_with(json!({"deliveryPackage": package(0)})), Ok(()));
    assert_eq!(
        create_with(json!({"deliveryPackage": package(-1)})),
        Err(vec!["InvalidValue@properties.deliveryPackage.driveCount".into()])
    );
    assert_eq!(
        create_with(json!({"deliveryPackage": {"carrierName": "FedEx"}})),
        Err(vec!["MissingProperty@properties.deliveryPackage.trackingNumber".into()])
    );
}

#[test]
fn as_many_drives_as_the_policy_allows_and_one_more() {
    let drives = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"driveId": format!("D{i}"), "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"}))
            .collect()
    };
    let max = Policy::default().max_drives as usize;
    assert_eq!(create_with(json!({"driveList": drives(max)})), Ok(()));
    assert_eq!(
        create_with(json!({"driveList": drives(max + 1)})),
        Err(vec!["InvalidValue@properties.driveList".into()])
    );
}

#[test]
fn a_storage_account_id_names_a_storage_account() {
    let id = |text: &str| create_with(json!({ "storageAccountId": text }));
    assert_eq!(
        id(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ClassicStorage/storageAccounts/a"
        ),
        Ok(())
    );
    for bad in [
        "subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/x",
        "x/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a",
        "/tenants/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a",
        "/subscriptions/s/groups/rg/providers/Microsoft.Storage/storageAccounts/a",
        "/subscriptions/s/resourceGroups/rg/provider/Microsoft.Storage/storageAccounts/a",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/storageAccounts/a",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/disks/a",
        "/subscriptions//resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a",
        "/subscriptions/s/resourceGroups//providers/Microsoft.Storage/storageAccounts/a",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/",
    ] {
        assert_eq!(id(bad), Err(vec!["InvalidValue@properties.storageAccountId".into()]), "{bad}");
    }
}

#[test]
fn an_export_names_blobs_by_path_by_prefix_or_by_a_list_blob() {
    let export = |e: Value| {
        let mut body = import_job();
        body["properties"]["jobType"] = json!("Export");
        body["properties"].as_object_mut().expect("object").remove("driveList");
        body["properties"]["export"] = e;
        create(None, body)
    };
    assert_eq!(export(json!({"blobList": {"blobPath": ["/c/a.vhd"]}})), Ok(()));
    assert_eq!(export(json!({"blobList": {"blobPathPrefix": ["/c/"]}})), Ok(()));
    for empty in [
        json!({}),
        json!({"blobList": {"blobPath": [], "blobPathPrefix": []}}),
        json!({"blobListBlobPath": " "}),
    ] {
        assert_eq!(
            export(empty.clone()),
            Err(vec!["MissingProperty@properties.export.blobList".into()]),
            "{empty}"
        );
    }
}

#[test]
fn tags_at_their_limits_and_one_over() {
    let tags = |n: usize| -> Value {
        (0..n).map(|i| (format!("t{i}"), json!("v"))).collect::<serde_json::Map<_, _>>().into()
    };
    let job = JobSnapshot::in_state(Completed);
    assert!(update(&job, json!({ "tags": tags(50) })).is_ok());
    assert_eq!(update(&job, json!({ "tags": tags(51) })), Err(vec!["InvalidValue@tags".into()]));
    let name = "n".repeat(512);
    assert!(update(&job, json!({"tags": {name: "v".repeat(256)}})).is_ok());
    let long_name = "n".repeat(513);
    assert_eq!(
        update(&job, json!({"tags": {long_name: "v"}})),
        Err(vec!["InvalidValue@tags".into()])
    );
    assert_eq!(
        update(&job, json!({"tags": {"t": "v".repeat(257)}})),
        Err(vec!["InvalidValue@tags.t".into()])
    );
    assert_eq!(update(&job, json!({"tags": {" ": "v"}})), Err(vec!["InvalidValue@tags".into()]));
}
