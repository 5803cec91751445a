//! Settlement (结算) and the car's return: the lines are fixed with their payers once quality
//! control passed, the customer's part is billed through finance, and the car goes back once that
//! part is paid. A repair order on which no work started may be cancelled, with its reason.

use super::views::{RepairOrder, view};
use super::{State, bill, log};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::Command;

fn load(c: &mut storage::DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<State> {
    let s = State::load(c, actor, id)?;
    if s.order.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(s)
}

/// Settles repair order `id` (`service_write`): only after quality control passed. The totals per
/// payer are fixed and the customer's part is registered with finance; nothing to pay counts as
/// paid.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "settle", store = actor.store_id.0, actor = actor.user_id.0, repair_order = id))]
pub fn settle(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let s = load(c, actor, id, version)?;
        let status = s.next(Command::Settle)?;
        let totals = s.totals();
        let customer = totals.customer();
        let change = storage::service::Change {
            status: Some(status),
            settled_on: Some(today),
            amounts: Some((totals.total.fen(), customer.fen())),
            paid: Some(customer.fen() == 0),
            ..Default::default()
        };
        let row = storage::service::update(c, &s.order, &change, now)?;
        bill(c, &row, now)?;
        raise(app, c, now, By::Staff(actor), Event::RepairOrderSettled { repair_order: &row })?;
        let changes = Changes::new().created("total_fen", totals.total.fen()).created("customer_fen", customer.fen());
        log(c, now, actor, &row, (Action::RepairOrderSettled, "settled"), &customer.to_string(), changes)?;
        let s = State::of(c, row)?;
        view(c, actor, s, today)
    })
}

/// Hands the car back to its customer (`service_write`): settled, and the customer's part paid.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "hand_over", store = actor.store_id.0, actor = actor.user_id.0, repair_order = id))]
pub fn hand_over(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let s = load(c, actor, id, version)?;
        let status = s.next(Command::HandOver)?;
        let change = storage::service::Change { status: Some(status), closed_on: Some(today), ..Default::default() };
        let row = storage::service::update(c, &s.order, &change, now)?;
        raise(app, c, now, By::Staff(actor), Event::RepairOrderHandedOver { repair_order: &row })?;
        log(
            c,
            now,
            actor,
            &row,
            (Action::RepairOrderHandedOver, "handed_over"),
            "",
            Changes::new().created("closed_on", today),
        )?;
        let s = State::of(c, row)?;
        view(c, actor, s, today)
    })
}

/// Cancels repair order `id` with its reason (`service_write`): only before any work started.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "cancel", store = actor.store_id.0, actor = actor.user_id.0, repair_order = id))]
pub fn cancel(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let s = load(c, actor, id, version)?;
        let status = s.next(Command::Cancel)?;
        let change = storage::service::Change {
            status: Some(status),
            closed_on: Some(today),
            cancel_reason: Some(reason.clone()),
            ..Default::default()
        };
        let row = storage::service::update(c, &s.order, &change, now)?;
        raise(app, c, now, By::Staff(actor), Event::RepairOrderCancelled { repair_order: &row })?;
        log(
            c,
            now,
            actor,
            &row,
            (Action::RepairOrderCancelled, "cancelled"),
            &reason,
            Changes::new().created("reason", &reason),
        )?;
        let s = State::of(c, row)?;
        view(c, actor, s, today)
    })
}
