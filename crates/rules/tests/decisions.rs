//! Every rule decision of PRODUCT.md, table-driven over every state × every action. These
//! tests also run under wasm32 (wasm-bindgen-test), so both builds of the rules agree.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use waybill_rules::JobState::{self, *};
use waybill_rules::{
    CancelEffect, JobSnapshot, Policy, Reason, ShipEffect, ShipSupplies, StateSet, may_cancel,
    may_delete, may_ship,
};

/// What the table expects of an action in a state.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    Refused(&'static str),
}
use Expect::*;

fn outcome<T, E>(result: Result<T, E>, code: impl Fn(&E) -> &'static str) -> Expect {
    match result {
        Ok(_) => Allowed,
        Err(e) => Refused(code(&e)),
    }
}

/// Runs one action in every state and compares with the table row.
fn check(action: &str, table: [(JobState, Expect); 7], run: impl Fn(&JobSnapshot) -> Expect) {
    for (state, expected) in table {
        let job = JobSnapshot {
            has_return_address: true,
            has_delivery_package: true,
            ..JobSnapshot::in_state(state)
        };
        assert_eq!(run(&job), expected, "{action} in {state}");
    }
}

#[test]
fn cancel_is_allowed_only_before_packaging() {
    let policy = Policy::default();
    check(
        "cancel",
        [
            (Creating, Allowed),
            (Shipping, Allowed),
            (Received, Allowed),
            (Transferring, Allowed),
            (Packaging, Refused("CancelNotAllowedInState")),
            (Completed, Refused("CancelNotAllowedInState")),
            (Closed, Refused("CancelNotAllowedInState")),
        ],
        |job| outcome(may_cancel(&policy, job), Reason::code),
    );
}

#[test]
fn delete_is_allowed_only_in_creating_or_completed() {
    let policy = Policy::default();
    check(
        "delete",
        [
            (Creating, Allowed),
            (Shipping, Refused("DeleteNotAllowedInState")),
            (Received, Refused("DeleteNotAllowedInState")),
            (Transferring, Refused("DeleteNotAllowedInState")),
            (Packaging, Refused("DeleteNotAllowedInState")),
            (Completed, Allowed),
            (Closed, Refused("DeleteNotAllowedInState")),
        ],
        |job| outcome(may_delete(&policy, job), Reason::code),
    );
}

#[test]
fn shipping_is_allowed_only_from_creating_and_again_in_shipping() {
    let policy = Policy::default();
    check(
        "ship",
        [
            (Creating, Allowed),
            (Shipping, Allowed),
            (Received, Refused("ShipNotAllowedInState")),
            (Transferring, Refused("ShipNotAllowedInState")),
            (Packaging, Refused("ShipNotAllowedInState")),
            (Completed, Refused("ShipNotAllowedInState")),
            (Closed, Refused("ShipNotAllowedInState")),
        ],
        |job| outcome(may_ship(&policy, job, ShipSupplies::NOTHING), |e| e[0].code()),
    );
}

#[test]
fn cancel_records_the_request_and_asking_again_is_a_no_op_in_any_state() {
    let policy = Policy::default();
    let fresh = JobSnapshot::in_state(Transferring);
    assert_eq!(may_cancel(&policy, &fresh), Ok(CancelEffect::Request));
    for state in JobState::ALL {
        let cancelled = JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(state) };
        assert_eq!(may_cancel(&policy, &cancelled), Ok(CancelEffect::AlreadyRequested), "{state}");
    }
}

#[test]
fn a_refusal_names_the_state_and_the_allowed_states() {
    let policy = Policy::default();
    let refusal =
        may_cancel(&policy, &JobSnapshot::in_state(Packaging)).expect_err("the rules refuse it");
    assert_eq!(
        refusal,
        Reason::CancelNotAllowedInState {
            state: Packaging,
            allowed: StateSet::of(&[Creating, Shipping, Received, Transferring]),
        }
    );
    assert_eq!(refusal.arm_code().as_str(), "JobCannotBeCanceled");
    assert_eq!(refusal.status(), 409);
    assert_eq!(refusal.state(), Some(Packaging));
    assert_eq!(refusal.target().as_deref(), Some("properties.cancelRequested"));
    let text = refusal.to_string();
    assert!(text.contains("Packaging state"), "{text}");
    assert!(text.contains("Creating, Shipping, Received and Transferring"), "{text}");

    let refusal =
        may_delete(&policy, &JobSnapshot::in_state(Transferring)).expect_err("the rules refuse it");
    assert_eq!(refusal.arm_code().as_str(), "JobCannotBeDeleted");
    assert_eq!(refusal.status(), 409);
    assert!(refusal.to_string().contains("Creating and Completed"));
}

#[test]
fn shipping_needs_return_address_and_delivery_package_now_or_earlier() {
    let policy = Policy::default();
    let bare = JobSnapshot::in_state(Creating);
    let codes = |r: Result<ShipEffect, Vec<Reason>>| {
        r.map(|_| vec![]).unwrap_or_else(|e| e.iter().map(Reason::code).collect::<Vec<_>>())
    };
    assert_eq!(
        codes(may_ship(&policy, &bare, ShipSupplies::NOTHING)),
        ["ShipNeedsReturnAddress", "ShipNeedsDeliveryPackage"]
    );
    assert_eq!(
        codes(may_ship(
            &policy,
            &bare,
            ShipSupplies { return_address: true, delivery_package: false }
        )),
        ["ShipNeedsDeliveryPackage"]
    );
    assert_eq!(
        codes(may_ship(
            &policy,
            &bare,
            ShipSupplies { return_address: true, delivery_package: true }
        )),
        Vec::<&str>::new()
    );
    let earlier = JobSnapshot { has_return_address: true, ..bare };
    assert_eq!(may_ship(&policy, &earlier, ShipSupplies::DELIVERY_PACKAGE), Ok(ShipEffect::Ship));
    let cancelled = JobSnapshot { cancel_requested: true, ..earlier };
    assert_eq!(
        codes(may_ship(&policy, &cancelled, ShipSupplies::DELIVERY_PACKAGE)),
        ["ShipAfterCancel"]
    );
    let shipped = JobSnapshot::in_state(Shipping);
    assert_eq!(may_ship(&policy, &shipped, ShipSupplies::NOTHING), Ok(ShipEffect::AlreadyShipped));
}

#[test]
fn a_loaded_policy_changes_the_decisions() {
    let policy: Policy =
        serde_json::from_str(r#"{"deletableStates": ["Creating", "Completed", "Closed"]}"#)
            .expect("policy parses");
    assert!(may_delete(&policy, &JobSnapshot::in_state(Closed)).is_ok());
    assert_eq!(policy.retention_days, 90, "missing fields keep their defaults");
    assert!(policy.check().is_empty());
}

#[test]
fn policy_files_with_unknown_fields_or_nonsense_are_refused() {
    assert!(serde_json::from_str::<Policy>(r#"{"cancelableStates": []}"#).is_err());
    assert!(serde_json::from_str::<Policy>(r#"{"deletableStates": ["Gone"]}"#).is_err());
    let policy: Policy =
        serde_json::from_str(r#"{"retentionDays": 0, "cancellableStates": ["Completed"]}"#)
            .expect("well-formed");
    let problems: Vec<String> = policy.check().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn the_default_policy_round_trips_as_json() {
    let policy = Policy::default();
    let json = serde_json::to_value(&policy).expect("serialises");
    assert_eq!(
        json["cancellableStates"],
        serde_json::json!(["Creating", "Shipping", "Received", "Transferring"])
    );
    assert_eq!(json["deletableStates"], serde_json::json!(["Creating", "Completed"]));
    assert_eq!(json["retentionDays"], 90);
    assert_eq!(json["unshippedExpiryDays"], 14);
    let back: Policy = serde_json::from_value(json).expect("parses");
    assert_eq!(back, policy);
}

#[test]
fn states_parse_case_insensitively_and_refuse_unknown_names() {
    for state in JobState::ALL {
        assert_eq!(state.as_str().parse::<JobState>(), Ok(state));
        assert_eq!(state.as_str().to_lowercase().parse::<JobState>(), Ok(state));
    }
    assert!("Cancelled".parse::<JobState>().is_err());
    assert!("".parse::<JobState>().is_err());
}

#[test]
fn names_have_the_arm_shapes() {
    use waybill_rules::{
        is_valid_job_name, is_valid_resource_group_name, is_valid_subscription_id,
    };
    for good in ["myJob", "test-bn1-import-cpu100-01", "a1", "job_2"] {
        assert!(is_valid_job_name(good), "{good}");
    }
    for bad in ["", "a", "-job", "job-", "has space", "x".repeat(65).as_str(), "<script>", "../etc"]
    {
        assert!(!is_valid_job_name(bad), "{bad}");
    }
    assert!(is_valid_resource_group_name("myResourceGroup"));
    assert!(is_valid_resource_group_name("rg.(test)_1"));
    assert!(!is_valid_resource_group_name("rg."));
    assert!(!is_valid_resource_group_name("a/b"));
    assert!(is_valid_subscription_id("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
    assert!(!is_valid_subscription_id("sub/../x"));
}
