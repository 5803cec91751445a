//! Refunds: requested by a cancellation or by finance, approved, then paid with a reference.

use super::one_row;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{billables, customers, refunds as r};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::billing::{Document, DocumentKind};
use domain::finance::{Breach, RefundKind, RefundStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
pub struct RefundRow {
    pub id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<r::document_kind, DocumentKind>)]
    pub document_kind: DocumentKind,
    pub document_id: i64,
    #[diesel(deserialize_as = Coded<r::kind, RefundKind>)]
    pub kind: RefundKind,
    pub amount_fen: i64,
    #[diesel(deserialize_as = crate::codes::CodedOption<r::breach, Breach>)]
    pub breach: Option<Breach>,
    pub reason: String,
    #[diesel(deserialize_as = Coded<r::status, RefundStatus>)]
    pub status: RefundStatus,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
    pub approved_by: Option<i64>,
    pub approved_at: Option<NaiveDateTime>,
    pub paid_by: Option<i64>,
    pub paid_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::codes::CodedOption<r::method, domain::finance::Method>)]
    pub method: Option<domain::finance::Method>,
    pub reference: Option<String>,
    pub rejected_reason: Option<String>,
    pub version: i64,
}

impl RefundRow {
    pub fn document(&self) -> Document {
        Document { kind: self.document_kind, id: self.document_id }
    }
}

pub struct NewRefund<'a> {
    pub store_id: i64,
    pub document: Document,
    pub kind: RefundKind,
    pub amount_fen: i64,
    pub breach: Option<Breach>,
    pub reason: &'a str,
    pub requested_by: i64,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewRefund<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(r::table)
        .values((
            r::store_id.eq(n.store_id),
            r::document_kind.eq(n.document.kind.code()),
            r::document_id.eq(n.document.id),
            r::kind.eq(n.kind.code()),
            r::amount_fen.eq(n.amount_fen),
            r::breach.eq(n.breach.map(Breach::code)),
            r::reason.eq(n.reason),
            r::status.eq(RefundStatus::Requested.code()),
            r::requested_by.eq(n.requested_by),
            r::requested_at.eq(n.now),
        ))
        .returning(r::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<RefundRow> {
    native!(conn, c => r::table.find(id).select(RefundRow::as_select()).first(c)).classify()
}

pub fn of_document(conn: &mut DbConnection, d: Document) -> StorageResult<Vec<RefundRow>> {
    native!(conn, c => r::table.filter(r::document_kind.eq(d.kind.code())).filter(r::document_id.eq(d.id)).order(r::id).select(RefundRow::as_select()).load(c))
        .classify()
}

/// The refund if it is still `from` at the version read.
macro_rules! at {
    ($row:expr, $from:expr) => {
        r::table.find($row.id).filter(r::version.eq($row.version)).filter(r::status.eq($from.code()))
    };
}

pub fn approve(conn: &mut DbConnection, row: &RefundRow, by: i64, now: NaiveDateTime) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(at!(row, RefundStatus::Requested))
        .set((
            r::status.eq(RefundStatus::Approved.code()),
            r::approved_by.eq(by),
            r::approved_at.eq(now),
            r::version.eq(row.version + 1),
        ))
        .execute(c)))
}

pub fn reject(
    conn: &mut DbConnection,
    row: &RefundRow,
    by: i64,
    reason: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(at!(row, RefundStatus::Requested))
        .set((
            r::status.eq(RefundStatus::Rejected.code()),
            r::approved_by.eq(by),
            r::approved_at.eq(now),
            r::rejected_reason.eq(reason),
            r::version.eq(row.version + 1),
        ))
        .execute(c)))
}

pub fn mark_paid(
    conn: &mut DbConnection,
    row: &RefundRow,
    by: i64,
    method: &str,
    reference: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(at!(row, RefundStatus::Approved))
        .set((
            r::status.eq(RefundStatus::Paid.code()),
            r::paid_by.eq(by),
            r::paid_at.eq(now),
            r::method.eq(method),
            r::reference.eq(reference),
            r::version.eq(row.version + 1),
        ))
        .execute(c)))
}

#[derive(Debug, Clone, Queryable)]
pub struct RefundLine {
    pub refund: RefundRow,
    pub number: String,
    pub customer_name: String,
    pub owner_id: i64,
}

/// Refunds of documents the actor sees in a status, oldest request first.
pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    status: Option<RefundStatus>,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<RefundLine>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut q = restrict!(
                r::table.inner_join(super::documents!(r)).inner_join(super::customers_of!()).into_boxed(),
                vis,
                billables::store_id,
                billables::owner_id
            );
            if let Some(s) = status {
                q = q.filter(r::status.eq(s.code()));
            }
            q
        }};
    }
    let total: i64 = native!(conn, c => filtered!().count().get_result(c)).classify()?;
    let rows = native!(conn, c => filtered!()
        .order((r::requested_at, r::id))
        .limit(limit)
        .offset(offset)
        .select((RefundRow::as_select(), billables::number, customers::name, billables::owner_id))
        .load(c))
    .classify()?;
    Ok((rows, total))
}
