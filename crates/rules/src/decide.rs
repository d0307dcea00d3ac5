//! The decisions on one job: may it be cancelled, deleted, marked shipped.

use crate::policy::Policy;
use crate::reason::Reason;
use crate::snapshot::JobSnapshot;
use crate::state::JobState;

/// What an accepted cancel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelEffect {
    /// The cancellation is recorded (`cancelRequested` becomes true; the state stays until the
    /// data center acts, as in Azure). Best effort: data may keep transferring.
    Request,
    /// The cancellation was already requested; nothing changes and it is not an error.
    AlreadyRequested,
}

/// May the job be cancelled now? Asking again for an already cancelled job is accepted as a
/// no-op, whatever its state.
pub fn may_cancel(policy: &Policy, job: &JobSnapshot) -> Result<CancelEffect, Reason> {
    if job.cancel_requested {
        Ok(CancelEffect::AlreadyRequested)
    } else if policy.cancellable_states.contains(job.state) {
        Ok(CancelEffect::Request)
    } else {
        Err(Reason::CancelNotAllowedInState {
            state: job.state,
            allowed: policy.cancellable_states,
        })
    }
}

/// May the job be deleted now?
pub fn may_delete(policy: &Policy, job: &JobSnapshot) -> Result<(), Reason> {
    if policy.deletable_states.contains(job.state) {
        Ok(())
    } else {
        Err(Reason::DeleteNotAllowedInState { state: job.state, allowed: policy.deletable_states })
    }
}

/// May a create (PUT) replace the job? Only in the replaceable states, and never once its
/// cancellation was requested: the fresh document would withdraw it.
pub fn may_replace(policy: &Policy, job: &JobSnapshot) -> Result<(), Reason> {
    if !policy.replaceable_states.contains(job.state) {
        Err(Reason::ReplaceNotAllowedInState {
            state: job.state,
            allowed: policy.replaceable_states,
        })
    } else if job.cancel_requested {
        Err(Reason::ReplaceAfterCancel)
    } else {
        Ok(())
    }
}

/// What a "mark as shipped" request brings besides the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShipSupplies {
    /// The request gives a return address.
    pub return_address: bool,
    /// The request gives a delivery package.
    pub delivery_package: bool,
}

impl ShipSupplies {
    /// A request that gives only the state.
    pub const NOTHING: ShipSupplies =
        ShipSupplies { return_address: false, delivery_package: false };
    /// A request that gives the delivery package (the console's ship form).
    pub const DELIVERY_PACKAGE: ShipSupplies =
        ShipSupplies { return_address: false, delivery_package: true };
}

/// What the job would need to be marked as shipped, given what is known about it now and what
/// the request `supplies`. Every missing piece is reported. A job already in `Shipping` accepts
/// it again as a no-op.
pub fn may_ship(
    policy: &Policy,
    job: &JobSnapshot,
    supplies: ShipSupplies,
) -> Result<ShipEffect, Vec<Reason>> {
    if job.state == JobState::Shipping && !job.cancel_requested {
        return Ok(ShipEffect::AlreadyShipped);
    }
    let mut problems = Vec::new();
    if !policy.shippable_states.contains(job.state) {
        problems.push(Reason::ShipNotAllowedInState {
            state: job.state,
            allowed: policy.shippable_states,
        });
    } else if job.cancel_requested {
        problems.push(Reason::ShipAfterCancel);
    }
    if policy.shipping_requires_return_address
        && !(job.has_return_address || supplies.return_address)
    {
        problems.push(Reason::ShipNeedsReturnAddress);
    }
    if policy.shipping_requires_delivery_package
        && !(job.has_delivery_package || supplies.delivery_package)
    {
        problems.push(Reason::ShipNeedsDeliveryPackage);
    }
    if problems.is_empty() { Ok(ShipEffect::Ship) } else { Err(problems) }
}

/// What an accepted "mark as shipped" does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipEffect {
    /// The job moves to `Shipping`.
    Ship,
    /// The job is already in `Shipping`; nothing changes.
    AlreadyShipped,
}
