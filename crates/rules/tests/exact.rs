//! Exact answers the broader tests leave loose: the data center's every field, each way a
//! target is unreachable, the lifecycle's edges, and every sentence a value writes of itself.
//! Written for the mutants `cargo mutants` found surviving (RELIABILITY.md). Also run under
//! wasm32.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use waybill_rules::JobState::{self, *};
use waybill_rules::{
    DriveState, Ending, InvalidTimestamp, JobSnapshot, JobType, Passage, Policy, PolicyProblem,
    Reason, StateSet, Step, TRANSFER_STEP_PERCENT, UnknownState, expected_end, lifecycle,
    next_step, steps_to,
};

fn transferring(percent: i64) -> JobSnapshot {
    JobSnapshot { percent_complete: percent, ..JobSnapshot::in_state(Transferring) }
}

#[test]
fn a_transfer_moves_by_one_step_of_percent_from_where_it_is() {
    let policy = Policy::default();
    let first = next_step(&policy, &transferring(0), Ending::AsItGoes).expect("moves");
    assert_eq!((first.state, first.percent_complete), (Transferring, TRANSFER_STEP_PERCENT));
    let last =
        next_step(&policy, &transferring(TRANSFER_STEP_PERCENT), Ending::AsItGoes).expect("moves");
    assert_eq!((last.state, last.percent_complete), (Packaging, 100));
    // From anywhere: 10 % copied moves on to 60 %, not to the end.
    let partial = next_step(&policy, &transferring(10), Ending::AsItGoes).expect("moves");
    assert_eq!(
        (partial.state, partial.percent_complete),
        (Transferring, 10 + TRANSFER_STEP_PERCENT)
    );
}

#[test]
fn ending_with_errors_marks_the_drives_and_closes_the_job_with_its_drives_left_alone() {
    let policy = Policy::default();
    let done = transferring(100 - TRANSFER_STEP_PERCENT);
    let ok = next_step(&policy, &done, Ending::AsItGoes).expect("moves");
    let failed = next_step(&policy, &done, Ending::WithErrors).expect("moves");
    assert_eq!(ok.drive_state, Some(DriveState::Completed));
    assert_eq!(failed.drive_state, Some(DriveState::CompletedMoreInfo));
    let packaged = JobSnapshot { percent_complete: 100, ..JobSnapshot::in_state(Packaging) };
    let closed = next_step(&policy, &packaged, Ending::WithErrors).expect("moves");
    assert_eq!(
        closed,
        Step {
            state: Closed,
            percent_complete: 100,
            drive_state: None,
            ships_back: true,
            ends_cancelled: false
        }
    );
    let completed = next_step(&policy, &packaged, Ending::AsItGoes).expect("moves");
    assert_eq!(
        (completed.state, completed.drive_state),
        (Completed, Some(DriveState::ShippedBack))
    );
}

#[test]
fn a_finished_job_cannot_be_taken_to_the_other_final_state() {
    let policy = Policy::default();
    for (from, to) in [(Completed, Closed), (Closed, Completed)] {
        assert_eq!(
            steps_to(&policy, &JobSnapshot::in_state(from), Some(to)),
            Err(Reason::TargetUnreachable { state: from, target: to }),
            "{from} to {to}"
        );
    }
    assert_eq!(
        steps_to(&policy, &transferring(0), Some(Received)),
        Err(Reason::TargetUnreachable { state: Transferring, target: Received })
    );
}

#[test]
fn drive_errors_on_the_way_lead_the_expected_end_to_closed() {
    let policy = Policy::default();
    // Only a drive error, met on the way, decides the end: the job does not start with one.
    let clean = transferring(0);
    assert_eq!(expected_end(&policy, &clean), Completed);
    let with_errors = JobSnapshot { has_drive_errors: true, ..transferring(0) };
    assert_eq!(expected_end(&policy, &with_errors), Closed);
}

#[test]
fn a_finished_cancelled_job_of_unknown_cancel_point_shows_creating_as_passed() {
    let policy = Policy::default();
    let job = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(Completed) };
    let path = lifecycle(&policy, &job);
    let passage = |state| path.iter().find(|s| s.state == state).map(|s| s.passage);
    assert_eq!(passage(Creating), Some(Passage::Passed));
    assert_eq!(passage(Shipping), Some(Passage::NotKnown));
    // Cancelled in Received: the states after it were skipped, Received itself passed.
    let known = JobSnapshot { cancelled_in: Some(Received), ..job };
    let path = lifecycle(&policy, &known);
    let passage = |state| path.iter().find(|s| s.state == state).map(|s| s.passage);
    assert_eq!(passage(Received), Some(Passage::Passed));
    assert_eq!(passage(Transferring), Some(Passage::Skipped));
}

#[test]
fn the_history_says_where_a_finished_job_was_cancelled() {
    use waybill_rules::cancelled_in_from_history as from;
    // Created, shipped, received, cancelled (no state change), then carried out.
    let history = [
        (None, Some(Creating)),
        (Some(Creating), Some(Shipping)),
        (Some(Shipping), Some(Received)),
        (Some(Received), Some(Received)),
        (Some(Received), Some(Completed)),
    ];
    assert_eq!(from(history), Some(Received));
    // A later move between final states (an operator closing it) does not move the point.
    let mut longer = history.to_vec();
    longer.push((Some(Completed), Some(Closed)));
    assert_eq!(from(longer), Some(Received));
    // The last move into a final state counts; a history without one says nothing.
    assert_eq!(
        from([(Some(Shipping), Some(Closed)), (Some(Transferring), Some(Completed))]),
        Some(Transferring)
    );
    assert_eq!(from(history[..4].to_vec()), None);
    assert_eq!(from([(Some(Received), None)]), None);
    assert_eq!(from([]), None);
    // Fed to the path, the states after it are skipped, not "not known".
    let policy = Policy::default();
    let job = JobSnapshot {
        cancel_requested: true,
        cancelled_in: from(history),
        ..JobSnapshot::in_state(Completed)
    };
    let path = lifecycle(&policy, &job);
    let passage = |state| path.iter().find(|s| s.state == state).map(|s| s.passage);
    assert_eq!(passage(Shipping), Some(Passage::Passed));
    assert_eq!(passage(Transferring), Some(Passage::Skipped));
}

#[test]
fn error_states_of_drives_are_the_ones_that_close_a_job() {
    let errors: Vec<DriveState> = DriveState::ALL.into_iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors, [DriveState::NeverReceived, DriveState::CompletedMoreInfo]);
}

#[test]
fn a_state_set_knows_when_it_is_empty_and_keeps_a_state_given_twice() {
    assert!(StateSet::EMPTY.is_empty());
    assert!(!StateSet::of(&[Creating]).is_empty());
    let twice: StateSet = [Creating, Creating, Shipping].into_iter().collect();
    assert_eq!(twice, StateSet::of(&[Creating, Shipping]));
}

#[test]
fn values_write_themselves_in_words() {
    assert_eq!(StateSet::of(&[Creating, Shipping]).to_string(), "Creating and Shipping");
    assert_eq!(
        StateSet::of(&[Creating, Shipping, Received]).to_string(),
        "Creating, Shipping and Received"
    );
    assert_eq!(StateSet::of(&[Creating]).to_string(), "Creating");
    assert_eq!(StateSet::EMPTY.to_string(), "no state");
    assert_eq!(format!("{:?}", StateSet::of(&[Creating, Closed])), "{Creating, Closed}");
    assert_eq!(DriveState::ShippedBack.to_string(), "ShippedBack");
    assert_eq!(JobType::Export.to_string(), "Export");
    assert_eq!(UnknownState("Lost".into()).to_string(), "'Lost' is not a job state");
    assert_eq!(
        InvalidTimestamp.to_string(),
        "not an RFC 3339 date-time such as 2024-05-01T12:00:00Z"
    );
    assert_eq!(
        PolicyProblem::CancelInFinalState(Closed).to_string(),
        "cancellableStates contains Closed, a final state"
    );
    assert_eq!(
        PolicyProblem::MaxDrivesOutOfRange(0).to_string(),
        "maxDrives is 0; it must be between 1 and 100"
    );
}

#[test]
fn every_job_state_reads_back_from_its_name() {
    for state in JobState::ALL {
        assert_eq!(state.to_string().parse::<JobState>(), Ok(state));
    }
}

#[test]
fn a_value_azure_sends_is_written_as_it_came_and_a_wrong_type_is_named() {
    use waybill_rules::wire::Expandable;
    assert_eq!(Expandable::Known(Transferring).to_string(), "Transferring");
    assert_eq!(Expandable::<JobState>::Unknown("Quarantined".into()).to_string(), "Quarantined");
    let wrong = serde_json::from_str::<Expandable<JobState>>("5").expect_err("not a string");
    assert!(wrong.to_string().contains("expected an enum value as a string"), "{wrong}");
}
