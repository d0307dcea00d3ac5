//! Presentational components: props in, callbacks out, no fetching.

mod dialog;
mod drives;
mod error_notice;
mod field;
mod job_actions;
mod notice;
mod region_table;
mod state_badge;
mod timeline;

pub use dialog::ConfirmDialog;
pub use drives::DriveList;
pub use error_notice::ErrorNotice;
pub use field::Field;
pub use job_actions::JobActions;
pub use notice::{Notice, NoticeKind};
pub use region_table::RegionTable;
pub use state_badge::{DriveStateBadge, StateBadge};
pub use timeline::Timeline;
