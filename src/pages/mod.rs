//! One routed page per file; each owns its data and its actions.

mod connect;
mod job_detail;
mod job_list;
mod settings;

pub use connect::ConnectPanel;
pub use job_detail::JobDetailPage;
pub use job_list::{BulkDialog, JobListPage};
pub use settings::SettingsPage;

/// Something loaded from the service.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// On its way.
    Loading,
    /// Here.
    Ready(T),
    /// It failed.
    Failed(crate::api::Error),
}
