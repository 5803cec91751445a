//! The money and papers of a sale: contract templates and versions with their signatures and
//! one-time codes, payments with receipts, refunds, and vehicle sales invoices.

pub mod contracts;
pub mod invoices;
pub mod loan_products;
pub mod payments;
pub mod queues;
pub mod refunds;
pub mod templates;

use crate::StorageError;

/// The join of a payment, refund or invoice table (`$t`) to its billable document.
macro_rules! documents {
    ($t:ident) => {
        crate::schema::billables::table.on(crate::schema::billables::kind
            .eq($t::document_kind)
            .and(crate::schema::billables::document_id.eq($t::document_id)))
    };
}
pub(crate) use documents;

/// The join of a billable document to its customer.
macro_rules! customers_of {
    () => {
        crate::schema::customers::table.on(crate::schema::customers::id.eq(crate::schema::billables::customer_id))
    };
}
pub(crate) use customers_of;

use crate::error::{ClassifyExt, StorageResult};

/// A versioned update touched no row: the row changed (or vanished) since it was read.
pub(crate) fn one_row(updated: Result<usize, diesel::result::Error>) -> StorageResult<()> {
    match updated.classify()? {
        1 => Ok(()),
        _ => Err(StorageError::Stale),
    }
}
