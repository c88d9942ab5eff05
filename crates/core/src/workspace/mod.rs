//! The admin's local workspace: builds as stored records, their drafts and summaries, the list's
//! search and sort, undo history and naming; build templates as stored records and their list. Storage itself (IndexedDB) lives in the app; every
//! decision about what to store, migrate, list or restore lives here, where plain tests reach it.

mod destinations;
mod history;
mod listing;
mod names;
mod record;
mod search_terms;
mod templates;

pub use destinations::{Destination, DestinationKind, best_destinations};
pub use history::History;
pub use listing::{Catalog, Sort};
pub use names::{copy_name, export_file_name, next_free_name, numbered_free_name};
pub use search_terms::{searched_status, status_query, template_query, with_status};
pub(crate) use search_terms::{Exact, terms};
pub use search_terms::Term;
pub use record::{BuildRecord, BuildSummary, Draft, RemoteVersion, SCHEMA_VERSION, StoredError, SyncState, migrate};
pub use templates::{TemplateRecord, TemplateRow, build_from_template, builds_made_from, checked_template_rows, context_of, matching_template_rows, new_template, read_template_body, template_body, template_count, template_text_holds_secret, templates_in, with_users};
