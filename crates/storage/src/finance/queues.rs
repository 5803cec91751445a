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

/// Approved orders not paid in full, oldest first.
pub fn unpaid(
    conn: &mut DbConnection,
    vis: &Visibility,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<OrderLine>, i64)> {
    macro_rules! q {
        () => {
            restrict!(
                orders::table
                    .inner_join(customers::table)
                    .filter(orders::stage.eq("approved"))
                    .filter(orders::paid_in_full.eq(false))
                    .into_boxed(),
                vis,
                orders::store_id,
                orders::owner_id
            )
        };
    }
    let total = native!(conn, c => q!().count().get_result(c)).classify()?;
    let rows = native!(conn, c => q!()
        .order((orders::created_at, orders::id))
        .limit(limit)
        .offset(offset)
        .select((OrderRow::as_select(), customers::name))
        .load(c))
    .classify()?;
    Ok((rows, total))
}

/// Orders paid in full with a vehicle allocated (or further) and no valid invoice, oldest first.
pub fn to_invoice(
    conn: &mut DbConnection,
    vis: &Visibility,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<OrderLine>, i64)> {
    macro_rules! q {
        () => {
            restrict!(
                orders::table
                    .inner_join(customers::table)
                    .filter(orders::stage.eq_any(["approved", "closed"]))
                    .filter(orders::paid_in_full.eq(true))
                    .filter(orders::vehicle_fact.ne_all(["none", "ordered_from_factory"]))
                    .filter(diesel::dsl::not(diesel::dsl::exists(
                        invoices::table.filter(invoices::order_id.eq(orders::id)).filter(invoices::status.eq("valid")),
                    )))
                    .into_boxed(),
                vis,
                orders::store_id,
                orders::owner_id
            )
        };
    }
    let total = native!(conn, c => q!().count().get_result(c)).classify()?;
    let rows = native!(conn, c => q!()
        .order((orders::updated_at, orders::id))
        .limit(limit)
        .offset(offset)
        .select((OrderRow::as_select(), customers::name))
        .load(c))
    .classify()?;
    Ok((rows, total))
}
