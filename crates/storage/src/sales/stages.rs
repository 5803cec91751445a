//! The stages an order goes through, entered and left as they happen, and each store's stage
//! time limits.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{order_stages as s, stage_limits as l};
use crate::{Cached, DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::sales::Status;
use domain::sales::limits::Limit;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct StageRow {
    pub id: i64,
    pub order_id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<s::status, Status>)]
    pub status: Status,
    pub entered_at: NaiveDateTime,
    pub left_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub escalated_at: Option<NaiveDateTime>,
}

/// The order left the stage it was in and entered `status` at `at`.
pub fn moved(conn: &mut DbConnection, order: &super::OrderRow, at: NaiveDateTime) -> StorageResult<()> {
    let (order_id, store_id, status) = (order.id, order.store_id, order.status.code());
    native!(conn, c => crate::keyed!(diesel::update(s::table.filter(s::order_id.eq(order_id)).filter(s::left_at.is_null()))
        .set(s::left_at.eq(at))
        .returning(s::id))
        .load::<i64>(c))
    .classify()?;
    native!(conn, c => Cached(diesel::insert_into(s::table).values((
        s::order_id.eq(order_id),
        s::store_id.eq(store_id),
        s::status.eq(status),
        s::entered_at.eq(at),
    ))
    .returning(s::id))
    .get_result::<i64>(c))
    .classify()?;
    Ok(())
}

/// Every stage of an order, the first first.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<StageRow>> {
    native!(conn, c => s::table
        .filter(s::order_id.eq(order_id))
        .order((s::entered_at, s::id))
        .select(StageRow::as_select())
        .load(c))
    .classify()
}

/// The open stages of `store` in `status` entered by `entered_by` (past a limit), the longest
/// waiting first.
pub fn waiting_since(
    conn: &mut DbConnection,
    store_id: i64,
    status: Status,
    entered_by: NaiveDateTime,
) -> StorageResult<Vec<StageRow>> {
    native!(conn, c => s::table
        .filter(s::store_id.eq(store_id))
        .filter(s::status.eq(status.code()))
        .filter(s::left_at.is_null())
        .filter(s::entered_at.le(entered_by))
        .order((s::entered_at, s::id))
        .select(StageRow::as_select())
        .load(c))
    .classify()
}

/// Claims the reminder of an open stage: true once, for whoever claims it first.
pub fn claim_reminder(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<bool> {
    let n = native!(conn, c => diesel::update(
        s::table.find(id).filter(s::left_at.is_null()).filter(s::reminded_at.is_null()),
    )
    .set(s::reminded_at.eq(now))
    .execute(c))
    .classify()?;
    Ok(n == 1)
}

/// Claims the escalation of an open stage: true once.
pub fn claim_escalation(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<bool> {
    let n = native!(conn, c => diesel::update(
        s::table.find(id).filter(s::left_at.is_null()).filter(s::escalated_at.is_null()),
    )
    .set(s::escalated_at.eq(now))
    .execute(c))
    .classify()?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = l)]
pub struct LimitRow {
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<l::status, Status>)]
    pub status: Status,
    pub remind_hours: i32,
    pub escalate_hours: i32,
    pub updated_at: NaiveDateTime,
    pub updated_by: i64,
}

/// The limits a store set (the stages it did not set keep the defaults).
pub fn limits(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<LimitRow>> {
    native!(conn, c => l::table
        .filter(l::store_id.eq(store_id))
        .select(LimitRow::as_select())
        .load(c))
    .classify()
}

/// Sets a store's limit of a stage.
pub fn set_limit(
    conn: &mut DbConnection,
    store: domain::ids::StoreId,
    status: Status,
    limit: Limit,
    by: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let (store_id, by) = (store.0, by.0);
    native!(conn, c => diesel::delete(l::table.find((store_id, status.code()))).execute(c)).classify()?;
    native!(conn, c => diesel::insert_into(l::table)
        .values((
            l::store_id.eq(store_id),
            l::status.eq(status.code()),
            l::remind_hours.eq(limit.remind_hours),
            l::escalate_hours.eq(limit.escalate_hours),
            l::updated_at.eq(now),
            l::updated_by.eq(by),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}
