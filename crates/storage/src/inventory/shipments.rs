//! Trucks bringing vehicles to a store, the VINs they carry, their check-in at the gate and
//! the carrier's updates.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{shipment_events as se, shipment_vehicles as sv, shipments as s, vehicles as v};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::inventory::ShipmentStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct ShipmentRow {
    pub id: i64,
    pub group_id: i64,
    pub store_id: i64,
    pub from_store_id: Option<i64>,
    pub carrier: String,
    pub tracking_no: String,
    #[diesel(deserialize_as = Coded<s::status, ShipmentStatus>)]
    pub status: ShipmentStatus,
    pub eta: Option<NaiveDate>,
    pub shipped_at: NaiveDateTime,
    pub arrived_at: Option<NaiveDateTime>,
    pub received_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The store's calendar day it was made, which its number carries.
    pub store_day: NaiveDate,
}

pub struct NewShipment<'a> {
    pub group_id: i64,
    pub store_id: i64,
    pub from_store_id: Option<i64>,
    pub carrier: &'a str,
    pub tracking_no: &'a str,
    pub eta: Option<NaiveDate>,
    pub store_day: NaiveDate,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewShipment<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(s::table)
        .values((
            s::group_id.eq(n.group_id),
            s::store_id.eq(n.store_id),
            s::from_store_id.eq(n.from_store_id),
            s::carrier.eq(n.carrier),
            s::tracking_no.eq(n.tracking_no),
            s::status.eq(ShipmentStatus::InTransit.code()),
            s::eta.eq(n.eta),
            s::shipped_at.eq(n.now),
            s::created_at.eq(n.now),
            s::updated_at.eq(n.now),
            s::store_day.eq(n.store_day),
        ))
        .returning(s::id)
        .get_result(c))
    .classify()
}

pub fn add_vehicle(
    conn: &mut DbConnection,
    shipment_id: domain::ids::ShipmentId,
    vehicle_id: domain::ids::VehicleId,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(sv::table)
        .values((sv::shipment_id.eq(shipment_id), sv::vehicle_id.eq(vehicle_id)))
        .execute(c))
    .classify()?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<ShipmentRow> {
    native!(conn, c => s::table.find(id).select(ShipmentRow::as_select()).first(c)).classify()
}

/// Locks the shipment's row until the transaction ends (PostgreSQL): its VINs are checked in
/// one at a time, so that exactly one check-in completes it.
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        s::table.find(id).select(s::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// Shipments to (or from) a store, those still expected first (by ETA), then the newest.
pub fn list(
    conn: &mut DbConnection,
    store_id: i64,
    status: Option<ShipmentStatus>,
    page: PageRequest,
) -> StorageResult<Page<ShipmentRow>> {
    native!(conn, c => {
        let query = || {
            let mut q = s::table
                .filter(s::store_id.eq(store_id).or(s::from_store_id.eq(store_id)))
                .into_boxed();
            if let Some(st) = status {
                q = q.filter(s::status.eq(st.code()));
            }
            q
        };
        let total: i64 = query().count().get_result(c)?;
        let items = query()
            .order((s::received_at.is_not_null(), s::eta.asc(), s::shipped_at.desc(), s::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(ShipmentRow::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>(Page { items, total, page: page.page, per_page: page.per_page })
    })
    .classify()
}

/// One vehicle on a shipment and its check-in.
#[derive(Debug, Clone, Queryable)]
pub struct CarriedRow {
    pub vehicle_id: i64,
    pub vin: String,
    pub order_id: Option<i64>,
    pub received_at: Option<NaiveDateTime>,
    pub location_id: Option<i64>,
    pub inspection: Option<String>,
    pub inspection_note: String,
}

/// The vehicles a shipment carries, by VIN.
pub fn carried(conn: &mut DbConnection, shipment_id: i64) -> StorageResult<Vec<CarriedRow>> {
    native!(conn, c => sv::table
        .inner_join(v::table)
        .filter(sv::shipment_id.eq(shipment_id))
        .order(v::vin)
        .select((sv::vehicle_id, v::vin, v::order_id, sv::received_at, sv::location_id, sv::inspection, sv::inspection_note))
        .load(c))
    .classify()
}

/// The shipment still on its way that carries `vehicle_id`.
pub fn open_of_vehicle(conn: &mut DbConnection, vehicle_id: i64) -> StorageResult<Option<i64>> {
    native!(conn, c => sv::table
        .filter(sv::vehicle_id.eq(vehicle_id))
        .filter(sv::received_at.is_null())
        .select(sv::shipment_id)
        .first(c)
        .optional())
    .classify()
}

pub struct CheckedIn<'a> {
    pub at: NaiveDateTime,
    pub by: i64,
    pub location_id: Option<i64>,
    pub inspection: &'a str,
    pub note: &'a str,
}

/// Records a vehicle's check-in (once: a second is `Stale`).
pub fn check_in(
    conn: &mut DbConnection,
    shipment_id: domain::ids::ShipmentId,
    vehicle_id: domain::ids::VehicleId,
    k: &CheckedIn<'_>,
) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(
            sv::table
                .filter(sv::shipment_id.eq(shipment_id))
                .filter(sv::vehicle_id.eq(vehicle_id))
                .filter(sv::received_at.is_null()),
        )
        .set((
            sv::received_at.eq(k.at),
            sv::received_by.eq(k.by),
            sv::location_id.eq(k.location_id),
            sv::inspection.eq(k.inspection),
            sv::inspection_note.eq(k.note),
        ))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// The shipment's new status and ETA (read at `row.version`), and the moments it arrived and
/// was received when it did.
pub fn set_status(
    conn: &mut DbConnection,
    row: &ShipmentRow,
    status: ShipmentStatus,
    eta: Option<NaiveDate>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let arrived = row.arrived_at.or((status != ShipmentStatus::InTransit).then_some(now));
    let received = row.received_at.or((status == ShipmentStatus::Received).then_some(now));
    let n = native!(conn, c => diesel::update(s::table.find(row.id).filter(s::version.eq(row.version)))
        .set((
            s::status.eq(status.code()),
            s::eta.eq(eta),
            s::arrived_at.eq(arrived),
            s::received_at.eq(received),
            s::version.eq(row.version + 1),
            s::updated_at.eq(now),
        ))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

pub struct NewShipmentEvent<'a> {
    pub shipment_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub status: ShipmentStatus,
    pub eta: Option<NaiveDate>,
    pub note: &'a str,
}

pub fn record(conn: &mut DbConnection, e: &NewShipmentEvent<'_>) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(se::table)
        .values((
            se::shipment_id.eq(e.shipment_id),
            se::at.eq(e.at),
            se::actor_id.eq(e.actor_id),
            se::status.eq(e.status.code()),
            se::eta.eq(e.eta),
            se::note.eq(e.note),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}

#[derive(Debug, Clone, Queryable)]
pub struct ShipmentEventRow {
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub status: String,
    pub eta: Option<NaiveDate>,
    pub note: String,
}

/// The carrier's updates, oldest first.
pub fn events(conn: &mut DbConnection, shipment_id: i64) -> StorageResult<Vec<ShipmentEventRow>> {
    native!(conn, c => se::table
        .filter(se::shipment_id.eq(shipment_id))
        .order((se::at, se::id))
        .select((se::at, se::actor_id, se::status, se::eta, se::note))
        .load(c))
    .classify()
}
