//! Demo data and the automatic mode. Demo jobs are made the way real ones are: created, then
//! updated and moved on by the rules' own steps, with their clocks set in the past.

use serde_json::{Value, json};
use waybill_rules::wire::{JobAddress, JobResponse, PutJobParameters, UpdateJobParameters};
use waybill_rules::{
    Ending, JobSnapshot, JobState, Policy, SECONDS_PER_DAY, Step, Timestamp, next_step, steps_to,
    validate_update,
};

use crate::AppState;
use crate::db::{Db, Decision, NewJob};
use crate::error::ApiError;
use crate::model;

/// The subscription `--demo` fills (named "Waybill demo"), fixed so printed links keep working
/// across restarts.
pub const DEMO_SUBSCRIPTION: &str = "6d1f0c2e-5b8a-4f3e-9c7d-2a4b6e8f0a1c";

struct Plan {
    rg: &'static str,
    name: &'static str,
    export: bool,
    location: &'static str,
    drives: usize,
    days_ago: i64,
    target: JobState,
    cancel: bool,
}

const PLANS: &[Plan] = &[
    Plan {
        rg: "rg-media-archive",
        name: "archive-2024-q1",
        export: false,
        location: "West US",
        drives: 3,
        days_ago: 2,
        target: JobState::Creating,
        cancel: false,
    },
    Plan {
        rg: "rg-media-archive",
        name: "footage-raw-draft",
        export: false,
        location: "West US",
        drives: 1,
        days_ago: 1,
        target: JobState::Creating,
        cancel: false,
    },
    Plan {
        rg: "rg-media-archive",
        name: "studio-masters-07",
        export: false,
        location: "East US 2",
        drives: 4,
        days_ago: 6,
        target: JobState::Shipping,
        cancel: false,
    },
    Plan {
        rg: "rg-media-archive",
        name: "broadcast-backup-3",
        export: false,
        location: "North Europe",
        drives: 2,
        days_ago: 9,
        target: JobState::Received,
        cancel: false,
    },
    Plan {
        rg: "rg-media-archive",
        name: "camera-cards-0415",
        export: false,
        location: "West US",
        drives: 5,
        days_ago: 12,
        target: JobState::Transferring,
        cancel: false,
    },
    Plan {
        rg: "rg-finance",
        name: "ledger-history-import",
        export: false,
        location: "West Europe",
        drives: 2,
        days_ago: 15,
        target: JobState::Transferring,
        cancel: true,
    },
    Plan {
        rg: "rg-finance",
        name: "audit-export-2023",
        export: true,
        location: "West Europe",
        drives: 0,
        days_ago: 18,
        target: JobState::Transferring,
        cancel: false,
    },
    Plan {
        rg: "rg-finance",
        name: "tax-records-export",
        export: true,
        location: "Sweden Central",
        drives: 0,
        days_ago: 21,
        target: JobState::Packaging,
        cancel: false,
    },
    Plan {
        rg: "rg-finance",
        name: "payroll-import-2022",
        export: false,
        location: "East US 2",
        drives: 2,
        days_ago: 40,
        target: JobState::Completed,
        cancel: false,
    },
    Plan {
        rg: "rg-research",
        name: "genome-batch-12",
        export: false,
        location: "East Asia",
        drives: 6,
        days_ago: 30,
        target: JobState::Completed,
        cancel: true,
    },
    Plan {
        rg: "rg-research",
        name: "telescope-export-q3",
        export: true,
        location: "West US",
        drives: 0,
        days_ago: 55,
        target: JobState::Closed,
        cancel: false,
    },
    Plan {
        rg: "rg-research",
        name: "sensor-logs-export",
        export: true,
        location: "North Europe",
        drives: 0,
        days_ago: 3,
        target: JobState::Creating,
        cancel: false,
    },
];

fn address(recipient: &str) -> Value {
    json!({"recipientName": recipient, "streetAddress1": "1 Harbour Street", "city": "Redmond",
           "stateOrProvince": "WA", "postalCode": "98052", "countryOrRegion": "USA",
           "phone": "4255550100", "email": "ops@contoso.example"})
}

fn create_request(plan: &Plan) -> Result<PutJobParameters, ApiError> {
    let account = format!(
        "/subscriptions/{DEMO_SUBSCRIPTION}/resourceGroups/{}/providers/Microsoft.Storage/storageAccounts/{}",
        plan.rg,
        plan.rg.replace('-', "").replace("rg", "st")
    );
    let mut props = json!({
        "storageAccountId": account,
        "jobType": if plan.export { "Export" } else { "Import" },
        "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
        "diagnosticsPath": "waimportexport",
        "logLevel": "Verbose",
        "backupDriveManifest": true,
    });
    if plan.export {
        props["export"] = json!({"blobList": {"blobPathPrefix": ["/archive/", "/reports/2023/"]}});
    } else {
        let drives: Vec<Value> = (0..plan.drives)
            .map(|i| {
                json!({"driveId": format!("{}{:02}", &plan.name[..3].to_uppercase(), i + 1),
                       "bitLockerKey": format!("{:06}-000000-111111-222222-333333-444444-555555-{:06}", i, i),
                       "manifestFile": format!("\\DriveManifest{}.xml", i + 1),
                       "manifestHash": "E5D632DB047C74B3B17C8F3359950ADB"})
            })
            .collect();
        props["driveList"] = json!(drives);
    }
    if plan.target != JobState::Creating || plan.name.starts_with("archive") {
        props["returnAddress"] = address("Contoso Data Operations");
    }
    let body = json!({"location": plan.location, "tags": {"team": plan.rg.trim_start_matches("rg-")}, "properties": props});
    serde_json::from_value(body).map_err(ApiError::from)
}

fn demo_job(plan: &Plan, policy: &Policy, now: Timestamp) -> Result<NewJob, ApiError> {
    let key = JobAddress {
        subscription: DEMO_SUBSCRIPTION.into(),
        resource_group: plan.rg.into(),
        name: plan.name.into(),
    };
    let mut at = now.plus_days(-plan.days_ago);
    let mut job = model::new_job(&key, create_request(plan)?, at);
    if plan.target != JobState::Creating {
        at = at.plus_seconds(SECONDS_PER_DAY / 2);
        let ship: UpdateJobParameters = serde_json::from_value(json!({"properties": {
            "state": "Shipping",
            "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": format!("7{:011}", plan.days_ago * 7919),
                                "driveCount": plan.drives.max(2), "shipDate": at.to_rfc3339()}}}))?;
        let plan_update = validate_update(policy, &JobSnapshot::of(&job)?, &ship)?;
        model::apply_update(&mut job, ship, plan_update, at);
        // A cancelled job reaches Completed through its cancellation, not by finishing.
        let before_cancel = if plan.cancel && plan.target.is_final() {
            JobState::Transferring
        } else {
            plan.target
        };
        let steps = steps_to(policy, &JobSnapshot::of(&job)?, Some(before_cancel))?;
        let count = steps.len().max(1) as i64;
        let step_gap = (plan.days_ago * SECONDS_PER_DAY / 2) / (count + 1);
        for step in steps {
            at = at.plus_seconds(step_gap);
            model::apply_step(&mut job, &step, at);
        }
    }
    if plan.cancel {
        let cancel: UpdateJobParameters =
            serde_json::from_value(json!({"properties": {"cancelRequested": true}}))?;
        let plan_update = validate_update(policy, &JobSnapshot::of(&job)?, &cancel)?;
        model::apply_update(&mut job, cancel, plan_update, at);
        if plan.target == JobState::Completed {
            let step = next_step(policy, &JobSnapshot::of(&job)?, Ending::AsItGoes)?;
            model::apply_step(&mut job, &step, at);
        }
    }
    Ok(NewJob { address: key, job })
}

/// Adds the demo jobs when the database holds no job; returns how many were added.
pub async fn fill_if_empty(db: &Db, policy: &Policy, now: Timestamp) -> Result<u64, ApiError> {
    if db.count_jobs().await? > 0 {
        return Ok(0);
    }
    let jobs =
        PLANS.iter().map(|plan| demo_job(plan, policy, now)).collect::<Result<Vec<_>, _>>()?;
    Ok(db.insert_jobs(&jobs, policy, now).await?)
}

/// One step of the automatic mode: every job the data center is working on moves one step.
pub async fn advance_all(state: &AppState) -> Result<usize, ApiError> {
    // The pairs (state, cancel requested) the rules let the data center move on.
    let movable: Vec<(JobState, bool)> = JobState::ALL
        .into_iter()
        .flat_map(|s| [(s, false), (s, true)])
        .filter(|&(s, cancel)| {
            let job = JobSnapshot { cancel_requested: cancel, ..JobSnapshot::in_state(s) };
            next_step(&state.policy, &job, Ending::AsItGoes).is_ok()
        })
        .collect();
    let keys = state.db.jobs_to_move(&movable, 1000).await?;
    move_each(state, keys, |_| true).await
}

/// The data center acting on cancellations: every job whose cancellation has been pending for
/// at least `state.cancel_after_seconds` (on the service's clock) moves to where the rules'
/// [`next_step`] takes a cancelled job (`Completed`, drives that arrived shipped back). Returns
/// how many jobs it moved.
pub async fn carry_out_cancellations(state: &AppState) -> Result<usize, ApiError> {
    // The states in which the rules let the data center carry a cancellation out.
    let states: Vec<JobState> = JobState::ALL
        .into_iter()
        .filter(|&s| {
            let job = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(s) };
            next_step(&state.policy, &job, Ending::AsItGoes).is_ok_and(|step| step.ends_cancelled)
        })
        .collect();
    let cutoff = state.clock.now().plus_seconds(-state.cancel_after_seconds);
    let keys = state.db.cancellations_due(&states, cutoff, 1000).await?;
    move_each(state, keys, |step| step.ends_cancelled).await
}

/// Moves each job one data center step, inside its own write, when the rules give it a next
/// step that `wanted` accepts (checked again there: a job may have moved on since it was
/// picked). Returns how many moved.
async fn move_each(
    state: &AppState,
    keys: Vec<JobAddress>,
    wanted: impl Fn(&Step) -> bool,
) -> Result<usize, ApiError> {
    let mut moved = 0;
    for key in keys {
        let now = state.clock.now();
        let policy = state.policy.clone();
        let result = state
            .db
            .write_job(&key, now, &policy, "advance", |existing| -> Result<_, ApiError> {
                let Some(stored) = existing else { return Ok(Decision::keep(false)) };
                match next_step(&policy, &JobSnapshot::of(&stored.job)?, Ending::AsItGoes) {
                    Ok(step) if wanted(&step) => {
                        let mut job = stored.job.clone();
                        model::apply_step(&mut job, &step, now);
                        Ok(Decision::put(job, true))
                    }
                    _ => Ok(Decision::keep(false)),
                }
            })
            .await?;
        moved += usize::from(result);
    }
    Ok(moved)
}

/// Where a [`sample_job`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleStage {
    /// Created, not yet shipped (deletable).
    Creating,
    /// Shipped and being copied (cancellable).
    Transferring,
}

/// A job like the benchmarks' own (`waybill-load seed`, the baselines): an import with two drives, in Transferring (or, with
/// `transferring` false, still in Creating).
pub fn sample_job(
    subscription: &str,
    name: &str,
    now: waybill_rules::Timestamp,
    stage: SampleStage,
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
    let request: waybill_rules::wire::PutJobParameters =
        serde_json::from_value(body).unwrap_or_default();
    let mut job = model::new_job(&key, request, now);
    if stage == SampleStage::Creating {
        return job;
    }
    if let Some(props) = job.properties.as_mut() {
        props.state = Some(waybill_rules::JobState::Shipping.into());
    }
    let policy = waybill_rules::Policy::default();
    let target = Some(waybill_rules::JobState::Transferring);
    if let Ok(steps) =
        JobSnapshot::of(&job).and_then(|snap| waybill_rules::steps_to(&policy, &snap, target))
    {
        for step in &steps {
            model::apply_step(&mut job, step, now);
        }
    }
    job
}
