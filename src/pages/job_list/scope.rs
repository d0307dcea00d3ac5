//! The scope picker: subscription and resource group, offered from the scope endpoints.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{Subscription, use_client};
use crate::i18n::td_string;
use crate::i18n::use_i18n;
use crate::session::Session;
use crate::text::tr;

/// Subscription and resource group selects.
#[component]
pub fn ScopeBar() -> impl IntoView {
    let _i18n = use_i18n();
    let session = Session::expect();
    let client = use_client();
    let subscriptions = RwSignal::new(Vec::<Subscription>::new());
    let groups = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        // Asked again whenever the service, token or scope changes.
        let (Some(_), scope) = (session.credentials(), session.scope()) else { return };
        let Some(api) = client.authorized() else { return };
        spawn_local(async move {
            if let Ok(subs) = api.subscriptions().await {
                subscriptions.set(subs);
            }
            if !scope.subscription.is_empty()
                && let Ok(rgs) = api.resource_groups(&scope.subscription).await
            {
                groups.set(rgs);
            }
        });
    });
    view! {
        <div class="scope">
            <label>
                {tr(|l| td_string!(l, scope_subscription))}
                <select on:change=move |ev| {
                    session.choose_subscription(event_target_value(&ev))
                }>
                    {move || {
                        let current = session.scope().subscription;
                        let mut subs = subscriptions.get();
                        if !current.is_empty() && !subs.iter().any(|s| s.id == current) {
                            subs.insert(
                                0,
                                Subscription {
                                    id: current.clone(),
                                    name: current.clone(),
                                },
                            );
                        }
                        subs.into_iter()
                            .map(|s| {
                                let selected = s.id == current;
                                // Each by its display name; the id stays readable in the option's title.
                                view! {
                                    <option value=s.id.clone() title=s.id selected=selected>
                                        {s.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                {tr(|l| td_string!(l, scope_resource_group))}
                <select on:change=move |ev| session.choose_resource_group(event_target_value(&ev))>
                    <option value="">{tr(|l| td_string!(l, all_resource_groups))}</option>
                    {move || {
                        let current = session.scope().resource_group;
                        groups
                            .get()
                            .into_iter()
                            .map(|g| {
                                let selected = g == current;
                                let label = g.clone();
                                view! {
                                    <option value=g selected=selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </div>
    }
}
