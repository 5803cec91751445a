//! Use cases: authorize → load → apply the domain rule → save with its audit record, in one
//! transaction. Everything here is synchronous; the web layer runs it on `spawn_blocking`.

pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod crypto;
pub mod customers;
mod error;
pub mod notify;
pub mod orders;
pub mod org;
pub mod outbox;
pub mod setup;
pub mod users;

pub use error::{AppError, AppResult, Conflict, ExistingRecord, LoginRefusal};

use domain::org::Actor;
use domain::rbac::Permission;
use storage::Db;

/// What every use case needs: the database, the keys, and how to write messages.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub secrets: crypto::Secrets,
    pub messages: notify::Messages,
}

impl App {
    pub fn new(db: Db, secrets: crypto::Secrets, messages: notify::Messages) -> Self {
        Self { db, secrets, messages }
    }
}

/// Refuses unless the actor's role grants `permission`.
pub fn require(actor: &Actor, permission: Permission) -> AppResult<()> {
    if actor.role.has(permission) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
