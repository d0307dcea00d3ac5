//! Property tests: no input makes the rules panic, and the default policy never allows cancel
//! at or after Packaging, nor delete outside Creating and Completed. Native only (proptest).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use waybill_rules::wire::{PutJobParameters, UpdateJobParameters};
use waybill_rules::*;

fn any_state() -> impl Strategy<Value = JobState> {
    prop::sample::select(JobState::ALL.to_vec())
}

fn any_job() -> impl Strategy<Value = JobSnapshot> {
    (
        any_state(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<i64>(),
        any::<bool>(),
        any::<Option<i64>>(),
        prop::option::of(any_state()),
    )
        .prop_map(|(state, cancel, ret, del, pct, errs, at, cancelled_in)| JobSnapshot {
            state,
            cancel_requested: cancel,
            has_return_address: ret,
            has_delivery_package: del,
            percent_complete: pct,
            has_drive_errors: errs,
            state_entered_at: at.map(Timestamp),
            cancelled_in,
        })
}

fn any_policy() -> impl Strategy<Value = Policy> {
    let set = || {
        any::<u8>().prop_map(|bits| {
            JobState::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, s)| s)
                .collect::<StateSet>()
        })
    };
    (set(), set(), set(), set(), any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>()).prop_map(
        |(c, d, s, r, days, expiry, drives, flag)| Policy {
            cancellable_states: c,
            deletable_states: d,
            shippable_states: s,
            retention_states: r,
            retention_days: days,
            unshipped_expiry_days: expiry,
            max_drives: drives,
            shipping_requires_return_address: flag,
            ..Policy::default()
        },
    )
}

/// Arbitrary JSON-ish text fragments shaped like update bodies.
fn any_update_json() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("null".to_owned()),
        Just("-1".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        "\"[A-Za-z ]{0,12}\"",
    ];
    let key = prop::sample::select(vec![
        "cancelRequested",
        "state",
        "logLevel",
        "backupDriveManifest",
        "driveList",
        "deliveryPackage",
        "returnAddress",
        "returnShipping",
    ]);
    prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
        let fields: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!("{{\"properties\": {{{}}}}}", fields.join(", "))
    })
}

proptest! {
    #[test]
    fn default_policy_never_allows_cancel_at_or_after_packaging(job in any_job()) {
        let policy = Policy::default();
        if let Ok(CancelEffect::Request) = may_cancel(&policy, &job) {
            prop_assert!(job.state < JobState::Packaging);
        }
    }

    #[test]
    fn default_policy_never_allows_delete_outside_creating_and_completed(job in any_job()) {
        if may_delete(&Policy::default(), &job).is_ok() {
            prop_assert!(matches!(job.state, JobState::Creating | JobState::Completed));
        }
    }

    #[test]
    fn no_job_and_no_policy_makes_a_decision_panic(job in any_job(), policy in any_policy(), now in any::<i64>(), target in prop::option::of(any_state())) {
        let _ = may_cancel(&policy, &job);
        let _ = may_delete(&policy, &job);
        let _ = may_ship(
            &policy,
            &job,
            ShipSupplies { return_address: job.has_return_address, delivery_package: false },
        );
        let _ = removal_date(&policy, &job);
        let _ = is_due_for_removal(&policy, &job, Timestamp(now));
        let _ = next_step(&policy, &job, if now % 2 == 0 { Ending::WithErrors } else { Ending::AsItGoes });
        let _ = steps_to(&policy, &job, target);
        let _ = lifecycle(&policy, &job);
        let _ = removal(&policy, &job);
        let _ = policy.check();
    }

    #[test]
    fn no_update_body_makes_validation_panic_and_an_accepted_cancel_is_legal(job in any_job(), body in any_update_json()) {
        if let Ok(request) = serde_json::from_str::<UpdateJobParameters>(&body)
            && let Ok(plan) = validate_update(&Policy::default(), &job, &request)
            && plan.cancel == Some(CancelEffect::Request)
        {
            prop_assert!(job.state < JobState::Packaging);
        }
    }

    #[test]
    fn no_create_body_makes_validation_panic(location in ".{0,8}", kind in prop::sample::select(vec!["Import", "Export"]), drives in 0usize..14, existing in prop::option::of(any_job())) {
        let drive_list: Vec<serde_json::Value> = (0..drives).map(|i| serde_json::json!({"driveId": format!("d{}", i % 5)})).collect();
        let body = serde_json::json!({"location": location, "properties": {"jobType": kind, "driveList": drive_list}});
        let request: PutJobParameters = serde_json::from_value(body).expect("shape");
        let accepted = validate_create(&Policy::default(), existing.as_ref(), &request).is_ok();
        // A cancellation cannot be withdrawn: no create replaces a cancelled job.
        prop_assert!(!(accepted && existing.is_some_and(|job| job.cancel_requested)));
    }

    #[test]
    fn timestamps_never_panic_and_round_trip(secs in -50_000_000_000i64..50_000_000_000i64, text in ".{0,40}") {
        let ts = Timestamp(secs);
        prop_assert_eq!(Timestamp::parse_rfc3339(&ts.to_string()), Ok(ts));
        let _ = Timestamp::parse_rfc3339(&text);
    }
}
