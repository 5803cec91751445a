//! Appointments: a car in a slot and bay of the store's workshop day. The bay is unique among a
//! slot's live appointments (a partial unique index), so that two bookings at the same moment
//! never share the last bay.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{appointments as ap, customer_vehicles as cv, customers, service_settings as ss};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::service::appointments::{AppointmentStatus, BookingSource};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ap)]
pub struct AppointmentRow {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub advisor_id: i64,
    pub day: NaiveDate,
    pub starts_at: String,
    pub bay: i32,
    pub requested_work: String,
    pub hours_x100: i32,
    pub mileage_km: Option<i64>,
    #[diesel(deserialize_as = Coded<ap::status, AppointmentStatus>)]
    pub status: AppointmentStatus,
    #[diesel(deserialize_as = Coded<ap::source, BookingSource>)]
    pub source: BookingSource,
    pub repair_order_id: Option<i64>,
    pub cancel_reason: String,
    pub reminded_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewAppointment<'a> {
    pub store_id: i64,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub advisor_id: i64,
    pub day: NaiveDate,
    pub starts_at: &'a str,
    pub bay: i32,
    pub requested_work: &'a str,
    pub hours_x100: i32,
    pub mileage_km: Option<i64>,
    pub source: BookingSource,
    pub created_by: Option<i64>,
}

/// Books the bay; `Duplicate` when another booking took it first.
pub fn insert(conn: &mut DbConnection, n: &NewAppointment<'_>, now: NaiveDateTime) -> StorageResult<AppointmentRow> {
    native!(conn, c => diesel::insert_into(ap::table)
        .values((
            ap::store_id.eq(n.store_id),
            ap::customer_id.eq(n.customer_id),
            ap::customer_vehicle_id.eq(n.customer_vehicle_id),
            ap::advisor_id.eq(n.advisor_id),
            ap::day.eq(n.day),
            ap::starts_at.eq(n.starts_at),
            ap::bay.eq(n.bay),
            ap::requested_work.eq(n.requested_work),
            ap::hours_x100.eq(n.hours_x100),
            ap::mileage_km.eq(n.mileage_km),
            ap::status.eq(AppointmentStatus::Booked.code()),
            ap::source.eq(n.source.code()),
            ap::created_by.eq(n.created_by),
            ap::created_at.eq(now),
            ap::updated_at.eq(now),
        ))
        .returning(AppointmentRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<AppointmentRow> {
    ap::table.find(id).select(AppointmentRow::as_select()).first(conn).classify()
}

/// The bays held in a slot by live appointments.
pub fn taken_bays(conn: &mut DbConnection, store_id: i64, day: NaiveDate, starts_at: &str) -> StorageResult<Vec<i32>> {
    let live: Vec<&str> = AppointmentStatus::ALL.iter().filter(|s| s.live()).map(|s| s.code()).collect();
    ap::table
        .filter(ap::store_id.eq(store_id))
        .filter(ap::day.eq(day))
        .filter(ap::starts_at.eq(starts_at))
        .filter(ap::status.eq_any(live))
        .select(ap::bay)
        .load(conn)
        .classify()
}

/// The standard hours (in hundredths) live appointments of the day expect.
pub fn booked_hours(conn: &mut DbConnection, store_id: i64, day: NaiveDate) -> StorageResult<i64> {
    let live: Vec<&str> = AppointmentStatus::ALL.iter().filter(|s| s.live()).map(|s| s.code()).collect();
    let sum: Option<i64> = ap::table
        .filter(ap::store_id.eq(store_id))
        .filter(ap::day.eq(day))
        .filter(ap::status.eq_any(live))
        .select(diesel::dsl::sum(ap::hours_x100))
        .first(conn)
        .classify()?;
    Ok(sum.unwrap_or(0))
}

/// What a step changes.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub status: Option<AppointmentStatus>,
    pub repair_order_id: Option<i64>,
    pub cancel_reason: Option<String>,
    pub reminded_at: Option<NaiveDateTime>,
}

/// Applies `change` if the row is still at its version (`Stale` otherwise).
pub fn update(
    conn: &mut DbConnection,
    row: &AppointmentRow,
    change: &Change,
    now: NaiveDateTime,
) -> StorageResult<AppointmentRow> {
    native!(conn, c => diesel::update(ap::table.find(row.id).filter(ap::version.eq(row.version)))
        .set((
            ap::status.eq(change.status.unwrap_or(row.status).code()),
            ap::repair_order_id.eq(change.repair_order_id.or(row.repair_order_id)),
            ap::cancel_reason.eq(change.cancel_reason.as_deref().unwrap_or(&row.cancel_reason)),
            ap::reminded_at.eq(change.reminded_at.or(row.reminded_at)),
            ap::updated_at.eq(now),
            ap::version.eq(row.version + 1),
        ))
        .returning(AppointmentRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// An appointment on the day's board, with its customer and car.
#[derive(Debug, Clone, Queryable)]
pub struct DayRow {
    pub appointment: AppointmentRow,
    pub customer_name: String,
    pub plate: Option<String>,
    pub vin: String,
    pub description: String,
}

/// The store's appointments of `day` (every status), by slot and bay; `advisor`: only theirs.
pub fn of_day(
    conn: &mut DbConnection,
    store_id: i64,
    day: NaiveDate,
    advisor: Option<i64>,
) -> StorageResult<Vec<DayRow>> {
    let mut q = ap::table
        .inner_join(customers::table)
        .inner_join(cv::table)
        .filter(ap::store_id.eq(store_id))
        .filter(ap::day.eq(day))
        .into_boxed();
    if let Some(a) = advisor {
        q = q.filter(ap::advisor_id.eq(a));
    }
    q.order((ap::starts_at, ap::bay, ap::id))
        .select((AppointmentRow::as_select(), customers::name, cv::plate, cv::vin, cv::description))
        .load(conn)
        .classify()
}

/// The car's booked appointment on or after `day`, if it has one.
pub fn upcoming_of_vehicle(
    conn: &mut DbConnection,
    customer_vehicle_id: i64,
    day: NaiveDate,
) -> StorageResult<Option<AppointmentRow>> {
    ap::table
        .filter(ap::customer_vehicle_id.eq(customer_vehicle_id))
        .filter(ap::day.ge(day))
        .filter(ap::status.eq(AppointmentStatus::Booked.code()))
        .order((ap::day, ap::starts_at))
        .select(AppointmentRow::as_select())
        .first(conn)
        .optional()
        .classify()
}

/// Booked appointments of `day` whose customer was not reminded yet (the reminder job's).
pub fn to_remind(conn: &mut DbConnection, day: NaiveDate) -> StorageResult<Vec<AppointmentRow>> {
    ap::table
        .filter(ap::day.eq(day))
        .filter(ap::status.eq(AppointmentStatus::Booked.code()))
        .filter(ap::reminded_at.is_null())
        .order(ap::id)
        .limit(500)
        .select(AppointmentRow::as_select())
        .load(conn)
        .classify()
}

/// The store's workshop bays (4 until it sets its own).
pub fn bays(conn: &mut DbConnection, store_id: i64) -> StorageResult<i32> {
    let set: Option<i32> = ss::table.find(store_id).select(ss::bays).first(conn).optional().classify()?;
    Ok(set.unwrap_or(4))
}

/// Sets the store's bays (the labour rate stays, or is `rate_fen` when none was set).
pub fn set_bays(
    conn: &mut DbConnection,
    (store, by): (domain::ids::StoreId, domain::ids::UserId),
    (bays, rate_fen): (i32, i64),
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(ss::table)
        .values((ss::store_id.eq(store.0), ss::labour_rate_fen.eq(rate_fen), ss::bays.eq(bays), ss::updated_by.eq(by.0), ss::updated_at.eq(now)))
        .on_conflict(ss::store_id)
        .do_update()
        .set((ss::bays.eq(bays), ss::updated_by.eq(by.0), ss::updated_at.eq(now)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Takes a lock on the store's row for the rest of the transaction (PostgreSQL, `FOR NO KEY UPDATE`,
/// which rows referring to the store do not wait for; SQLite's
/// writer is one), so that bookings of a day are decided one after the other.
pub fn lock_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        crate::schema::stores::table
            .find(store_id)
            .select(crate::schema::stores::id)
            .for_no_key_update()
            .first::<i64>(c)
            .classify()?;
    }
    Ok(())
}
