//! Vehicle sales invoices as prepared by finance; one valid invoice per vehicle and per order
//! (unique indexes), a red-letter reversal voids one.

use super::one_row;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::invoices as i;
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::billing::{Document, DocumentKind};
use domain::finance::contract::InvoiceStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = i)]
pub struct InvoiceRow {
    pub id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = Coded<i::document_kind, DocumentKind>)]
    pub document_kind: DocumentKind,
    pub document_id: i64,
    pub vin: String,
    pub engine_no: String,
    pub certificate_no: String,
    pub invoice_code: String,
    pub invoice_no: String,
    pub invoice_date: NaiveDate,
    pub gross_fen: i64,
    pub net_fen: i64,
    pub vat_fen: i64,
    pub rate_bp: i32,
    /// JSON of the remaining fields (buyer, vehicle type, make and model, seats…).
    pub fields: String,
    #[diesel(deserialize_as = Coded<i::status, InvoiceStatus>)]
    pub status: InvoiceStatus,
    pub prepared_by: i64,
    pub prepared_at: NaiveDateTime,
    pub reversed_by: Option<i64>,
    pub reversed_at: Option<NaiveDateTime>,
    pub reversal_reason: Option<String>,
    pub version: i64,
}

impl InvoiceRow {
    pub fn document(&self) -> Document {
        Document { kind: self.document_kind, id: self.document_id }
    }
}

pub struct NewInvoice<'a> {
    pub store_id: i64,
    pub document: Document,
    pub vin: &'a str,
    pub engine_no: &'a str,
    pub certificate_no: &'a str,
    pub invoice_code: &'a str,
    pub invoice_no: &'a str,
    pub invoice_date: NaiveDate,
    pub gross_fen: i64,
    pub net_fen: i64,
    pub vat_fen: i64,
    pub rate_bp: i32,
    pub fields: &'a str,
    pub prepared_by: i64,
    pub now: NaiveDateTime,
}

/// Inserts a valid invoice: a vehicle or order that has one, or a code and number used before,
/// is `Duplicate` (the constraint's description names which).
pub fn insert(conn: &mut DbConnection, n: &NewInvoice<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(i::table)
        .values((
            i::store_id.eq(n.store_id),
            i::document_kind.eq(n.document.kind.code()),
            i::document_id.eq(n.document.id),
            i::vin.eq(n.vin),
            i::engine_no.eq(n.engine_no),
            i::certificate_no.eq(n.certificate_no),
            i::invoice_code.eq(n.invoice_code),
            i::invoice_no.eq(n.invoice_no),
            i::invoice_date.eq(n.invoice_date),
            i::gross_fen.eq(n.gross_fen),
            i::net_fen.eq(n.net_fen),
            i::vat_fen.eq(n.vat_fen),
            i::rate_bp.eq(n.rate_bp),
            i::fields.eq(n.fields),
            i::status.eq(InvoiceStatus::Valid.code()),
            i::prepared_by.eq(n.prepared_by),
            i::prepared_at.eq(n.now),
        ))
        .returning(i::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<InvoiceRow> {
    native!(conn, c => i::table.find(id).select(InvoiceRow::as_select()).first(c)).classify()
}

pub fn of_document(conn: &mut DbConnection, d: Document) -> StorageResult<Vec<InvoiceRow>> {
    native!(conn, c => i::table.filter(i::document_kind.eq(d.kind.code())).filter(i::document_id.eq(d.id)).order(i::id.desc()).select(InvoiceRow::as_select()).load(c))
        .classify()
}

/// The valid invoice of a vehicle, anywhere in the database.
pub fn valid_for_vin(conn: &mut DbConnection, vin: &str) -> StorageResult<Option<InvoiceRow>> {
    native!(conn, c => i::table
        .filter(i::vin.eq(vin))
        .filter(i::status.eq(InvoiceStatus::Valid.code()))
        .select(InvoiceRow::as_select())
        .first(c)
        .optional())
    .classify()
}

pub fn reverse(
    conn: &mut DbConnection,
    row: &InvoiceRow,
    by: i64,
    reason: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(
        i::table.find(row.id).filter(i::version.eq(row.version)).filter(i::status.eq(InvoiceStatus::Valid.code())),
    )
    .set((
        i::status.eq(InvoiceStatus::Reversed.code()),
        i::reversed_by.eq(by),
        i::reversed_at.eq(now),
        i::reversal_reason.eq(reason),
        i::version.eq(row.version + 1),
    ))
    .execute(c)))
}
