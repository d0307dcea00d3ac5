//! The policy: the lifecycle's numbers and state sets as data. The defaults are the rules of
//! the Import/Export service; a deployment may load another policy, and the service publishes
//! the one it enforces so the console evaluates exactly that one.

use serde::{Deserialize, Serialize};

use crate::state::{JobState, StateSet};

/// The rules as data. Missing fields in a policy file take the default values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Policy {
    /// States in which `cancelRequested: true` is accepted (before `Packaging`).
    pub cancellable_states: StateSet,
    /// States in which a job may be deleted (`Creating`, `Completed`).
    pub deletable_states: StateSet,
    /// States from which a client may mark the job as shipped (`Creating`).
    pub shippable_states: StateSet,
    /// Shipping needs a return address, given now or earlier.
    pub shipping_requires_return_address: bool,
    /// Shipping needs the delivery package (carrier, tracking number), given now or earlier.
    pub shipping_requires_delivery_package: bool,
    /// States in which the return address, return shipping, log level and manifest backup may
    /// still change (before `Packaging`).
    pub editable_states: StateSet,
    /// States in which the delivery package may be set or corrected.
    pub delivery_package_editable_states: StateSet,
    /// States in which the drive list may change (before shipping).
    pub drive_list_editable_states: StateSet,
    /// States in which a create (PUT) may replace an existing job.
    pub replaceable_states: StateSet,
    /// Days a job is kept after it entered one of `retention_states`, then deleted.
    pub retention_days: u32,
    /// The final states that `retention_days` applies to (`Completed`, `Closed`).
    pub retention_states: StateSet,
    /// Days a job may stay in `Creating` without a delivery package before it expires.
    pub unshipped_expiry_days: u32,
    /// The most drives one job may have.
    pub max_drives: u32,
}

impl Default for Policy {
    fn default() -> Self {
        use JobState::*;
        Policy {
            cancellable_states: StateSet::of(&[Creating, Shipping, Received, Transferring]),
            deletable_states: StateSet::of(&[Creating, Completed]),
            shippable_states: StateSet::of(&[Creating]),
            shipping_requires_return_address: true,
            shipping_requires_delivery_package: true,
            editable_states: StateSet::of(&[Creating, Shipping, Received, Transferring]),
            delivery_package_editable_states: StateSet::of(&[Creating, Shipping]),
            drive_list_editable_states: StateSet::of(&[Creating]),
            replaceable_states: StateSet::of(&[Creating]),
            retention_days: 90,
            retention_states: StateSet::of(&[Completed, Closed]),
            unshipped_expiry_days: 14,
            max_drives: 10,
        }
    }
}

/// A policy value that makes no sense, found by [`Policy::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyProblem {
    /// A number of days outside 1..=36500.
    DaysOutOfRange {
        /// The field's JSON name.
        field: &'static str,
        /// The value given.
        value: u32,
    },
    /// `maxDrives` outside 1..=100.
    MaxDrivesOutOfRange(u32),
    /// A final state in `cancellableStates`: a finished job cannot be cancelled.
    CancelInFinalState(JobState),
    /// A state other than `Creating` in `shippableStates`: only a job not yet shipped can ship.
    ShipFromShippedState(JobState),
    /// A retention state that is not final: only finished jobs are kept and then removed.
    RetentionOfUnfinishedState(JobState),
}

impl core::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PolicyProblem::DaysOutOfRange { field, value } => {
                write!(f, "{field} is {value}; it must be between 1 and 36500 days")
            }
            PolicyProblem::MaxDrivesOutOfRange(n) => {
                write!(f, "maxDrives is {n}; it must be between 1 and 100")
            }
            PolicyProblem::CancelInFinalState(s) => {
                write!(f, "cancellableStates contains {s}, a final state")
            }
            PolicyProblem::ShipFromShippedState(s) => {
                write!(f, "shippableStates contains {s}; only Creating can be shipped from")
            }
            PolicyProblem::RetentionOfUnfinishedState(s) => {
                write!(f, "retentionStates contains {s}, which is not a final state")
            }
        }
    }
}

impl Policy {
    /// Every problem of a loaded policy; empty when it can be enforced.
    pub fn check(&self) -> Vec<PolicyProblem> {
        let mut problems = Vec::new();
        for (field, value) in [
            ("retentionDays", self.retention_days),
            ("unshippedExpiryDays", self.unshipped_expiry_days),
        ] {
            if !(1..=36_500).contains(&value) {
                problems.push(PolicyProblem::DaysOutOfRange { field, value });
            }
        }
        if !(1..=100).contains(&self.max_drives) {
            problems.push(PolicyProblem::MaxDrivesOutOfRange(self.max_drives));
        }
        problems.extend(
            self.cancellable_states
                .iter()
                .filter(|s| s.is_final())
                .map(PolicyProblem::CancelInFinalState),
        );
        problems.extend(
            self.shippable_states
                .iter()
                .filter(|s| *s != JobState::Creating)
                .map(PolicyProblem::ShipFromShippedState),
        );
        problems.extend(
            self.retention_states
                .iter()
                .filter(|s| !s.is_final())
                .map(PolicyProblem::RetentionOfUnfinishedState),
        );
        problems
    }
}
