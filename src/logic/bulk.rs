//! Bulk actions: which selected jobs the rules let an action touch, and which are skipped and
//! why, decided by the same rules the service enforces.

use waybill_rules::{CancelEffect, Policy, Reason, may_cancel, may_delete};

use super::list::JobRow;

/// A bulk action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    /// Request cancellation.
    Cancel,
    /// Delete each job (gone from the API afterwards).
    Delete,
}

/// Why a selected job is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The rules refuse the action in the job's state.
    Rule(Reason),
    /// Its cancellation was already requested; asking again would change nothing.
    AlreadyCancelled,
}

/// The selected jobs split into those the action applies to and those it skips.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BulkPlan {
    /// Jobs the action will be sent for.
    pub affected: Vec<JobRow>,
    /// Jobs left out, with the reason.
    pub skipped: Vec<(JobRow, Skip)>,
}

/// Splits `rows` for `action` under `policy`.
pub fn plan(
    policy: &Policy,
    action: BulkAction,
    rows: impl IntoIterator<Item = JobRow>,
) -> BulkPlan {
    let mut result = BulkPlan::default();
    for row in rows {
        let verdict = match action {
            BulkAction::Cancel => {
                match row.snapshot.clone().and_then(|job| may_cancel(policy, &job)) {
                    Ok(CancelEffect::Request) => Ok(()),
                    Ok(CancelEffect::AlreadyRequested) => Err(Skip::AlreadyCancelled),
                    Err(reason) => Err(Skip::Rule(reason)),
                }
            }
            BulkAction::Delete => {
                row.snapshot.clone().and_then(|job| may_delete(policy, &job)).map_err(Skip::Rule)
            }
        };
        match verdict {
            Ok(()) => result.affected.push(row),
            Err(skip) => result.skipped.push((row, skip)),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::list::tests::row;
    use waybill_rules::JobState;

    #[test]
    fn bulk_cancel_skips_jobs_past_transferring_with_the_rule_reason() {
        let rows = vec![
            row("job-a", JobState::Creating, "Import", "2024-01-01T00:00:00Z", 1),
            row("job-b", JobState::Transferring, "Import", "2024-01-01T00:00:00Z", 1),
            row("job-c", JobState::Packaging, "Import", "2024-01-01T00:00:00Z", 1),
        ];
        let split = plan(&Policy::default(), BulkAction::Cancel, rows);
        let affected: Vec<&str> = split.affected.iter().map(|r| r.key.name.as_str()).collect();
        assert_eq!(affected, ["job-a", "job-b"]);
        assert_eq!(split.skipped.len(), 1);
        assert!(matches!(
            &split.skipped[0].1,
            Skip::Rule(Reason::CancelNotAllowedInState { state: JobState::Packaging, .. })
        ));
    }

    #[test]
    fn bulk_delete_and_already_cancelled_jobs() {
        let mut cancelled = row("job-x", JobState::Received, "Import", "2024-01-01T00:00:00Z", 1);
        if let Ok(snapshot) = cancelled.snapshot.as_mut() {
            snapshot.cancel_requested = true;
        }
        let done = row("job-y", JobState::Completed, "Export", "2024-01-01T00:00:00Z", 0);
        let split =
            plan(&Policy::default(), BulkAction::Cancel, vec![cancelled.clone(), done.clone()]);
        assert_eq!(split.skipped[0].1, Skip::AlreadyCancelled);
        let split = plan(&Policy::default(), BulkAction::Delete, vec![cancelled, done]);
        assert_eq!(split.affected.len(), 1);
        assert!(matches!(split.skipped[0].1, Skip::Rule(Reason::DeleteNotAllowedInState { .. })));
    }

    #[test]
    fn a_job_in_a_state_the_rules_do_not_know_is_skipped_with_the_reason() {
        let mut odd = row("job-q", JobState::Creating, "Import", "2024-01-01T00:00:00Z", 1);
        odd.snapshot = Err(Reason::UnknownState { value: "Quarantined".into() });
        for action in [BulkAction::Cancel, BulkAction::Delete] {
            let split = plan(&Policy::default(), action, vec![odd.clone()]);
            assert!(split.affected.is_empty());
            assert_eq!(
                split.skipped[0].1,
                Skip::Rule(Reason::UnknownState { value: "Quarantined".into() })
            );
        }
    }
}
