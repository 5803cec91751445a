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
use crate::error::{ClassifyExt, StorageResult};

/// A versioned update touched no row: the row changed (or vanished) since it was read.
pub(crate) fn one_row(updated: Result<usize, diesel::result::Error>) -> StorageResult<()> {
    match updated.classify()? {
        1 => Ok(()),
        _ => Err(StorageError::Stale),
    }
}
