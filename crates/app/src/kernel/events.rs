//! Events: the facts one capability owns and others act on (ARCHITECTURE.md, "Events").
//!
//! A capability raises an [`Event`] inside the transaction of the use case that made the fact;
//! every listener registered for it (`Capability::listeners`) runs in that same transaction, in the
//! order of the registry, and an error from any of them undoes the whole write. Work that may wait
//! (an e-mail, an SMS) goes through the outbox from the listener, in the same transaction too.
//! No capability calls another's use cases: sales learns of money from finance's events and of
//! vehicles from inventory's; finance learns of orders from sales's.

use super::App;
use crate::{AppError, AppResult};
use chrono::NaiveDateTime;
use domain::Money;
use domain::finance::Breach;
use domain::org::Actor;
use domain::sales::VehicleFact;
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::sales::OrderRow;

/// Who made the fact: a staff member, or the customer through their link.
#[derive(Clone, Copy)]
pub enum By<'a> {
    Staff(&'a Actor),
    Customer(&'a str),
}

impl<'a> By<'a> {
    /// The staff member, for a listener whose write only staff can cause.
    pub fn staff(self) -> AppResult<&'a Actor> {
        match self {
            By::Staff(a) => Ok(a),
            By::Customer(_) => Err(AppError::internal("a staff fact raised by a customer")),
        }
    }
}

/// What a listener is given besides the event: the application, the time of the write and who
/// made it.
#[derive(Clone, Copy)]
pub struct Raised<'a> {
    pub app: &'a App,
    pub now: NaiveDateTime,
    pub by: By<'a>,
}

/// A fact, named by the capability that owns it.
#[derive(Clone, Copy)]
pub enum Event<'a> {
    /// Sales: an order was created, from lead `lead_id` when the form named one.
    OrderCreated { order: &'a OrderRow, lead_id: Option<i64> },
    /// Sales: the customer confirmed the order through their link; their contact details now
    /// are the ones every document is sent to.
    OrderConfirmed { order: &'a OrderRow, customer: &'a CustomerRow },
    /// Sales: the order's terms changed before a contract was signed: the documents of the old
    /// terms no longer hold.
    OrderTermsChanged { order: &'a OrderRow },
    /// Sales: the order was cancelled; `breach` names who ended the deal, where money was held.
    OrderCancelled { order: &'a OrderRow, breach: Option<Breach>, reason: &'a str },
    /// Sales: the last approval of change order `change_id`: its supplement, for the `proposed`
    /// terms, is due.
    ChangeApproved { order: &'a OrderRow, proposed: &'a OrderRow, items: &'a [storage::sales::ItemRow], change_id: i64 },
    /// Sales: change order `change_no` took effect; the order (as `order`) has its new terms,
    /// `difference` more (or less) than before.
    ChangeInForce { order: &'a OrderRow, change_no: &'a str, difference: Money },
    /// Finance: the store countersigned contract version `contract_id` of the order.
    ContractCountersigned { order: &'a OrderRow, contract_id: i64 },
    /// Finance: a document of the order was made or changed (`step`: `contract_generated`,
    /// `contract_signed_by_customer`, `invoice_prepared`, ...), with its number or reason.
    OrderDocument { order: &'a OrderRow, step: &'static str, note: &'a str },
    /// Finance: what the order's documents now say of its contract and money.
    MoneyStanding {
        order: &'a OrderRow,
        contract_signed: bool,
        money_received: bool,
        paid_in_full: bool,
        note: &'a str,
    },
    /// Inventory: where the order's vehicle now stands (allocated, ordered, in transit, arrived),
    /// `note` naming the VIN or document.
    VehicleStanding { order: &'a OrderRow, fact: VehicleFact, note: &'a str },
}

/// The kinds of [`Event`], for listeners to say what they hear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    OrderCreated,
    OrderConfirmed,
    OrderTermsChanged,
    OrderCancelled,
    ChangeApproved,
    ChangeInForce,
    ContractCountersigned,
    OrderDocument,
    MoneyStanding,
    VehicleStanding,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::OrderCreated,
        Kind::OrderConfirmed,
        Kind::OrderTermsChanged,
        Kind::OrderCancelled,
        Kind::ChangeApproved,
        Kind::ChangeInForce,
        Kind::ContractCountersigned,
        Kind::OrderDocument,
        Kind::MoneyStanding,
        Kind::VehicleStanding,
    ];
}

impl Event<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Event::OrderCreated { .. } => Kind::OrderCreated,
            Event::OrderConfirmed { .. } => Kind::OrderConfirmed,
            Event::OrderTermsChanged { .. } => Kind::OrderTermsChanged,
            Event::OrderCancelled { .. } => Kind::OrderCancelled,
            Event::ChangeApproved { .. } => Kind::ChangeApproved,
            Event::ChangeInForce { .. } => Kind::ChangeInForce,
            Event::ContractCountersigned { .. } => Kind::ContractCountersigned,
            Event::OrderDocument { .. } => Kind::OrderDocument,
            Event::MoneyStanding { .. } => Kind::MoneyStanding,
            Event::VehicleStanding { .. } => Kind::VehicleStanding,
        }
    }
}

/// A capability's handler of the events it hears.
pub struct Listener {
    /// `capability.purpose`, unique in the registry.
    pub name: &'static str,
    pub hears: &'static [Kind],
    pub on: fn(&Raised<'_>, &mut DbConnection, &Event<'_>) -> AppResult<()>,
}

/// Hands `event` to every registered listener that hears it, in the caller's transaction.
pub fn raise(app: &App, c: &mut DbConnection, now: NaiveDateTime, by: By<'_>, event: Event<'_>) -> AppResult<()> {
    let kind = event.kind();
    let raised = Raised { app, now, by };
    for listener in app.capabilities.iter().flat_map(|k| k.listeners) {
        if listener.hears.contains(&kind) {
            (listener.on)(&raised, c, &event)?;
        }
    }
    Ok(())
}
