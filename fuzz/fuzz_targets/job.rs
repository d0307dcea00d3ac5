//! Any bytes as a job document (and its timestamps) or a create body: reading, the retention
//! date, the lifecycle path, the data center's next move and create validation never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waybill_rules::wire::{JobResponse, PutJobParameters};
use waybill_rules::{JobSnapshot, Policy, Timestamp};

fuzz_target!(|data: &[u8]| {
    let policy = Policy::default();
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(ts) = Timestamp::parse_rfc3339(text) {
            assert_eq!(Timestamp::parse_rfc3339(&ts.to_rfc3339()), Ok(ts));
        }
    }
    if let Ok(job) = serde_json::from_slice::<JobResponse>(data)
        && let Ok(snapshot) = JobSnapshot::of(&job)
    {
        let _ = waybill_rules::removal(&policy, &snapshot);
        let _ = waybill_rules::lifecycle(&policy, &snapshot);
        let _ = waybill_rules::next_step(
            &policy,
            &snapshot,
            if data.len() % 2 == 0 {
                waybill_rules::Ending::WithErrors
            } else {
                waybill_rules::Ending::AsItGoes
            },
        );
    }
    if let Ok(request) = serde_json::from_slice::<PutJobParameters>(data) {
        let _ = waybill_rules::validate_create(&policy, None, &request);
    }
});
