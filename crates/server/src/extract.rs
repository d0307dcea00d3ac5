//! Request extractors that fail with ARM errors, never with the framework's plain-text ones:
//! the caller (bearer token), the query (with `api-version`), path parameters, a job's address
//! (caller, api-version, scope and names checked once, in ARM's order), and JSON bodies
//! (content type, 1 MiB limit, precise parse errors).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use waybill_rules::wire::{AddressPart, ArmCode, JobAddress, check_name};

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::version::{ApiVersion, ImportExport};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    /// The caller of the `Authorization` header, authenticated once per request.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = state.tokens.authenticate(&parts.headers)?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// The job a request addresses (`.../resourceGroups/{rg}/providers/Microsoft.ImportExport/
/// jobs/{job}`), checked as ARM checks it: the caller (401), the api-version (400), the
/// caller's access to the subscription (403, so a caller without access learns nothing about
/// names), then the shapes of the three names (400).
#[derive(Debug)]
pub struct JobPath {
    /// The job's address.
    pub address: JobAddress,
}

impl FromRequestParts<AppState> for JobPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        ApiVersion::<ImportExport>::from_request_parts(parts, state).await?;
        let address = address_for(&caller, parts, state).await?;
        Ok(JobPath { address })
    }
}

/// The job a request of the simulated data center addresses: the operator's only (403 for
/// any other caller), then the names' shapes.
#[derive(Debug)]
pub struct OperatorJobPath(pub JobAddress);

impl FromRequestParts<AppState> for OperatorJobPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require_operator()?;
        address_for(&caller, parts, state).await.map(OperatorJobPath)
    }
}

async fn address_for(
    caller: &Caller,
    parts: &mut Parts,
    state: &AppState,
) -> Result<JobAddress, ApiError> {
    let ArmPath((sub, rg, name)) =
        ArmPath::<(String, String, String)>::from_request_parts(parts, state).await?;
    caller.require_subscription(&sub)?;
    JobAddress::parse(&sub, &rg, &name).map_err(|bad| ApiError::bad_name(&bad))
}

/// Checks the caller may use `sub`, then the shapes of the subscription id and of the
/// resource group when there is one: the scope of a list.
pub fn check_scope(caller: &Caller, sub: &str, rg: Option<&str>) -> Result<(), ApiError> {
    caller.require_subscription(sub)?;
    check_name(AddressPart::Subscription, sub).map_err(|bad| ApiError::bad_name(&bad))?;
    match rg {
        Some(rg) => {
            check_name(AddressPart::ResourceGroup, rg).map_err(|bad| ApiError::bad_name(&bad))
        }
        None => Ok(()),
    }
}

/// The query string as name/value pairs.
#[derive(Debug, Clone, Default)]
pub struct ArmQuery(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for ArmQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str::<Vec<(String, String)>>(query).map(ArmQuery).map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidQueryString, e.to_string())
        })
    }
}

impl ArmQuery {
    /// The single value of `name`; a repeated parameter is an error.
    pub fn get(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name));
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::InvalidQueryParameterValue,
                format!("The query parameter '{name}' is given more than once."),
            ));
        }
        Ok(first)
    }

    /// The `api-version`, which must be one of `supported`.
    pub fn api_version(&self, supported: &[&'static str]) -> Result<&'static str, ApiError> {
        let Some(given) = self.get("api-version")? else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::MissingApiVersionParameter,
                "The api-version query parameter (?api-version=) is required for all requests.",
            ));
        };
        supported.iter().copied().find(|v| *v == given.trim()).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::InvalidApiVersionParameter,
                format!(
                    "The api-version '{given}' is invalid. The supported versions are '{}'.",
                    supported.join(",")
                ),
            )
        })
    }
}

/// Path parameters, with ARM errors.
#[derive(Debug)]
pub struct ArmPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ArmPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state).await.map(|Path(value)| ArmPath(value)).map_err(
            |e| ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidRequestUri, e.body_text()),
        )
    }
}

/// A JSON body: `application/json`, at most [`MAX_BODY_BYTES`], parsed into `T`.
#[derive(Debug)]
pub struct ArmJson<T>(pub T);

/// An optional JSON body: empty means `T::default()`.
#[derive(Debug)]
pub struct OptionalArmJson<T>(pub T);

async fn read_body(req: Request) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ArmCode::RequestBodyTooLarge,
            format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        )
    })
}

fn require_json_content_type(req: &Request) -> Result<(), ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let is_json = content_type.is_some_and(|ct| {
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
    });
    if is_json {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ArmCode::UnsupportedMediaType,
            format!(
                "The content type '{}' is not supported; send 'application/json'.",
                content_type.unwrap_or("")
            ),
        ))
    }
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::invalid_content(format!("The request content is not valid: {e}.")))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ArmJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        require_json_content_type(&req)?;
        let bytes = read_body(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::invalid_content("The request content is empty."));
        }
        parse(&bytes).map(ArmJson)
    }
}

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalArmJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if has_type {
            require_json_content_type(&req)?;
        }
        let bytes = read_body(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalArmJson(T::default()));
        }
        if !has_type {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ArmCode::UnsupportedMediaType,
                "A request body needs the content type 'application/json'.",
            ));
        }
        parse(&bytes).map(OptionalArmJson)
    }
}
