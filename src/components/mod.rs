//! Reusable pieces of the console's pages.

pub mod build_select;
pub mod dialog;
pub mod download;
pub mod form;
pub mod job_report;
pub mod script_editor;
pub mod status_badge;
