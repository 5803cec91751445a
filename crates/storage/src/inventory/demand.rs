//! What the replenishment suggestion reads besides the stock counts: the store's orders that
//! wait for a vehicle, its recent orders (the sales velocity) and the cars still to come on its
//! open factory orders. The order's colours live in its terms, which the caller reads.

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{factory_order_links as fl, factory_orders as fo, orders as o, vehicles as v};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use domain::inventory::FactoryOrderStatus;

/// An order as the suggestion counts it: its trim, its terms (the colours), when it was made,
/// and (for a waiting order) whether a factory order is already meant for it.
#[derive(Debug, Clone, Queryable)]
pub struct DemandOrder {
    pub id: i64,
    pub trim_id: i64,
    pub terms: String,
    pub created_at: NaiveDateTime,
    pub linked: bool,
}

/// The store's approved orders without a vehicle, oldest first.
pub fn waiting_orders(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<DemandOrder>> {
    native!(conn, c => o::table
        .filter(o::store_id.eq(store_id))
        .filter(o::stage.eq("approved"))
        .filter(not(exists(v::table.filter(v::order_id.eq(o::id.nullable())))))
        .order((o::created_at.asc(), o::id.asc()))
        .select((o::id, o::trim_id, o::terms, o::created_at, exists(fl::table.filter(fl::order_id.eq(o::id)))))
        .load(c))
    .classify()
}

/// The store's orders made since `since` that a customer confirmed or is confirming (drafts,
/// cancelled and lost orders are not sales).
pub fn sold_since(conn: &mut DbConnection, store_id: i64, since: NaiveDateTime) -> StorageResult<Vec<DemandOrder>> {
    native!(conn, c => o::table
        .filter(o::store_id.eq(store_id))
        .filter(o::created_at.ge(since))
        .filter(o::stage.eq_any(["awaiting_confirmation", "awaiting_approval", "approved", "closed"]))
        .select((o::id, o::trim_id, o::terms, o::created_at, diesel::dsl::sql::<diesel::sql_types::Bool>("FALSE")))
        .load(c))
    .classify()
}

/// Cars still to come on one open (draft or placed) factory order of the store: its quantity
/// less the VINs the maker has announced (those are vehicles already).
#[derive(Debug, Clone, Queryable)]
pub struct Outstanding {
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub quantity: i32,
    pub announced: i64,
}

pub fn outstanding(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<Outstanding>> {
    native!(conn, c => fo::table
        .filter(fo::store_id.eq(store_id))
        .filter(fo::status.eq_any([FactoryOrderStatus::Draft.code(), FactoryOrderStatus::Placed.code()]))
        .select((
            fo::trim_id,
            fo::exterior_colour_id,
            fo::quantity,
            v::table.filter(v::factory_order_id.eq(fo::id.nullable())).count().single_value().assume_not_null(),
        ))
        .load(c))
    .classify()
}
