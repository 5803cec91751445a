//! Stock thresholds per model or trim of a store, the level the background check saw last, and
//! the alerts it raised.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{stock_alerts as a, stock_thresholds as t, trims, vehicles as v};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::inventory::{Level, Usage, Whereabouts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct ThresholdRow {
    pub id: i64,
    pub store_id: i64,
    pub model_id: Option<i64>,
    pub trim_id: Option<i64>,
    pub low_count: Option<i64>,
    pub high_count: Option<i64>,
    #[diesel(deserialize_as = Coded<t::level, Level>)]
    pub level: Level,
    pub level_since: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Sets the thresholds of a model or a trim (exactly one) of a store: a new row, or the
/// existing one changed (its level is checked again at the next run).
pub fn save(
    conn: &mut DbConnection,
    store_id: i64,
    (model_id, trim_id): (Option<i64>, Option<i64>),
    (low, high): (Option<i64>, Option<i64>),
    now: NaiveDateTime,
) -> StorageResult<i64> {
    let existing = native!(conn, c => {
        let mut q = t::table.filter(t::store_id.eq(store_id)).into_boxed();
        q = match (model_id, trim_id) {
            (Some(m), _) => q.filter(t::model_id.eq(m)),
            (None, Some(tr)) => q.filter(t::trim_id.eq(tr)),
            (None, None) => q.filter(t::id.eq(-1)),
        };
        q.select(t::id).first::<i64>(c).optional()
    })
    .classify()?;
    match existing {
        Some(id) => {
            native!(conn, c => diesel::update(t::table.find(id))
                .set((t::low_count.eq(low), t::high_count.eq(high), t::version.eq(t::version + 1), t::updated_at.eq(now)))
                .execute(c))
            .classify()?;
            Ok(id)
        }
        None => native!(conn, c => diesel::insert_into(t::table)
            .values((
                t::store_id.eq(store_id),
                t::model_id.eq(model_id),
                t::trim_id.eq(trim_id),
                t::low_count.eq(low),
                t::high_count.eq(high),
                t::created_at.eq(now),
                t::updated_at.eq(now),
            ))
            .returning(t::id)
            .get_result(c))
        .classify(),
    }
}

/// A store's thresholds (`None`: every store's, for the background check).
pub fn all(conn: &mut DbConnection, store_id: Option<i64>) -> StorageResult<Vec<ThresholdRow>> {
    native!(conn, c => {
        let mut q = t::table.order(t::id).into_boxed();
        if let Some(s) = store_id {
            q = q.filter(t::store_id.eq(s));
        }
        q.select(ThresholdRow::as_select()).load(c)
    })
    .classify()
}

/// Free sales stock of the store for the threshold's model or trim: in stock or on the way.
pub fn supply(conn: &mut DbConnection, row: &ThresholdRow) -> StorageResult<i64> {
    native!(conn, c => {
        let mut q = v::table
            .filter(v::store_id.eq(row.store_id))
            .filter(v::commitment.eq("free"))
            .filter(v::usage.eq(Usage::Stock.code()))
            .filter(v::whereabouts.eq_any([Whereabouts::InStock.code(), Whereabouts::InTransit.code()]))
            .into_boxed();
        q = match (row.model_id, row.trim_id) {
            (Some(m), _) => q.filter(v::trim_id.eq_any(trims::table.filter(trims::model_id.eq(m)).select(trims::id))),
            (None, Some(tr)) => q.filter(v::trim_id.eq(tr)),
            (None, None) => q.filter(v::id.eq(-1)),
        };
        q.count().get_result(c)
    })
    .classify()
}

/// Records the level now seen (from the moment it changed).
pub fn set_level(conn: &mut DbConnection, id: i64, level: Level, now: NaiveDateTime) -> StorageResult<()> {
    native!(conn, c => diesel::update(t::table.find(id)).set((t::level.eq(level.code()), t::level_since.eq(now))).execute(c))
        .classify()?;
    Ok(())
}

pub fn raise(
    conn: &mut DbConnection,
    row: &ThresholdRow,
    level: Level,
    count: i64,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(a::table)
        .values((a::store_id.eq(row.store_id), a::threshold_id.eq(row.id), a::level.eq(level.code()), a::stock_count.eq(count), a::raised_at.eq(now)))
        .execute(c))
    .classify()?;
    Ok(())
}

/// How many alerts a threshold has raised.
pub fn alerts_of(conn: &mut DbConnection, threshold_id: i64) -> StorageResult<i64> {
    native!(conn, c => a::table.filter(a::threshold_id.eq(threshold_id)).count().get_result(c)).classify()
}
