//! The activity log (`/subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values`):
//! one event per request outcome on a job, in Azure Monitor's `EventData` shape.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

const MONITOR_V: &str = "2015-04-01";

fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    waybill_rules::Timestamp(seconds).to_rfc3339()
}

fn job_id(name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/{name}")
}

fn log_url(filter: &str) -> String {
    let query = serde_urlencoded::to_string([("api-version", MONITOR_V), ("$filter", filter)])
        .expect("query");
    format!(
        "/subscriptions/{SUB}/providers/Microsoft.Insights/eventtypes/management/values?{query}"
    )
}

/// Events of the last 80 days (the service's clock is the real one in these tests), of the
/// job `name` when given.
fn filter_for(name: Option<&str>) -> String {
    let from = waybill_rules::Timestamp::parse_rfc3339(&now_rfc3339())
        .expect("now")
        .plus_days(-80)
        .to_rfc3339();
    let base = format!("eventTimestamp ge '{from}'");
    match name {
        Some(n) => format!("{base} and resourceUri eq '{}'", job_id(n)),
        None => base,
    }
}

impl TestApp {
    /// The events of the log for `name` (newest first), following `nextLink`.
    async fn events_of(&self, name: &str) -> Vec<Value> {
        let now = self.state.clock.now();
        let from = now.plus_days(-30).to_rfc3339();
        let filter = format!("eventTimestamp ge '{from}' and resourceUri eq '{}'", job_id(name));
        let (status, body) = self.get(&log_url(&filter)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.get("nextLink").is_none(), "{body}");
        body["value"].as_array().expect("value").clone()
    }
}

fn summary(events: &[Value]) -> Vec<(String, String, String, String)> {
    events
        .iter()
        .map(|e| {
            (
                e["properties"]["action"].as_str().unwrap_or_default().to_owned(),
                e["status"]["value"].as_str().unwrap_or_default().to_owned(),
                e["caller"].as_str().unwrap_or_default().to_owned(),
                e["properties"]["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn row(action: &str, status: &str, caller: &str, code: &str) -> (String, String, String, String) {
    (action.into(), status.into(), caller.into(), code.into())
}

#[tokio::test]
async fn every_outcome_on_a_job_is_an_event_newest_first_with_who_and_the_refusals_code() {
    let app = TestApp::new().await;
    app.job_in("act-1", "Transferring").await;
    let (status, _) = app.delete_job("act-1").await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) =
        app.patch_job("act-1", json!({"properties": {"cancelRequested": true}})).await;
    assert_eq!(status, StatusCode::OK);
    app.advance("act-1", None).await;
    let (status, _) = app.delete_job("act-1").await;
    assert_eq!(status, StatusCode::OK);

    let events = app.events_of("act-1").await;
    assert_eq!(
        summary(&events),
        vec![
            row("delete", "Succeeded", "user-1", ""),
            row("advance", "Succeeded", "operator", ""),
            row("cancel", "Succeeded", "user-1", ""),
            row("delete", "Failed", "user-1", "JobCannotBeDeleted"),
            // Every step up to Transferring in one move: one event.
            row("advance", "Succeeded", "operator", ""),
            row("ship", "Succeeded", "user-1", ""),
            row("create", "Succeeded", "user-1", ""),
        ]
    );
    // A deleted job's history stays readable; the shape is Azure Monitor's.
    let cancel = &events[2];
    assert_eq!(cancel["operationName"]["value"], "Microsoft.ImportExport/jobs/write");
    assert_eq!(cancel["authorization"]["action"], "Microsoft.ImportExport/jobs/write");
    assert_eq!(cancel["authorization"]["scope"], job_id("act-1"));
    assert_eq!(cancel["resourceId"], job_id("act-1"));
    assert_eq!(cancel["resourceGroupName"], RG);
    assert_eq!(cancel["subscriptionId"], SUB);
    assert_eq!(cancel["resourceProviderName"]["value"], "Microsoft.ImportExport");
    assert_eq!(cancel["category"]["value"], "Administrative");
    assert_eq!(cancel["level"], "Informational");
    assert_eq!(cancel["properties"]["stateBefore"], "Transferring");
    assert_eq!(cancel["properties"]["cancelRequestedBefore"], "false");
    assert_eq!(cancel["properties"]["cancelRequestedAfter"], "true");
    assert_eq!(cancel["httpRequest"]["method"], "PATCH");
    assert_eq!(cancel["subStatus"]["value"], "OK");
    let refused = &events[3];
    assert_eq!(refused["level"], "Error");
    assert_eq!(refused["operationName"]["value"], "Microsoft.ImportExport/jobs/delete");
    assert_eq!(refused["subStatus"]["value"], "Conflict");
    assert_eq!(refused["properties"]["statusCode"], "Conflict");
    assert_eq!(refused["properties"]["stateBefore"], "Transferring");
    assert_eq!(events[6]["subStatus"]["value"], "Created");
    for e in &events {
        for (_, v) in e["properties"].as_object().expect("properties") {
            assert!(v.is_string(), "properties are strings, as the schema says: {e}");
        }
        assert!(e["eventTimestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{e}");
        assert!(e["id"].as_str().is_some_and(|id| id.starts_with(&job_id("act-1"))), "{e}");
    }
    let ids: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e["eventDataId"].as_str()).collect();
    assert_eq!(ids.len(), events.len(), "event ids are unique");
}

#[tokio::test]
async fn the_correlation_id_is_the_requests_id_and_filters_to_that_request() {
    let app = TestApp::new().await;
    app.create_import("act-corr").await;
    let request = Request::builder()
        .method(Method::PATCH)
        .uri(job_url("act-corr"))
        .header(header::HOST, "waybill.test")
        .header(header::AUTHORIZATION, format!("Bearer {USER}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"properties": {"logLevel": "Verbose"}}).to_string()))
        .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    let id = headers["x-ms-request-id"].to_str().expect("id").to_owned();
    let filter = format!("{} and correlationId eq '{id}'", filter_for(None));
    let (status, body) = app.get(&log_url(&filter)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let events = body["value"].as_array().expect("value");
    assert_eq!(summary(events), vec![row("update", "Succeeded", "user-1", "")]);
    assert_eq!(events[0]["correlationId"], id.as_str());
    assert_eq!(events[0]["operationId"], id.as_str());
}

#[tokio::test]
async fn reading_bitlocker_keys_and_retention_removals_are_logged() {
    let app = TestApp::new().await;
    app.job_in("act-keys", "Completed").await;
    let keys_url = job_url("act-keys").replace('?', "/listBitLockerKeys?");
    let (status, _) = app.call(Method::POST, &keys_url, Some(USER), None).await;
    assert_eq!(status, StatusCode::OK);
    let events = app.events_of("act-keys").await;
    assert_eq!(summary(&events[..1]), vec![row("listBitLockerKeys", "Succeeded", "user-1", "")]);
    assert_eq!(
        events[0]["operationName"]["value"],
        "Microsoft.ImportExport/jobs/listBitLockerKeys/action"
    );
    let (status, body) = app
        .call(Method::POST, "/_emulator/clock", Some(OPERATOR), Some(json!({"advanceDays": 91})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["removedJobs"], 1);
    // 91 days later only the removal is within the last 30 days.
    let events = app.events_of("act-keys").await;
    assert_eq!(summary(&events), vec![row("retention", "Succeeded", "Microsoft.ImportExport", "")]);
    assert_eq!(events[0]["operationName"]["value"], "Microsoft.ImportExport/jobs/delete");
    assert_eq!(events[0]["properties"]["stateBefore"], "Completed");
}

#[tokio::test]
async fn the_filter_narrows_by_group_provider_level_and_select_keeps_the_named_fields() {
    let app = TestApp::new().await;
    app.create_import("act-a").await;
    let (status, _) =
        app.patch_job("act-a", json!({"properties": {"cancelRequested": false}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let all = filter_for(None);
    let count = |body: &Value| body["value"].as_array().map_or(0, Vec::len);
    assert_eq!(count(&app.get(&log_url(&all)).await.1), 2);
    let errors = app.get(&log_url(&format!("{all} and levels eq 'Error'"))).await.1;
    assert_eq!(
        summary(errors["value"].as_array().expect("value")),
        vec![row("cancel", "Failed", "user-1", "InvalidCancelRequest")]
    );
    let other_group = format!("{all} and resourceGroupName eq 'someOtherGroup'");
    assert_eq!(count(&app.get(&log_url(&other_group)).await.1), 0);
    let group = format!("{all} and resourceGroupName eq '{}'", RG.to_uppercase());
    assert_eq!(count(&app.get(&log_url(&group)).await.1), 2);
    let compute = format!("{all} and resourceProvider eq 'Microsoft.Compute'");
    assert_eq!(count(&app.get(&log_url(&compute)).await.1), 0);
    let mine = format!("{all} and resourceProvider eq 'microsoft.importexport'");
    assert_eq!(count(&app.get(&log_url(&mine)).await.1), 2);
    let url = format!("{}&$select=caller,eventTimestamp,status", log_url(&all));
    let (status, body) = app.get(&url).await;
    assert_eq!(status, StatusCode::OK);
    let mut keys: Vec<&String> = body["value"][0].as_object().expect("event").keys().collect();
    keys.sort();
    assert_eq!(keys, ["caller", "eventTimestamp", "status"]);
}

#[tokio::test]
async fn pages_follow_next_link_to_the_end_without_repeats() {
    let app = TestApp::new().await;
    // 250 refused requests on one job: each is an event.
    for _ in 0..250 {
        let (status, _) = app.delete_job("act-none").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let mut url = log_url(&filter_for(Some("act-none")));
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let (status, body) = app.get(&url).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        pages += 1;
        seen.extend(
            body["value"].as_array().expect("value").iter().map(|e| e["eventDataId"].clone()),
        );
        match body["nextLink"].as_str() {
            Some(next) => url = next.trim_start_matches("http://waybill.test").to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(seen.len(), 250);
    let unique: std::collections::BTreeSet<String> = seen.iter().map(Value::to_string).collect();
    assert_eq!(unique.len(), 250);
}

#[tokio::test]
async fn bad_requests_get_arm_errors_and_other_subscriptions_stay_private() {
    let app = TestApp::new().await;
    app.create_import("act-private").await;
    let base =
        format!("/subscriptions/{SUB}/providers/Microsoft.Insights/eventtypes/management/values");
    let cases: Vec<(String, Option<&str>, StatusCode, &str)> = vec![
        (
            format!("{base}?api-version={MONITOR_V}"),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidFilter",
        ),
        (
            log_url("eventTimestamp le '2026-01-01'"),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidFilter",
        ),
        (log_url("eventTimestamp ge 'soon'"), Some(USER), StatusCode::BAD_REQUEST, "InvalidFilter"),
        (
            log_url("eventTimestamp ge '2020-06-01' and eventTimestamp le '2020-01-01'"),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidFilter",
        ),
        (
            format!("{}&$skipToken=abc", log_url(&filter_for(None))),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidQueryParameterValue",
        ),
        (
            format!("{base}?$filter=x"),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "MissingApiVersionParameter",
        ),
        (
            log_url(&filter_for(None)).replace(MONITOR_V, "2021-01-01"),
            Some(USER),
            StatusCode::BAD_REQUEST,
            "InvalidApiVersionParameter",
        ),
        (log_url(&filter_for(None)), None, StatusCode::UNAUTHORIZED, "AuthenticationFailed"),
        (
            log_url(&filter_for(None)),
            Some(OTHER_USER),
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
        ),
    ];
    for (url, token, status, expected) in cases {
        let (got, body) = app.call(Method::GET, &url, token, None).await;
        assert_eq!((got, code(&body)), (status, expected), "{url}: {body}");
    }
    // Requests refused before the caller was known to be allowed are not logged.
    let (status, _) =
        app.call(Method::DELETE, &job_url("act-private"), Some(OTHER_USER), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call(Method::DELETE, &job_url("act-private"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        summary(&app.events_of("act-private").await),
        vec![row("create", "Succeeded", "user-1", "")]
    );
}
