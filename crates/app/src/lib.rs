//! Use cases: authorize → load → apply the domain rule → save with its audit record, in one
//! transaction. Everything here is synchronous; the web layer runs it on `spawn_blocking`.

pub mod campaigns;
pub mod capabilities;
pub mod care;
pub mod catalogue;
pub mod crm;
pub mod customers;
pub mod delivery;
pub mod finance;
pub mod inventory;
pub mod kernel;
pub mod loaners;
pub mod org;
pub mod parts;
pub mod sales;
pub mod service;

pub use kernel::error::{AppError, AppResult, Conflict, ExistingRecord, LoginRefusal};
pub use kernel::{App, Clock, require};
/// A page of a list, and which page to read.
pub use storage::{Page, PageRequest};
