//! The job operations of `Microsoft.ImportExport`: list (subscription, resource group), get,
//! create, update (which also cancels and ships), delete, and listBitLockerKeys.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use waybill_rules::wire::{
    ArmCode, GetBitLockerKeysResponse, JobAddress, JobResponse, PutJobParameters,
    UpdateJobParameters, jobs_collection_path,
};
use waybill_rules::{JobSnapshot, may_delete, validate_create, validate_update};

use crate::AppState;
use crate::auth::Caller;
use crate::catalog;
use crate::db::{Change, Decision, ListQuery, ListScope, Outcome, PageRow};
use crate::error::ApiError;
use crate::extract::{ArmJson, ArmPath, ArmQuery, JobPath, check_scope};
use crate::filter::JobFilter;
use crate::model;
use crate::version::{ApiVersion, ImportExport};

/// The largest page (`$top`).
pub const MAX_TOP: u32 = 100;

/// The job, or 404 `ResourceNotFound` when there is none at `address`.
pub fn found<T>(job: Option<T>, address: &JobAddress) -> Result<T, ApiError> {
    job.ok_or_else(|| ApiError::job_not_found(address))
}

/// `GET .../jobs/{job}`.
pub async fn get_job(
    State(app): State<AppState>,
    JobPath { address }: JobPath,
) -> Result<Response, ApiError> {
    let json = app.db.get_job_json(&address, app.clock.now()).await?;
    found(json, &address).map(json_response)
}

/// An answer whose JSON text is already written (stored documents are sent as they are).
fn json_response(text: bytes::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// What a create answers: 201 with a new job, 200 with a replaced one.
struct Created {
    status: StatusCode,
    job: JobResponse,
}

/// `PUT .../jobs/{job}`: 201 for a new job, 200 when a job in `Creating` is replaced.
pub async fn create_job(
    State(app): State<AppState>,
    JobPath { address }: JobPath,
    ArmJson(request): ArmJson<PutJobParameters>,
) -> Result<Response, ApiError> {
    if let Some(location) = request.location.as_deref().filter(|l| !l.trim().is_empty())
        && !catalog::is_known_location(location)
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ArmCode::InvalidLocation,
            format!("'{location}' is not an Import/Export location; see the locations list."),
        )
        .with_target("location"));
    }
    let now = app.clock.now();
    let policy = app.policy.clone();
    let Created { status, job } = app
        .db
        .write_job(&address, now, &policy, "create", |existing| -> Result<_, ApiError> {
            let snapshot = existing.map(|s| JobSnapshot::of(&s.job)).transpose()?;
            validate_create(&policy, snapshot.as_ref(), &request)?;
            let job = match existing {
                Some(old) => model::replace_job(&address, &old.job, request, now),
                None => model::new_job(&address, request, now),
            };
            let status = if existing.is_some() { StatusCode::OK } else { StatusCode::CREATED };
            Ok(Decision::put(job.clone(), Created { status, job }))
        })
        .await?;
    Ok((status, Json(model::public_view(job))).into_response())
}

/// `PATCH .../jobs/{job}`: properties, tags, cancel (`cancelRequested: true`) and shipping
/// (`state: "Shipping"`), all checked by the rules at the moment of the write.
pub async fn update_job(
    State(app): State<AppState>,
    JobPath { address }: JobPath,
    ArmJson(request): ArmJson<UpdateJobParameters>,
) -> Result<Json<JobResponse>, ApiError> {
    let props = request.properties.as_ref();
    let action = if props.and_then(|p| p.cancel_requested).is_some() {
        "cancel"
    } else if props.and_then(|p| p.state.as_deref()).is_some_and(|s| !s.trim().is_empty()) {
        "ship"
    } else {
        "update"
    };
    // A refusal is logged as this action too.
    crate::activity::set_action(action);
    let now = app.clock.now();
    let policy = app.policy.clone();
    let job = app
        .db
        .write_job(&address, now, &policy, action, |existing| -> Result<_, ApiError> {
            let stored = found(existing, &address)?;
            let plan = validate_update(&policy, &JobSnapshot::of(&stored.job)?, &request)?;
            let mut job = stored.job.clone();
            Ok(if model::apply_update(&mut job, request, plan, now) {
                Decision::put(job.clone(), job)
            } else {
                Decision::keep(job)
            })
        })
        .await?;
    Ok(Json(model::public_view(job)))
}

/// `DELETE .../jobs/{job}`: only in the states the rules allow; afterwards the job is gone.
pub async fn delete_job(
    State(app): State<AppState>,
    JobPath { address }: JobPath,
) -> Result<StatusCode, ApiError> {
    let policy = app.policy.clone();
    app.db
        .write_job(
            &address,
            app.clock.now(),
            &policy,
            "delete",
            |existing| -> Result<_, ApiError> {
                let stored = found(existing, &address)?;
                may_delete(&policy, &JobSnapshot::of(&stored.job)?)?;
                Ok(Decision { change: Change::Delete, answer: () })
            },
        )
        .await?;
    Ok(StatusCode::OK)
}

/// `POST .../jobs/{job}/listBitLockerKeys`.
pub async fn list_bitlocker_keys(
    State(app): State<AppState>,
    JobPath { address }: JobPath,
) -> Result<Json<GetBitLockerKeysResponse>, ApiError> {
    let now = app.clock.now();
    let stored = found(app.db.get_job(&address, now).await?, &address)?;
    // Who read a job's keys is what an owner asks first after a lost drive: logged.
    let outcome =
        Outcome { action: "listBitLockerKeys", status: "Succeeded", code: None, http_status: 200 };
    app.db.record_outcome(&address, now, outcome).await?;
    Ok(Json(model::bitlocker_keys(&stored.job)))
}

/// `GET /subscriptions/{sub}/providers/Microsoft.ImportExport/jobs`.
pub async fn list_jobs_by_subscription(
    State(app): State<AppState>,
    caller: Caller,
    ApiVersion(version, _): ApiVersion<ImportExport>,
    ArmPath(sub): ArmPath<String>,
    query: ArmQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_scope(&caller, &sub, None)?;
    let path = jobs_collection_path(&sub, None);
    list_page(&app, ListScope::Subscription(sub), &query, version, &headers, &path).await
}

/// `GET /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs`.
pub async fn list_jobs_by_resource_group(
    State(app): State<AppState>,
    caller: Caller,
    ApiVersion(version, _): ApiVersion<ImportExport>,
    ArmPath((sub, rg)): ArmPath<(String, String)>,
    query: ArmQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_scope(&caller, &sub, Some(&rg))?;
    let path = jobs_collection_path(&sub, Some(&rg));
    list_page(&app, ListScope::ResourceGroup(sub, rg), &query, version, &headers, &path).await
}

/// The absolute base for `nextLink`: `--public-url`, else the request's Host when it is a
/// plain host name (anything else could smuggle text into the link).
pub(crate) fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &app.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| {
        !h.is_empty()
            && h.len() <= 255
            && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    });
    format!("http://{}", host.map_or_else(|| app.listen.to_string(), str::to_owned))
}

fn bad_query(name: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidQueryParameterValue, message)
        .with_target(name)
}

/// One page of a list, with an `ETag` (a hash of the answer's text, kept with it in the read
/// cache); `304 Not Modified` and no body when `If-None-Match` names it, so a client that
/// refreshes a list it holds pays only for the pages that changed.
async fn list_page(
    app: &AppState,
    scope: ListScope,
    query: &ArmQuery,
    version: &str,
    headers: &HeaderMap,
    path: &str,
) -> Result<Response, ApiError> {
    let base = &base_url(app, headers);
    let top = match query.get("$top")? {
        None => MAX_TOP,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if (1..=i64::from(MAX_TOP)).contains(&n) => n as u32,
            _ => {
                return Err(bad_query(
                    "$top",
                    format!("$top must be a whole number from 1 to {MAX_TOP}; it was '{text}'."),
                ));
            }
        },
    };
    let filter_text = query.get("$filter")?.unwrap_or("");
    let filter = JobFilter::parse(filter_text)?;
    let after = match query.get("$skiptoken")? {
        None => None,
        Some(token) => Some(token.trim().parse::<i64>().map_err(|_| {
            bad_query("$skiptoken", "The $skiptoken is not one this service issued.".into())
        })?),
    };
    // One more than the page tells whether there is a next page.
    let list = ListQuery { scope, filter, after, limit: top + 1 };
    // Everything the answer depends on besides the jobs (none of the first four can hold a
    // line break: they are checked names, a listed version and a checked host).
    let context = format!("{base}\n{path}\n{version}\n{filter_text}");
    let page = app
        .db
        .list_page(&list, app.clock.now(), context, |jobs| {
            render_page(jobs, top, base, path, version, filter_text)
        })
        .await?;
    let etag = HeaderValue::from_str(&page.etag).map_err(|e| ApiError::Internal(e.to_string()))?;
    if if_none_match(headers, &page.etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let mut response = json_response(page.body);
    response.headers_mut().insert(header::ETAG, etag);
    Ok(response)
}

/// Whether `If-None-Match` names `etag` (or is `*`), compared weakly as RFC 9110 says for it.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|list| {
        list.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
    })
}

/// A list answer: the stored documents spliced in as they are (`ListJobsResponse` written by
/// hand) and, when there are more than `top`, the link to the next page.
fn render_page(
    mut jobs: Vec<PageRow>,
    top: u32,
    base: &str,
    path: &str,
    version: &str,
    filter_text: &str,
) -> Result<String, ApiError> {
    let next_link = if jobs.len() > top as usize {
        jobs.truncate(top as usize);
        let last = jobs.last().map_or(0, |row| row.seq);
        let mut params = vec![("api-version", version.to_owned()), ("$top", top.to_string())];
        if !filter_text.is_empty() {
            params.push(("$filter", filter_text.to_owned()));
        }
        params.push(("$skiptoken", last.to_string()));
        let encoded =
            serde_urlencoded::to_string(&params).map_err(|e| ApiError::Internal(e.to_string()))?;
        Some(format!("{base}{path}?{encoded}"))
    } else {
        None
    };
    let mut body =
        String::with_capacity(jobs.iter().map(|row| row.json.len() + 1).sum::<usize>() + 256);
    body.push_str("{\"value\":[");
    for (i, row) in jobs.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&row.json);
    }
    body.push(']');
    if let Some(link) = next_link {
        body.push_str(",\"nextLink\":");
        body.push_str(
            &serde_json::to_string(&link).map_err(|e| ApiError::Internal(e.to_string()))?,
        );
    }
    body.push('}');
    Ok(body)
}
