//! The data center's side of the lifecycle: where it moves a job next.

use crate::policy::Policy;
use crate::reason::Reason;
use crate::snapshot::JobSnapshot;
use crate::state::{DriveState, JobState};

/// How many percentage points one transfer step copies.
pub const TRANSFER_STEP_PERCENT: i64 = 50;

/// One move of the data center, to apply to the job as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The job's new state.
    pub state: JobState,
    /// The job's (and every drive's) new `percentComplete`.
    pub percent_complete: i64,
    /// Every drive's new state, or `None` to leave drives as they are.
    pub drive_state: Option<DriveState>,
    /// The drives are shipped back: set `returnPackage`.
    pub ships_back: bool,
    /// This step ends the job because its cancellation was requested.
    pub ends_cancelled: bool,
}

/// How a packaged job ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ending {
    /// `Completed` (or `Closed` when a drive is in an error state).
    #[default]
    AsItGoes,
    /// `Closed`, with errors.
    WithErrors,
}

/// The data center's next move for the job. A job whose cancellation was requested before
/// `Packaging` goes straight to `Completed` (drives that arrived are shipped back). A packaged
/// job ends `Completed`, or `Closed` when a drive is in an error state or `ending` is
/// [`Ending::WithErrors`].
pub fn next_step(policy: &Policy, job: &JobSnapshot, ending: Ending) -> Result<Step, Reason> {
    let close_with_errors = ending == Ending::WithErrors;
    use JobState::*;
    let percent = job.percent_complete.clamp(0, 100);
    if job.cancel_requested && policy.cancellable_states.contains(job.state) {
        let drives_arrived = job.state >= Received;
        return Ok(Step {
            state: Completed,
            percent_complete: percent,
            drive_state: drives_arrived.then_some(DriveState::ShippedBack),
            ships_back: drives_arrived,
            ends_cancelled: true,
        });
    }
    let step = |state, percent_complete, drive_state: DriveState, ships_back| Step {
        state,
        percent_complete,
        drive_state: Some(drive_state),
        ships_back,
        ends_cancelled: false,
    };
    match job.state {
        Creating => Err(Reason::AwaitingShipment),
        Shipping => Ok(step(Received, 0, DriveState::Received, false)),
        Received => Ok(step(Transferring, 0, DriveState::Transferring, false)),
        Transferring if percent + TRANSFER_STEP_PERCENT < 100 => {
            Ok(step(Transferring, percent + TRANSFER_STEP_PERCENT, DriveState::Transferring, false))
        }
        Transferring if close_with_errors => {
            Ok(step(Packaging, 100, DriveState::CompletedMoreInfo, false))
        }
        Transferring => Ok(step(Packaging, 100, DriveState::Completed, false)),
        Packaging if close_with_errors || job.has_drive_errors => {
            Ok(Step { drive_state: None, ..step(Closed, percent, DriveState::ShippedBack, true) })
        }
        Packaging => Ok(step(Completed, percent, DriveState::ShippedBack, true)),
        Completed | Closed => Err(Reason::JobIsFinal { state: job.state }),
    }
}

/// Every step that brings the job to `target` (one step when `target` is `None`). Nothing is
/// returned unless the whole way is possible, so the caller applies all steps or none.
/// Asking for the state the job is in already returns no step.
pub fn steps_to(
    policy: &Policy,
    job: &JobSnapshot,
    target: Option<JobState>,
) -> Result<Vec<Step>, Reason> {
    let Some(target) = target else {
        return next_step(policy, job, Ending::AsItGoes).map(|step| vec![step]);
    };
    let ending = if target == JobState::Closed { Ending::WithErrors } else { Ending::AsItGoes };
    let mut current = *job;
    let mut steps = Vec::new();
    // Each state is passed at most once and a transfer takes at most 100 / step moves.
    for _ in 0..16 {
        if current.state == target {
            return Ok(steps);
        }
        if current.state > target || current.state.is_final() && current.state != target {
            break;
        }
        let step = next_step(policy, &current, ending)?;
        current.state = step.state;
        current.percent_complete = step.percent_complete;
        if step.drive_state.is_some_and(|s| s.is_error()) {
            current.has_drive_errors = true;
        }
        steps.push(step);
    }
    Err(Reason::TargetUnreachable { state: job.state, target })
}
