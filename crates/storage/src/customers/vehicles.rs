//! Customers' vehicles: the cars a customer owns, sold here or bought elsewhere, found by VIN or
//! plate. Read through the owning customer's scope.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{customer_vehicles as cv, customers};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::customer::VehicleOrigin;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cv)]
pub struct CustomerVehicleRow {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub vin: String,
    pub vin_checked: bool,
    pub plate: Option<String>,
    pub description: String,
    pub trim_id: Option<i64>,
    #[diesel(deserialize_as = Coded<cv::origin, VehicleOrigin>)]
    pub origin: VehicleOrigin,
    pub vehicle_id: Option<i64>,
    pub registered_on: Option<NaiveDate>,
    pub owned_since: NaiveDate,
    pub owned_until: Option<NaiveDate>,
    pub mileage_km: Option<i64>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewCustomerVehicle<'a> {
    pub store_id: i64,
    pub customer_id: i64,
    pub vin: &'a str,
    pub vin_checked: bool,
    pub plate: Option<&'a str>,
    pub description: &'a str,
    pub trim_id: Option<i64>,
    pub origin: VehicleOrigin,
    pub vehicle_id: Option<i64>,
    pub registered_on: Option<NaiveDate>,
    pub owned_since: NaiveDate,
    pub mileage_km: Option<i64>,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

/// Records a car of a customer. A VIN or plate another customer of the store owns now is
/// `Duplicate` (`vin` / `plate`).
pub fn insert(conn: &mut DbConnection, n: &NewCustomerVehicle<'_>) -> StorageResult<CustomerVehicleRow> {
    native!(conn, c => diesel::insert_into(cv::table)
        .values((
            cv::store_id.eq(n.store_id),
            cv::customer_id.eq(n.customer_id),
            cv::vin.eq(n.vin),
            cv::vin_checked.eq(n.vin_checked),
            cv::plate.eq(n.plate),
            cv::description.eq(n.description),
            cv::trim_id.eq(n.trim_id),
            cv::origin.eq(n.origin.code()),
            cv::vehicle_id.eq(n.vehicle_id),
            cv::registered_on.eq(n.registered_on),
            cv::owned_since.eq(n.owned_since),
            cv::mileage_km.eq(n.mileage_km),
            cv::created_by.eq(n.created_by),
            cv::created_at.eq(n.now),
            cv::updated_at.eq(n.now),
        ))
        .returning(cv::all_columns)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<CustomerVehicleRow> {
    native!(conn, c => cv::table.find(id).select(CustomerVehicleRow::as_select()).first(c)).classify()
}

/// A customer's cars, the ones they own now first, then by when they got them (newest first).
pub fn of_customer(conn: &mut DbConnection, customer_id: i64) -> StorageResult<Vec<CustomerVehicleRow>> {
    native!(conn, c => cv::table
        .filter(cv::customer_id.eq(customer_id))
        .order((cv::owned_until.is_not_null(), cv::owned_since.desc(), cv::id.desc()))
        .select(CustomerVehicleRow::as_select())
        .load(c))
    .classify()
}

/// A car found at the service desk, with its owner's name.
#[derive(Debug, Clone, Queryable)]
pub struct FoundVehicle {
    pub vehicle: CustomerVehicleRow,
    pub customer_name: String,
}

/// The cars owned now, among customers `vis` covers, whose VIN ends with `vin_tail` (the whole VIN
/// or its last six characters or more) or whose plate is `plate`; at most 20.
pub fn find(
    conn: &mut DbConnection,
    vis: &Visibility,
    vin_tail: Option<&str>,
    plate: Option<&str>,
) -> StorageResult<Vec<FoundVehicle>> {
    macro_rules! found {
        () => {{
            let mut q = restrict!(
                cv::table.inner_join(customers::table).into_boxed(),
                vis,
                customers::store_id,
                customers::owner_id
            )
            .filter(cv::owned_until.is_null());
            q = match (vin_tail, plate) {
                (Some(v), Some(p)) => q.filter(cv::vin.like(format!("%{v}")).or(cv::plate.eq(p))),
                (Some(v), None) => q.filter(cv::vin.like(format!("%{v}"))),
                (None, Some(p)) => q.filter(cv::plate.eq(p)),
                (None, None) => return Ok(Vec::new()),
            };
            q
        }};
    }
    native!(conn, c => found!()
        .order(cv::id.desc())
        .limit(20)
        .select((CustomerVehicleRow::as_select(), customers::name))
        .load(c))
    .classify()
}

/// Ends the customer's ownership on `on` (sold on, scrapped, written off), if the row is still at
/// `version` and owned.
pub fn end(
    conn: &mut DbConnection,
    row: &CustomerVehicleRow,
    version: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> StorageResult<CustomerVehicleRow> {
    native!(conn, c => diesel::update(
        cv::table.find(row.id).filter(cv::version.eq(version)).filter(cv::owned_until.is_null()),
    )
    .set((cv::owned_until.eq(on), cv::updated_at.eq(now), cv::version.eq(version + 1)))
    .returning(cv::all_columns)
    .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// The store's record of who owns the car with this VIN now, if any.
pub fn of_vin(conn: &mut DbConnection, store_id: i64, vin: &str) -> StorageResult<Option<CustomerVehicleRow>> {
    native!(conn, c => cv::table
        .filter(cv::store_id.eq(store_id))
        .filter(cv::vin.eq(vin))
        .filter(cv::owned_until.is_null())
        .select(CustomerVehicleRow::as_select())
        .first(c)
        .optional())
    .classify()
}

/// Removes the plates of a customer's cars (their erasure); the VINs stay with the history.
pub fn erase_plates(conn: &mut DbConnection, customer_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(cv::table.filter(cv::customer_id.eq(customer_id)))
        .set(cv::plate.eq(None::<String>))
        .execute(c))
    .classify()
    .map(|_| ())
}
