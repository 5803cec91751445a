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

/// Erases the messages to `recipients` (a customer's e-mail and mobile) whatever their state:
/// their text names the customer, their codes and links (anonymisation, PIPL art. 47). A message
/// still pending is not sent any more.
pub fn erase_to(conn: &mut DbConnection, recipients: &[String]) -> StorageResult<usize> {
    let recipients: Vec<&String> = recipients.iter().filter(|r| !r.is_empty()).collect();
    if recipients.is_empty() {
        return Ok(0);
    }
    diesel::update(outbox::table.filter(outbox::recipient.eq_any(recipients)))
        .set((outbox::recipient.eq(""), outbox::subject.eq(""), outbox::body.eq(""), outbox::status.eq("erased")))
        .execute(conn)
        .classify()
}

/// Replaces `name` by `replacement` in the store's messages to others (staff e-mails that name a
/// customer being anonymised).
pub fn redact_name(conn: &mut DbConnection, store_id: i64, name: &str, replacement: &str) -> StorageResult<usize> {
    if name.trim().is_empty() {
        return Ok(0);
    }
    let pattern = format!("%{}%", crate::users::escape_like(name));
    let rows: Vec<(i64, String, String)> = outbox::table
        .filter(outbox::store_id.eq(store_id))
        .filter(outbox::subject.like(&pattern).escape('\\').or(outbox::body.like(&pattern).escape('\\')))
        .select((outbox::id, outbox::subject, outbox::body))
        .load(conn)
        .classify()?;
    for (id, subject, body) in &rows {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::subject.eq(subject.replace(name, replacement)),
                outbox::body.eq(body.replace(name, replacement)),
            ))
            .execute(conn)
            .classify()?;
    }
    Ok(rows.len())
}

/// Marks every message still waiting as sent at `now` (the demo loader: its history happened in
/// the past and was delivered then).
pub fn mark_history_sent(conn: &mut DbConnection, now: NaiveDateTime) -> StorageResult<usize> {
    diesel::update(outbox::table.filter(outbox::status.eq("pending")))
        .set((outbox::status.eq("sent"), outbox::sent_at.eq(now)))
        .execute(conn)
        .classify()
}

/// The store's messages that could not be delivered (given up after the retries) or are still
/// being retried after a failure, the newest first; at most `limit`.
pub fn troubled(conn: &mut DbConnection, store_id: i64, limit: i64) -> StorageResult<Vec<OutboxRow>> {
    native!(conn, c => outbox::table
        .filter(outbox::store_id.eq(store_id))
        .filter(outbox::status.eq("failed").or(outbox::status.eq("pending").and(outbox::attempts.gt(0))))
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<OutboxRow> {
    native!(conn, c => outbox::table.find(id).select(OutboxRow::as_select()).first(c)).classify()
}

/// Puts a message the worker gave up on back in the queue, due now with its retries anew;
/// `Stale` when it is not failed (sent meanwhile, or queued again by someone else).
pub fn retry(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    let n = native!(conn, c => diesel::update(outbox::table.find(id).filter(outbox::status.eq("failed")))
        .set((outbox::status.eq("pending"), outbox::attempts.eq(0), outbox::next_attempt_at.eq(now)))
        .execute(c))
    .classify()?;
    if n == 1 { Ok(()) } else { Err(crate::error::StorageError::Stale) }
}
