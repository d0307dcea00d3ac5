//! [`JobSnapshot`]: the facts about a job that the rules look at, read from the wire shape.

use crate::reason::Reason;
use crate::state::JobState;
use crate::time::Timestamp;
use crate::wire::{Expandable, JobResponse};

/// What the rules need to know about a job. Build it with [`JobSnapshot::of`] from the job as
/// the API returns it, or field by field in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobSnapshot {
    /// The current state (`Creating` when the job does not say, the schema's default).
    pub state: JobState,
    /// True once a cancellation was requested.
    pub cancel_requested: bool,
    /// The return address has been set.
    pub has_return_address: bool,
    /// The delivery package has been set.
    pub has_delivery_package: bool,
    /// Overall percentage completed.
    pub percent_complete: i64,
    /// Some drive ended in an error state (the job will close rather than complete).
    pub has_drive_errors: bool,
    /// When the job entered its current state, if known.
    pub state_entered_at: Option<Timestamp>,
    /// For a job whose cancellation the data center carried out: the state it was in then.
    pub cancelled_in: Option<JobState>,
}

impl JobSnapshot {
    /// A job in `state` with nothing else set.
    pub const fn in_state(state: JobState) -> JobSnapshot {
        JobSnapshot {
            state,
            cancel_requested: false,
            has_return_address: false,
            has_delivery_package: false,
            percent_complete: 0,
            has_drive_errors: false,
            state_entered_at: None,
            cancelled_in: None,
        }
    }

    /// Reads the facts from a job resource. When the job does not carry Waybill's
    /// `stateEnteredAt`, the last modification time stands in for it (Azure's own jobs).
    ///
    /// A job whose state this crate does not know (a value Azure added, say) has no snapshot:
    /// the rules allow nothing on it, and [`Reason::UnknownState`] names the value.
    pub fn of(job: &JobResponse) -> Result<JobSnapshot, Reason> {
        let props = job.properties.as_ref();
        let state = match props.and_then(|p| p.state.as_ref()) {
            None => JobState::Creating,
            Some(Expandable::Known(state)) => *state,
            Some(Expandable::Unknown(value)) => {
                return Err(Reason::UnknownState { value: value.clone() });
            }
        };
        let parse = |text: Option<&String>| text.and_then(|t| Timestamp::parse_rfc3339(t).ok());
        let system = job.system_data.as_ref();
        let state_entered_at = parse(props.and_then(|p| p.state_entered_at.as_ref()))
            .or_else(|| parse(system.and_then(|s| s.last_modified_at.as_ref())))
            .or_else(|| parse(system.and_then(|s| s.created_at.as_ref())));
        Ok(JobSnapshot {
            state,
            cancel_requested: props.and_then(|p| p.cancel_requested).unwrap_or(false),
            has_return_address: props.is_some_and(|p| p.return_address.is_some()),
            has_delivery_package: props.is_some_and(|p| p.delivery_package.is_some()),
            percent_complete: props.and_then(|p| p.percent_complete).unwrap_or(0),
            has_drive_errors: props.and_then(|p| p.drive_list.as_ref()).is_some_and(|drives| {
                drives.iter().any(|d| {
                    d.state.as_ref().and_then(Expandable::known).is_some_and(|s| s.is_error())
                })
            }),
            state_entered_at,
            cancelled_in: props
                .and_then(|p| p.cancelled_in_state.as_ref())
                .and_then(Expandable::known),
        })
    }
}
