//! A store's contract template (letterhead, clauses, masking).

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::contract_templates as t;
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = t)]
pub struct TemplateRow {
    pub store_id: i64,
    pub title: String,
    pub seller_name: String,
    pub uscc: String,
    pub address: String,
    pub phone: String,
    pub bank: String,
    pub account: String,
    pub delivery_place: String,
    pub warranty_notice: String,
    /// JSON: `[{"title": …, "body": …}]`.
    pub clauses: String,
    pub mask_id: bool,
    pub version: i64,
    pub updated_by: i64,
    pub updated_at: NaiveDateTime,
}

pub fn get(conn: &mut DbConnection, store_id: i64) -> StorageResult<Option<TemplateRow>> {
    native!(conn, c => t::table.find(store_id).select(TemplateRow::as_select()).first(c).optional()).classify()
}

/// Saves the template: the first save inserts it, later ones need the version read (`Stale`
/// otherwise) and increment it.
pub fn save(conn: &mut DbConnection, row: &TemplateRow, read_version: Option<i64>) -> StorageResult<()> {
    match read_version {
        None => native!(conn, c => diesel::insert_into(t::table).values(row).execute(c)).classify().map(|_| ()),
        Some(v) => super::one_row(native!(conn, c => diesel::update(
            t::table.filter(t::store_id.eq(row.store_id)).filter(t::version.eq(v))
        )
        .set(row)
        .execute(c))),
    }
}
