//! Facts other modules record about an order.
//!
//! The contract and money facts ("contract signed", "money received", "paid in full") follow from
//! the finance documents only (`finance::sync`, through [`set_money_facts`]); the vehicle and
//! delivery facts are recorded by logistics and delivery through [`record_facts`].

use super::{Author, Brief, audit_of, event, load, transition_error};
use crate::kernel::audit::{Action, Changes};
use crate::{App, AppResult, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::{Facts, VehicleFact};
use storage::DbConnection;
use storage::sales::{OrderFacts, OrderRow};

/// What logistics and delivery report: where the vehicle is, and the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VehicleFacts {
    pub vehicle: VehicleFact,
    pub ready_for_delivery: bool,
    pub delivered: bool,
}

/// Records the delivery facts of the order (PDI done, handed over) as reported until the
/// delivery module records them: `order_facts_record`. The vehicle fact is the inventory's
/// (`set_vehicle_fact`): a report that changes it is refused. The contract and money facts are
/// kept as the documents say.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "record_facts", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn record_facts(app: &App, actor: &Actor, id: i64, vehicle: VehicleFacts, note: &str) -> AppResult<Brief> {
    let now = app.now();
    require(actor, Permission::OrderFactsRecord)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let stage = row.stage()?;
        if stage.is_terminal() {
            return Err(transition_error(domain::sales::TransitionError::Finished));
        }
        // Where the car is comes from its vehicle (allocation, shipments, the gate), never
        // from a report.
        if vehicle.vehicle != row.facts().vehicle {
            return Err(crate::AppError::Conflict(crate::Conflict::Refused {
                code: "order-vehicle-fact-from-inventory",
            }));
        }
        let facts = Facts {
            vehicle: vehicle.vehicle,
            ready_for_delivery: vehicle.ready_for_delivery,
            delivered: vehicle.delivered,
            ..row.facts()
        };
        Ok(Brief::of(&write_facts(c, now, actor, &row, &facts, note)?))
    })
}

/// The contract and money facts as the finance documents give them, written when they differ
/// (also on an ended order: a refund paid after a cancellation). Inside the caller's
/// transaction, which has checked its own permission.
pub(crate) fn set_money_facts(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    money: (bool, bool, bool),
    note: &str,
) -> AppResult<OrderRow> {
    let (contract_signed, money_received, paid_in_full) = money;
    let facts = Facts { contract_signed, money_received, paid_in_full, ..row.facts() };
    if facts == row.facts() {
        return Ok(row.clone());
    }
    write_facts(c, now, actor, row, &facts, note)
}

/// The vehicle fact as inventory's documents give it (allocated, in transit, arrived...),
/// written when it differs. Inside the caller's transaction, which has checked its own
/// permission and the order's stage.
pub(crate) fn set_vehicle_fact(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    vehicle: VehicleFact,
    note: &str,
) -> AppResult<OrderRow> {
    let facts = Facts { vehicle, ..row.facts() };
    if facts == row.facts() {
        return Ok(row.clone());
    }
    write_facts(c, now, actor, row, &facts, note)
}

fn write_facts(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    facts: &Facts,
    note: &str,
) -> AppResult<OrderRow> {
    let stage = row.stage()?;
    let after = storage::sales::set_facts(c, row, row.version, &OrderFacts::of(stage, facts), now)?;
    if after.status != row.status {
        event(c, Author::staff(now, actor), &after, Some(row.status), "facts", Some(note))?;
    }
    let before = row.facts();
    audit_of(
        c,
        now,
        actor,
        Action::OrderFacts,
        &after,
        Changes::new()
            .field("status", row.status.code(), after.status.code())
            .field("contract_signed", before.contract_signed, facts.contract_signed)
            .field("money_received", before.money_received, facts.money_received)
            .field("paid_in_full", before.paid_in_full, facts.paid_in_full)
            .field("vehicle_fact", before.vehicle.code(), facts.vehicle.code())
            .created("note", note),
    )?;
    Ok(after)
}
