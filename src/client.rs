//! The only code that touches the network: every URL, request and response type of the
//! console, sent through `gloo-net`. A page asks for its [`Client`] ([`use_client`]); the
//! client's requests are aborted when the page goes away. Authorised calls exist only on an
//! [`AuthorizedApi`], which the client gives only while the session has a token, as Leptos'
//! `login_with_token_csr_only` example separates `UnauthorizedApi` and `AuthorizedApi`.

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use serde::de::DeserializeOwned;
use waybill_rules::wire::{
    ArmCode, ErrorResponse, Expandable, GetBitLockerKeysResponse, JobAddress, JobResponse,
    ListJobsResponse, Location, LocationsResponse, PutJobParameters, UpdateJobParameters,
    jobs_collection_path,
};
use waybill_rules::{JobState, Policy};

use crate::session::{Credentials, Scope, Session};

/// The api-version the console speaks for `Microsoft.ImportExport` (Azure's newest).
pub const API_VERSION: &str = "2021-01-01";
const SUBSCRIPTIONS_VERSION: &str = "2020-01-01";
const RESOURCE_GROUPS_VERSION: &str = "2021-04-01";
/// Azure Monitor's activity log.
const ACTIVITY_VERSION: &str = "2015-04-01";
/// How far back a job's activity is read (what Azure's activity log keeps; the Activity
/// section's "nothing in the last 90 days" says this number).
const ACTIVITY_DAYS: i64 = 90;

/// Why a request failed, in words fit for a user.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The service could not be reached.
    Network(String),
    /// 401: no token or a token the service does not accept.
    Unauthorized(String),
    /// 403: the token may not use this subscription.
    Forbidden(String),
    /// 404: the job (or scope) does not exist.
    NotFound(String),
    /// Any other refusal, with the service's ARM code and message.
    Service {
        /// HTTP status.
        status: u16,
        /// ARM error code: one Waybill knows, or the text as sent.
        code: Expandable<ArmCode>,
        /// The service's message, shown as it was sent.
        message: String,
        /// `Retry-After` in seconds, when the answer had one (a 429, a 503).
        retry_after: Option<u32>,
    },
    /// The answer was not what the API promises.
    Decode(String),
    /// The request was aborted because the page went away.
    Aborted,
}

/// What one read of a list page answered.
#[derive(Debug)]
pub enum PageReply {
    /// The page, with its `ETag` when the service sent one.
    Fresh(ListJobsResponse, Option<String>),
    /// 304: the page is as it was when it had the tag sent.
    Unchanged,
    /// 429: the service asks to wait (`Retry-After` seconds, when it said).
    Throttled(Option<u32>),
}

/// A read of a list page: its answer and the reads the service says are left.
#[derive(Debug)]
pub struct PageRead {
    /// The answer.
    pub reply: PageReply,
    /// `x-ms-ratelimit-remaining-subscription-reads`, when sent.
    pub remaining_reads: Option<u64>,
}

/// A subscription the token may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscription id.
    pub id: String,
    /// Its display name.
    pub name: String,
}

/// A page's way to the network: requests made through it are aborted when the page (the
/// reactive owner that asked for it) goes away.
#[derive(Clone)]
pub struct Client {
    session: Session,
    abort: Option<web_sys::AbortController>,
}

/// The client a page provided for the parts it renders anew whenever its data changes (so
/// their requests live as long as the page, not as long as one rendering), else a new one.
pub fn page_client() -> Client {
    leptos::prelude::use_context::<Client>().unwrap_or_else(use_client)
}

/// The client of the current page.
pub fn use_client() -> Client {
    let abort = web_sys::AbortController::new().ok();
    if let Some(c) = abort.clone() {
        on_cleanup(move || c.abort());
    }
    Client { session: Session::expect(), abort }
}

impl Client {
    fn http(&self, base: String) -> Http {
        Http { base, signal: self.abort.as_ref().map(web_sys::AbortController::signal) }
    }

    /// The calls that need a token, while the session has one (untracked).
    pub fn authorized(&self) -> Option<AuthorizedApi> {
        self.session.credentials_untracked().map(|c| self.authorized_with(c))
    }

    /// The calls that need no token.
    pub fn unauthorized(&self) -> UnauthorizedApi {
        UnauthorizedApi { http: self.http(String::new()) }
    }

    fn authorized_with(&self, Credentials { base, token }: Credentials) -> AuthorizedApi {
        AuthorizedApi { http: self.http(base), token }
    }

    /// The simulated data center's calls, while the session holds the service's operator
    /// token (untracked).
    pub fn operator(&self) -> Option<OperatorApi> {
        self.session
            .operator_credentials_untracked()
            .map(|c| OperatorApi { api: self.authorized_with(c) })
    }
}

/// Sends requests to one service on behalf of one page.
#[derive(Clone)]
struct Http {
    base: String,
    signal: Option<web_sys::AbortSignal>,
}

impl Http {
    fn url(&self, path_and_query: &str) -> String {
        if path_and_query.starts_with("http://") || path_and_query.starts_with("https://") {
            path_and_query.to_owned()
        } else {
            format!("{}{path_and_query}", self.base)
        }
    }

    /// Sends the request with `extra` headers; the answer's status, text and headers.
    async fn send_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        extra: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<(u16, String, gloo_net::http::Headers), Error> {
        let mut request = RequestBuilder::new(&self.url(path))
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(self.signal.as_ref());
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        for (name, value) in extra {
            request = request.header(name, value);
        }
        let request = match body {
            Some(body) => request.header("Content-Type", "application/json").body(body),
            None => request.build(),
        }
        .map_err(|e| Error::Network(e.to_string()))?;
        let response = request.send().await.map_err(|e| {
            if self.signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                Error::Aborted
            } else {
                Error::Network(e.to_string())
            }
        })?;
        let text = response.text().await.map_err(|e| Error::Network(e.to_string()))?;
        Ok((response.status(), text, response.headers()))
    }

    /// Sends the request and reads the answer as `T`, or the ARM error it is.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Result<T, Error> {
        let (status, text, headers) = self.send_with(method, path, token, &[], body).await?;
        read_answer(status, &text, retry_after(&headers))
    }
}

/// An answer's `Retry-After`, in seconds.
fn retry_after(headers: &gloo_net::http::Headers) -> Option<u32> {
    crate::logic::pace::retry_after_seconds(headers.get("retry-after").as_deref())
}

/// An answer read as `T`, or the ARM error it is (with the `Retry-After` it came with).
fn read_answer<T: DeserializeOwned>(
    status: u16,
    text: &str,
    retry_after: Option<u32>,
) -> Result<T, Error> {
    if (200..300).contains(&status) {
        let text = if text.trim().is_empty() { "null" } else { text };
        return serde_json::from_str(text).map_err(|e| Error::Decode(e.to_string()));
    }
    let envelope = serde_json::from_str::<ErrorResponse>(text).ok();
    let message = envelope
        .as_ref()
        .map(|e| e.error.message.clone())
        .unwrap_or_else(|| format!("The service answered {status}."));
    Err(match status {
        401 => Error::Unauthorized(message),
        403 => Error::Forbidden(message),
        404 => Error::NotFound(message),
        _ => Error::Service {
            status,
            code: Expandable::parse(&envelope.map(|e| e.error.code).unwrap_or_default()),
            message,
            retry_after,
        },
    })
}

/// The calls that need no token.
#[derive(Clone)]
pub struct UnauthorizedApi {
    http: Http,
}

impl UnauthorizedApi {
    /// The services a page served by this console's own service may call besides that
    /// service (`GET /_waybill/console`); `None` when the page was not served by Waybill.
    pub async fn console_connect_sources(&self) -> Option<Vec<String>> {
        let body: serde_json::Value =
            self.http.call(Method::GET, "/_waybill/console", None, None).await.ok()?;
        Some(
            body["connectSources"]
                .as_array()?
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
        )
    }
}

/// The calls that need a token: made only with one.
#[derive(Clone)]
pub struct AuthorizedApi {
    http: Http,
    token: String,
}

fn job_path(address: &JobAddress) -> String {
    format!("{}?api-version={API_VERSION}", address.resource_id())
}

impl AuthorizedApi {
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, Error> {
        self.http.call(method, path, Some(&self.token), body).await
    }

    /// The first page of the scope's jobs: its path and query.
    pub fn first_jobs_page(scope: &Scope) -> String {
        let rg = Some(scope.resource_group.as_str()).filter(|rg| !rg.is_empty());
        let collection =
            jobs_collection_path(&encode(&scope.subscription), rg.map(encode).as_deref());
        format!("{collection}?api-version={API_VERSION}")
    }

    /// One page of jobs at `page` (a first page's path or a `nextLink`), sent with
    /// `If-None-Match` when `etag` is the tag of the copy held: `Unchanged` when the service
    /// answers 304; `Throttled` on 429, with its `Retry-After`.
    pub async fn read_jobs_page(&self, page: &str, etag: Option<&str>) -> Result<PageRead, Error> {
        let extra: Vec<(&str, &str)> = etag.map(|tag| ("If-None-Match", tag)).into_iter().collect();
        let (status, text, headers) =
            self.http.send_with(Method::GET, page, Some(&self.token), &extra, None).await?;
        let remaining_reads = crate::logic::pace::remaining_reads(
            headers.get("x-ms-ratelimit-remaining-subscription-reads").as_deref(),
        );
        let retry_after = retry_after(&headers);
        let reply = match status {
            304 if etag.is_some() => PageReply::Unchanged,
            429 => PageReply::Throttled(retry_after),
            _ => PageReply::Fresh(read_answer(status, &text, retry_after)?, headers.get("etag")),
        };
        Ok(PageRead { reply, remaining_reads })
    }

    /// One job.
    pub async fn get_job(&self, address: &JobAddress) -> Result<JobResponse, Error> {
        self.call(Method::GET, &job_path(address), None).await
    }

    /// Requests cancellation (`cancelRequested: true`).
    pub async fn cancel_job(&self, address: &JobAddress) -> Result<JobResponse, Error> {
        let body = r#"{"properties":{"cancelRequested":true}}"#.to_owned();
        self.call(Method::PATCH, &job_path(address), Some(body)).await
    }

    /// The drives' BitLocker keys (`listBitLockerKeys`). The caller shows them and keeps them
    /// nowhere else.
    pub async fn list_bitlocker_keys(
        &self,
        address: &JobAddress,
    ) -> Result<GetBitLockerKeysResponse, Error> {
        let path = format!("{}/listBitLockerKeys?api-version={API_VERSION}", address.resource_id());
        self.call(Method::POST, &path, None).await
    }

    /// Creates the job (PUT). The caller made sure no job of that name exists: a PUT over a
    /// job still in `Creating` would replace it.
    pub async fn create_job(
        &self,
        address: &JobAddress,
        request: &PutJobParameters,
    ) -> Result<JobResponse, Error> {
        let body = serde_json::to_string(request).map_err(|e| Error::Decode(e.to_string()))?;
        self.call(Method::PUT, &job_path(address), Some(body)).await
    }

    /// Updates the job (PATCH) with the properties the request carries.
    pub async fn update_job(
        &self,
        address: &JobAddress,
        request: &UpdateJobParameters,
    ) -> Result<JobResponse, Error> {
        let body = serde_json::to_string(request).map_err(|e| Error::Decode(e.to_string()))?;
        self.call(Method::PATCH, &job_path(address), Some(body)).await
    }

    /// The locations that receive drives (`Locations_List`), with their shipping addresses
    /// and supported carriers.
    pub async fn locations(&self) -> Result<Vec<Location>, Error> {
        let path = format!("/providers/Microsoft.ImportExport/locations?api-version={API_VERSION}");
        self.call::<LocationsResponse>(Method::GET, &path, None).await.map(|r| r.value)
    }

    /// The job's activity of the last 90 days, newest first (Azure Monitor's activity log,
    /// which Waybill's service answers too), following `nextLink` for a few pages.
    pub async fn activity(
        &self,
        address: &JobAddress,
        now: waybill_rules::Timestamp,
    ) -> Result<Vec<ActivityEvent>, Error> {
        let filter = format!(
            "eventTimestamp ge '{}' and resourceUri eq '{}'",
            now.plus_days(-ACTIVITY_DAYS).to_rfc3339(),
            address.resource_id()
        );
        let mut path = format!(
            "/subscriptions/{}/providers/Microsoft.Insights/eventtypes/management/values?api-version={ACTIVITY_VERSION}&$filter={}",
            encode(&address.subscription),
            encode(&filter)
        );
        let mut events = Vec::new();
        for _ in 0..5 {
            let page: serde_json::Value = self.call(Method::GET, &path, None).await?;
            events.extend(page["value"].as_array().into_iter().flatten().map(ActivityEvent::of));
            match page["nextLink"].as_str() {
                Some(next) if next != path => path = next.to_owned(),
                _ => break,
            }
        }
        Ok(events)
    }

    /// The subscription's webhooks (Waybill's extension: a service without them, such as
    /// Azure itself, answers 404) with how their deliveries stand.
    pub async fn webhooks(&self, subscription: &str) -> Result<Vec<Webhook>, Error> {
        let path = format!("/_waybill/subscriptions/{}/eventSubscriptions", encode(subscription));
        let page: serde_json::Value = self.call(Method::GET, &path, None).await?;
        Ok(page["value"].as_array().into_iter().flatten().map(Webhook::of).collect())
    }

    /// Follows the scope's live stream of job changes (Waybill's extension), calling
    /// `on_change` for each, from event `after` on when given; `on_open` runs once the service
    /// accepted the stream. Returns when the stream ends or fails (a service without one, such
    /// as Azure itself, answers 404 at once).
    pub async fn follow_changes(
        &self,
        scope: &Scope,
        after: Option<i64>,
        on_open: impl FnOnce(),
        mut on_change: impl FnMut(crate::logic::live::LiveChange),
    ) -> Result<(), Error> {
        use wasm_bindgen::JsCast;
        let mut url = self
            .http
            .url(&format!("/_waybill/subscriptions/{}/events", encode(&scope.subscription)));
        if !scope.resource_group.is_empty() {
            url.push_str(&format!("?resourceGroup={}", encode(&scope.resource_group)));
        }
        let mut request = RequestBuilder::new(&url)
            .method(Method::GET)
            .header("Accept", "text/event-stream")
            .header("Authorization", &format!("Bearer {}", self.token))
            .abort_signal(self.http.signal.as_ref());
        if let Some(id) = after {
            request = request.header("Last-Event-ID", &id.to_string());
        }
        let response = request
            .build()
            .map_err(|e| Error::Network(e.to_string()))?
            .send()
            .await
            .map_err(|e| Error::Network(e.to_string()))?;
        if response.status() != 200 {
            return Err(Error::NotFound(format!("no live stream ({})", response.status())));
        }
        let reader = response
            .body()
            .and_then(|b| b.get_reader().dyn_into::<web_sys::ReadableStreamDefaultReader>().ok())
            .ok_or_else(|| Error::Network("no stream".into()))?;
        on_open();
        let mut buffer = String::new();
        loop {
            let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
                .await
                .map_err(|_| Error::Aborted)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool());
            if done != Some(false) {
                return Ok(());
            }
            let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) else { continue };
            let bytes = js_sys::Uint8Array::new(&value).to_vec();
            buffer.push_str(&String::from_utf8_lossy(&bytes));
            // Every whole event in the buffer: `id:`, `event: job`, `data:` lines, then a
            // blank line. Comments (keep-alive) and other events are skipped.
            while let Some(end) = buffer.find("\n\n") {
                let frame: String = buffer.drain(..end + 2).collect();
                if let Some(change) = crate::logic::live::change_of(&frame) {
                    on_change(change);
                }
            }
        }
    }

    /// Deletes the job.
    pub async fn delete_job(&self, address: &JobAddress) -> Result<(), Error> {
        self.call::<serde_json::Value>(Method::DELETE, &job_path(address), None).await.map(|_| ())
    }

    /// Marks the job as shipped with its delivery package.
    pub async fn mark_shipped(
        &self,
        address: &JobAddress,
        package: &DeliveryPackage,
    ) -> Result<JobResponse, Error> {
        let body = serde_json::json!({"properties": {"state": "Shipping", "deliveryPackage": {
            "carrierName": package.carrier, "trackingNumber": package.tracking,
            "driveCount": package.drive_count, "shipDate": package.ship_date}}});
        self.call(Method::PATCH, &job_path(address), Some(body.to_string())).await
    }

    /// The policy the service enforces; the rules' default where the service has none
    /// (Azure Resource Manager itself).
    pub async fn policy(&self) -> Result<Policy, Error> {
        match self.call::<Policy>(Method::GET, "/_emulator/policy", None).await {
            Err(Error::NotFound(_)) | Err(Error::Service { status: 405, .. }) => {
                Ok(Policy::default())
            }
            other => other,
        }
    }

    /// The subscriptions the token may use: each id with its display name (the id where the
    /// answer gives none).
    pub async fn subscriptions(&self) -> Result<Vec<Subscription>, Error> {
        let path = format!("/subscriptions?api-version={SUBSCRIPTIONS_VERSION}");
        let body: serde_json::Value = self.call(Method::GET, &path, None).await?;
        Ok(body["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                let id = s["subscriptionId"].as_str()?.to_owned();
                let name = s["displayName"].as_str().filter(|n| !n.trim().is_empty());
                Some(Subscription { name: name.map_or_else(|| id.clone(), str::to_owned), id })
            })
            .collect())
    }

    /// The resource groups of a subscription.
    pub async fn resource_groups(&self, subscription: &str) -> Result<Vec<String>, Error> {
        let path = format!(
            "/subscriptions/{}/resourcegroups?api-version={RESOURCE_GROUPS_VERSION}",
            encode(subscription)
        );
        let body: serde_json::Value = self.call(Method::GET, &path, None).await?;
        Ok(body["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| g["name"].as_str().map(str::to_owned))
            .collect())
    }
}

/// One event of a job's activity log, as Azure Monitor's `EventData` carries it (what the
/// console shows of it; anything else, and anything missing, is ignored).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActivityEvent {
    /// When (RFC 3339).
    pub event_timestamp: String,
    /// Who.
    pub caller: String,
    /// ARM's operation (`Microsoft.ImportExport/jobs/write`).
    pub operation: String,
    /// The operation in words, as sent.
    pub operation_text: String,
    /// `Succeeded`, `Failed`, `Started`, ...
    pub status: String,
    /// The HTTP status in words (`Conflict`).
    pub sub_status: String,
    /// The event's details, as strings: Waybill writes `action`, `stateBefore`,
    /// `stateAfter`, `cancelRequestedBefore`, `cancelRequestedAfter` and, for a refusal,
    /// `code`.
    pub properties: Vec<(String, String)>,
}

/// A webhook (event subscription) as the service describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhook {
    /// Its name.
    pub name: String,
    /// Where it sends (without the URL's query).
    pub endpoint: String,
    /// The event types it asks for (none: all).
    pub event_types: Vec<String>,
    /// The job states it asks for (none: all).
    pub job_states: Vec<String>,
    /// The resource group it is narrowed to.
    pub resource_group: Option<String>,
    /// Deliveries made, waiting, and given up on.
    pub delivered: u64,
    /// Likewise.
    pub pending: u64,
    /// Likewise.
    pub dead_lettered: u64,
    /// The last failed attempt's error, when the last attempt failed.
    pub last_error: Option<String>,
}

impl Webhook {
    /// Read from the JSON as sent (a field of another type reads as absent).
    fn of(v: &serde_json::Value) -> Webhook {
        let p = &v["properties"];
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        let list = |v: &serde_json::Value| {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        };
        let count = |key: &str| p["deliveries"][key].as_u64().unwrap_or(0);
        Webhook {
            name: text(&v["name"]).unwrap_or_default(),
            endpoint: text(&p["endpointBaseUrl"]).unwrap_or_default(),
            event_types: list(&p["filter"]["includedEventTypes"]),
            job_states: list(&p["filter"]["jobStates"]),
            resource_group: text(&p["filter"]["resourceGroup"]),
            delivered: count("delivered"),
            pending: count("pending"),
            dead_lettered: count("deadLettered"),
            last_error: text(&p["deliveries"]["lastError"]),
        }
    }
}

impl ActivityEvent {
    /// Read from the JSON as sent, without a typed shape (the console keeps no serde code
    /// for it: a field of another type reads as absent).
    fn of(v: &serde_json::Value) -> ActivityEvent {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        ActivityEvent {
            event_timestamp: text(&v["eventTimestamp"]),
            caller: text(&v["caller"]),
            operation: text(&v["operationName"]["value"]),
            operation_text: text(&v["operationName"]["localizedValue"]),
            status: text(&v["status"]["value"]),
            sub_status: text(&v["subStatus"]["value"]),
            properties: v["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect(),
        }
    }

    /// A property's value.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The simulated data center (`/_emulator/`), with the service's operator token.
#[derive(Clone)]
pub struct OperatorApi {
    api: AuthorizedApi,
}

/// The service's simulated clock.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Clock {
    /// The service's time (RFC 3339).
    pub now: String,
    /// How far it runs ahead of the real clock, in seconds.
    #[serde(default)]
    pub offset_seconds: i64,
    /// Jobs the retention sweep removed (after a move).
    #[serde(default)]
    pub removed_jobs: Option<u64>,
}

impl OperatorApi {
    /// Moves the job one step, or on to `to` (`Closed`: with errors).
    pub async fn advance(
        &self,
        address: &JobAddress,
        to: Option<JobState>,
    ) -> Result<JobResponse, Error> {
        let path = format!(
            "/_emulator/subscriptions/{}/resourceGroups/{}/jobs/{}/advance",
            encode(&address.subscription),
            encode(&address.resource_group),
            encode(&address.name)
        );
        let body = to.map(|s| format!("{{\"to\":\"{}\"}}", s.as_str()));
        self.api.call(Method::POST, &path, body).await
    }

    /// The service's clock.
    pub async fn clock(&self) -> Result<Clock, Error> {
        self.api.call(Method::GET, "/_emulator/clock", None).await
    }

    /// Moves the clock forward by whole days (the retention sweep runs at once).
    pub async fn advance_clock(&self, days: u32) -> Result<Clock, Error> {
        let body = format!("{{\"advanceDays\":{days}}}");
        self.api.call(Method::POST, "/_emulator/clock", Some(body)).await
    }
}

/// A delivery package as the ship form sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryPackage {
    /// Carrier name.
    pub carrier: String,
    /// Tracking number.
    pub tracking: String,
    /// Number of drives.
    pub drive_count: i64,
    /// Ship date (`YYYY-MM-DD`).
    pub ship_date: String,
}

/// Percent-encodes a path segment.
pub fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
