//! Refunds: the outcome of cancelling an order with money received (Civil Code arts. 586-588),
//! requests by finance, approval by another finance user, and payment with a reference.

use super::{Refund, order_locked, refused, sync};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::billing::Document;
use domain::error::ErrorCode;
use domain::finance::refund::RefundError;
use domain::finance::{Breach, Method, Outcome, RefundKind, RefundStatus, outcome};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, Money};
use storage::DbConnection;
use storage::finance::refunds::{self as rows, NewRefund, RefundRow};
use storage::sales::OrderRow;

fn audit_refund(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    action: Action,
    r: &RefundRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action,
            entity_id: super::order_of(r.document())?,
            store_id: Some(r.store_id),
            changes: changes
                .created("refund_id", r.id)
                .created("refund_kind", r.kind.code())
                .created("amount_fen", r.amount_fen),
        },
    )
}

/// What a refund request asks for.
struct Ask {
    kind: RefundKind,
    amount: Money,
    breach: Option<Breach>,
}

fn request(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    ask: Ask,
    reason: &str,
) -> AppResult<RefundRow> {
    let Ask { kind, amount, breach } = ask;
    let id = rows::insert(
        c,
        &NewRefund {
            store_id: row.store_id,
            document: Document::sales_order(row.id),
            kind,
            amount_fen: amount.fen(),
            breach,
            reason,
            requested_by: actor.user_id.0,
            now,
        },
    )?;
    let r = rows::get(c, id)?;
    audit_refund(
        c,
        now,
        actor,
        Action::RefundRequested,
        &r,
        Changes::new().created("reason", reason).created_if("breach", breach.map(Breach::code)),
    )?;
    Ok(r)
}

/// Money already promised back (requested or approved, not yet paid) of money received.
fn promised(c: &mut DbConnection, order_id: i64) -> AppResult<i64> {
    Ok(rows::of_document(c, Document::sales_order(order_id))?
        .iter()
        .filter(|r| {
            r.kind == RefundKind::Refund && matches!(r.status, RefundStatus::Requested | RefundStatus::Approved)
        })
        .map(|r| r.amount_fen)
        .sum())
}

/// The outcome of cancelling `row` now, if money is held: who ended the deal decides what the
/// 定金 does; everything else goes back. It is computed from the money received and confirmed
/// (less refunds paid), as a court would, whatever refund requests are pending (DOMAIN.md §3).
pub(crate) fn outcome_of(c: &mut DbConnection, row: &OrderRow, breach: Breach) -> AppResult<Option<Outcome>> {
    let l = super::ledger(c, row)?;
    if !l.money_received() {
        return Ok(None);
    }
    let held = l.held().fen();
    let earnest = storage::finance::payments::earnest_held(c, Document::sales_order(row.id))?.min(held);
    Ok(Some(outcome(breach, Money::from_fen(earnest), Money::from_fen(held - earnest))))
}

/// Settles the money of an order being cancelled, in the cancellation's transaction: the refund
/// and (the dealer's breach) the penalty as requests for finance. Returns the outcome for the
/// order's timeline; `None` when no money is held.
pub(crate) fn on_cancel(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    breach: Option<Breach>,
    reason: &str,
) -> AppResult<Option<(Breach, Outcome)>> {
    storage::sales::lock(c, row.id)?;
    // Payments still waiting for finance end with the order: nothing more is to be received.
    for p in storage::finance::payments::of_document(c, Document::sales_order(row.id))? {
        if p.status == domain::finance::PaymentStatus::Registered {
            super::payments::reject_in(c, now, actor, &p, "订单已取消")?;
        }
    }
    if !super::ledger(c, row)?.money_received() {
        return Ok(None);
    }
    let breach = breach.ok_or_else(|| AppError::field("breach", "order-breach-required"))?;
    let Some(out) = outcome_of(c, row, breach)? else { return Ok(None) };
    // Refunds already requested pay part of what goes back; more than goes back (a customer's
    // breach forfeits the 定金) must be rejected by finance before the order can be cancelled.
    let promised = promised(c, row.id)?;
    if promised > out.refund.fen() {
        return Err(refused("cancel-refunds-exceed-outcome"));
    }
    let rest = Money::from_fen(out.refund.fen() - promised);
    if rest.fen() > 0 {
        request(c, now, actor, row, Ask { kind: RefundKind::Refund, amount: rest, breach: Some(breach) }, reason)?;
    }
    if out.penalty.fen() > 0 {
        request(
            c,
            now,
            actor,
            row,
            Ask { kind: RefundKind::Penalty, amount: out.penalty, breach: Some(breach) },
            reason,
        )?;
    }
    Ok(Some((breach, out)))
}

/// Finance asks to pay money back on an order that continues (a price reduction after
/// payment): at most what is held and not already promised back (`refund_approve`; another
/// finance user approves it).
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "request_refund", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn request_refund(
    app: &App,
    actor: &Actor,
    order_id: i64,
    amount_fen: Option<i64>,
    reason: &str,
    key: Option<&str>,
) -> AppResult<Refund> {
    let now = app.now();
    require(actor, Permission::RefundApprove)?;
    let key = crate::kernel::idempotency::Key::new(key, "refund", &(order_id, amount_fen, reason))?;
    let mut e = domain::FieldErrors::new();
    let reason = e.check("reason", domain::text::required(reason, 500));
    match amount_fen {
        None => e.add("amount_fen", "required"),
        Some(f) if f <= 0 => e.add("amount_fen", RefundError::NotPositive.code()),
        Some(_) => {}
    }
    e.into_result()?;
    let amount = Money::from_fen(amount_fen.unwrap_or(0));
    app.db.write(|c| {
        let row = order_locked(c, actor, order_id)?;
        if let Some(id) = key.existing(c, actor)? {
            return Ok(rows::get(c, id)?.into());
        }
        let held = super::ledger(c, &row)?.held().fen() - promised(c, order_id)?;
        if amount.fen() > held {
            return Err(AppError::field("amount_fen", RefundError::OverReceived.code()));
        }
        let ask = Ask { kind: RefundKind::Refund, amount, breach: None };
        let r = request(c, now, actor, &row, ask, reason.as_deref().unwrap_or_default())?;
        key.remember(c, actor, r.id, now)?;
        Ok(r.into())
    })
}

/// Requests back what the buyer paid above the order's price once a change order lowered it
/// (inside the change's transaction); finance approves and pays it as any refund. Returns the
/// amount requested, if any.
pub(crate) fn for_change(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    reason: &str,
) -> AppResult<Option<Money>> {
    let held = Money::from_fen(super::ledger(c, row)?.held().fen() - promised(c, row.id)?);
    let settle = domain::sales::change::settle(Money::from_fen(row.total_fen), held);
    if settle.refund.fen() == 0 {
        return Ok(None);
    }
    request(c, now, actor, row, Ask { kind: RefundKind::Refund, amount: settle.refund, breach: None }, reason)?;
    Ok(Some(settle.refund))
}

/// A refund whose order `actor` may see (locked: read again once the order is), at `version`.
fn visible_refund(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<RefundRow> {
    let order_id = super::order_of(rows::get(c, id)?.document())?;
    order_locked(c, actor, order_id)?;
    let r = rows::get(c, id)?;
    if r.version != version {
        return Err(AppError::Conflict(crate::Conflict::Stale));
    }
    Ok(r)
}

/// Finance approves a refund request, never their own (`refund_approve`).
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "approve_refund", store = actor.store_id.0, actor = actor.user_id.0, refund = id))]
pub fn approve(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<Refund> {
    let now = app.now();
    require(actor, Permission::RefundApprove)?;
    app.db.write(|c| {
        let r = visible_refund(c, actor, id, version)?;
        if r.requested_by == actor.user_id.0 {
            return Err(refused(RefundError::OwnRequest.code()));
        }
        if r.status != RefundStatus::Requested {
            return Err(refused(RefundError::WrongState.code()));
        }
        rows::approve(c, &r, actor.user_id.0, now)?;
        let after = rows::get(c, id)?;
        audit_refund(c, now, actor, Action::RefundApproved, &after, Changes::new())?;
        Ok(after.into())
    })
}

/// Finance turns a refund request down, with a reason (`refund_approve`; not their own).
pub fn reject(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<Refund> {
    let now = app.now();
    require(actor, Permission::RefundApprove)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let r = visible_refund(c, actor, id, version)?;
        if r.requested_by == actor.user_id.0 {
            return Err(refused(RefundError::OwnRequest.code()));
        }
        if r.status != RefundStatus::Requested {
            return Err(refused(RefundError::WrongState.code()));
        }
        rows::reject(c, &r, actor.user_id.0, &reason, now)?;
        let after = rows::get(c, id)?;
        audit_refund(c, now, actor, Action::RefundRejected, &after, Changes::new().created("reason", &reason))?;
        Ok(after.into())
    })
}

/// Finance records that an approved refund was paid, how and with which reference: the money
/// held on the order goes down by it.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "pay_refund", store = actor.store_id.0, actor = actor.user_id.0, refund = id))]
pub fn mark_paid(app: &App, actor: &Actor, id: i64, version: i64, method: &str, reference: &str) -> AppResult<Refund> {
    let now = app.now();
    require(actor, Permission::RefundApprove)?;
    let mut e = domain::FieldErrors::new();
    let method = Method::from_code(method.trim());
    if method.is_none() {
        e.add("method", "payment-method-unknown");
    }
    let reference = e.check("reference", domain::text::optional(reference, 64)).flatten();
    if reference.is_none() && method.is_some_and(Method::needs_reference) {
        e.add("reference", "payment-reference-required");
    }
    e.into_result()?;
    let method = method.unwrap_or(Method::Cash);
    app.db.write(|c| {
        let r = visible_refund(c, actor, id, version)?;
        if r.status != RefundStatus::Approved {
            return Err(refused(RefundError::WrongState.code()));
        }
        let reference = reference.as_deref().unwrap_or("");
        rows::mark_paid(c, &r, actor.user_id.0, method.code(), reference, now)?;
        let after = rows::get(c, id)?;
        audit_refund(
            c,
            now,
            actor,
            Action::RefundPaid,
            &after,
            Changes::new().created("method", method.code()).created("reference", reference),
        )?;
        sync(app, c, now, actor, super::order_of(r.document())?, reference)?;
        Ok(after.into())
    })
}

/// Who ended the deal, as a form or API sends it: empty is none, an unknown code a field error.
pub fn breach_of(code: &str) -> AppResult<Option<Breach>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    Breach::from_code(code).map(Some).ok_or_else(|| AppError::field("breach", "order-breach-unknown"))
}
