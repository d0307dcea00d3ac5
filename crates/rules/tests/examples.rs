//! The 13 official examples (copied unchanged into `fixtures/`): every request and response
//! body reads into the wire types and writes back without losing or changing a field.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use waybill_rules::wire::{
    ErrorResponse, GetBitLockerKeysResponse, JobResponse, ListJobsResponse, ListOperationsResponse,
    Location, LocationsResponse, PutJobParameters, UpdateJobParameters,
};

const EXAMPLES: [(&str, &str); 13] = [
    ("CreateJob", include_str!("fixtures/CreateJob.json")),
    ("CreateExportJob", include_str!("fixtures/CreateExportJob.json")),
    ("DeleteJob", include_str!("fixtures/DeleteJob.json")),
    ("GetJob", include_str!("fixtures/GetJob.json")),
    ("GetExportJob", include_str!("fixtures/GetExportJob.json")),
    ("GetLocation", include_str!("fixtures/GetLocation.json")),
    ("ListBitLockerKeys", include_str!("fixtures/ListBitLockerKeys.json")),
    ("ListJobsInResourceGroup", include_str!("fixtures/ListJobsInResourceGroup.json")),
    ("ListJobsInSubscription", include_str!("fixtures/ListJobsInSubscription.json")),
    ("ListLocations", include_str!("fixtures/ListLocations.json")),
    ("ListOperations", include_str!("fixtures/ListOperations.json")),
    ("UpdateJob", include_str!("fixtures/UpdateJob.json")),
    ("UpdateExportJob", include_str!("fixtures/UpdateExportJob.json")),
];

/// Reads `value` as `T`, writes it back, and requires the very same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, value: &Value) -> usize {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not read as the wire type: {e}"));
    let back = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(&back, value, "{what}: a field was lost or changed");
    1
}

fn body_checks(name: &str, kind: &str, body: &Value) -> usize {
    let what = format!("{name} {kind}");
    match name {
        "CreateJob" | "CreateExportJob" if kind == "request" => {
            round_trip::<PutJobParameters>(&what, body)
        }
        "UpdateJob" | "UpdateExportJob" if kind == "request" => {
            round_trip::<UpdateJobParameters>(&what, body)
        }
        "ListJobsInResourceGroup" | "ListJobsInSubscription" => {
            round_trip::<ListJobsResponse>(&what, body)
        }
        "GetLocation" => round_trip::<Location>(&what, body),
        "ListLocations" => round_trip::<LocationsResponse>(&what, body),
        "ListOperations" => round_trip::<ListOperationsResponse>(&what, body),
        "ListBitLockerKeys" => round_trip::<GetBitLockerKeysResponse>(&what, body),
        _ => round_trip::<JobResponse>(&what, body),
    }
}

#[test]
fn every_official_example_round_trips_through_the_wire_types() {
    let mut checked = 0;
    for (name, text) in EXAMPLES {
        let example: Value = serde_json::from_str(text).expect("example is JSON");
        if let Some(body) = example["parameters"].get("body") {
            checked += body_checks(name, "request", body);
        }
        let responses = example["responses"].as_object().expect("responses");
        for (status, response) in responses {
            if let Some(body) = response.get("body") {
                checked += body_checks(name, &format!("response {status}"), body);
            }
        }
    }
    // 4 request bodies and 14 response bodies: both creates answer 200 and 201; delete none.
    assert_eq!(checked, 18);
}

#[test]
fn the_error_envelope_has_the_arm_shape() {
    let text = r#"{"error":{"code":"JobCannotBeCanceled","message":"m","target":"properties.cancelRequested"}}"#;
    let value: Value = serde_json::from_str(text).expect("json");
    round_trip::<ErrorResponse>("error envelope", &value);
}

#[test]
fn a_job_reads_typed_states() {
    let example: Value = serde_json::from_str(EXAMPLES[3].1).expect("json");
    let job: JobResponse =
        serde_json::from_value(example["responses"]["200"]["body"].clone()).expect("job");
    let props = job.properties.expect("properties");
    assert_eq!(props.job_type.and_then(|t| t.known()), Some(waybill_rules::JobType::Import));
    assert!(props.state.is_some());
    assert!(props.drive_list.as_ref().is_some_and(|d| d.iter().all(|d| d.state.is_some())));
}
