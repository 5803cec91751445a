//! Prepared-statement caching for statements Diesel will not cache on its own.
//!
//! Diesel caches a statement only when it can prove the SQL text is one of a bounded set: every
//! `UPDATE`, every upsert, raw SQL and inserts with defaulted columns are prepared afresh on each
//! execution, which is most of the write path of an order (SQLite parses and plans each of them
//! again: a tenth of the server's CPU under load). The statements wrapped here have a fixed shape,
//! so caching them by their SQL text is bounded; never wrap a query whose text varies with its
//! input (an `IN` list on SQLite, a batch insert of many rows, a changeset with optional fields).
//!
//! A wrapped statement must be run with `load` / `get_result` (give it a `RETURNING` clause):
//! Diesel's `execute` passes the statement on by reference, and the reference's caching decision
//! is made by walking the inner statement, without the wrapper, so it would be prepared again on
//! every execution (and on PostgreSQL, whose inserts Diesel never caches, sent twice). `execute`
//! on a `Cached` does not compile.
//!
//! Finding a statement by its text means rendering the text on every execution (a twentieth of
//! the CPU of a write). [`Cached`] is keyed by the statement's type when Diesel vouches that the
//! type fixes the text; [`Keyed`] is for statements whose text the caller knows to be fixed
//! (changesets without optional columns, raw SQL of one shape), keyed by a type the caller names.

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

/// A statement of fixed shape, cached by its type if Diesel says the type fixes its text, else by
/// its SQL text.
#[derive(Debug, Clone, Copy)]
pub struct Cached<Q>(pub Q);

impl<Q: QueryId> QueryId for Cached<Q> {
    type QueryId = Q::QueryId;
    const HAS_STATIC_QUERY_ID: bool = Q::HAS_STATIC_QUERY_ID;
}

/// A statement cached by the type `K`: only for statements whose SQL text is the same on every
/// execution from one place in the code. Made only by [`keyed!`](crate::keyed), which declares a
/// key type of its own at each place it is written, so that two statements can never share a key
/// (a shared key would run the first statement's text for the second).
pub struct Keyed<K, Q>(Q, std::marker::PhantomData<K>);

impl<K, Q> Keyed<K, Q> {
    #[doc(hidden)]
    pub fn new_at_one_place(query: Q) -> Self {
        Self(query, std::marker::PhantomData)
    }
}

/// `keyed!(statement)`: the statement cached under a key type declared here and nowhere else (see
/// [`Keyed`]). Only for statements whose SQL text this place always renders the same way (a
/// changeset without optional columns, an insert with `treat_none_as_default_value = false`, raw
/// SQL of one shape per backend).
#[macro_export]
macro_rules! keyed {
    ($query:expr $(,)?) => {{
        struct Key;
        $crate::Keyed::<Key, _>::new_at_one_place($query)
    }};
}

impl<K: 'static, Q> QueryId for Keyed<K, Q> {
    type QueryId = K;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<K, Q: Query> Query for Keyed<K, Q> {
    type SqlType = Q::SqlType;
}

impl<K, Q: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Keyed<K, Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<K, Q, Conn> diesel::RunQueryDsl<Conn> for Keyed<K, Q> {}

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

/// Not implemented by anything: the bound that keeps `Cached::execute` from compiling.
pub trait LoadWithReturningInstead {
    fn never(self) -> usize;
}

impl<Q> Cached<Q> {
    /// Shadows Diesel's `execute`, which would lose the wrapper (see the module documentation):
    /// add `RETURNING` and use `load` or `get_result`.
    pub fn execute<C>(self, _conn: &mut C) -> QueryResult<usize>
    where
        Self: LoadWithReturningInstead,
    {
        Ok(self.never())
    }
}
