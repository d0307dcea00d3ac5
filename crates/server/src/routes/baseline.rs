//! Benchmark baselines, compiled only with the `bench-baselines` feature and served only with
//! `--bench-baselines`: a job and a 100-job page of the
//! same shape and size as the real answers, pre-serialised and answered from memory through
//! the same middleware. Their throughput is the framework's own ceiling, the baseline the
//! benchmarks compare the real routes with.

use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use waybill_rules::Timestamp;
use waybill_rules::wire::ListJobsResponse;

use crate::demo::{SampleStage, sample_job};
use crate::model;

fn json(bytes: &'static Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], bytes.clone())
}

/// `GET /_bench/baseline/job`.
pub async fn baseline_job() -> impl IntoResponse {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    json(BODY.get_or_init(|| {
        let job = model::public_view(sample_job(
            "10ad0000-0000-4000-8000-000000000001",
            "bench-0000000",
            Timestamp(1_790_000_000),
            SampleStage::Transferring,
        ));
        Bytes::from(serde_json::to_vec(&job).unwrap_or_default())
    }))
}

/// `GET /_bench/baseline/page`.
pub async fn baseline_page() -> impl IntoResponse {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    json(BODY.get_or_init(|| {
        let sub = "10ad0000-0000-4000-8000-000000000001";
        let value = (0..100)
            .map(|i| model::public_view(sample_job(sub, &format!("bench-{i:07}"), Timestamp(1_790_000_000), SampleStage::Transferring)))
            .collect();
        let page = ListJobsResponse {
            next_link: Some(format!("http://127.0.0.1:8080/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01&%24top=100&%24skiptoken=100")),
            value,
        };
        Bytes::from(serde_json::to_vec(&page).unwrap_or_default())
    }))
}
