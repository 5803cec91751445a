//! Transfers of vehicles between a group's stores and the vehicles each carries.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{transfer_vehicles as tv, transfers as t, vehicles as v};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::inventory::TransferStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct TransferRow {
    pub id: i64,
    pub group_id: i64,
    pub from_store_id: i64,
    pub to_store_id: i64,
    #[diesel(deserialize_as = Coded<t::status, TransferStatus>)]
    pub status: TransferStatus,
    pub reason: String,
    pub requested_by: i64,
    pub decided_by: Option<i64>,
    pub decision_note: String,
    pub shipment_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The store's calendar day it was made, which its number carries.
    pub store_day: NaiveDate,
}

pub struct NewTransfer<'a> {
    pub group_id: i64,
    pub from_store_id: i64,
    pub to_store_id: i64,
    pub reason: &'a str,
    pub requested_by: i64,
    pub store_day: NaiveDate,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewTransfer<'_>, vehicle_ids: &[i64]) -> StorageResult<i64> {
    let id: i64 = native!(conn, c => diesel::insert_into(t::table)
        .values((
            t::group_id.eq(n.group_id),
            t::from_store_id.eq(n.from_store_id),
            t::to_store_id.eq(n.to_store_id),
            t::status.eq(TransferStatus::Requested.code()),
            t::reason.eq(n.reason),
            t::requested_by.eq(n.requested_by),
            t::created_at.eq(n.now),
            t::updated_at.eq(n.now),
            t::store_day.eq(n.store_day),
        ))
        .returning(t::id)
        .get_result(c))
    .classify()?;
    for vid in vehicle_ids {
        native!(conn, c => diesel::insert_into(tv::table).values((tv::transfer_id.eq(id), tv::vehicle_id.eq(*vid))).execute(c))
            .classify()?;
    }
    Ok(id)
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<TransferRow> {
    native!(conn, c => t::table.find(id).select(TransferRow::as_select()).first(c)).classify()
}

/// Locks the transfer's row until the transaction ends (PostgreSQL).
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        t::table.find(id).select(t::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// The VINs and ids of the vehicles a transfer moves.
pub fn vehicles(conn: &mut DbConnection, id: i64) -> StorageResult<Vec<(i64, String)>> {
    native!(conn, c => tv::table
        .inner_join(v::table)
        .filter(tv::transfer_id.eq(id))
        .order(v::vin)
        .select((v::id, v::vin))
        .load(c))
    .classify()
}

/// The open transfer (requested or approved) a vehicle is on, if any.
pub fn open_of_vehicle(conn: &mut DbConnection, vehicle_id: i64) -> StorageResult<Option<i64>> {
    native!(conn, c => tv::table
        .inner_join(t::table)
        .filter(tv::vehicle_id.eq(vehicle_id))
        .filter(t::status.eq_any([TransferStatus::Requested.code(), TransferStatus::Approved.code()]))
        .select(t::id)
        .first(c)
        .optional())
    .classify()
}

/// The transfer a shipment carries, if it is one.
pub fn of_shipment(conn: &mut DbConnection, shipment_id: i64) -> StorageResult<Option<TransferRow>> {
    native!(conn, c => t::table.filter(t::shipment_id.eq(shipment_id)).select(TransferRow::as_select()).first(c).optional())
        .classify()
}

/// Transfers from or to a store, newest first.
pub fn list(
    conn: &mut DbConnection,
    store_id: i64,
    status: Option<TransferStatus>,
    page: PageRequest,
) -> StorageResult<Page<TransferRow>> {
    native!(conn, c => {
        let query = || {
            let mut q = t::table.filter(t::from_store_id.eq(store_id).or(t::to_store_id.eq(store_id))).into_boxed();
            if let Some(s) = status {
                q = q.filter(t::status.eq(s.code()));
            }
            q
        };
        let total: i64 = query().count().get_result(c)?;
        let items = query()
            .order((t::created_at.desc(), t::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(TransferRow::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>(Page { items, total, page: page.page, per_page: page.per_page })
    })
    .classify()
}

/// What a step changed.
pub struct Stepped<'a> {
    pub status: TransferStatus,
    pub decided_by: Option<i64>,
    pub decision_note: &'a str,
    pub shipment_id: Option<i64>,
}

/// Applies a step to the transfer read at `row.version`.
pub fn update(conn: &mut DbConnection, row: &TransferRow, s: &Stepped<'_>, now: NaiveDateTime) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(t::table.find(row.id).filter(t::version.eq(row.version)))
        .set((
            t::status.eq(s.status.code()),
            t::decided_by.eq(s.decided_by),
            t::decision_note.eq(s.decision_note),
            t::shipment_id.eq(s.shipment_id),
            t::version.eq(row.version + 1),
            t::updated_at.eq(now),
        ))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}
