//! Purchase orders to the maker and their lines: drafted (by hand or from the reorder
//! suggestions), ordered, received in one or more deliveries.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{part_purchase_numbers as pn, parts as p, purchase_order_lines as pl, purchase_orders as po};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::parts::PurchaseStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = po)]
pub struct PurchaseRow {
    pub id: i64,
    pub store_id: i64,
    pub number: String,
    pub supplier: String,
    #[diesel(deserialize_as = Coded<po::status, PurchaseStatus>)]
    pub status: PurchaseStatus,
    pub note: String,
    pub total_fen: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub ordered_at: Option<NaiveDateTime>,
    pub received_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pl)]
pub struct LineRow {
    pub id: i64,
    pub purchase_order_id: i64,
    pub part_id: i64,
    pub warehouse: String,
    pub quantity: i32,
    pub received: i32,
    pub unit_cost_fen: i64,
}

/// The next number of the store's day (`last_seq + 1`), in the caller's transaction.
pub fn next_seq(conn: &mut DbConnection, store_id: i64, day: NaiveDate) -> StorageResult<i64> {
    let day = day.format("%Y%m%d").to_string();
    native!(conn, c => diesel::insert_into(pn::table)
        .values((pn::store_id.eq(store_id), pn::day.eq(&day), pn::last_seq.eq(1i64)))
        .on_conflict((pn::store_id, pn::day))
        .do_update()
        .set(pn::last_seq.eq(pn::last_seq + 1))
        .returning(pn::last_seq)
        .get_result(c))
    .classify()
}

pub struct NewPurchase<'a> {
    pub store_id: i64,
    pub number: &'a str,
    pub supplier: &'a str,
    pub note: &'a str,
    pub created_by: i64,
}

pub fn insert(conn: &mut DbConnection, n: &NewPurchase<'_>, now: NaiveDateTime) -> StorageResult<PurchaseRow> {
    native!(conn, c => diesel::insert_into(po::table)
        .values((
            po::store_id.eq(n.store_id),
            po::number.eq(n.number),
            po::supplier.eq(n.supplier),
            po::status.eq(PurchaseStatus::Draft.code()),
            po::note.eq(n.note),
            po::created_by.eq(n.created_by),
            po::created_at.eq(now),
            po::updated_at.eq(now),
        ))
        .returning(PurchaseRow::as_returning())
        .get_result(c))
    .classify()
}

/// Adds `quantity` of a part to the purchase order's line for that warehouse (one line per
/// part and warehouse).
pub fn add_line(conn: &mut DbConnection, order_id: i64, line: &LineRow) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(pl::table)
        .values((
            pl::purchase_order_id.eq(order_id),
            pl::part_id.eq(line.part_id),
            pl::warehouse.eq(&line.warehouse),
            pl::quantity.eq(line.quantity),
            pl::unit_cost_fen.eq(line.unit_cost_fen),
        ))
        .on_conflict((pl::purchase_order_id, pl::part_id, pl::warehouse))
        .do_update()
        .set(pl::quantity.eq(pl::quantity + line.quantity))
        .execute(c))
    .classify()
    .map(|_| ())
}

pub fn delete_line(
    conn: &mut DbConnection,
    (order, line): (domain::ids::PurchaseOrderId, domain::ids::PurchaseLineId),
) -> StorageResult<bool> {
    diesel::delete(pl::table.find(line.0).filter(pl::purchase_order_id.eq(order.0)))
        .execute(conn)
        .classify()
        .map(|n| n == 1)
}

/// Counts `quantity` more pieces of line `id` as received, if no more than ordered arrive.
pub fn receive_line(conn: &mut DbConnection, id: i64, quantity: i32) -> StorageResult<bool> {
    diesel::update(pl::table.find(id).filter(pl::received.le(pl::quantity - quantity)))
        .set(pl::received.eq(pl::received + quantity))
        .execute(conn)
        .classify()
        .map(|n| n == 1)
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<PurchaseRow> {
    po::table.find(id).select(PurchaseRow::as_select()).first(conn).classify()
}

/// A purchase order's line with its part's number and name.
#[derive(Debug, Clone, Queryable)]
pub struct ShownLine {
    pub line: LineRow,
    pub part_no: String,
    pub name: String,
}

pub fn lines_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ShownLine>> {
    pl::table
        .inner_join(p::table)
        .filter(pl::purchase_order_id.eq(order_id))
        .order(pl::id)
        .select((LineRow::as_select(), p::part_no, p::name))
        .load(conn)
        .classify()
}

/// What a step changes on the order itself.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub status: Option<PurchaseStatus>,
    pub total_fen: Option<i64>,
    pub ordered_at: Option<NaiveDateTime>,
    pub received_at: Option<NaiveDateTime>,
}

/// Applies `change` if the order is still at its version (`Stale` otherwise).
pub fn update(
    conn: &mut DbConnection,
    row: &PurchaseRow,
    change: &Change,
    now: NaiveDateTime,
) -> StorageResult<PurchaseRow> {
    native!(conn, c => diesel::update(po::table.find(row.id).filter(po::version.eq(row.version)))
        .set((
            po::status.eq(change.status.unwrap_or(row.status).code()),
            po::total_fen.eq(change.total_fen.unwrap_or(row.total_fen)),
            po::ordered_at.eq(change.ordered_at.or(row.ordered_at)),
            po::received_at.eq(change.received_at.or(row.received_at)),
            po::updated_at.eq(now),
            po::version.eq(row.version + 1),
        ))
        .returning(PurchaseRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<PurchaseStatus>,
    /// The order's number.
    pub q: Option<String>,
}

/// The store's purchase orders, newest first.
pub fn list(conn: &mut DbConnection, store_id: i64, f: &Filter, page: PageRequest) -> StorageResult<Page<PurchaseRow>> {
    let build = || {
        let mut q = po::table.filter(po::store_id.eq(store_id)).into_boxed();
        if let Some(s) = f.status {
            q = q.filter(po::status.eq(s.code()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q
                .filter(po::number.like(format!("%{}%", crate::users::escape_like(&text.to_uppercase()))).escape('\\'));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order(po::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(PurchaseRow::as_select())
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}
