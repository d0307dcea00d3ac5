//! A state shown with a colour, an icon and its name, so colour is never the only signal.

use leptos::prelude::*;
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
pub fn StateBadge(state: JobState) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge state-{}", state.as_str().to_ascii_lowercase());
    view! {
        <span class=class data-state=state.as_str()>
            <span class="icon" aria-hidden="true">{job_icon(state)}</span>
            {move || text::state(i18n.get_locale(), state)}
        </span>
    }
}

/// A drive state badge.
#[component]
pub fn DriveStateBadge(state: DriveState) -> impl IntoView {
    let i18n = use_i18n();
    let (icon, tone) = match state {
        DriveState::Specified => ("○", "neutral"),
        DriveState::Received => ("⤓", "info"),
        DriveState::NeverReceived => ("✕", "danger"),
        DriveState::Transferring => ("⇄", "info"),
        DriveState::Completed => ("✓", "ok"),
        DriveState::CompletedMoreInfo => ("⚠", "warn"),
        DriveState::ShippedBack => ("↩", "ok"),
    };
    view! {
        <span class=format!("badge tone-{tone}")>
            <span class="icon" aria-hidden="true">{icon}</span>
            {move || text::drive_state(i18n.get_locale(), state)}
        </span>
    }
}
