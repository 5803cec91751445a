//! The delivery calendar's rows: a store's delivery hours and the bookings of its handovers.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{customers, delivery_bookings as b, delivery_hours as h, orders, users};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::delivery::slots::{BookingStatus, Hours};

/// The store's delivery hours, if its administrator set them (else `Hours::default()`).
pub fn hours_of(conn: &mut DbConnection, store_id: i64) -> StorageResult<Option<(Hours, i64)>> {
    let row: Option<(i32, i32, i32, i32, i64)> = native!(conn, c => h::table
        .find(store_id)
        .select((h::opens_min, h::closes_min, h::slot_min, h::bays, h::version))
        .first(c)
        .optional())
    .classify()?;
    Ok(row.map(|(opens_min, closes_min, slot_min, bays, version)| {
        (Hours { opens_min, closes_min, slot_min, bays }, version)
    }))
}

/// Sets the store's hours, if they are still at `version` (0: never set); `Stale` otherwise.
pub fn set_hours(
    conn: &mut DbConnection,
    store: domain::ids::StoreId,
    version: i64,
    hours: Hours,
    user: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let (store_id, user_id) = (store.0, user.0);
    let n = if version == 0 {
        native!(conn, c => diesel::insert_into(h::table)
            .values((
                h::store_id.eq(store_id),
                h::opens_min.eq(hours.opens_min),
                h::closes_min.eq(hours.closes_min),
                h::slot_min.eq(hours.slot_min),
                h::bays.eq(hours.bays),
                h::updated_by.eq(user_id),
                h::updated_at.eq(now),
            ))
            .execute(c))
        .classify()
        .map_err(|e| match e {
            crate::StorageError::Duplicate(_) => crate::StorageError::Stale,
            e => e,
        })?
    } else {
        native!(conn, c => diesel::update(h::table.find(store_id).filter(h::version.eq(version)))
            .set((
                h::opens_min.eq(hours.opens_min),
                h::closes_min.eq(hours.closes_min),
                h::slot_min.eq(hours.slot_min),
                h::bays.eq(hours.bays),
                h::updated_by.eq(user_id),
                h::updated_at.eq(now),
                h::version.eq(version + 1),
            ))
            .execute(c))
        .classify()?
    };
    if n == 1 { Ok(()) } else { Err(crate::StorageError::Stale) }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = b)]
pub struct BookingRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    pub day: NaiveDate,
    pub start_min: i32,
    pub bay: i32,
    #[diesel(deserialize_as = Coded<b::status, BookingStatus>)]
    pub status: BookingStatus,
    pub booked_by: Option<i64>,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

/// Serialises the store's bookings until the transaction ends (PostgreSQL; SQLite has one
/// writer): two clients booking the same slot at once get two bays, or the second is told the
/// slot is full.
pub fn lock_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        // The first key names the purpose (the delivery calendar), the second the store.
        diesel::sql_query("SELECT pg_advisory_xact_lock(30, CAST($1 AS INTEGER))")
            .bind::<diesel::sql_types::BigInt, _>(store_id)
            .execute(c)
            .classify()?;
    }
    Ok(())
}

/// The bays booked in the store's slot.
pub fn taken_bays(conn: &mut DbConnection, store_id: i64, day: NaiveDate, start_min: i32) -> StorageResult<Vec<i32>> {
    native!(conn, c => b::table
        .filter(b::store_id.eq(store_id))
        .filter(b::day.eq(day))
        .filter(b::start_min.eq(start_min))
        .filter(b::status.eq(BookingStatus::Booked.code()))
        .select(b::bay)
        .load(c))
    .classify()
}

/// How many bays are booked in each slot of the store's day: (start, count).
pub fn day_load(conn: &mut DbConnection, store_id: i64, day: NaiveDate) -> StorageResult<Vec<(i32, i64)>> {
    native!(conn, c => b::table
        .filter(b::store_id.eq(store_id))
        .filter(b::day.eq(day))
        .filter(b::status.eq(BookingStatus::Booked.code()))
        .group_by(b::start_min)
        .select((b::start_min, diesel::dsl::count_star()))
        .load(c))
    .classify()
}

/// The order's bookings, the latest first (the one in force, if any, is `booked`).
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<BookingRow>> {
    native!(conn, c => b::table
        .filter(b::order_id.eq(order_id))
        .order(b::id.desc())
        .select(BookingRow::as_select())
        .load(c))
    .classify()
}

pub struct NewBooking<'a> {
    pub store_id: i64,
    pub order_id: i64,
    pub day: NaiveDate,
    pub start_min: i32,
    pub bay: i32,
    pub booked_by: Option<i64>,
    pub note: &'a str,
    pub now: NaiveDateTime,
}

/// Books the slot's bay; another booking of that bay or of the order in force is `Duplicate`.
pub fn insert(conn: &mut DbConnection, n: &NewBooking<'_>) -> StorageResult<BookingRow> {
    native!(conn, c => diesel::insert_into(b::table)
        .values((
            b::store_id.eq(n.store_id),
            b::order_id.eq(n.order_id),
            b::day.eq(n.day),
            b::start_min.eq(n.start_min),
            b::bay.eq(n.bay),
            b::status.eq(BookingStatus::Booked.code()),
            b::booked_by.eq(n.booked_by),
            b::note.eq(n.note),
            b::created_at.eq(n.now),
        ))
        .returning(BookingRow::as_returning())
        .get_result(c))
    .classify()
}

/// Ends the order's booking in force as `status` (moved, cancelled, done).
pub fn end(conn: &mut DbConnection, order_id: i64, status: BookingStatus, now: NaiveDateTime) -> StorageResult<usize> {
    native!(conn, c => diesel::update(
        b::table.filter(b::order_id.eq(order_id)).filter(b::status.eq(BookingStatus::Booked.code())),
    )
    .set((b::status.eq(status.code()), b::ended_at.eq(now)))
    .execute(c))
    .classify()
}

/// A booking in force with what the calendar shows of its order.
#[derive(Debug, Clone, Queryable)]
pub struct DayRow {
    pub booking: BookingRow,
    pub order_no: String,
    pub customer_name: String,
    pub owner_id: i64,
    pub owner_name: String,
}

/// The bookings in force from `from` to `to` (inclusive) of the orders `vis` covers, by day and
/// time; `owner` narrows them to one advisor's.
pub fn between(
    conn: &mut DbConnection,
    vis: &Visibility,
    from: NaiveDate,
    to: NaiveDate,
    owner: Option<i64>,
) -> StorageResult<Vec<DayRow>> {
    macro_rules! q {
        () => {{
            let mut q = restrict!(
                b::table.inner_join(orders::table.inner_join(customers::table).inner_join(users::table)).into_boxed(),
                vis,
                orders::store_id,
                orders::owner_id
            )
            .filter(b::status.eq(BookingStatus::Booked.code()))
            .filter(b::day.ge(from))
            .filter(b::day.le(to));
            if let Some(o) = owner {
                q = q.filter(orders::owner_id.eq(o));
            }
            q
        }};
    }
    native!(conn, c => q!()
        .order((b::day, b::start_min, b::bay))
        .select((BookingRow::as_select(), orders::order_no, customers::name, orders::owner_id, users::display_name))
        .load(c))
    .classify()
}
