//! Bearer tokens: each user token may use a set of subscriptions (or all of them); the
//! operator token reaches everything, including the simulated data center. Tokens are
//! compared in constant time and never logged.

use std::collections::BTreeSet;
use waybill_rules::wire::ArmCode;

use axum::http::{HeaderMap, StatusCode, header};

use crate::error::ApiError;

/// Which subscriptions a token may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscriptions {
    /// Every subscription.
    All,
    /// Only these (lowercase).
    Only(BTreeSet<String>),
}

impl Subscriptions {
    /// True when `subscription` is allowed.
    pub fn allows(&self, subscription: &str) -> bool {
        match self {
            Subscriptions::All => true,
            Subscriptions::Only(set) => set.contains(&subscription.to_ascii_lowercase()),
        }
    }
}

/// A user token.
#[derive(Clone)]
pub struct UserToken {
    /// The name the activity log gives the token's caller (`user-1`, …; never the secret).
    pub name: String,
    /// The bearer token itself (never logged).
    pub secret: String,
    /// What it may use.
    pub subscriptions: Subscriptions,
}

impl std::fmt::Debug for UserToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserToken").field("subscriptions", &self.subscriptions).finish()
    }
}

/// Every token the service accepts.
#[derive(Clone, Default)]
pub struct Tokens {
    /// User tokens.
    pub users: Vec<UserToken>,
    /// The operator token, if any.
    pub operator: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("users", &self.users)
            .field("operator", &self.operator.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A user token.
    User(Subscriptions),
    /// The operator token.
    Operator,
}

impl Caller {
    /// The subscriptions the caller may use.
    pub fn subscriptions(&self) -> Subscriptions {
        match self {
            Caller::User(subs) => subs.clone(),
            Caller::Operator => Subscriptions::All,
        }
    }

    /// 403 unless the caller may use `subscription`.
    pub fn require_subscription(&self, subscription: &str) -> Result<(), ApiError> {
        if self.subscriptions().allows(subscription) {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ArmCode::AuthorizationFailed,
                format!(
                    "The client does not have authorization to perform this action on \
                     subscription '{subscription}'."
                ),
            ))
        }
    }

    /// 403 unless the caller is the operator.
    pub fn require_operator(&self) -> Result<(), ApiError> {
        match self {
            Caller::Operator => Ok(()),
            Caller::User(_) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ArmCode::AuthorizationFailed,
                "The simulated data center is reserved for the operator token.",
            )),
        }
    }
}

/// The name the activity log gives the operator token's caller.
pub const OPERATOR_NAME: &str = "operator";

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Tokens {
    /// Identifies the caller from the `Authorization: Bearer` header.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
        let unauthorized = |code: ArmCode, message: &str| {
            ApiError::new(StatusCode::UNAUTHORIZED, code, message.to_owned())
        };
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Err(unauthorized(
                ArmCode::AuthenticationFailed,
                "Authentication failed. The 'Authorization' header is missing.",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                unauthorized(
                    ArmCode::InvalidAuthenticationToken,
                    "The 'Authorization' header must be 'Bearer <token>'.",
                )
            })?;
        let mut caller = None;
        // Every token is compared, so timing does not tell which one nearly matched.
        if let Some(op) = &self.operator
            && constant_time_eq(op.as_bytes(), token.as_bytes())
        {
            caller = Some((Caller::Operator, OPERATOR_NAME));
        }
        for user in &self.users {
            if constant_time_eq(user.secret.as_bytes(), token.as_bytes()) && caller.is_none() {
                caller = Some((Caller::User(user.subscriptions.clone()), user.name.as_str()));
            }
        }
        let (caller, name) = caller.ok_or_else(|| {
            unauthorized(ArmCode::InvalidAuthenticationToken, "The access token is invalid.")
        })?;
        // The activity log's "caller" of this request.
        crate::activity::set_caller(name);
        Ok(caller)
    }
}

/// A new random secret: 32 bytes from the operating system, hex-encoded.
pub fn generate_secret() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
