//! Change orders (变更单, DOMAIN.md §2): the only way the terms of a signed contract change. The
//! advisor proposes terms with a reason; the levels the rules require approve them (nobody who
//! asked for the order or the change); the supplement, a new contract version rendered from the
//! proposed terms, is signed by the buyer on their page and countersigned by the store; only then
//! does the order take the terms, in the countersignature's transaction: the invoice of the old
//! terms is reversed (红冲) for finance to issue again, money paid above the new price is
//! requested back, and finance is told. The signed contract stays in force until then, and the
//! order keeps its place in the flow.

use super::{audit_of, load, timeline};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::events::{self, By, Event, raise};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::Money;
use domain::error::ErrorCode;
use domain::finance::ContractStatus;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::sales::approval::Level;
use domain::sales::change::{self as rule, Approved};
use domain::sales::{ChangeError, ChangeStatus, Quote, Terms, VehicleFact};
use serde::{Deserialize, Serialize};
use storage::DbConnection;
use storage::sales::changes::{self as rows, ChangeOrderRow, ChangeUpdate, NewChangeOrder};
use storage::sales::{ItemRow, NewItem, OrderRow};

/// One line of what a change order changes, as the approver and the buyer read it. `field` names
/// it (`total`, `discount`, `payment`, `option`, `fee-registration`…); values are as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangeLine {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A decision of an approval level.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangeDecision {
    pub level: i32,
    #[schema(value_type = String)]
    pub role: Role,
    pub by: i64,
    pub name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339", deserialize_with = "instant")]
    pub at: NaiveDateTime,
    /// approved | rejected
    pub decision: String,
    pub note: Option<String>,
}

/// An instant as stored in a decision: RFC 3339 (UTC).
fn instant<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|t| t.naive_utc())
        .or_else(|_| text.parse::<NaiveDateTime>())
        .map_err(serde::de::Error::custom)
}

/// A change order as its page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChangeOrder {
    pub id: i64,
    pub order_id: i64,
    pub change_no: String,
    /// awaiting_approval | awaiting_signature | in_force | rejected | withdrawn
    #[schema(value_type = String)]
    pub status: ChangeStatus,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
    /// After less before: negative when the price falls.
    pub difference_fen: i64,
    pub lines: Vec<ChangeLine>,
    pub reason: String,
    /// The roles that approve, in order (1-based `level` waits).
    #[schema(value_type = Vec<String>)]
    pub levels: Vec<Role>,
    pub level: i32,
    pub decisions: Vec<ChangeDecision>,
    /// The supplement (contract version) the buyer signs, once approved.
    pub contract_id: Option<i64>,
    pub requested_by: i64,
    pub requested_by_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub requested_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub closed_at: Option<NaiveDateTime>,
    pub closed_note: Option<String>,
    pub version: i64,
    /// What the reader may do now: approve, reject, withdraw.
    pub actions: Vec<String>,
}

fn refused(e: ChangeError) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code: e.code() })
}

fn json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(AppError::internal)
}

fn levels_of(row: &ChangeOrderRow) -> AppResult<Vec<Level>> {
    serde_json::from_str(&row.levels).map_err(AppError::internal)
}

fn decisions_of(row: &ChangeOrderRow) -> AppResult<Vec<ChangeDecision>> {
    serde_json::from_str(&row.decisions).map_err(AppError::internal)
}

/// Whether `actor` asked for the order or for this change: they do not decide it.
fn own(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<bool> {
    Ok(ch.requested_by == actor.user_id.0 || storage::sales::requesters_of(c, order)?.includes(actor.user_id))
}

fn view(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: ChangeOrderRow) -> AppResult<ChangeOrder> {
    let levels = levels_of(&ch)?;
    let mut actions = Vec::new();
    if ch.status == ChangeStatus::AwaitingApproval && actor.can(Permission::OrderApprove) && !own(c, actor, order, &ch)?
    {
        let waiting = usize::try_from(ch.level - 1).ok().and_then(|i| levels.get(i));
        if waiting.is_some_and(|l| l.role == actor.role) {
            actions.extend(["approve", "reject"]);
        }
    }
    if ch.status.is_open() && actor.can(Permission::OrderWrite) {
        actions.push("withdraw");
    }
    let requested_by_name = storage::users::get(c, ch.requested_by).map(|u| u.display_name).unwrap_or_default();
    Ok(ChangeOrder {
        id: ch.id,
        order_id: ch.order_id,
        change_no: ch.change_no.clone(),
        status: ch.status,
        total_before_fen: ch.total_before_fen,
        total_after_fen: ch.total_after_fen,
        difference_fen: ch.total_after_fen - ch.total_before_fen,
        lines: serde_json::from_str(&ch.summary).map_err(AppError::internal)?,
        reason: ch.reason.clone(),
        levels: levels.iter().map(|l| l.role).collect(),
        level: ch.level,
        decisions: decisions_of(&ch)?,
        contract_id: ch.contract_id,
        requested_by: ch.requested_by,
        requested_by_name,
        requested_at: ch.requested_at,
        closed_at: ch.closed_at,
        closed_note: ch.closed_note,
        version: ch.version,
        actions: actions.into_iter().map(str::to_string).collect(),
    })
}

/// Orders of the actor's store with a change order waiting for the actor's decision (their role
/// at the level waiting, and not their own request): the approvers' inbox.
pub(crate) fn waiting_for(c: &mut DbConnection, actor: &Actor) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for ch in rows::awaiting_approval(c, actor.store_id.0)? {
        let levels = levels_of(&ch)?;
        let waiting = usize::try_from(ch.level - 1).ok().and_then(|i| levels.get(i));
        if waiting.is_some_and(|l| l.role == actor.role) {
            let order = storage::sales::get(c, ch.order_id)?;
            if !own(c, actor, &order, &ch)? {
                ids.push(ch.order_id);
            }
        }
    }
    Ok(ids)
}

/// What the buyer's page shows of a change order whose supplement waits for them.
#[derive(Debug, Clone, Serialize)]
pub struct PendingChange {
    pub change_no: String,
    pub lines: Vec<ChangeLine>,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
}

/// The change order under way whose supplement is contract version `contract_id`, if any.
pub(crate) fn pending_of_contract(c: &mut DbConnection, contract_id: i64) -> AppResult<Option<PendingChange>> {
    let Some(ch) = rows::of_contract(c, contract_id)?.filter(|ch| ch.status.is_open()) else { return Ok(None) };
    Ok(Some(PendingChange {
        lines: serde_json::from_str(&ch.summary).map_err(AppError::internal)?,
        change_no: ch.change_no,
        total_before_fen: ch.total_before_fen,
        total_after_fen: ch.total_after_fen,
    }))
}

/// The order's change orders, newest first.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Vec<ChangeOrder>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let order = load(c, actor, order_id)?;
        rows::of_order(c, order_id)?.into_iter().map(|ch| view(c, actor, &order, ch)).collect()
    })
}

/// One change order, within the reader's data scope.
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<ChangeOrder> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let ch = rows::get(c, id)?;
        let order = load(c, actor, ch.order_id)?;
        view(c, actor, &order, ch)
    })
}

mod decide;
mod propose;

pub use decide::{approve, reject, withdraw};
pub(crate) use decide::{on_countersigned, on_order_ended};
pub use propose::propose;
