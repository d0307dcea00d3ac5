//! Retention, expiry and the data center's moves. Also run under wasm32.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use waybill_rules::JobState::{self, *};
use waybill_rules::{
    DriveState, Ending, JobSnapshot, Policy, Reason, Timestamp, is_due_for_removal, next_step,
    removal_date, steps_to,
};

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("valid timestamp")
}

fn entered(state: JobState, when: &str) -> JobSnapshot {
    JobSnapshot { state_entered_at: Some(at(when)), ..JobSnapshot::in_state(state) }
}

#[test]
fn completed_and_closed_jobs_are_kept_90_days_after_they_ended() {
    let policy = Policy::default();
    for state in [Completed, Closed] {
        let job = entered(state, "2024-01-01T10:00:00Z");
        assert_eq!(removal_date(&policy, &job), Some(at("2024-03-31T10:00:00Z")), "{state}");
        assert!(!is_due_for_removal(&policy, &job, at("2024-03-31T09:59:59Z")));
        assert!(is_due_for_removal(&policy, &job, at("2024-03-31T10:00:00Z")));
    }
}

#[test]
fn a_cancelled_job_that_completed_is_kept_90_days_too() {
    let job = JobSnapshot { cancel_requested: true, ..entered(Completed, "2024-05-01T00:00:00Z") };
    assert_eq!(removal_date(&Policy::default(), &job), Some(at("2024-07-30T00:00:00Z")));
}

#[test]
fn a_job_left_in_creating_without_shipping_information_expires_after_14_days() {
    let policy = Policy::default();
    let job = entered(Creating, "2024-02-20T08:00:00Z");
    assert_eq!(removal_date(&policy, &job), Some(at("2024-03-05T08:00:00Z")));
    let with_package = JobSnapshot { has_delivery_package: true, ..job };
    assert_eq!(removal_date(&policy, &with_package), None);
}

#[test]
fn jobs_in_progress_are_never_removed() {
    let policy = Policy::default();
    for state in [Shipping, Received, Transferring, Packaging] {
        let job = entered(state, "2000-01-01T00:00:00Z");
        assert_eq!(removal_date(&policy, &job), None, "{state}");
        assert!(!is_due_for_removal(&policy, &job, at("2100-01-01T00:00:00Z")));
    }
    assert_eq!(removal_date(&policy, &JobSnapshot::in_state(Completed)), None, "unknown entry");
}

#[test]
fn the_data_center_moves_a_job_along_the_lifecycle() {
    let policy = Policy::default();
    let mut job = JobSnapshot::in_state(Shipping);
    let mut seen = vec![];
    while let Ok(step) = next_step(&policy, &job, Ending::AsItGoes) {
        seen.push((step.state, step.percent_complete, step.drive_state, step.ships_back));
        job.state = step.state;
        job.percent_complete = step.percent_complete;
    }
    use DriveState as D;
    assert_eq!(
        seen,
        [
            (Received, 0, Some(D::Received), false),
            (Transferring, 0, Some(D::Transferring), false),
            (Transferring, 50, Some(D::Transferring), false),
            (Packaging, 100, Some(D::Completed), false),
            (Completed, 100, Some(D::ShippedBack), true),
        ]
    );
    assert_eq!(
        next_step(&policy, &job, Ending::AsItGoes),
        Err(Reason::JobIsFinal { state: Completed })
    );
}

#[test]
fn the_data_center_waits_for_the_customer_to_ship() {
    let policy = Policy::default();
    assert_eq!(
        next_step(&policy, &JobSnapshot::in_state(Creating), Ending::AsItGoes),
        Err(Reason::AwaitingShipment)
    );
}

#[test]
fn a_cancelled_job_moves_to_completed_from_every_cancellable_state() {
    let policy = Policy::default();
    for state in [Creating, Shipping, Received, Transferring] {
        let job = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(state) };
        let step = next_step(&policy, &job, Ending::AsItGoes).expect("moves");
        assert_eq!(step.state, Completed, "from {state}");
        assert!(step.ends_cancelled);
        // Drives that reached the data center go back; the others never left the customer.
        assert_eq!(step.ships_back, state >= Received, "from {state}");
    }
}

#[test]
fn advancing_to_a_named_state_takes_every_step_or_none() {
    let policy = Policy::default();
    let job = JobSnapshot::in_state(Shipping);
    let steps = steps_to(&policy, &job, Some(Packaging)).expect("reachable");
    assert_eq!(steps.last().map(|s| s.state), Some(Packaging));
    assert_eq!(steps.len(), 4);
    assert_eq!(steps_to(&policy, &job, Some(Shipping)), Ok(vec![]));
    assert_eq!(
        steps_to(&policy, &JobSnapshot::in_state(Packaging), Some(Received)),
        Err(Reason::TargetUnreachable { state: Packaging, target: Received })
    );
    let closed = steps_to(&policy, &JobSnapshot::in_state(Transferring), Some(Closed))
        .expect("a job can be closed with errors");
    assert_eq!(closed.last().map(|s| s.state), Some(Closed));
    let cancelled = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(Received) };
    assert_eq!(
        steps_to(&policy, &cancelled, Some(Packaging)),
        Err(Reason::TargetUnreachable { state: Received, target: Packaging }),
        "a cancelled job goes to Completed, never to Packaging"
    );
    assert_eq!(steps_to(&policy, &cancelled, Some(Completed)).map(|s| s.len()), Ok(1));
}

#[test]
fn timestamps_read_and_write_rfc3339() {
    assert_eq!(at("1970-01-01T00:00:00Z"), Timestamp(0));
    assert_eq!(at("2020-02-03T01:01:01.1075056Z").to_string(), "2020-02-03T01:01:01Z");
    assert_eq!(at("2024-02-29T23:00:00+02:00").to_string(), "2024-02-29T21:00:00Z");
    assert_eq!(Timestamp(951_782_400).to_string(), "2000-02-29T00:00:00Z");
    for bad in ["", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01", "yesterday"] {
        assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
    }
}
