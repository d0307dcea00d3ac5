//! Per-request context: an `x-ms-request-id` on every response, one structured log line per
//! request (method, path, status, ARM error code, latency, request id; never a header or a
//! token), and the browser hardening headers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ErrorCode;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A request id shaped like ARM's (a UUID), unique within the process and across restarts.
fn request_id() -> String {
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hi = start;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (hi >> 32) as u32,
        (hi >> 16) as u16,
        hi as u16 & 0xfff,
        (n >> 48) as u16 & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

/// The middleware.
pub async fn request_context(req: Request, next: Next) -> Response {
    let id = request_id();
    let method = req.method().clone();
    // Only the path: query strings can carry user data, and are not needed to follow a request.
    let path: String = req.uri().path().chars().take(300).collect();
    let started = Instant::now();
    let mut response = crate::activity::scope(id.clone(), method.to_string(), next.run(req)).await;
    let status = response.status();
    let code = response.extensions().get::<ErrorCode>().map(|c| c.0.as_str());
    let micros = started.elapsed().as_micros() as u64;
    if status.is_server_error() {
        tracing::error!(request_id = %id, %method, %path, status = status.as_u16(), code, micros, "request failed");
    } else if status.is_client_error() {
        tracing::info!(request_id = %id, %method, %path, status = status.as_u16(), code, micros, "request refused");
    } else {
        tracing::debug!(request_id = %id, %method, %path, status = status.as_u16(), micros, "request");
    }
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static("x-ms-request-id"), value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    // API answers are never cached (they carry account data); the console sets its own.
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Records each refused write on a job in the activity log (`Failed`, with its ARM code and
/// status), after the refusal changed nothing. Requests refused before the caller was known
/// to be allowed (401, 403) are not the subscription's to see.
pub async fn record_refusals(
    axum::extract::State(app): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let target = crate::activity::job_target(req.method().as_str(), req.uri().path());
    let response = next.run(req).await;
    let status = response.status();
    let Some((address, by_method)) = target else { return response };
    if !(status.is_client_error() || status.is_server_error())
        || status == axum::http::StatusCode::UNAUTHORIZED
        || status == axum::http::StatusCode::FORBIDDEN
        || crate::activity::caller().is_none()
    {
        return response;
    }
    let code = response.extensions().get::<ErrorCode>().map(|c| c.0.as_str());
    let outcome = crate::db::Outcome {
        action: crate::activity::action().unwrap_or(by_method),
        status: "Failed",
        code,
        http_status: status.as_u16(),
    };
    if let Err(err) = app.db.record_outcome(&address, app.clock.now(), outcome).await {
        tracing::error!(error = %err, "a refusal could not be written to the activity log");
    }
    response
}
