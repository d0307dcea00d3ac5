//! The lifecycle as a path: which states a job passed, is in, will pass, and which it skipped
//! because its cancellation was carried out. Derived from the data center's moves
//! ([`next_step`]), never restated.

use crate::datacenter::{Ending, next_step};
use crate::policy::Policy;
use crate::snapshot::JobSnapshot;
use crate::state::JobState;

/// How a job stands to one state of its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passage {
    /// The job went through this state.
    Passed,
    /// The job is in this state.
    Current,
    /// The job will reach this state if all goes on as planned.
    Ahead,
    /// The job did not, or will not, pass this state: its cancellation ended it early.
    Skipped,
    /// The job ended early and the document does not say where (a job from before Waybill
    /// recorded it, or from Azure itself): whether it passed this state is not known.
    NotKnown,
}

/// One state of a job's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    /// The state this stage of the path stands for.
    pub state: JobState,
    /// How the job stands to it.
    pub passage: Passage,
    /// This is where the job's cancellation takes (or took) it.
    pub ends_cancelled: bool,
}

/// The final state the job ends in: the one it is in, or the one the data center's moves lead
/// to from where it is (a job still in `Creating` is taken as shipped).
pub fn expected_end(policy: &Policy, job: &JobSnapshot) -> JobState {
    let mut current = *job;
    if current.state == JobState::Creating && !current.cancel_requested {
        current.state = JobState::Shipping;
    }
    // Each state is passed at most once and a transfer takes at most 100 / step moves.
    for _ in 0..16 {
        if current.state.is_final() {
            return current.state;
        }
        let Ok(step) = next_step(policy, &current, Ending::AsItGoes) else { break };
        current.state = step.state;
        current.percent_complete = step.percent_complete;
        current.has_drive_errors |= step.drive_state.is_some_and(|s| s.is_error());
    }
    current.state
}

/// Where a finished job's cancellation took effect, read from its history (the activity log):
/// the state it left for a final state, given each change's state before and after, oldest
/// first (`None` for "no job": before a create, after a delete). When the history holds no
/// such move (it was trimmed, or the job never ended), `None`: not known.
pub fn cancelled_in_from_history(
    moves: impl IntoIterator<Item = (Option<JobState>, Option<JobState>)>,
) -> Option<JobState> {
    moves
        .into_iter()
        .filter_map(|(before, after)| match (before, after) {
            (Some(before), Some(after)) if !before.is_final() && after.is_final() => Some(before),
            _ => None,
        })
        .last()
}

/// The job's path through the lifecycle: every state before the final ones, then the final
/// state it is in or is expected to end in.
pub fn lifecycle(policy: &Policy, job: &JobSnapshot) -> Vec<Stage> {
    let finished = job.state.is_final();
    let end = expected_end(policy, job);
    // Where the cancellation took effect: known for a running job (here), and for a finished
    // one when the document recorded it.
    let cancel_point = match (job.cancel_requested, finished) {
        (false, _) => None,
        (true, false) => Some(Some(job.state)),
        (true, true) => Some(job.cancelled_in),
    };
    let ends_cancelled = job.cancel_requested && (!finished || job.cancelled_in.is_some());
    let mut path: Vec<Stage> = JobState::ALL
        .into_iter()
        .filter(|s| !s.is_final())
        .map(|state| {
            let passage = if state == job.state {
                Passage::Current
            } else if finished || state < job.state {
                match cancel_point {
                    Some(Some(point)) if state > point => Passage::Skipped,
                    Some(None) if state > JobState::Creating => Passage::NotKnown,
                    _ => Passage::Passed,
                }
            } else if job.cancel_requested {
                Passage::Skipped
            } else {
                Passage::Ahead
            };
            Stage { state, passage, ends_cancelled: false }
        })
        .collect();
    path.push(Stage {
        state: end,
        passage: if finished { Passage::Current } else { Passage::Ahead },
        ends_cancelled,
    });
    path
}
