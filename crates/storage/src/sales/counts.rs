//! Orders per (store, owner, status), kept in step by every write: the list's status tabs.

use super::sql::{Counted, Numbered};
use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::{DbConnection, keyed};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use domain::sales::Status;

/// Which count an order adds to: its store, owner and status.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counter {
    pub store_id: i64,
    pub owner_id: i64,
    pub status: Status,
}

/// Adds `delta` to the orders of (store, owner, status): one upsert, per backend.
pub(super) fn bump(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    owner_id: domain::ids::UserId,
    status: Status,
    delta: i64,
) -> StorageResult<()> {
    const UPSERT: &str = "INSERT INTO order_status_counts (store_id, owner_id, status, orders) VALUES ({1}, {2}, {3}, {4}) \
        ON CONFLICT (store_id, owner_id, status) DO UPDATE SET orders = order_status_counts.orders + {4} RETURNING orders";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(UPSERT, 4));
    let q = keyed!(
        diesel::sql_query(SQL.sql(conn))
            .bind::<BigInt, _>(store_id)
            .bind::<BigInt, _>(owner_id)
            .bind::<Text, _>(status.code())
            .bind::<BigInt, _>(delta),
    );
    native!(conn, c => q.load::<Counted>(c)).classify()?;
    Ok(())
}

/// Keeps the counts in step when an order's owner or status changes: one from the old
/// (store, owner, status), one to the new, in a single two-row upsert (the two keys differ).
/// `before` is the row as the caller read it in this transaction; the update checked its version.
pub(super) fn recount(conn: &mut DbConnection, before: Counter, after: Counter) -> StorageResult<()> {
    if before.owner_id == after.owner_id && before.status == after.status {
        return Ok(());
    }
    const MOVE: &str = "INSERT INTO order_status_counts (store_id, owner_id, status, orders) \
        VALUES ({1}, {2}, {3}, -1), ({4}, {5}, {6}, 1) \
        ON CONFLICT (store_id, owner_id, status) DO UPDATE SET orders = order_status_counts.orders + excluded.orders \
        RETURNING orders";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(MOVE, 6));
    let q = keyed!(
        diesel::sql_query(SQL.sql(conn))
            .bind::<BigInt, _>(before.store_id)
            .bind::<BigInt, _>(before.owner_id)
            .bind::<Text, _>(before.status.code())
            .bind::<BigInt, _>(after.store_id)
            .bind::<BigInt, _>(after.owner_id)
            .bind::<Text, _>(after.status.code()),
    );
    native!(conn, c => q.load::<Counted>(c)).classify()?;
    Ok(())
}
