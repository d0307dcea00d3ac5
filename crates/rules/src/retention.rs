//! Retention: when the service removes a job by itself.

use crate::lifecycle::expected_end;
use crate::policy::Policy;
use crate::snapshot::JobSnapshot;
use crate::state::JobState;
use crate::time::Timestamp;

/// When a job will be removed, as far as can be said now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// At this instant, if nothing else happens to the job.
    At(Timestamp),
    /// `days` after the job ends in `end` (a job still running, or whose cancellation is not
    /// carried out yet).
    AfterEnd {
        /// The final state the job is expected to end in.
        end: JobState,
        /// Days it is kept from then.
        days: u32,
    },
    /// Nothing removes the job.
    NotScheduled,
}

/// The instant the job will be removed if nothing else happens to it: `retentionDays` after it
/// entered a final state, or `unshippedExpiryDays` after it entered `Creating` when no delivery
/// package was given and no cancellation was requested (a cancelled job ends in a final state
/// instead, and is kept from then). `None` when no removal date is set yet or the entry time
/// is unknown.
pub fn removal_date(policy: &Policy, job: &JobSnapshot) -> Option<Timestamp> {
    // Writes store this for every job: it never walks the data center's moves (`removal`
    // does, for the console's "N days after it ends").
    let days = if policy.retention_states.contains(job.state) {
        policy.retention_days
    } else if job.state == JobState::Creating && !job.has_delivery_package && !job.cancel_requested
    {
        policy.unshipped_expiry_days
    } else {
        return None;
    };
    Some(job.state_entered_at?.plus_days(i64::from(days)))
}

/// When the job will be removed: a date, a number of days after it ends, or never.
pub fn removal(policy: &Policy, job: &JobSnapshot) -> Removal {
    if let Some(at) = removal_date(policy, job) {
        return Removal::At(at);
    }
    let end = expected_end(policy, job);
    if !job.state.is_final() && policy.retention_states.contains(end) {
        Removal::AfterEnd { end, days: policy.retention_days }
    } else {
        Removal::NotScheduled
    }
}

/// True when the job's removal date is at or before `now`.
pub fn is_due_for_removal(policy: &Policy, job: &JobSnapshot, now: Timestamp) -> bool {
    removal_date(policy, job).is_some_and(|date| date <= now)
}
