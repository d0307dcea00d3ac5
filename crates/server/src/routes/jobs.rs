//! The job operations of `Microsoft.ImportExport`: list (subscription, resource group), get,
//! create, update (which also cancels and ships), delete, and listBitLockerKeys.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use waybill_rules::wire::{
    GetBitLockerKeysResponse, JobResponse, PutJobParameters, UpdateJobParameters,
};
use waybill_rules::{
    JobSnapshot, is_valid_job_name, is_valid_resource_group_name, is_valid_subscription_id,
    may_delete, validate_create, validate_update,
};

use crate::AppState;
use crate::auth::Caller;
use crate::catalog;
use crate::db::{Change, JobKey, ListQuery, ListScope};
use crate::error::ApiError;
use crate::extract::{ArmJson, ArmPath, ArmQuery};
use crate::filter::JobFilter;
use crate::model;
use crate::version::{ApiVersion, ImportExport};

/// The largest page (`$top`).
pub const MAX_TOP: u32 = 100;

/// 400 for a name of the wrong shape.
pub fn bad_name(what: &str, name: &str) -> ApiError {
    let (code, rule) = match what {
        "jobName" => (
            "InvalidResourceName",
            "2 to 64 letters, digits, '-' or '_', starting and ending with a letter or digit",
        ),
        "resourceGroupName" => (
            "InvalidResourceGroupName",
            "1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
        ),
        _ => ("InvalidSubscriptionId", "1 to 64 letters, digits or '-'"),
    };
    let shown: String = name.chars().take(100).collect();
    ApiError::new(
        StatusCode::BAD_REQUEST,
        code,
        format!("The {what} '{shown}' is invalid: use {rule}."),
    )
    .with_target(what)
}

/// Checks the caller and the shape of the three names, in that order (so a caller without
/// access learns nothing about names).
fn job_key(caller: &Caller, (sub, rg, name): (String, String, String)) -> Result<JobKey, ApiError> {
    check_scope(caller, &sub, Some(&rg))?;
    if !is_valid_job_name(&name) {
        return Err(bad_name("jobName", &name));
    }
    Ok(JobKey { subscription: sub, resource_group: rg, name })
}

/// Checks the caller may use `sub`, then the shapes of the subscription id and resource group.
pub fn check_scope(caller: &Caller, sub: &str, rg: Option<&str>) -> Result<(), ApiError> {
    caller.require_subscription(sub)?;
    if !is_valid_subscription_id(sub) {
        return Err(bad_name("subscriptionId", sub));
    }
    match rg {
        Some(rg) if !is_valid_resource_group_name(rg) => Err(bad_name("resourceGroupName", rg)),
        _ => Ok(()),
    }
}

/// The job address of an operator request (the operator may use every subscription).
pub fn job_key_for_operator(path: (String, String, String)) -> Result<JobKey, ApiError> {
    job_key(&Caller::Operator, path)
}

/// `GET .../jobs/{job}`.
pub async fn get_job(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(path): ArmPath<(String, String, String)>,
) -> Result<Response, ApiError> {
    let key = job_key(&caller, path)?;
    let json = app.db.get_job_json(&key, app.clock.now()).await?;
    json.map(json_response).ok_or_else(|| ApiError::job_not_found(&key.resource_group, &key.name))
}

/// An answer whose JSON text is already written (stored documents are sent as they are).
fn json_response(text: bytes::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// The job at `path`, for a caller allowed its subscription; 404 when there is none.
async fn read_job(
    app: &AppState,
    caller: &Caller,
    path: (String, String, String),
) -> Result<JobResponse, ApiError> {
    let key = job_key(caller, path)?;
    let stored = app.db.get_job(&key, app.clock.now()).await?;
    stored.map(|s| s.job).ok_or_else(|| ApiError::job_not_found(&key.resource_group, &key.name))
}

/// `PUT .../jobs/{job}`: 201 for a new job, 200 when a job in `Creating` is replaced.
pub async fn create_job(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(path): ArmPath<(String, String, String)>,
    ArmJson(request): ArmJson<PutJobParameters>,
) -> Result<Response, ApiError> {
    let key = job_key(&caller, path)?;
    if let Some(location) = request.location.as_deref().filter(|l| !l.trim().is_empty())
        && !catalog::is_known_location(location)
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "InvalidLocation",
            format!("'{location}' is not an Import/Export location; see the locations list."),
        )
        .with_target("location"));
    }
    let now = app.clock.now();
    let policy = app.policy.clone();
    let (replaced, job) = app
        .db
        .write_job(&key, now, &policy, "create", |existing| {
            let snapshot = existing.map(|s| JobSnapshot::of(&s.job)).transpose()?;
            validate_create(&policy, snapshot.as_ref(), &request)?;
            let job = match existing {
                Some(old) => model::replace_job(&key, &old.job, request, now),
                None => model::new_job(&key, request, now),
            };
            Ok((Change::Put(Box::new(job.clone())), (existing.is_some(), job)))
        })
        .await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(model::public_view(job))).into_response())
}

/// `PATCH .../jobs/{job}`: properties, tags, cancel (`cancelRequested: true`) and shipping
/// (`state: "Shipping"`), all checked by the rules at the moment of the write.
pub async fn update_job(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(path): ArmPath<(String, String, String)>,
    ArmJson(request): ArmJson<UpdateJobParameters>,
) -> Result<Json<JobResponse>, ApiError> {
    let key = job_key(&caller, path)?;
    let props = request.properties.as_ref();
    let action = if props.and_then(|p| p.cancel_requested).is_some() {
        "cancel"
    } else if props.and_then(|p| p.state.as_deref()).is_some_and(|s| !s.trim().is_empty()) {
        "ship"
    } else {
        "update"
    };
    let now = app.clock.now();
    let policy = app.policy.clone();
    let job = app
        .db
        .write_job(&key, now, &policy, action, |existing| {
            let stored =
                existing.ok_or_else(|| ApiError::job_not_found(&key.resource_group, &key.name))?;
            let plan = validate_update(&policy, &JobSnapshot::of(&stored.job)?, &request)?;
            let mut job = stored.job.clone();
            let change = if model::apply_update(&mut job, request, plan, now) {
                Change::Put(Box::new(job.clone()))
            } else {
                Change::Keep
            };
            Ok((change, job))
        })
        .await?;
    Ok(Json(model::public_view(job)))
}

/// `DELETE .../jobs/{job}`: only in the states the rules allow; afterwards the job is gone.
pub async fn delete_job(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(path): ArmPath<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let key = job_key(&caller, path)?;
    let policy = app.policy.clone();
    app.db
        .write_job(&key, app.clock.now(), &policy, "delete", |existing| {
            let stored =
                existing.ok_or_else(|| ApiError::job_not_found(&key.resource_group, &key.name))?;
            may_delete(&policy, &JobSnapshot::of(&stored.job)?)?;
            Ok((Change::Delete, ()))
        })
        .await?;
    Ok(StatusCode::OK)
}

/// `POST .../jobs/{job}/listBitLockerKeys`.
pub async fn list_bitlocker_keys(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(path): ArmPath<(String, String, String)>,
) -> Result<Json<GetBitLockerKeysResponse>, ApiError> {
    Ok(Json(model::bitlocker_keys(&read_job(&app, &caller, path).await?)))
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
    let path = format!("/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs");
    list_page(&app, ListScope::Subscription(sub), &query, version, &base_url(&app, &headers), &path)
        .await
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
    let path =
        format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs");
    list_page(
        &app,
        ListScope::ResourceGroup(sub, rg),
        &query,
        version,
        &base_url(&app, &headers),
        &path,
    )
    .await
}

/// The absolute base for `nextLink`: `--public-url`, else the request's Host when it is a
/// plain host name (anything else could smuggle text into the link).
fn base_url(app: &AppState, headers: &HeaderMap) -> String {
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
    ApiError::new(StatusCode::BAD_REQUEST, "InvalidQueryParameterValue", message).with_target(name)
}

async fn list_page(
    app: &AppState,
    scope: ListScope,
    query: &ArmQuery,
    version: &str,
    base: &str,
    path: &str,
) -> Result<Response, ApiError> {
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
    let body = app
        .db
        .list_page(&list, app.clock.now(), context, |jobs| {
            render_page(jobs, top, base, path, version, filter_text)
        })
        .await?;
    Ok(json_response(body))
}

/// A list answer: the stored documents spliced in as they are (`ListJobsResponse` written by
/// hand) and, when there are more than `top`, the link to the next page.
fn render_page(
    mut jobs: Vec<(i64, String)>,
    top: u32,
    base: &str,
    path: &str,
    version: &str,
    filter_text: &str,
) -> Result<String, ApiError> {
    let next_link = if jobs.len() > top as usize {
        jobs.truncate(top as usize);
        let last = jobs.last().map_or(0, |(seq, _)| *seq);
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
        String::with_capacity(jobs.iter().map(|(_, j)| j.len() + 1).sum::<usize>() + 256);
    body.push_str("{\"value\":[");
    for (i, (_, job)) in jobs.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(job);
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
