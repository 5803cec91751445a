//! Idempotency keys of order creation.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::idempotency_keys;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The order a key created, and the fingerprint of the request that created it.
pub fn find_idempotent(conn: &mut DbConnection, user_id: i64, key: &str) -> StorageResult<Option<(i64, String)>> {
    native!(conn, c => idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user_id))
        .filter(idempotency_keys::idem_key.eq(key))
        .select((idempotency_keys::order_id, idempotency_keys::request_hash))
        .first(c))
    .optional()
    .classify()
}

pub fn remember_idempotent(
    conn: &mut DbConnection,
    user_id: domain::ids::UserId,
    key: &str,
    request_hash: &str,
    order_id: domain::ids::OrderId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::idem_key.eq(key),
            idempotency_keys::order_id.eq(order_id),
            idempotency_keys::created_at.eq(now),
            idempotency_keys::request_hash.eq(request_hash),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}
