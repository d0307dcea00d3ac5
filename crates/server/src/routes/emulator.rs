//! The simulated data center under `/_emulator/`: move a job on, move the clock, read the
//! policy. Moving things needs the operator token; reading the policy any valid token.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use waybill_rules::wire::ArmCode;
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, JobState, Policy, SECONDS_PER_DAY, steps_to};

use super::jobs::found;
use crate::AppState;
use crate::auth::Caller;
use crate::db::Decision;
use crate::error::ApiError;
use crate::extract::{OperatorJobPath, OptionalArmJson};
use crate::model;

/// The body of `advance`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceRequest {
    /// Move up to this state; one step when absent.
    #[serde(default)]
    pub to: Option<String>,
}

/// `POST /_emulator/subscriptions/{sub}/resourceGroups/{rg}/jobs/{job}/advance`.
pub async fn advance_job(
    State(app): State<AppState>,
    OperatorJobPath(address): OperatorJobPath,
    OptionalArmJson(request): OptionalArmJson<AdvanceRequest>,
) -> Result<Json<JobResponse>, ApiError> {
    let target = match request.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<JobState>().map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidJobState, e.to_string())
                .with_target("to")
        })?),
    };
    let now = app.clock.now();
    let policy = app.policy.clone();
    let job = app
        .db
        .write_job(&address, now, &policy, "advance", |existing| -> Result<_, ApiError> {
            let stored = found(existing, &address)?;
            let steps = steps_to(&policy, &JobSnapshot::of(&stored.job)?, target)?;
            let mut job = stored.job.clone();
            for step in &steps {
                model::apply_step(&mut job, step, now);
            }
            Ok(if steps.is_empty() { Decision::keep(job) } else { Decision::put(job.clone(), job) })
        })
        .await?;
    Ok(Json(model::public_view(job)))
}

fn clock_body(app: &AppState) -> Value {
    json!({"now": app.clock.now().to_rfc3339(), "offsetSeconds": app.clock.offset()})
}

/// `GET /_emulator/clock`.
pub async fn get_clock(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<Value>, ApiError> {
    caller.require_operator()?;
    Ok(Json(clock_body(&app)))
}

/// The body of a clock move.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockRequest {
    /// Whole days to move forward.
    #[serde(default)]
    pub advance_days: Option<i64>,
    /// Seconds to move forward.
    #[serde(default)]
    pub advance_seconds: Option<i64>,
}

/// The furthest one move may go: a century.
const MAX_ADVANCE_SECONDS: i64 = 36_500 * SECONDS_PER_DAY;

/// `POST /_emulator/clock`: moves the clock forward and runs the retention sweep at once.
pub async fn advance_clock(
    State(app): State<AppState>,
    caller: Caller,
    OptionalArmJson(request): OptionalArmJson<ClockRequest>,
) -> Result<Json<Value>, ApiError> {
    caller.require_operator()?;
    let seconds = request
        .advance_days
        .unwrap_or(0)
        .checked_mul(SECONDS_PER_DAY)
        .and_then(|d| d.checked_add(request.advance_seconds.unwrap_or(0)))
        .filter(|s| (0..=MAX_ADVANCE_SECONDS).contains(s))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::InvalidClockChange,
                "The clock only moves forward, by at most 36500 days at a time: give \
                 advanceDays and/or advanceSeconds as non-negative whole numbers.",
            )
        })?;
    let _guard = app.clock_lock.lock().await;
    let offset = app.clock.offset().saturating_add(seconds);
    app.db.set_meta("clock_offset", &offset.to_string()).await?;
    app.clock.set_offset(offset);
    // What the data center would have done meanwhile: pending cancellations carried out (so
    // their retention counts from now), then the retention sweep.
    crate::demo::carry_out_cancellations(&app).await?;
    let removed = app.db.sweep(app.clock.now(), app.policy.retention_days).await?;
    let mut body = clock_body(&app);
    body["removedJobs"] = json!(removed);
    Ok(Json(body))
}

/// `GET /_emulator/policy`: the policy in force.
pub async fn get_policy(State(app): State<AppState>, _caller: Caller) -> Json<Policy> {
    Json((*app.policy).clone())
}
