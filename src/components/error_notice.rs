//! A failed request: a localised explanation where the console knows the service's code, and
//! the service's own message as it was sent.

use leptos::prelude::*;

use super::{Notice, NoticeKind};
use crate::client::Error;
use crate::i18n::td_string;
use crate::i18n::use_i18n;
use crate::text;
use crate::text::tr;

/// The error, with a "Try again" button when `retry` is given.
#[component]
pub fn ErrorNotice(error: Error, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // The policy in force where the app provides it (the rules' default in a bare component).
    let policy = use_context::<crate::state::PolicyContext>()
        .map(|p| p.0.get_untracked())
        .unwrap_or_default();
    let explanation = text::explanation(locale, &policy, &error);
    let message = text::error(locale, &error);
    let from_service = matches!(
        error,
        Error::Service { .. } | Error::Unauthorized(_) | Error::Forbidden(_) | Error::NotFound(_)
    );
    // A connection that failed may be the wrong service or token: say where to change them.
    let settings_link =
        matches!(error, Error::Network(_) | Error::Unauthorized(_) | Error::Forbidden(_)).then(
            || view! { <a href=crate::routes::SETTINGS>{tr(|l| td_string!(l, open_settings))}</a> },
        );
    let retry = move || {
        retry.map(|retry| {
            view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>
                    {tr(|l| td_string!(l, try_again))}
                </button>
            }
        })
    };
    match explanation {
        Some(explained) => view! {
            <Notice kind=NoticeKind::Error message=explained>
                <p class="service-message">
                    {from_service
                        .then(|| {
                            view! {
                                <span class="label">{tr(|l| td_string!(l, service_said))}" "</span>
                            }
                        })} <q>{message}</q>
                </p>
                {settings_link}
                {retry()}
            </Notice>
        }
        .into_any(),
        None => view! {
            <Notice kind=NoticeKind::Error message=message>
                {settings_link}
                {retry()}
            </Notice>
        }
        .into_any(),
    }
}
