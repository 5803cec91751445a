//! A store's PDI checklist: standard items it switched off (or on again) and items of its own.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::pdi_checklist_items as k;
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::delivery::{Applies, Section};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct ChecklistRow {
    pub id: i64,
    pub store_id: i64,
    pub key: String,
    #[diesel(deserialize_as = Coded<k::section, Section>)]
    pub section: Section,
    pub label: Option<String>,
    #[diesel(deserialize_as = Coded<k::applies, Applies>)]
    pub applies: Applies,
    pub active: bool,
    pub updated_at: NaiveDateTime,
    pub updated_by: i64,
}

/// The store's rows, its own items in the order they were added.
pub fn of_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<ChecklistRow>> {
    native!(conn, c => k::table
        .filter(k::store_id.eq(store_id))
        .order(k::id)
        .select(ChecklistRow::as_select())
        .load(c))
    .classify()
}

/// A row as written: a standard item switched off or on, or an own item.
pub struct ItemWrite<'a> {
    pub store_id: i64,
    pub key: &'a str,
    pub section: Section,
    pub label: Option<&'a str>,
    pub applies: Applies,
    pub active: bool,
    pub by: i64,
    pub now: NaiveDateTime,
}

/// Sets whether an item is checked (inserting the row of a standard item the first time).
pub fn upsert(conn: &mut DbConnection, w: &ItemWrite<'_>) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(k::table.filter(k::store_id.eq(w.store_id)).filter(k::key.eq(w.key)))
        .set((k::active.eq(w.active), k::updated_at.eq(w.now), k::updated_by.eq(w.by)))
        .execute(c))
    .classify()?;
    if n == 0 {
        native!(conn, c => diesel::insert_into(k::table)
            .values((
                k::store_id.eq(w.store_id),
                k::key.eq(w.key),
                k::section.eq(w.section.code()),
                k::label.eq(w.label),
                k::applies.eq(w.applies.code()),
                k::active.eq(w.active),
                k::updated_at.eq(w.now),
                k::updated_by.eq(w.by),
            ))
            .execute(c))
        .classify()?;
    }
    Ok(())
}

/// How many own items the store has added (the next one's number).
pub fn own_count(conn: &mut DbConnection, store_id: i64) -> StorageResult<i64> {
    native!(conn, c => k::table
        .filter(k::store_id.eq(store_id))
        .filter(k::label.is_not_null())
        .count()
        .get_result(c))
    .classify()
}
