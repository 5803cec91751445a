//! Prepared-statement caching for statements Diesel will not cache on its own.
//!
//! Diesel caches a statement only when it can prove the SQL text is one of a bounded set: every
//! `UPDATE`, every upsert, raw SQL and inserts with defaulted columns are prepared afresh on each
//! execution, which is most of the write path of an order (SQLite parses and plans each of them
//! again: a tenth of the server's CPU under load). The statements wrapped here have a fixed shape,
//! so caching them by their SQL text is bounded; never wrap a query whose text varies with its
//! input (an `IN` list on SQLite, a batch insert of many rows, a changeset with optional fields).

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

/// A statement of fixed shape, cached by its SQL text.
#[derive(Debug, Clone, Copy)]
pub struct Cached<Q>(pub Q);

impl<Q> QueryId for Cached<Q> {
    type QueryId = ();
    // Keyed by SQL text, never by type: one type can render different SQL (optional fields).
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Cached<Q> {
    type SqlType = Q::SqlType;
}

impl<Q: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Cached<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q, Conn> diesel::RunQueryDsl<Conn> for Cached<Q> {}
