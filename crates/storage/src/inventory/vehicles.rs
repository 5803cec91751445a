//! One row per VIN: its specification, where it is and what it is promised to, and its history.
//! The allocation's rules are in `domain::inventory`; the database keeps the two that concurrent
//! requests could break: a VIN exists once, and an order has at most one vehicle.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
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
    /// The factory order the maker announced it on.
    pub factory_order_id: Option<i64>,
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
    pub factory_order_id: Option<i64>,
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
            v::factory_order_id.eq(n.factory_order_id),
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

/// The vehicles allocated to any of `order_ids` (a customer's cars).
pub fn of_orders(conn: &mut DbConnection, order_ids: &[i64]) -> StorageResult<Vec<VehicleRow>> {
    native!(conn, c => v::table.filter(v::order_id.eq_any(order_ids)).select(VehicleRow::as_select()).load(c))
        .classify()
}

/// The vehicle with this VIN, in any store.
pub fn by_vin(conn: &mut DbConnection, vin: &str) -> StorageResult<Option<VehicleRow>> {
    native!(conn, c => v::table.filter(v::vin.eq(vin)).select(VehicleRow::as_select()).first(c).optional()).classify()
}

/// The vehicles announced on a factory order, by VIN.
pub fn of_factory_order(conn: &mut DbConnection, factory_order_id: i64) -> StorageResult<Vec<VehicleRow>> {
    native!(conn, c => v::table
        .filter(v::factory_order_id.eq(factory_order_id))
        .order(v::vin)
        .select(VehicleRow::as_select())
        .load(c))
    .classify()
}

/// Vehicles of `store_id` whose VIN ends with `tail` (staff say the last 6 or 8 characters), at
/// most `limit`, a prefix search on the reversed VIN.
pub fn by_vin_tail(conn: &mut DbConnection, store_id: i64, tail: &str, limit: i64) -> StorageResult<Vec<VehicleRow>> {
    let (low, high) = tail_range(tail);
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::vin_reversed.ge(low))
        .filter(v::vin_reversed.le(high))
        .order(v::vin)
        .limit(limit)
        .select(VehicleRow::as_select())
        .load(c))
    .classify()
}

/// The reversed VINs that end with `tail`: a range on the index (a VIN's characters are digits
/// and capital letters, so the reversed tail followed by Zs is the last of them), which both
/// databases search by the index whatever their LIKE rules.
fn tail_range(tail: &str) -> (String, String) {
    let low: String = reversed(&tail.to_ascii_uppercase()).chars().filter(char::is_ascii_alphanumeric).collect();
    let high = format!("{low}{}", "Z".repeat(17));
    (low, high)
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

/// Sets where the vehicle is parked and who holds its certificate (合格证), read at
/// `row.version` (`Stale` if it changed since).
pub fn keep(
    conn: &mut DbConnection,
    row: &VehicleRow,
    location_id: Option<i64>,
    custody: Custody,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(v::table.find(row.id).filter(v::version.eq(row.version)))
        .set((
            v::location_id.eq(location_id),
            v::custody.eq(custody.code()),
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

/// Which of a store's vehicles a list shows.
#[derive(Debug, Clone, Default)]
pub struct VehicleFilter {
    pub store_id: i64,
    /// The last characters of the VIN.
    pub vin_tail: Option<String>,
    pub status: Option<domain::inventory::VehicleStatus>,
    pub trim_id: Option<i64>,
    pub model_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    pub location_id: Option<i64>,
    pub usage: Option<Usage>,
    /// Delivered vehicles too (a list shows the stock by default).
    pub with_delivered: bool,
}

/// A store's vehicles, the longest in stock first.
pub fn list(conn: &mut DbConnection, f: &VehicleFilter, page: PageRequest) -> StorageResult<Page<VehicleRow>> {
    use diesel::dsl::not;
    use domain::inventory::VehicleStatus as S;
    let (w, allocated) = (|x: Whereabouts| x.code(), "allocated");
    native!(conn, c => {
        let query = || {
            let mut q = v::table.filter(v::store_id.eq(f.store_id)).into_boxed();
            if let Some(tail) = &f.vin_tail {
                let (low, high) = tail_range(tail);
                q = q.filter(v::vin_reversed.ge(low)).filter(v::vin_reversed.le(high));
            }
            q = match f.status {
                None if f.with_delivered => q,
                None => q.filter(v::whereabouts.ne(w(Whereabouts::Delivered))),
                Some(S::Ordered) => q.filter(v::whereabouts.eq(w(Whereabouts::Ordered))).filter(v::commitment.ne(allocated)),
                Some(S::InTransit) => q.filter(v::whereabouts.eq(w(Whereabouts::InTransit))).filter(v::commitment.ne(allocated)),
                Some(S::InStock) => q.filter(v::whereabouts.eq(w(Whereabouts::InStock))).filter(v::commitment.eq("free")),
                Some(S::Reserved) => q.filter(v::whereabouts.eq(w(Whereabouts::InStock))).filter(v::commitment.eq("reserved")),
                Some(S::Allocated) => q
                    .filter(v::commitment.eq(allocated))
                    .filter(not(v::whereabouts.eq_any([w(Whereabouts::InPdi), w(Whereabouts::Delivered)]))),
                Some(S::InPdi) => q.filter(v::whereabouts.eq(w(Whereabouts::InPdi))),
                Some(S::Delivered) => q.filter(v::whereabouts.eq(w(Whereabouts::Delivered))),
            };
            if let Some(t) = f.trim_id {
                q = q.filter(v::trim_id.eq(t));
            }
            if let Some(m) = f.model_id {
                q = q.filter(v::trim_id.eq_any(crate::schema::trims::table.filter(crate::schema::trims::model_id.eq(m)).select(crate::schema::trims::id)));
            }
            if let Some(col) = f.exterior_colour_id {
                q = q.filter(v::exterior_colour_id.eq(col));
            }
            if let Some(l) = f.location_id {
                q = q.filter(v::location_id.eq(l));
            }
            if let Some(u) = f.usage {
                q = q.filter(v::usage.eq(u.code()));
            }
            q
        };
        let total: i64 = query().count().get_result(c)?;
        let items = query()
            .order((v::store_received_on.is_null(), v::store_received_on.asc(), v::created_at.asc(), v::id.asc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(VehicleRow::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>(Page { items, total, page: page.page, per_page: page.per_page })
    })
    .classify()
}

/// One cell of the stock overview: how many of a store's vehicles (not delivered) of one trim
/// and exterior colour are where, promised to what.
#[derive(Debug, Clone, Queryable)]
pub struct StockCount {
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    #[diesel(deserialize_as = crate::codes::Coded<v::whereabouts, Whereabouts>)]
    pub whereabouts: Whereabouts,
    pub commitment: String,
    pub count: i64,
}

pub fn stock_counts(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<StockCount>> {
    use diesel::dsl::count_star;
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::usage.eq(Usage::Stock.code()))
        .filter(v::whereabouts.eq_any([
            Whereabouts::Ordered.code(),
            Whereabouts::InTransit.code(),
            Whereabouts::InStock.code(),
            Whereabouts::InPdi.code(),
        ]))
        .group_by((v::trim_id, v::exterior_colour_id, v::whereabouts, v::commitment))
        .select((v::trim_id, v::exterior_colour_id, v::whereabouts, v::commitment, count_star()))
        .load(c))
    .classify()
}

/// How many of a store's sales stock (not delivered) stand at a location, by status.
#[derive(Debug, Clone, Queryable)]
pub struct LocationCount {
    pub location_id: Option<i64>,
    #[diesel(deserialize_as = crate::codes::Coded<v::whereabouts, Whereabouts>)]
    pub whereabouts: Whereabouts,
    pub commitment: String,
    pub count: i64,
}

pub fn location_counts(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<LocationCount>> {
    use diesel::dsl::count_star;
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::usage.eq(Usage::Stock.code()))
        .filter(v::whereabouts.eq_any([
            Whereabouts::Ordered.code(),
            Whereabouts::InTransit.code(),
            Whereabouts::InStock.code(),
            Whereabouts::InPdi.code(),
        ]))
        .group_by((v::location_id, v::whereabouts, v::commitment))
        .select((v::location_id, v::whereabouts, v::commitment, count_star()))
        .load(c))
    .classify()
}

/// One day's arrivals still in a store's sales stock (in stock or in PDI): how many, and what
/// they cost together.
#[derive(Debug, Clone, Queryable)]
pub struct ArrivalDay {
    pub day: Option<NaiveDate>,
    pub count: i64,
    pub cost_fen: Option<i64>,
}

/// The store's stock by the day it arrived at the store (`group`: by the day it first arrived
/// in the group): a few hundred rows at most, bucketed by the caller.
pub fn arrivals(conn: &mut DbConnection, store_id: i64, group: bool) -> StorageResult<Vec<ArrivalDay>> {
    use diesel::dsl::{count_star, sql};
    use diesel::sql_types::{BigInt, Nullable};
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back to whole fen.
    let cost = || sql::<Nullable<BigInt>>("CAST(SUM(cost_fen) AS BIGINT)");
    native!(conn, c => {
        let q = v::table
            .filter(v::store_id.eq(store_id))
            .filter(v::usage.eq(Usage::Stock.code()))
            .filter(v::whereabouts.eq_any([Whereabouts::InStock.code(), Whereabouts::InPdi.code()]));
        if group {
            q.group_by(v::first_received_on).select((v::first_received_on, count_star(), cost())).load(c)
        } else {
            q.group_by(v::store_received_on).select((v::store_received_on, count_star(), cost())).load(c)
        }
    })
    .classify()
}

/// The store's free sales stock that has stood longest at the store, at most `limit`, in the
/// aging index's order (no count: the report has its totals).
pub fn slowest(conn: &mut DbConnection, store_id: i64, limit: i64) -> StorageResult<Vec<VehicleRow>> {
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::usage.eq(Usage::Stock.code()))
        .filter(v::whereabouts.eq(Whereabouts::InStock.code()))
        .filter(v::commitment.eq("free"))
        .order((v::store_received_on.asc(), v::id.asc()))
        .limit(limit)
        .select(VehicleRow::as_select())
        .load(c))
    .classify()
}

/// A car as people name it: "帕萨特 2026 330TSI 精英版 · 珍珠白 · …000006" (model, trim, colour,
/// the VIN's last six), for lists where the VIN alone says nothing (the test-drive schedule).
pub fn label(
    c: &mut crate::DbConnection,
    group_id: domain::ids::GroupId,
    vehicle_id: domain::ids::VehicleId,
) -> crate::error::StorageResult<String> {
    let v = get(c, vehicle_id.0)?;
    let trim = crate::catalogue::get_trim(c, group_id.0, v.trim_id)?;
    let model = crate::catalogue::get_model(c, group_id.0, trim.model_id).map(|m| m.name).unwrap_or_default();
    let colour = crate::catalogue::get_colour(c, group_id.0, v.exterior_colour_id).map(|k| k.name).unwrap_or_default();
    let tail = v.vin.get(v.vin.len().saturating_sub(6)..).unwrap_or(&v.vin);
    Ok(format!("{model} {} {} · {colour} · …{tail}", trim.model_year, trim.name))
}
