//! The console's routes, written once: each page's path (for links) and route (for the route
//! table), and the job address a detail route carries. A job's deep link is
//! [`JobAddress::console_path`], which the detail route matches (tested in `tests/web.rs`, in
//! the browser, where route parameters are unescaped).

use leptos_router::params::ParamsMap;
use leptos_router::{ParamSegment, PossibleRouteMatch, StaticSegment};
use waybill_rules::wire::JobAddress;

/// The job list.
pub const JOBS: &str = "/";
/// The connection settings.
pub const SETTINGS: &str = "/settings";
/// The new-job form.
pub const NEW_JOB: &str = "/new";
/// The new-job form's query parameter naming the job to clone (its resource id).
pub const CLONE: &str = "clone";

/// The route parameter of a job's subscription.
const SUBSCRIPTION: &str = "sub";
/// The route parameter of a job's resource group.
const RESOURCE_GROUP: &str = "rg";
/// The route parameter of a job's name.
const JOB: &str = "name";

/// The job list's route: [`JOBS`].
pub fn list_route() -> impl PossibleRouteMatch + Clone + Send + 'static {
    leptos_router::path!("/")
}

/// The settings page's route.
pub fn settings_route() -> StaticSegment<&'static str> {
    StaticSegment(SETTINGS)
}

/// The new-job form's route.
pub fn new_job_route() -> StaticSegment<&'static str> {
    StaticSegment(NEW_JOB)
}

/// The new-job form filled from the job at `address` (a deep link).
pub fn clone_path(address: &JobAddress) -> String {
    format!("{NEW_JOB}?{CLONE}={}", js_sys::encode_uri_component(&address.resource_id()))
}

/// A route segment that is always there.
type Fixed = StaticSegment<&'static str>;

/// The job detail page's route: `/subscriptions/:sub/resourceGroups/:rg/jobs/:name`.
pub fn job_route() -> (Fixed, ParamSegment, Fixed, ParamSegment, Fixed, ParamSegment) {
    (
        StaticSegment("subscriptions"),
        ParamSegment(SUBSCRIPTION),
        StaticSegment("resourceGroups"),
        ParamSegment(RESOURCE_GROUP),
        StaticSegment("jobs"),
        ParamSegment(JOB),
    )
}

/// The job address of a detail route's parameters, when each name has the right shape.
pub fn job_address(params: &ParamsMap) -> Option<JobAddress> {
    JobAddress::parse(&params.get(SUBSCRIPTION)?, &params.get(RESOURCE_GROUP)?, &params.get(JOB)?)
        .ok()
}
