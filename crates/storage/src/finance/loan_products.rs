//! Lenders' loan products: the maximum loan-to-value and term a loan disbursement is checked
//! against. Reference data the migrations seed, kept in the console.

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::loan_products as lp;
use crate::{DbConnection, native};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lp)]
pub struct LoanProductRow {
    pub id: i64,
    pub lender: String,
    pub name: String,
    pub max_ltv_bp: i32,
    pub max_months: i32,
    pub active: bool,
    pub version: i64,
}

/// The fields a product is created or edited with.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = lp)]
pub struct LoanProductFields {
    pub lender: String,
    pub name: String,
    pub max_ltv_bp: i32,
    pub max_months: i32,
    pub active: bool,
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<Option<LoanProductRow>> {
    native!(conn, c => lp::table.find(id).select(LoanProductRow::as_select()).first(c).optional()).classify()
}

/// Every product, active or not, by lender and name.
pub fn list(conn: &mut DbConnection) -> StorageResult<Vec<LoanProductRow>> {
    native!(conn, c => lp::table.order((lp::lender, lp::name)).select(LoanProductRow::as_select()).load(c)).classify()
}

/// A new product (a lender and name already used is a `Duplicate`).
pub fn insert(conn: &mut DbConnection, f: &LoanProductFields) -> StorageResult<LoanProductRow> {
    native!(conn, c => diesel::insert_into(lp::table).values(f).returning(LoanProductRow::as_returning()).get_result(c))
        .classify()
}

/// Edits product `id` read at `version` (`Stale` if it changed since).
pub fn update(conn: &mut DbConnection, id: i64, version: i64, f: &LoanProductFields) -> StorageResult<LoanProductRow> {
    native!(conn, c => diesel::update(lp::table.find(id).filter(lp::version.eq(version)))
        .set((f, lp::version.eq(version + 1)))
        .returning(LoanProductRow::as_returning())
        .get_result(c)
        .optional())
    .classify()?
    .ok_or(crate::StorageError::Stale)
}
