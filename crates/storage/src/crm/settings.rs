//! A store's CRM settings: the follow-up cadence per intent tier and who takes new leads in turn.

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{lead_cadences as lc, lead_duty as ld, users};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The store's cadences that differ from the defaults, as `(tier code, days)`.
pub fn cadences(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<(String, i32)>> {
    native!(conn, c => lc::table.filter(lc::store_id.eq(store_id)).select((lc::tier, lc::days)).load(c)).classify()
}

pub fn set_cadence(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    tier: &str,
    days: i32,
    by: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let values = (
        lc::store_id.eq(store_id),
        lc::tier.eq(tier),
        lc::days.eq(days),
        lc::updated_by.eq(by),
        lc::updated_at.eq(now),
    );
    native!(conn, c => diesel::insert_into(lc::table)
        .values(values)
        .on_conflict((lc::store_id, lc::tier))
        .do_update()
        .set((lc::days.eq(days), lc::updated_by.eq(by), lc::updated_at.eq(now)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// The advisors of the store who are off duty (everyone else takes leads in turn).
pub fn off_duty(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<i64>> {
    native!(conn, c => ld::table
        .filter(ld::store_id.eq(store_id))
        .filter(ld::on_duty.eq(false))
        .select(ld::user_id)
        .load(c))
    .classify()
}

pub fn set_duty(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    user_id: domain::ids::UserId,
    on_duty: bool,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(ld::table)
        .values((ld::user_id.eq(user_id), ld::store_id.eq(store_id), ld::on_duty.eq(on_duty)))
        .on_conflict(ld::user_id)
        .do_update()
        .set((ld::on_duty.eq(on_duty), ld::store_id.eq(store_id)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Serialises the store's round-robin until the transaction ends (PostgreSQL; SQLite has one
/// writer): two leads arriving at once go to two advisors.
pub fn lock_rotation(conn: &mut DbConnection, store_id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        // The first key names the purpose (a CRM round-robin), the second the store.
        diesel::sql_query("SELECT pg_advisory_xact_lock(17, CAST($1 AS INTEGER))")
            .bind::<diesel::sql_types::BigInt, _>(store_id)
            .execute(c)
            .classify()?;
    }
    Ok(())
}

/// The next advisor in turn among `candidates` (active sales advisors of the store on duty): the
/// one assigned a lead longest ago, or never, the lowest id first.
pub fn next_in_turn(conn: &mut DbConnection, candidates: &[i64]) -> StorageResult<Option<i64>> {
    if candidates.is_empty() {
        return Ok(None);
    }
    let last: Vec<(i64, Option<NaiveDateTime>)> = native!(conn, c => ld::table
        .filter(ld::user_id.eq_any(candidates))
        .select((ld::user_id, ld::last_assigned_at))
        .load(c))
    .classify()?;
    let when = |id: i64| last.iter().find(|(u, _)| *u == id).and_then(|(_, at)| *at);
    Ok(candidates.iter().copied().min_by_key(|id| (when(*id), *id)))
}

pub fn mark_assigned(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    user_id: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(ld::table)
        .values((ld::user_id.eq(user_id), ld::store_id.eq(store_id), ld::last_assigned_at.eq(now)))
        .on_conflict(ld::user_id)
        .do_update()
        .set(ld::last_assigned_at.eq(now))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Active users of the store with `role` (code), by id.
pub fn active_with_role(conn: &mut DbConnection, store_id: i64, role: &str) -> StorageResult<Vec<(i64, String)>> {
    native!(conn, c => users::table
        .filter(users::store_id.eq(store_id))
        .filter(users::role.eq(role))
        .filter(users::active.eq(true))
        .order(users::id)
        .select((users::id, users::display_name))
        .load(c))
    .classify()
}
