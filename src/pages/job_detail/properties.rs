//! Every property of a job that the 2021-01-01 schema defines, grouped: overview, export,
//! shipping to the data center, return. A property the job does not carry is shown as "—".
//! All text; nothing is ever read as HTML.

use leptos::prelude::*;
use waybill_rules::Timestamp;
use waybill_rules::wire::{JobResponse, ReturnAddress, ShippingInformation};

use crate::i18n::{Locale, td_string, use_i18n};
use crate::text::tr;
use crate::{format, text};

fn opt(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn join(parts: &[Option<&String>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn shipping_address(s: &ShippingInformation) -> String {
    join(&[
        s.recipient_name.as_ref(),
        s.street_address1.as_ref(),
        s.street_address2.as_ref(),
        s.city.as_ref(),
        s.state_or_province.as_ref(),
        s.postal_code.as_ref(),
        s.country_or_region.as_ref(),
    ])
}

fn return_address(a: &ReturnAddress) -> String {
    join(&[
        a.recipient_name.as_ref(),
        a.street_address1.as_ref(),
        a.street_address2.as_ref(),
        a.city.as_ref(),
        a.state_or_province.as_ref(),
        a.postal_code.as_ref(),
        a.country_or_region.as_ref(),
    ])
}

/// One property: a label (in the current language) and a value worked out for that language.
fn row(
    label: fn(Locale) -> &'static str,
    value: impl Fn(Locale) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dt>{move || label(i18n.get_locale())}</dt>
        <dd>
            {move || {
                let v = value(i18n.get_locale());
                if v.is_empty() { "—".to_owned() } else { v }
            }}
        </dd>
    }
}

fn package(
    locale: Locale,
    carrier: Option<&String>,
    tracking: Option<&String>,
    drives: Option<i64>,
    date: Option<&String>,
) -> String {
    let date = date.map(|d| format::date_text(text::tag(locale), d)).unwrap_or_default();
    td_string!(
        locale,
        package_summary,
        carrier = opt(carrier),
        tracking = opt(tracking),
        count = drives.unwrap_or(0),
        date = date
    )
    .to_string()
}

/// The property groups of `job`.
#[component]
pub fn JobProperties(job: JobResponse) -> impl IntoView {
    let _i18n = use_i18n();
    let p = job.properties.clone().unwrap_or_default();
    let system = job.system_data.clone().unwrap_or_default();
    let time = |text: Option<String>| {
        move |l: Locale| {
            text.as_deref()
                .and_then(|t| Timestamp::parse_rfc3339(t).ok())
                .map(|ts| format::date_time(text::tag(l), ts))
                .unwrap_or_default()
        }
    };
    let fixed = |value: String| move |_: Locale| value.clone();
    let job_type = p.job_type.clone();
    let percent = p.percent_complete;
    let backup = p.backup_drive_manifest;
    let key = p.encryption_key.clone().unwrap_or_default();
    let tags = job
        .tags
        .as_ref()
        .map(|tags| tags.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let identity = job.identity.as_ref().and_then(|i| i.identity_type.clone());
    let export = p.export.clone();
    let ship = p.shipping_information.clone();
    let delivery = p.delivery_package.clone();
    let ret = p.return_address.clone();
    let carrier = p.return_shipping.clone();
    let back = p.return_package.clone();
    let export_view = export.map(|e| {
        let list = e.blob_list.clone().unwrap_or_default();
        let paths = list.blob_path.unwrap_or_default().join(", ");
        let prefixes = list.blob_path_prefix.unwrap_or_default().join(", ");
        view! {
            <section aria-labelledby="export-title">
                <h2 id="export-title">{tr(|l| td_string!(l, export_title))}</h2>
                <dl class="properties">
                    {row(|l| td_string!(l, prop_blob_paths), fixed(paths))}
                    {row(|l| td_string!(l, prop_blob_prefixes), fixed(prefixes))}
                    {row(
                        |l| td_string!(l, prop_blob_list_blob),
                        fixed(opt(e.blob_list_blob_path.as_ref())),
                    )}
                    {row(
                        |l| td_string!(l, prop_incomplete_blob_list),
                        fixed(opt(p.incomplete_blob_list_uri.as_ref())),
                    )}
                </dl>
            </section>
        }
    });
    let contact = ret
        .as_ref()
        .map(|a| join(&[a.email.as_ref(), a.phone.as_ref()]).replace(", ", " · "))
        .unwrap_or_default();
    view! {
        <section aria-labelledby="overview-title">
            <h2 id="overview-title">{tr(|l| td_string!(l, overview))}</h2>
            <dl class="properties">
                {row(
                    |l| td_string!(l, prop_type),
                    move |l| job_type.as_ref().map(|t| text::any_job_type(l, t)).unwrap_or_default(),
                )}
                {row(
                    |l| td_string!(l, prop_storage_account),
                    fixed(opt(p.storage_account_id.as_ref())),
                )} {row(|l| td_string!(l, prop_location), fixed(opt(job.location.as_ref())))}
                {row(|l| td_string!(l, prop_created), time(system.created_at.clone()))}
                {row(|l| td_string!(l, prop_modified), time(system.last_modified_at.clone()))}
                {row(
                    |l| td_string!(l, prop_progress),
                    move |l| percent.map(|v| format::percent(text::tag(l), v)).unwrap_or_default(),
                )}
                {row(
                    |l| td_string!(l, prop_provisioning_state),
                    fixed(opt(p.provisioning_state.as_ref())),
                )} {row(|l| td_string!(l, prop_log_level), fixed(opt(p.log_level.as_ref())))}
                {row(
                    |l| td_string!(l, prop_diagnostics_path),
                    fixed(opt(p.diagnostics_path.as_ref())),
                )}
                {row(
                    |l| td_string!(l, prop_backup),
                    move |l| {
                        backup
                            .map(|b| {
                                if b { td_string!(l, yes) } else { td_string!(l, no) }.to_owned()
                            })
                            .unwrap_or_default()
                    },
                )} {row(|l| td_string!(l, prop_encryption), fixed(opt(key.kek_type.as_ref())))}
                {row(|l| td_string!(l, prop_kek_url), fixed(opt(key.kek_url.as_ref())))}
                {row(
                    |l| td_string!(l, prop_kek_vault),
                    fixed(opt(key.kek_vault_resource_id.as_ref())),
                )} {row(|l| td_string!(l, prop_identity), fixed(identity.unwrap_or_default()))}
                {row(|l| td_string!(l, prop_tags), fixed(tags))}
                {row(|l| td_string!(l, prop_resource_id), fixed(opt(job.id.as_ref())))}
            </dl>
        </section>
        {export_view}
        <section aria-labelledby="shipping-title">
            <h2 id="shipping-title">{tr(|l| td_string!(l, shipping_title))}</h2>
            <dl class="properties">
                {row(
                    |l| td_string!(l, ship_to),
                    fixed(ship.as_ref().map(shipping_address).unwrap_or_default()),
                )}
                {row(
                    |l| td_string!(l, dc_phone),
                    fixed(ship.as_ref().and_then(|s| s.phone.clone()).unwrap_or_default()),
                )}
                {row(
                    |l| td_string!(l, prop_additional_info),
                    fixed(
                        ship
                            .as_ref()
                            .and_then(|s| s.additional_information.clone())
                            .unwrap_or_default(),
                    ),
                )}
                {row(
                    |l| td_string!(l, delivery_package),
                    move |l| {
                        delivery
                            .as_ref()
                            .map(|d| package(
                                l,
                                d.carrier_name.as_ref(),
                                d.tracking_number.as_ref(),
                                d.drive_count,
                                d.ship_date.as_ref(),
                            ))
                            .unwrap_or_default()
                    },
                )}
            </dl>
        </section>
        <section aria-labelledby="return-title">
            <h2 id="return-title">{tr(|l| td_string!(l, return_title))}</h2>
            <dl class="properties">
                {row(
                    |l| td_string!(l, return_address),
                    fixed(ret.as_ref().map(return_address).unwrap_or_default()),
                )} {row(|l| td_string!(l, contact), fixed(contact))}
                {row(
                    |l| td_string!(l, return_carrier),
                    move |l| {
                        carrier
                            .as_ref()
                            .map(|r| {
                                td_string!(
                                    l, carrier_account, carrier = opt(r.carrier_name.as_ref()), account = opt(r.carrier_account_number.as_ref())
                                )
                                    .to_string()
                            })
                            .unwrap_or_default()
                    },
                )}
                {row(
                    |l| td_string!(l, return_package),
                    move |l| {
                        back.as_ref()
                            .map(|b| package(
                                l,
                                b.carrier_name.as_ref(),
                                b.tracking_number.as_ref(),
                                b.drive_count,
                                b.ship_date.as_ref(),
                            ))
                            .unwrap_or_default()
                    },
                )}
            </dl>
        </section>
    }
}
