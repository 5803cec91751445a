//! Typed audit events, written in the same transaction as the change they describe.

mod actions;
mod names;

pub use actions::Action;
pub use names::{Named, Ref, names};

/// The log's filter.
pub use storage::audit::AuditFilter;

/// A record of the audit log.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub group_id: i64,
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// The staff member's name, or the customer's when they acted through their link
    /// (`by_customer`).
    pub actor_name: String,
    pub by_customer: bool,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: chrono::NaiveDateTime,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    /// `{field: [before, after]}`.
    #[schema(value_type = Object)]
    pub changes: Value,
}

impl From<storage::audit::AuditRow> for AuditEntry {
    fn from(r: storage::audit::AuditRow) -> Self {
        Self {
            id: r.id,
            group_id: r.group_id,
            store_id: r.store_id,
            actor_id: r.actor_id,
            by_customer: r.actor_id.is_none(),
            // Entries before 2026-12 carried the role in the name, in Chinese.
            actor_name: r.actor_name.strip_suffix("（客户）").map(str::to_string).unwrap_or(r.actor_name),
            at: r.at,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            changes: crate::kernel::json::value(&r.changes),
        }
    }
}

use crate::{AppResult, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
use serde_json::{Map, Value, json};
use storage::audit::NewAuditEvent;
use storage::{DbConnection, Page, PageRequest};

/// The types of record the log holds actions on, in the order the actions are declared (the
/// audit page's filter): derived from [`Action::ALL`], so a new capability's records appear
/// without a list to update. Exports, which are about no one record, are left out.
pub fn record_types() -> Vec<&'static str> {
    let mut types: Vec<&'static str> = Vec::new();
    for a in Action::ALL {
        let t = a.entity_type();
        if !a.code().ends_with(".exported") && !types.contains(&t) {
            types.push(t);
        }
    }
    types
}

/// Field changes: name -> [before, after]; only fields that differ are kept.
#[derive(Debug, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field<T: serde::Serialize + PartialEq>(mut self, name: &str, before: T, after: T) -> Self {
        if before != after {
            self.0.insert(name.to_string(), json!([before, after]));
        }
        self
    }

    /// For a created record: every field with `null` as before.
    pub fn created<T: serde::Serialize>(mut self, name: &str, value: T) -> Self {
        self.0.insert(name.to_string(), json!([null, value]));
        self
    }

    /// Like `created`, but records nothing when there is no value.
    pub fn created_if<T: serde::Serialize>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.created(name, v),
            None => self,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub struct Record {
    pub action: Action,
    pub entity_id: i64,
    pub store_id: Option<i64>,
    pub changes: Changes,
}

pub fn record(conn: &mut DbConnection, now: NaiveDateTime, actor: &Actor, event: Record) -> AppResult<()> {
    insert(conn, now, actor.group_id.0, Some(actor.user_id.0), &actor.display_name, event)
}

/// Records an event done by the customer through their signed link (no staff account): the
/// entry has no actor id and the customer's name.
pub fn record_customer(
    c: &mut DbConnection,
    now: NaiveDateTime,
    group_id: i64,
    customer_name: &str,
    event: Record,
) -> AppResult<()> {
    insert(c, now, group_id, None, customer_name, event)
}

/// Records what a background job did by itself (an escalation): no actor, the job's name.
pub fn record_job(c: &mut DbConnection, now: NaiveDateTime, group_id: i64, job: &str, event: Record) -> AppResult<()> {
    insert(c, now, group_id, None, job, event)
}

fn insert(
    c: &mut DbConnection,
    now: NaiveDateTime,
    group_id: i64,
    actor_id: Option<i64>,
    actor_name: &str,
    event: Record,
) -> AppResult<()> {
    let changes = Value::Object(event.changes.0).to_string();
    storage::audit::insert(
        c,
        &NewAuditEvent {
            group_id,
            store_id: event.store_id,
            actor_id,
            actor_name,
            at: now,
            action: event.action.code(),
            entity_type: event.action.entity_type(),
            entity_id: event.entity_id,
            changes: &changes,
        },
    )?;
    Ok(())
}

/// Searches the log within the actor's reach: group-scope users see every store, others their store.
pub fn search(
    app: &crate::App,
    actor: &Actor,
    mut filter: AuditFilter,
    page: PageRequest,
) -> AppResult<Page<AuditEntry>> {
    require(actor, Permission::AuditRead)?;
    filter.group_id = actor.group_id.0;
    if actor.scope != domain::rbac::DataScope::Group {
        filter.store_ids = Some(vec![actor.store_id.0]);
    }
    app.db.read(|c| Ok(storage::audit::search(c, &filter, page)?.map(AuditEntry::from)))
}

/// The history of one record for its page, as far as `actor`'s group holds it (the caller has
/// already checked that the actor may see the record).
pub fn history(app: &crate::App, actor: &Actor, entity_type: &str, entity_id: i64) -> AppResult<Vec<AuditEntry>> {
    app.db.read(|c| {
        let rows = storage::audit::for_entity(c, actor.group_id, entity_type, entity_id, 50)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    })
}
