//! Every route of the service, in one table.

mod activity;
#[cfg(feature = "bench-baselines")]
mod baseline;
mod catalog;
mod emulator;
mod jobs;
mod scopes;
mod stream;
mod ui;
pub(crate) mod webhooks;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub use stream::Hub as LiveHub;

const JOB: &str = "/providers/Microsoft.ImportExport/jobs/{job}";

/// The benchmark baselines (built with the `bench-baselines` feature, served only with
/// `--bench-baselines`).
#[cfg(feature = "bench-baselines")]
pub fn baselines() -> Router<AppState> {
    Router::new()
        .route("/_bench/baseline/job", get(baseline::baseline_job))
        .route("/_bench/baseline/page", get(baseline::baseline_page))
}

/// The route table. ARM paths are case-insensitive; clients write `resourceGroups`, ARM's own
/// documents `resourcegroups`, so both are routed.
pub fn router() -> Router<AppState> {
    let mut router = Router::new()
        .route("/healthz", get(ui::health))
        .route("/_waybill/console", get(ui::console_config))
        .route("/providers/Microsoft.ImportExport/operations", get(catalog::list_operations))
        .route("/providers/Microsoft.ImportExport/locations", get(catalog::list_locations))
        .route("/providers/Microsoft.ImportExport/locations/{location}", get(catalog::get_location))
        .route("/subscriptions", get(scopes::list_subscriptions))
        .route(
            "/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs",
            get(jobs::list_jobs_by_subscription),
        )
        .route(
            "/subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values",
            get(activity::list_events),
        )
        .route("/_waybill/subscriptions/{sub}/events", get(stream::job_events))
        .route(
            "/_waybill/subscriptions/{sub}/eventSubscriptions",
            get(webhooks::list_event_subscriptions),
        )
        .route(
            "/_waybill/subscriptions/{sub}/eventSubscriptions/{name}",
            get(webhooks::get_event_subscription)
                .put(webhooks::put_event_subscription)
                .delete(webhooks::delete_event_subscription),
        )
        .route(
            "/_waybill/subscriptions/{sub}/eventSubscriptions/{name}/deliveries",
            get(webhooks::list_deliveries),
        )
        .route("/_waybill/eventSubscriptions", get(webhooks::list_all_event_subscriptions))
        .route("/_emulator/clock", get(emulator::get_clock).post(emulator::advance_clock))
        .route("/_emulator/policy", get(emulator::get_policy));
    for rg in ["resourceGroups", "resourcegroups"] {
        let base = format!("/subscriptions/{{sub}}/{rg}");
        router = router
            .route(&base, get(scopes::list_resource_groups))
            .route(
                &format!("{base}/{{rg}}/providers/Microsoft.ImportExport/jobs"),
                get(jobs::list_jobs_by_resource_group),
            )
            .route(
                &format!("{base}/{{rg}}{JOB}"),
                get(jobs::get_job)
                    .put(jobs::create_job)
                    .patch(jobs::update_job)
                    .delete(jobs::delete_job),
            )
            .route(
                &format!("{base}/{{rg}}{JOB}/listBitLockerKeys"),
                post(jobs::list_bitlocker_keys),
            )
            .route(
                &format!("/_emulator/subscriptions/{{sub}}/{rg}/{{rg}}/jobs/{{job}}/advance"),
                post(emulator::advance_job),
            );
    }
    router.fallback(ui::fallback).method_not_allowed_fallback(ui::method_not_allowed)
}
