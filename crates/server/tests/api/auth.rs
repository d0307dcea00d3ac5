//! Every route without a token, with a malformed header, a wrong token, another
//! subscription's token, and a user token on operator routes.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::support::*;

fn routes() -> Vec<(Method, String)> {
    let job = job_url("myJob");
    vec![
        (Method::GET, list_url()),
        (
            Method::GET,
            format!(
                "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs?api-version={V}"
            ),
        ),
        (Method::GET, job.clone()),
        (Method::PUT, job.clone()),
        (Method::PATCH, job.clone()),
        (Method::DELETE, job.clone()),
        (Method::POST, job.replace("?api-version", "/listBitLockerKeys?api-version")),
        (Method::GET, format!("/subscriptions/{SUB}/resourcegroups?api-version=2021-04-01")),
    ]
}

async fn send_with(
    app: &TestApp,
    method: Method,
    uri: &str,
    authorization: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut builder = Request::builder().method(method.clone()).uri(uri);
    if let Some(value) = authorization {
        builder = builder.header(header::AUTHORIZATION, value);
    }
    let body = if matches!(method, Method::PUT | Method::PATCH) {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
        Body::from(json!({"properties": {"cancelRequested": true}}).to_string())
    } else {
        Body::empty()
    };
    let (status, _, body) = app.send(builder.body(body).expect("request")).await;
    (status, body)
}

#[tokio::test]
async fn every_subscription_route_needs_a_valid_token_for_that_subscription() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let before = app.stored("myJob").await;
    for (method, uri) in routes() {
        for (authorization, expected, expected_code) in [
            (None, StatusCode::UNAUTHORIZED, "AuthenticationFailed"),
            (
                Some("Basic dXNlcjpwYXNz".to_owned()),
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
            ),
            (Some("Bearer ".to_owned()), StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken"),
            (
                Some("Bearer wrong-token-123".to_owned()),
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
            ),
            (Some(format!("Bearer {OTHER_USER}")), StatusCode::FORBIDDEN, "AuthorizationFailed"),
        ] {
            let (status, body) =
                send_with(&app, method.clone(), &uri, authorization.as_deref()).await;
            assert_eq!(
                (status, code(&body)),
                (expected, expected_code),
                "{method} {uri} with {authorization:?}"
            );
            assert!(!body.to_string().contains("myJob"), "nothing about the job leaks: {body}");
        }
    }
    assert_eq!(app.stored("myJob").await, before, "no unauthorised request changed anything");
}

#[tokio::test]
async fn another_subscriptions_token_cannot_tell_whether_a_job_exists() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let existing =
        send_with(&app, Method::GET, &job_url("myJob"), Some(&format!("Bearer {OTHER_USER}")))
            .await;
    let missing =
        send_with(&app, Method::GET, &job_url("noSuchJob"), Some(&format!("Bearer {OTHER_USER}")))
            .await;
    assert_eq!(existing.0, missing.0);
    assert_eq!(code(&existing.1), code(&missing.1));
}

#[tokio::test]
async fn the_simulated_data_center_is_for_the_operator_only() {
    let app = TestApp::new().await;
    app.job_in("myJob", "Shipping").await;
    for (method, uri) in [
        (Method::POST, advance_url("myJob")),
        (Method::GET, "/_emulator/clock".to_owned()),
        (Method::POST, "/_emulator/clock".to_owned()),
    ] {
        let (status, body) =
            send_with(&app, method.clone(), &uri, Some(&format!("Bearer {USER}"))).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::FORBIDDEN, "AuthorizationFailed"),
            "{method} {uri}"
        );
        let (status, _) = send_with(&app, method.clone(), &uri, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    assert_eq!(state_of(&app.get(&job_url("myJob")).await.1), "Shipping", "nothing moved");
    let (status, _) =
        send_with(&app, Method::GET, "/_emulator/policy", Some(&format!("Bearer {USER}"))).await;
    assert_eq!(status, StatusCode::OK, "any valid token reads the policy");
}

#[tokio::test]
async fn catalog_routes_need_any_valid_token() {
    let app = TestApp::new().await;
    for uri in [
        "/providers/Microsoft.ImportExport/locations?api-version=2021-01-01",
        "/providers/Microsoft.ImportExport/operations?api-version=2021-01-01",
        "/subscriptions?api-version=2020-01-01",
    ] {
        assert_eq!(
            send_with(&app, Method::GET, uri, None).await.0,
            StatusCode::UNAUTHORIZED,
            "{uri}"
        );
        assert_eq!(
            send_with(&app, Method::GET, uri, Some(&format!("Bearer {OTHER_USER}"))).await.0,
            StatusCode::OK,
            "{uri}"
        );
    }
}

/// Who a route is for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    /// One subscription's jobs and scopes.
    Subscription,
    /// Provider-wide data any valid token reads.
    Catalog,
    /// The simulated data center.
    Operator,
}

fn every_route() -> Vec<(Class, Method, String)> {
    use Class::*;
    let job = job_url("matrixJob");
    vec![
        (Subscription, Method::GET, list_url()),
        (
            Subscription,
            Method::GET,
            format!(
                "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs?api-version={V}"
            ),
        ),
        (Subscription, Method::GET, job.clone()),
        (Subscription, Method::PUT, job.clone()),
        (Subscription, Method::PATCH, job.clone()),
        (Subscription, Method::DELETE, job.clone()),
        (Subscription, Method::POST, job.replace("?api-version", "/listBitLockerKeys?api-version")),
        (
            Subscription,
            Method::GET,
            format!("/subscriptions/{SUB}/resourcegroups?api-version=2021-04-01"),
        ),
        (Catalog, Method::GET, "/subscriptions?api-version=2020-01-01".into()),
        (
            Catalog,
            Method::GET,
            "/providers/Microsoft.ImportExport/operations?api-version=2021-01-01".into(),
        ),
        (
            Catalog,
            Method::GET,
            "/providers/Microsoft.ImportExport/locations?api-version=2021-01-01".into(),
        ),
        (
            Catalog,
            Method::GET,
            "/providers/Microsoft.ImportExport/locations/westus?api-version=2021-01-01".into(),
        ),
        (Catalog, Method::GET, "/_emulator/policy".into()),
        (Operator, Method::POST, advance_url("matrixJob")),
        (Operator, Method::GET, "/_emulator/clock".into()),
        (Operator, Method::POST, "/_emulator/clock".into()),
    ]
}

/// What an allowed caller gets from a route, on a fresh service whose `matrixJob` is in
/// `Shipping`: the exact status, and what the body must say.
fn allowed_answer(
    method: &Method,
    uri: &str,
    who: &str,
) -> (StatusCode, &'static str, fn(&serde_json::Value, &str) -> bool) {
    let job = job_url("matrixJob");
    let names_job = |b: &serde_json::Value, _: &str| {
        b["value"].as_array().is_some_and(|v| v.iter().any(|j| j["name"] == "matrixJob"))
    };
    match (method.as_str(), uri) {
        ("GET", u) if u == job => (StatusCode::OK, "the job", |b, _| {
            b["name"] == "matrixJob" && b["properties"]["state"] == "Shipping"
        }),
        ("PUT", u) if u == job => (StatusCode::CONFLICT, "JobCannotBeReplaced", |b, _| {
            b["error"]["code"] == "JobCannotBeReplaced"
        }),
        ("PATCH", u) if u == job => {
            (StatusCode::OK, "cancel requested", |b, _| b["properties"]["cancelRequested"] == true)
        }
        ("DELETE", u) if u == job => (StatusCode::CONFLICT, "JobCannotBeDeleted", |b, _| {
            b["error"]["code"] == "JobCannotBeDeleted"
        }),
        ("POST", u) if u.contains("listBitLockerKeys") => {
            (StatusCode::OK, "two keys", |b, _| b["value"].as_array().map(Vec::len) == Some(2))
        }
        ("GET", u) if u.contains("/resourcegroups") => {
            (StatusCode::OK, "its group", |b, _| b["value"][0]["name"] == RG)
        }
        ("GET", u) if u.contains("/providers/Microsoft.ImportExport/jobs") => {
            (StatusCode::OK, "a list with the job", names_job)
        }
        ("GET", u) if u.starts_with("/subscriptions?") => {
            (StatusCode::OK, "the caller's subscriptions", |b, who| {
                let wanted = if who == "other subscription's token" { OTHER_SUB } else { SUB };
                b["value"]
                    .as_array()
                    .is_some_and(|v| v.iter().any(|s| s["subscriptionId"] == wanted))
            })
        }
        ("GET", u) if u.contains("/operations") => (StatusCode::OK, "six operations", |b, _| {
            b["value"].as_array().map(Vec::len) == Some(6)
        }),
        ("GET", u) if u.contains("/locations/westus") => {
            (StatusCode::OK, "West US", |b, _| b["name"] == "West US")
        }
        ("GET", u) if u.contains("/locations") => (StatusCode::OK, "eight locations", |b, _| {
            b["value"].as_array().map(Vec::len) == Some(8)
        }),
        ("GET", "/_emulator/policy") => {
            (StatusCode::OK, "the policy", |b, _| b["retentionDays"] == 90)
        }
        ("POST", u) if u.ends_with("/advance") => {
            (StatusCode::OK, "moved to Received", |b, _| b["properties"]["state"] == "Received")
        }
        ("GET", "/_emulator/clock") => {
            (StatusCode::OK, "the clock", |b, _| b["offsetSeconds"] == 0)
        }
        ("POST", "/_emulator/clock") => {
            (StatusCode::OK, "nothing removed", |b, _| b["removedJobs"] == 0)
        }
        _ => panic!("no expectation for {method} {uri} ({who})"),
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_caller_as_documented() {
    let app = TestApp::new().await;
    app.job_in("matrixJob", "Shipping").await;
    let callers: [(&str, Option<String>); 6] = [
        ("no token", None),
        ("malformed header", Some(format!("Token {USER}"))),
        ("wrong token", Some("Bearer not-a-token-of-this-service".into())),
        ("other subscription's token", Some(format!("Bearer {OTHER_USER}"))),
        ("user token", Some(format!("Bearer {USER}"))),
        ("operator token", Some(format!("Bearer {OPERATOR}"))),
    ];
    let (mut refused, mut allowed) = (0, 0);
    for (class, method, uri) in every_route() {
        for (who, authorization) in &callers {
            let expected: Option<(StatusCode, &str)> = match (*who, class) {
                ("no token", _) => Some((StatusCode::UNAUTHORIZED, "AuthenticationFailed")),
                ("malformed header" | "wrong token", _) => {
                    Some((StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken"))
                }
                ("other subscription's token", Class::Subscription)
                | ("other subscription's token" | "user token", Class::Operator) => {
                    Some((StatusCode::FORBIDDEN, "AuthorizationFailed"))
                }
                _ => None,
            };
            match expected {
                Some((status_wanted, code_wanted)) => {
                    let (status, body) =
                        send_with(&app, method.clone(), &uri, authorization.as_deref()).await;
                    assert_eq!(
                        (status, code(&body)),
                        (status_wanted, code_wanted),
                        "{method} {uri} with {who}"
                    );
                    assert!(
                        !body.to_string().contains("matrixJob"),
                        "{method} {uri} with {who} leaked the job: {body}"
                    );
                    refused += 1;
                }
                None => {
                    // Each allowed call on a fresh service, so earlier calls change nothing.
                    let fresh = TestApp::new().await;
                    fresh.job_in("matrixJob", "Shipping").await;
                    let (status, body) =
                        send_with(&fresh, method.clone(), &uri, authorization.as_deref()).await;
                    let (status_wanted, what, check) = allowed_answer(&method, &uri, who);
                    assert_eq!(status, status_wanted, "{method} {uri} with {who}: {body}");
                    assert!(check(&body, who), "{method} {uri} with {who}: not {what}: {body}");
                    allowed += 1;
                }
            }
        }
    }
    println!("auth matrix: {refused} refused and {allowed} allowed route × caller cases checked");
    assert_eq!((refused, allowed), (62, 34));
}
