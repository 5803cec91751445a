//! Loaner cars lent against repair orders: the store's loaner fleet (vehicles used as loaners)
//! and each loan, out and back.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{customers, loans as l, repair_orders as ro, vehicles as v};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::ids::{LoanId, StoreId, VehicleId};
use domain::inventory::Usage;
use domain::loaners::LoanStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = l)]
pub struct LoanRow {
    pub id: i64,
    pub store_id: i64,
    pub repair_order_id: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub driver_name: String,
    pub licence_enc: String,
    pub licence_tail: String,
    pub licence_expires_on: NaiveDate,
    #[diesel(deserialize_as = Coded<l::status, LoanStatus>)]
    pub status: LoanStatus,
    pub out_at: NaiveDateTime,
    pub out_km: i64,
    pub out_fuel: i32,
    pub due_on: NaiveDate,
    pub returned_at: Option<NaiveDateTime>,
    pub return_km: Option<i64>,
    pub return_fuel: Option<i32>,
    pub return_note: String,
    pub lent_by: i64,
    pub returned_by: Option<i64>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewLoan<'a> {
    pub store_id: i64,
    pub repair_order_id: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub driver_name: &'a str,
    pub licence_enc: &'a str,
    pub licence_tail: &'a str,
    pub licence_expires_on: NaiveDate,
    pub out_km: i64,
    pub out_fuel: i32,
    pub due_on: NaiveDate,
    pub lent_by: i64,
    pub now: NaiveDateTime,
}

/// Records a loan; `Duplicate` when the car or the repair order has one out already (the unique
/// indexes decide, also between two desks at once).
pub fn insert(conn: &mut DbConnection, n: &NewLoan<'_>) -> StorageResult<LoanId> {
    native!(conn, c => diesel::insert_into(l::table)
        .values((
            l::store_id.eq(n.store_id),
            l::repair_order_id.eq(n.repair_order_id),
            l::customer_id.eq(n.customer_id),
            l::vehicle_id.eq(n.vehicle_id),
            l::driver_name.eq(n.driver_name),
            l::licence_enc.eq(n.licence_enc),
            l::licence_tail.eq(n.licence_tail),
            l::licence_expires_on.eq(n.licence_expires_on),
            l::status.eq(LoanStatus::Out.code()),
            l::out_at.eq(n.now),
            l::out_km.eq(n.out_km),
            l::out_fuel.eq(n.out_fuel),
            l::due_on.eq(n.due_on),
            l::lent_by.eq(n.lent_by),
            l::updated_at.eq(n.now),
        ))
        .returning(l::id)
        .get_result(c))
    .classify()
    .map(LoanId)
}

pub fn get(conn: &mut DbConnection, id: LoanId) -> StorageResult<LoanRow> {
    l::table.find(id.0).select(LoanRow::as_select()).first(conn).classify()
}

/// The loan a repair order has out, if any.
pub fn out_of_order(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Option<LoanRow>> {
    l::table
        .filter(l::repair_order_id.eq(repair_order_id))
        .filter(l::status.eq(LoanStatus::Out.code()))
        .select(LoanRow::as_select())
        .first(conn)
        .optional()
        .classify()
}

/// A repair order's loans, the latest first.
pub fn of_order(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Vec<LoanRow>> {
    l::table
        .filter(l::repair_order_id.eq(repair_order_id))
        .order(l::id.desc())
        .select(LoanRow::as_select())
        .load(conn)
        .classify()
}

/// The store's loaner cars: `(id, vin, trim)`, by id.
pub fn fleet(conn: &mut DbConnection, store: StoreId) -> StorageResult<Vec<(i64, String, i64)>> {
    v::table
        .filter(v::store_id.eq(store.0))
        .filter(v::usage.eq(Usage::Loaner.code()))
        .order(v::id)
        .select((v::id, v::vin, v::trim_id))
        .load(conn)
        .classify()
}

/// The store's loans out now, by the day they are due.
pub fn out(conn: &mut DbConnection, store: StoreId) -> StorageResult<Vec<LoanRow>> {
    l::table
        .filter(l::store_id.eq(store.0))
        .filter(l::status.eq(LoanStatus::Out.code()))
        .order((l::due_on, l::id))
        .select(LoanRow::as_select())
        .load(conn)
        .classify()
}

/// Which loans a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanState {
    Out,
    /// Out after the day it was due back.
    Overdue,
    Returned,
}

#[derive(Debug, Clone, Default)]
pub struct LoanFilter {
    pub state: Option<LoanState>,
    /// The driver's or customer's name, the repair order's number or the loaner's VIN (part).
    pub q: Option<String>,
    pub today: Option<NaiveDate>,
}

/// A loan as lists show it: with its repair order's number and the customer's name.
pub type ListedLoan = (LoanRow, String, String);

/// The loans the reader may see (the repair orders of their scope), out first, by due day.
pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &LoanFilter,
    page: PageRequest,
) -> StorageResult<Page<ListedLoan>> {
    let build = || {
        let mut q = restrict!(
            l::table.inner_join(ro::table).inner_join(customers::table).inner_join(v::table).into_boxed(),
            vis,
            l::store_id,
            ro::owner_id
        );
        match f.state {
            Some(LoanState::Out) => q = q.filter(l::status.eq(LoanStatus::Out.code())),
            Some(LoanState::Overdue) => {
                q = q.filter(l::status.eq(LoanStatus::Out.code()));
                if let Some(today) = f.today {
                    q = q.filter(l::due_on.lt(today));
                }
            }
            Some(LoanState::Returned) => q = q.filter(l::status.eq(LoanStatus::Returned.code())),
            None => {}
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            let upper = like.to_uppercase();
            q = q.filter(
                customers::name
                    .like(like.clone())
                    .escape('\\')
                    .or(l::driver_name.like(like).escape('\\'))
                    .or(ro::number.like(upper.clone()).escape('\\'))
                    .or(v::vin.like(upper).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((l::status.desc(), l::due_on, l::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select((LoanRow::as_select(), ro::number, customers::name))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// What the return records.
pub struct Returned<'a> {
    pub km: i64,
    pub fuel: i32,
    pub note: &'a str,
    pub by: i64,
    pub now: NaiveDateTime,
}

/// Records the car back, at the version read.
pub fn give_back(conn: &mut DbConnection, r: &LoanRow, back: &Returned<'_>) -> StorageResult<()> {
    let n = diesel::update(l::table.find(r.id).filter(l::version.eq(r.version)))
        .set((
            l::status.eq(LoanStatus::Returned.code()),
            l::returned_at.eq(back.now),
            l::return_km.eq(back.km),
            l::return_fuel.eq(back.fuel),
            l::return_note.eq(back.note),
            l::returned_by.eq(back.by),
            l::version.eq(r.version + 1),
            l::updated_at.eq(back.now),
        ))
        .execute(conn)
        .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
}

/// Locks the loaner car's row until the transaction ends (PostgreSQL; SQLite has one writer).
pub fn lock_car(conn: &mut DbConnection, car: VehicleId) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        v::table.find(car).select(v::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// Erases the customer's licence and the driver's name (anonymisation); the car's use stays.
pub fn erase_personal(conn: &mut DbConnection, customer_id: i64, erased: &str) -> StorageResult<()> {
    diesel::update(l::table.filter(l::customer_id.eq(customer_id)))
        .set((l::licence_enc.eq(""), l::licence_tail.eq(""), l::driver_name.eq(erased)))
        .execute(conn)
        .classify()
        .map(|_| ())
}

/// Whether the customer has a loaner car out (their erasure waits for it).
pub fn has_out(conn: &mut DbConnection, customer_id: i64) -> StorageResult<bool> {
    diesel::select(diesel::dsl::exists(
        l::table.filter(l::customer_id.eq(customer_id)).filter(l::status.eq(LoanStatus::Out.code())),
    ))
    .get_result(conn)
    .classify()
}
