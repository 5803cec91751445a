//! The buyer's documents on their page: the receipt of each confirmed payment and the copy of the
//! vehicle sales invoice, by the order's signed link only (a link never opens another order's
//! papers). The buyer's ID number on the copy is masked: a link can be forwarded.

use super::{PaymentStatus, render};
use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use domain::billing::Document;
use domain::finance::contract::InvoiceStatus;

/// A receipt the buyer may download.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BuyerReceipt {
    pub payment_id: i64,
    pub receipt_no: String,
    pub amount_fen: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub confirmed_at: NaiveDateTime,
}

/// The papers of the order behind a link.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct BuyerPapers {
    pub receipts: Vec<BuyerReceipt>,
    /// The valid invoice's number, once there is one.
    pub invoice_no: Option<String>,
}

/// The receipts and the invoice of the order behind `token`.
pub fn papers_by_link(app: &App, token: &str) -> AppResult<BuyerPapers> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    app.db.read(|c| {
        let doc = Document::sales_order(order_id);
        let receipts = storage::finance::payments::of_document(c, doc)?
            .into_iter()
            .filter(|p| p.status == PaymentStatus::Confirmed)
            .filter_map(|p| {
                Some(BuyerReceipt {
                    payment_id: p.id,
                    receipt_no: p.receipt_no?,
                    amount_fen: p.amount_fen,
                    confirmed_at: p.decided_at.unwrap_or(p.registered_at),
                })
            })
            .collect();
        let invoice_no = valid_invoice(c, order_id)?.map(|i| i.invoice_no);
        Ok(BuyerPapers { receipts, invoice_no })
    })
}

/// The receipt of confirmed payment `payment_id` of the order behind `token` (another order's
/// payment is not found).
pub fn receipt_by_link(app: &App, token: &str, payment_id: i64) -> AppResult<(String, Vec<u8>)> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    let doc = app.db.read(|c| {
        let p = storage::finance::payments::get(c, payment_id).map_err(|_| AppError::NotFound)?;
        if p.document() != Document::sales_order(order_id) || p.status != PaymentStatus::Confirmed {
            return Err(AppError::NotFound);
        }
        render::receipt(app, c, &p)
    })?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    Ok((format!("{}.pdf", doc.number), pdf))
}

/// The copy of the order's valid invoice, the buyer's ID number masked.
pub fn invoice_by_link(app: &App, token: &str) -> AppResult<(String, Vec<u8>)> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    let doc = app.db.read(|c| {
        let inv = valid_invoice(c, order_id)?.ok_or(AppError::NotFound)?;
        let row = storage::sales::get(c, order_id)?;
        let buyer_id = super::invoices::buyer_id_of(app, &inv)?;
        super::invoices::layout(c, &inv, &row.order_no, domain::ident::mask_id(&buyer_id))
    })?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    let inv_no = doc.fields.get(1).map(|f| f.1.clone()).unwrap_or_default();
    Ok((format!("invoice-{inv_no}-copy.pdf"), pdf))
}

/// The order's valid (not reversed) invoice, if any.
fn valid_invoice(
    c: &mut storage::DbConnection,
    order_id: i64,
) -> AppResult<Option<storage::finance::invoices::InvoiceRow>> {
    let all = storage::finance::invoices::of_document(c, Document::sales_order(order_id))?;
    Ok(all.into_iter().find(|i| i.status == InvoiceStatus::Valid))
}
