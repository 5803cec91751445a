//! Finance's lists over orders: balances outstanding, orders to invoice.

use crate::error::{ClassifyExt, StorageResult};
use crate::sales::OrderRow;
use crate::schema::{customers, invoices, orders};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
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

/// The filters of finance's order lists.
#[derive(Debug, Clone, Default)]
pub struct DueFilter {
    /// Order number or customer name fragment.
    pub search: Option<String>,
    /// Orders created before this moment (older than so many days).
    pub created_before: Option<NaiveDateTime>,
}

/// A page of one of finance's lists, with the list's total count.
pub fn dues(
    conn: &mut DbConnection,
    vis: &Visibility,
    due: Due,
    f: &DueFilter,
    limit: i64,
    offset: i64,
) -> StorageResult<(Vec<OrderLine>, i64)> {
    macro_rules! q {
        () => {{
            let mut q = orders::table.inner_join(customers::table).into_boxed();
            if let Some(s) = f.search.as_deref().filter(|s| !s.is_empty()) {
                let like = format!("%{}%", s.replace(['%', '_'], ""));
                q = q.filter(orders::order_no.like(like.clone()).or(customers::name.like(like)));
            }
            if let Some(before) = f.created_before {
                q = q.filter(orders::created_at.lt(before));
            }
            let q = match due {
                Due::Balance => q.filter(orders::stage.eq("approved")).filter(orders::paid_in_full.eq(false)),
                Due::Invoice => q
                    .filter(orders::stage.eq_any(["approved", "closed"]))
                    .filter(orders::paid_in_full.eq(true))
                    .filter(orders::vehicle_fact.ne_all(["none", "ordered_from_factory"]))
                    .filter(diesel::dsl::not(diesel::dsl::exists(
                        invoices::table
                            .filter(invoices::document_kind.eq("sales_order"))
                            .filter(invoices::document_id.eq(orders::id))
                            .filter(invoices::status.eq("valid")),
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
