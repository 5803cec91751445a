//! Purchase orders to the manufacturer and the customer orders they are for.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{factory_order_links as fl, factory_orders as fo, vehicles as v};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::inventory::FactoryOrderStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fo)]
pub struct FactoryOrderRow {
    pub id: i64,
    pub group_id: i64,
    pub store_id: i64,
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
    pub quantity: i32,
    pub expected_on: Option<NaiveDate>,
    #[diesel(deserialize_as = Coded<fo::status, FactoryOrderStatus>)]
    pub status: FactoryOrderStatus,
    pub note: String,
    pub created_by: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The store's calendar day it was made, which its number carries.
    pub store_day: NaiveDate,
}

pub struct NewFactoryOrder<'a> {
    pub group_id: i64,
    pub store_id: i64,
    pub spec: domain::inventory::Spec,
    pub quantity: i32,
    pub expected_on: Option<NaiveDate>,
    pub status: FactoryOrderStatus,
    pub note: &'a str,
    pub created_by: i64,
    pub store_day: NaiveDate,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewFactoryOrder<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(fo::table)
        .values((
            fo::group_id.eq(n.group_id),
            fo::store_id.eq(n.store_id),
            fo::trim_id.eq(n.spec.trim_id),
            fo::exterior_colour_id.eq(n.spec.exterior_colour_id),
            fo::interior_colour_id.eq(n.spec.interior_colour_id),
            fo::quantity.eq(n.quantity),
            fo::expected_on.eq(n.expected_on),
            fo::status.eq(n.status.code()),
            fo::note.eq(n.note),
            fo::created_by.eq(n.created_by),
            fo::created_at.eq(n.now),
            fo::updated_at.eq(n.now),
            fo::store_day.eq(n.store_day),
        ))
        .returning(fo::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<FactoryOrderRow> {
    native!(conn, c => fo::table.find(id).select(FactoryOrderRow::as_select()).first(c)).classify()
}

/// Locks the factory order's row until the transaction ends (PostgreSQL; SQLite writes one at
/// a time already): announcements of VINs on it are counted one at a time.
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        fo::table.find(id).select(fo::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// A store's factory orders, newest first, of one status if asked.
pub fn list(
    conn: &mut DbConnection,
    store_id: i64,
    status: Option<FactoryOrderStatus>,
    page: PageRequest,
) -> StorageResult<Page<FactoryOrderRow>> {
    native!(conn, c => {
        let query = || {
            let mut q = fo::table.filter(fo::store_id.eq(store_id)).into_boxed();
            if let Some(s) = status {
                q = q.filter(fo::status.eq(s.code()));
            }
            q
        };
        let total: i64 = query().count().get_result(c)?;
        let items = query()
            .order((fo::created_at.desc(), fo::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(FactoryOrderRow::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>(Page { items, total, page: page.page, per_page: page.per_page })
    })
    .classify()
}

/// Sets the status of the factory order read at `row.version`.
pub fn set_status(
    conn: &mut DbConnection,
    row: &FactoryOrderRow,
    status: FactoryOrderStatus,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(fo::table.find(row.id).filter(fo::version.eq(row.version)))
        .set((fo::status.eq(status.code()), fo::version.eq(row.version + 1), fo::updated_at.eq(now)))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// Links a customer order to the factory order building its car (an order waits on one
/// factory order at most: a second link is a `Duplicate`).
pub fn link(
    conn: &mut DbConnection,
    factory_order_id: domain::ids::FactoryOrderId,
    order_id: domain::ids::OrderId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(fl::table)
        .values((fl::factory_order_id.eq(factory_order_id), fl::order_id.eq(order_id), fl::created_at.eq(now)))
        .execute(c))
    .classify()?;
    Ok(())
}

/// The customer orders a factory order is for, in the order they were linked.
pub fn linked_orders(conn: &mut DbConnection, factory_order_id: i64) -> StorageResult<Vec<i64>> {
    native!(conn, c => fl::table
        .filter(fl::factory_order_id.eq(factory_order_id))
        .order((fl::created_at, fl::order_id))
        .select(fl::order_id)
        .load(c))
    .classify()
}

/// The factory order a customer order waits on.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<i64>> {
    native!(conn, c => fl::table.filter(fl::order_id.eq(order_id)).select(fl::factory_order_id).first(c).optional())
        .classify()
}

/// How many VINs the maker has announced on the factory order.
pub fn announced(conn: &mut DbConnection, factory_order_id: i64) -> StorageResult<i64> {
    native!(conn, c => v::table.filter(v::factory_order_id.eq(factory_order_id)).count().get_result(c)).classify()
}

/// Unlinks every customer order from a cancelled factory order (each may wait on another).
pub fn unlink_all(conn: &mut DbConnection, factory_order_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::delete(fl::table.filter(fl::factory_order_id.eq(factory_order_id))).execute(c))
        .classify()?;
    Ok(())
}
