//! Any bytes as an update (PATCH) body against a job in any state: validation never panics,
//! and under the default policy an accepted cancel is always before Packaging.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waybill_rules::wire::UpdateJobParameters;
use waybill_rules::{CancelEffect, JobSnapshot, JobState, Policy};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let Ok(request) = serde_json::from_slice::<UpdateJobParameters>(body) else { return };
    let job = JobSnapshot {
        cancel_requested: selector & 0x80 != 0,
        has_return_address: selector & 0x40 != 0,
        has_delivery_package: selector & 0x20 != 0,
        ..JobSnapshot::in_state(JobState::ALL[usize::from(selector & 0x07) % 7])
    };
    if let Ok(plan) = waybill_rules::validate_update(&Policy::default(), &job, &request) {
        if plan.cancel == Some(CancelEffect::Request) {
            assert!(job.state < JobState::Packaging, "cancel accepted in {}", job.state);
        }
    }
});
