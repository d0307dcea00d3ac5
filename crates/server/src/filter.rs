//! `$filter` for job lists: `state eq 'Value'` and `jobType eq 'Value'` (also spelled
//! `properties/state`, `properties/jobType`), joined with `and`. Keywords and values are
//! case-insensitive. Anything else is refused with 400 `InvalidFilter`.

use axum::http::StatusCode;
use waybill_rules::wire::ArmCode;
use waybill_rules::{JobState, JobType};

use crate::error::ApiError;

/// A parsed filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only jobs in this state.
    pub state: Option<JobState>,
    /// Only jobs of this type.
    pub job_type: Option<JobType>,
    /// The clauses contradict each other (`state eq 'A' and state eq 'B'`): nothing matches.
    pub matches_nothing: bool,
}

fn invalid(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidFilter, message).with_target("$filter")
}

impl JobFilter {
    /// Parses a `$filter` value.
    pub fn parse(text: &str) -> Result<JobFilter, ApiError> {
        let mut filter = JobFilter::default();
        if text.trim().is_empty() {
            return Ok(filter);
        }
        for clause in split_and(text) {
            let (field, value) = parse_clause(clause.trim()).ok_or_else(|| {
                invalid(format!(
                    "The filter clause '{}' is not supported: use state eq 'Completed' or \
                     jobType eq 'Import', joined with 'and'.",
                    clause.trim()
                ))
            })?;
            match field.to_ascii_lowercase().as_str() {
                "state" | "properties/state" => {
                    let state = value.parse::<JobState>().map_err(|e| invalid(e.to_string()))?;
                    if filter.state.replace(state).is_some_and(|s| s != state) {
                        filter.matches_nothing = true;
                    }
                }
                "jobtype" | "properties/jobtype" => {
                    let job_type = match value.to_ascii_lowercase().as_str() {
                        "import" => JobType::Import,
                        "export" => JobType::Export,
                        _ => return Err(invalid(format!("'{value}' is not a job type."))),
                    };
                    if filter.job_type.replace(job_type).is_some_and(|t| t != job_type) {
                        filter.matches_nothing = true;
                    }
                }
                _ => return Err(invalid(format!("Jobs cannot be filtered by '{field}'."))),
            }
        }
        Ok(filter)
    }
}

fn split_and(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            in_quote = !in_quote;
        } else if !in_quote && text.get(i..i + 5).is_some_and(|w| w.eq_ignore_ascii_case(" and ")) {
            parts.push(&text[start..i]);
            start = i + 5;
            i += 5;
            continue;
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

fn parse_clause(clause: &str) -> Option<(&str, String)> {
    let mut words = clause.splitn(3, char::is_whitespace);
    let field = words.next()?;
    let op = words.next()?;
    let value = words.next()?.trim();
    if !op.eq_ignore_ascii_case("eq") {
        return None;
    }
    let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.contains('\'') {
        return None;
    }
    Some((field, inner.to_owned()))
}
