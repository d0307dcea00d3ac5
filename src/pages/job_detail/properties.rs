//! Every property of a job, grouped: overview, shipping to the data center, return.

use leptos::prelude::*;
use waybill_rules::Timestamp;
use waybill_rules::wire::{JobResponse, PackageInformation, ReturnAddress, ShippingInformation};

use crate::format;

fn time(text: Option<&String>) -> String {
    text.and_then(|t| Timestamp::parse_rfc3339(t).ok())
        .map(format::date_time)
        .unwrap_or_else(|| "—".into())
}

fn row(label: &'static str, value: String) -> impl IntoView {
    view! { <dt>{label}</dt><dd>{if value.is_empty() { "—".to_owned() } else { value }}</dd> }
}

fn opt(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn address_lines(parts: [Option<&String>; 6]) -> String {
    parts
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

fn shipping_address(s: &ShippingInformation) -> String {
    address_lines([
        s.recipient_name.as_ref(),
        s.street_address1.as_ref(),
        s.street_address2.as_ref(),
        s.city.as_ref(),
        s.postal_code.as_ref(),
        s.country_or_region.as_ref(),
    ])
}

fn return_address(a: &ReturnAddress) -> String {
    address_lines([
        a.recipient_name.as_ref(),
        a.street_address1.as_ref(),
        a.street_address2.as_ref(),
        a.city.as_ref(),
        a.postal_code.as_ref(),
        a.country_or_region.as_ref(),
    ])
}

fn package(p: Option<&PackageInformation>) -> String {
    p.map(|p| {
        format!(
            "{} {} ({} drives, shipped {})",
            opt(p.carrier_name.as_ref()),
            opt(p.tracking_number.as_ref()),
            p.drive_count.unwrap_or(0),
            opt(p.ship_date.as_ref())
        )
    })
    .unwrap_or_default()
}

/// The property groups of `job` (all text; nothing is ever read as HTML).
#[component]
pub fn JobProperties(job: JobResponse) -> impl IntoView {
    let p = job.properties.clone().unwrap_or_default();
    let system = job.system_data.clone().unwrap_or_default();
    let delivery = p.delivery_package.as_ref().map(|d| PackageInformation {
        carrier_name: d.carrier_name.clone(),
        tracking_number: d.tracking_number.clone(),
        drive_count: d.drive_count,
        ship_date: d.ship_date.clone(),
    });
    view! {
        <section aria-labelledby="overview-title">
            <h2 id="overview-title">"Overview"</h2>
            <dl class="properties">
                {row("Type", p.job_type.map(|t| t.as_str().to_owned()).unwrap_or_default())}
                {row("Storage account", opt(p.storage_account_id.as_ref()))}
                {row("Location", opt(job.location.as_ref()))}
                {row("Created", time(system.created_at.as_ref()))}
                {row("Last modified", time(system.last_modified_at.as_ref()))}
                {row("Progress", p.percent_complete.map(|v| format!("{v} %")).unwrap_or_default())}
                {row("Log level", opt(p.log_level.as_ref()))}
                {row("Diagnostics path", opt(p.diagnostics_path.as_ref()))}
                {row("Back up drive manifests", p.backup_drive_manifest.map(|b| if b { "Yes" } else { "No" }.to_owned()).unwrap_or_default())}
                {row("Encryption key", p.encryption_key.as_ref().and_then(|k| k.kek_type.clone()).unwrap_or_default())}
                {row("Resource id", opt(job.id.as_ref()))}
            </dl>
        </section>
        <section aria-labelledby="shipping-title">
            <h2 id="shipping-title">"Shipping"</h2>
            <dl class="properties">
                {row("Ship drives to", p.shipping_information.as_ref().map(shipping_address).unwrap_or_default())}
                {row("Data center phone", p.shipping_information.as_ref().and_then(|s| s.phone.clone()).unwrap_or_default())}
                {row("Delivery package", package(delivery.as_ref()))}
            </dl>
        </section>
        <section aria-labelledby="return-title">
            <h2 id="return-title">"Return"</h2>
            <dl class="properties">
                {row("Return address", p.return_address.as_ref().map(return_address).unwrap_or_default())}
                {row("Contact", p.return_address.as_ref().map(|a| format!("{} · {}", opt(a.email.as_ref()), opt(a.phone.as_ref()))).unwrap_or_default())}
                {row("Return carrier", p.return_shipping.as_ref().map(|r| format!("{} (account {})", opt(r.carrier_name.as_ref()), opt(r.carrier_account_number.as_ref()))).unwrap_or_default())}
                {row("Return package", package(p.return_package.as_ref()))}
            </dl>
        </section>
    }
}
