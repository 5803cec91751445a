//! One row per VIN: its specification, where it is and what it is promised to, and its history.
//! The allocation's rules are in `domain::inventory`; the database keeps the two that concurrent
//! requests could break: a VIN exists once, and an order has at most one vehicle.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{vehicle_events as ev, vehicles as v};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::inventory::{Custody, Usage, Whereabouts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = v)]
pub struct VehicleRow {
    pub id: i64,
    pub group_id: i64,
    pub store_id: i64,
    pub vin: String,
    pub vin_checked: bool,
    pub engine_no: Option<String>,
    pub certificate_no: Option<String>,
    #[diesel(deserialize_as = Coded<v::custody, Custody>)]
    pub custody: Custody,
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
    pub production_date: Option<NaiveDate>,
    pub cost_fen: Option<i64>,
    pub list_price_fen: i64,
    #[diesel(deserialize_as = Coded<v::whereabouts, Whereabouts>)]
    pub whereabouts: Whereabouts,
    /// `free`, `reserved` or `allocated` (with `order_id`): `domain::inventory::Commitment`.
    pub commitment: String,
    pub order_id: Option<i64>,
    #[diesel(deserialize_as = Coded<v::usage, Usage>)]
    pub usage: Usage,
    pub location_id: Option<i64>,
    pub first_received_on: Option<NaiveDate>,
    pub store_received_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A vehicle as registered (ordered from the factory, or received straight into stock).
pub struct NewVehicle<'a> {
    pub group_id: i64,
    pub store_id: i64,
    pub vin: &'a str,
    pub vin_checked: bool,
    pub engine_no: Option<&'a str>,
    pub certificate_no: Option<&'a str>,
    pub custody: Custody,
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
    pub production_date: Option<NaiveDate>,
    pub cost_fen: Option<i64>,
    pub list_price_fen: i64,
    pub whereabouts: Whereabouts,
    pub usage: Usage,
    pub location_id: Option<i64>,
    pub received_on: Option<NaiveDate>,
    pub now: NaiveDateTime,
}

fn reversed(vin: &str) -> String {
    vin.chars().rev().collect()
}

/// A new vehicle, free; a VIN already registered is a `Duplicate` naming `vehicles_vin`.
pub fn insert(conn: &mut DbConnection, n: &NewVehicle<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(v::table)
        .values((
            v::group_id.eq(n.group_id),
            v::store_id.eq(n.store_id),
            v::vin.eq(n.vin),
            v::vin_reversed.eq(reversed(n.vin)),
            v::vin_checked.eq(n.vin_checked),
            v::engine_no.eq(n.engine_no),
            v::certificate_no.eq(n.certificate_no),
            v::custody.eq(n.custody.code()),
            v::trim_id.eq(n.trim_id),
            v::exterior_colour_id.eq(n.exterior_colour_id),
            v::interior_colour_id.eq(n.interior_colour_id),
            v::production_date.eq(n.production_date),
            v::cost_fen.eq(n.cost_fen),
            v::list_price_fen.eq(n.list_price_fen),
            v::whereabouts.eq(n.whereabouts.code()),
            v::commitment.eq("free"),
            v::usage.eq(n.usage.code()),
            v::location_id.eq(n.location_id),
            v::first_received_on.eq(n.received_on),
            v::store_received_on.eq(n.received_on),
            v::created_at.eq(n.now),
            v::updated_at.eq(n.now),
        ))
        .returning(v::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<VehicleRow> {
    native!(conn, c => v::table.find(id).select(VehicleRow::as_select()).first(c)).classify()
}

/// The vehicle allocated to `order_id`, if any.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<VehicleRow>> {
    native!(conn, c => v::table.filter(v::order_id.eq(order_id)).select(VehicleRow::as_select()).first(c).optional())
        .classify()
}

/// Vehicles of `store_id` whose VIN ends with `tail` (staff say the last 6 or 8 characters), at
/// most `limit`, a prefix search on the reversed VIN.
pub fn by_vin_tail(conn: &mut DbConnection, store_id: i64, tail: &str, limit: i64) -> StorageResult<Vec<VehicleRow>> {
    let prefix = format!("{}%", reversed(&tail.to_ascii_uppercase()).replace(['%', '_'], ""));
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::vin_reversed.like(prefix))
        .order(v::vin)
        .limit(limit)
        .select(VehicleRow::as_select())
        .load(c))
    .classify()
}

/// Free vehicles of the store and the exact specification that can be sold (not demo or
/// loaner, not delivered), in stock first, then in transit, then on order; oldest first.
pub fn candidates(
    conn: &mut DbConnection,
    store_id: i64,
    spec: domain::inventory::Spec,
    limit: i64,
) -> StorageResult<Vec<VehicleRow>> {
    native!(conn, c => {
        let mut q = v::table
            .filter(v::store_id.eq(store_id))
            .filter(v::trim_id.eq(spec.trim_id))
            .filter(v::exterior_colour_id.eq(spec.exterior_colour_id))
            .filter(v::commitment.eq_any(["free", "reserved"]))
            .filter(v::usage.eq(Usage::Stock.code()))
            .filter(v::whereabouts.eq_any([Whereabouts::InStock.code(), Whereabouts::InTransit.code(), Whereabouts::Ordered.code()]))
            .into_boxed();
        q = match spec.interior_colour_id {
            Some(i) => q.filter(v::interior_colour_id.eq(i)),
            None => q.filter(v::interior_colour_id.is_null()),
        };
        // `in_stock` < `in_transit` < `ordered`: what is here first.
        q.order((v::whereabouts.asc(), v::store_received_on.asc(), v::created_at.asc(), v::id.asc()))
            .limit(limit)
            .select(VehicleRow::as_select())
            .load(c)
    })
    .classify()
}

/// What a command changed.
pub struct Moved<'a> {
    pub store_id: i64,
    pub whereabouts: Whereabouts,
    pub commitment: &'a str,
    pub order_id: Option<i64>,
    pub location_id: Option<i64>,
    pub store_received_on: Option<NaiveDate>,
    pub first_received_on: Option<NaiveDate>,
}

/// Applies `m` to the vehicle read at `row.version` (`Stale` if it changed since; a second
/// vehicle for one order is a `Duplicate` naming `vehicles_order`).
pub fn update(conn: &mut DbConnection, row: &VehicleRow, m: &Moved<'_>, now: NaiveDateTime) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(v::table.find(row.id).filter(v::version.eq(row.version)))
        .set((
            v::store_id.eq(m.store_id),
            v::whereabouts.eq(m.whereabouts.code()),
            v::commitment.eq(m.commitment),
            v::order_id.eq(m.order_id),
            v::location_id.eq(m.location_id),
            v::store_received_on.eq(m.store_received_on),
            v::first_received_on.eq(m.first_received_on),
            v::version.eq(row.version + 1),
            v::updated_at.eq(now),
        ))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// One line of a vehicle's history.
pub struct NewEvent<'a> {
    pub vehicle_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub status: &'a str,
    pub order_id: Option<i64>,
    pub note: &'a str,
}

pub fn record(conn: &mut DbConnection, e: &NewEvent<'_>) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(ev::table)
        .values((
            ev::vehicle_id.eq(e.vehicle_id),
            ev::at.eq(e.at),
            ev::actor_id.eq(e.actor_id),
            ev::action.eq(e.action),
            ev::status.eq(e.status),
            ev::order_id.eq(e.order_id),
            ev::note.eq(e.note),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}

#[derive(Debug, Clone, Queryable)]
pub struct EventRow {
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub status: String,
    pub order_id: Option<i64>,
    pub note: String,
}

/// A vehicle's history, oldest first.
pub fn history(conn: &mut DbConnection, vehicle_id: i64) -> StorageResult<Vec<EventRow>> {
    native!(conn, c => ev::table
        .filter(ev::vehicle_id.eq(vehicle_id))
        .order((ev::at, ev::id))
        .select((ev::at, ev::actor_id, ev::action, ev::status, ev::order_id, ev::note))
        .load(c))
    .classify()
}
