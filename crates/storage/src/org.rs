//! Dealer groups, stores and teams.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{dealer_groups, stores, teams};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dealer_groups)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stores)]
pub struct StoreRow {
    pub id: i64,
    pub group_id: i64,
    pub code: String,
    pub name: String,
    pub brand_line: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub timezone: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// VINs whose check digit does not match are accepted (imports), each marked unchecked.
    pub accept_unchecked_vins: bool,
}

/// The editable fields of a store.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = stores, treat_none_as_null = true)]
pub struct StoreFields {
    pub code: String,
    pub name: String,
    pub brand_line: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub accept_unchecked_vins: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = teams)]
pub struct TeamRow {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_group(conn: &mut DbConnection, name: &str, now: NaiveDateTime) -> StorageResult<i64> {
    diesel::insert_into(dealer_groups::table)
        .values((dealer_groups::name.eq(name), dealer_groups::created_at.eq(now)))
        .returning(dealer_groups::id)
        .get_result(conn)
        .classify()
}

pub fn get_group(conn: &mut DbConnection, id: i64) -> StorageResult<GroupRow> {
    dealer_groups::table.find(id).select(GroupRow::as_select()).first(conn).classify()
}

pub fn first_group(conn: &mut DbConnection) -> StorageResult<Option<GroupRow>> {
    dealer_groups::table.order(dealer_groups::id).select(GroupRow::as_select()).first(conn).optional().classify()
}

pub fn insert_store(
    conn: &mut DbConnection,
    group_id: i64,
    f: &StoreFields,
    now: NaiveDateTime,
) -> StorageResult<StoreRow> {
    diesel::insert_into(stores::table)
        .values((f, stores::group_id.eq(group_id), stores::created_at.eq(now), stores::updated_at.eq(now)))
        .returning(stores::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update_store(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    f: &StoreFields,
    now: NaiveDateTime,
) -> StorageResult<StoreRow> {
    diesel::update(stores::table.filter(stores::id.eq(id)).filter(stores::version.eq(version)))
        .set((f, stores::version.eq(version.saturating_add(1)), stores::updated_at.eq(now)))
        .returning(stores::all_columns)
        .get_result(conn)
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)
}

pub fn get_store(conn: &mut DbConnection, id: i64) -> StorageResult<StoreRow> {
    native!(conn, c => stores::table.find(id).select(StoreRow::as_select()).first(c)).classify()
}

pub fn list_stores(conn: &mut DbConnection, group_id: i64) -> StorageResult<Vec<StoreRow>> {
    stores::table
        .filter(stores::group_id.eq(group_id))
        .order(stores::code)
        .select(StoreRow::as_select())
        .load(conn)
        .classify()
}

/// Every active store of every group (the background jobs' round).
pub fn active_stores(conn: &mut DbConnection) -> StorageResult<Vec<StoreRow>> {
    stores::table.filter(stores::active.eq(true)).order(stores::id).select(StoreRow::as_select()).load(conn).classify()
}

pub fn insert_team(conn: &mut DbConnection, store_id: i64, name: &str, now: NaiveDateTime) -> StorageResult<TeamRow> {
    diesel::insert_into(teams::table)
        .values((
            teams::store_id.eq(store_id),
            teams::name.eq(name),
            teams::created_at.eq(now),
            teams::updated_at.eq(now),
        ))
        .returning(teams::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update_team(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    name: &str,
    active: bool,
    now: NaiveDateTime,
) -> StorageResult<TeamRow> {
    diesel::update(teams::table.filter(teams::id.eq(id)).filter(teams::version.eq(version)))
        .set((
            teams::name.eq(name),
            teams::active.eq(active),
            teams::version.eq(version.saturating_add(1)),
            teams::updated_at.eq(now),
        ))
        .returning(teams::all_columns)
        .get_result(conn)
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)
}

pub fn get_team(conn: &mut DbConnection, id: i64) -> StorageResult<TeamRow> {
    teams::table.find(id).select(TeamRow::as_select()).first(conn).classify()
}

/// Teams of the given stores, by store then name.
pub fn list_teams(conn: &mut DbConnection, store_ids: &[i64]) -> StorageResult<Vec<TeamRow>> {
    teams::table
        .filter(teams::store_id.eq_any(store_ids))
        .order((teams::store_id, teams::name))
        .select(TeamRow::as_select())
        .load(conn)
        .classify()
}
