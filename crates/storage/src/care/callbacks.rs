//! Callbacks: calls customer service is to make, each done once (a call's record is
//! conditional on the version read).

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{callbacks as cb, customers, repair_orders as ro};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::care::{CallbackKind, CallbackStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cb)]
pub struct CallbackRow {
    pub id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<cb::kind, CallbackKind>)]
    pub kind: CallbackKind,
    pub customer_id: i64,
    pub customer_vehicle_id: Option<i64>,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub subject: String,
    pub owner_id: i64,
    pub due_on: NaiveDate,
    #[diesel(deserialize_as = Coded<cb::status, CallbackStatus>)]
    pub status: CallbackStatus,
    pub attempts: i32,
    pub score: Option<i32>,
    pub comment: String,
    pub complaint_id: Option<i64>,
    pub called_by: Option<i64>,
    pub called_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewCallback<'a> {
    pub store_id: i64,
    pub kind: CallbackKind,
    pub customer_id: i64,
    pub customer_vehicle_id: Option<i64>,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub subject: &'a str,
    pub owner_id: i64,
    pub due_on: NaiveDate,
}

/// Adds the callback; a second one for the same repair order or order is `Duplicate`.
pub fn insert(conn: &mut DbConnection, n: &NewCallback<'_>, now: NaiveDateTime) -> StorageResult<CallbackRow> {
    native!(conn, c => diesel::insert_into(cb::table)
        .values((
            cb::store_id.eq(n.store_id),
            cb::kind.eq(n.kind.code()),
            cb::customer_id.eq(n.customer_id),
            cb::customer_vehicle_id.eq(n.customer_vehicle_id),
            cb::repair_order_id.eq(n.repair_order_id),
            cb::order_id.eq(n.order_id),
            cb::subject.eq(n.subject),
            cb::owner_id.eq(n.owner_id),
            cb::due_on.eq(n.due_on),
            cb::status.eq(CallbackStatus::Open.code()),
            cb::created_at.eq(now),
            cb::updated_at.eq(now),
        ))
        .returning(CallbackRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<CallbackRow> {
    restrict!(cb::table.into_boxed(), vis, cb::store_id, cb::owner_id)
        .filter(cb::id.eq(id))
        .select(CallbackRow::as_select())
        .first(conn)
        .classify()
}

/// What a call changes.
pub struct Call<'a> {
    pub status: CallbackStatus,
    pub score: Option<i32>,
    pub comment: &'a str,
    pub due_on: NaiveDate,
    pub by: i64,
}

/// Records a call on `row` if it is still as read (`Stale` otherwise).
pub fn record(
    conn: &mut DbConnection,
    row: &CallbackRow,
    call: &Call<'_>,
    now: NaiveDateTime,
) -> StorageResult<CallbackRow> {
    native!(conn, c => diesel::update(cb::table.find(row.id).filter(cb::version.eq(row.version)))
        .set((
            cb::status.eq(call.status.code()),
            cb::attempts.eq(row.attempts + 1),
            cb::score.eq(call.score),
            cb::comment.eq(call.comment),
            cb::due_on.eq(call.due_on),
            cb::called_by.eq(Some(call.by)),
            cb::called_at.eq(Some(now)),
            cb::updated_at.eq(now),
            cb::version.eq(row.version + 1),
        ))
        .returning(CallbackRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// Links the complaint a dissatisfied answer opened.
pub fn link_complaint(conn: &mut DbConnection, row: &CallbackRow, complaint_id: i64) -> StorageResult<()> {
    diesel::update(cb::table.find(row.id)).set(cb::complaint_id.eq(Some(complaint_id))).execute(conn).classify()?;
    Ok(())
}

/// A callback with its customer's name, as lists show it.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub callback: CallbackRow,
    pub customer_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<CallbackStatus>,
    pub kind: Option<CallbackKind>,
    /// Only those due on or before this day.
    pub due_by: Option<NaiveDate>,
    /// A customer's name, or the number or plate called about.
    pub q: Option<String>,
}

/// The callbacks within `vis` matching `f`, the earliest due first.
pub fn list(conn: &mut DbConnection, vis: &Visibility, f: &Filter, page: PageRequest) -> StorageResult<Page<Listed>> {
    let build = || {
        let mut q = restrict!(cb::table.inner_join(customers::table).into_boxed(), vis, cb::store_id, cb::owner_id);
        if let Some(s) = f.status {
            q = q.filter(cb::status.eq(s.code()));
        }
        if let Some(k) = f.kind {
            q = q.filter(cb::kind.eq(k.code()));
        }
        if let Some(d) = f.due_by {
            q = q.filter(cb::due_on.le(d));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            q = q.filter(
                customers::name.like(like.clone()).escape('\\').or(cb::subject.like(like.to_uppercase()).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((cb::due_on, cb::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select((CallbackRow::as_select(), customers::name))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Open callbacks within `vis` due on or before `day` (the home card).
pub fn due_count(conn: &mut DbConnection, vis: &Visibility, day: NaiveDate) -> StorageResult<i64> {
    restrict!(cb::table.into_boxed(), vis, cb::store_id, cb::owner_id)
        .filter(cb::status.eq(CallbackStatus::Open.code()))
        .filter(cb::due_on.le(day))
        .count()
        .get_result(conn)
        .classify()
}

/// A customer's callbacks that were answered (the customer 360), newest first.
pub fn answered_of_customer(
    conn: &mut DbConnection,
    vis: &Visibility,
    customer_id: i64,
) -> StorageResult<Vec<CallbackRow>> {
    restrict!(cb::table.into_boxed(), vis, cb::store_id, cb::owner_id)
        .filter(cb::customer_id.eq(customer_id))
        .filter(cb::called_at.is_not_null())
        .order(cb::id.desc())
        .limit(100)
        .select(CallbackRow::as_select())
        .load(conn)
        .classify()
}

/// A car not seen since before `before`, to be called: its customer, the car, its plate or VIN,
/// its last repair order's advisor.
#[derive(Debug, Clone)]
pub struct Dormant {
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub subject: String,
    pub owner_id: i64,
}

/// The store's cars whose last repair order was received before `before` (and after
/// `not_before`, so that a car gone for years is not called every day), still owned, and with
/// no dormant callback since that visit; at most `limit`.
pub fn dormant(
    conn: &mut DbConnection,
    store_id: i64,
    (not_before, before): (NaiveDate, NaiveDate),
    limit: i64,
) -> StorageResult<Vec<Dormant>> {
    use crate::schema::customer_vehicles as cv;
    // The last visit per car among those seen in the window, if before `before`.
    let last: Vec<(i64, Option<NaiveDate>)> = ro::table
        .filter(ro::store_id.eq(store_id))
        .filter(ro::received_on.ge(not_before))
        .group_by(ro::customer_vehicle_id)
        .having(diesel::dsl::max(ro::received_on).lt(before))
        .select((ro::customer_vehicle_id, diesel::dsl::max(ro::received_on)))
        .load(conn)
        .classify()?;
    let mut out = Vec::new();
    for (vehicle_id, seen) in last {
        let Some(seen) = seen.filter(|d| *d < before) else { continue };
        let called: i64 = cb::table
            .filter(cb::customer_vehicle_id.eq(vehicle_id))
            .filter(cb::kind.eq(CallbackKind::Dormant.code()))
            .filter(cb::due_on.gt(seen))
            .count()
            .get_result(conn)
            .classify()?;
        if called > 0 {
            continue;
        }
        let car: Option<(i64, String, Option<String>, Option<NaiveDate>)> = cv::table
            .find(vehicle_id)
            .select((cv::customer_id, cv::vin, cv::plate, cv::owned_until))
            .first(conn)
            .optional()
            .classify()?;
        let Some((customer_id, vin, plate, None)) = car else { continue };
        let owner_id: i64 = ro::table
            .filter(ro::customer_vehicle_id.eq(vehicle_id))
            .order(ro::id.desc())
            .select(ro::owner_id)
            .first(conn)
            .classify()?;
        out.push(Dormant { customer_id, customer_vehicle_id: vehicle_id, subject: plate.unwrap_or(vin), owner_id });
        if out.len() as i64 >= limit {
            break;
        }
    }
    Ok(out)
}

/// Stores with repair orders (the dormant job's round).
pub fn stores_with_visits(conn: &mut DbConnection) -> StorageResult<Vec<i64>> {
    ro::table.select(ro::store_id).distinct().load(conn).classify()
}

/// Clears what customer `customer_id` said on calls (an erasure).
pub fn erase(conn: &mut DbConnection, customer_id: i64) -> StorageResult<()> {
    diesel::update(cb::table.filter(cb::customer_id.eq(customer_id)))
        .set(cb::comment.eq(""))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// Stores with customers' cars (the reminder job's round).
pub fn stores_with_cars(conn: &mut DbConnection) -> StorageResult<Vec<i64>> {
    use crate::schema::customer_vehicles as cv;
    cv::table.select(cv::store_id).distinct().load(conn).classify()
}
