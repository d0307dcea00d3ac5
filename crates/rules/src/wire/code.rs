//! [`ArmCode`]: every ARM error code Waybill answers with, in one enum, so the service cannot
//! answer with a code nobody listed and the console can match on codes instead of strings.
//! Codes Azure sends that are not listed here are read as [`Expandable::Unknown`].
//!
//! [`Expandable::Unknown`]: super::Expandable::Unknown

use super::ApiEnum;

macro_rules! arm_codes {
    ($($(#[$doc:meta])* $code:ident),* $(,)?) => {
        /// An ARM error code (`error.code` of the error envelope).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ArmCode {
            $($(#[$doc])* $code,)*
        }

        impl ArmCode {
            /// Every code.
            pub const ALL: &'static [ArmCode] = &[$(ArmCode::$code,)*];

            /// The code as it is sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ArmCode::$code => stringify!($code),)*
                }
            }
        }
    };
}

arm_codes! {
    // The rules' refusals (see `Reason::arm_code`).
    /// A cancel in a state the policy does not allow it in.
    JobCannotBeCanceled,
    /// `cancelRequested: false`.
    InvalidCancelRequest,
    /// A delete in a state the policy does not allow it in.
    JobCannotBeDeleted,
    /// Marking as shipped out of turn.
    JobCannotBeShipped,
    /// Marking as shipped without a return address or delivery package.
    MissingShippingInformation,
    /// A state a client may not set.
    InvalidJobState,
    /// A property the job's state does not let change.
    JobCannotBeUpdated,
    /// A create (PUT) over a job that may not be replaced.
    JobCannotBeReplaced,
    /// A job in a state the rules do not know.
    UnknownJobState,
    /// A required property is missing.
    MissingRequiredProperty,
    /// A property has a value the API does not accept.
    InvalidPropertyValue,
    /// The data center cannot move a job that was not shipped.
    JobNotShipped,
    /// The job is already in a final state.
    JobAlreadyFinished,
    /// The data center cannot take the job to the state asked for.
    TargetStateUnreachable,
    // The request's address, query and body.
    /// A subscription id of the wrong shape.
    InvalidSubscriptionId,
    /// A resource group name of the wrong shape.
    InvalidResourceGroupName,
    /// A job name of the wrong shape.
    InvalidResourceName,
    /// A path that cannot be read.
    InvalidRequestUri,
    /// A body that is not the JSON the operation takes.
    InvalidRequestContent,
    /// A request with several problems and none leading.
    InvalidRequest,
    /// A query string that cannot be read.
    InvalidQueryString,
    /// A query parameter with a value not accepted.
    InvalidQueryParameterValue,
    /// A `$filter` that cannot be read.
    InvalidFilter,
    /// No `api-version`.
    MissingApiVersionParameter,
    /// An `api-version` the operation does not have.
    InvalidApiVersionParameter,
    /// A body that is not JSON.
    UnsupportedMediaType,
    /// A body over the size limit.
    RequestBodyTooLarge,
    /// A location that does not receive drives.
    InvalidLocation,
    /// A move of the simulated clock that is not forward or too far.
    InvalidClockChange,
    /// A webhook endpoint of a kind or at an address the service does not send to.
    EndpointNotAllowed,
    /// A webhook endpoint that did not pass the validation handshake.
    EndpointValidationFailed,
    // Who asks.
    /// No `Authorization` header.
    AuthenticationFailed,
    /// A token that is malformed or unknown.
    InvalidAuthenticationToken,
    /// A token that may not do this.
    AuthorizationFailed,
    // What is there.
    /// No such resource (a job, a location).
    ResourceNotFound,
    /// No such path.
    NotFound,
    /// A path that does not take this method.
    MethodNotAllowed,
    /// Too many reads in a subscription (429, with `Retry-After`).
    SubscriptionRequestsThrottled,
    /// The service failed; nothing was changed.
    InternalServerError,
}

impl ApiEnum for ArmCode {
    const VALUES: &'static [Self] = ArmCode::ALL;
    fn as_str(self) -> &'static str {
        ArmCode::as_str(self)
    }
}

impl core::fmt::Display for ArmCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Expandable;

    #[test]
    fn every_code_reads_back_as_itself_and_others_are_kept_as_sent() {
        for &code in ArmCode::ALL {
            assert_eq!(ArmCode::parse_api(code.as_str()), Some(code));
            assert_eq!(code.to_string(), code.as_str());
        }
        assert_eq!(ArmCode::parse_api("resourcenotfound"), Some(ArmCode::ResourceNotFound));
        assert_eq!(
            Expandable::<ArmCode>::parse("QuotaExceeded"),
            Expandable::Unknown("QuotaExceeded".into())
        );
    }
}
