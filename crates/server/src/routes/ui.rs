//! The built console (static files with a single-page-app fallback), the health check, and
//! ARM errors for unknown API routes.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use waybill_rules::wire::ArmCode;

use crate::AppState;
use crate::error::ApiError;

/// `GET /_waybill/console`: what the served console needs to know of its service: the other
/// services its pages may call (so Settings can refuse one the page could not reach).
pub async fn console_config(State(app): State<AppState>) -> axum::Json<serde_json::Value> {
    let connect = app.ui.as_ref().map(|ui| ui.connect.clone()).unwrap_or_default();
    axum::Json(serde_json::json!({ "connectSources": connect }))
}

/// `GET /healthz`.
pub async fn health() -> &'static str {
    "ok"
}

fn is_api_request(req: &Request) -> bool {
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or("");
    path.starts_with("/providers")
        || path.starts_with("/_emulator")
        || path.starts_with("/_waybill")
        || path.contains("/providers/")
        || path == "/subscriptions"
        || query.to_ascii_lowercase().contains("api-version")
}

/// Anything no route matched: an ARM 404 for API paths, else the console (its index page for
/// the console's own routes, such as a job's deep link).
pub async fn fallback(State(app): State<AppState>, req: Request) -> Response {
    let Some(dir) = app.ui.as_ref().filter(|_| !is_api_request(&req)) else {
        return not_found(&req);
    };
    if req.method() != Method::GET && req.method() != Method::HEAD
        || is_hostile_path(req.uri().path())
    {
        return not_found(&req);
    }
    // The build writes brotli and gzip copies of the assets (scripts/precompress.mjs): they
    // are sent to clients that accept them.
    let service = ServeDir::new(&dir.dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.dir.join("index.html")));
    match service.oneshot(req.map(Body::new)).await {
        Ok(response) => {
            let mut response = response.map(Body::new);
            let is_html = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("text/html"));
            if is_html {
                response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, dir.csp.clone());
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            } else if !response.headers().contains_key(header::CACHE_CONTROL) {
                // The bundle's file names carry a content hash: they never change.
                response.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                );
                response
                    .headers_mut()
                    .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            response
        }
        Err(err) => ApiError::Internal(format!("serving the console: {err}")).into_response(),
    }
}

/// A path no console page or asset has: a `.` or `..` segment, a backslash or a NUL (also
/// percent-encoded), or an empty segment. Such a request is refused rather than answered with
/// the index page, so probing for files outside the console's folder gets a plain 404.
fn is_hostile_path(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.split('/').skip(1).any(|segment| segment == ".." || segment == ".")
        || decoded.contains("//")
}

fn not_found(req: &Request) -> Response {
    let path: String = req.uri().path().chars().take(200).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        ArmCode::NotFound,
        format!("No resource or operation exists at '{path}' for {}.", req.method()),
    )
    .into_response()
}

/// A known path with a method it does not support.
pub async fn method_not_allowed(req: Request) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ArmCode::MethodNotAllowed,
        format!("The method {} is not supported here.", req.method()),
    )
    .into_response()
}
