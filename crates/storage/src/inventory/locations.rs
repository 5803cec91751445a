//! A store's places for vehicles: showroom, yard, off-site lot.

use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::locations as l;
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = l)]
pub struct LocationRow {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    /// `showroom`, `yard` or `offsite`.
    pub kind: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A store's locations, active first, by name.
pub fn of_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<LocationRow>> {
    native!(conn, c => l::table
        .filter(l::store_id.eq(store_id))
        .order((l::active.desc(), l::name))
        .select(LocationRow::as_select())
        .load(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<LocationRow> {
    native!(conn, c => l::table.find(id).select(LocationRow::as_select()).first(c)).classify()
}

/// A new location; a name the store uses already is a `Duplicate`.
pub fn insert(
    conn: &mut DbConnection,
    store_id: i64,
    name: &str,
    kind: &str,
    now: NaiveDateTime,
) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(l::table)
        .values((l::store_id.eq(store_id), l::name.eq(name), l::kind.eq(kind), l::created_at.eq(now), l::updated_at.eq(now)))
        .returning(l::id)
        .get_result(c))
    .classify()
}

/// Renames, re-kinds or (de)activates the location read at `row.version`.
pub fn update(
    conn: &mut DbConnection,
    row: &LocationRow,
    name: &str,
    kind: &str,
    active: bool,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(l::table.find(row.id).filter(l::version.eq(row.version)))
        .set((l::name.eq(name), l::kind.eq(kind), l::active.eq(active), l::version.eq(row.version + 1), l::updated_at.eq(now)))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}
