//! The ARM wire types of `Microsoft.ImportExport`, with serde names exactly as the upstream
//! 2021-01-01 schema spells them. Every field is optional on the wire so that a value read and
//! written again keeps every field it had; the rules decide what is required, and say so. Enum
//! values are [`Expandable`]: a value Azure adds tomorrow is read as sent, never refused.

mod address;
mod code;
mod expandable;
mod job;
mod origin;
mod other;

pub use address::{
    AddressPart, BadName, JOBS_RESOURCE_TYPE, JobAddress, check_name, jobs_collection_path,
    resource_group_id,
};
pub use code::ArmCode;
pub use expandable::{ApiEnum, Expandable};
pub use job::*;
pub use origin::parse_origin;
pub use other::*;
