//! The outbox table: messages written with the business change, delivered later by a worker.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::outbox;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub store_id: Option<i64>,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub fn enqueue(
    conn: &mut DbConnection,
    store_id: Option<i64>,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => crate::Cached(diesel::insert_into(outbox::table).values((
        outbox::store_id.eq(store_id),
        outbox::channel.eq(channel),
        outbox::recipient.eq(recipient),
        outbox::subject.eq(subject),
        outbox::body.eq(body),
        outbox::status.eq("pending"),
        outbox::next_attempt_at.eq(now),
        outbox::created_at.eq(now),
    ))
    .returning(outbox::id))
    .get_result::<i64>(c))
    .classify()?;
    Ok(())
}

/// Takes up to `limit` due messages and moves their next attempt `lease` ahead, so that another
/// worker does not pick them up while these are being sent.
pub fn claim_due(
    conn: &mut DbConnection,
    channel: &str,
    now: NaiveDateTime,
    limit: i64,
    lease: Duration,
) -> StorageResult<Vec<OutboxRow>> {
    let due: Vec<OutboxRow> = outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::status.eq("pending"))
        .filter(outbox::next_attempt_at.le(now))
        .order(outbox::id)
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
        .classify()?;
    let ids: Vec<i64> = due.iter().map(|m| m.id).collect();
    diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
        .set(outbox::next_attempt_at.eq(now + lease))
        .execute(conn)
        .classify()?;
    Ok(due)
}

pub fn mark_sent(conn: &mut DbConnection, id: i64, attempts: i32, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(outbox::table.find(id))
        .set((outbox::status.eq("sent"), outbox::sent_at.eq(now), outbox::attempts.eq(attempts)))
        .execute(conn)
        .classify()?;
    Ok(())
}

pub fn mark_failed(
    conn: &mut DbConnection,
    id: i64,
    attempts: i32,
    error: &str,
    give_up: bool,
    retry_at: NaiveDateTime,
) -> StorageResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(if give_up { "failed" } else { "pending" }),
            outbox::attempts.eq(attempts),
            outbox::last_error.eq(error),
            outbox::next_attempt_at.eq(retry_at),
        ))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// Messages to one recipient, newest first (the order page shows what was sent).
pub fn to_recipient(conn: &mut DbConnection, recipient: &str, limit: i64) -> StorageResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
        .classify()
}
