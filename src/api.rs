//! The only code that touches the network: every URL, request and response type of the
//! console. Requests belong to a [`Requests`] handle that aborts whatever is still in flight
//! when the page that owns it goes away.

use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use waybill_rules::Policy;
use waybill_rules::wire::{ErrorResponse, GetBitLockerKeysResponse, JobResponse, ListJobsResponse};

use crate::routes::JobKey;
use crate::state::Connection;

/// The api-version the console speaks for `Microsoft.ImportExport` (Azure's newest).
pub const API_VERSION: &str = "2021-01-01";
const SUBSCRIPTIONS_VERSION: &str = "2020-01-01";
const RESOURCE_GROUPS_VERSION: &str = "2021-04-01";

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
        /// ARM error code.
        code: String,
        /// The service's message, shown as it was sent.
        message: String,
    },
    /// The answer was not what the API promises.
    Decode(String),
    /// The request was aborted because the page went away.
    Aborted,
}

/// A subscription the token may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscription id.
    pub id: String,
    /// Its display name.
    pub name: String,
}

/// A set of requests owned by one page: dropping the page (navigation) aborts them all.
#[derive(Clone)]
pub struct Requests {
    controller: Option<web_sys::AbortController>,
}

impl Requests {
    /// A handle whose requests are aborted when the current reactive owner is cleaned up.
    pub fn for_page() -> Requests {
        let controller = web_sys::AbortController::new().ok();
        if let Some(c) = controller.clone() {
            leptos::prelude::on_cleanup(move || c.abort());
        }
        Requests { controller }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }
}

/// A client for one connection (service, token).
#[derive(Clone)]
pub struct Api {
    base: String,
    token: String,
    requests: Requests,
}

fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

impl Api {
    /// A client for `connection` whose requests belong to `requests`.
    pub fn new(connection: &Connection, requests: Requests) -> Api {
        Api {
            base: connection.service.trim_end_matches('/').to_owned(),
            token: connection.token.clone(),
            requests,
        }
    }

    fn url(&self, path_and_query: &str) -> String {
        if path_and_query.starts_with("http://") || path_and_query.starts_with("https://") {
            path_and_query.to_owned()
        } else {
            format!("{}{path_and_query}", self.base)
        }
    }

    async fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<String>,
    ) -> Result<(u16, String), Error> {
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        if let Some(signal) = self.requests.signal() {
            init.set_signal(Some(&signal));
        }
        let headers = web_sys::Headers::new().map_err(|e| Error::Network(js_error(e)))?;
        headers.set("Accept", "application/json").map_err(|e| Error::Network(js_error(e)))?;
        if !self.token.is_empty() {
            headers
                .set("Authorization", &format!("Bearer {}", self.token))
                .map_err(|e| Error::Network(js_error(e)))?;
        }
        if let Some(body) = &body {
            headers
                .set("Content-Type", "application/json")
                .map_err(|e| Error::Network(js_error(e)))?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(url, &init)
            .map_err(|e| Error::Network(js_error(e)))?;
        let window = web_sys::window().ok_or_else(|| Error::Network("no window".into()))?;
        let response = JsFuture::from(window.fetch_with_request(&request)).await.map_err(|e| {
            if self.requests.signal().is_some_and(|s| s.aborted()) {
                Error::Aborted
            } else {
                Error::Network(js_error(e))
            }
        })?;
        let response: web_sys::Response =
            response.dyn_into().map_err(|e| Error::Network(js_error(e)))?;
        let text = JsFuture::from(response.text().map_err(|e| Error::Network(js_error(e)))?)
            .await
            .map_err(|e| Error::Network(js_error(e)))?
            .as_string()
            .unwrap_or_default();
        Ok((response.status(), text))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, Error> {
        let (status, text) = self.send(method, &self.url(path), body).await?;
        if (200..300).contains(&status) {
            let text = if text.trim().is_empty() { "null" } else { text.as_str() };
            return serde_json::from_str(text).map_err(|e| Error::Decode(e.to_string()));
        }
        let envelope = serde_json::from_str::<ErrorResponse>(&text).ok();
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
                code: envelope.map(|e| e.error.code).unwrap_or_default(),
                message,
            },
        })
    }

    /// One page of jobs: the first of the scope, or the page `next_link` names.
    pub async fn list_jobs_page(
        &self,
        subscription: &str,
        resource_group: &str,
        next_link: Option<&str>,
    ) -> Result<ListJobsResponse, Error> {
        let path = match next_link {
            Some(link) => link.to_owned(),
            None if resource_group.is_empty() => format!(
                "/subscriptions/{}/providers/Microsoft.ImportExport/jobs?api-version={API_VERSION}",
                encode(subscription)
            ),
            None => format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs?api-version={API_VERSION}",
                encode(subscription),
                encode(resource_group)
            ),
        };
        self.call("GET", &path, None).await
    }

    /// Every job of the scope, following `nextLink` to the end.
    pub async fn list_all_jobs(
        &self,
        subscription: &str,
        resource_group: &str,
    ) -> Result<Vec<JobResponse>, Error> {
        let mut jobs = Vec::new();
        let mut next: Option<String> = None;
        // A bound on pages so a misbehaving service cannot loop the console forever.
        for _ in 0..10_000 {
            let page = self.list_jobs_page(subscription, resource_group, next.as_deref()).await?;
            jobs.extend(page.value);
            match page.next_link {
                Some(link) if Some(&link) != next.as_ref() => next = Some(link),
                _ => return Ok(jobs),
            }
        }
        Ok(jobs)
    }

    fn job_path(key: &JobKey) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/{}?api-version={API_VERSION}",
            encode(&key.subscription),
            encode(&key.resource_group),
            encode(&key.name)
        )
    }

    /// One job.
    pub async fn get_job(&self, key: &JobKey) -> Result<JobResponse, Error> {
        self.call("GET", &Self::job_path(key), None).await
    }

    /// Requests cancellation (`cancelRequested: true`).
    pub async fn cancel_job(&self, key: &JobKey) -> Result<JobResponse, Error> {
        let body = r#"{"properties":{"cancelRequested":true}}"#.to_owned();
        self.call("PATCH", &Self::job_path(key), Some(body)).await
    }

    /// The drives' BitLocker keys (`listBitLockerKeys`). The caller shows them and keeps them
    /// nowhere else.
    pub async fn list_bitlocker_keys(
        &self,
        key: &JobKey,
    ) -> Result<GetBitLockerKeysResponse, Error> {
        let path =
            Self::job_path(key).replacen("?api-version", "/listBitLockerKeys?api-version", 1);
        self.call("POST", &path, None).await
    }

    /// Deletes the job.
    pub async fn delete_job(&self, key: &JobKey) -> Result<(), Error> {
        self.call::<serde_json::Value>("DELETE", &Self::job_path(key), None).await.map(|_| ())
    }

    /// Marks the job as shipped with its delivery package.
    pub async fn mark_shipped(
        &self,
        key: &JobKey,
        carrier: &str,
        tracking: &str,
        drive_count: i64,
        ship_date: &str,
    ) -> Result<JobResponse, Error> {
        let body = serde_json::json!({"properties": {"state": "Shipping", "deliveryPackage": {
            "carrierName": carrier, "trackingNumber": tracking, "driveCount": drive_count, "shipDate": ship_date}}});
        self.call("PATCH", &Self::job_path(key), Some(body.to_string())).await
    }

    /// The services a page served by this console's own service may call besides that
    /// service (`GET /_waybill/console`); `None` when the page was not served by Waybill.
    pub async fn console_connect_sources(requests: Requests) -> Option<Vec<String>> {
        let api = Api { base: String::new(), token: String::new(), requests };
        let body: serde_json::Value = api.call("GET", "/_waybill/console", None).await.ok()?;
        Some(
            body["connectSources"]
                .as_array()?
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
        )
    }

    /// The policy the service enforces; the rules' default where the service has none
    /// (Azure Resource Manager itself).
    pub async fn policy(&self) -> Result<Policy, Error> {
        match self.call::<Policy>("GET", "/_emulator/policy", None).await {
            Err(Error::NotFound(_)) | Err(Error::Service { status: 405, .. }) => {
                Ok(Policy::default())
            }
            other => other,
        }
    }

    /// The subscriptions the token may use: each id with its display name (the id where the
    /// answer gives none).
    pub async fn subscriptions(&self) -> Result<Vec<Subscription>, Error> {
        let body: serde_json::Value = self
            .call("GET", &format!("/subscriptions?api-version={SUBSCRIPTIONS_VERSION}"), None)
            .await?;
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
        let body: serde_json::Value = self.call("GET", &path, None).await?;
        Ok(body["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| g["name"].as_str().map(str::to_owned))
            .collect())
    }
}

/// Percent-encodes a path segment.
pub fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
