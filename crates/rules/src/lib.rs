//! # waybill-rules
//!
//! The one place where the Azure Import/Export job lifecycle lives: job and drive states, the
//! policy that says when a job may be cancelled, deleted or marked as shipped, the retention
//! rules, the data center's next move, and the ARM wire types both the service and the console
//! speak.
//!
//! Key decision: this crate is pure. It does no IO, reads no clock (callers pass `now`), draws
//! no random numbers, has no async and no framework, and depends on `serde` only, so the
//! service (native) and the console (wasm32) evaluate exactly the same code. Every refusal is a
//! [`Reason`] with a machine-readable code and parameters, never just a string.
//!
//! The rules (defaults of [`Policy`]):
//! - cancel (`cancelRequested: true`) only before `Packaging`; best effort; asking again is a
//!   no-op; `cancelRequested: false` is refused;
//! - delete only in `Creating` or `Completed`;
//! - mark as shipped (`state: "Shipping"`) only from `Creating`, with a return address and a
//!   delivery package given in the request or earlier;
//! - a job in `Completed` or `Closed` is removed 90 days after it entered that state; a job
//!   left in `Creating` without a delivery package for 14 days expires;
//! - a cancelled job moves to `Completed` at the data center's next move, skipping the states
//!   in between;
//! - a cancellation cannot be withdrawn: a create (PUT) does not replace a cancelled job.

mod datacenter;
mod decide;
mod lifecycle;
mod names;
mod policy;
mod reason;
mod retention;
mod snapshot;
mod state;
mod time;
mod validate;
pub mod wire;

pub use datacenter::{Ending, Step, TRANSFER_STEP_PERCENT, next_step, steps_to};
pub use decide::{
    CancelEffect, ShipEffect, ShipSupplies, may_cancel, may_delete, may_replace, may_ship,
};
pub use lifecycle::{Passage, Stage, cancelled_in_from_history, expected_end, lifecycle};
pub use names::{is_valid_job_name, is_valid_resource_group_name, is_valid_subscription_id};
pub use policy::{Policy, PolicyProblem};
pub use reason::{Reason, ValueProblem};
pub use retention::{Removal, is_due_for_removal, removal, removal_date};
pub use snapshot::JobSnapshot;
pub use state::{DriveState, JobState, JobType, StateSet, UnknownState};
pub use time::{InvalidTimestamp, SECONDS_PER_DAY, Timestamp};
pub use validate::{
    JOB_TYPES, KEK_TYPES, LOG_LEVELS, MAX_TAG_NAME, MAX_TAG_VALUE, MAX_TAGS, MAX_TEXT, UpdatePlan,
    canonical, validate_create, validate_update,
};
