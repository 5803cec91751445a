//! Feedback at delivery and the follow-up tasks delivery schedules.

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::schema::{customers, delivery_surveys as s, delivery_tasks as t, orders};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::delivery::TaskKind;
use domain::delivery::survey::Answers;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct SurveyRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    pub advisor_score: i32,
    pub handover_score: i32,
    pub overall_score: i32,
    pub nps: i32,
    pub comment: String,
    pub answered_at: NaiveDateTime,
}

/// Records the buyer's answers; a second survey of the order is `Duplicate`.
pub fn insert_survey(
    conn: &mut DbConnection,
    order: &crate::sales::OrderRow,
    a: &Answers,
    now: NaiveDateTime,
) -> StorageResult<SurveyRow> {
    let (store_id, order_id) = (order.store_id, order.id);
    native!(conn, c => diesel::insert_into(s::table)
        .values((
            s::store_id.eq(store_id),
            s::order_id.eq(order_id),
            s::advisor_score.eq(a.advisor_score),
            s::handover_score.eq(a.handover_score),
            s::overall_score.eq(a.overall_score),
            s::nps.eq(a.nps),
            s::comment.eq(&a.comment),
            s::answered_at.eq(now),
        ))
        .returning(SurveyRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn survey_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<SurveyRow>> {
    native!(conn, c => s::table.filter(s::order_id.eq(order_id)).select(SurveyRow::as_select()).first(c).optional())
        .classify()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct TaskRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    #[diesel(deserialize_as = Coded<t::kind, TaskKind>)]
    pub kind: TaskKind,
    pub assignee_id: i64,
    pub due_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
    pub done_by: Option<i64>,
    pub outcome: Option<String>,
}

pub struct NewTask {
    pub store_id: i64,
    pub order_id: i64,
    pub kind: TaskKind,
    pub assignee_id: i64,
    pub due_at: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// Schedules a task; the order's second task of a kind is `Duplicate`.
pub fn insert_task(conn: &mut DbConnection, n: &NewTask) -> StorageResult<TaskRow> {
    native!(conn, c => diesel::insert_into(t::table)
        .values((
            t::store_id.eq(n.store_id),
            t::order_id.eq(n.order_id),
            t::kind.eq(n.kind.code()),
            t::assignee_id.eq(n.assignee_id),
            t::due_at.eq(n.due_at),
            t::created_at.eq(n.now),
        ))
        .returning(TaskRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn tasks_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<TaskRow>> {
    native!(conn, c => t::table.filter(t::order_id.eq(order_id)).order(t::id).select(TaskRow::as_select()).load(c))
        .classify()
}

pub fn get_task(conn: &mut DbConnection, id: i64) -> StorageResult<TaskRow> {
    native!(conn, c => t::table.find(id).select(TaskRow::as_select()).first(c)).classify()
}

/// Marks an open task done; one already done is `Stale`.
pub fn finish_task(
    conn: &mut DbConnection,
    id: i64,
    by: domain::ids::UserId,
    outcome: &str,
    now: NaiveDateTime,
) -> StorageResult<TaskRow> {
    native!(conn, c => diesel::update(t::table.find(id).filter(t::done_at.is_null()))
        .set((t::done_at.eq(now), t::done_by.eq(by.0), t::outcome.eq(outcome)))
        .returning(TaskRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// An open task with the order's number and the customer's name, for a work queue.
#[derive(Debug, Clone, Queryable)]
pub struct OpenTask {
    pub task: TaskRow,
    pub order_no: String,
    pub customer_name: String,
}

/// The open tasks of `assignee`, the first due first.
pub fn open_of(conn: &mut DbConnection, assignee: domain::ids::UserId) -> StorageResult<Vec<OpenTask>> {
    native!(conn, c => t::table
        .inner_join(orders::table.inner_join(customers::table))
        .filter(t::assignee_id.eq(assignee.0))
        .filter(t::done_at.is_null())
        .order((t::due_at, t::id))
        .select((TaskRow::as_select(), orders::order_no, customers::name))
        .load(c))
    .classify()
}

/// Clears what a customer said in their surveys and follow-up calls (their erasure).
pub fn erase(conn: &mut DbConnection, customer_id: i64, redacted: &str) -> StorageResult<()> {
    let of_customer = || orders::table.filter(orders::customer_id.eq(customer_id)).select(orders::id);
    native!(conn, c => diesel::update(s::table.filter(s::order_id.eq_any(of_customer())))
        .set(s::comment.eq(redacted))
        .execute(c))
    .classify()?;
    native!(conn, c => diesel::update(t::table.filter(t::order_id.eq_any(of_customer())).filter(t::outcome.is_not_null()))
        .set(t::outcome.eq(redacted))
        .execute(c))
    .classify()
    .map(|_| ())
}
