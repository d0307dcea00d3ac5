//! What a client that refreshes a list pays: list pages carry an `ETag` and answer
//! `If-None-Match` with `304 Not Modified` while nothing on them changed; and ARM's read
//! throttling (`--read-quota`): the remaining-reads header, then `429` with `Retry-After`.

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use crate::support::*;

/// A list read with an optional `If-None-Match`: status, headers, body.
async fn read(
    app: &TestApp,
    uri: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, HeaderMap, Value) {
    app.send(user_get(uri, if_none_match.map(|tag| ("if-none-match", tag)))).await
}

fn etag(headers: &HeaderMap) -> String {
    headers.get(header::ETAG).expect("an ETag").to_str().expect("text").to_owned()
}

#[tokio::test]
async fn a_list_page_is_not_sent_again_while_nothing_on_it_changed() {
    let app = TestApp::new().await;
    for i in 0..3 {
        app.create_import(&format!("job-{i}")).await;
    }
    let uri = format!("{}&$top=2", list_url());
    let (status, headers, body) = read(&app, &uri, None).await;
    assert_eq!(status, StatusCode::OK);
    let first = etag(&headers);
    assert!(first.starts_with('"') && first.ends_with('"') && first.len() > 2, "{first}");
    let second_page =
        body["nextLink"].as_str().expect("nextLink").replace("http://waybill.test", "");

    // Unchanged: 304, no body, the same tag; also weakly compared, in a list, and for `*`.
    for asked in [first.clone(), format!("W/{first}"), format!("\"nope\", {first}"), "*".into()] {
        let (status, headers, body) = read(&app, &uri, Some(&asked)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{asked}");
        assert_eq!(etag(&headers), first);
        assert_eq!(body, Value::Null, "a 304 has no body");
    }
    // Another tag: the page, whole.
    let (status, _, body) = read(&app, &uri, Some("\"something-else\"")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["value"].as_array().map(Vec::len), Some(2));

    // The tag is a hash of the answer's text: read again, it is the same.
    let (_, again, _) = read(&app, &uri, None).await;
    assert_eq!(etag(&again), first);

    // A change on the page: a new tag, the new page for the old tag.
    let (status, _) = app.patch_job("job-1", serde_json::json!({"tags": {"k": "v"}})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = read(&app, &uri, Some(&first)).await;
    assert_eq!(status, StatusCode::OK, "the page changed");
    assert_ne!(etag(&headers), first);
    assert_eq!(body["value"][1]["tags"]["k"], "v");

    // The second page did not change: its tag still answers 304.
    let (_, headers, _) = read(&app, &second_page, None).await;
    let second = etag(&headers);
    app.create_import("job-3").await;
    // A new job lands on the second page (creation order): it changes.
    let (status, _, body) = read(&app, &second_page, Some(&second)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["value"].as_array().map(Vec::len), Some(2));
    let (status, _, _) = read(&app, &uri, Some(&etag(&read(&app, &uri, None).await.1))).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_conditional_read_is_still_checked_like_any_read() {
    let app = TestApp::new().await;
    let (_, headers, _) = read(&app, &list_url(), None).await;
    let tag = etag(&headers);
    // Another subscription's list with a tag that matches nothing of it: refused as before.
    let other =
        format!("/subscriptions/{OTHER_SUB}/providers/Microsoft.ImportExport/jobs?api-version={V}");
    let (status, _, body) = read(&app, &other, Some(&tag)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // A bad query is a 400 even with a tag.
    let (status, _, body) = read(&app, &format!("{}&$top=0", list_url()), Some("*")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "InvalidQueryParameterValue");
}

#[tokio::test]
async fn reads_over_the_quota_are_throttled_as_arm_throttles_them() {
    let dir = std::sync::Arc::new(TempDir::new());
    let app = TestApp::start(dir, &["--read-quota", "3:1"]).await;
    let remaining = |h: &HeaderMap| {
        h.get("x-ms-ratelimit-remaining-subscription-reads")
            .map(|v| v.to_str().expect("text").parse::<u64>().expect("a number"))
    };
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (status, headers, _) = read(&app, &list_url(), None).await;
        assert_eq!(status, StatusCode::OK);
        seen.push(remaining(&headers).expect("the remaining reads"));
    }
    assert_eq!(seen, [2, 1, 0]);
    let (status, headers, body) = read(&app, &list_url(), None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "SubscriptionRequestsThrottled");
    let wait: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().expect("seconds");
    assert!((1..=1).contains(&wait), "{wait}");
    assert_eq!(remaining(&headers), Some(0));
    assert!(headers.contains_key("x-ms-request-id"));
    // Writes are not reads; reads outside a subscription (locations) are not counted.
    let (status, _) = app.put_job("job-0", import_body()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) =
        app.get(&format!("/providers/Microsoft.ImportExport/locations?api-version={V}")).await;
    assert_eq!(status, StatusCode::OK);
    // After Retry-After, reads go on.
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    let (status, headers, body) = read(&app, &list_url(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(remaining(&headers), Some(0));
    assert_eq!(body["value"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_service_without_a_quota_says_nothing_of_one() {
    let app = TestApp::new().await;
    for _ in 0..50 {
        let (status, headers, _) = read(&app, &list_url(), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!headers.contains_key("x-ms-ratelimit-remaining-subscription-reads"));
    }
}
