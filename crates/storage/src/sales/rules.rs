//! Approval rules: the group's conditions and the roles they require.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::approval_rules;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = approval_rules)]
pub struct RuleRow {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub condition: String,
    pub threshold: i64,
    /// The role codes that approve (JSON text in the database).
    pub levels: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = approval_rules)]
pub struct RuleFields {
    pub name: String,
    pub condition: String,
    pub threshold: i64,
    pub levels: String,
    pub active: bool,
}

pub fn rules(conn: &mut DbConnection, group_id: i64) -> StorageResult<Vec<RuleRow>> {
    native!(conn, c => approval_rules::table
        .filter(approval_rules::group_id.eq(group_id))
        .order(approval_rules::id)
        .select(RuleRow::as_select())
        .load(c))
    .classify()
}

pub fn get_rule(
    conn: &mut DbConnection,
    group_id: domain::ids::GroupId,
    id: domain::ids::ApprovalRuleId,
) -> StorageResult<RuleRow> {
    approval_rules::table
        .filter(approval_rules::id.eq(id))
        .filter(approval_rules::group_id.eq(group_id))
        .select(RuleRow::as_select())
        .first(conn)
        .classify()
}

pub fn insert_rule(
    conn: &mut DbConnection,
    group_id: i64,
    f: &RuleFields,
    now: NaiveDateTime,
) -> StorageResult<RuleRow> {
    diesel::insert_into(approval_rules::table)
        .values((
            f,
            approval_rules::group_id.eq(group_id),
            approval_rules::created_at.eq(now),
            approval_rules::updated_at.eq(now),
        ))
        .returning(approval_rules::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update_rule(
    conn: &mut DbConnection,
    group_id: domain::ids::GroupId,
    id: domain::ids::ApprovalRuleId,
    version: i64,
    f: &RuleFields,
    now: NaiveDateTime,
) -> StorageResult<RuleRow> {
    diesel::update(
        approval_rules::table
            .filter(approval_rules::id.eq(id))
            .filter(approval_rules::group_id.eq(group_id))
            .filter(approval_rules::version.eq(version)),
    )
    .set((f, approval_rules::version.eq(version.saturating_add(1)), approval_rules::updated_at.eq(now)))
    .returning(approval_rules::all_columns)
    .get_result(conn)
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}
