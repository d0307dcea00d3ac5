//! `api-version` per API family, checked before anything else in the handler runs.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::extract::ArmQuery;

/// A family of operations and the api-versions it accepts.
pub trait VersionSet {
    /// The accepted versions.
    const SUPPORTED: &'static [&'static str];
}

/// `Microsoft.ImportExport`.
#[derive(Debug)]
pub struct ImportExport;
impl VersionSet for ImportExport {
    const SUPPORTED: &'static [&'static str] = &["2016-11-01", "2020-08-01", "2021-01-01"];
}

/// Azure Monitor's activity log (`Microsoft.Insights/eventtypes/management/values`).
#[derive(Debug)]
pub struct Insights;
impl VersionSet for Insights {
    const SUPPORTED: &'static [&'static str] = &["2015-04-01"];
}

/// ARM's subscriptions list.
#[derive(Debug)]
pub struct Subscriptions;
impl VersionSet for Subscriptions {
    const SUPPORTED: &'static [&'static str] =
        &["2016-06-01", "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01", "2022-12-01"];
}

/// ARM's resource groups list.
#[derive(Debug)]
pub struct ResourceGroups;
impl VersionSet for ResourceGroups {
    const SUPPORTED: &'static [&'static str] =
        &["2019-05-01", "2019-10-01", "2020-06-01", "2021-04-01", "2022-09-01", "2024-03-01"];
}

/// The api-version of a request, checked against `V`.
#[derive(Debug)]
pub struct ApiVersion<V>(pub &'static str, pub PhantomData<V>);

impl<V: VersionSet, S: Send + Sync> FromRequestParts<S> for ApiVersion<V> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let query = ArmQuery::from_request_parts(parts, state).await?;
        query.api_version(V::SUPPORTED).map(|v| ApiVersion(v, PhantomData))
    }
}
