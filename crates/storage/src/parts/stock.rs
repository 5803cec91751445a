//! A store's shelves: stock per part and warehouse (with its bin and reorder levels), changed
//! only with a line in the movements ledger. An issue takes pieces with a conditional
//! decrement, so two clerks cannot both take the last one (nor can one take more than is there).

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{
    part_movements as mv, part_stock as st, parts as p, purchase_order_lines as pl, purchase_orders as po,
};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::ids::{PartId, StoreId};
use domain::parts::{MovementKind, PurchaseStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = st)]
pub struct StockRow {
    pub id: i64,
    pub store_id: i64,
    pub part_id: i64,
    pub warehouse: String,
    pub bin: String,
    pub on_hand: i32,
    pub reorder_point: i32,
    pub reorder_qty: i32,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The store's row for the part in `warehouse`, created empty when there is none.
pub fn ensure(
    conn: &mut DbConnection,
    (store, part): (StoreId, PartId),
    warehouse: &str,
    now: NaiveDateTime,
) -> StorageResult<StockRow> {
    let (store_id, part_id) = (store.0, part.0);
    native!(conn, c => diesel::insert_into(st::table)
        .values((
            st::store_id.eq(store_id),
            st::part_id.eq(part_id),
            st::warehouse.eq(warehouse),
            st::on_hand.eq(0),
            st::updated_at.eq(now),
        ))
        .on_conflict((st::store_id, st::part_id, st::warehouse))
        .do_nothing()
        .execute(c))
    .classify()?;
    st::table
        .filter(st::store_id.eq(store_id))
        .filter(st::part_id.eq(part_id))
        .filter(st::warehouse.eq(warehouse))
        .select(StockRow::as_select())
        .first(conn)
        .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<StockRow> {
    st::table.find(id).select(StockRow::as_select()).first(conn).classify()
}

/// The store's rows of a part, by warehouse.
pub fn of_part(conn: &mut DbConnection, store: StoreId, part: PartId) -> StorageResult<Vec<StockRow>> {
    st::table
        .filter(st::store_id.eq(store.0))
        .filter(st::part_id.eq(part.0))
        .order(st::warehouse)
        .select(StockRow::as_select())
        .load(conn)
        .classify()
}

/// Sets the bin and reorder levels of row `row` if it is still at its version.
pub fn set_levels(
    conn: &mut DbConnection,
    row: &StockRow,
    (bin, point, qty): (&str, i32, i32),
    now: NaiveDateTime,
) -> StorageResult<StockRow> {
    native!(conn, c => diesel::update(st::table.find(row.id).filter(st::version.eq(row.version)))
        .set((
            st::bin.eq(bin),
            st::reorder_point.eq(point),
            st::reorder_qty.eq(qty),
            st::updated_at.eq(now),
            st::version.eq(row.version + 1),
        ))
        .returning(StockRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// Takes `quantity` pieces from row `id` if that many are there: the row after, or `None`.
/// The condition is in the statement, so concurrent takes are decided by the database.
pub fn take(conn: &mut DbConnection, id: i64, quantity: i32, now: NaiveDateTime) -> StorageResult<Option<StockRow>> {
    native!(conn, c => diesel::update(st::table.find(id).filter(st::on_hand.ge(quantity)))
        .set((st::on_hand.eq(st::on_hand - quantity), st::updated_at.eq(now), st::version.eq(st::version + 1)))
        .returning(StockRow::as_returning())
        .get_result(c))
    .optional()
    .classify()
}

/// Puts `quantity` pieces on row `id` (a receipt, a return, a positive count): the row after.
pub fn put(conn: &mut DbConnection, id: i64, quantity: i32, now: NaiveDateTime) -> StorageResult<StockRow> {
    native!(conn, c => diesel::update(st::table.find(id))
        .set((st::on_hand.eq(st::on_hand + quantity), st::updated_at.eq(now), st::version.eq(st::version + 1)))
        .returning(StockRow::as_returning())
        .get_result(c))
    .classify()
}

/// A line of the ledger.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mv)]
pub struct MovementRow {
    pub id: i64,
    pub store_id: i64,
    pub part_id: i64,
    pub warehouse: String,
    #[diesel(deserialize_as = Coded<mv::kind, MovementKind>)]
    pub kind: MovementKind,
    pub quantity: i32,
    pub balance: i32,
    pub repair_order_id: Option<i64>,
    pub purchase_order_id: Option<i64>,
    pub note: String,
    pub user_id: i64,
    pub at: NaiveDateTime,
}

/// What a movement was for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Against {
    pub repair_order_id: Option<i64>,
    pub purchase_order_id: Option<i64>,
}

/// Writes the ledger line of a change of `row` (already applied) by `quantity` (signed).
pub fn record(
    conn: &mut DbConnection,
    row: &StockRow,
    (kind, quantity): (MovementKind, i32),
    against: Against,
    (note, user_id): (&str, i64),
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(mv::table)
        .values((
            mv::store_id.eq(row.store_id),
            mv::part_id.eq(row.part_id),
            mv::warehouse.eq(&row.warehouse),
            mv::kind.eq(kind.code()),
            mv::quantity.eq(quantity),
            mv::balance.eq(row.on_hand),
            mv::repair_order_id.eq(against.repair_order_id),
            mv::purchase_order_id.eq(against.purchase_order_id),
            mv::note.eq(note),
            mv::user_id.eq(user_id),
            mv::at.eq(now),
        ))
        .execute(conn)
        .classify()
        .map(|_| ())
}

/// The store's ledger of a part, newest first.
pub fn movements(
    conn: &mut DbConnection,
    (store, part): (StoreId, PartId),
    page: PageRequest,
) -> StorageResult<Page<MovementRow>> {
    let build = || mv::table.filter(mv::store_id.eq(store.0)).filter(mv::part_id.eq(part.0)).into_boxed();
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order(mv::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(MovementRow::as_select())
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Pieces of a part on their way to a warehouse of the store (ordered, not yet received).
pub fn on_order(conn: &mut DbConnection, store_id: i64, part_ids: &[i64]) -> StorageResult<Vec<(i64, String, i64)>> {
    let open: Vec<&str> = PurchaseStatus::ALL.iter().filter(|s| s.on_order()).map(|s| s.code()).collect();
    let rows: Vec<(i64, String, i32, i32)> = pl::table
        .inner_join(po::table)
        .filter(po::store_id.eq(store_id))
        .filter(po::status.eq_any(open))
        .filter(pl::part_id.eq_any(part_ids.to_vec()))
        .select((pl::part_id, pl::warehouse, pl::quantity, pl::received))
        .load(conn)
        .classify()?;
    Ok(rows.into_iter().map(|(p, w, q, r)| (p, w, i64::from(q - r))).collect())
}

/// A shelf at or below its reorder point, with its part.
#[derive(Debug, Clone, Queryable)]
pub struct LowRow {
    pub stock: StockRow,
    pub part_no: String,
    pub name: String,
    pub cost_fen: i64,
}

/// The store's shelves at or below their reorder point (before counting what is on order).
pub fn low(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<LowRow>> {
    st::table
        .inner_join(p::table)
        .filter(st::store_id.eq(store_id))
        .filter(st::reorder_point.gt(0))
        .filter(st::on_hand.le(st::reorder_point))
        .order(p::part_no)
        .limit(500)
        .select((StockRow::as_select(), p::part_no, p::name, p::cost_fen))
        .load(conn)
        .classify()
}
