//! A repair order's lines: its jobs (labour, with the technician's progress) and its parts.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{repair_jobs as j, repair_orders as ro, repair_parts as p};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::service::jobs::JobStatus;
use domain::service::{Payer, System};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = j)]
pub struct JobRow {
    pub id: i64,
    pub repair_order_id: i64,
    pub store_id: i64,
    pub name: String,
    #[diesel(deserialize_as = Coded<j::system, System>)]
    pub system: System,
    pub fault: String,
    pub hours_x100: i32,
    pub rate_fen: i64,
    pub amount_fen: i64,
    #[diesel(deserialize_as = Coded<j::payer, Payer>)]
    pub payer: Payer,
    pub approved: bool,
    #[diesel(deserialize_as = Coded<j::status, JobStatus>)]
    pub status: JobStatus,
    pub technician_id: Option<i64>,
    pub clocked_x100: i32,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub rework_note: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewJob<'a> {
    pub repair_order_id: i64,
    pub store_id: i64,
    pub name: &'a str,
    pub system: System,
    pub fault: &'a str,
    pub hours_x100: i32,
    pub rate_fen: i64,
    pub amount_fen: i64,
    pub payer: Payer,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

pub fn insert_job(conn: &mut DbConnection, n: &NewJob<'_>) -> StorageResult<JobRow> {
    native!(conn, c => diesel::insert_into(j::table)
        .values((
            j::repair_order_id.eq(n.repair_order_id),
            j::store_id.eq(n.store_id),
            j::name.eq(n.name),
            j::system.eq(n.system.code()),
            j::fault.eq(n.fault),
            j::hours_x100.eq(n.hours_x100),
            j::rate_fen.eq(n.rate_fen),
            j::amount_fen.eq(n.amount_fen),
            j::payer.eq(n.payer.code()),
            j::approved.eq(false),
            j::status.eq(JobStatus::Waiting.code()),
            j::created_by.eq(n.created_by),
            j::created_at.eq(n.now),
        ))
        .returning(JobRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn jobs_of(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Vec<JobRow>> {
    native!(conn, c => j::table
        .filter(j::repair_order_id.eq(repair_order_id))
        .order(j::id)
        .select(JobRow::as_select())
        .load(c))
    .classify()
}

pub fn job(conn: &mut DbConnection, id: i64) -> StorageResult<JobRow> {
    native!(conn, c => j::table.find(id).select(JobRow::as_select()).first(c)).classify()
}

/// A job's new state after a step, if the row is still at `version` (`Stale` otherwise).
#[derive(Debug, Clone)]
pub struct JobChange {
    pub status: JobStatus,
    pub technician_id: Option<i64>,
    pub clocked_x100: i32,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub rework_note: String,
}

pub fn update_job(conn: &mut DbConnection, row: &JobRow, change: &JobChange) -> StorageResult<JobRow> {
    native!(conn, c => diesel::update(j::table.find(row.id).filter(j::version.eq(row.version)))
        .set((
            j::status.eq(change.status.code()),
            j::technician_id.eq(change.technician_id),
            j::clocked_x100.eq(change.clocked_x100),
            j::started_at.eq(change.started_at),
            j::finished_at.eq(change.finished_at),
            j::rework_note.eq(&change.rework_note),
            j::version.eq(row.version + 1),
        ))
        .returning(JobRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// Removes a line the customer has not approved yet (a job with nothing done).
pub fn delete_unapproved_job(conn: &mut DbConnection, id: i64) -> StorageResult<bool> {
    native!(conn, c => diesel::delete(
        j::table.find(id).filter(j::approved.eq(false)).filter(j::status.eq(JobStatus::Waiting.code())),
    )
    .execute(c))
    .classify()
    .map(|n| n == 1)
}

pub fn delete_unapproved_part(conn: &mut DbConnection, id: i64) -> StorageResult<bool> {
    native!(conn, c => diesel::delete(p::table.find(id).filter(p::approved.eq(false))).execute(c))
        .classify()
        .map(|n| n == 1)
}

/// Marks every line of the order approved (the customer approved the estimate).
pub fn approve_all(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(j::table.filter(j::repair_order_id.eq(repair_order_id)))
        .set(j::approved.eq(true))
        .execute(c))
    .classify()?;
    native!(conn, c => diesel::update(p::table.filter(p::repair_order_id.eq(repair_order_id)))
        .set(p::approved.eq(true))
        .execute(c))
    .classify()
    .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = p)]
pub struct PartRow {
    pub id: i64,
    pub repair_order_id: i64,
    pub part_no: String,
    pub name: String,
    #[diesel(deserialize_as = Coded<p::system, System>)]
    pub system: System,
    pub quantity: i32,
    pub unit_price_fen: i64,
    pub amount_fen: i64,
    #[diesel(deserialize_as = Coded<p::payer, Payer>)]
    pub payer: Payer,
    pub approved: bool,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    /// Pieces out of the parts store for this line (the parts clerk's issue, less returns).
    pub issued: i32,
}

pub struct NewPart<'a> {
    pub repair_order_id: i64,
    pub part_no: &'a str,
    pub name: &'a str,
    pub system: System,
    pub quantity: i32,
    pub unit_price_fen: i64,
    pub amount_fen: i64,
    pub payer: Payer,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

pub fn insert_part(conn: &mut DbConnection, n: &NewPart<'_>) -> StorageResult<PartRow> {
    native!(conn, c => diesel::insert_into(p::table)
        .values((
            p::repair_order_id.eq(n.repair_order_id),
            p::part_no.eq(n.part_no),
            p::name.eq(n.name),
            p::system.eq(n.system.code()),
            p::quantity.eq(n.quantity),
            p::unit_price_fen.eq(n.unit_price_fen),
            p::amount_fen.eq(n.amount_fen),
            p::payer.eq(n.payer.code()),
            p::approved.eq(false),
            p::created_by.eq(n.created_by),
            p::created_at.eq(n.now),
        ))
        .returning(PartRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn parts_of(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Vec<PartRow>> {
    native!(conn, c => p::table
        .filter(p::repair_order_id.eq(repair_order_id))
        .order(p::id)
        .select(PartRow::as_select())
        .load(c))
    .classify()
}

/// Records how many pieces of part line `id` are out of the parts store.
pub fn set_issued(conn: &mut DbConnection, id: i64, issued: i32) -> StorageResult<()> {
    native!(conn, c => diesel::update(p::table.find(id)).set(p::issued.eq(issued)).execute(c)).classify().map(|_| ())
}

/// A job on a technician's or the workshop's board, with its repair order's number, plate and
/// status.
#[derive(Debug, Clone, Queryable)]
pub struct BoardJob {
    pub job: JobRow,
    pub number: String,
    pub plate: Option<String>,
    pub vin: String,
    pub promised_at: Option<NaiveDateTime>,
}

/// The jobs given to technician `user_id` that are not done, oldest first, on orders still open.
pub fn jobs_of_technician(conn: &mut DbConnection, user_id: i64) -> StorageResult<Vec<BoardJob>> {
    native!(conn, c => j::table
        .inner_join(ro::table)
        .filter(j::technician_id.eq(user_id))
        .filter(j::status.ne(JobStatus::Done.code()))
        .order((ro::promised_at.is_null(), ro::promised_at, j::id))
        .limit(200)
        .select((JobRow::as_select(), ro::number, ro::plate, ro::vin, ro::promised_at))
        .load(c))
    .classify()
}

/// Each technician's open jobs and their standard hours (their current load), in the store.
pub fn loads(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(Option<i64>, i64, Option<i64>)> = native!(conn, c => j::table
        .filter(j::store_id.eq(store_id))
        .filter(j::technician_id.is_not_null())
        .filter(j::status.ne(JobStatus::Done.code()))
        .group_by(j::technician_id)
        .select((j::technician_id, diesel::dsl::count_star(), diesel::dsl::sum(j::hours_x100)))
        .load(c))
    .classify()?;
    Ok(rows.into_iter().filter_map(|(t, n, h)| t.map(|t| (t, n, h.unwrap_or(0)))).collect())
}
