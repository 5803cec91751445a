//! Test drives and the demo cars they use.

use crate::codes::{Coded, CodedOption};
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{test_drives as td, vehicles as v};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::crm::{TestDriveStatus, Verdict};
use domain::inventory::Usage;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = td)]
pub struct TestDriveRow {
    pub id: i64,
    pub store_id: i64,
    pub lead_id: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub owner_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub licence_enc: String,
    pub licence_tail: String,
    pub licence_expires_on: NaiveDate,
    #[diesel(deserialize_as = Coded<td::status, TestDriveStatus>)]
    pub status: TestDriveStatus,
    pub out_at: Option<NaiveDateTime>,
    pub out_km: Option<i32>,
    pub returned_at: Option<NaiveDateTime>,
    pub return_km: Option<i32>,
    #[diesel(deserialize_as = CodedOption<td::verdict, Verdict>)]
    pub verdict: Option<Verdict>,
    pub impression: String,
    pub cancel_reason: String,
    pub created_by: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub struct NewTestDrive<'a> {
    pub store_id: i64,
    pub lead_id: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub owner_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub licence_enc: &'a str,
    pub licence_tail: &'a str,
    pub licence_expires_on: NaiveDate,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewTestDrive<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(td::table)
        .values((
            td::store_id.eq(n.store_id),
            td::lead_id.eq(n.lead_id),
            td::customer_id.eq(n.customer_id),
            td::vehicle_id.eq(n.vehicle_id),
            td::owner_id.eq(n.owner_id),
            td::starts_at.eq(n.starts_at),
            td::ends_at.eq(n.ends_at),
            td::licence_enc.eq(n.licence_enc),
            td::licence_tail.eq(n.licence_tail),
            td::licence_expires_on.eq(n.licence_expires_on),
            td::status.eq(TestDriveStatus::Booked.code()),
            td::created_by.eq(n.created_by),
            td::created_at.eq(n.now),
            td::updated_at.eq(n.now),
        ))
        .returning(td::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<TestDriveRow> {
    native!(conn, c => td::table.find(id).select(TestDriveRow::as_select()).first(c)).classify()
}

/// Drives still holding a slot (booked or out) that overlap `[starts, ends)`: of the car
/// (`vehicle`) or of the customer.
pub fn clashes(
    conn: &mut DbConnection,
    vehicle_id: domain::ids::VehicleId,
    customer_id: domain::ids::CustomerId,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> StorageResult<Vec<TestDriveRow>> {
    let holding = [TestDriveStatus::Booked.code(), TestDriveStatus::Out.code()];
    native!(conn, c => td::table
        .filter(td::vehicle_id.eq(vehicle_id).or(td::customer_id.eq(customer_id)))
        .filter(td::status.eq_any(holding))
        .filter(td::starts_at.lt(ends))
        .filter(td::ends_at.gt(starts))
        .select(TestDriveRow::as_select())
        .load(c))
    .classify()
}

pub fn of_lead(conn: &mut DbConnection, lead_id: i64) -> StorageResult<Vec<TestDriveRow>> {
    native!(conn, c => td::table
        .filter(td::lead_id.eq(lead_id))
        .order(td::starts_at.desc())
        .select(TestDriveRow::as_select())
        .load(c))
    .classify()
}

/// The store's drives starting in `[from, until)`, by time (the day's schedule).
pub fn of_store(
    conn: &mut DbConnection,
    store_id: i64,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> StorageResult<Vec<TestDriveRow>> {
    native!(conn, c => td::table
        .filter(td::store_id.eq(store_id))
        .filter(td::starts_at.ge(from))
        .filter(td::starts_at.lt(until))
        .order((td::starts_at, td::id))
        .select(TestDriveRow::as_select())
        .load(c))
    .classify()
}

/// What a step changes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = td, treat_none_as_null = true)]
pub struct Stepped {
    pub status: &'static str,
    pub out_at: Option<NaiveDateTime>,
    pub out_km: Option<i32>,
    pub returned_at: Option<NaiveDateTime>,
    pub return_km: Option<i32>,
    pub verdict: Option<&'static str>,
    pub impression: String,
    pub cancel_reason: String,
}

impl Stepped {
    pub fn of(r: &TestDriveRow) -> Self {
        Self {
            status: r.status.code(),
            out_at: r.out_at,
            out_km: r.out_km,
            returned_at: r.returned_at,
            return_km: r.return_km,
            verdict: r.verdict.map(Verdict::code),
            impression: r.impression.clone(),
            cancel_reason: r.cancel_reason.clone(),
        }
    }
}

pub fn update(conn: &mut DbConnection, r: &TestDriveRow, s: &Stepped, now: NaiveDateTime) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(td::table.find(r.id).filter(td::version.eq(r.version)))
        .set((s, td::version.eq(r.version + 1), td::updated_at.eq(now)))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// The store's demo cars (usage = demo) that are in the store: `(id, vin, trim)`.
pub fn demo_cars(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<(i64, String, i64)>> {
    native!(conn, c => v::table
        .filter(v::store_id.eq(store_id))
        .filter(v::usage.eq(Usage::Demo.code()))
        .order(v::id)
        .select((v::id, v::vin, v::trim_id))
        .load(c))
    .classify()
}

/// Locks the car's and the customer's rows until the transaction ends (PostgreSQL; SQLite has
/// one writer), so that two bookings for the same car or customer at once are taken one after
/// the other and the second sees the first.
pub fn lock_slot(
    conn: &mut DbConnection,
    vehicle_id: domain::ids::VehicleId,
    customer_id: domain::ids::CustomerId,
) -> StorageResult<()> {
    use crate::schema::customers;
    if let DbConnection::Postgres(c) = conn {
        v::table.find(vehicle_id).select(v::id).for_update().first::<i64>(c).classify()?;
        customers::table.find(customer_id).select(customers::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// The drives of these leads, newest first (a customer's timeline).
pub fn of_leads(conn: &mut DbConnection, lead_ids: &[i64]) -> StorageResult<Vec<TestDriveRow>> {
    native!(conn, c => td::table
        .filter(td::lead_id.eq_any(lead_ids))
        .order(td::starts_at.desc())
        .select(TestDriveRow::as_select())
        .load(c))
    .classify()
}

/// Erases the customer's driving licence and what they said (anonymisation); the car's use
/// (times, mileage) stays.
pub fn erase_personal(conn: &mut DbConnection, customer_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(td::table.filter(td::customer_id.eq(customer_id)))
        .set((td::licence_enc.eq(""), td::licence_tail.eq(""), td::impression.eq("")))
        .execute(c))
    .classify()
    .map(|_| ())
}
