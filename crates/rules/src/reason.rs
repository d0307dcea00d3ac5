//! Why the rules refuse something. Each [`Reason`] carries its parameters and knows, in one
//! place, its stable machine-readable code, the ARM error code and HTTP status the service
//! answers with, the request part at fault, and an English sentence. The console words each
//! variant in the user's language (matching on the variant and its parameters); the service
//! sends [`Reason::arm_code`] and the English sentence.

use core::fmt;

use crate::state::{JobState, JobType, StateSet};
use crate::wire::ArmCode;

/// What is wrong with a value (for [`Reason::InvalidValue`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    /// Empty or only white space.
    Blank,
    /// Not one of the listed values.
    NotOneOf(&'static [&'static str]),
    /// A negative number where a count is expected.
    Negative,
    /// Longer than the limit.
    TooLong {
        /// The limit in characters.
        max: usize,
    },
    /// The same drive id twice.
    DuplicateDriveId(String),
    /// Allowed only for jobs of the other type.
    NotForJobType(JobType),
    /// Not an ARM storage account resource id.
    NotAStorageAccountId,
    /// More entries than the limit.
    TooMany {
        /// The limit.
        max: usize,
    },
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::Blank => f.write_str("must not be empty"),
            ValueProblem::NotOneOf(values) => write!(f, "must be one of: {}", values.join(", ")),
            ValueProblem::Negative => f.write_str("must not be negative"),
            ValueProblem::TooLong { max } => write!(f, "must be at most {max} characters long"),
            ValueProblem::DuplicateDriveId(id) => write!(f, "lists drive '{id}' more than once"),
            ValueProblem::NotForJobType(t) => write!(f, "must not be given for an {t} job"),
            ValueProblem::NotAStorageAccountId => f.write_str(
                "must be a storage account resource id \
                 (/subscriptions/…/providers/Microsoft.Storage/storageAccounts/NAME)",
            ),
            ValueProblem::TooMany { max } => write!(f, "must have at most {max} entries"),
        }
    }
}

/// A refusal by the rules, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Cancel asked in a state that does not allow it (at or after `Packaging`).
    CancelNotAllowedInState {
        /// The job's current state.
        state: JobState,
        /// The states that allow it.
        allowed: StateSet,
    },
    /// `cancelRequested: false`: if specified, the value must be true.
    CancelRequestedMustBeTrue,
    /// Delete asked in a state that does not allow it.
    DeleteNotAllowedInState {
        /// The job's current state.
        state: JobState,
        /// The states that allow it.
        allowed: StateSet,
    },
    /// Shipping asked in a state that does not allow it.
    ShipNotAllowedInState {
        /// The job's current state.
        state: JobState,
        /// The states that allow it.
        allowed: StateSet,
    },
    /// Shipping asked for a job whose cancellation was requested.
    ShipAfterCancel,
    /// Shipping asked without a return address, now or earlier.
    ShipNeedsReturnAddress,
    /// Shipping asked without the delivery package, now or earlier.
    ShipNeedsDeliveryPackage,
    /// `properties.state` names something a client may not set (only `Shipping`).
    StateNotSettable {
        /// The value sent.
        requested: String,
    },
    /// A property that may no longer change in the job's state.
    NotEditableInState {
        /// The property's path, e.g. `properties.driveList`.
        field: &'static str,
        /// The job's current state.
        state: JobState,
        /// The states that allow the change.
        allowed: StateSet,
    },
    /// A create (PUT) over an existing job that may no longer be replaced.
    ReplaceNotAllowedInState {
        /// The existing job's state.
        state: JobState,
        /// The states that allow it.
        allowed: StateSet,
    },
    /// A required property is missing.
    MissingProperty {
        /// The property's path.
        target: String,
    },
    /// A property has a value the rules do not accept.
    InvalidValue {
        /// The property's path.
        target: String,
        /// What is wrong.
        problem: ValueProblem,
    },
    /// The data center cannot move a job on that the customer has not shipped.
    AwaitingShipment,
    /// The job already ended; nothing moves it on.
    JobIsFinal {
        /// `Completed` or `Closed`.
        state: JobState,
    },
    /// The job is in a state these rules do not know (a value Azure added since): nothing is
    /// allowed on it until the rules learn it.
    UnknownState {
        /// The state as the job carries it.
        value: String,
    },
    /// A create (PUT) over a job whose cancellation was requested: a replace would withdraw
    /// the cancellation, and a cancellation cannot be withdrawn.
    ReplaceAfterCancel,
    /// The data center cannot bring the job to the asked state from where it is.
    TargetUnreachable {
        /// The job's current state.
        state: JobState,
        /// The state asked for.
        target: JobState,
    },
}

impl Reason {
    /// The stable machine-readable reason code (the variant's name).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::CancelNotAllowedInState { .. } => "CancelNotAllowedInState",
            Reason::CancelRequestedMustBeTrue => "CancelRequestedMustBeTrue",
            Reason::DeleteNotAllowedInState { .. } => "DeleteNotAllowedInState",
            Reason::ShipNotAllowedInState { .. } => "ShipNotAllowedInState",
            Reason::ShipAfterCancel => "ShipAfterCancel",
            Reason::ShipNeedsReturnAddress => "ShipNeedsReturnAddress",
            Reason::ShipNeedsDeliveryPackage => "ShipNeedsDeliveryPackage",
            Reason::StateNotSettable { .. } => "StateNotSettable",
            Reason::NotEditableInState { .. } => "NotEditableInState",
            Reason::ReplaceNotAllowedInState { .. } => "ReplaceNotAllowedInState",
            Reason::MissingProperty { .. } => "MissingProperty",
            Reason::InvalidValue { .. } => "InvalidValue",
            Reason::AwaitingShipment => "AwaitingShipment",
            Reason::JobIsFinal { .. } => "JobIsFinal",
            Reason::TargetUnreachable { .. } => "TargetUnreachable",
            Reason::UnknownState { .. } => "UnknownState",
            Reason::ReplaceAfterCancel => "ReplaceAfterCancel",
        }
    }

    /// The ARM error code the service answers with.
    pub fn arm_code(&self) -> ArmCode {
        match self {
            Reason::CancelNotAllowedInState { .. } => ArmCode::JobCannotBeCanceled,
            Reason::CancelRequestedMustBeTrue => ArmCode::InvalidCancelRequest,
            Reason::DeleteNotAllowedInState { .. } => ArmCode::JobCannotBeDeleted,
            Reason::ShipNotAllowedInState { .. } | Reason::ShipAfterCancel => {
                ArmCode::JobCannotBeShipped
            }
            Reason::ShipNeedsReturnAddress | Reason::ShipNeedsDeliveryPackage => {
                ArmCode::MissingShippingInformation
            }
            Reason::StateNotSettable { .. } => ArmCode::InvalidJobState,
            Reason::NotEditableInState { .. } => ArmCode::JobCannotBeUpdated,
            Reason::ReplaceNotAllowedInState { .. } | Reason::ReplaceAfterCancel => {
                ArmCode::JobCannotBeReplaced
            }
            Reason::UnknownState { .. } => ArmCode::UnknownJobState,
            Reason::MissingProperty { .. } => ArmCode::MissingRequiredProperty,
            Reason::InvalidValue { .. } => ArmCode::InvalidPropertyValue,
            Reason::AwaitingShipment => ArmCode::JobNotShipped,
            Reason::JobIsFinal { .. } => ArmCode::JobAlreadyFinished,
            Reason::TargetUnreachable { .. } => ArmCode::TargetStateUnreachable,
        }
    }

    /// The HTTP status: 409 when the job's state is in the way (the same request may succeed
    /// on another job), 400 when the request itself is wrong.
    pub fn status(&self) -> u16 {
        match self {
            Reason::CancelNotAllowedInState { .. }
            | Reason::DeleteNotAllowedInState { .. }
            | Reason::ShipNotAllowedInState { .. }
            | Reason::ShipAfterCancel
            | Reason::NotEditableInState { .. }
            | Reason::ReplaceNotAllowedInState { .. }
            | Reason::ReplaceAfterCancel
            | Reason::UnknownState { .. }
            | Reason::AwaitingShipment
            | Reason::JobIsFinal { .. }
            | Reason::TargetUnreachable { .. } => 409,
            Reason::CancelRequestedMustBeTrue
            | Reason::ShipNeedsReturnAddress
            | Reason::ShipNeedsDeliveryPackage
            | Reason::StateNotSettable { .. }
            | Reason::MissingProperty { .. }
            | Reason::InvalidValue { .. } => 400,
        }
    }

    /// The part of the request at fault, as ARM's `error.target`.
    pub fn target(&self) -> Option<String> {
        let fixed = match self {
            Reason::CancelNotAllowedInState { .. } | Reason::CancelRequestedMustBeTrue => {
                "properties.cancelRequested"
            }
            Reason::ShipNotAllowedInState { .. }
            | Reason::ShipAfterCancel
            | Reason::StateNotSettable { .. }
            | Reason::UnknownState { .. } => "properties.state",
            Reason::ShipNeedsReturnAddress => "properties.returnAddress",
            Reason::ShipNeedsDeliveryPackage => "properties.deliveryPackage",
            Reason::NotEditableInState { field, .. } => field,
            Reason::MissingProperty { target } | Reason::InvalidValue { target, .. } => {
                return Some(target.clone());
            }
            Reason::DeleteNotAllowedInState { .. }
            | Reason::ReplaceNotAllowedInState { .. }
            | Reason::ReplaceAfterCancel
            | Reason::AwaitingShipment
            | Reason::JobIsFinal { .. }
            | Reason::TargetUnreachable { .. } => return None,
        };
        Some(fixed.to_owned())
    }

    /// The job state the reason names, if any (the console shows it beside the message).
    pub fn state(&self) -> Option<JobState> {
        match self {
            Reason::CancelNotAllowedInState { state, .. }
            | Reason::DeleteNotAllowedInState { state, .. }
            | Reason::ShipNotAllowedInState { state, .. }
            | Reason::NotEditableInState { state, .. }
            | Reason::ReplaceNotAllowedInState { state, .. }
            | Reason::JobIsFinal { state }
            | Reason::TargetUnreachable { state, .. } => Some(*state),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    /// The English explanation; the service sends it as the error message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::CancelNotAllowedInState { state, allowed } => {
                write!(
                    f,
                    "The job is in the {state} state and can no longer be canceled: a job can be \
                     canceled only in the {allowed} states"
                )?;
                match allowed.ends_before() {
                    Some(before) => write!(f, ", before it reaches {before}."),
                    None => f.write_str("."),
                }
            }
            Reason::CancelRequestedMustBeTrue => f.write_str(
                "cancelRequested, if specified, must be true: a cancellation cannot be withdrawn.",
            ),
            Reason::DeleteNotAllowedInState { state, allowed } => write!(
                f,
                "The job is in the {state} state and cannot be deleted: a job can be deleted \
                 only in the {allowed} states."
            ),
            Reason::ShipNotAllowedInState { state, allowed } => write!(
                f,
                "The job is in the {state} state and cannot be marked as shipped: only a job \
                 in the {allowed} states can be."
            ),
            Reason::ShipAfterCancel => f.write_str(
                "The job's cancellation was requested, so it cannot be marked as shipped.",
            ),
            Reason::ShipNeedsReturnAddress => f.write_str(
                "A job can be marked as shipped only when its return address has been set, in \
                 this request or an earlier one.",
            ),
            Reason::ShipNeedsDeliveryPackage => f.write_str(
                "A job can be marked as shipped only when its delivery package (carrier and \
                 tracking number) has been set, in this request or an earlier one.",
            ),
            Reason::StateNotSettable { requested } => write!(
                f,
                "state '{requested}' cannot be set: the only state a client may set is Shipping."
            ),
            Reason::NotEditableInState { field, state, allowed } => write!(
                f,
                "{field} cannot be changed in the {state} state; it can be changed only in the \
                 {allowed} states."
            ),
            Reason::ReplaceNotAllowedInState { state, allowed } => write!(
                f,
                "A job with this name exists in the {state} state and cannot be replaced; a job \
                 can be replaced only in the {allowed} states."
            ),
            Reason::MissingProperty { target } => write!(f, "{target} is required."),
            Reason::InvalidValue { target, problem } => write!(f, "{target} {problem}."),
            Reason::AwaitingShipment => f.write_str(
                "The job has not been shipped yet: the data center can move it on only after \
                 the customer marks it as shipped (or requests its cancellation).",
            ),
            Reason::JobIsFinal { state } => {
                write!(f, "The job is {state}; it has ended and cannot move on.")
            }
            Reason::UnknownState { value } => write!(
                f,
                "The job is in the state '{value}', which these rules do not know, so no action \
                 is allowed on it."
            ),
            Reason::ReplaceAfterCancel => f.write_str(
                "The job's cancellation was requested and cannot be withdrawn, so the job cannot \
                 be replaced.",
            ),
            Reason::TargetUnreachable { state, target } => write!(
                f,
                "The job cannot move from {state} to {target}: the data center only moves jobs \
                 forward along the lifecycle."
            ),
        }
    }
}
