//! The activity log as Azure Monitor answers it:
//! `GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values`
//! (api-version 2015-04-01) with a required `$filter` (an `eventTimestamp ge '…'` start, and
//! optionally `eventTimestamp le '…'`, `resourceUri`, `resourceGroupName`, `resourceProvider`,
//! `correlationId`, `levels` and `eventChannels`), `$select`, and `nextLink` paging, newest
//! first, each event in Azure's `EventData` shape. Same bearer tokens and subscription rules
//! as the job routes.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};
use waybill_rules::Timestamp;
use waybill_rules::wire::{ArmCode, JobAddress};

use super::jobs::base_url;
use crate::AppState;
use crate::auth::Caller;
use crate::db::{EventQuery, EventRow};
use crate::error::ApiError;
use crate::extract::{ArmPath, ArmQuery, check_scope};
use crate::version::{ApiVersion, Insights};

/// Events per page.
const PAGE: u32 = 200;
/// The provider whose events this service keeps.
const PROVIDER: &str = "Microsoft.ImportExport";

/// What a `$filter` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `eventTimestamp ge` (seconds).
    pub from: i64,
    /// `eventTimestamp le` (seconds), when given.
    pub to: Option<i64>,
    /// `resourceUri eq`, as given.
    pub resource_uri: Option<String>,
    /// `resourceGroupName eq`.
    pub resource_group: Option<String>,
    /// `resourceProvider eq`.
    pub resource_provider: Option<String>,
    /// `correlationId eq`.
    pub correlation_id: Option<String>,
    /// `levels eq 'Error,Informational'`.
    pub levels: Option<Vec<String>>,
}

fn bad_filter(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidFilter, message).with_target("$filter")
}

/// A time as Azure Monitor takes it: RFC 3339, without an offset meaning UTC, or a date.
fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    Timestamp::parse_rfc3339(text)
        .or_else(|_| Timestamp::parse_rfc3339(&format!("{text}Z")))
        .or_else(|_| Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z")))
        .ok()
        .map(|t| t.0)
}

/// Reads a `$filter`: clauses `name op 'value'` joined by `and` (names and operators in any
/// case; a quote inside a value written twice).
pub fn parse_filter(text: &str) -> Result<Filter, ApiError> {
    let mut filter = Filter::default();
    let mut from = None;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad_filter("The $filter is empty: give at least eventTimestamp ge '<time>'."));
    }
    loop {
        let (name, after) =
            rest.split_once(char::is_whitespace).ok_or_else(|| bad_filter(clause_error(rest)))?;
        let after = after.trim_start();
        let (op, after) =
            after.split_once(char::is_whitespace).ok_or_else(|| bad_filter(clause_error(rest)))?;
        let after = after.trim_start();
        let value_text = after.strip_prefix('\'').ok_or_else(|| bad_filter(clause_error(rest)))?;
        // The value runs to the next single quote that is not doubled.
        let mut value = String::new();
        let mut chars = value_text.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    value.push('\'');
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                value.push(c);
            }
        }
        let end = end.ok_or_else(|| bad_filter("A value in the $filter has no closing quote."))?;
        let (name, op) = (name.to_ascii_lowercase(), op.to_ascii_lowercase());
        let time = || {
            parse_time(&value)
                .ok_or_else(|| bad_filter(format!("'{value}' is not a time (use ISO 8601).")))
        };
        match (name.as_str(), op.as_str()) {
            ("eventtimestamp", "ge") => from = Some(time()?),
            ("eventtimestamp", "le") => filter.to = Some(time()?),
            ("resourceuri" | "resourceid", "eq") => filter.resource_uri = Some(value),
            ("resourcegroupname", "eq") => filter.resource_group = Some(value),
            ("resourceprovider", "eq") => filter.resource_provider = Some(value),
            ("correlationid", "eq") => filter.correlation_id = Some(value),
            ("levels", "eq") => {
                filter.levels = Some(value.split(',').map(|l| l.trim().to_owned()).collect());
            }
            // Every event here is an Operation event of the Admin channel.
            ("eventchannels", "eq") => {}
            _ => {
                return Err(bad_filter(format!(
                    "The $filter cannot use '{name} {op}': use eventTimestamp ge/le, and \
                     resourceUri, resourceGroupName, resourceProvider, correlationId, levels or \
                     eventChannels with eq."
                )));
            }
        }
        rest = value_text[end..].trim_start();
        if rest.is_empty() {
            break;
        }
        let lower = rest.get(..4).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("and ") => rest = rest[4..].trim_start(),
            _ => return Err(bad_filter("Clauses of the $filter are joined with 'and'.")),
        }
    }
    filter.from = from.ok_or_else(|| {
        bad_filter("The $filter must give the start of the time range: eventTimestamp ge '<time>'.")
    })?;
    Ok(filter)
}

fn clause_error(clause: &str) -> String {
    let shown: String = clause.chars().take(60).collect();
    format!("The $filter clause '{shown}' is not of the form name op 'value'.")
}

/// .NET ticks of a Unix time, as Azure writes them into event ids.
fn ticks(seconds: i64) -> i64 {
    seconds.saturating_mul(10_000_000).saturating_add(621_355_968_000_000_000)
}

fn localizable(value: &str, localized: &str) -> Value {
    json!({"value": value, "localizedValue": localized})
}

/// The operation an event's action was, as ARM names it.
fn operation(action: &str) -> (&'static str, &'static str) {
    match action {
        "delete" | "retention" => ("Microsoft.ImportExport/jobs/delete", "Delete job"),
        "listBitLockerKeys" => {
            ("Microsoft.ImportExport/jobs/listBitLockerKeys/action", "List BitLocker keys")
        }
        _ => ("Microsoft.ImportExport/jobs/write", "Create or update job"),
    }
}

fn http_status_name(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "BadRequest",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        _ => "Other",
    }
}

/// One event in Azure Monitor's `EventData` shape. `properties` holds strings only, as the
/// schema says: the action, the state and cancellation before and after, the refusal's code.
pub fn event_data(row: &EventRow) -> Value {
    let resource_id = row.address().resource_id();
    let event_id = format!("{:08x}-0000-4000-8000-{:012x}", row.at as u32, row.id as u64);
    let correlation = row.correlation_id.clone().unwrap_or_else(|| event_id.clone());
    let (op, op_text) = operation(&row.action);
    let when = Timestamp(row.at).to_rfc3339();
    let mut properties = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            properties.insert(k.to_owned(), Value::String(v));
        }
    };
    put("action", Some(row.action.clone()));
    put("stateBefore", row.state_before.clone());
    put("stateAfter", row.state_after.clone());
    put("cancelRequestedBefore", row.cancel_before.map(|b| b.to_string()));
    put("cancelRequestedAfter", row.cancel_after.map(|b| b.to_string()));
    put("code", row.code.clone());
    put("statusCode", row.http_status.map(|s| http_status_name(s).to_owned()));
    put("serviceRequestId", row.correlation_id.clone());
    let failed = row.status.eq_ignore_ascii_case("Failed");
    let mut event = json!({
        "authorization": {"action": op, "scope": resource_id},
        "caller": row.caller,
        "channels": "Operation",
        "claims": {},
        "correlationId": correlation,
        "description": "",
        "eventDataId": event_id,
        "eventName": localizable("EndRequest", "End request"),
        "category": localizable("Administrative", "Administrative"),
        "id": format!("{resource_id}/events/{event_id}/ticks/{}", ticks(row.at)),
        "level": if failed { "Error" } else { "Informational" },
        "resourceGroupName": row.resource_group,
        "resourceProviderName": localizable(PROVIDER, PROVIDER),
        "resourceId": resource_id,
        "resourceType": localizable("Microsoft.ImportExport/jobs", "Microsoft.ImportExport/jobs"),
        "operationId": correlation,
        "operationName": localizable(op, op_text),
        "properties": properties,
        "status": localizable(&row.status, &row.status),
        "subStatus": match row.http_status {
            Some(s) => localizable(
                http_status_name(s),
                &format!("{} (HTTP Status Code: {s})", http_status_name(s)),
            ),
            None => localizable("", ""),
        },
        "eventTimestamp": when,
        "submissionTimestamp": when,
        "subscriptionId": row.subscription,
        "tenantId": "",
    });
    if let (Some(method), Some(id)) = (&row.method, &row.correlation_id) {
        event["httpRequest"] = json!({"clientRequestId": id, "method": method});
    }
    event
}

/// Keeps only the `$select`ed properties of an event (names compared ignoring case).
fn select(event: Value, fields: Option<&[String]>) -> Value {
    let (Some(fields), Value::Object(map)) = (fields, &event) else { return event };
    Value::Object(
        map.iter()
            .filter(|(k, _)| fields.iter().any(|f| f.eq_ignore_ascii_case(k)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// `GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values`.
pub async fn list_events(
    State(app): State<AppState>,
    caller: Caller,
    ApiVersion(version, _): ApiVersion<Insights>,
    ArmPath(sub): ArmPath<String>,
    query: ArmQuery,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    check_scope(&caller, &sub, None)?;
    let filter_text = query.get("$filter")?.ok_or_else(|| {
        bad_filter(
            "The $filter query parameter is required, with at least eventTimestamp ge '<time>'.",
        )
    })?;
    let filter = parse_filter(filter_text)?;
    let now = app.clock.now().0;
    let to = filter.to.unwrap_or(now);
    if to < filter.from {
        return Err(bad_filter("The time range ends before it starts."));
    }
    let before_id = match query.get("$skipToken")? {
        None => None,
        Some(token) => Some(token.parse::<i64>().map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::InvalidQueryParameterValue,
                "The $skipToken is not one this service gave.",
            )
            .with_target("$skipToken")
        })?),
    };
    let fields: Option<Vec<String>> = query
        .get("$select")?
        .map(|s| s.split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect());
    let sub_key = sub.to_ascii_lowercase();
    // What the filter narrows to; a filter naming nothing this service keeps finds nothing.
    let mut db_query = EventQuery {
        subscription: sub_key.clone(),
        from: filter.from,
        to,
        resource_group: filter.resource_group.as_deref().map(str::to_ascii_lowercase),
        job: None,
        correlation_id: filter.correlation_id.clone(),
        before_id,
        limit: PAGE,
    };
    let mut nothing =
        filter.resource_provider.as_deref().is_some_and(|p| !p.eq_ignore_ascii_case(PROVIDER));
    if let Some(uri) = &filter.resource_uri {
        match JobAddress::from_resource_id(uri) {
            Some(address) if address.subscription.eq_ignore_ascii_case(&sub) => {
                let (_, rg, name) = address.identity();
                if db_query.resource_group.as_ref().is_some_and(|g| *g != rg) {
                    nothing = true;
                }
                db_query.resource_group = Some(rg);
                db_query.job = Some(name);
            }
            _ => nothing = true,
        }
    }
    let rows = if nothing { Vec::new() } else { app.db.events(&db_query).await? };
    let wanted_levels = filter.levels.as_deref();
    let value: Vec<Value> = rows
        .iter()
        .map(event_data)
        .filter(|e| {
            wanted_levels.is_none_or(|levels| {
                levels
                    .iter()
                    .any(|l| e["level"].as_str().is_some_and(|v| v.eq_ignore_ascii_case(l)))
            })
        })
        .map(|e| select(e, fields.as_deref()))
        .collect();
    let mut body = json!({ "value": value });
    if rows.len() == PAGE as usize
        && let Some(last) = rows.last()
    {
        let mut params = vec![
            ("api-version", version.to_owned()),
            ("$filter", filter_text.to_owned()),
            ("$skipToken", last.id.to_string()),
        ];
        if let Some(s) = query.get("$select")? {
            params.push(("$select", s.to_owned()));
        }
        let encoded = serde_urlencoded::to_string(&params).unwrap_or_default();
        body["nextLink"] = Value::String(format!(
            "{}/subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values?{encoded}",
            base_url(&app, &headers)
        ));
    }
    Ok(Json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reads_azure_monitors_clauses() {
        let f = parse_filter(
            "eventTimestamp ge '2026-12-01T00:00:00Z' AND eventTimestamp le '2026-12-02' and \
             resourceUri eq '/subscriptions/s/resourceGroups/g/providers/Microsoft.ImportExport/jobs/j' \
             and correlationId eq 'it''s'",
        )
        .expect("filter");
        assert_eq!(f.from, parse_time("2026-12-01T00:00:00Z").expect("time"));
        assert_eq!(f.to, parse_time("2026-12-02T00:00:00Z"));
        assert_eq!(f.correlation_id.as_deref(), Some("it's"));
        assert!(f.resource_uri.expect("uri").ends_with("/jobs/j"));
        assert_eq!(parse_time("2026-12-01T10:00:00.1234567"), parse_time("2026-12-01T10:00:00Z"));
    }

    #[test]
    fn bad_filters_are_refused_with_invalid_filter() {
        for bad in [
            "",
            "eventTimestamp le '2026-12-01'",
            "eventTimestamp ge 2026-12-01",
            "eventTimestamp ge '2026-12-01",
            "eventTimestamp ge 'yesterday'",
            "eventTimestamp ge '2026-12-01' or level eq 'Error'",
            "eventTimestamp ge '2026-12-01' and status eq 'Failed'",
            "eventTimestamp gt '2026-12-01'",
        ] {
            let error = parse_filter(bad).expect_err(bad);
            assert_eq!(error.code(), ArmCode::InvalidFilter, "{bad}");
        }
    }
}
