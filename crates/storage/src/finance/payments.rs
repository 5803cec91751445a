//! Payments against orders, their receipts and numbers, and the sums an order's ledger needs.

use super::one_row;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{billables, customers, payments as p, receipt_sequences as rs};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::billing::{Document, DocumentKind};
use domain::finance::{Method, PaymentKind, PaymentStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = p)]
pub struct PaymentRow {
    pub id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<p::document_kind, DocumentKind>)]
    pub document_kind: DocumentKind,
    pub document_id: i64,
    #[diesel(deserialize_as = Coded<p::kind, PaymentKind>)]
    pub kind: PaymentKind,
    #[diesel(deserialize_as = Coded<p::method, Method>)]
    pub method: Method,
    pub amount_fen: i64,
    pub earnest_fen: i64,
    pub reference: Option<String>,
    pub loan_product_id: Option<i64>,
    pub paid_on: NaiveDate,
    pub note: String,
    #[diesel(deserialize_as = Coded<p::status, PaymentStatus>)]
    pub status: PaymentStatus,
    pub registered_by: i64,
    pub registered_at: NaiveDateTime,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub rejected_reason: Option<String>,
    pub receipt_no: Option<String>,
    pub version: i64,
}

impl PaymentRow {
    pub fn document(&self) -> Document {
        Document { kind: self.document_kind, id: self.document_id }
    }
}

pub struct NewPayment<'a> {
    pub store_id: i64,
    pub document: Document,
    pub kind: PaymentKind,
    pub method: Method,
    pub amount_fen: i64,
    pub earnest_fen: i64,
    pub reference: Option<&'a str>,
    pub loan_product_id: Option<i64>,
    pub paid_on: NaiveDate,
    pub note: &'a str,
    pub registered_by: i64,
    pub now: NaiveDateTime,
}

/// Inserts a registered payment. A reference already recorded for the store and method (and
/// not rejected) is `Duplicate`.
pub fn insert(conn: &mut DbConnection, n: &NewPayment<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(p::table)
        .values((
            p::store_id.eq(n.store_id),
            p::document_kind.eq(n.document.kind.code()),
            p::document_id.eq(n.document.id),
            p::kind.eq(n.kind.code()),
            p::method.eq(n.method.code()),
            p::amount_fen.eq(n.amount_fen),
            p::earnest_fen.eq(n.earnest_fen),
            p::reference.eq(n.reference),
            p::loan_product_id.eq(n.loan_product_id),
            p::paid_on.eq(n.paid_on),
            p::note.eq(n.note),
            p::status.eq(PaymentStatus::Registered.code()),
            p::registered_by.eq(n.registered_by),
            p::registered_at.eq(n.now),
        ))
        .returning(p::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<PaymentRow> {
    native!(conn, c => p::table.find(id).select(PaymentRow::as_select()).first(c)).classify()
}

pub fn of_document(conn: &mut DbConnection, d: Document) -> StorageResult<Vec<PaymentRow>> {
    native!(conn, c => p::table
        .filter(p::document_kind.eq(d.kind.code()))
        .filter(p::document_id.eq(d.id))
        .order(p::id)
        .select(PaymentRow::as_select())
        .load(c))
    .classify()
}

/// 定金 confirmed on the document (its legal part), in fen: the base of a cancellation's outcome
/// and of the cap a change order keeps.
pub fn earnest_held(conn: &mut DbConnection, d: Document) -> StorageResult<i64> {
    Ok(of_document(conn, d)?
        .iter()
        .filter(|p| p.status == domain::finance::PaymentStatus::Confirmed)
        .map(|p| p.earnest_fen)
        .sum())
}

/// Confirms a registered payment with its receipt.
pub fn confirm(
    conn: &mut DbConnection,
    row: &PaymentRow,
    by: i64,
    receipt_no: &str,
    earnest_fen: i64,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(
        p::table.find(row.id).filter(p::version.eq(row.version)).filter(p::status.eq(PaymentStatus::Registered.code())),
    )
    .set((
        p::status.eq(PaymentStatus::Confirmed.code()),
        p::earnest_fen.eq(earnest_fen),
        p::decided_by.eq(by),
        p::decided_at.eq(now),
        p::receipt_no.eq(receipt_no),
        p::version.eq(row.version + 1),
    ))
    .execute(c)))
}

pub fn reject(
    conn: &mut DbConnection,
    row: &PaymentRow,
    by: i64,
    reason: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(
        p::table.find(row.id).filter(p::version.eq(row.version)).filter(p::status.eq(PaymentStatus::Registered.code())),
    )
    .set((
        p::status.eq(PaymentStatus::Rejected.code()),
        p::decided_by.eq(by),
        p::decided_at.eq(now),
        p::rejected_reason.eq(reason),
        p::version.eq(row.version + 1),
    ))
    .execute(c)))
}

/// The next receipt number of `store` on `day` (`YYYYMMDD`), one upsert like order numbers.
pub fn next_receipt_seq(conn: &mut DbConnection, store_id: i64, day: &str) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(rs::table)
        .values((rs::store_id.eq(store_id), rs::day.eq(day), rs::last_seq.eq(1i64)))
        .on_conflict((rs::store_id, rs::day))
        .do_update()
        .set(rs::last_seq.eq(rs::last_seq + 1))
        .returning(rs::last_seq)
        .get_result(c))
    .classify()
}

/// A payment in a finance list, with its document's number and customer.
#[derive(Debug, Clone, Queryable)]
pub struct PaymentLine {
    pub payment: PaymentRow,
    pub number: String,
    pub customer_name: String,
    pub owner_id: i64,
}

#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    pub status: Option<PaymentStatus>,
    pub method: Option<Method>,
    pub kind: Option<PaymentKind>,
    /// Decided (confirmed or rejected) on or after / before, for the day's receipts.
    pub decided_from: Option<NaiveDateTime>,
    pub decided_before: Option<NaiveDateTime>,
    /// Document number or customer name fragment.
    pub search: Option<String>,
}

/// Payments of documents the actor sees, oldest registration first, at most `limit`.
pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &PaymentFilter,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<PaymentLine>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut q = restrict!(
                p::table.inner_join(super::documents!(p)).inner_join(super::customers_of!()).into_boxed(),
                vis,
                billables::store_id,
                billables::owner_id
            );
            if let Some(s) = f.status {
                q = q.filter(p::status.eq(s.code()));
            }
            if let Some(m) = f.method {
                q = q.filter(p::method.eq(m.code()));
            }
            if let Some(k) = f.kind {
                q = q.filter(p::kind.eq(k.code()));
            }
            if let Some(t) = f.decided_from {
                q = q.filter(p::decided_at.ge(t));
            }
            if let Some(t) = f.decided_before {
                q = q.filter(p::decided_at.lt(t));
            }
            if let Some(s) = f.search.as_deref().filter(|s| !s.is_empty()) {
                let like = format!("%{}%", s.replace(['%', '_'], ""));
                q = q.filter(billables::number.like(like.clone()).or(customers::name.like(like)));
            }
            q
        }};
    }
    let total: i64 = native!(conn, c => filtered!().count().get_result(c)).classify()?;
    let rows = native!(conn, c => filtered!()
        .order((p::registered_at, p::id))
        .limit(limit)
        .offset(offset)
        .select((PaymentRow::as_select(), billables::number, customers::name, billables::owner_id))
        .load(c))
    .classify()?;
    Ok((rows, total))
}

#[derive(diesel::QueryableByName)]
struct Taken {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether the store already holds a payment (not rejected) with this reference, compared
/// without surrounding spaces and letter case and across methods: one bank serial or merchant
/// order number is one payment, however it was typed.
pub fn reference_taken(conn: &mut DbConnection, store_id: i64, reference: &str) -> StorageResult<bool> {
    use diesel::sql_types::{BigInt, Text};
    const WHERE: &str = "status <> 'rejected' AND reference IS NOT NULL AND upper(trim(reference)) = upper(trim(";
    let key = reference.trim().to_string();
    let n = match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM payments WHERE store_id = ? AND {WHERE}?))"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(key)
                .get_result::<Taken>(c)
        }
        DbConnection::Postgres(c) => {
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM payments WHERE store_id = $1 AND {WHERE}$2))"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(key)
                .get_result::<Taken>(c)
        }
    }
    .classify()?
    .n;
    Ok(n > 0)
}
