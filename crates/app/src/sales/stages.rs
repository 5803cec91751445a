//! Stage time limits (seed 003's workflow engine). Every move of an order's status closes the
//! stage it was in and opens the next, in the same transaction (the analytics' cycle times read
//! these). Each store keeps a limit per waiting stage; an order past its limit is in its owner's
//! and the managers' work queues with how late it is, its owner is reminded once, and past the
//! second limit the store's general managers hear of it, once.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::sales::Status;
use domain::sales::limits::{LIMITED, Limit, minutes_late};
use storage::DbConnection;
use storage::sales::OrderRow;
use storage::sales::stages as rows;

/// Records the order's move into its current status at `at` (when it moved).
pub(crate) fn record(
    c: &mut DbConnection,
    row: &OrderRow,
    from: Option<Status>,
    action: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    let moved = match from {
        Some(f) => f != row.status,
        // A copy is created first ("created"), then marked "copied": one stage.
        None => action == "created",
    };
    if moved {
        rows::moved(c, row, at)?;
    }
    Ok(())
}

/// A stage's limit at a store: its own, or the standard one.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StageLimit {
    /// The order status the limit is for (`awaiting_confirmation`, `approved`, ...).
    pub status: String,
    /// Hours in the stage before the owner is reminded.
    pub remind_hours: i32,
    /// Hours in the stage before the general manager hears of it.
    pub escalate_hours: i32,
    /// The store set it (false: the standard limit).
    pub own: bool,
}

/// The limits of a store, one per waiting stage, in the order's lifecycle order.
pub(crate) fn limits_of(c: &mut DbConnection, store_id: i64) -> AppResult<Vec<(Status, Limit, bool)>> {
    let own = rows::limits(c, store_id)?;
    Ok(LIMITED
        .into_iter()
        .filter_map(|s| match own.iter().find(|r| r.status == s) {
            Some(r) => Some((s, Limit { remind_hours: r.remind_hours, escalate_hours: r.escalate_hours }, true)),
            None => Limit::default_of(s).map(|l| (s, l, false)),
        })
        .collect())
}

/// The limits of the actor's store.
pub fn limits(app: &App, actor: &Actor) -> AppResult<Vec<StageLimit>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        Ok(limits_of(c, actor.store_id.0)?
            .into_iter()
            .map(|(s, l, own)| StageLimit {
                status: s.code().into(),
                remind_hours: l.remind_hours,
                escalate_hours: l.escalate_hours,
                own,
            })
            .collect())
    })
}

/// One stage's limits as a form sends them.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct LimitInput {
    pub status: String,
    pub remind_hours: i64,
    pub escalate_hours: i64,
}

/// Sets limits of the actor's store (`stage_limits_manage`): every stage given, checked
/// together (a field error per stage: `remind_hours.approved`), audited with what changed.
pub fn set_limits(app: &App, actor: &Actor, input: &[LimitInput]) -> AppResult<Vec<StageLimit>> {
    let now = app.now();
    require(actor, Permission::StageLimitsManage)?;
    let mut e = FieldErrors::new();
    let mut checked = Vec::new();
    for i in input {
        let Some(status) = <Status as domain::code::Code>::from_code(&i.status).filter(|s| LIMITED.contains(s)) else {
            e.add("status", domain::sales::limits::LimitError::NotLimited.code());
            continue;
        };
        let hours = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        match Limit::new(status, hours(i.remind_hours), hours(i.escalate_hours)) {
            Ok(l) => checked.push((status, l)),
            Err(err @ domain::sales::limits::LimitError::RemindOutOfRange) => {
                e.add(format!("remind_hours.{}", status.code()), err.code())
            }
            Err(err) => e.add(format!("escalate_hours.{}", status.code()), err.code()),
        }
    }
    e.into_result()?;
    if checked.is_empty() {
        return Err(AppError::field("status", "stage-limits-empty"));
    }
    app.db.write(|c| {
        let store = actor.store_id.0;
        let before = limits_of(c, store)?;
        let mut changes = Changes::new();
        for (status, limit) in &checked {
            let old = before.iter().find(|(s, _, _)| s == status).map(|(_, l, _)| *l);
            if old == Some(*limit) {
                continue;
            }
            rows::set_limit(c, actor.store_id, *status, *limit, actor.user_id, now)?;
            let (r, x) = old.map(|l| (l.remind_hours, l.escalate_hours)).unwrap_or_default();
            changes = changes.field(&format!("{}.remind_hours", status.code()), r, limit.remind_hours).field(
                &format!("{}.escalate_hours", status.code()),
                x,
                limit.escalate_hours,
            );
        }
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::StageLimitsSet, entity_id: store, store_id: Some(store), changes },
        )?;
        Ok::<_, AppError>(())
    })?;
    limits(app, actor)
}

/// An order past its stage's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Late {
    pub order_id: i64,
    #[schema(value_type = String)]
    pub status: Status,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub entered_at: NaiveDateTime,
    /// Minutes past the first limit.
    pub minutes: i64,
    /// Past the second limit too.
    pub escalated: bool,
}

impl Late {
    /// How late open stage `s` is at `now` under `limit`.
    fn of(s: &rows::StageRow, limit: Limit, now: NaiveDateTime) -> Self {
        Self {
            order_id: s.order_id,
            status: s.status,
            entered_at: s.entered_at,
            minutes: minutes_late(limit, s.entered_at, now),
            escalated: s.entered_at <= limit.escalates_if_entered_by(now),
        }
    }
}

/// The orders of `store_id` past their stage's limit at `now`, the latest first.
pub(crate) fn late_in_store(c: &mut DbConnection, store_id: i64, now: NaiveDateTime) -> AppResult<Vec<Late>> {
    let mut out = Vec::new();
    for (status, limit, _) in limits_of(c, store_id)? {
        for s in rows::waiting_since(c, store_id, status, limit.due_if_entered_by(now))? {
            out.push(Late::of(&s, limit, now));
        }
    }
    out.sort_by_key(|l| std::cmp::Reverse(l.minutes));
    Ok(out)
}

/// The order's current stage and how late it is, if late.
pub(crate) fn late_order(c: &mut DbConnection, row: &OrderRow, now: NaiveDateTime) -> AppResult<Option<Late>> {
    let Some(open) = rows::of_order(c, row.id)?.into_iter().find(|s| s.left_at.is_none()) else { return Ok(None) };
    let Some((_, limit, _)) = limits_of(c, row.store_id)?.into_iter().find(|(s, _, _)| *s == open.status) else {
        return Ok(None);
    };
    let late = Late::of(&open, limit, now);
    Ok((late.minutes > 0).then_some(late))
}

/// How late the order the actor may read is in its stage (nothing: on time, or no limit).
pub fn late(app: &App, actor: &Actor, order_id: i64) -> AppResult<Option<Late>> {
    require(actor, Permission::OrderRead)?;
    let now = app.now();
    app.db.read(|c| {
        let row = super::load(c, actor, order_id)?;
        late_order(c, &row, now)
    })
}

/// A stage the order went through: when it entered and left (still in it: no end).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StageSpan {
    pub status: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub entered_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub left_at: Option<NaiveDateTime>,
    /// Minutes in the stage (until now while in it).
    pub minutes: i64,
}

/// The stages of an order the actor may read, the first first.
pub fn spans(app: &App, actor: &Actor, order_id: i64) -> AppResult<Vec<StageSpan>> {
    require(actor, Permission::OrderRead)?;
    let now = app.now();
    app.db.read(|c| {
        let row = super::load(c, actor, order_id)?;
        Ok(rows::of_order(c, row.id)?
            .into_iter()
            .map(|s| StageSpan {
                status: s.status.code().into(),
                entered_at: s.entered_at,
                left_at: s.left_at,
                minutes: (s.left_at.unwrap_or(now) - s.entered_at).num_minutes(),
            })
            .collect())
    })
}

/// The background job: reminds the owner of each order past its first limit and tells the
/// general managers of each past its second, once each, in the transaction that claims it.
pub fn remind(app: &App) -> AppResult<usize> {
    let now = app.now();
    let stores = app.db.read(|c| Ok::<_, AppError>(storage::org::active_stores(c)?))?;
    let mut sent = 0;
    for store in stores {
        let late = app.db.read(|c| late_in_store(c, store.id, now))?;
        for l in late {
            sent += app.db.write(|c| tell(app, c, &store, &l, now))?;
        }
    }
    Ok(sent)
}

fn tell(
    app: &App,
    c: &mut DbConnection,
    store: &storage::org::StoreRow,
    l: &Late,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let Some(open) = rows::of_order(c, l.order_id)?.into_iter().find(|s| s.left_at.is_none() && s.status == l.status)
    else {
        return Ok(0);
    };
    let order = storage::sales::get(c, l.order_id)?;
    let notice = |key: &'static str| {
        Notice::new(key)
            .arg("order", &order.order_no)
            .arg("stage", l.status.code())
            .arg("days", l.minutes.max(0) / 60 / 24)
            .arg("hours", l.minutes.max(0) / 60 % 24)
            .arg("store", &store.name)
            .arg("link", format!("{}/orders/{}", app.messages.public_url, order.id))
    };
    let mut sent = 0;
    if open.reminded_at.is_none() && rows::claim_reminder(c, open.id, now)? {
        let owner = storage::users::get(c, order.owner_id)?;
        notify::to_staff(app, c, &owner, &notice("mail-stage-overdue").arg("person", &owner.display_name))?;
        sent += 1;
    }
    if l.escalated && open.escalated_at.is_none() && rows::claim_escalation(c, open.id, now)? {
        let owner = storage::users::get(c, order.owner_id)?;
        for gm in storage::users::with_role(c, store.id, Role::GeneralManager.code())? {
            notify::to_staff(app, c, &gm, &notice("mail-stage-escalated").arg("person", &owner.display_name))?;
            sent += 1;
        }
    }
    Ok(sent)
}
