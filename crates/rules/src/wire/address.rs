//! [`JobAddress`]: where a job lives (subscription, resource group, name), read from and
//! written as the two forms both sides use: the ARM resource id
//! (`/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}`)
//! and the console's deep link (`/subscriptions/{sub}/resourceGroups/{rg}/jobs/{name}`).
//! Every address has names of the shapes ARM accepts, so formatting needs no escaping: the
//! shapes leave out every character a URL path would have to encode, apart from the letters
//! beyond ASCII a resource group may have, which URL parsers encode themselves.

use core::fmt;

use super::ArmCode;
use crate::names::{is_valid_job_name, is_valid_resource_group_name, is_valid_subscription_id};

/// The resource provider and type of a job, as they appear in its resource id.
pub const JOBS_RESOURCE_TYPE: &str = "Microsoft.ImportExport/jobs";

/// One of the three names of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    /// The subscription id (a GUID in Azure).
    Subscription,
    /// The resource group name.
    ResourceGroup,
    /// The job name.
    Job,
}

impl AddressPart {
    /// The name of the request parameter, as the upstream API description spells it.
    pub fn parameter(self) -> &'static str {
        match self {
            AddressPart::Subscription => "subscriptionId",
            AddressPart::ResourceGroup => "resourceGroupName",
            AddressPart::Job => "jobName",
        }
    }

    /// The ARM code of a name of the wrong shape.
    pub fn arm_code(self) -> ArmCode {
        match self {
            AddressPart::Subscription => ArmCode::InvalidSubscriptionId,
            AddressPart::ResourceGroup => ArmCode::InvalidResourceGroupName,
            AddressPart::Job => ArmCode::InvalidResourceName,
        }
    }

    /// The shape a name must have, in words.
    pub fn shape(self) -> &'static str {
        match self {
            AddressPart::Subscription => "1 to 64 letters, digits or '-'",
            AddressPart::ResourceGroup => {
                "1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'"
            }
            AddressPart::Job => {
                "2 to 64 letters, digits, '-' or '_', starting and ending with a letter or digit"
            }
        }
    }

    fn accepts(self, name: &str) -> bool {
        match self {
            AddressPart::Subscription => is_valid_subscription_id(name),
            AddressPart::ResourceGroup => is_valid_resource_group_name(name),
            AddressPart::Job => is_valid_job_name(name),
        }
    }
}

/// A name of the wrong shape: which part, and the name as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadName {
    /// The part at fault.
    pub part: AddressPart,
    /// The name as given.
    pub given: String,
}

impl fmt::Display for BadName {
    /// "The jobName 'x!' is invalid: use …" (the name cut at 100 characters).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.given.chars().take(100).collect();
        write!(f, "The {} '{shown}' is invalid: use {}.", self.part.parameter(), self.part.shape())
    }
}

/// Checks one name's shape.
pub fn check_name(part: AddressPart, name: &str) -> Result<(), BadName> {
    if part.accepts(name) { Ok(()) } else { Err(BadName { part, given: name.to_string() }) }
}

/// A job's address, its three names as the client wrote them (ARM matches them ignoring
/// case: see [`JobAddress::identity`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobAddress {
    /// The subscription id, as written (compared ignoring ASCII case).
    pub subscription: String,
    /// The resource group, as written (compared ignoring case, Unicode letters too).
    pub resource_group: String,
    /// The job's name, as written (compared ignoring ASCII case).
    pub name: String,
}

impl JobAddress {
    /// The address of three names, checked in the order ARM checks them (subscription,
    /// resource group, job); the first of the wrong shape is the error.
    pub fn parse(subscription: &str, resource_group: &str, name: &str) -> Result<Self, BadName> {
        check_name(AddressPart::Subscription, subscription)?;
        check_name(AddressPart::ResourceGroup, resource_group)?;
        check_name(AddressPart::Job, name)?;
        Ok(JobAddress {
            subscription: subscription.to_string(),
            resource_group: resource_group.to_string(),
            name: name.to_string(),
        })
    }

    /// The address an ARM resource id names (segment names read ignoring case, as ARM does);
    /// `None` for anything else, including names of the wrong shape.
    pub fn from_resource_id(id: &str) -> Option<Self> {
        let mut parts = id.strip_prefix('/')?.split('/');
        let mut next = || parts.next();
        let (s, sub, r, rg, p) = (next()?, next()?, next()?, next()?, next()?);
        let (namespace, jobs, name) = (next()?, next()?, next()?);
        let shape = s.eq_ignore_ascii_case("subscriptions")
            && r.eq_ignore_ascii_case("resourceGroups")
            && p.eq_ignore_ascii_case("providers")
            && namespace.eq_ignore_ascii_case("Microsoft.ImportExport")
            && jobs.eq_ignore_ascii_case("jobs")
            && next().is_none();
        if shape { JobAddress::parse(sub, rg, name).ok() } else { None }
    }

    /// The ARM resource id.
    pub fn resource_id(&self) -> String {
        format!(
            "{}/providers/{JOBS_RESOURCE_TYPE}/{}",
            resource_group_id(&self.subscription, &self.resource_group),
            self.name
        )
    }

    /// The console's deep link to the job's page.
    pub fn console_path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/jobs/{}",
            self.subscription, self.resource_group, self.name
        )
    }

    /// The address as ARM compares it: equal for two addresses ARM takes for the same job.
    pub fn identity(&self) -> (String, String, String) {
        (
            self.subscription.to_ascii_lowercase(),
            self.resource_group.to_lowercase(),
            self.name.to_ascii_lowercase(),
        )
    }
}

impl fmt::Display for JobAddress {
    /// The resource id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resource_id())
    }
}

/// A resource group's resource id.
pub fn resource_group_id(subscription: &str, resource_group: &str) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{resource_group}")
}

/// The path that lists jobs: of a subscription, or of one of its resource groups.
pub fn jobs_collection_path(subscription: &str, resource_group: Option<&str>) -> String {
    match resource_group {
        Some(rg) => {
            format!("{}/providers/{JOBS_RESOURCE_TYPE}", resource_group_id(subscription, rg))
        }
        None => format!("/subscriptions/{subscription}/providers/{JOBS_RESOURCE_TYPE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str =
        "/subscriptions/s-1/resourceGroups/rg.(x)/providers/Microsoft.ImportExport/jobs/myJob";

    #[test]
    fn an_address_reads_a_resource_id_and_writes_it_back_with_its_deep_link() {
        let address = JobAddress::from_resource_id(ID).expect("a job's id");
        assert_eq!(address, JobAddress::parse("s-1", "rg.(x)", "myJob").unwrap());
        assert_eq!(address.resource_id(), ID);
        assert_eq!(address.to_string(), ID);
        assert_eq!(address.console_path(), "/subscriptions/s-1/resourceGroups/rg.(x)/jobs/myJob");
        assert_eq!(
            JobAddress::parse("S-1", "Grüne(RG)", "MyJob").unwrap().identity(),
            ("s-1".to_string(), "grüne(rg)".to_string(), "myjob".to_string())
        );
        let shouted = ID.to_uppercase().replace("S-1", "s-1");
        assert_eq!(JobAddress::from_resource_id(&shouted).unwrap().identity(), address.identity());
    }

    #[test]
    fn anything_but_a_job_id_of_valid_names_is_no_address() {
        for id in [
            "",
            "subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/ab",
            "/subscriptions/s/resourceGroups/rg/jobs/ab",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/jobs/ab",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/other/ab",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/ab/x",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/<b>",
            "/subscriptions/s s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/ab",
            "/subscriptions/s/resourceGroups/rg./providers/Microsoft.ImportExport/jobs/ab",
            "/tenants/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/ab",
            "/subscriptions/s/groups/rg/providers/Microsoft.ImportExport/jobs/ab",
            "/subscriptions/s/resourceGroups/rg/provider/Microsoft.ImportExport/jobs/ab",
        ] {
            assert_eq!(JobAddress::from_resource_id(id), None, "{id}");
        }
    }

    #[test]
    fn the_first_bad_name_is_reported_with_its_code_and_shape() {
        let bad = JobAddress::parse("s!", "rg.", "x").unwrap_err();
        assert_eq!(bad.part, AddressPart::Subscription);
        assert_eq!(bad.part.arm_code(), ArmCode::InvalidSubscriptionId);
        let bad = JobAddress::parse("s", "rg.", "x").unwrap_err();
        assert_eq!(
            (bad.part, bad.part.arm_code()),
            (AddressPart::ResourceGroup, ArmCode::InvalidResourceGroupName)
        );
        let bad = JobAddress::parse("s", "rg", "x").unwrap_err();
        assert_eq!(
            (bad.part, bad.part.arm_code()),
            (AddressPart::Job, ArmCode::InvalidResourceName)
        );
        assert_eq!(
            bad.to_string(),
            "The jobName 'x' is invalid: use 2 to 64 letters, digits, '-' or '_', starting and ending with a letter or digit."
        );
        let long = "é".repeat(300);
        let bad = check_name(AddressPart::Job, &long).unwrap_err();
        assert_eq!(bad.to_string().matches('é').count(), 100);
    }

    #[test]
    fn collections_are_listed_at_their_scope() {
        assert_eq!(
            jobs_collection_path("s", None),
            "/subscriptions/s/providers/Microsoft.ImportExport/jobs"
        );
        assert_eq!(
            jobs_collection_path("s", Some("rg")),
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs"
        );
    }
}
