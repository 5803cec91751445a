//! The idempotency keys of every capability's creates: what each key made, for whom.

use crate::error::{ClassifyExt, StorageResult};

/// The record a key made (its kind, id, and the fingerprint of the request that made it).
pub fn find_key(
    conn: &mut crate::DbConnection,
    user_id: i64,
    key: &str,
) -> StorageResult<Option<(String, i64, String)>> {
    use crate::schema::finance_idempotency as f;
    use diesel::prelude::*;
    crate::native!(conn, c => f::table
        .filter(f::user_id.eq(user_id))
        .filter(f::idem_key.eq(key))
        .select((f::kind, f::record_id, f::request_hash))
        .first(c))
    .optional()
    .classify()
}

/// Remembers what a key made; a key used at the same moment by another request is `Duplicate`.
pub fn remember_key(
    conn: &mut crate::DbConnection,
    user_id: domain::ids::UserId,
    key: &str,
    kind: &str,
    record_id: i64,
    request_hash: &str,
    now: chrono::NaiveDateTime,
) -> StorageResult<()> {
    use crate::schema::finance_idempotency as f;
    use diesel::prelude::*;
    crate::native!(conn, c => diesel::insert_into(f::table)
        .values((
            f::user_id.eq(user_id),
            f::idem_key.eq(key),
            f::kind.eq(kind),
            f::record_id.eq(record_id),
            f::request_hash.eq(request_hash),
            f::created_at.eq(now),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}
