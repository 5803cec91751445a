//! An order's approval round and the approvers' inbox.

use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{order_approvals, orders};
use crate::{Cached, DbConnection, keyed};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_approvals)]
pub struct ApprovalRow {
    pub id: i64,
    pub order_id: i64,
    pub level: i32,
    #[diesel(deserialize_as = crate::codes::Coded<order_approvals::role, domain::rbac::Role>)]
    pub role: domain::rbac::Role,
    /// The names of the rules that require this level (JSON text in the database).
    pub reasons: String,
    pub decided_by: Option<i64>,
    /// approved | rejected
    pub decision: Option<String>,
    pub comment: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

/// Starts a new approval round: the previous round's undecided levels are dropped.
pub fn start_round(conn: &mut DbConnection, order_id: i64, levels: &[(String, String)]) -> StorageResult<()> {
    native!(conn, c => diesel::delete(
        order_approvals::table
            .filter(order_approvals::order_id.eq(order_id))
            .filter(order_approvals::decision.is_null()),
    )
    .execute(c))
    .classify()?;
    for (i, (role, reasons)) in (1i32..).zip(levels) {
        native!(conn, c => Cached(diesel::insert_into(order_approvals::table).values((
            order_approvals::order_id.eq(order_id),
            order_approvals::level.eq(i),
            order_approvals::role.eq(role),
            order_approvals::reasons.eq(reasons),
        ))
        .returning(order_approvals::id))
        .get_result::<i64>(c))
        .classify()?;
    }
    Ok(())
}

pub fn approvals(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ApprovalRow>> {
    native!(conn, c => order_approvals::table
        .filter(order_approvals::order_id.eq(order_id))
        .order(order_approvals::id)
        .select(ApprovalRow::as_select())
        .load(c))
    .classify()
}

/// Records the decision on the open row of `level`; `NotFound` when there is none.
pub fn decide(
    conn: &mut DbConnection,
    order_id: domain::ids::OrderId,
    level: i32,
    user: domain::ids::UserId,
    decision: &str,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let decided: Vec<i64> = native!(conn, c => keyed!(
        diesel::update(
            order_approvals::table
                .filter(order_approvals::order_id.eq(order_id))
                .filter(order_approvals::level.eq(level))
                .filter(order_approvals::decision.is_null()),
        )
        .set((
            order_approvals::decided_by.eq(user),
            order_approvals::decision.eq(decision),
            order_approvals::comment.eq(comment),
            order_approvals::decided_at.eq(now),
        ))
        .returning(order_approvals::id),
    )
    .load(c))
    .classify()?;
    let n = decided.len();
    if n == 1 { Ok(()) } else { Err(StorageError::NotFound) }
}

/// Ids of the store's orders whose waiting approval level belongs to `role` (the approver's inbox).
/// Orders of the store waiting for an approval level of `role` that `user_id` did not ask for
/// (not its owner, creator or reshaper: nobody approves their own request).
pub fn waiting_for(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    role: &str,
    user_id: domain::ids::UserId,
) -> StorageResult<Vec<i64>> {
    use crate::schema::order_requesters as r;
    let asked = r::table.filter(r::order_id.eq(orders::id)).filter(r::user_id.eq(user_id));
    orders::table
        .inner_join(
            order_approvals::table
                .on(order_approvals::order_id.eq(orders::id).and(order_approvals::level.eq(orders::approval_level))),
        )
        .filter(orders::store_id.eq(store_id))
        .filter(orders::stage.eq("awaiting_approval"))
        .filter(order_approvals::role.eq(role))
        .filter(order_approvals::decision.is_null())
        .filter(orders::owner_id.ne(user_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(asked)))
        .select(orders::id)
        .load(conn)
        .classify()
}
