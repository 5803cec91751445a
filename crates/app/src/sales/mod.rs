//! Sales orders: created from a customer in a minute, confirmed by the customer through a signed
//! link, approved at the levels the rules require, every step on the order's timeline and in the
//! audit log, in the same transaction as the change and its outgoing messages.

pub mod change;
mod customer;
mod edit;
mod facts;
mod input;
mod link;
mod queues;
mod round;
pub mod rules;
pub mod stages;
mod view;
mod views;
mod workflow;

pub use crate::kernel::links::link_token;
pub use change::{ChangeLine, ChangeOrder, PendingChange};
pub use customer::timeline_of_customer;
pub use edit::{copy, create, preview, update};
pub(crate) use facts::{set_delivery_facts, set_money_facts, set_vehicle_fact};
pub use input::{OrderInput, Priced};
pub use link::{
    CustomerLink, CustomerOrder, by_link, customer_confirm, customer_link, customer_request_change, link_of,
    resend_link,
};
pub use queues::{Queue, QueueView, filter_of as queue_filter, queues};
pub use round::NextApproval;
/// The list's filter and sort.
pub use storage::sales::{OrderFilter, OrderSort};
pub use view::{OrderListRow, OrderView, StatusCount, export, get, inbox, inbox_ids, input_of, list, numbers, team_of};
pub use views::{ApprovalLevel, ApprovalRule, Brief, Order, OrderItem, Reply, TimelineEvent};
pub use workflow::{approve, cancel, close, mark_lost, reject, submit};

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By as EventBy, Event as EventOf, Kind, Listener, Raised};
use crate::{AppError, AppResult};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::sales::{Party, Status};
use storage::DbConnection;
use storage::sales::OrderRow;

/// A refused transition: a missing reason is the form's to fix (422); every other rule is the
/// order's state (409, the code naming the rule).
fn transition_error(e: domain::sales::TransitionError) -> AppError {
    match e {
        domain::sales::TransitionError::ReasonRequired => AppError::field("reason", e.code()),
        other => refused(other.code()),
    }
}

/// Sales' part of a customer's erasure: it holds while an order is under way; the customer's
/// name in the records of what they did on their link is replaced.
const ERASER: crate::kernel::erasure::Eraser =
    crate::kernel::erasure::Eraser { name: "sales.orders", holds: orders_under_way, erase: erase_link_actor };

fn orders_of(c: &mut DbConnection, e: &crate::kernel::erasure::Erasure<'_>) -> AppResult<Vec<OrderRow>> {
    let whole_store = storage::scope::Visibility::whole_store(e.customer.store_id);
    Ok(storage::sales::orders_of_customer(c, &whole_store, e.customer.id)?)
}

fn orders_under_way(c: &mut DbConnection, e: &crate::kernel::erasure::Erasure<'_>) -> AppResult<Option<&'static str>> {
    use domain::sales::Status;
    let finished = [Status::Delivered, Status::Closed, Status::Cancelled, Status::Lost];
    let open = orders_of(c, e)?.iter().any(|o| !finished.contains(&o.status));
    Ok(open.then_some("customer-order-under-way"))
}

fn erase_link_actor(c: &mut DbConnection, e: &crate::kernel::erasure::Erasure<'_>) -> AppResult<()> {
    let ids: Vec<i64> = orders_of(c, e)?.iter().map(|o| o.id).collect();
    storage::audit::rename_customer_actor(c, e.customer.store_id, &ids, &e.customer.name, e.placeholder)?;
    Ok(())
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

pub(crate) use crate::kernel::calendar::store_day;

/// The order as `actor` may see it; `NotFound` outside the data scope.
pub(crate) use crate::kernel::scope::order as load;

/// Who did a step of an order's timeline, and when: a staff member, or the customer by their link.
struct Author<'a> {
    at: NaiveDateTime,
    user: Option<i64>,
    name: &'a str,
}

impl<'a> Author<'a> {
    fn staff(at: NaiveDateTime, actor: &'a Actor) -> Self {
        Self { at, user: Some(actor.user_id.0), name: &actor.display_name }
    }

    fn customer(at: NaiveDateTime, name: &'a str) -> Self {
        Self { at, user: None, name }
    }
}

fn event(
    c: &mut DbConnection,
    by: Author<'_>,
    row: &OrderRow,
    from: Option<Status>,
    action: &str,
    note: Option<&str>,
) -> AppResult<()> {
    stages::record(c, row, from, action, by.at)?;
    let from = from.map(Status::code);
    storage::sales::insert_event(c, row.id, by.at, by.user, by.name, action, from, row.status.code(), note)?;
    Ok(())
}

fn audit_of(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    action: Action,
    row: &OrderRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(c, now, actor, Record { action, entity_id: row.id, store_id: Some(row.store_id), changes })
}

fn party(c: &mut DbConnection, actor: &Actor, row: &OrderRow) -> AppResult<Party> {
    Ok(storage::sales::requesters_of(c, row)?.party(actor.user_id))
}

/// Puts a document's step (contract generated, signed…) on the order's timeline, by staff.
pub(crate) fn timeline(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    action: &str,
    note: Option<&str>,
) -> AppResult<()> {
    event(c, Author::staff(now, actor), row, None, action, note)
}

/// What sales adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "sales",
    listeners: LISTENERS,
    timeline: &[customer::timeline_of_customer],
    vehicle_notes: &[],
    jobs: &[crate::kernel::registry::Job { name: "sales.stage_limits", every_secs: 300, run: stages::remind }],
    permissions: &[
        domain::rbac::Permission::OrderRead,
        domain::rbac::Permission::OrderWrite,
        domain::rbac::Permission::OrderApprove,
        domain::rbac::Permission::ApprovalRulesManage,
        domain::rbac::Permission::StageLimitsManage,
        domain::rbac::Permission::PricingView,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::OrderCreated,
        crate::kernel::audit::Action::OrderUpdated,
        crate::kernel::audit::Action::ChangeOrderRequested,
        crate::kernel::audit::Action::ChangeOrderApproved,
        crate::kernel::audit::Action::ChangeOrderRejected,
        crate::kernel::audit::Action::ChangeOrderWithdrawn,
        crate::kernel::audit::Action::ChangeOrderInForce,
        crate::kernel::audit::Action::OrderTransition,
        crate::kernel::audit::Action::OrderLinkSent,
        crate::kernel::audit::Action::OrderFacts,
        crate::kernel::audit::Action::OrderConfirmedByCustomer,
        crate::kernel::audit::Action::OrderChangeRequested,
        crate::kernel::audit::Action::OrdersExported,
        crate::kernel::audit::Action::ApprovalRuleCreated,
        crate::kernel::audit::Action::ApprovalRuleUpdated,
        crate::kernel::audit::Action::StageLimitsSet,
    ],
    erasers: &[ERASER],
    staff_notices: &[
        "mail-approval",
        "mail-approved",
        "mail-rejected",
        "mail-change",
        "mail-order-confirmed",
        "mail-stage-overdue",
        "mail-stage-escalated",
        "mail-vehicle-arrived",
    ],
};

const LISTENERS: &[Listener] = &[
    Listener {
        name: "sales.document",
        hears: &[Kind::OrderDocument, Kind::DeliveryBooked],
        on: on_fact,
        prepare: None,
    },
    Listener { name: "sales.money", hears: &[Kind::MoneyStanding], on: on_fact, prepare: None },
    Listener { name: "sales.vehicle", hears: &[Kind::VehicleStanding], on: on_fact, prepare: None },
    Listener { name: "sales.countersigned", hears: &[Kind::ContractCountersigned], on: on_fact, prepare: None },
    Listener { name: "sales.delivery", hears: &[Kind::PdiRecorded, Kind::Delivered], on: on_fact, prepare: None },
];

/// What the order learns from finance and inventory: each document on its timeline, the contract
/// and money facts as the documents give them, where its vehicle stands, and a countersigned
/// supplement's new terms.
fn on_fact(r: &Raised<'_>, c: &mut DbConnection, event: &EventOf<'_>) -> AppResult<()> {
    match *event {
        EventOf::OrderDocument { order, step, note } | EventOf::DeliveryBooked { order, step, note } => {
            let author = match r.by {
                EventBy::Staff(actor) => Author::staff(r.now, actor),
                EventBy::Customer(name) => Author::customer(r.now, name),
            };
            self::event(c, author, order, None, step, Some(note))
        }
        EventOf::MoneyStanding { order, contract_signed, money_received, paid_in_full, note } => {
            let money = (contract_signed, money_received, paid_in_full);
            set_money_facts(c, r.now, r.by.staff()?, order, money, note).map(|_| ())
        }
        EventOf::VehicleStanding { order, fact, note } => {
            let after = set_vehicle_fact(c, r.now, r.by.staff()?, order, fact, note)?;
            if after.status == Status::Arrived && order.status != Status::Arrived {
                let keys = ("mail-customer-vehicle-arrived", "mail-vehicle-arrived");
                crate::kernel::notify::to_buyer_and_owner(r.app, c, &after, keys, &[])?;
            }
            Ok(())
        }
        EventOf::PdiRecorded { order, passed, note } => {
            set_delivery_facts(c, r.now, r.by.staff()?, order, (passed, order.delivered), note).map(|_| ())
        }
        EventOf::Delivered { order, note, .. } => {
            set_delivery_facts(c, r.now, r.by.staff()?, order, (true, true), note).map(|_| ())
        }
        EventOf::ContractCountersigned { contract_id, .. } => {
            change::on_countersigned(r.app, c, r.now, r.by.staff()?, contract_id)
        }
        _ => Ok(()),
    }
}
