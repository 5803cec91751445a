//! Order numbers: one counter per store and day.

use crate::error::{ClassifyExt, StorageResult};
use crate::{DbConnection, keyed};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(QueryableByName)]
struct Seq {
    #[diesel(sql_type = BigInt)]
    last_seq: i64,
}

/// The next number of `store` on `day` (`YYYYMMDD`): one upsert, so concurrent orders never get
/// the same number on either database, and a rolled-back order's number is simply not used.
pub fn next_sequence(conn: &mut DbConnection, store_id: i64, day: &str) -> StorageResult<i64> {
    const UPSERT: &str = "INSERT INTO order_sequences (store_id, day, last_seq) VALUES ({1}, {2}, 1) \
        ON CONFLICT (store_id, day) DO UPDATE SET last_seq = order_sequences.last_seq + 1 RETURNING last_seq";
    let seq: Seq = match conn {
        DbConnection::Sqlite(c) => keyed!(
            diesel::sql_query(UPSERT.replace("{1}", "?").replace("{2}", "?"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(day),
        )
        .get_result(c),
        DbConnection::Postgres(c) => keyed!(
            diesel::sql_query(UPSERT.replace("{1}", "$1").replace("{2}", "$2"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(day),
        )
        .get_result(c),
    }
    .classify()?;
    Ok(seq.last_seq)
}
