//! A car's service history: its repair orders, by VIN, with the systems its 三包 lines repaired
//! (what the 三包 clocks count).

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{repair_jobs as j, repair_orders as ro, repair_parts as p};
use crate::{DbConnection, native};
use diesel::prelude::*;
use domain::Code;
use domain::service::{Payer, RepairStatus, System};

use super::RepairOrderRow;
use crate::scope::{Visibility, restrict};

/// A customer's repair orders within `vis`, newest first (at most 200).
pub fn of_customer(conn: &mut DbConnection, vis: &Visibility, customer_id: i64) -> StorageResult<Vec<RepairOrderRow>> {
    restrict!(ro::table.into_boxed(), vis, ro::store_id, ro::owner_id)
        .filter(ro::customer_id.eq(customer_id))
        .order(ro::id.desc())
        .limit(200)
        .select(RepairOrderRow::as_select())
        .load(conn)
        .classify()
}

/// The car's repair orders at the store, newest first (at most `limit`).
pub fn of_vin(conn: &mut DbConnection, store_id: i64, vin: &str, limit: i64) -> StorageResult<Vec<RepairOrderRow>> {
    native!(conn, c => ro::table
        .filter(ro::store_id.eq(store_id))
        .filter(ro::vin.eq(vin))
        .order(ro::id.desc())
        .limit(limit)
        .select(RepairOrderRow::as_select())
        .load(c))
    .classify()
}

/// A visit of a car as the 三包 clocks read it.
#[derive(Debug, Clone)]
pub struct WarrantyVisit {
    pub received_on: chrono::NaiveDate,
    /// Closed on (handed back); `None` while in the shop.
    pub closed_on: Option<chrono::NaiveDate>,
    /// The systems of its 三包 jobs and parts.
    pub systems: Vec<System>,
}

/// Each repair order of the car that was not cancelled, as a visit.
pub fn warranty_visits(conn: &mut DbConnection, store_id: i64, vin: &str) -> StorageResult<Vec<WarrantyVisit>> {
    let orders: Vec<(i64, chrono::NaiveDate, Option<chrono::NaiveDate>)> = native!(conn, c => ro::table
        .filter(ro::store_id.eq(store_id))
        .filter(ro::vin.eq(vin))
        .filter(ro::status.ne(RepairStatus::Cancelled.code()))
        .select((ro::id, ro::received_on, ro::closed_on))
        .load(c))
    .classify()?;
    let ids: Vec<i64> = orders.iter().map(|o| o.0).collect();
    let warranty = Payer::Warranty.code();
    let mut systems: Vec<(i64, String)> = native!(conn, c => j::table
        .filter(j::repair_order_id.eq_any(&ids))
        .filter(j::payer.eq(warranty))
        .select((j::repair_order_id, j::system))
        .load(c))
    .classify()?;
    let parts: Vec<(i64, String)> = native!(conn, c => p::table
        .filter(p::repair_order_id.eq_any(&ids))
        .filter(p::payer.eq(warranty))
        .select((p::repair_order_id, p::system))
        .load(c))
    .classify()?;
    systems.extend(parts);
    Ok(orders
        .into_iter()
        .map(|(id, received_on, closed_on)| WarrantyVisit {
            received_on,
            closed_on,
            systems: systems.iter().filter(|(o, _)| *o == id).filter_map(|(_, code)| System::from_code(code)).collect(),
        })
        .collect())
}

/// A car's repair orders within `vis`, newest first (at most 200): its service history.
pub fn of_vehicle(
    conn: &mut DbConnection,
    vis: &Visibility,
    customer_vehicle_id: i64,
) -> StorageResult<Vec<RepairOrderRow>> {
    restrict!(ro::table.into_boxed(), vis, ro::store_id, ro::owner_id)
        .filter(ro::customer_vehicle_id.eq(customer_vehicle_id))
        .order(ro::id.desc())
        .limit(200)
        .select(RepairOrderRow::as_select())
        .load(conn)
        .classify()
}
