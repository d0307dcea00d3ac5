//! Retention: when the service removes a job by itself.

use crate::policy::Policy;
use crate::snapshot::JobSnapshot;
use crate::state::JobState;
use crate::time::Timestamp;

/// The instant the job will be removed if nothing else happens to it: `retentionDays` after it
/// entered a final state, or `unshippedExpiryDays` after it entered `Creating` when no delivery
/// package was given. `None` when no removal is due or the entry time is unknown.
pub fn removal_date(policy: &Policy, job: &JobSnapshot) -> Option<Timestamp> {
    let entered = job.state_entered_at?;
    if policy.retention_states.contains(job.state) {
        Some(entered.plus_days(i64::from(policy.retention_days)))
    } else if job.state == JobState::Creating && !job.has_delivery_package {
        Some(entered.plus_days(i64::from(policy.unshipped_expiry_days)))
    } else {
        None
    }
}

/// True when the job's removal date is at or before `now`.
pub fn is_due_for_removal(policy: &Policy, job: &JobSnapshot, now: Timestamp) -> bool {
    removal_date(policy, job).is_some_and(|date| date <= now)
}
