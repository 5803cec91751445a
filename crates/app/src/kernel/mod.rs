//! The kernel: what every capability shares and nothing of any one capability. The application
//! handle and its clock, the store's calendar, idempotency keys, the data scope, signed links
//! (crypto), the audit log, the outbox and its messages, the events capabilities raise for each
//! other, what they say about a car at the desk, and the registry where each capability declares what it adds. A capability depends on
//! the kernel; the kernel depends on no capability.

pub mod audit;
pub mod calendar;
pub mod crypto;
pub mod erasure;
pub(crate) mod error;
pub mod events;
pub mod idempotency;
pub mod input;
pub mod json;
pub mod links;
pub mod notify;
pub mod outbox;
pub mod registry;
pub mod scope;
pub mod sms;
pub mod tax;
pub mod timeline;
pub mod vehicle_notes;
pub(crate) mod view;

use crate::{AppError, AppResult};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::Db;

/// What every use case needs: the database, the keys, how to write messages, and the time.
#[derive(Clone)]
pub struct App {
    pub(crate) db: Db,
    pub secrets: crypto::Secrets,
    pub messages: notify::Messages,
    pub clock: Clock,
    /// Every capability's declarations (`app::capabilities::ALL` when serving).
    pub capabilities: &'static [&'static registry::Capability],
}

impl App {
    pub fn new(
        db: Db,
        secrets: crypto::Secrets,
        messages: notify::Messages,
        capabilities: &'static [&'static registry::Capability],
    ) -> Self {
        Self { db, secrets, messages, clock: Clock::System, capabilities }
    }

    /// Whether the database answers (the readiness probe).
    pub fn ping(&self) -> bool {
        self.db.ping()
    }

    /// The database, for the tools that load or measure it outside the use cases (the demo
    /// loader's reset, the benchmark). Never for a request: every read of a store's records goes
    /// through a use case and its scope.
    pub fn database(&self) -> &Db {
        &self.db
    }

    /// The same application writing at the times `clock` gives (the demo loader's past).
    pub fn with_clock(&self, clock: Clock) -> Self {
        Self { clock, ..self.clone() }
    }

    /// The time every row, timeline entry, audit record and message of a use case is stamped
    /// with, in UTC; an order's number and tax date are its store's calendar day at this time.
    pub fn now(&self) -> chrono::NaiveDateTime {
        match &self.clock {
            Clock::System => chrono::Utc::now().naive_utc(),
            Clock::Set(at) => *at.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }
}

/// Where use cases read the time. Serving uses the system clock; the demo loader sets the clock
/// of its own `App` to the moments of a store's past, so that its orders have a history whose
/// dates, numbers and stage durations look real. Signed links expire by the system clock always.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Set(std::sync::Arc<std::sync::Mutex<chrono::NaiveDateTime>>),
}

impl Clock {
    pub fn set_to(at: chrono::NaiveDateTime) -> Self {
        Clock::Set(std::sync::Arc::new(std::sync::Mutex::new(at)))
    }

    /// Moves a set clock to `at`; the system clock is not moved.
    pub fn move_to(&self, at: chrono::NaiveDateTime) {
        if let Clock::Set(t) = self {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }
}

/// Refuses unless the actor's role grants `permission`.
pub fn require(actor: &Actor, permission: Permission) -> AppResult<()> {
    if actor.can(permission) { Ok(()) } else { Err(AppError::Forbidden) }
}
