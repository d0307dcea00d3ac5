//! [`ApiError`]: every way a request can fail, mapped in one place to an HTTP status and an
//! ARM error envelope. Internal failures are logged with the request id and never leaked.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use waybill_rules::Reason;

use crate::db::DbError;
use waybill_rules::wire::{ArmCode, ErrorBody, ErrorDetail, ErrorResponse, JobAddress};

/// A failed request.
#[derive(Debug)]
pub enum ApiError {
    /// The rules refused; one or more reasons (all are reported).
    Rules(Vec<Reason>),
    /// A plain ARM error: status, code, message, optional target.
    Arm {
        /// HTTP status.
        status: StatusCode,
        /// ARM error code.
        code: ArmCode,
        /// Sentence for people.
        message: String,
        /// The request part at fault.
        target: Option<String>,
    },
    /// Something broke inside the service (database, IO). Logged; the client sees a generic
    /// message.
    Internal(String),
}

impl ApiError {
    /// A plain ARM error without a target.
    pub fn new(status: StatusCode, code: ArmCode, message: impl Into<String>) -> ApiError {
        ApiError::Arm { status, code, message: message.into(), target: None }
    }

    /// The same error naming the request part at fault.
    pub fn with_target(self, target: impl Into<String>) -> ApiError {
        match self {
            ApiError::Arm { status, code, message, .. } => {
                ApiError::Arm { status, code, message, target: Some(target.into()) }
            }
            other => other,
        }
    }

    /// 404 `ResourceNotFound` for a job.
    pub fn job_not_found(address: &JobAddress) -> ApiError {
        let JobAddress { resource_group, name, .. } = address;
        ApiError::new(
            StatusCode::NOT_FOUND,
            ArmCode::ResourceNotFound,
            format!(
                "The Resource 'Microsoft.ImportExport/jobs/{name}' under resource group \
                 '{resource_group}' was not found."
            ),
        )
    }

    /// 400 for a name of the wrong shape, naming the parameter at fault.
    pub fn bad_name(bad: &waybill_rules::wire::BadName) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, bad.part.arm_code(), bad.to_string())
            .with_target(bad.part.parameter())
    }

    /// 400 `InvalidRequestContent`.
    pub fn invalid_content(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidRequestContent, message)
    }

    /// The sentence this error answers with (for a start-up refusal).
    pub fn message(&self) -> String {
        match self {
            ApiError::Rules(reasons) => {
                reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
            }
            ApiError::Arm { message, .. } => message.clone(),
            ApiError::Internal(detail) => detail.clone(),
        }
    }

    /// The ARM code this error answers with.
    pub fn code(&self) -> ArmCode {
        match self {
            ApiError::Rules(reasons) => {
                lead(reasons).map_or(ArmCode::InvalidRequest, Reason::arm_code)
            }
            ApiError::Arm { code, .. } => *code,
            ApiError::Internal(_) => ArmCode::InternalServerError,
        }
    }

    fn status_and_body(self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::Rules(reasons) => rules_body(reasons),
            ApiError::Arm { status, code, message, target } => (
                status,
                ErrorBody { code: code.as_str().to_owned(), message, target, details: None },
            ),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody {
                        code: ArmCode::InternalServerError.as_str().into(),
                        message: "The service could not complete the request; nothing was \
                                  changed. Try again."
                            .into(),
                        target: None,
                        details: None,
                    },
                )
            }
        }
    }
}

/// The reason an answer leads with: a state conflict (409) wins over request mistakes (400)
/// when both occur, so a client that fixes the request still learns the job cannot do it.
fn lead(reasons: &[Reason]) -> Option<&Reason> {
    reasons.iter().find(|r| r.status() == 409).or_else(|| reasons.first())
}

/// One reason answers as itself; several answer with the first one's status and code, every
/// reason in `details`, and the messages joined.
fn rules_body(reasons: Vec<Reason>) -> (StatusCode, ErrorBody) {
    let Some(lead) = lead(&reasons) else {
        return (
            StatusCode::BAD_REQUEST,
            ErrorBody {
                code: ArmCode::InvalidRequest.as_str().into(),
                message: String::new(),
                ..Default::default()
            },
        );
    };
    let status = StatusCode::from_u16(lead.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut body = ErrorBody {
        code: lead.arm_code().as_str().to_owned(),
        message: lead.to_string(),
        target: lead.target(),
        details: None,
    };
    if reasons.len() > 1 {
        body.message = reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
        body.details = Some(
            reasons
                .iter()
                .map(|r| ErrorDetail {
                    code: r.arm_code().as_str().to_owned(),
                    target: r.target(),
                    message: r.to_string(),
                })
                .collect(),
        );
    }
    (status, body)
}

impl From<Reason> for ApiError {
    fn from(reason: Reason) -> Self {
        ApiError::Rules(vec![reason])
    }
}

impl From<Vec<Reason>> for ApiError {
    fn from(reasons: Vec<Reason>) -> Self {
        ApiError::Rules(reasons)
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        ApiError::Internal(err.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        ApiError::Internal(format!("stored JSON: {err}"))
    }
}

/// The ARM code of an error response, left in the response's extensions for the request log.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub ArmCode);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        let (status, error) = self.status_and_body();
        let mut response = (status, Json(ErrorResponse { error })).into_response();
        response.extensions_mut().insert(ErrorCode(code));
        response
    }
}
