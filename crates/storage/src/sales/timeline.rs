//! An order's items and its timeline.

use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::{order_events, order_items};
use crate::{Cached, DbConnection};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_items)]
pub struct ItemRow {
    pub id: i64,
    pub order_id: i64,
    /// option | accessory | fee | gift
    pub kind: String,
    pub option_id: Option<i64>,
    pub name: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: String,
    pub option_id: Option<i64>,
    pub name: String,
    pub amount_fen: i64,
}

pub fn replace_items(conn: &mut DbConnection, order_id: i64, items: &[NewItem]) -> StorageResult<()> {
    native!(conn, c => diesel::delete(order_items::table.filter(order_items::order_id.eq(order_id))).execute(c))
        .classify()?;
    for i in items {
        native!(conn, c => Cached(diesel::insert_into(order_items::table).values((
            order_items::order_id.eq(order_id),
            order_items::kind.eq(&i.kind),
            order_items::option_id.eq(i.option_id),
            order_items::name.eq(&i.name),
            order_items::amount_fen.eq(i.amount_fen),
        ))
        .returning(order_items::id))
        .get_result::<i64>(c))
        .classify()?;
    }
    Ok(())
}

pub fn items(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ItemRow>> {
    native!(conn, c => order_items::table
        .filter(order_items::order_id.eq(order_id))
        .order(order_items::id)
        .select(ItemRow::as_select())
        .load(c))
    .classify()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_events)]
pub struct EventRow {
    pub id: i64,
    pub order_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_event(
    conn: &mut DbConnection,
    order_id: i64,
    at: NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: &str,
    action: &str,
    from_status: Option<&str>,
    to_status: &str,
    note: Option<&str>,
) -> StorageResult<()> {
    native!(conn, c => Cached(diesel::insert_into(order_events::table).values((
        order_events::order_id.eq(order_id),
        order_events::at.eq(at),
        order_events::actor_id.eq(actor_id),
        order_events::actor_name.eq(actor_name),
        order_events::action.eq(action),
        order_events::from_status.eq(from_status),
        order_events::to_status.eq(to_status),
        order_events::note.eq(note),
    ))
        .returning(order_events::id))
    .get_result::<i64>(c))
    .classify()?;
    Ok(())
}

pub fn events(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<EventRow>> {
    native!(conn, c => order_events::table
        .filter(order_events::order_id.eq(order_id))
        .order((order_events::at.asc(), order_events::id.asc()))
        .select(EventRow::as_select())
        .load(c))
    .classify()
}

/// When each of `order_ids` first reached `status` (delivery dates for a customer's timeline).
pub fn reached(conn: &mut DbConnection, order_ids: &[i64], status: &str) -> StorageResult<Vec<(i64, NaiveDateTime)>> {
    native!(conn, c => order_events::table
        .filter(order_events::order_id.eq_any(order_ids))
        .filter(order_events::to_status.eq(status))
        .order(order_events::id)
        .select((order_events::order_id, order_events::at))
        .load(c))
    .classify()
}
