//! The console as the service serves it: its pages carry the Content-Security-Policy and
//! hardening headers, deep links get the index page, and no path leaves the console's folder.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use crate::support::*;

const INDEX: &str = r#"<!doctype html><html><head><link rel="stylesheet" href="/main.css"><script type=module>import init from '/app.js'; await init();</script></head><body></body></html>"#;

/// The content of a file beside the console's folder, which no request may get.
const OUTSIDE: &str = "do-not-serve-7f3a";

fn console_dir() -> TempDir {
    let dir = TempDir::new();
    std::fs::write(dir.0.join("index.html"), INDEX).expect("index");
    std::fs::write(dir.0.join("main.css"), "body{}").expect("css");
    std::fs::write(dir.0.parent().expect("parent").join("waybill-secret.txt"), OUTSIDE)
        .expect("outside file");
    dir
}

async fn get(app: &TestApp, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let request = Request::builder().uri(uri).body(Body::empty()).expect("request");
    let (status, headers, body) = app.send(request).await;
    (status, headers, body.as_str().map(str::to_owned).unwrap_or_else(|| body.to_string()))
}

#[tokio::test]
async fn console_pages_carry_a_strict_content_security_policy() {
    let dir = console_dir();
    let app = TestApp::with_console(&dir.0).await;
    let (status, headers, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<script type=module>"));
    let csp =
        headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).expect("a CSP");
    for part in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        assert_eq!(headers.get(name).and_then(|v| v.to_str().ok()), Some(value), "{name}");
    }
    let (_, headers, _) = get(&app, "/main.css").await;
    assert!(
        headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("immutable"))
    );
}

#[tokio::test]
async fn deep_links_get_the_console_and_api_paths_get_arm_errors() {
    let dir = console_dir();
    let app = TestApp::with_console(&dir.0).await;
    let (status, _, body) = get(&app, "/subscriptions/s-1/resourceGroups/rg/jobs/myJob").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<script type=module>"), "the index page for a deep link");
    let (status, headers, body) = get(
        &app,
        "/subscriptions/s-1/providers/Microsoft.ImportExport/nothing?api-version=2021-01-01",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
    );
    assert!(body.contains("NotFound"));
}

#[tokio::test]
async fn no_path_leaves_the_console_folder() {
    let dir = console_dir();
    let app = TestApp::with_console(&dir.0).await;
    for path in [
        "/../waybill-secret.txt",
        "/%2e%2e/waybill-secret.txt",
        "/..%2fwaybill-secret.txt",
        "/%2e%2e%2fwaybill-secret.txt",
        "/static/..%5c..%5cwaybill-secret.txt",
        "//etc/passwd",
        "/%00index.html",
    ] {
        let (status, _, body) = get(&app, path).await;
        assert!(!body.contains(OUTSIDE), "{path} served a file outside the folder");
        // Refused as no page at all, not answered with the index page.
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert!(body.contains("\"NotFound\""), "{path}: an ARM error, {body}");
    }
}

#[tokio::test]
async fn assets_are_sent_precompressed_to_clients_that_accept_it() {
    let dir = console_dir();
    std::fs::write(dir.0.join("main.css.br"), b"brotli bytes").expect("br");
    std::fs::write(dir.0.join("main.css.gz"), b"gzip bytes").expect("gz");
    let app = TestApp::with_console(&dir.0).await;
    let fetch = |encoding: Option<&'static str>| {
        let mut request = Request::builder().uri("/main.css");
        if let Some(encoding) = encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        let request = request.body(Body::empty()).expect("request");
        let app = &app;
        async move {
            let response = app.router.clone().oneshot(request).await.expect("infallible");
            let headers = response.headers().clone();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            (header(header::CONTENT_ENCODING), header(header::VARY), body)
        }
    };
    let (encoding, vary, body) = fetch(Some("gzip, deflate, br")).await;
    assert_eq!((encoding.as_deref(), &body[..]), (Some("br"), &b"brotli bytes"[..]));
    assert_eq!(vary.as_deref(), Some("accept-encoding"));
    let (encoding, _, body) = fetch(Some("gzip")).await;
    assert_eq!((encoding.as_deref(), &body[..]), (Some("gzip"), &b"gzip bytes"[..]));
    let (encoding, _, body) = fetch(None).await;
    assert_eq!((encoding, &body[..]), (None, &b"body{}"[..]));
}

#[tokio::test]
async fn the_console_may_reach_exactly_the_services_the_operator_named() {
    let dir = console_dir();
    let mut app = TestApp::with_console(&dir.0).await;
    let other = "http://127.0.0.1:9123".to_owned();
    app.state.ui = Some(
        waybill_server::console::Console::load(&dir.0, std::slice::from_ref(&other))
            .expect("console"),
    );
    app.router = waybill_server::app(app.state.clone());
    let (_, headers, _) = get(&app, "/").await;
    let csp =
        headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).expect("a CSP");
    assert!(
        csp.contains("connect-src 'self' https://management.azure.com http://127.0.0.1:9123;"),
        "{csp}"
    );
    let (status, _, body) = get(&app, "/_waybill/console").await;
    assert_eq!(status, StatusCode::OK);
    let config: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        config["connectSources"],
        serde_json::json!(["https://management.azure.com", other])
    );
    let refused = waybill_server::console::Console::load(&dir.0, &["https://x/path".to_owned()]);
    assert!(refused.is_err_and(|e| e.contains("--console-connect 'https://x/path'")));
}

/// The hardening headers every answer carries, whatever it is.
fn assert_hardened(headers: &axum::http::HeaderMap, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ] {
        assert_eq!(headers.get(name).and_then(|v| v.to_str().ok()), Some(value), "{what}: {name}");
    }
    assert!(headers.contains_key("x-ms-request-id"), "{what}: x-ms-request-id");
}

#[tokio::test]
async fn the_whole_policy_and_the_hardening_headers_on_pages_api_answers_and_errors() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let dir = console_dir();
    let app = TestApp::with_console(&dir.0).await;
    let (_, headers, _) = get(&app, "/").await;
    let script = "import init from '/app.js'; await init();";
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    let expected = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self' https://management.azure.com; \
         manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    assert_eq!(
        headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()),
        Some(expected.as_str())
    );
    assert_hardened(&headers, "console page");
    for (uri, token, status) in [
        (list_url(), Some(USER), StatusCode::OK),
        (list_url(), None, StatusCode::UNAUTHORIZED),
        (
            "/providers/Microsoft.ImportExport/nothing?api-version=2021-01-01".to_owned(),
            Some(USER),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let mut request = Request::builder().uri(&uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (got, headers, _) = app.send(request.body(Body::empty()).expect("request")).await;
        assert_eq!(got, status, "{uri}");
        assert_hardened(&headers, &uri);
        assert_eq!(
            headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn cors_answers_the_configured_origin_only() {
    let mut app = TestApp::new().await;
    app.state.cors_origins = vec!["https://console.example".to_owned()];
    app.router = waybill_server::app(app.state.clone());
    let call = |method: &str, origin: &str, preflight: bool| {
        let mut request =
            Request::builder().method(method).uri(list_url()).header(header::ORIGIN, origin);
        if preflight {
            request = request
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type");
        } else {
            request = request.header(header::AUTHORIZATION, format!("Bearer {USER}"));
        }
        request.body(Body::empty()).expect("request")
    };
    let allow = |h: &axum::http::HeaderMap, name: header::HeaderName| {
        h.get(name).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase)
    };
    let (status, headers, _) = app.send(call("GET", "https://console.example", false)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        allow(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(),
        Some("https://console.example")
    );
    assert!(
        allow(&headers, header::ACCESS_CONTROL_EXPOSE_HEADERS)
            .is_some_and(|v| v.contains("x-ms-request-id"))
    );
    let (_, headers, _) = app.send(call("GET", "https://evil.example", false)).await;
    assert_eq!(
        allow(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        None,
        "another origin gets no CORS header"
    );
    let (status, headers, _) = app.send(call("OPTIONS", "https://console.example", true)).await;
    assert!(status.is_success(), "preflight: {status}");
    assert_eq!(
        allow(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(),
        Some("https://console.example")
    );
    assert!(
        allow(&headers, header::ACCESS_CONTROL_ALLOW_METHODS).is_some_and(|v| v.contains("patch"))
    );
    let allowed_headers = allow(&headers, header::ACCESS_CONTROL_ALLOW_HEADERS).unwrap_or_default();
    assert!(
        allowed_headers.contains("authorization") && allowed_headers.contains("content-type"),
        "{allowed_headers}"
    );
    let (_, headers, _) = app.send(call("OPTIONS", "https://evil.example", true)).await;
    assert_eq!(
        allow(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        None,
        "no preflight for another origin"
    );
    // Without any configured origin, no CORS header at all.
    let plain = TestApp::new().await;
    let (_, headers, _) = plain.send(call("GET", "https://console.example", false)).await;
    assert_eq!(allow(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN), None);
}
