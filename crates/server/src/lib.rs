//! # waybill-server
//!
//! Waybill's ARM-compatible Azure Import/Export service: the `Microsoft.ImportExport` REST
//! API for api-versions 2016-11-01, 2020-08-01 and 2021-01-01, bearer-token auth, durable
//! SQLite storage, a simulated data center under `/_emulator/`, and the built console.
//!
//! Key decisions: every rule is the `waybill-rules` crate's, evaluated inside the single
//! writer transaction that applies it ([`db::Db::write_job`]); [`app`] builds the whole
//! service from an [`AppState`], so tests drive exactly what production serves.

pub mod activity;
pub mod auth;
mod catalog;
pub mod clock;
pub mod console;
pub mod db;
pub mod demo;
pub mod error;
mod extract;
mod filter;
mod middleware;
pub mod model;
pub mod routes;
pub mod run;
pub mod throttle;
mod version;
pub mod webhooks;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};
use waybill_rules::Policy;

pub use run::run_from_args;

/// What every request handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: db::Db,
    /// The accepted tokens.
    pub tokens: Arc<auth::Tokens>,
    /// The policy in force.
    pub policy: Arc<Policy>,
    /// The service's clock.
    pub clock: clock::Clock,
    /// Serialises clock moves.
    pub clock_lock: Arc<tokio::sync::Mutex<()>>,
    /// The built console, if served.
    pub ui: Option<console::Console>,
    /// The absolute URL clients reach the service at (for `nextLink`), if fixed.
    pub public_url: Option<String>,
    /// The address the service listens on (the fallback base for `nextLink`).
    pub listen: SocketAddr,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<String>,
    /// Serve the benchmark baselines under `/_bench/` (off by default; only a service built with
    /// the `bench-baselines` feature has them).
    pub bench_baselines: bool,
    /// Seconds (on the service's clock) after which the data center carries out a requested
    /// cancellation.
    pub cancel_after_seconds: i64,
    /// Display names of subscriptions, by lowercase id, for the scope endpoint.
    pub subscription_names: Arc<std::collections::BTreeMap<String, String>>,
    /// How webhooks are sent.
    pub webhooks: webhooks::Settings,
    /// The live streams' hub.
    pub live: Arc<routes::LiveHub>,
    /// ARM's read throttling, when asked for (`--read-quota`).
    pub read_quota: Option<Arc<throttle::ReadQuota>>,
}

/// The default of `--cancel-after`: a cancellation is carried out within seconds, as a user of
/// the demo would want to see it.
pub const DEFAULT_CANCEL_AFTER_SECONDS: i64 = 10;

/// The whole service.
pub fn app(state: AppState) -> Router {
    let router = routes::router();
    #[cfg(feature = "bench-baselines")]
    let router = if state.bench_baselines { router.merge(routes::baselines()) } else { router };
    let mut router = router
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::record_refusals))
        .layer(axum::middleware::from_fn_with_state(state.read_quota.clone(), throttle::read_quota))
        .layer(axum::middleware::from_fn(middleware::request_context))
        .layer(axum::extract::DefaultBodyLimit::max(extract::MAX_BODY_BYTES));
    let origins: Vec<HeaderValue> =
        state.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if !origins.is_empty() {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([
                    Method::GET,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                    Method::POST,
                ])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_NONE_MATCH])
                .expose_headers([
                    HeaderName::from_static("x-ms-request-id"),
                    header::ETAG,
                    header::RETRY_AFTER,
                    HeaderName::from_static(throttle::REMAINING_READS),
                ]),
        );
    }
    router.with_state(state)
}
