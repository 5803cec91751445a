//! The dated tax data an order is priced with.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::{purchase_tax_rules, vat_rates};
use chrono::NaiveDate;
use diesel::prelude::*;

pub fn vat_rate_on(conn: &mut DbConnection, date: NaiveDate) -> StorageResult<i32> {
    native!(conn, c => vat_rates::table
        .filter(vat_rates::effective_from.le(date))
        .order(vat_rates::effective_from.desc())
        .select(vat_rates::rate_bp)
        .first(c))
    .classify()
}

/// (rate_bp, nev_relief, relief_fen, relief_bp) in force on `date`.
pub fn purchase_rule_on(
    conn: &mut DbConnection,
    date: NaiveDate,
) -> StorageResult<(i32, String, Option<i64>, Option<i32>)> {
    native!(conn, c => purchase_tax_rules::table
        .filter(purchase_tax_rules::effective_from.le(date))
        .order(purchase_tax_rules::effective_from.desc())
        .select((
            purchase_tax_rules::rate_bp,
            purchase_tax_rules::nev_relief,
            purchase_tax_rules::relief_fen,
            purchase_tax_rules::relief_bp,
        ))
        .first(c))
    .classify()
}
