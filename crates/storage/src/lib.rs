//! The only crate that knows SQL. One Diesel codebase over SQLite and PostgreSQL, chosen at run
//! time by the database URL; repositories per aggregate map rows to domain values.

pub mod audit;
pub mod billing;
mod cached;
pub mod campaigns;
pub mod care;
pub mod catalogue;
pub mod codes;
pub mod crm;
pub mod customers;
mod db;
pub mod delivery;
mod error;
pub mod finance;
pub mod idempotency;
pub mod inventory;
pub mod loans;
pub mod notices;
pub mod org;
pub mod outbox;
mod paging;
pub mod parts;
pub mod sales;
pub mod schema;
pub mod scope;
pub mod service;
mod tools;
pub mod users;

pub use cached::{Cached, Keyed};
pub use db::{Backend, Db, DbConnection, MultiBackend, redact};
pub use error::{StorageError, StorageResult};
pub use paging::{Page, PageRequest};
pub use tools::{create_postgres_database, reset_all_data};
