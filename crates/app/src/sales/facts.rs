//! Facts other modules record about an order.
//!
//! The contract and money facts ("contract signed", "money received", "paid in full") follow from
//! the finance documents only (`finance::sync`, through [`set_money_facts`]); the vehicle fact
//! from inventory's documents ([`set_vehicle_fact`]); "ready for delivery" and "delivered" from
//! delivery's checklists ([`set_delivery_facts`]). Each arrives as an event.

use super::{Author, audit_of, event};
use crate::AppResult;
use crate::kernel::audit::{Action, Changes};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::sales::{Facts, VehicleFact};
use storage::DbConnection;
use storage::sales::{OrderFacts, OrderRow};

/// The delivery facts as delivery's checklists give them: the last PDI passed, the car handed
/// over. Inside the caller's transaction, which has checked its own permission and the order.
pub(crate) fn set_delivery_facts(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    delivery: (bool, bool),
    note: &str,
) -> AppResult<OrderRow> {
    let (ready_for_delivery, delivered) = delivery;
    let facts = Facts { ready_for_delivery, delivered, ..row.facts() };
    if facts == row.facts() {
        return Ok(row.clone());
    }
    write_facts(c, now, actor, row, &facts, note)
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
    // A car released, or not at the store any more, takes its PDI with it: the next car needs
    // its own before the order is ready again.
    let at_store = matches!(vehicle, VehicleFact::Allocated | VehicleFact::Arrived);
    let ready_for_delivery = row.facts().ready_for_delivery && at_store;
    let facts = Facts { vehicle, ready_for_delivery, ..row.facts() };
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
            .field("ready_for_delivery", before.ready_for_delivery, facts.ready_for_delivery)
            .field("delivered", before.delivered, facts.delivered)
            .created("note", note),
    )?;
    Ok(after)
}
