//! Plain types behind the views, free of the DOM so they are tested natively: list rows,
//! filtering, sorting, selection, the visible window of a long list, the bulk split, times,
//! the new-job and edit forms ([`job_form`]), CSV both ways ([`csv`]), the live stream's
//! frames ([`live`]) and the list's read budget ([`pace`]).

pub mod bulk;
pub mod csv;
pub mod export;
pub mod job_form;
pub mod list;
pub mod live;
pub mod pace;
pub mod service;
pub mod time;
pub mod window;
