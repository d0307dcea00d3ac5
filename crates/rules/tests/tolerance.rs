//! What Azure may send that the rules do not expect, and the lifecycle facts the console shows
//! (where a cancellation leads, which states a job skipped, when it is removed). Also run
//! under wasm32.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::json;
use waybill_rules::JobState::{self, *};
use waybill_rules::wire::{Expandable, JobResponse, ListJobsResponse, PutJobParameters};
use waybill_rules::{
    DriveState, JobSnapshot, JobType, Passage, Policy, Reason, Removal, StateSet, Timestamp,
    lifecycle, removal, validate_create,
};

#[test]
fn a_list_with_unknown_and_differently_cased_values_reads_whole() {
    let page: ListJobsResponse = serde_json::from_value(json!({"value": [
        {"name": "a", "properties": {"state": "Quarantined", "jobType": "Migrate",
            "driveList": [{"driveId": "X", "state": "Lost", "copyStatus": "Weird"}],
            "encryptionKey": {"kekType": "HardwareManaged"}}, "identity": {"type": "Federated"}},
        {"name": "b", "properties": {"state": "transferring", "jobType": "IMPORT",
            "driveList": [{"driveId": "Y", "state": "shippedback"}]}}
    ]}))
    .expect("a page with values the rules do not know still reads");
    let a = page.value[0].properties.as_ref().expect("properties");
    assert_eq!(a.state, Some(Expandable::Unknown("Quarantined".into())));
    assert_eq!(a.job_type.as_ref().map(Expandable::as_str), Some("Migrate"));
    let drive = &a.drive_list.as_ref().expect("drives")[0];
    assert_eq!(drive.state.as_ref().map(Expandable::as_str), Some("Lost"));
    let b = page.value[1].properties.as_ref().expect("properties");
    assert_eq!(b.state, Some(Expandable::Known(Transferring)));
    assert_eq!(b.job_type, Some(Expandable::Known(JobType::Import)));
    let drive = &b.drive_list.as_ref().expect("drives")[0];
    assert_eq!(drive.state, Some(Expandable::Known(DriveState::ShippedBack)));
    // Written back: known values in canonical spelling, unknown ones as they came.
    let text = serde_json::to_value(&page).expect("serialises");
    assert_eq!(text["value"][0]["properties"]["state"], "Quarantined");
    assert_eq!(text["value"][1]["properties"]["state"], "Transferring");
    assert_eq!(text["value"][1]["properties"]["jobType"], "Import");
    // Enum values are strings on the wire: anything else is a malformed document.
    let number = serde_json::from_value::<JobResponse>(json!({"properties": {"state": 7}}));
    assert!(number.is_err());
}

#[test]
fn an_unknown_state_allows_nothing_and_the_reason_names_it() {
    let job: JobResponse =
        serde_json::from_value(json!({"properties": {"state": "Quarantined"}})).expect("job");
    let reason = JobSnapshot::of(&job).expect_err("no snapshot of an unknown state");
    assert_eq!(reason, Reason::UnknownState { value: "Quarantined".into() });
    assert_eq!(reason.status(), 409);
    assert!(reason.to_string().contains("'Quarantined'"), "{reason}");
    // A job without a state is in the schema's default, Creating.
    let job: JobResponse = serde_json::from_value(json!({"properties": {}})).expect("job");
    assert_eq!(JobSnapshot::of(&job).map(|s| s.state), Ok(Creating));
}

fn export_request(extra: serde_json::Value) -> PutJobParameters {
    let mut body = json!({"location": "West US", "properties": {
        "storageAccountId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acc",
        "jobType": "export", "export": {"blobList": {"blobPathPrefix": ["/"]}}}});
    for (key, value) in extra.as_object().expect("object") {
        body["properties"][key] = value.clone();
    }
    serde_json::from_value(body).expect("request")
}

#[test]
fn create_takes_enum_values_in_any_case_and_an_export_job_with_no_drives() {
    let policy = Policy::default();
    let request = export_request(json!({"driveList": [], "state": "",
        "encryptionKey": {"kekType": "microsoftmanaged"}, "logLevel": "verbose"}));
    assert_eq!(validate_create(&policy, None, &request), Ok(()));
    let with_drive = export_request(json!({"driveList": [{"driveId": "D"}]}));
    let problems = validate_create(&policy, None, &with_drive).expect_err("drives refused");
    assert_eq!(problems[0].target().as_deref(), Some("properties.driveList"));
    let bad = export_request(json!({"jobType": "Migrate", "encryptionKey": {"kekType": "Other"}}));
    let problems = validate_create(&policy, None, &bad).expect_err("refused");
    let targets: Vec<_> = problems.iter().filter_map(Reason::target).collect();
    assert_eq!(targets, ["properties.jobType", "properties.encryptionKey.kekType"]);
}

#[test]
fn a_create_never_replaces_a_cancelled_job() {
    let policy = Policy::default();
    let cancelled = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(Creating) };
    let request = export_request(json!({}));
    assert_eq!(
        validate_create(&policy, Some(&cancelled), &request),
        Err(vec![Reason::ReplaceAfterCancel])
    );
    assert_eq!(Reason::ReplaceAfterCancel.arm_code().as_str(), "JobCannotBeReplaced");
    assert_eq!(validate_create(&policy, Some(&JobSnapshot::in_state(Creating)), &request), Ok(()));
}

#[test]
fn the_cancel_sentence_says_what_the_policy_stops_before() {
    assert_eq!(Policy::default().cancellable_states.ends_before(), Some(Packaging));
    assert_eq!(StateSet::of(&[Creating, Shipping]).ends_before(), Some(Received));
    assert_eq!(StateSet::of(&[Creating, Received]).ends_before(), None);
    assert_eq!(StateSet::EMPTY.ends_before(), None);
    let reason = |allowed| Reason::CancelNotAllowedInState { state: Packaging, allowed };
    assert!(
        reason(Policy::default().cancellable_states)
            .to_string()
            .ends_with("before it reaches Packaging.")
    );
    let odd = reason(StateSet::of(&[Creating, Received])).to_string();
    assert!(!odd.contains("before"), "{odd}");
}

fn passages(job: &JobSnapshot) -> Vec<(JobState, Passage, bool)> {
    lifecycle(&Policy::default(), job)
        .into_iter()
        .map(|s| (s.state, s.passage, s.ends_cancelled))
        .collect()
}

#[test]
fn the_lifecycle_shows_the_states_a_cancelled_job_skipped() {
    use Passage::*;
    let cancelled_in_transferring = JobSnapshot {
        cancel_requested: true,
        cancelled_in: Some(Transferring),
        ..JobSnapshot::in_state(Completed)
    };
    assert_eq!(
        passages(&cancelled_in_transferring),
        [
            (Creating, Passed, false),
            (Shipping, Passed, false),
            (Received, Passed, false),
            (Transferring, Passed, false),
            (Packaging, Skipped, false),
            (Completed, Current, true),
        ]
    );
    let waiting = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(Shipping) };
    assert_eq!(
        passages(&waiting),
        [
            (Creating, Passed, false),
            (Shipping, Current, false),
            (Received, Skipped, false),
            (Transferring, Skipped, false),
            (Packaging, Skipped, false),
            (Completed, Ahead, true),
        ]
    );
    let from_azure = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(Completed) };
    assert_eq!(passages(&from_azure)[1], (Shipping, NotKnown, false));
    let closed = JobSnapshot::in_state(Closed);
    assert_eq!(passages(&closed).last(), Some(&(Closed, Current, false)));
    let running = JobSnapshot { has_drive_errors: true, ..JobSnapshot::in_state(Packaging) };
    assert_eq!(passages(&running).last(), Some(&(Closed, Ahead, false)));
    assert_eq!(passages(&JobSnapshot::in_state(Creating)).last(), Some(&(Completed, Ahead, false)));
}

#[test]
fn a_cancelled_job_is_kept_from_when_it_ends_not_by_the_creating_expiry() {
    let policy = Policy { retention_days: 30, ..Policy::default() };
    let entered = Timestamp::parse_rfc3339("2024-01-01T00:00:00Z").ok();
    let creating = JobSnapshot { state_entered_at: entered, ..JobSnapshot::in_state(Creating) };
    assert!(matches!(removal(&policy, &creating), Removal::At(_)));
    let cancelled = JobSnapshot { cancel_requested: true, ..creating };
    assert_eq!(removal(&policy, &cancelled), Removal::AfterEnd { end: Completed, days: 30 });
    let running = JobSnapshot { state_entered_at: entered, ..JobSnapshot::in_state(Transferring) };
    assert_eq!(removal(&policy, &running), Removal::AfterEnd { end: Completed, days: 30 });
    let keep_closed = Policy { retention_states: StateSet::of(&[Completed]), ..policy };
    let failing = JobSnapshot { has_drive_errors: true, ..JobSnapshot::in_state(Packaging) };
    assert_eq!(removal(&keep_closed, &failing), Removal::NotScheduled);
}
