//! Billable documents (`billables`): what payments, refunds and invoices refer to. The capability
//! that owns a document registers it on creation and again on every change of its store, owner,
//! customer or amount ([`register`]); finance reads documents only from here.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::billables as b;
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::billing::{Document, DocumentKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = b)]
pub struct BillableRow {
    #[diesel(deserialize_as = Coded<b::kind, DocumentKind>)]
    pub kind: DocumentKind,
    pub document_id: i64,
    pub store_id: i64,
    pub owner_id: i64,
    pub customer_id: i64,
    pub number: String,
    pub amount_fen: i64,
    pub created_at: NaiveDateTime,
}

impl BillableRow {
    pub fn document(&self) -> Document {
        Document { kind: self.kind, id: self.document_id }
    }
}

/// A document as its owner registers it.
pub struct Billable<'a> {
    pub document: Document,
    pub store_id: i64,
    pub owner_id: i64,
    pub customer_id: i64,
    pub number: &'a str,
    pub amount_fen: i64,
    pub now: NaiveDateTime,
}

/// Registers `d`, or brings its registration in step (store, owner, customer, number, amount; the
/// creation time stays), in the caller's transaction.
pub fn register(conn: &mut DbConnection, d: &Billable<'_>) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(b::table)
        .values((
            b::kind.eq(d.document.kind.code()),
            b::document_id.eq(d.document.id),
            b::store_id.eq(d.store_id),
            b::owner_id.eq(d.owner_id),
            b::customer_id.eq(d.customer_id),
            b::number.eq(d.number),
            b::amount_fen.eq(d.amount_fen),
            b::created_at.eq(d.now),
        ))
        .on_conflict((b::kind, b::document_id))
        .do_update()
        .set((
            b::store_id.eq(d.store_id),
            b::owner_id.eq(d.owner_id),
            b::customer_id.eq(d.customer_id),
            b::number.eq(d.number),
            b::amount_fen.eq(d.amount_fen),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}

pub fn get(conn: &mut DbConnection, d: Document) -> StorageResult<BillableRow> {
    native!(conn, c => b::table
        .find((d.kind.code(), d.id))
        .select(BillableRow::as_select())
        .first(c))
    .classify()
}

/// Takes the document's registration row lock for the rest of the transaction (PostgreSQL;
/// SQLite's writer is one), so that two payments against it are weighed one after the other.
pub fn lock(conn: &mut DbConnection, d: Document) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        b::table.find((d.kind.code(), d.id)).select(b::document_id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}
