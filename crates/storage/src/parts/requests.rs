//! What repair orders need from the parts store (领料): one request per approved part line,
//! issued from a warehouse, returned when the repair order no longer needs it. Each step is
//! conditional on the status it leaves, so a request is issued (or returned) once.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{part_requests as rq, parts as p, repair_orders as ro};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::Code;
use domain::parts::RequestStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rq)]
pub struct RequestRow {
    pub id: i64,
    pub store_id: i64,
    pub repair_order_id: i64,
    pub repair_part_id: i64,
    pub part_id: i64,
    pub quantity: i32,
    #[diesel(deserialize_as = Coded<rq::status, RequestStatus>)]
    pub status: RequestStatus,
    pub warehouse: Option<String>,
    pub issued_by: Option<i64>,
    pub issued_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewRequest {
    pub store_id: i64,
    pub repair_order_id: i64,
    pub repair_part_id: i64,
    pub part_id: i64,
    pub quantity: i32,
}

pub fn insert(conn: &mut DbConnection, n: &NewRequest, now: NaiveDateTime) -> StorageResult<RequestRow> {
    native!(conn, c => diesel::insert_into(rq::table)
        .values((
            rq::store_id.eq(n.store_id),
            rq::repair_order_id.eq(n.repair_order_id),
            rq::repair_part_id.eq(n.repair_part_id),
            rq::part_id.eq(n.part_id),
            rq::quantity.eq(n.quantity),
            rq::status.eq(RequestStatus::Open.code()),
            rq::created_at.eq(now),
        ))
        .returning(RequestRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<RequestRow> {
    rq::table.find(id).select(RequestRow::as_select()).first(conn).classify()
}

/// Moves request `row` to `to` if it is still as read (`Stale` otherwise); `issued`: the
/// warehouse and clerk of an issue.
pub fn step(
    conn: &mut DbConnection,
    row: &RequestRow,
    to: RequestStatus,
    issued: Option<(&str, i64)>,
    now: NaiveDateTime,
) -> StorageResult<RequestRow> {
    let (warehouse, by, at) = match issued {
        Some((w, by)) => (Some(w.to_string()), Some(by), Some(now)),
        None => (row.warehouse.clone(), row.issued_by, row.issued_at),
    };
    native!(conn, c => diesel::update(
        rq::table.find(row.id).filter(rq::version.eq(row.version)).filter(rq::status.eq(row.status.code())),
    )
    .set((
        rq::status.eq(to.code()),
        rq::warehouse.eq(warehouse),
        rq::issued_by.eq(by),
        rq::issued_at.eq(at),
        rq::version.eq(row.version + 1),
    ))
    .returning(RequestRow::as_returning())
    .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

pub fn of_repair_order(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Vec<RequestRow>> {
    rq::table
        .filter(rq::repair_order_id.eq(repair_order_id))
        .order(rq::id)
        .select(RequestRow::as_select())
        .load(conn)
        .classify()
}

/// A request in the parts store's queue, with its part and repair order.
#[derive(Debug, Clone, Queryable)]
pub struct QueueRow {
    pub request: RequestRow,
    pub part_no: String,
    pub name: String,
    pub number: String,
    pub plate: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<RequestStatus>,
    /// A repair order's number or plate, or a part number.
    pub q: Option<String>,
}

/// The store's requests matching `f`, oldest first (the queue is worked in order).
pub fn queue(conn: &mut DbConnection, store_id: i64, f: &Filter, page: PageRequest) -> StorageResult<Page<QueueRow>> {
    let build = || {
        let mut q = rq::table.inner_join(p::table).inner_join(ro::table).filter(rq::store_id.eq(store_id)).into_boxed();
        if let Some(s) = f.status {
            q = q.filter(rq::status.eq(s.code()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let t = text.to_uppercase();
            q = q.filter(ro::number.eq(t.clone()).or(ro::plate.eq(t.clone())).or(p::part_no.eq(t)));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order(rq::id)
        .limit(page.per_page)
        .offset(page.offset())
        .select((RequestRow::as_select(), p::part_no, p::name, ro::number, ro::plate))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// The store's requests per status, for the queue's tabs and the home card.
pub fn counts(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<(RequestStatus, i64)>> {
    let rows: Vec<(String, i64)> = rq::table
        .filter(rq::store_id.eq(store_id))
        .group_by(rq::status)
        .select((rq::status, diesel::dsl::count_star()))
        .load(conn)
        .classify()?;
    Ok(rows.into_iter().filter_map(|(s, n)| RequestStatus::from_code(&s).map(|s| (s, n))).collect())
}

/// Request `id` as the queue shows it.
pub fn shown(conn: &mut DbConnection, id: i64) -> StorageResult<QueueRow> {
    rq::table
        .inner_join(p::table)
        .inner_join(ro::table)
        .filter(rq::id.eq(id))
        .select((RequestRow::as_select(), p::part_no, p::name, ro::number, ro::plate))
        .first(conn)
        .classify()
}
