//! The scope picker: subscription and resource group, offered from the scope endpoints.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Requests, Subscription};
use crate::i18n::{t, use_i18n};
use crate::state::expect_connection;

/// Subscription and resource group selects.
#[component]
pub fn ScopeBar() -> impl IntoView {
    let i18n = use_i18n();
    let connection = expect_connection();
    let requests = Requests::for_page();
    let subscriptions = RwSignal::new(Vec::<Subscription>::new());
    let groups = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        let conn = connection.get();
        if !conn.has_token() {
            return;
        }
        let api = Api::new(&conn, requests.clone());
        spawn_local(async move {
            if let Ok(subs) = api.subscriptions().await {
                subscriptions.set(subs);
            }
            if !conn.subscription.is_empty()
                && let Ok(rgs) = api.resource_groups(&conn.subscription).await
            {
                groups.set(rgs);
            }
        });
    });
    let set = move |f: &dyn Fn(&mut crate::state::Connection)| {
        connection.update(|c| {
            f(c);
            c.save();
        });
    };
    view! {
        <div class="scope">
            <label>
                {t!(i18n, scope_subscription)}
                <select on:change=move |ev| { let v = event_target_value(&ev); set(&|c| { c.subscription = v.clone(); c.resource_group.clear(); }) }>
                    {move || {
                        let current = connection.with(|c| c.subscription.clone());
                        let mut subs = subscriptions.get();
                        if !current.is_empty() && !subs.iter().any(|s| s.id == current) {
                            subs.insert(0, Subscription { id: current.clone(), name: current.clone() });
                        }
                        // Each by its display name; the id stays readable in the option's title.
                        subs.into_iter()
                            .map(|s| {
                                let selected = s.id == current;
                                view! { <option value=s.id.clone() title=s.id selected=selected>{s.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                {t!(i18n, scope_resource_group)}
                <select on:change=move |ev| { let v = event_target_value(&ev); set(&|c| c.resource_group = v.clone()) }>
                    <option value="">{t!(i18n, all_resource_groups)}</option>
                    {move || {
                        let current = connection.with(|c| c.resource_group.clone());
                        groups.get().into_iter().map(|g| { let selected = g == current; let label = g.clone(); view! { <option value=g selected=selected>{label}</option> } }).collect_view()
                    }}
                </select>
            </label>
        </div>
    }
}
