//! A failed request: a localised explanation where the console knows the service's code, and
//! the service's own message as it was sent.

use leptos::prelude::*;

use super::{Notice, NoticeKind};
use crate::api::Error;
use crate::i18n::{t, use_i18n};
use crate::text;

/// The error, with optional children (e.g. a "Try again" button).
#[component]
pub fn ErrorNotice(error: Error, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let explanation = text::explanation(locale, &error);
    let message = text::error(locale, &error);
    let from_service = matches!(
        error,
        Error::Service { .. } | Error::Unauthorized(_) | Error::Forbidden(_) | Error::NotFound(_)
    );
    match explanation {
        Some(explained) => view! {
            <Notice kind=NoticeKind::Error message=explained>
                <p class="service-message">
                    {from_service.then(|| view! { <span class="label">{t!(i18n, service_said)}" "</span> })}
                    <q>{message}</q>
                </p>
                {children.map(|c| c())}
            </Notice>
        }
        .into_any(),
        None => view! { <Notice kind=NoticeKind::Error message=message>{children.map(|c| c())}</Notice> }.into_any(),
    }
}
