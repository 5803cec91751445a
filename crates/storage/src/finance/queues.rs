//! Finance's lists over orders: balances outstanding, orders to invoice.

use crate::error::{ClassifyExt, StorageResult};
use crate::sales::OrderRow;
use crate::schema::{customers, invoices, orders};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use diesel::prelude::*;

/// An order in a finance list with its customer's name.
#[derive(Debug, Clone, Queryable)]
pub struct OrderLine {
    pub order: OrderRow,
    pub customer_name: String,
}

/// Which of finance's order lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Approved orders not paid in full, oldest first.
    Balance,
    /// Orders paid in full with a vehicle allocated (or further) and no valid invoice, oldest
    /// first by their last change.
    Invoice,
}

/// A page of one of finance's lists, with the list's total count.
pub fn dues(
    conn: &mut DbConnection,
    vis: &Visibility,
    due: Due,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<OrderLine>, i64)> {
    macro_rules! q {
        () => {{
            let q = orders::table.inner_join(customers::table).into_boxed();
            let q = match due {
                Due::Balance => q.filter(orders::stage.eq("approved")).filter(orders::paid_in_full.eq(false)),
                Due::Invoice => q
                    .filter(orders::stage.eq_any(["approved", "closed"]))
                    .filter(orders::paid_in_full.eq(true))
                    .filter(orders::vehicle_fact.ne_all(["none", "ordered_from_factory"]))
                    .filter(diesel::dsl::not(diesel::dsl::exists(
                        invoices::table.filter(invoices::order_id.eq(orders::id)).filter(invoices::status.eq("valid")),
                    ))),
            };
            restrict!(q, vis, orders::store_id, orders::owner_id)
        }};
    }
    let total = native!(conn, c => q!().count().get_result(c)).classify()?;
    let rows = native!(conn, c => {
        let q = match due {
            Due::Balance => q!().order((orders::created_at, orders::id)),
            Due::Invoice => q!().order((orders::updated_at, orders::id)),
        };
        q.limit(limit).offset(offset).select((OrderRow::as_select(), customers::name)).load(c)
    })
    .classify()?;
    Ok((rows, total))
}
