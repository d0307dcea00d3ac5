//! The 13 official examples: each example's request is sent to the service (after the jobs it
//! refers to were brought into the example's state), and the response must carry every field
//! of the example's response with the same JSON type.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const EXAMPLES: [(&str, &str); 13] = [
    ("CreateJob", include_str!("../../../rules/tests/fixtures/CreateJob.json")),
    ("CreateExportJob", include_str!("../../../rules/tests/fixtures/CreateExportJob.json")),
    ("DeleteJob", include_str!("../../../rules/tests/fixtures/DeleteJob.json")),
    ("GetJob", include_str!("../../../rules/tests/fixtures/GetJob.json")),
    ("GetExportJob", include_str!("../../../rules/tests/fixtures/GetExportJob.json")),
    ("GetLocation", include_str!("../../../rules/tests/fixtures/GetLocation.json")),
    ("ListBitLockerKeys", include_str!("../../../rules/tests/fixtures/ListBitLockerKeys.json")),
    (
        "ListJobsInResourceGroup",
        include_str!("../../../rules/tests/fixtures/ListJobsInResourceGroup.json"),
    ),
    (
        "ListJobsInSubscription",
        include_str!("../../../rules/tests/fixtures/ListJobsInSubscription.json"),
    ),
    ("ListLocations", include_str!("../../../rules/tests/fixtures/ListLocations.json")),
    ("ListOperations", include_str!("../../../rules/tests/fixtures/ListOperations.json")),
    ("UpdateJob", include_str!("../../../rules/tests/fixtures/UpdateJob.json")),
    ("UpdateExportJob", include_str!("../../../rules/tests/fixtures/UpdateExportJob.json")),
];

/// Export jobs here never carry drives before the data center assigns them (the create
/// request refuses `driveList` for exports), so GetExportJob's drive list has no counterpart.
const NOT_COMPARED: &[&str] = &["GetExportJob:.properties.driveList"];

/// Every field of `expected` is in `actual` with the same JSON type (arrays: their first items).
fn same_shape(
    example: &str,
    expected: &Value,
    actual: &Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    if NOT_COMPARED.contains(&format!("{example}:{path}").as_str()) {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let field = format!("{path}.{key}");
                match a.get(key) {
                    Some(found) => same_shape(example, value, found, &field, problems),
                    None if NOT_COMPARED.contains(&format!("{example}:{field}").as_str()) => {}
                    None => problems.push(format!("{field} is missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => match (e.first(), a.first()) {
            (Some(e0), Some(a0)) => same_shape(example, e0, a0, &format!("{path}[0]"), problems),
            (Some(_), None) => problems.push(format!("{path} is empty")),
            _ => {}
        },
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_)) => {}
        (e, a) => problems.push(format!("{path}: {e} became {a}")),
    }
}

fn job_url_for(params: &Value, job: &str) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/{job}?api-version={}",
        params["subscriptionId"].as_str().unwrap_or_default(),
        params["resourceGroupName"].as_str().unwrap_or("myResourceGroup"),
        params["api-version"].as_str().unwrap_or_default()
    )
}

fn create_body(export: bool) -> Value {
    let example: Value =
        serde_json::from_str(EXAMPLES[if export { 1 } else { 0 }].1).expect("json");
    example["parameters"]["body"].clone()
}

/// Creates `name` (import or export) at `url` and brings it to `state` as operator.
async fn prepare(app: &TestApp, url: &str, name: &str, export: bool, state: &str) {
    let (status, body) =
        app.call(Method::PUT, url, Some(OPERATOR), Some(create_body(export))).await;
    assert!(status.is_success(), "create {name}: {body}");
    if state == "Creating" {
        return;
    }
    let (status, body) = app.call(Method::PATCH, url, Some(OPERATOR), Some(ship_body())).await;
    assert_eq!(status, StatusCode::OK, "ship {name}: {body}");
    let sub_rg = url.split("/providers/").next().unwrap_or_default().replace("/subscriptions/", "");
    let advance = format!("/_emulator/subscriptions/{sub_rg}/jobs/{name}/advance");
    if state != "Shipping" {
        let (status, body) =
            app.call(Method::POST, &advance, Some(OPERATOR), Some(json!({"to": state}))).await;
        assert_eq!(status, StatusCode::OK, "advance {name}: {body}");
    }
}

#[tokio::test]
async fn every_official_example_is_answered_with_its_fields_and_types() {
    let mut checked = 0;
    for (name, text) in EXAMPLES {
        let app = TestApp::new().await;
        let example: Value = serde_json::from_str(text).expect("json");
        let params = &example["parameters"];
        let version = params["api-version"].as_str().unwrap_or_default();
        let job = params["jobName"].as_str().unwrap_or("myJob");
        let export = name.contains("Export");
        let (method, url, body) = match name {
            "CreateJob" | "CreateExportJob" => {
                (Method::PUT, job_url_for(params, job), Some(params["body"].clone()))
            }
            "UpdateJob" | "UpdateExportJob" => {
                prepare(&app, &job_url_for(params, job), job, export, "Creating").await;
                (Method::PATCH, job_url_for(params, job), Some(params["body"].clone()))
            }
            "GetJob" | "GetExportJob" | "DeleteJob" | "ListBitLockerKeys" => {
                prepare(&app, &job_url_for(params, job), job, export, "Creating").await;
                let url = job_url_for(params, job);
                match name {
                    "DeleteJob" => (Method::DELETE, url, None),
                    "ListBitLockerKeys" => (
                        Method::POST,
                        url.replace("?api-version", "/listBitLockerKeys?api-version"),
                        None,
                    ),
                    _ => (Method::GET, url, None),
                }
            }
            "ListJobsInResourceGroup" | "ListJobsInSubscription" => {
                for item in example["responses"]["200"]["body"]["value"].as_array().expect("jobs") {
                    let id = item["id"].as_str().expect("id");
                    let url = format!("{id}?api-version={version}");
                    let item_name = item["name"].as_str().expect("name");
                    prepare(
                        &app,
                        &url,
                        item_name,
                        false,
                        item["properties"]["state"].as_str().expect("state"),
                    )
                    .await;
                }
                let sub = params["subscriptionId"].as_str().unwrap_or_default();
                let url = match params["resourceGroupName"].as_str() {
                    Some(rg) => format!(
                        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs?api-version={version}"
                    ),
                    None => format!(
                        "/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs?api-version={version}"
                    ),
                };
                (Method::GET, url, None)
            }
            "GetLocation" => (
                Method::GET,
                format!(
                    "/providers/Microsoft.ImportExport/locations/{}?api-version={version}",
                    params["locationName"].as_str().unwrap_or_default().replace(' ', "%20")
                ),
                None,
            ),
            "ListLocations" => (
                Method::GET,
                format!("/providers/Microsoft.ImportExport/locations?api-version={version}"),
                None,
            ),
            "ListOperations" => (
                Method::GET,
                format!("/providers/Microsoft.ImportExport/operations?api-version={version}"),
                None,
            ),
            other => panic!("unexpected example {other}"),
        };
        let (status, answer) = app.call(method, &url, Some(OPERATOR), body).await;
        let responses = example["responses"].as_object().expect("responses");
        let expected = responses.get(status.as_str()).unwrap_or_else(|| {
            panic!(
                "{name}: status {status} is not among the example's {:?}: {answer}",
                responses.keys()
            )
        });
        let mut problems = vec![];
        if let Some(expected_body) = expected.get("body") {
            if name.starts_with("ListJobs") {
                // Jobs come in creation order, as the example lists them.
                same_shape(name, expected_body, &answer, "", &mut problems);
                let wanted: Vec<&Value> = expected_body["value"]
                    .as_array()
                    .expect("value")
                    .iter()
                    .map(|j| &j["name"])
                    .collect();
                let got: Vec<&Value> =
                    answer["value"].as_array().expect("value").iter().map(|j| &j["name"]).collect();
                assert_eq!(got, wanted, "{name}");
                for (e, a) in expected_body["value"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .zip(answer["value"].as_array().into_iter().flatten())
                {
                    same_shape(name, e, a, ".value[]", &mut problems);
                }
            } else {
                same_shape(name, expected_body, &answer, "", &mut problems);
            }
        } else {
            assert_eq!(answer, Value::Null, "{name}: no body");
        }
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        checked += 1;
    }
    assert_eq!(checked, 13);
}
