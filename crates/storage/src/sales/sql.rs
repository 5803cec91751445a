//! Raw SQL written once for both backends.

use crate::DbConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

pub(super) struct Numbered([String; 2]);

impl Numbered {
    pub(super) fn new(sql: &str, n: usize) -> Self {
        let with = |sigil: &str| {
            (1..=n).fold(sql.to_string(), |sql, i| sql.replace(&format!("{{{i}}}"), &format!("{sigil}{i}")))
        };
        Self([with("?"), with("$")])
    }

    pub(super) fn sql(&self, conn: &DbConnection) -> String {
        self.0[usize::from(matches!(conn, DbConnection::Postgres(_)))].clone()
    }
}

/// A count after an upsert. The upserts return it only so that they run through `load`, where the
/// [`Keyed`] wrapper is seen (see `Cached`): executed, they would be parsed again every time.
#[derive(QueryableByName)]
pub(super) struct Counted {
    #[diesel(sql_type = BigInt)]
    #[allow(dead_code)]
    orders: i64,
}
