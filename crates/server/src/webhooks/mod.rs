//! Webhooks: event subscriptions (Waybill's extension, under `/_waybill/`) and deliveries in
//! the Event Grid event schema.
//!
//! One log feeds them: the activity log's accepted changes (`db/events.rs`), written in each
//! change's own transaction. The dispatcher (`dispatch.rs`) reads the log after each event
//! subscription's cursor and queues that subscription's deliveries in the transaction that
//! moves the cursor (an outbox), then sends what is due, retrying with Event Grid's backoff on
//! the service's clock and dead-lettering after the retry budget. An acknowledged change is
//! therefore delivered at least once, across crashes; receivers tell repeats apart by the
//! event's `id`.

pub mod dispatch;
pub mod endpoint;

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;
use waybill_rules::wire::ApiEnum;
use waybill_rules::{JobState, Timestamp};

use crate::db::EventRow;

/// How webhooks are sent (the command line's `--allow-private-webhooks`, `--webhook-timeout`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Send to loopback, private and link-local addresses too (the demo and the tests).
    pub allow_private: bool,
    /// How long a receiver has to answer one request.
    pub timeout: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { allow_private: false, timeout: Duration::from_secs(30) }
    }
}

/// The event types, as `eventType` carries them.
pub const EVENT_TYPES: [&str; 5] =
    [JOB_CREATED, JOB_UPDATED, JOB_STATE_CHANGED, JOB_CANCEL_REQUESTED, JOB_DELETED];
/// A job was created.
pub const JOB_CREATED: &str = "Microsoft.ImportExport.JobCreated";
/// A job's properties changed without a change of state (return address, tags, ...).
pub const JOB_UPDATED: &str = "Microsoft.ImportExport.JobUpdated";
/// A job moved from one state to another (shipped, moved by the data center, cancelled).
pub const JOB_STATE_CHANGED: &str = "Microsoft.ImportExport.JobStateChanged";
/// A cancellation was requested.
pub const JOB_CANCEL_REQUESTED: &str = "Microsoft.ImportExport.JobCancelRequested";
/// A job was deleted, by a request or at the end of its retention.
pub const JOB_DELETED: &str = "Microsoft.ImportExport.JobDeleted";

/// The subscription an event subscription of `--webhook` is in: every one.
pub const ALL_SUBSCRIPTIONS: &str = "*";

/// The topic events of an event subscription in `subscription` carry (the validation event
/// too): the Azure subscription's resource id, or `/` for every subscription.
pub fn topic(subscription: &str) -> String {
    if subscription == ALL_SUBSCRIPTIONS {
        "/".to_owned()
    } else {
        format!("/subscriptions/{subscription}")
    }
}

/// Event Grid's validation event type.
pub const VALIDATION_EVENT: &str = "Microsoft.EventGrid.SubscriptionValidationEvent";

/// What an event subscription asks for beyond its endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this resource group (lowercase).
    pub resource_group: Option<String>,
    /// Only these event types (as in [`EVENT_TYPES`]).
    pub event_types: Option<Vec<String>>,
    /// Only events whose job is (or, deleted, was) in one of these states.
    pub job_states: Option<Vec<String>>,
}

/// One event in the Event Grid schema, ready to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct GridEvent {
    /// `id`: the log event's id and the type, stable across retries and restarts.
    pub id: String,
    /// `eventType`.
    pub event_type: &'static str,
    /// The job's state the filter compares (after the change; before it for a deletion).
    pub state: Option<String>,
    /// The whole event.
    pub body: Value,
}

/// The webhook events one log event makes (none for refusals and reads): a cancellation that
/// also moved the job makes two.
pub fn events_of(row: &EventRow) -> Vec<GridEvent> {
    if row.status != "Succeeded" || row.action == "listBitLockerKeys" {
        return Vec::new();
    }
    let mut types = Vec::new();
    match (&row.state_before, &row.state_after) {
        (None, Some(_)) => types.push(JOB_CREATED),
        (Some(_), None) => types.push(JOB_DELETED),
        (Some(before), Some(after)) => {
            if row.cancel_after == Some(true) && row.cancel_before != Some(true) {
                types.push(JOB_CANCEL_REQUESTED);
            }
            if before != after {
                types.push(JOB_STATE_CHANGED);
            }
            if types.is_empty() {
                types.push(JOB_UPDATED);
            }
        }
        (None, None) => {}
    }
    let subject = row.address().resource_id();
    let state = row.state_after.clone().or_else(|| row.state_before.clone());
    types
        .into_iter()
        .map(|event_type| {
            let short = event_type.rsplit('.').next().unwrap_or(event_type);
            let id = format!("{}-{short}", row.id);
            let operation = if event_type == JOB_DELETED {
                "Microsoft.ImportExport/jobs/delete"
            } else {
                "Microsoft.ImportExport/jobs/write"
            };
            let body = json!({
                "id": id,
                "topic": topic(&row.subscription),
                "subject": subject,
                "eventType": event_type,
                "eventTime": Timestamp(row.at).to_rfc3339(),
                "data": {
                    "resourceId": subject,
                    "subscriptionId": row.subscription,
                    "resourceGroupName": row.resource_group,
                    "jobName": row.job,
                    "action": row.action,
                    "previousState": row.state_before,
                    "state": row.state_after,
                    "cancelRequested": row.cancel_after.or(row.cancel_before),
                    "operationName": operation,
                    "caller": row.caller,
                    "correlationId": row.correlation_id,
                    "activityLogEventId": row.id.to_string(),
                },
                "dataVersion": "1.0",
                "metadataVersion": "1",
            });
            GridEvent { id, event_type, state: state.clone(), body }
        })
        .collect()
}

impl Filter {
    /// Whether `event` of a job in `resource_group` passes.
    pub fn passes(&self, resource_group: &str, event: &GridEvent) -> bool {
        let group =
            self.resource_group.as_deref().is_none_or(|g| g.eq_ignore_ascii_case(resource_group));
        let types = self
            .event_types
            .as_ref()
            .is_none_or(|t| t.iter().any(|t| t.eq_ignore_ascii_case(event.event_type)));
        let states = self.job_states.as_ref().is_none_or(|states| {
            event.state.as_deref().is_some_and(|s| states.iter().any(|w| w.eq_ignore_ascii_case(s)))
        });
        group && types && states
    }
}

/// Event Grid's validation handshake event: the receiver answers `{"validationResponse": code}`.
pub fn validation_event(topic: &str, code: &str, now: Timestamp) -> Value {
    json!([{
        "id": format!("validation-{code}"),
        "topic": topic,
        "subject": "",
        "eventType": VALIDATION_EVENT,
        "eventTime": now.to_rfc3339(),
        "data": { "validationCode": code },
        "dataVersion": "2",
        "metadataVersion": "1",
    }])
}

/// Why an endpoint was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeError {
    /// The URL or its address is refused (see [`endpoint`]).
    Endpoint(endpoint::EndpointError),
    /// The endpoint answered, but not with the validation code.
    NotValidated(String),
}

/// Event Grid's subscription-validation handshake with the endpoint at `url`: a
/// `SubscriptionValidationEvent` is POSTed, and the endpoint must answer 200 with the code.
pub async fn handshake(
    settings: &Settings,
    url: &str,
    topic: &str,
    subscription_name: &str,
    now: Timestamp,
) -> Result<(), HandshakeError> {
    let target = endpoint::Endpoint::parse(url).map_err(HandshakeError::Endpoint)?;
    let addresses =
        target.resolve(settings.allow_private).await.map_err(HandshakeError::Endpoint)?;
    let code = crate::auth::generate_secret()
        .map_err(|e| HandshakeError::NotValidated(format!("no validation code: {e}")))?;
    let body = validation_event(topic, &code, now).to_string();
    let headers: Vec<_> = [
        dispatch::header("aeg-event-type", "SubscriptionValidation"),
        dispatch::header("aeg-subscription-name", &subscription_name.to_ascii_uppercase()),
        dispatch::header("aeg-delivery-count", "0"),
        dispatch::header("aeg-data-version", "2"),
        dispatch::header("aeg-metadata-version", "1"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let answer = endpoint::post(&target, &addresses, &headers, body.into(), settings.timeout)
        .await
        .map_err(HandshakeError::Endpoint)?;
    if answer.status == 200 && validation_answered(&answer.body, &code) {
        Ok(())
    } else if answer.status == 200 {
        Err(HandshakeError::NotValidated(format!(
            "The endpoint {} answered the validation event without echoing its validationCode \
             as {{\"validationResponse\": \"<code>\"}}.",
            target.base_url
        )))
    } else {
        Err(HandshakeError::NotValidated(format!(
            "The endpoint {} answered the validation event with {}; it must answer 200 with \
             {{\"validationResponse\": \"<validationCode>\"}}.",
            target.base_url, answer.status
        )))
    }
}

/// Whether a receiver's answer to the handshake echoes `code`.
pub fn validation_answered(body: &[u8], code: &str) -> bool {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(rename = "validationResponse")]
        validation_response: String,
    }
    serde_json::from_slice::<Answer>(body).is_ok_and(|a| a.validation_response == code)
}

/// The `Waybill-Signature` header's value for `body` sent at `unix_seconds` (the system's
/// time, which the receiver can compare with its own): `t=<seconds>,sha256=<hex>` where the
/// hex is HMAC-SHA256 with the secret over `<seconds>.<body>`.
pub fn signature(secret: &str, unix_seconds: u64, body: &[u8]) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix_seconds},sha256={hex}")
}

/// Event Grid's retry schedule after the `attempts`-th failed attempt (1-based): 10 s, 30 s,
/// 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h.
pub fn backoff_seconds(attempts: u32) -> i64 {
    const SCHEDULE: [i64; 9] = [10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600];
    SCHEDULE.get(attempts.saturating_sub(1) as usize).copied().unwrap_or(43_200)
}

/// Whether a receiver's status means "do not try again" (Event Grid dead-letters these at
/// once): 400, 403 and 413.
pub fn is_final_refusal(status: u16) -> bool {
    matches!(status, 400 | 403 | 413)
}

/// A job state named in a filter, as the API spells it.
pub fn job_state_name(text: &str) -> Option<&'static str> {
    JobState::parse_api(text).map(JobState::as_str)
}

/// An event type named in a filter, as the API spells it.
pub fn event_type_name(text: &str) -> Option<&'static str> {
    EVENT_TYPES.iter().copied().find(|t| t.eq_ignore_ascii_case(text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        action: &str,
        before: Option<&str>,
        after: Option<&str>,
        cancel: (bool, bool),
    ) -> EventRow {
        EventRow {
            id: 42,
            at: 1_700_000_000,
            subscription: "sub".into(),
            resource_group: "Rg".into(),
            job: "Job".into(),
            action: action.into(),
            state_before: before.map(Into::into),
            state_after: after.map(Into::into),
            cancel_before: before.map(|_| cancel.0),
            cancel_after: after.map(|_| cancel.1),
            caller: "user".into(),
            correlation_id: Some("c".into()),
            method: Some("PATCH".into()),
            status: "Succeeded".into(),
            code: None,
            http_status: Some(200),
        }
    }

    fn types(row: &EventRow) -> Vec<&'static str> {
        events_of(row).iter().map(|e| e.event_type).collect()
    }

    #[test]
    fn each_change_makes_the_events_it_is() {
        assert_eq!(types(&row("create", None, Some("Creating"), (false, false))), [JOB_CREATED]);
        assert_eq!(types(&row("delete", Some("Completed"), None, (false, false))), [JOB_DELETED]);
        assert_eq!(
            types(&row("update", Some("Creating"), Some("Creating"), (false, false))),
            [JOB_UPDATED]
        );
        assert_eq!(
            types(&row("advance", Some("Shipping"), Some("Received"), (false, false))),
            [JOB_STATE_CHANGED]
        );
        assert_eq!(
            types(&row("cancel", Some("Creating"), Some("Completed"), (false, true))),
            [JOB_CANCEL_REQUESTED, JOB_STATE_CHANGED]
        );
        let mut refused = row("delete", Some("Shipping"), Some("Shipping"), (false, false));
        refused.status = "Failed".into();
        assert!(events_of(&refused).is_empty());
        let event =
            &events_of(&row("advance", Some("Shipping"), Some("Received"), (false, false)))[0];
        assert_eq!(event.id, "42-JobStateChanged");
        assert_eq!(
            event.body["subject"],
            "/subscriptions/sub/resourceGroups/Rg/providers/Microsoft.ImportExport/jobs/Job"
        );
        assert_eq!(event.body["data"]["previousState"], "Shipping");
        assert_eq!(event.body["eventTime"], "2023-11-14T22:13:20Z");
    }

    #[test]
    fn filters_narrow_by_group_type_and_state() {
        let event = events_of(&row("advance", Some("Shipping"), Some("Received"), (false, false)))
            .remove(0);
        assert!(Filter::default().passes("Rg", &event));
        let group = Filter { resource_group: Some("rg".into()), ..Filter::default() };
        assert!(group.passes("RG", &event));
        assert!(!group.passes("other", &event));
        let states = Filter { job_states: Some(vec!["Completed".into()]), ..Filter::default() };
        assert!(!states.passes("Rg", &event));
        let types = Filter { event_types: Some(vec![JOB_DELETED.into()]), ..Filter::default() };
        assert!(!types.passes("Rg", &event));
    }

    #[test]
    fn the_signature_is_hmac_sha256_over_the_time_and_the_body() {
        // Python's hmac.new(b"Jefe", b"0.what do ya want for nothing?", sha256).hexdigest().
        assert_eq!(
            signature("Jefe", 0, b"what do ya want for nothing?"),
            "t=0,sha256=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc"
        );
    }

    #[test]
    fn retries_follow_event_grids_schedule() {
        assert_eq!(backoff_seconds(1), 10);
        assert_eq!(backoff_seconds(2), 30);
        assert_eq!(backoff_seconds(9), 21_600);
        assert_eq!(backoff_seconds(30), 43_200);
    }

    #[test]
    fn the_handshake_answer_must_echo_the_code() {
        assert!(validation_answered(br#"{"validationResponse":"abc"}"#, "abc"));
        assert!(!validation_answered(br#"{"validationResponse":"abd"}"#, "abc"));
        assert!(!validation_answered(b"ok", "abc"));
    }
}
