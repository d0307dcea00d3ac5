//! Words for values: job and drive states, state lists, the rules' reasons and API errors in
//! the chosen language. Everything takes the [`Locale`] as a value, so it is tested natively
//! for every locale; views pass `i18n.get_locale()` and so re-render when it changes.

use leptos_i18n::Locale as _;
use waybill_rules::wire::Expandable;
use waybill_rules::{
    CancelEffect, DriveState, JobSnapshot, JobState, JobType, Policy, Reason, Removal, StateSet,
    expected_end, may_cancel, removal,
};

use crate::client::Error;
use crate::i18n::{Locale, td_string};
use crate::logic::job_form::Problem;
use waybill_rules::ValueProblem;
use waybill_rules::wire::{AddressPart, ArmCode};

/// A text of the user's language that follows a change of language, for a view or an
/// attribute: `tr(|l| td_string!(l, key))`. The key is a function pointer, not a closure
/// type, so every text shares one view type (Leptos makes code per view type: a `t!` per
/// text cost about 0.6 KB of wasm each).
pub fn tr(
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = crate::i18n::use_i18n();
    move || key(i18n.get_locale())
}

/// The name of a job state.
pub fn state(locale: Locale, state: JobState) -> &'static str {
    match state {
        JobState::Creating => td_string!(locale, state_creating),
        JobState::Shipping => td_string!(locale, state_shipping),
        JobState::Received => td_string!(locale, state_received),
        JobState::Transferring => td_string!(locale, state_transferring),
        JobState::Packaging => td_string!(locale, state_packaging),
        JobState::Completed => td_string!(locale, state_completed),
        JobState::Closed => td_string!(locale, state_closed),
    }
}

/// The name of a drive state.
pub fn drive_state(locale: Locale, state: DriveState) -> &'static str {
    match state {
        DriveState::Specified => td_string!(locale, drive_specified),
        DriveState::Received => td_string!(locale, drive_received),
        DriveState::NeverReceived => td_string!(locale, drive_never_received),
        DriveState::Transferring => td_string!(locale, drive_transferring),
        DriveState::Completed => td_string!(locale, drive_completed),
        DriveState::CompletedMoreInfo => td_string!(locale, drive_completed_more_info),
        DriveState::ShippedBack => td_string!(locale, drive_shipped_back),
    }
}

/// The name of a job type.
pub fn job_type(locale: Locale, job_type: JobType) -> &'static str {
    match job_type {
        JobType::Import => td_string!(locale, type_import),
        JobType::Export => td_string!(locale, type_export),
    }
}

/// The name of a job state as the job carries it: a known state in the locale's words, any
/// other value exactly as it was sent.
pub fn any_state(locale: Locale, value: &Expandable<JobState>) -> String {
    match value {
        Expandable::Known(s) => state(locale, *s).to_owned(),
        Expandable::Unknown(text) => text.clone(),
    }
}

/// The name of a drive state as the drive carries it (any other value as it was sent).
pub fn any_drive_state(locale: Locale, value: &Expandable<DriveState>) -> String {
    match value {
        Expandable::Known(s) => drive_state(locale, *s).to_owned(),
        Expandable::Unknown(text) => text.clone(),
    }
}

/// The name of a job type as the job carries it (any other value as it was sent).
pub fn any_job_type(locale: Locale, value: &Expandable<JobType>) -> String {
    match value {
        Expandable::Known(t) => job_type(locale, *t).to_owned(),
        Expandable::Unknown(text) => text.clone(),
    }
}

/// A drive's copy status in words; a status the console does not know, as it was sent.
pub fn copy_status(locale: Locale, status: &str) -> String {
    match status {
        "InProgress" => td_string!(locale, copy_in_progress).to_owned(),
        "Completed" => td_string!(locale, copy_completed).to_owned(),
        "CompletedWithErrors" => td_string!(locale, copy_completed_with_errors).to_owned(),
        "Cancelled" => td_string!(locale, copy_cancelled).to_owned(),
        "Failed" => td_string!(locale, copy_failed).to_owned(),
        "NotStarted" => td_string!(locale, copy_not_started).to_owned(),
        other => other.to_owned(),
    }
}

/// Why "Cancel job" is off for `job`, in words; `None` when a cancellation can be requested.
/// The lead reason is what the rules say of the job without an earlier request (for a finished
/// job, its state); only when that allows it, that the request was made already.
pub fn cancel_refusal(locale: Locale, policy: &Policy, job: &JobSnapshot) -> Option<String> {
    match may_cancel(policy, job) {
        Ok(CancelEffect::Request) => None,
        Err(refusal) => Some(reason(locale, &refusal)),
        Ok(CancelEffect::AlreadyRequested) => {
            Some(match may_cancel(policy, &JobSnapshot { cancel_requested: false, ..*job }) {
                Err(refusal) => reason(locale, &refusal),
                Ok(_) => td_string!(locale, already_cancelled).to_owned(),
            })
        }
    }
}

/// Where a cancellation takes `job` and how long it is kept there, as the rules in force say
/// (the state from the data center's moves, the days from the retention policy).
pub fn cancel_consequence(locale: Locale, policy: &Policy, job: &JobSnapshot) -> String {
    let cancelled = JobSnapshot { cancel_requested: true, ..*job };
    match removal(policy, &cancelled) {
        Removal::AfterEnd { end, days } => {
            let n = crate::format::number(tag(locale), days as usize);
            td_string!(locale, cancel_kept, count = days, n = n, state = state(locale, end))
                .to_string()
        }
        Removal::At(_) | Removal::NotScheduled => {
            let end = expected_end(policy, &cancelled);
            td_string!(locale, cancel_moves, state = state(locale, end)).to_string()
        }
    }
}

/// When `job` will be removed, in words.
pub fn removal_sentence(locale: Locale, policy: &Policy, job: &JobSnapshot) -> String {
    let tag = tag(locale);
    match removal(policy, job) {
        Removal::At(at) => td_string!(
            locale,
            removal_on,
            date = crate::format::day(tag, at),
            relative = crate::format::relative_time(tag, at)
        )
        .to_string(),
        Removal::AfterEnd { end, days } => {
            let n = crate::format::number(tag, days as usize);
            td_string!(locale, removal_after_end, count = days, n = n, state = state(locale, end))
                .to_string()
        }
        Removal::NotScheduled => td_string!(locale, not_scheduled).to_owned(),
    }
}

/// "Creating, Shipping and Received" in the locale's words.
pub fn state_list(locale: Locale, states: StateSet) -> String {
    let names: Vec<&str> = states.iter().map(|s| state(locale, s)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => {
            format!(
                "{}{}{last}",
                rest.join(td_string!(locale, list_comma)),
                td_string!(locale, list_and)
            )
        }
    }
}

/// The explanation of a rules refusal, with its parameters filled in.
pub fn reason(locale: Locale, reason: &Reason) -> String {
    let s = |st| state(locale, st);
    let list = |set| state_list(locale, set);
    match reason {
        Reason::CancelNotAllowedInState { state, allowed } => match allowed.ends_before() {
            Some(before) => td_string!(
                locale,
                reason_cancel_not_allowed_before,
                state = s(*state),
                allowed = list(*allowed),
                before = s(before)
            )
            .to_string(),
            None => td_string!(
                locale,
                reason_cancel_not_allowed,
                state = s(*state),
                allowed = list(*allowed)
            )
            .to_string(),
        },
        Reason::CancelRequestedMustBeTrue => {
            td_string!(locale, reason_cancel_must_be_true).to_owned()
        }
        Reason::DeleteNotAllowedInState { state, allowed } => td_string!(
            locale,
            reason_delete_not_allowed,
            state = s(*state),
            allowed = list(*allowed)
        )
        .to_string(),
        Reason::ShipNotAllowedInState { state, allowed } => {
            td_string!(locale, reason_ship_not_allowed, state = s(*state), allowed = list(*allowed))
                .to_string()
        }
        Reason::ShipAfterCancel => td_string!(locale, reason_ship_after_cancel).to_owned(),
        Reason::ShipNeedsReturnAddress => {
            td_string!(locale, reason_ship_needs_return_address).to_owned()
        }
        Reason::ShipNeedsDeliveryPackage => {
            td_string!(locale, reason_ship_needs_delivery_package).to_owned()
        }
        Reason::StateNotSettable { requested } => {
            td_string!(locale, reason_state_not_settable, requested = requested.as_str())
                .to_string()
        }
        Reason::NotEditableInState { field, state, allowed } => td_string!(
            locale,
            reason_not_editable,
            field = *field,
            state = s(*state),
            allowed = list(*allowed)
        )
        .to_string(),
        Reason::ReplaceNotAllowedInState { state, allowed } => td_string!(
            locale,
            reason_replace_not_allowed,
            state = s(*state),
            allowed = list(*allowed)
        )
        .to_string(),
        Reason::MissingProperty { target } => {
            td_string!(locale, reason_missing_property, target = target.as_str()).to_string()
        }
        Reason::InvalidValue { target, .. } => {
            td_string!(locale, reason_invalid_value, target = target.as_str()).to_string()
        }
        Reason::AwaitingShipment => td_string!(locale, reason_awaiting_shipment).to_owned(),
        Reason::JobIsFinal { state } => {
            td_string!(locale, reason_job_is_final, state = s(*state)).to_string()
        }
        Reason::UnknownState { value } => {
            td_string!(locale, reason_unknown_state, value = value.as_str()).to_string()
        }
        Reason::ReplaceAfterCancel => td_string!(locale, reason_replace_after_cancel).to_owned(),
        Reason::TargetUnreachable { state, target } => {
            td_string!(locale, reason_target_unreachable, state = s(*state), target = s(*target))
                .to_string()
        }
    }
}

/// What is wrong with one field of a form, in a few words shown next to it.
pub fn field_problem(locale: Locale, problem: &Problem) -> String {
    let n = |value: usize| crate::format::number(tag(locale), value);
    match problem {
        Problem::Name(AddressPart::Job) => td_string!(locale, shape_job_name).to_owned(),
        Problem::Name(AddressPart::ResourceGroup) => {
            td_string!(locale, shape_resource_group).to_owned()
        }
        Problem::Name(AddressPart::Subscription) => {
            td_string!(locale, shape_subscription).to_owned()
        }
        Problem::Rule(Reason::MissingProperty { .. }) => {
            td_string!(locale, problem_required).to_owned()
        }
        Problem::Rule(Reason::InvalidValue { problem, .. }) => match problem {
            ValueProblem::Blank => td_string!(locale, problem_blank).to_owned(),
            ValueProblem::NotOneOf(values) => {
                td_string!(locale, problem_not_one_of, values = values.join(", ")).to_string()
            }
            ValueProblem::Negative => td_string!(locale, problem_negative).to_owned(),
            ValueProblem::TooLong { max } => {
                td_string!(locale, problem_too_long, max = n(*max)).to_string()
            }
            ValueProblem::DuplicateDriveId(id) => {
                td_string!(locale, problem_duplicate_drive, id = id.as_str()).to_string()
            }
            ValueProblem::NotForJobType(t) => {
                td_string!(locale, problem_not_for_type, job_type = job_type(locale, *t))
                    .to_string()
            }
            ValueProblem::NotAStorageAccountId => {
                td_string!(locale, problem_not_storage_account).to_owned()
            }
            ValueProblem::TooMany { max } => {
                td_string!(locale, problem_max_entries, max = n(*max)).to_string()
            }
        },
        Problem::Rule(other) => reason(locale, other),
    }
}

/// The label of the field a property path names, for the list of what still blocks a form
/// (`properties.driveList[1].driveId` → "Drive 2: Drive id"); the path itself for a
/// property the forms do not show.
pub fn field_label(locale: Locale, target: &str) -> String {
    if let Some(rest) = target.strip_prefix("properties.driveList[")
        && let Some((index, field)) = rest.split_once("].")
        && let Ok(index) = index.parse::<usize>()
    {
        let drive = td_string!(locale, drive_n, n = crate::format::number(tag(locale), index + 1))
            .to_string();
        return format!("{drive}: {}", field_label(locale, &format!("drive.{field}")));
    }
    let label = match target {
        "jobName" => td_string!(locale, field_job_name),
        "subscriptionId" => td_string!(locale, scope_subscription),
        "resourceGroupName" => td_string!(locale, scope_resource_group),
        "location" => td_string!(locale, field_location),
        "properties.storageAccountId" => td_string!(locale, field_storage_account),
        "properties.jobType" => td_string!(locale, field_job_type),
        "properties.driveList" => td_string!(locale, section_drives),
        "drive.driveId" => td_string!(locale, field_drive_id),
        "drive.bitLockerKey" => td_string!(locale, field_bitlocker_key),
        "drive.manifestFile" => td_string!(locale, field_manifest_file),
        "drive.manifestHash" => td_string!(locale, field_manifest_hash),
        "drive.driveHeaderHash" => td_string!(locale, field_drive_header_hash),
        "properties.export" | "properties.export.blobList" => td_string!(locale, section_export),
        "properties.returnAddress.recipientName" => td_string!(locale, field_recipient),
        "properties.returnAddress.streetAddress1" => td_string!(locale, field_street1),
        "properties.returnAddress.streetAddress2" => td_string!(locale, field_street2),
        "properties.returnAddress.city" => td_string!(locale, field_city),
        "properties.returnAddress.stateOrProvince" => td_string!(locale, field_state_province),
        "properties.returnAddress.postalCode" => td_string!(locale, field_postal_code),
        "properties.returnAddress.countryOrRegion" => td_string!(locale, field_country),
        "properties.returnAddress.phone" => td_string!(locale, field_phone),
        "properties.returnAddress.email" => td_string!(locale, field_email),
        "properties.returnShipping.carrierName" => td_string!(locale, field_return_carrier),
        "properties.returnShipping.carrierAccountNumber" => {
            td_string!(locale, field_carrier_account)
        }
        "properties.deliveryPackage.carrierName" => td_string!(locale, carrier),
        "properties.deliveryPackage.trackingNumber" => td_string!(locale, tracking_number),
        "properties.deliveryPackage.shipDate" => td_string!(locale, field_ship_date),
        "properties.logLevel" => td_string!(locale, field_log_level),
        "properties.encryptionKey.kekType" => td_string!(locale, field_encryption),
        "tags" => td_string!(locale, section_tags),
        other => return other.strip_prefix("tags.").map_or(other, |t| t).to_owned(),
    };
    label.to_owned()
}

/// A failed request in words: the console's own sentence for failures it detects itself; the
/// service's message, as the service sent it, for refusals.
pub fn error(locale: Locale, error: &Error) -> String {
    match error {
        Error::Network(detail) => {
            td_string!(locale, err_network, detail = detail.as_str()).to_string()
        }
        Error::Decode(detail) => {
            td_string!(locale, err_decode, detail = detail.as_str()).to_string()
        }
        Error::Aborted => td_string!(locale, err_aborted).to_owned(),
        Error::Unauthorized(m) | Error::Forbidden(m) | Error::NotFound(m) => m.clone(),
        Error::Service { message, status, .. } if message.is_empty() => {
            td_string!(locale, err_status, status = *status).to_string()
        }
        Error::Service { message, .. } => message.clone(),
    }
}

/// A localised explanation of a refusal the service sent, where the console knows its code.
/// What shipping needs is said from the policy in force.
pub fn explanation(locale: Locale, policy: &Policy, error: &Error) -> Option<String> {
    if let Error::Service { code, .. } = error
        && code.known() == Some(ArmCode::MissingShippingInformation)
    {
        let mut needs = Vec::new();
        if policy.shipping_requires_return_address {
            needs.push(reason(locale, &Reason::ShipNeedsReturnAddress));
        }
        if policy.shipping_requires_delivery_package {
            needs.push(reason(locale, &Reason::ShipNeedsDeliveryPackage));
        }
        return (!needs.is_empty()).then(|| needs.join(" "));
    }
    Some(
        match error {
            Error::Unauthorized(_) => td_string!(locale, arm_unauthorized),
            Error::Forbidden(_) => td_string!(locale, arm_forbidden),
            Error::NotFound(_) => td_string!(locale, arm_not_found),
            Error::Service { code, .. } => match code.known() {
                Some(ArmCode::JobCannotBeCanceled) => {
                    td_string!(locale, arm_job_cannot_be_canceled)
                }
                Some(ArmCode::JobCannotBeDeleted) => td_string!(locale, arm_job_cannot_be_deleted),
                Some(ArmCode::JobCannotBeShipped) => td_string!(locale, arm_job_cannot_be_shipped),
                _ => return None,
            },
            _ => return None,
        }
        .to_owned(),
    )
}

/// The BCP 47 tag of a locale, for `Intl` and `<html lang>`.
pub fn tag(locale: Locale) -> &'static str {
    locale.as_str()
}

/// The locale's own name for itself, for the language menu.
pub fn endonym(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::sv_SE => "Svenska",
        Locale::hu_HU => "Magyar",
        Locale::nl_NL => "Nederlands",
        Locale::cs_CZ => "Čeština",
        Locale::zh_TW => "繁體中文",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waybill_rules::{JobSnapshot, Policy};

    #[test]
    fn english_reasons_read_like_the_rules_own_sentences() {
        let refusal = may_cancel(&Policy::default(), &JobSnapshot::in_state(JobState::Packaging))
            .expect_err("refused");
        assert_eq!(reason(Locale::en, &refusal), refusal.to_string());
    }

    #[test]
    fn the_cancel_sentence_follows_the_policy_in_every_locale() {
        // A policy whose cancellable states are not the start of the lifecycle has no "before".
        let odd = Policy {
            cancellable_states: StateSet::of(&[JobState::Creating, JobState::Received]),
            ..Policy::default()
        };
        let refusal =
            may_cancel(&odd, &JobSnapshot::in_state(JobState::Shipping)).expect_err("refused");
        assert_eq!(reason(Locale::en, &refusal), refusal.to_string());
        let default = may_cancel(&Policy::default(), &JobSnapshot::in_state(JobState::Packaging))
            .expect_err("refused");
        for locale in Locale::get_all() {
            assert_ne!(reason(*locale, &refusal), reason(*locale, &default), "{locale:?}");
        }
        let unknown = Reason::UnknownState { value: "Quarantined".into() };
        for locale in Locale::get_all() {
            assert!(reason(*locale, &unknown).contains("Quarantined"), "{locale:?}");
        }
    }

    #[test]
    fn every_locale_explains_a_refusal_with_its_own_state_names() {
        let refusal = may_cancel(&Policy::default(), &JobSnapshot::in_state(JobState::Packaging))
            .expect_err("refused");
        assert_eq!(
            reason(Locale::cs_CZ, &refusal),
            "Úloha je ve stavu Balení a už ji nelze zrušit: úlohu lze zrušit jen ve stavech Vytváření, Odesílání, Přijato a Přenos, než přejde do stavu Balení."
        );
        assert!(reason(Locale::zh_TW, &refusal).contains("建立中、寄送中、已接收及傳輸中"));
        for locale in Locale::get_all() {
            let text = reason(*locale, &refusal);
            assert!(!text.contains("{{"), "{locale:?}: {text}");
            assert!(text.contains(state(*locale, JobState::Packaging)), "{locale:?}: {text}");
        }
    }
}
