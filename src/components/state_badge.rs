//! A state shown with a colour, an icon and its name, so colour is never the only signal. A
//! state the rules do not know (one Azure added since) is shown as it was sent, neutral.

use leptos::prelude::*;
use waybill_rules::wire::Expandable;
use waybill_rules::{DriveState, JobState};

use crate::i18n::use_i18n;
use crate::text;

fn job_icon(state: JobState) -> &'static str {
    match state {
        JobState::Creating => "✎",
        JobState::Shipping => "➜",
        JobState::Received => "⤓",
        JobState::Transferring => "⇄",
        JobState::Packaging => "▣",
        JobState::Completed => "✓",
        JobState::Closed => "⚠",
    }
}

/// A job state badge.
#[component]
pub fn StateBadge(#[prop(into)] state: Expandable<JobState>) -> impl IntoView {
    let i18n = use_i18n();
    let (class, icon) = match &state {
        Expandable::Known(s) => {
            (format!("badge state-{}", s.as_str().to_ascii_lowercase()), job_icon(*s))
        }
        Expandable::Unknown(_) => ("badge state-unknown".to_owned(), "?"),
    };
    let data_state = state.as_str().to_owned();
    view! {
        <span class=class data-state=data_state>
            <span class="icon" aria-hidden="true">
                {icon}
            </span>
            {move || text::any_state(i18n.get_locale(), &state)}
        </span>
    }
}

/// A drive state badge.
#[component]
pub fn DriveStateBadge(#[prop(into)] state: Expandable<DriveState>) -> impl IntoView {
    let i18n = use_i18n();
    let (icon, tone) = match state.known() {
        Some(DriveState::Specified) | None => ("○", "neutral"),
        Some(DriveState::Received) => ("⤓", "info"),
        Some(DriveState::NeverReceived) => ("✕", "danger"),
        Some(DriveState::Transferring) => ("⇄", "info"),
        Some(DriveState::Completed) => ("✓", "ok"),
        Some(DriveState::CompletedMoreInfo) => ("⚠", "warn"),
        Some(DriveState::ShippedBack) => ("↩", "ok"),
    };
    view! {
        <span class=format!("badge tone-{tone}")>
            <span class="icon" aria-hidden="true">
                {icon}
            </span>
            {move || text::any_drive_state(i18n.get_locale(), &state)}
        </span>
    }
}
