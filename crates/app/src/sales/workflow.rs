//! The order's workflow: submit, approve, reject, cancel, mark lost, close, and the mail they send.

use super::round::{notify_approvers, order_link};
use super::{Author, Reply, audit_of, event, load, party, refused, transition_error};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::approval::Level;
use domain::sales::state::apply;
use domain::sales::{Command, Stage};
use storage::DbConnection;
use storage::sales::{OrderRow, OrderStage};

/// Applies `command` as `actor` at `version`, records the timeline and audit, and returns the row.
fn transition(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    version: i64,
    command: &Command,
    note: Option<&str>,
) -> AppResult<(OrderRow, Stage)> {
    let stage = row.stage()?;
    let facts = row.facts();
    let next = apply(stage, &facts, party(c, actor, row)?, command).map_err(transition_error)?;
    let after = storage::sales::set_stage(c, row, version, &OrderStage::of(next, &facts), now)?;
    event(c, Author::staff(now, actor), &after, Some(row.status), command.code(), note)?;
    audit_of(
        c,
        now,
        actor,
        Action::OrderTransition,
        &after,
        Changes::new()
            .field("status", &row.status, &after.status)
            .created("command", command.code())
            .created_if("note", note),
    )?;
    Ok((after, next))
}

/// Sends the order to the customer for confirmation: an e-mail with a signed, expiring link.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "submit", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn submit<T: Send>(app: &App, actor: &Actor, id: i64, version: i64, reply: Reply<T>) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, row.customer_id)?;
        let store = storage::org::get_store(c, row.store_id)?;
        let notice = Notice::new("mail-confirm")
            .arg("customer", &customer.name)
            .arg("order", &row.order_no)
            .arg("store", store.name)
            .arg("total", domain::Money::from_fen(row.total_fen))
            .arg(
                "link",
                crate::kernel::links::customer_url(
                    app,
                    domain::ids::OrderId(row.id),
                    domain::ids::CustomerId(row.customer_id),
                ),
            )
            .arg("advisor", &actor.display_name);
        // Author SMS to the profile's mobile when a gateway is configured, else by e-mail; the
        // timeline's step says exactly where it went (the order page repeats it beside the link and
        // its QR code), or that it went nowhere.
        let sent =
            notify::to_customer(app, c, row.store_id, (Some(&customer.mobile), customer.email.as_deref()), &notice)?;
        let note = match sent {
            notify::Sent::Sms(to) => format!("确认链接已通过短信发送至 {to}"),
            notify::Sent::Email(to) => format!("确认链接已通过电子邮件发送至 {to}"),
            notify::Sent::Nothing => {
                "确认链接未能发送：客户档案没有电子邮箱（也未配置短信），请把链接或二维码发给客户".into()
            }
        };
        let (after, _) = transition(c, now, actor, &row, version, &Command::Submit, Some(&note))?;
        (reply.0)(c, actor, after)
    })
}

/// The level waiting on the order, and the actor's right to decide it.
fn waiting_level(c: &mut DbConnection, actor: &Actor, row: &OrderRow) -> AppResult<storage::sales::ApprovalRow> {
    require(actor, Permission::OrderApprove)?;
    let stage = row.stage()?;
    let Stage::AwaitingApproval { level, .. } = stage else {
        return Err(transition_error(domain::sales::TransitionError::WrongState));
    };
    let round = storage::sales::approvals(c, row.id)?;
    // On PostgreSQL another approver may have decided this level after the order was read in this
    // transaction: the order is stale, as its version will say.
    let open = round
        .into_iter()
        .find(|a| a.level == i32::from(level) && a.decision.is_none())
        .ok_or(AppError::Conflict(crate::Conflict::Stale))?;
    if open.role != actor.role {
        return Err(refused("order-not-your-level"));
    }
    Ok(open)
}

#[tracing::instrument(name = "sales", skip_all, fields(use_case = "approve", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn approve<T: Send>(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    comment: &str,
    reply: Reply<T>,
) -> AppResult<T> {
    let now = app.now();
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let open = waiting_level(c, actor, &row)?;
        let comment = domain::text::optional(comment, 500).map_err(|e| AppError::field("comment", e.code()))?;
        let level = u8::try_from(open.level).unwrap_or(1);
        let (after, next) = transition(c, now, actor, &row, version, &Command::Approve { level }, comment.as_deref())?;
        storage::sales::decide(
            c,
            domain::ids::OrderId(row.id),
            open.level,
            actor.user_id,
            "approved",
            comment.as_deref(),
            now,
        )?;
        let customer = storage::customers::get_visible(
            c,
            &storage::customers::Visibility::whole_store(row.store_id),
            row.customer_id,
        )?;
        match next {
            Stage::AwaitingApproval { level, .. } => {
                let round = storage::sales::approvals(c, row.id)?;
                if let Some(a) = round.iter().find(|a| a.level == i32::from(level) && a.decision.is_none()) {
                    let lvl = Level { role: a.role, reasons: serde_json::from_str(&a.reasons).unwrap_or_default() };
                    notify_approvers(app, c, &after, &lvl, &customer.name)?;
                }
            }
            Stage::Approved => outcome(app, c, actor, &after, true, comment.as_deref().unwrap_or(""), &customer)?,
            _ => {}
        }
        (reply.0)(c, actor, after)
    })
}

/// Tells the advisor (and, when approved, the customer) how approval ended.
fn outcome(
    app: &App,
    c: &mut DbConnection,
    actor: &Actor,
    row: &OrderRow,
    approved: bool,
    comment: &str,
    customer: &storage::customers::CustomerRow,
) -> AppResult<()> {
    let owner = storage::users::get(c, row.owner_id)?;
    let notice = Notice::new(if approved { "mail-approved" } else { "mail-rejected" })
        .arg("order", &row.order_no)
        .arg("by", &actor.display_name)
        .arg("comment", comment)
        .arg("link", order_link(app, row.id));
    notify::to_staff(app, c, &owner, &notice)?;
    if approved && let Some(email) = &customer.email {
        let store = storage::org::get_store(c, row.store_id)?;
        let notice = Notice::new("mail-customer-approved")
            .arg("customer", &customer.name)
            .arg("order", &row.order_no)
            .arg("store", store.name)
            .arg(
                "link",
                crate::kernel::links::customer_url(
                    app,
                    domain::ids::OrderId(row.id),
                    domain::ids::CustomerId(row.customer_id),
                ),
            );
        notify::send(app, c, row.store_id, email, "zh-CN", &notice)?;
    }
    Ok(())
}

#[tracing::instrument(name = "sales", skip_all, fields(use_case = "reject", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn reject<T: Send>(app: &App, actor: &Actor, id: i64, version: i64, reason: &str, reply: Reply<T>) -> AppResult<T> {
    let now = app.now();
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let open = waiting_level(c, actor, &row)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::Reject { reason: reason.clone() }, Some(&reason))?;
        storage::sales::decide(
            c,
            domain::ids::OrderId(row.id),
            open.level,
            actor.user_id,
            "rejected",
            Some(&reason),
            now,
        )?;
        let customer = storage::customers::get_visible(
            c,
            &storage::customers::Visibility::whole_store(row.store_id),
            row.customer_id,
        )?;
        outcome(app, c, actor, &after, false, &reason, &customer)?;
        (reply.0)(c, actor, after)
    })
}

/// Cancels an order with a reason. With money received, `breach` (who ended the deal) is
/// required: the refunds (and a 定金 returned double) are requested from finance in the same
/// transaction (Civil Code arts. 586-588), and the outcome goes on the timeline.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "cancel", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn cancel<T: Send>(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    reason: &str,
    breach: Option<domain::finance::Breach>,
    reply: Reply<T>,
) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::Cancel { reason: reason.clone() }, Some(&reason))?;
        super::change::on_order_ended(c, now, actor, &after)?;
        let cancelled = crate::kernel::events::Event::OrderCancelled { order: &after, breach, reason: &reason };
        crate::kernel::events::raise(app, c, now, crate::kernel::events::By::Staff(actor), cancelled)?;
        (reply.0)(c, actor, after)
    })
}

/// 战败: the customer bought elsewhere or gave up, before any contract or payment.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "mark_lost", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn mark_lost<T: Send>(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    reason: &str,
    reply: Reply<T>,
) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::MarkLost { reason: reason.clone() }, Some(&reason))?;
        (reply.0)(c, actor, after)
    })
}

#[tracing::instrument(name = "sales", skip_all, fields(use_case = "close", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn close<T: Send>(app: &App, actor: &Actor, id: i64, version: i64, reply: Reply<T>) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let (after, _) = transition(c, now, actor, &row, version, &Command::Close, None)?;
        (reply.0)(c, actor, after)
    })
}
