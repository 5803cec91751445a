//! What a capability adds to the application, declared in one place per capability
//! (`app::<capability>::CAPABILITY`) and listed once in `app::capabilities::ALL`: the events it
//! listens to, what it adds to a customer's timeline, the background jobs it runs, which
//! permissions and audit actions are its own, and its part of a customer's erasure. The kernel reads these lists; it names no
//! capability.

use super::events::Listener;
use super::timeline::Source;
use crate::kernel::audit::Action;
use domain::rbac::Permission;

/// A background job, run by the server every `every_secs` seconds; it returns how much it did
/// (mails queued, alerts raised, rows removed) for the log.
pub struct Job {
    /// `capability.job`, unique in the registry; the log names it.
    pub name: &'static str,
    pub every_secs: u64,
    pub run: fn(&super::App) -> crate::AppResult<usize>,
}

/// One capability's declarations.
pub struct Capability {
    /// The capability's name: `sales`, `finance`, `inventory`, ...
    pub name: &'static str,
    pub listeners: &'static [Listener],
    /// What it adds to the customer 360's timeline.
    pub timeline: &'static [Source],
    /// What it says about a customer's car at the service desk (an open recall).
    pub vehicle_notes: &'static [super::vehicle_notes::Source],
    pub jobs: &'static [Job],
    /// The permissions its use cases check (each declared by one capability).
    pub permissions: &'static [Permission],
    /// The audit actions its use cases record (each declared by one capability).
    pub audit_actions: &'static [Action],
    /// Its part of a customer's erasure (what it keeps of them, and when it still needs it).
    pub erasers: &'static [super::erasure::Eraser],
    /// The notices its use cases send to staff (`mail-approval`): each person chooses how they
    /// get each (in the app, by e-mail, by text message).
    pub staff_notices: &'static [&'static str],
}

impl Capability {
    /// A capability that declares nothing yet (the starting point of a new one).
    pub const fn named(name: &'static str) -> Self {
        Self {
            name,
            listeners: &[],
            timeline: &[],
            vehicle_notes: &[],
            jobs: &[],
            permissions: &[],
            audit_actions: &[],
            erasers: &[],
            staff_notices: &[],
        }
    }
}

/// What is wrong with a set of capabilities: a name, listener or job twice; a permission or audit
/// action declared twice or by nobody.
pub fn problems(all: &[&Capability]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for k in all {
        let names = std::iter::once(("capability", k.name))
            .chain(k.listeners.iter().map(|l| ("listener", l.name)))
            .chain(k.jobs.iter().map(|j| ("job", j.name)))
            .chain(k.erasers.iter().map(|e| ("eraser", e.name)))
            .chain(k.staff_notices.iter().map(|n| ("staff notice", *n)));
        for (what, name) in names {
            if let Some(first) = seen.insert((what, name), k.name) {
                out.push(format!("{what} {name} registered by {first} and {}", k.name));
            }
        }
        for l in k.listeners {
            if l.hears.is_empty() {
                out.push(format!("listener {} hears nothing", l.name));
            }
        }
    }
    for p in Permission::ALL {
        let by: Vec<&str> = all.iter().filter(|k| k.permissions.contains(&p)).map(|k| k.name).collect();
        if by.len() != 1 {
            out.push(format!("permission {} declared by {} capabilities ({})", p.code(), by.len(), by.join(", ")));
        }
    }
    for a in Action::ALL {
        let by: Vec<&str> = all.iter().filter(|k| k.audit_actions.contains(&a)).map(|k| k.name).collect();
        if by.len() != 1 {
            out.push(format!("audit action {} declared by {} capabilities ({})", a.code(), by.len(), by.join(", ")));
        }
    }
    out
}
