//! Deciding a change order: approve (the last level draws the supplement), reject, withdraw,
//! and what the order's end and the supplement's countersignature do to it.

use super::propose::{Proposal, notify_level, price};
use super::*;

/// A change order and its order, within `actor`'s scope, at `version`; locked until the write
/// commits when `lock` (the checks before a write's rendering read without it).
fn locked(
    c: &mut DbConnection,
    actor: &Actor,
    id: i64,
    version: i64,
    lock: bool,
) -> AppResult<(ChangeOrderRow, OrderRow)> {
    let order_id = rows::get(c, id)?.order_id;
    if lock {
        storage::sales::lock(c, order_id)?;
    }
    let order = load(c, actor, order_id)?;
    let ch = rows::get(c, id)?;
    if ch.version != version {
        return Err(AppError::Conflict(crate::Conflict::Stale));
    }
    Ok((ch, order))
}

fn decision(actor: &Actor, level: i32, decision: &str, note: Option<String>, now: NaiveDateTime) -> ChangeDecision {
    ChangeDecision {
        level,
        role: actor.role,
        by: actor.user_id.0,
        name: actor.display_name.clone(),
        at: now,
        decision: decision.into(),
        note,
    }
}

/// Approves the level waiting (`order_approve`, the level's role, nobody who asked for the order
/// or the change). The last level generates the supplement and sends the buyer their link.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "approve_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn approve(app: &App, actor: &Actor, id: i64, version: i64, note: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderApprove)?;
    let note = domain::text::optional(note, 500).map_err(|e| AppError::field("comment", e.code()))?;
    // Read and check first; at the last level finance draws the supplement now, off the writer.
    let (step, ready) = app.db.read(|c| {
        let (ch, order) = locked(c, actor, id, version, false)?;
        let step = decide(c, actor, &order, &ch)?;
        let ready = match step {
            Approved::Done => {
                let (proposed, items) = reprice(c, actor, &order, &ch)?.as_order(&order);
                let approved =
                    Event::ChangeApproved { order: &order, proposed: &proposed, items: &items, change_id: ch.id };
                events::prepare(app, c, now, By::Staff(actor), approved)?
            }
            Approved::Next(_) => events::Ready::default(),
        };
        Ok::<_, AppError>((step, ready))
    })?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        if decide(c, actor, &order, &ch)? != step {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        let mut decisions = decisions_of(&ch)?;
        decisions.push(decision(actor, ch.level, "approved", note.clone(), now));
        let decisions = json(&decisions)?;
        let levels = levels_of(&ch)?;
        match step {
            Approved::Next(level) => {
                let level = i32::from(level);
                rows::update(
                    c,
                    &ch,
                    &ChangeUpdate {
                        status: ChangeStatus::AwaitingApproval,
                        level,
                        decisions: &decisions,
                        contract_id: None,
                        closed: None,
                        now,
                    },
                )?;
                let waiting = usize::try_from(level - 1).ok().and_then(|i| levels.get(i)).cloned();
                if let Some(l) = waiting {
                    notify_level(app, c, &order, &ch.change_no, &l)?;
                }
            }
            Approved::Done => {
                // Finance writes the supplement of the proposed terms, the next contract version.
                let (proposed, items) = reprice(c, actor, &order, &ch)?.as_order(&order);
                let approved =
                    Event::ChangeApproved { order: &order, proposed: &proposed, items: &items, change_id: ch.id };
                events::raise_prepared(app, c, now, By::Staff(actor), approved, &ready)?;
                let supplement = storage::finance::contracts::current(c, order.id)?
                    .filter(|k| k.status != ContractStatus::Signed)
                    .ok_or_else(|| AppError::internal("a last approval without its supplement"))?;
                let contract_id = supplement.id;
                rows::update(
                    c,
                    &ch,
                    &ChangeUpdate {
                        status: ChangeStatus::AwaitingSignature,
                        level: ch.level,
                        decisions: &decisions,
                        contract_id: Some(contract_id),
                        closed: None,
                        now,
                    },
                )?;
            }
        }
        timeline(c, now, actor, &order, "change_order_approved", Some(&ch.change_no))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderApproved,
            &order,
            Changes::new()
                .created("change_no", &ch.change_no)
                .created("level", ch.level)
                .created_if("comment", note.as_deref()),
        )?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// The rules' answer to `actor` deciding the level waiting.
fn decide(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<Approved> {
    let own = own(c, actor, order, ch)?;
    let level = u8::try_from(ch.level).unwrap_or(0);
    rule::approve(ch.status, &levels_of(ch)?, level, actor.role, own).map_err(refused)
}

/// The proposal priced again: the terms the supplement shows and the order takes. A catalogue or
/// tax change since the proposal moves the price: the change is proposed again, never signed at
/// a price the approvers did not see.
fn reprice(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<Proposal> {
    let input: crate::sales::OrderInput = serde_json::from_str(&ch.input).map_err(AppError::internal)?;
    let proposal = match price(c, actor, order, &input) {
        Ok(p) => p,
        Err(AppError::Validation(_)) => return Err(refused(ChangeError::PriceMoved)),
        Err(e) => return Err(e),
    };
    if proposal.content.total_fen != ch.total_after_fen {
        return Err(refused(ChangeError::PriceMoved));
    }
    Ok(proposal)
}

/// Turns the change down at the level waiting, with a reason (the same people who may approve).
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "reject_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn reject(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderApprove)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        let own = own(c, actor, &order, &ch)?;
        rule::reject(ch.status, &levels_of(&ch)?, u8::try_from(ch.level).unwrap_or(0), actor.role, own)
            .map_err(refused)?;
        let mut decisions = decisions_of(&ch)?;
        decisions.push(decision(actor, ch.level, "rejected", Some(reason.clone()), now));
        close(c, now, actor, &ch, ChangeStatus::Rejected, &json(&decisions)?, &reason)?;
        timeline(c, now, actor, &order, "change_order_rejected", Some(&format!("{}：{reason}", ch.change_no)))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderRejected,
            &order,
            Changes::new().created("change_no", &ch.change_no).created("reason", &reason),
        )?;
        tell_requester(app, c, &order, &ch, actor, false, &reason)?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// Ends a change order under way: rejected or withdrawn; a supplement not yet countersigned is
/// superseded, and the signed contract stays in force.
fn close(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    ch: &ChangeOrderRow,
    status: ChangeStatus,
    decisions: &str,
    note: &str,
) -> AppResult<()> {
    if let Some(k) = ch.contract_id {
        let k = storage::finance::contracts::get(c, k)?;
        if k.status != domain::finance::ContractStatus::Superseded {
            storage::finance::contracts::supersede(c, &k, now)?;
        }
    }
    rows::update(
        c,
        ch,
        &ChangeUpdate {
            status,
            level: ch.level,
            decisions,
            contract_id: ch.contract_id,
            closed: Some((actor.user_id.0, Some(note))),
            now,
        },
    )?;
    Ok(())
}

fn tell_requester(
    app: &App,
    c: &mut DbConnection,
    order: &OrderRow,
    ch: &ChangeOrderRow,
    actor: &Actor,
    approved: bool,
    comment: &str,
) -> AppResult<()> {
    let asker = storage::users::get(c, ch.requested_by)?;
    let notice = Notice::new(if approved { "mail-approved" } else { "mail-rejected" })
        .arg("order", format!("{}（变更单 {}）", order.order_no, ch.change_no))
        .arg("by", &actor.display_name)
        .arg("comment", comment)
        .arg("link", crate::sales::round::order_link(app, order.id));
    notify::to_staff(app, c, &asker, &notice)?;
    Ok(())
}

/// Withdraws a change order under way (`order_write`, with a reason): the buyer would not sign,
/// or it was a mistake. The signed terms stay.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "withdraw_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn withdraw(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        if !ch.status.is_open() {
            return Err(refused(ChangeError::WrongState));
        }
        close(c, now, actor, &ch, ChangeStatus::Withdrawn, &ch.decisions, &reason)?;
        timeline(c, now, actor, &order, "change_order_withdrawn", Some(&format!("{}：{reason}", ch.change_no)))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderWithdrawn,
            &order,
            Changes::new().created("change_no", &ch.change_no).created("reason", &reason),
        )?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// Withdraws the order's change order under way when the order ends (cancelled), inside that
/// transaction: nothing is left to sign.
pub(crate) fn on_order_ended(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order: &OrderRow,
) -> AppResult<()> {
    for ch in rows::of_order(c, order.id)?.into_iter().filter(|ch| ch.status.is_open()) {
        close(c, now, actor, &ch, ChangeStatus::Withdrawn, &ch.decisions, "订单已取消")?;
        timeline(c, now, actor, order, "change_order_withdrawn", Some(&ch.change_no))?;
    }
    Ok(())
}

/// The store countersigned contract version `contract_id` (inside that transaction, after the
/// signed version it amends was superseded): if it is a change order's supplement, the order takes
/// the new terms now. The invoice of the old terms is reversed for finance to issue again, money
/// above the new price is requested back, and finance is told what changed.
pub(crate) fn on_countersigned(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    contract_id: i64,
) -> AppResult<()> {
    let Some(ch) = rows::of_contract(c, contract_id)? else { return Ok(()) };
    if ch.status != ChangeStatus::AwaitingSignature {
        return Err(refused(ChangeError::WrongState));
    }
    let order = storage::sales::get(c, ch.order_id)?;
    let proposal = reprice(c, actor, &order, &ch)?;
    let after = storage::sales::update_content(c, &order, order.version, &proposal.content, now)?;
    storage::sales::replace_items(c, order.id, &proposal.items)?;
    rows::update(
        c,
        &ch,
        &ChangeUpdate {
            status: ChangeStatus::InForce,
            level: ch.level,
            decisions: &ch.decisions,
            contract_id: ch.contract_id,
            closed: Some((actor.user_id.0, None)),
            now,
        },
    )?;
    let difference = Money::from_fen(after.total_fen - order.total_fen);
    let note = format!("{}：{} → {}", ch.change_no, Money::from_fen(order.total_fen), Money::from_fen(after.total_fen));
    timeline(c, now, actor, &after, "change_order_in_force", Some(&note))?;
    audit_of(
        c,
        now,
        actor,
        Action::ChangeOrderInForce,
        &after,
        Changes::new()
            .created("change_no", &ch.change_no)
            .field("total_fen", order.total_fen, after.total_fen)
            .field("discount_fen", order.discount_fen, after.discount_fen)
            .field("terms", &order.terms, &after.terms),
    )?;
    // Finance reverses the invoice of the old terms and settles the difference.
    let in_force = Event::ChangeInForce { order: &after, change_no: &ch.change_no, difference };
    raise(app, c, now, By::Staff(actor), in_force)
}
