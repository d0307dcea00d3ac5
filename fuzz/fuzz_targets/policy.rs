//! Any bytes as a policy file: parsing and every decision under the parsed policy never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waybill_rules::{JobSnapshot, JobState, Policy, Timestamp};

fuzz_target!(|data: &[u8]| {
    let Ok(policy) = serde_json::from_slice::<Policy>(data) else { return };
    let _ = policy.check();
    for state in JobState::ALL {
        for cancel in [false, true] {
            let job = JobSnapshot {
                cancel_requested: cancel,
                state_entered_at: Some(Timestamp(i64::from(data.len() as u32) * 86_400)),
                ..JobSnapshot::in_state(state)
            };
            let _ = waybill_rules::may_cancel(&policy, &job);
            let _ = waybill_rules::may_delete(&policy, &job);
            let _ = waybill_rules::may_ship(
                &policy,
                &job,
                waybill_rules::ShipSupplies { return_address: cancel, delivery_package: !cancel },
            );
            let _ = waybill_rules::removal_date(&policy, &job);
            let _ = waybill_rules::steps_to(&policy, &job, Some(JobState::Closed));
        }
    }
});
