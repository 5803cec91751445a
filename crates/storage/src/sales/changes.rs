//! Change orders (变更单): the terms proposed for a signed order, their approvals and supplement.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::change_orders as ch;
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::sales::ChangeStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ch)]
pub struct ChangeOrderRow {
    pub id: i64,
    pub order_id: i64,
    pub store_id: i64,
    pub change_no: String,
    #[diesel(deserialize_as = Coded<ch::status, ChangeStatus>)]
    pub status: ChangeStatus,
    /// The proposed order form (JSON).
    pub input: String,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
    /// What changes (JSON).
    pub summary: String,
    pub reason: String,
    /// The approval levels (JSON `[{role, reasons}]`).
    pub levels: String,
    pub level: i32,
    /// The decisions taken (JSON).
    pub decisions: String,
    pub contract_id: Option<i64>,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<i64>,
    pub closed_note: Option<String>,
    pub version: i64,
}

pub struct NewChangeOrder<'a> {
    pub order_id: i64,
    pub store_id: i64,
    pub change_no: &'a str,
    pub input: &'a str,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
    pub summary: &'a str,
    pub reason: &'a str,
    pub levels: &'a str,
    pub requested_by: i64,
    pub now: NaiveDateTime,
}

/// A new change order awaiting its first approval level. A second open one for the order is
/// `Duplicate` (the unique index).
pub fn insert(conn: &mut DbConnection, n: &NewChangeOrder<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(ch::table)
        .values((
            ch::order_id.eq(n.order_id),
            ch::store_id.eq(n.store_id),
            ch::change_no.eq(n.change_no),
            ch::status.eq(ChangeStatus::AwaitingApproval.code()),
            ch::input.eq(n.input),
            ch::total_before_fen.eq(n.total_before_fen),
            ch::total_after_fen.eq(n.total_after_fen),
            ch::summary.eq(n.summary),
            ch::reason.eq(n.reason),
            ch::levels.eq(n.levels),
            ch::requested_by.eq(n.requested_by),
            ch::requested_at.eq(n.now),
        ))
        .returning(ch::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<ChangeOrderRow> {
    native!(conn, c => ch::table.find(id).select(ChangeOrderRow::as_select()).first(c)).classify()
}

/// The order's change orders, newest first.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ChangeOrderRow>> {
    native!(conn, c => ch::table
        .filter(ch::order_id.eq(order_id))
        .order(ch::id.desc())
        .select(ChangeOrderRow::as_select())
        .load(c))
    .classify()
}

/// How many change orders the order has had: the next one's sequence.
pub fn count_of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<i64> {
    native!(conn, c => ch::table.filter(ch::order_id.eq(order_id)).count().get_result(c)).classify()
}

/// The change order whose supplement is contract version `contract_id`.
pub fn of_contract(conn: &mut DbConnection, contract_id: i64) -> StorageResult<Option<ChangeOrderRow>> {
    native!(conn, c => ch::table
        .filter(ch::contract_id.eq(contract_id))
        .select(ChangeOrderRow::as_select())
        .first(c)
        .optional())
    .classify()
}

/// The state a decision leaves the change order in.
pub struct ChangeUpdate<'a> {
    pub status: ChangeStatus,
    pub level: i32,
    pub decisions: &'a str,
    pub contract_id: Option<i64>,
    /// Set when the change order ends (in force, rejected, withdrawn).
    pub closed: Option<(i64, Option<&'a str>)>,
    pub now: NaiveDateTime,
}

/// Writes `u` if the change order is still at the version read.
pub fn update(conn: &mut DbConnection, row: &ChangeOrderRow, u: &ChangeUpdate<'_>) -> StorageResult<()> {
    let (closed_at, closed_by, closed_note) = match u.closed {
        Some((by, note)) => (Some(u.now), Some(by), note.map(str::to_string)),
        None => (None, None, None),
    };
    let n = native!(conn, c => diesel::update(ch::table.find(row.id).filter(ch::version.eq(row.version)))
        .set((
            ch::status.eq(u.status.code()),
            ch::level.eq(u.level),
            ch::decisions.eq(u.decisions),
            ch::contract_id.eq(u.contract_id),
            ch::closed_at.eq(closed_at),
            ch::closed_by.eq(closed_by),
            ch::closed_note.eq(closed_note),
            ch::version.eq(row.version + 1),
        ))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// The store's change orders waiting for an approval level, oldest first (the approvers' inbox).
pub fn awaiting_approval(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<ChangeOrderRow>> {
    native!(conn, c => ch::table
        .filter(ch::store_id.eq(store_id))
        .filter(ch::status.eq(ChangeStatus::AwaitingApproval.code()))
        .order(ch::id)
        .select(ChangeOrderRow::as_select())
        .load(c))
    .classify()
}
