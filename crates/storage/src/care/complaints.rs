//! Complaints with their history. Each step is conditional on the version read.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{complaint_events as ev, complaint_numbers as cn, complaints as cp, customers};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::care::{ComplaintCategory, ComplaintSource, ComplaintStatus, Severity};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cp)]
pub struct ComplaintRow {
    pub id: i64,
    pub store_id: i64,
    pub number: String,
    pub customer_id: i64,
    #[diesel(deserialize_as = Coded<cp::source, ComplaintSource>)]
    pub source: ComplaintSource,
    #[diesel(deserialize_as = Coded<cp::category, ComplaintCategory>)]
    pub category: ComplaintCategory,
    #[diesel(deserialize_as = Coded<cp::severity, Severity>)]
    pub severity: Severity,
    pub description: String,
    pub owner_id: i64,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    #[diesel(deserialize_as = Coded<cp::status, ComplaintStatus>)]
    pub status: ComplaintStatus,
    pub escalated_at: Option<NaiveDateTime>,
    pub resolution: String,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub callback_id: Option<i64>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub version: i64,
}

/// The next number of the store's day (`last_seq + 1`), in the caller's transaction.
pub fn next_seq(conn: &mut DbConnection, store_id: i64, day: NaiveDate) -> StorageResult<i64> {
    let day = day.to_string();
    native!(conn, c => diesel::insert_into(cn::table)
        .values((cn::store_id.eq(store_id), cn::day.eq(&day), cn::last_seq.eq(1i64)))
        .on_conflict((cn::store_id, cn::day))
        .do_update()
        .set(cn::last_seq.eq(cn::last_seq + 1))
        .returning(cn::last_seq)
        .get_result(c))
    .classify()
}

pub struct NewComplaint<'a> {
    pub store_id: i64,
    pub number: &'a str,
    pub customer_id: i64,
    pub source: ComplaintSource,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub description: &'a str,
    pub owner_id: i64,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub callback_id: Option<i64>,
    pub created_by: i64,
}

pub fn insert(conn: &mut DbConnection, n: &NewComplaint<'_>, now: NaiveDateTime) -> StorageResult<ComplaintRow> {
    native!(conn, c => diesel::insert_into(cp::table)
        .values((
            cp::store_id.eq(n.store_id),
            cp::number.eq(n.number),
            cp::customer_id.eq(n.customer_id),
            cp::source.eq(n.source.code()),
            cp::category.eq(n.category.code()),
            cp::severity.eq(n.severity.code()),
            cp::description.eq(n.description),
            cp::owner_id.eq(n.owner_id),
            cp::opened_on.eq(n.opened_on),
            cp::due_on.eq(n.due_on),
            cp::status.eq(ComplaintStatus::Open.code()),
            cp::repair_order_id.eq(n.repair_order_id),
            cp::order_id.eq(n.order_id),
            cp::callback_id.eq(n.callback_id),
            cp::created_by.eq(n.created_by),
            cp::created_at.eq(now),
            cp::updated_at.eq(now),
        ))
        .returning(ComplaintRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<ComplaintRow> {
    restrict!(cp::table.into_boxed(), vis, cp::store_id, cp::owner_id)
        .filter(cp::id.eq(id))
        .select(ComplaintRow::as_select())
        .first(conn)
        .classify()
}

/// What a step changes; `None` keeps the value.
#[derive(Debug, Default)]
pub struct Change<'a> {
    pub status: Option<ComplaintStatus>,
    pub owner_id: Option<i64>,
    pub resolution: Option<&'a str>,
    pub resolved_at: Option<Option<NaiveDateTime>>,
    pub closed_at: Option<NaiveDateTime>,
    pub escalated_at: Option<NaiveDateTime>,
}

/// Applies `ch` to `row` if it is still as read (`Stale` otherwise).
pub fn update(
    conn: &mut DbConnection,
    row: &ComplaintRow,
    ch: &Change<'_>,
    now: NaiveDateTime,
) -> StorageResult<ComplaintRow> {
    native!(conn, c => diesel::update(cp::table.find(row.id).filter(cp::version.eq(row.version)))
        .set((
            cp::status.eq(ch.status.unwrap_or(row.status).code()),
            cp::owner_id.eq(ch.owner_id.unwrap_or(row.owner_id)),
            cp::resolution.eq(ch.resolution.unwrap_or(&row.resolution)),
            cp::resolved_at.eq(ch.resolved_at.unwrap_or(row.resolved_at)),
            cp::closed_at.eq(ch.closed_at.or(row.closed_at)),
            cp::escalated_at.eq(ch.escalated_at.or(row.escalated_at)),
            cp::updated_at.eq(now),
            cp::version.eq(row.version + 1),
        ))
        .returning(ComplaintRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// A step in a complaint's history.
#[derive(Debug, Clone, Queryable)]
pub struct EventRow {
    pub id: i64,
    pub complaint_id: i64,
    pub step: String,
    pub note: String,
    pub by_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConnection,
    complaint_id: i64,
    (step, note): (&str, &str),
    by: Option<i64>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(ev::table)
        .values((
            ev::complaint_id.eq(complaint_id),
            ev::step.eq(step),
            ev::note.eq(note),
            ev::by_id.eq(by),
            ev::at.eq(now),
        ))
        .execute(conn)
        .classify()?;
    Ok(())
}

pub fn history(conn: &mut DbConnection, complaint_id: i64) -> StorageResult<Vec<EventRow>> {
    ev::table
        .filter(ev::complaint_id.eq(complaint_id))
        .order(ev::id)
        .select((ev::id, ev::complaint_id, ev::step, ev::note, ev::by_id, ev::at))
        .load(conn)
        .classify()
}

/// A complaint with its customer's name, as lists show it.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub complaint: ComplaintRow,
    pub customer_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<ComplaintStatus>,
    pub severity: Option<Severity>,
    /// Open and past their deadline on this day.
    pub overdue_on: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    /// A customer's name or the complaint's number.
    pub q: Option<String>,
}

/// The complaints within `vis` matching `f`, the earliest deadline first.
pub fn list(conn: &mut DbConnection, vis: &Visibility, f: &Filter, page: PageRequest) -> StorageResult<Page<Listed>> {
    let build = || {
        let mut q = restrict!(cp::table.inner_join(customers::table).into_boxed(), vis, cp::store_id, cp::owner_id);
        if let Some(s) = f.status {
            q = q.filter(cp::status.eq(s.code()));
        }
        if let Some(s) = f.severity {
            q = q.filter(cp::severity.eq(s.code()));
        }
        if let Some(d) = f.overdue_on {
            q = q.filter(cp::status.eq(ComplaintStatus::Open.code())).filter(cp::due_on.lt(d));
        }
        if let Some(o) = f.owner_id {
            q = q.filter(cp::owner_id.eq(o));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            q = q.filter(
                customers::name.like(like.clone()).escape('\\').or(cp::number.like(like.to_uppercase()).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((cp::due_on, cp::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select((ComplaintRow::as_select(), customers::name))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Open complaints past their deadline on `day` not yet escalated, in every store.
pub fn to_escalate(conn: &mut DbConnection, day: NaiveDate) -> StorageResult<Vec<ComplaintRow>> {
    cp::table
        .filter(cp::status.eq(ComplaintStatus::Open.code()))
        .filter(cp::escalated_at.is_null())
        .filter(cp::due_on.lt(day))
        .order(cp::id)
        .limit(500)
        .select(ComplaintRow::as_select())
        .load(conn)
        .classify()
}

/// A customer's complaints within `vis` (the customer 360), newest first.
pub fn of_customer(conn: &mut DbConnection, vis: &Visibility, customer_id: i64) -> StorageResult<Vec<ComplaintRow>> {
    restrict!(cp::table.into_boxed(), vis, cp::store_id, cp::owner_id)
        .filter(cp::customer_id.eq(customer_id))
        .order(cp::id.desc())
        .limit(100)
        .select(ComplaintRow::as_select())
        .load(conn)
        .classify()
}

/// Clears what customer `customer_id` said and what was answered (an erasure).
pub fn erase(conn: &mut DbConnection, customer_id: i64) -> StorageResult<()> {
    let ids = cp::table.filter(cp::customer_id.eq(customer_id)).select(cp::id);
    diesel::update(ev::table.filter(ev::complaint_id.eq_any(ids))).set(ev::note.eq("")).execute(conn).classify()?;
    diesel::update(cp::table.filter(cp::customer_id.eq(customer_id)))
        .set((cp::description.eq(""), cp::resolution.eq("")))
        .execute(conn)
        .classify()?;
    Ok(())
}
