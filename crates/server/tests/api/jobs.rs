//! `/subscriptions/{sub}/.../jobs`: create, get, list, paging, filters, keys, bad input.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn create_answers_201_with_the_upstream_shape_then_200_on_replace() {
    let app = TestApp::new().await;
    let job = app.create_import("myJob").await;
    assert_eq!(
        job["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/myJob"
        )
    );
    assert_eq!(job["name"], "myJob");
    assert_eq!(job["type"], "Microsoft.ImportExport/jobs");
    assert_eq!(job["location"], "West US");
    assert_eq!(job["identity"]["type"], "None");
    assert!(job["systemData"]["createdAt"].is_string());
    let props = &job["properties"];
    assert_eq!(props["state"], "Creating");
    assert_eq!(props["cancelRequested"], false);
    assert_eq!(props["provisioningState"], "Succeeded");
    assert_eq!(props["shippingInformation"]["city"], "Santa Clara");
    assert_eq!(props["encryptionKey"]["kekType"], "MicrosoftManaged");
    assert_eq!(props["driveList"][0]["state"], "Specified");
    assert!(props["driveList"][0].get("bitLockerKey").is_none(), "keys are never in job responses");

    let (status, replaced) = app.put_job("myJob", import_body()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced["systemData"]["createdAt"], job["systemData"]["createdAt"]);
}

#[tokio::test]
async fn get_answers_the_job_and_404_for_an_unknown_one() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let (status, job) = app.get(&job_url("myJob")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(job["name"], "myJob");
    let (status, job) = app.get(&job_url("MYJOB")).await;
    assert_eq!(
        (status, job["name"].as_str()),
        (StatusCode::OK, Some("myJob")),
        "names are case-insensitive"
    );
    let (status, body) = app.get(&job_url("nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code(&body), "ResourceNotFound");
}

#[tokio::test]
async fn the_three_api_versions_are_served_and_others_refused() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    // The upstream 2016-11-01 and 2021-01-01 specs define the same properties for every schema
    // (their one difference is a definition's name, `PackageInfomation`), and 2020-08-01 lies
    // between them: every version is answered with exactly the same documents.
    let uris = [
        job_url("myJob"),
        list_url(),
        job_url("myJob").replace("?api-version", "/listBitLockerKeys?api-version"),
        format!("/providers/Microsoft.ImportExport/locations?api-version={V}"),
        format!("/providers/Microsoft.ImportExport/locations/westus?api-version={V}"),
        format!("/providers/Microsoft.ImportExport/operations?api-version={V}"),
    ];
    for uri in &uris {
        let method = if uri.contains("listBitLockerKeys") { Method::POST } else { Method::GET };
        let (status, newest) = app.call(method.clone(), uri, Some(USER), None).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        for version in ["2016-11-01", "2020-08-01"] {
            let (status, older) =
                app.call(method.clone(), &uri.replace(V, version), Some(USER), None).await;
            assert_eq!(status, StatusCode::OK, "{version} {uri}");
            assert_eq!(older, newest, "{version} answers {uri} as 2021-01-01 does");
        }
    }
    let (status, body) = app.get(&job_url("myJob").replace(V, "2099-01-01")).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidApiVersionParameter"));
    let (status, body) = app.get(&job_url("myJob").replace(&format!("?api-version={V}"), "")).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "MissingApiVersionParameter"));
}

#[tokio::test]
async fn malformed_bodies_get_their_arm_codes_and_change_nothing() {
    let app = TestApp::new().await;
    let send = |content_type: &'static str, body: Vec<u8>| {
        Request::builder()
            .method(Method::PUT)
            .uri(job_url("badJob"))
            .header(header::AUTHORIZATION, format!("Bearer {USER}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request")
    };
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "application/json",
            b"{not json".to_vec(),
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
        ),
        ("application/json", b"".to_vec(), StatusCode::BAD_REQUEST, "InvalidRequestContent"),
        ("application/json", b"[1,2]".to_vec(), StatusCode::BAD_REQUEST, "InvalidRequestContent"),
        (
            "application/json",
            br#"{"properties": {"jobType": 7}}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
        ),
        (
            "application/json",
            vec![0xff, 0xfe, b'{'],
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
        ),
        (
            "application/json",
            "[".repeat(10_000).into_bytes(),
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
        ),
        ("text/plain", b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType"),
        (
            "application/json",
            vec![b' '; 2 * 1024 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestBodyTooLarge",
        ),
        (
            "application/json",
            br#"{"location": "Mars"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "InvalidLocation",
        ),
        ("application/json", b"{}".to_vec(), StatusCode::BAD_REQUEST, "MissingRequiredProperty"),
    ];
    for (content_type, body, expected_status, expected_code) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(30)]).into_owned();
        let (status, _, answer) = app.send(send(content_type, body)).await;
        assert_eq!(
            (status, code(&answer)),
            (expected_status, expected_code),
            "{content_type} {shown}"
        );
    }
    assert!(app.stored("badJob").await.is_none(), "nothing was created");
}

#[tokio::test]
async fn bad_names_are_refused_with_the_name_that_is_wrong() {
    let app = TestApp::new().await;
    for (uri, expected) in [
        (job_url("a"), "InvalidResourceName"),
        (job_url("-bad-"), "InvalidResourceName"),
        (job_url("x".repeat(65).as_str()), "InvalidResourceName"),
        (job_url("has%20space"), "InvalidResourceName"),
        (job_url("ok-name").replace(RG, "rg."), "InvalidResourceGroupName"),
    ] {
        let (status, body) = app.call(Method::PUT, &uri, Some(USER), Some(import_body())).await;
        assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, expected), "{uri}");
    }
}

#[tokio::test]
async fn create_reports_every_invalid_property_at_once() {
    let app = TestApp::new().await;
    let body = json!({"location": "West US", "properties": {"jobType": "Import", "driveList": [{"driveId": "A"}]}});
    let (status, answer) = app.put_job("myJob", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let targets: Vec<&str> = answer["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["target"].as_str().unwrap_or(""))
        .collect();
    for target in [
        "properties.storageAccountId",
        "properties.driveList[0].bitLockerKey",
        "properties.driveList[0].manifestFile",
        "properties.driveList[0].manifestHash",
    ] {
        assert!(targets.contains(&target), "{target} in {targets:?}");
    }
}

#[tokio::test]
async fn list_bitlocker_keys_answers_every_drive_key() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    let uri = job_url("myJob").replace("?api-version", "/listBitLockerKeys?api-version");
    let (status, body) = app.call(Method::POST, &uri, Some(USER), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["value"][0],
        json!({"driveId": "9CA995BB", "bitLockerKey": "238810-662376-448998-450120-652806-203390-606320-483076"})
    );
    assert_eq!(body["value"].as_array().map(Vec::len), Some(2));
}

async fn names(app: &TestApp, uri: &str) -> (Vec<String>, Option<String>) {
    let (status, body) = app.get(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    let names = body["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|j| j["name"].as_str().unwrap_or("").to_owned())
        .collect();
    (names, body["nextLink"].as_str().map(str::to_owned))
}

/// The path and query of an absolute nextLink.
fn relative(link: &str) -> String {
    assert!(link.starts_with("http://waybill.test/subscriptions/"), "absolute: {link}");
    link.trim_start_matches("http://waybill.test").to_owned()
}

#[tokio::test]
async fn lists_page_with_absolute_next_links_that_stay_correct_while_jobs_change() {
    let app = TestApp::new().await;
    for i in 0..7 {
        app.create_import(&format!("job-{i}")).await;
    }
    let (page1, next) = names(&app, &format!("{}&$top=3", list_url())).await;
    assert_eq!(page1, ["job-0", "job-1", "job-2"]);
    // Between pages: one job of the next page is deleted and a new one is added.
    assert_eq!(app.delete_job("job-3").await.0, StatusCode::OK);
    app.create_import("job-7").await;
    let (page2, next) = names(&app, &relative(&next.expect("nextLink"))).await;
    assert_eq!(page2, ["job-4", "job-5", "job-6"]);
    let (page3, next) = names(&app, &relative(&next.expect("nextLink"))).await;
    assert_eq!(page3, ["job-7"]);
    assert_eq!(next, None);
    let rg_list = format!(
        "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs?api-version={V}"
    );
    assert_eq!(names(&app, &rg_list).await.0.len(), 7);
    let other_rg = rg_list.replace(RG, "otherGroup");
    assert!(names(&app, &other_rg).await.0.is_empty());
}

#[tokio::test]
async fn lists_filter_by_state_and_type() {
    let app = TestApp::new().await;
    app.job_in("a-creating", "Creating").await;
    app.job_in("b-transferring", "Transferring").await;
    app.job_in("c-transferring", "Transferring").await;
    let filtered = |f: &str| format!("{}&$filter={}", list_url(), urlencode(f));
    assert_eq!(
        names(&app, &filtered("state eq 'Transferring'")).await.0,
        ["b-transferring", "c-transferring"]
    );
    assert_eq!(names(&app, &filtered("properties/state eq 'creating'")).await.0, ["a-creating"]);
    assert_eq!(names(&app, &filtered("jobType eq 'Export'")).await.0, Vec::<String>::new());
    assert_eq!(
        names(&app, &filtered("jobType eq 'Import' and state eq 'Transferring'")).await.0.len(),
        2
    );
    assert!(
        names(&app, &filtered("state eq 'Creating' and state eq 'Completed'")).await.0.is_empty()
    );
    let (page, next) =
        names(&app, &format!("{}&$top=1", filtered("state eq 'Transferring'"))).await;
    assert_eq!(page, ["b-transferring"]);
    let next = next.expect("nextLink keeps the filter");
    assert_eq!(names(&app, &relative(&next)).await.0, ["c-transferring"]);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(
            |b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            },
        )
        .collect()
}

#[tokio::test]
async fn bad_list_parameters_are_refused() {
    let app = TestApp::new().await;
    for (query, expected) in [
        ("&$top=0", "InvalidQueryParameterValue"),
        ("&$top=101", "InvalidQueryParameterValue"),
        ("&$top=-5", "InvalidQueryParameterValue"),
        ("&$top=99999999999999999999", "InvalidQueryParameterValue"),
        ("&$top=ten", "InvalidQueryParameterValue"),
        ("&$skiptoken=forged", "InvalidQueryParameterValue"),
        ("&$filter=name%20eq%20'x'", "InvalidFilter"),
        ("&$filter=state%20eq%20'Lost'", "InvalidFilter"),
        ("&$filter=state%20gt%20'Creating'", "InvalidFilter"),
        ("&$top=1&$top=2", "InvalidQueryParameterValue"),
    ] {
        let (status, body) = app.get(&format!("{}{query}", list_url())).await;
        assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, expected), "{query}");
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_arm_errors() {
    let app = TestApp::new().await;
    let (status, body) = app
        .get("/subscriptions/x/providers/Microsoft.ImportExport/nothing?api-version=2021-01-01")
        .await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "NotFound"));
    let (status, body) = app.call(Method::POST, &list_url(), Some(USER), None).await;
    assert_eq!((status, code(&body)), (StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed"));
}

#[tokio::test]
async fn locations_and_operations_answer_the_catalog() {
    let app = TestApp::new().await;
    let (status, body) =
        app.get("/providers/Microsoft.ImportExport/locations?api-version=2021-01-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["value"].as_array().is_some_and(|v| v.len() >= 5));
    for name in ["westus", "West%20US"] {
        let (status, body) = app
            .get(&format!(
                "/providers/Microsoft.ImportExport/locations/{name}?api-version=2021-01-01"
            ))
            .await;
        assert_eq!(
            (status, &body["id"]),
            (StatusCode::OK, &json!("/providers/Microsoft.ImportExport/locations/westus"))
        );
    }
    let (status, body) = app
        .get("/providers/Microsoft.ImportExport/locations/atlantis?api-version=2021-01-01")
        .await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "ResourceNotFound"));
    let (status, body) =
        app.get("/providers/Microsoft.ImportExport/operations?api-version=2016-11-01").await;
    assert_eq!(status, StatusCode::OK);
    let ops: Vec<&str> =
        body["value"].as_array().expect("ops").iter().filter_map(|o| o["name"].as_str()).collect();
    assert!(ops.contains(&"Microsoft.ImportExport/jobs/delete"));
    let _: Value = body;
}

#[tokio::test]
async fn hostile_names_and_queries_are_refused_without_echoing_them_into_headers() {
    let app = TestApp::new().await;
    for (uri, expected) in [
        // Header injection: CR/LF and friends in a job name.
        (job_url("job%0d%0aSet-Cookie:%20x=1"), "InvalidResourceName"),
        (job_url("job%0aX-Injected:%201"), "InvalidResourceName"),
        (job_url("job%00null"), "InvalidResourceName"),
        (job_url("..%2f..%2fetc"), "InvalidResourceName"),
        (job_url("%E2%80%AEevil"), "InvalidResourceName"),
        (list_url().replace(SUB, "sub%0d%0aX:1"), "InvalidSubscriptionId"),
    ] {
        let request = Request::builder()
            .method(Method::GET)
            .uri(&uri)
            .header(header::AUTHORIZATION, format!("Bearer {OPERATOR}"))
            .body(Body::empty())
            .expect("request");
        let (status, headers, body) = app.send(request).await;
        assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, expected), "{uri}");
        assert!(
            headers.keys().all(|k| !k.as_str().starts_with("x-injected") && k != "set-cookie"),
            "{uri}"
        );
    }
    for (query, expected) in [
        ("&$top=%FF", "InvalidQueryParameterValue"),
        ("&$filter=%", "InvalidFilter"),
        ("&$skiptoken=-99999999999999999999", "InvalidQueryParameterValue"),
        ("&$skiptoken=1%20OR%201=1", "InvalidQueryParameterValue"),
    ] {
        let (status, body) = app.get(&format!("{}{query}", list_url())).await;
        assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, expected), "{query}: {body}");
    }
}

#[tokio::test]
async fn rows_written_before_the_keys_moved_out_read_the_same() {
    // Before migration 0002 the whole job, drive keys included, was in `body`.
    let app = TestApp::new().await;
    app.create_import("oldRow").await;
    let full = serde_json::to_string(&app.stored("oldRow").await.expect("stored")).expect("json");
    assert!(full.contains("238810-662376"), "stored() puts the keys back");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", app.dir.0.display()))
        .await
        .expect("db");
    sqlx::query("UPDATE jobs SET body = ?, drive_keys = NULL WHERE name_key = 'oldrow'")
        .bind(&full)
        .execute(&pool)
        .await
        .expect("old format");
    pool.close().await;
    let (status, job) = app.get(&job_url("oldRow")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!job.to_string().contains("238810-662376"), "keys never in a job answer: {job}");
    let (_, list) = app.get(&list_url()).await;
    assert!(!list.to_string().contains("238810-662376") && list.to_string().contains("oldRow"));
    let uri = job_url("oldRow").replace("?api-version", "/listBitLockerKeys?api-version");
    let (_, keys) = app.call(Method::POST, &uri, Some(USER), None).await;
    assert_eq!(
        keys["value"][0]["bitLockerKey"],
        "238810-662376-448998-450120-652806-203390-606320-483076"
    );
    let (status, _) =
        app.patch_job("oldRow", json!({"properties": {"cancelRequested": true}})).await;
    assert_eq!(status, StatusCode::OK, "an old row can be changed, and is stored split afterwards");
    let (_, keys) = app.call(Method::POST, &uri, Some(USER), None).await;
    assert_eq!(keys["value"].as_array().map(Vec::len), Some(2), "no key lost in the rewrite");
}
