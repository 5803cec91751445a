//! The audit log: one row per write, in the write's transaction.

use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::audit_events;
use crate::{DbConnection, Page, PageRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct NewAuditEvent<'a> {
    pub group_id: i64,
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub at: NaiveDateTime,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: i64,
    /// JSON object: field name -> [before, after].
    pub changes: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: i64,
    pub group_id: i64,
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub at: NaiveDateTime,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    /// `{field: [before, after]}` (JSON text in the database).
    pub changes: String,
}

pub fn insert(conn: &mut DbConnection, event: &NewAuditEvent<'_>) -> StorageResult<()> {
    // One statement: absent optional columns are bound as NULL.
    native!(conn, c => crate::keyed!(diesel::insert_into(audit_events::table).values(event).returning(audit_events::id))
        .get_result::<i64>(c))
    .classify()?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub group_id: i64,
    /// Restrict to these stores' events plus group-level ones (None: every store of the group).
    pub store_ids: Option<Vec<i64>>,
    pub actor_id: Option<i64>,
    pub entity_type: Option<String>,
    pub entity_id: Option<i64>,
    pub action_prefix: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

pub fn search(conn: &mut DbConnection, f: &AuditFilter, page: PageRequest) -> StorageResult<Page<AuditRow>> {
    let build = || {
        let mut q = audit_events::table.filter(audit_events::group_id.eq(f.group_id)).into_boxed();
        if let Some(stores) = &f.store_ids {
            q = q.filter(audit_events::store_id.eq_any(stores.clone()).or(audit_events::store_id.is_null()));
        }
        if let Some(a) = f.actor_id {
            q = q.filter(audit_events::actor_id.eq(a));
        }
        if let Some(t) = &f.entity_type {
            q = q.filter(audit_events::entity_type.eq(t.clone()));
        }
        if let Some(id) = f.entity_id {
            q = q.filter(audit_events::entity_id.eq(id));
        }
        if let Some(p) = &f.action_prefix {
            q = q.filter(audit_events::action.like(format!("{p}%")));
        }
        if let Some(from) = f.from {
            q = q.filter(audit_events::at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(audit_events::at.lt(until));
        }
        q
    };
    let total: i64 = build().count().get_result(conn).classify()?;
    let items = build()
        .order((audit_events::at.desc(), audit_events::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(AuditRow::as_select())
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// The history of one record, newest first.
pub fn for_entity(
    conn: &mut DbConnection,
    group_id: domain::ids::GroupId,
    entity_type: &str,
    entity_id: i64,
    limit: i64,
) -> StorageResult<Vec<AuditRow>> {
    audit_events::table
        .filter(audit_events::group_id.eq(group_id))
        .filter(audit_events::entity_type.eq(entity_type))
        .filter(audit_events::entity_id.eq(entity_id))
        .order((audit_events::at.desc(), audit_events::id.desc()))
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
        .classify()
}

/// The changes recorded on these records, as `(event id, changes)`: read to be redacted.
pub fn changes_of(conn: &mut DbConnection, entity_type: &str, entity_ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
    native!(conn, c => audit_events::table
        .filter(audit_events::entity_type.eq(entity_type))
        .filter(audit_events::entity_id.eq_any(entity_ids))
        .select((audit_events::id, audit_events::changes))
        .load(c))
    .classify()
}

/// Replaces one event's changes: only for erasing personal data on request (the event itself,
/// who did what when, stays).
pub fn redact(conn: &mut DbConnection, id: i64, changes: &str) -> StorageResult<()> {
    native!(conn, c => diesel::update(audit_events::table.find(id)).set(audit_events::changes.eq(changes)).execute(c))
        .classify()
        .map(|_| ())
}

/// Renames the customer as the actor of what they did on their link (confirmed, signed), in the
/// audit log and on their orders' timelines: `actor_id` is empty for the customer's own steps.
pub fn rename_customer_actor(
    conn: &mut DbConnection,
    store_id: i64,
    order_ids: &[i64],
    name: &str,
    replacement: &str,
) -> StorageResult<()> {
    use crate::schema::order_events as oe;
    diesel::update(
        audit_events::table
            .filter(audit_events::store_id.eq(store_id))
            .filter(audit_events::actor_id.is_null())
            .filter(audit_events::actor_name.eq(name)),
    )
    .set(audit_events::actor_name.eq(replacement))
    .execute(conn)
    .classify()?;
    diesel::update(
        oe::table.filter(oe::order_id.eq_any(order_ids)).filter(oe::actor_id.is_null()).filter(oe::actor_name.eq(name)),
    )
    .set(oe::actor_name.eq(replacement))
    .execute(conn)
    .classify()?;
    Ok(())
}
