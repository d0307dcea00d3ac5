//! The console's components mounted into a real DOM, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, run by wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use waybill_console::App;
use waybill_console::components::{ConfirmDialog, JobActions};
use waybill_console::i18n::{I18nContextProvider, Locale, use_i18n};
use waybill_console::logic::bulk::BulkAction;
use waybill_console::logic::list::JobRow;
use waybill_console::pages::{BulkDialog, JobListPage};
use waybill_console::pages::{JobDetailView, Outcome};
use waybill_console::session::{Session, SettingsForm};
use waybill_console::state::provide_app_state;
use waybill_console::text;
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, JobState, Policy};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the page, to mount one component into.
fn fresh_host() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let host =
        document.create_element("div").expect("div").unchecked_into::<web_sys::HtmlElement>();
    document.body().expect("body").append_child(&host).expect("attached");
    host
}

/// Renders `children` with the app's i18n context in `locale`.
#[component]
fn InLocale(locale: Locale, children: ChildrenFn) -> impl IntoView {
    view! {
        <I18nContextProvider>
            <SetLocale locale=locale children=children.clone() />
        </I18nContextProvider>
    }
}

#[component]
fn SetLocale(locale: Locale, children: ChildrenFn) -> impl IntoView {
    // After the provider's own effect, which applies the initial (browser or cookie) locale.
    let i18n = use_i18n();
    Effect::new(move |_| i18n.set_locale(locale));
    children()
}

fn buttons(host: &web_sys::HtmlElement) -> Vec<web_sys::HtmlButtonElement> {
    let list = host.query_selector_all("button").expect("query");
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn button(host: &web_sys::HtmlElement, name: &str) -> web_sys::HtmlButtonElement {
    buttons(host)
        .into_iter()
        .find(|b| b.text_content().is_some_and(|t| t.trim() == name))
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

/// The "Cancel job" and "Delete job" buttons.
fn action_buttons(host: &web_sys::HtmlElement) -> Vec<web_sys::HtmlButtonElement> {
    let list = host.query_selector_all(".actions button").expect("query");
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// Mounts the detail view of `job` in `locale` under `policy`.
fn mount_detail(
    host: &web_sys::HtmlElement,
    job: JobResponse,
    locale: Locale,
    policy: Policy,
) -> impl Drop {
    leptos::mount::mount_to(host.clone(), move || {
        provide_app_state();
        waybill_console::state::expect_policy().set(policy.clone());
        let job = job.clone();
        view! {
            <InLocale locale=locale>
                <JobDetailView
                    job=job.clone()
                    busy=Signal::stored(false)
                    outcome=Signal::stored(None::<Outcome>)
                    on_cancel=Callback::new(|()| {})
                    on_delete=Callback::new(|()| {})
                    on_shipped=Callback::new(|_| {})
                />
            </InLocale>
        }
    })
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector).expect("query").and_then(|e| e.text_content()).unwrap_or_default()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("slept");
}

/// Waits up to 5 s for `host`'s text to contain `needle`.
async fn wait_for_text(host: &web_sys::HtmlElement, needle: &str) {
    for _ in 0..100 {
        if host.text_content().is_some_and(|t| t.contains(needle)) {
            return;
        }
        sleep(50).await;
    }
    panic!("never showed {needle:?}; shows {:?}", host.text_content());
}

#[wasm_bindgen_test]
fn the_app_mounts_its_shell_with_the_product_name_and_main_landmark() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(host.clone(), App);
    let brand = host.query_selector("header a.brand").expect("query").expect("brand link");
    assert_eq!(brand.text_content().as_deref(), Some("Waybill"));
    assert!(host.query_selector("main#main").expect("query").is_some(), "main landmark");
}

#[wasm_bindgen_test]
fn the_action_buttons_follow_the_rules_in_every_state() {
    // (state, cancel enabled, delete enabled, words of the reason shown beside each)
    let table = [
        (JobState::Creating, true, true, "", ""),
        (JobState::Shipping, true, false, "", "Shipping state and cannot be deleted"),
        (JobState::Received, true, false, "", "Received state and cannot be deleted"),
        (JobState::Transferring, true, false, "", "Transferring state and cannot be deleted"),
        (
            JobState::Packaging,
            false,
            false,
            "Packaging state and can no longer be canceled",
            "Packaging state and cannot be deleted",
        ),
        (JobState::Completed, false, true, "Completed state and can no longer be canceled", ""),
        (
            JobState::Closed,
            false,
            false,
            "Closed state and can no longer be canceled",
            "Closed state and cannot be deleted",
        ),
    ];
    for (state, cancel_on, delete_on, cancel_reason, delete_reason) in table {
        let host = fresh_host();
        let _mounted = leptos::mount::mount_to(host.clone(), move || {
            view! {
                <InLocale locale=Locale::en>
                    <JobActions
                        job=Signal::stored(Ok(JobSnapshot::in_state(state)))
                        policy=Signal::stored(Policy::default())
                        busy=Signal::stored(false)
                        on_cancel=Callback::new(|()| {})
                        on_delete=Callback::new(|()| {})
                    />
                </InLocale>
            }
        });
        assert_eq!(!button(&host, "Cancel job").disabled(), cancel_on, "{state}: Cancel job");
        assert_eq!(!button(&host, "Delete job").disabled(), delete_on, "{state}: Delete job");
        let shown_cancel = text_of(&host, "#cancel-reason");
        let shown_delete = text_of(&host, "#delete-reason");
        assert!(
            shown_cancel.contains(cancel_reason) && (cancel_on == shown_cancel.is_empty()),
            "{state}: {shown_cancel:?}"
        );
        assert!(
            shown_delete.contains(delete_reason) && (delete_on == shown_delete.is_empty()),
            "{state}: {shown_delete:?}"
        );
        assert_eq!(
            button(&host, "Cancel job").get_attribute("aria-describedby").as_deref(),
            Some("cancel-reason")
        );
        host.remove();
    }
}

#[wasm_bindgen_test]
fn a_finished_cancelled_job_says_cancel_is_off_because_it_finished() {
    let host = fresh_host();
    let finished =
        JobSnapshot { cancel_requested: true, ..JobSnapshot::in_state(JobState::Completed) };
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <InLocale locale=Locale::en>
                <JobActions
                    job=Signal::stored(Ok(finished))
                    policy=Signal::stored(Policy::default())
                    busy=Signal::stored(false)
                    on_cancel=Callback::new(|()| {})
                    on_delete=Callback::new(|()| {})
                />
            </InLocale>
        }
    });
    let reason = text_of(&host, "#cancel-reason");
    assert!(reason.contains("Completed state and can no longer be canceled"), "{reason}");
    assert!(!reason.contains("already requested"), "{reason}");
    host.remove();
}

#[wasm_bindgen_test]
async fn the_confirmation_dialog_states_the_consequences_traps_focus_and_closes_on_escape() {
    let host = fresh_host();
    let closed = RwSignal::new(0);
    let confirmed = RwSignal::new(0);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <InLocale locale=Locale::en>
                <ConfirmDialog
                    title="Cancel job demo?"
                    confirm_label="Cancel job"
                    busy=Signal::stored(false)
                    on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))
                    on_close=Callback::new(move |()| closed.update(|n| *n += 1))
                >
                    <p>"Cancellation is best effort: data may continue to be transferred."</p>
                </ConfirmDialog>
            </InLocale>
        }
    });
    let dialog = host.query_selector("[role=dialog]").expect("query").expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert!(text_of(&host, "#dialog-title").contains("Cancel job demo?"));
    assert!(text_of(&host, "#dialog-body").contains("best effort"));
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let active = || document.active_element().and_then(|e| e.text_content()).unwrap_or_default();
    // Focus moves in once the dialog is on the page (an effect, one tick after mounting).
    sleep(20).await;
    assert_eq!(active().trim(), "Go back", "focus starts on the safe choice");
    // Tab from the last button wraps to the first; Shift+Tab from the first to the last.
    let key = |name: &str, shift: bool| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event")
    };
    button(&host, "Cancel job").focus().expect("focus");
    document
        .active_element()
        .expect("active")
        .dispatch_event(&key("Tab", false))
        .expect("dispatch");
    assert_eq!(active().trim(), "Go back");
    document.active_element().expect("active").dispatch_event(&key("Tab", true)).expect("dispatch");
    assert_eq!(active().trim(), "Cancel job");
    button(&host, "Cancel job").click();
    assert_eq!(confirmed.get_untracked(), 1);
    dialog.dispatch_event(&key("Escape", false)).expect("dispatch");
    assert_eq!(closed.get_untracked(), 1, "Escape closes");
}

fn row(name: &str, state: JobState) -> JobRow {
    let job: JobResponse = serde_json::from_value(serde_json::json!({
        "id": format!("/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/{name}"),
        "name": name, "properties": {"state": state.as_str(), "jobType": "Import"}
    }))
    .expect("job");
    JobRow::of(&job).expect("row")
}

#[wasm_bindgen_test]
fn the_bulk_dialog_lists_affected_and_skipped_jobs_with_the_reason() {
    let host = fresh_host();
    let rows = vec![
        row("job-creating", JobState::Creating),
        row("job-transferring", JobState::Transferring),
        row("job-packaging", JobState::Packaging),
    ];
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_app_state();
        let rows = rows.clone();
        view! {
            <InLocale locale=Locale::en>
                <BulkDialog
                    action=BulkAction::Cancel
                    rows=rows.clone()
                    on_close=Callback::new(|_| {})
                />
            </InLocale>
        }
    });
    let affected = text_of(&host, "ul.affected");
    assert!(
        affected.contains("job-creating") && affected.contains("job-transferring"),
        "{affected}"
    );
    assert!(!affected.contains("job-packaging"));
    let skipped = text_of(&host, "ul.skipped");
    assert!(
        skipped.contains("job-packaging") && skipped.contains("can no longer be canceled"),
        "{skipped}"
    );
    assert!(text_of(&host, ".dialog").contains("Will be skipped (1)"));
    assert!(
        buttons(&host)
            .iter()
            .any(|b| b.text_content().is_some_and(|t| t.contains("Cancel 2 jobs")))
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_service_is_shown_as_a_message_with_a_retry() {
    let host = fresh_host();
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_app_state();
        let session = Session::expect();
        session.save_settings(SettingsForm {
            service: "http://127.0.0.1:9".into(),
            token: "some-token".into(),
            operator: String::new(),
        });
        session.choose_subscription("sub-1".into());
        view! {
            <InLocale locale=Locale::en>
                <leptos_router::components::Router>
                    <JobListPage />
                </leptos_router::components::Router>
            </InLocale>
        }
    });
    wait_for_text(&host, "The service could not be reached").await;
    assert!(host.query_selector("[role=alert]").expect("query").is_some(), "announced as an alert");
    assert!(buttons(&host).iter().any(|b| b.text_content().as_deref() == Some("Try again")));
    // The session was saved to the browser's storage: leave it empty for the other tests.
    let window = web_sys::window().expect("window");
    for storage in [window.local_storage(), window.session_storage()] {
        storage.ok().flatten().expect("storage").clear().expect("clear");
    }
}

/// A packaging job: both actions are refused, so both reasons show.
fn packaging_job() -> JobResponse {
    serde_json::from_value(serde_json::json!({
        "id": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/locale-probe",
        "name": "locale-probe", "location": "West US",
        "systemData": {"createdAt": "2026-10-01T10:00:00Z", "lastModifiedAt": "2026-10-20T10:00:00Z"},
        "properties": {
            "state": "Packaging", "jobType": "Import", "percentComplete": 100, "backupDriveManifest": true,
            "storageAccountId": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
            "returnAddress": {"recipientName": "Ada", "streetAddress1": "1 Harbour St", "city": "Redmond", "postalCode": "98052",
                              "countryOrRegion": "USA", "phone": "4255550100", "email": "ada@contoso.example"},
            "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
            "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123456", "driveCount": 1, "shipDate": "2026-10-02"},
            "driveList": [{"driveId": "DRV01", "state": "Completed", "percentComplete": 100}]
        }
    }))
    .expect("job")
}

/// Every English sentence fragment of at least five characters that `locale` words differently.
fn english_fragments(locale: Locale) -> Vec<String> {
    let en: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../locales/en.json")).expect("en.json");
    let other: serde_json::Map<String, serde_json::Value> = serde_json::from_str(match locale {
        Locale::sv_SE => include_str!("../locales/sv-SE.json"),
        Locale::hu_HU => include_str!("../locales/hu-HU.json"),
        Locale::nl_NL => include_str!("../locales/nl-NL.json"),
        Locale::cs_CZ => include_str!("../locales/cs-CZ.json"),
        Locale::zh_TW => include_str!("../locales/zh-TW.json"),
        Locale::en => include_str!("../locales/en.json"),
    })
    .expect("locale json");
    let all_other: String =
        other.values().filter_map(|v| v.as_str()).collect::<Vec<_>>().join("\n");
    en.values()
        .filter_map(|v| v.as_str())
        .flat_map(|text| {
            text.split("{{")
                .map(|part| part.rsplit("}}").next().unwrap_or(part).trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|fragment| fragment.chars().count() >= 5 && !all_other.contains(fragment.as_str()))
        .collect()
}

#[wasm_bindgen_test]
async fn the_detail_view_speaks_every_locale_and_explains_the_disabled_buttons_in_it() {
    for &locale in Locale::get_all().iter().filter(|l| **l != Locale::en) {
        let host = fresh_host();
        let _mounted = leptos::mount::mount_to(host.clone(), move || {
            provide_app_state();
            view! {
                <InLocale locale=locale>
                    <JobDetailView
                        job=packaging_job()
                        busy=Signal::stored(false)
                        outcome=Signal::stored(None::<Outcome>)
                        on_cancel=Callback::new(|()| {})
                        on_delete=Callback::new(|()| {})
                        on_shipped=Callback::new(|_| {})
                    />
                </InLocale>
            }
        });
        sleep(20).await;
        let shown = host.text_content().unwrap_or_default();
        // Data (names, ids, addresses) is shown as it is; everything else must be translated.
        let data = serde_json::to_string(&packaging_job()).expect("json");
        let leftovers: Vec<String> = english_fragments(locale)
            .into_iter()
            .filter(|f| shown.contains(f.as_str()) && !data.contains(f.as_str()))
            .collect();
        assert!(leftovers.is_empty(), "{locale:?} still shows English: {leftovers:?}");
        let refusal = waybill_rules::may_cancel(
            &Policy::default(),
            &JobSnapshot::in_state(JobState::Packaging),
        )
        .expect_err("refused");
        assert_eq!(text_of(&host, "#cancel-reason"), text::reason(locale, &refusal), "{locale:?}");
        assert!(
            text_of(&host, "#delete-reason").contains(text::state(locale, JobState::Packaging)),
            "{locale:?}"
        );
        assert!(action_buttons(&host).iter().all(|b| b.disabled()), "{locale:?}: both refused");
        // Regression: percentages once showed the raw number ("1") instead of "100 %".
        assert!(
            text_of(&host, ".drives .percent").starts_with("100"),
            "{locale:?}: {}",
            text_of(&host, ".drives .percent")
        );
        assert!(text_of(&host, ".drives .percent").contains('%'), "{locale:?}");
        host.remove();
    }
}

/// A job as Azure might send it tomorrow: a state, a type, a drive state and a copy status
/// these rules do not know.
fn job_from_the_future() -> JobResponse {
    serde_json::from_value(serde_json::json!({
        "id": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/future",
        "name": "future", "location": "West US",
        "properties": {"state": "Quarantined", "jobType": "Migrate", "cancelRequested": false,
            "driveList": [{"driveId": "DRV09", "state": "Lost", "copyStatus": "Teleporting"}]}
    }))
    .expect("a job with values the rules do not know still reads")
}

#[wasm_bindgen_test]
async fn a_job_in_a_state_the_rules_do_not_know_is_shown_as_sent_and_allows_nothing() {
    let host = fresh_host();
    let _mounted = mount_detail(&host, job_from_the_future(), Locale::en, Policy::default());
    sleep(20).await;
    assert_eq!(text_of(&host, ".detail-header .badge").trim(), "?Quarantined");
    let shown = host.text_content().unwrap_or_default();
    for sent in ["Migrate", "Lost", "Teleporting"] {
        assert!(shown.contains(sent), "{sent} is shown as sent");
    }
    assert!(action_buttons(&host).iter().all(|b| b.disabled()), "no action on an unknown state");
    assert!(
        text_of(&host, "#cancel-reason").contains("“Quarantined”"),
        "{}",
        text_of(&host, "#cancel-reason")
    );
    assert!(text_of(&host, "#delete-reason").contains("“Quarantined”"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_timeline_draws_the_states_a_cancelled_job_skipped() {
    let job: JobResponse = serde_json::from_value(serde_json::json!({
        "id": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/stopped",
        "name": "stopped",
        "properties": {"state": "Completed", "cancelRequested": true, "cancelledInState": "Transferring",
            "stateEnteredAt": "2026-11-01T00:00:00Z"}
    }))
    .expect("job");
    let host = fresh_host();
    let _mounted = mount_detail(&host, job, Locale::en, Policy::default());
    sleep(20).await;
    let state_of = |selector: &str| {
        let list = host.query_selector_all(selector).expect("query");
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-state")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(state_of(".timeline .done"), ["Creating", "Shipping", "Received", "Transferring"]);
    assert_eq!(state_of(".timeline .skipped"), ["Packaging"]);
    assert_eq!(state_of(".timeline .current"), ["Completed"]);
    assert!(text_of(&host, ".timeline .skipped").contains("(skipped)"));
    assert!(text_of(&host, ".timeline .current").contains("(canceled)"));
    host.remove();
}

/// Every property the 2021-01-01 schema gives a job, each with a value that appears nowhere
/// else.
fn job_with_every_field() -> JobResponse {
    serde_json::from_value(serde_json::json!({
        "id": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/full",
        "name": "full", "location": "West US", "tags": {"costCenter": "cc-4711"},
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "state": "Transferring", "jobType": "Export", "provisioningState": "Succeeded-probe",
            "incompleteBlobListUri": "https://acct.blob.core.windows.net/logs/incomplete-probe.txt",
            "storageAccountId": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
            "export": {"blobList": {"blobPath": ["/music/probe.mp3"], "blobPathPrefix": ["/photos-probe/"]}},
            "encryptionKey": {"kekType": "CustomerManaged", "kekUrl": "https://vault-probe.vault.azure.net/keys/k",
                              "kekVaultResourceID": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/vault-probe"},
            "returnAddress": {"recipientName": "Ada", "streetAddress1": "1 Harbour St", "streetAddress2": "Suite 200-probe",
                              "city": "Redmond", "stateOrProvince": "WA-probe", "postalCode": "98052-probe",
                              "countryOrRegion": "USA", "phone": "4255550100", "email": "ada@contoso.example"},
            "shippingInformation": {"recipientName": "DC", "streetAddress1": "2045 Lafayette Street", "city": "Santa Clara",
                                    "stateOrProvince": "CA-probe", "postalCode": "95050-probe", "countryOrRegion": "USA",
                                    "phone": "408", "additionalInformation": "Dock 7-probe"},
            "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123456", "driveCount": 1, "shipDate": "2026-10-02"},
            "driveList": [{"driveId": "DRV01", "state": "Transferring", "percentComplete": 50, "copyStatus": "InProgress",
                           "manifestFile": "\\manifest-probe.xml", "manifestHash": "HASH-PROBE", "driveHeaderHash": "HEADER-PROBE",
                           "bytesSucceeded": 123456789,
                           "verboseLogUri": "https://acct.blob.core.windows.net/waies/verbose-probe.xml",
                           "errorLogUri": "https://acct.blob.core.windows.net/waies/error-probe.xml"}]
        }
    }))
    .expect("job")
}

#[wasm_bindgen_test]
async fn the_detail_view_shows_every_field_a_job_carries() {
    let host = fresh_host();
    let _mounted = mount_detail(&host, job_with_every_field(), Locale::en, Policy::default());
    sleep(20).await;
    let shown = host.text_content().unwrap_or_default();
    for value in [
        "cc-4711",
        "SystemAssigned",
        "Succeeded-probe",
        "incomplete-probe.txt",
        "/music/probe.mp3",
        "/photos-probe/",
        "CustomerManaged",
        "vault-probe.vault.azure.net",
        "Suite 200-probe",
        "WA-probe",
        "98052-probe",
        "CA-probe",
        "95050-probe",
        "Dock 7-probe",
        "manifest-probe.xml",
        "HASH-PROBE",
        "HEADER-PROBE",
        "123,456,789",
        "verbose-probe.xml",
        "error-probe.xml",
        "In progress",
        "1 drive,",
    ] {
        assert!(shown.contains(value), "{value} is not shown");
    }
    let link = host.query_selector("a[href$='verbose-probe.xml']").expect("query");
    assert!(link.is_some(), "an https log blob is a link");
    assert!(!shown.contains("1 drives"), "plural follows the count");
    assert!(!shown.contains("2026-10-02"), "dates are shown in the language's words, not as sent");
    host.remove();
}

#[wasm_bindgen_test]
async fn sentences_that_state_a_rule_follow_the_policy_in_force() {
    let policy = Policy {
        retention_days: 30,
        deletable_states: waybill_rules::StateSet::of(&[
            JobState::Creating,
            JobState::Completed,
            JobState::Closed,
        ]),
        ..Policy::default()
    };
    let mut closed = packaging_job();
    if let Some(p) = closed.properties.as_mut() {
        p.state = Some(JobState::Closed.into());
        p.state_entered_at = Some("2026-11-01T00:00:00Z".into());
    }
    let host = fresh_host();
    let _mounted = mount_detail(&host, closed, Locale::en, policy.clone());
    sleep(20).await;
    assert!(!button(&host, "Delete job").disabled(), "Closed is deletable under this policy");
    assert!(
        text_of(&host, ".retention").contains("removed on"),
        "{}",
        text_of(&host, ".retention")
    );
    host.remove();
    let mut transferring = packaging_job();
    if let Some(p) = transferring.properties.as_mut() {
        p.state = Some(JobState::Transferring.into());
    }
    let host = fresh_host();
    let _mounted = mount_detail(&host, transferring, Locale::en, policy);
    sleep(20).await;
    let retention = text_of(&host, ".retention");
    assert!(retention.contains("30 days after it reaches Completed"), "{retention}");
    host.remove();
}

#[wasm_bindgen_test]
fn a_jobs_deep_link_is_matched_by_the_detail_route_and_gives_the_address_back() {
    use leptos_router::PossibleRouteMatch;
    use leptos_router::params::ParamsMap;
    use waybill_console::routes::{SETTINGS, job_address, job_route, settings_route};
    use waybill_rules::wire::JobAddress;

    let address = JobAddress::parse("s-1", "rg.(x)", "myJob").expect("valid names");
    let path = address.console_path();
    let matched = job_route().test(&path).expect("the detail route matches a deep link");
    assert_eq!(matched.remaining(), "");
    let mut params = ParamsMap::new();
    for (name, value) in matched.params() {
        params.insert(name, value);
    }
    assert_eq!(job_address(&params), Some(address));
    assert!(job_route().test("/subscriptions/s/resourceGroups/rg/providers/x").is_none());
    assert!(settings_route().test(SETTINGS).is_some_and(|m| m.remaining().is_empty()));
    let mut bad = ParamsMap::new();
    let matched =
        job_route().test("/subscriptions/s/resourceGroups/rg/jobs/%3Cb%3E").expect("a route");
    for (name, value) in matched.params() {
        bad.insert(name, value);
    }
    assert_eq!(job_address(&bad), None, "a name of the wrong shape is no address");
}
