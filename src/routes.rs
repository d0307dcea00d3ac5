//! The console's route paths, written once, and the job address they carry.

use waybill_rules::wire::JobResponse;
use waybill_rules::{is_valid_job_name, is_valid_resource_group_name, is_valid_subscription_id};

/// A job's address: subscription, resource group, name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobKey {
    /// Subscription id.
    pub subscription: String,
    /// Resource group.
    pub resource_group: String,
    /// Job name.
    pub name: String,
}

impl JobKey {
    /// Reads the address from an ARM id
    /// (`/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}`).
    pub fn from_id(id: &str) -> Option<JobKey> {
        let parts: Vec<&str> = id.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [s, sub, r, rg, p, _ns, j, name]
                if s.eq_ignore_ascii_case("subscriptions")
                    && r.eq_ignore_ascii_case("resourcegroups")
                    && p.eq_ignore_ascii_case("providers")
                    && j.eq_ignore_ascii_case("jobs") =>
            {
                JobKey::new(sub, rg, name)
            }
            _ => None,
        }
    }

    /// The address of a job as the API returned it.
    pub fn of(job: &JobResponse) -> Option<JobKey> {
        job.id.as_deref().and_then(JobKey::from_id)
    }

    /// An address from its three names, when each has the right shape.
    pub fn new(subscription: &str, resource_group: &str, name: &str) -> Option<JobKey> {
        (is_valid_subscription_id(subscription)
            && is_valid_resource_group_name(resource_group)
            && is_valid_job_name(name))
        .then(|| JobKey {
            subscription: subscription.to_owned(),
            resource_group: resource_group.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The console's deep link to the job's detail page.
    pub fn detail_path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/jobs/{}",
            self.subscription, self.resource_group, self.name
        )
    }

    /// A stable identity for lists and selections.
    pub fn id(&self) -> String {
        format!("{}/{}/{}", self.subscription, self.resource_group, self.name).to_ascii_lowercase()
    }
}

/// The job list.
pub const JOBS: &str = "/";
/// The connection settings.
pub const SETTINGS: &str = "/settings";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_key_reads_arm_ids_and_writes_deep_links() {
        let key = JobKey::from_id(
            "/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/myJob",
        )
        .expect("valid id");
        assert_eq!(key.detail_path(), "/subscriptions/s-1/resourceGroups/rg/jobs/myJob");
        assert_eq!(key.id(), "s-1/rg/myjob");
        assert!(JobKey::from_id("/subscriptions/s/resourceGroups/rg/jobs/x").is_none());
        assert!(JobKey::new("s", "rg", "<script>").is_none());
    }
}
