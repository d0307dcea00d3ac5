//! Benchmark baselines, served only with `--bench-baselines`: a job and a 100-job page of the
//! same shape and size as the real answers, pre-serialised and answered from memory through
//! the same middleware. Their throughput is the framework's own ceiling, the baseline the
//! benchmarks compare the real routes with.

use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use waybill_rules::wire::{JobResponse, ListJobsResponse, PutJobParameters};
use waybill_rules::{JobSnapshot, Policy, Timestamp, steps_to};

use crate::model;

/// A job like the benchmark's own: an import with two drives, in Transferring (or, with
/// `transferring` false, still in Creating).
pub fn sample_job(
    subscription: &str,
    name: &str,
    now: Timestamp,
    transferring: bool,
) -> JobResponse {
    let key = waybill_rules::wire::JobAddress {
        subscription: subscription.into(),
        resource_group: "bench".into(),
        name: name.into(),
    };
    let body = serde_json::json!({"location": "West US", "properties": {
    "storageAccountId": format!("/subscriptions/{subscription}/resourceGroups/bench/providers/Microsoft.Storage/storageAccounts/bench"),
    "jobType": "Import", "diagnosticsPath": "waimportexport", "logLevel": "Verbose", "backupDriveManifest": true,
    "returnAddress": {"recipientName": "Bench", "streetAddress1": "1 Harbour St", "city": "Redmond", "postalCode": "98052",
        "countryOrRegion": "USA", "phone": "4255550100", "email": "bench@contoso.example"},
    "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
    "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123456789012", "driveCount": 2, "shipDate": "2026-11-01"},
    "driveList": [
        {"driveId": "BENCH001", "bitLockerKey": "k1", "manifestFile": "\\\\DriveManifest.xml", "manifestHash": "E5D632DB047C74B3B17C8F3359950ADB"},
        {"driveId": "BENCH002", "bitLockerKey": "k2", "manifestFile": "\\\\DriveManifest.xml", "manifestHash": "E5D632DB047C74B3B17C8F3359950ADB"}
    ]}});
    let request: PutJobParameters = serde_json::from_value(body).unwrap_or_default();
    let mut job = model::new_job(&key, request, now);
    if !transferring {
        return job;
    }
    if let Some(props) = job.properties.as_mut() {
        props.state = Some(waybill_rules::JobState::Shipping.into());
    }
    let policy = Policy::default();
    let target = Some(waybill_rules::JobState::Transferring);
    if let Ok(steps) = JobSnapshot::of(&job).and_then(|snap| steps_to(&policy, &snap, target)) {
        for step in &steps {
            model::apply_step(&mut job, step, now);
        }
    }
    job
}

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
            true,
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
            .map(|i| model::public_view(sample_job(sub, &format!("bench-{i:07}"), Timestamp(1_790_000_000), true)))
            .collect();
        let page = ListJobsResponse {
            next_link: Some(format!("http://127.0.0.1:8080/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01&%24top=100&%24skiptoken=100")),
            value,
        };
        Bytes::from(serde_json::to_vec(&page).unwrap_or_default())
    }))
}
