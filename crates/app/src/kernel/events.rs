//! Events: the facts one capability owns and others act on (ARCHITECTURE.md, "Events").
//!
//! A capability raises an [`Event`] inside the transaction of the use case that made the fact;
//! every listener registered for it (`Capability::listeners`) runs in that same transaction, in the
//! order of the registry, and an error from any of them undoes the whole write. Work that may wait
//! (an e-mail, an SMS) goes through the outbox from the listener, in the same transaction too.
//! Heavy work (a PDF) stays out of the write: a listener that needs it declares `prepare`, which
//! the raiser runs on a read connection before its write ([`prepare`]); what it made reaches the
//! listener's `on` in the write ([`Raised::prepared`], [`raise_prepared`]).
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
    /// What this listener's `prepare` made before the write, if it has one.
    pub prepared: Option<&'a Prepared>,
}

/// What a listener prepares before the write: today a rendered document (the change order's
/// supplement) and its PDF.
pub enum Prepared {
    Document { doc: documents::contract::Contract, pdf: Vec<u8> },
}

/// What the listeners of one event prepared, by listener name.
#[derive(Default)]
pub struct Ready(Vec<(&'static str, Prepared)>);

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
    /// Delivery: a pre-delivery inspection of the order's car was recorded; `passed`: every item
    /// passed (a failure blocks the handover until a later inspection passes).
    PdiRecorded { order: &'a OrderRow, passed: bool, note: &'a str },
    /// Delivery: the handover to the buyer was completed on `on` (documents, keys, odometer and
    /// the buyer's signature recorded): the order is delivered and its car, `vehicle_id`, leaves
    /// the stock.
    Delivered { order: &'a OrderRow, vehicle_id: i64, on: chrono::NaiveDate, note: &'a str },
    /// Delivery: the handover was booked (`step`: `delivery_booked`) or moved (`delivery_moved`)
    /// for the day and time in `note`.
    DeliveryBooked { order: &'a OrderRow, step: &'static str, note: &'a str },
    /// Inventory: the order's vehicle was handed over to its buyer; the car is theirs from `on`.
    VehicleHandedOver {
        order: &'a OrderRow,
        vehicle: &'a storage::inventory::vehicles::VehicleRow,
        on: chrono::NaiveDate,
    },
    /// Finance: a payment against a billable document other than a sales order (a repair order)
    /// was confirmed with receipt `receipt`: `paid` in all so far.
    BillStanding { bill: &'a storage::billing::BillableRow, paid: Money, paid_in_full: bool, receipt: &'a str },
    /// After-sales: a repair order was settled; the customer's part is billed.
    RepairOrderSettled { repair_order: &'a storage::service::RepairOrderRow },
    /// After-sales: the customer approved part lines `parts` of the repair order: the parts
    /// store is to issue them.
    RepairPartsApproved {
        repair_order: &'a storage::service::RepairOrderRow,
        parts: &'a [storage::service::lines::PartRow],
    },
    /// After-sales: the repair order was cancelled; parts issued to it are to come back.
    RepairOrderCancelled { repair_order: &'a storage::service::RepairOrderRow },
    /// After-sales: the customer's car was handed back to them (a listener refuses while
    /// something of the store is still with the customer, a loaner car).
    RepairOrderHandedOver { repair_order: &'a storage::service::RepairOrderRow },
    /// Parts: `issued` pieces of the repair order's part line `repair_part_id` are now out of the
    /// store (after an issue, or 0 after a return), `note` naming part and warehouse.
    PartsIssued { repair_order_id: i64, repair_part_id: i64, issued: i32, note: &'a str },
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
    PdiRecorded,
    Delivered,
    DeliveryBooked,
    VehicleHandedOver,
    BillStanding,
    RepairOrderSettled,
    RepairPartsApproved,
    RepairOrderCancelled,
    RepairOrderHandedOver,
    PartsIssued,
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
        Kind::PdiRecorded,
        Kind::Delivered,
        Kind::DeliveryBooked,
        Kind::VehicleHandedOver,
        Kind::BillStanding,
        Kind::RepairOrderSettled,
        Kind::RepairPartsApproved,
        Kind::RepairOrderCancelled,
        Kind::RepairOrderHandedOver,
        Kind::PartsIssued,
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
            Event::PdiRecorded { .. } => Kind::PdiRecorded,
            Event::Delivered { .. } => Kind::Delivered,
            Event::DeliveryBooked { .. } => Kind::DeliveryBooked,
            Event::VehicleHandedOver { .. } => Kind::VehicleHandedOver,
            Event::BillStanding { .. } => Kind::BillStanding,
            Event::RepairOrderSettled { .. } => Kind::RepairOrderSettled,
            Event::RepairPartsApproved { .. } => Kind::RepairPartsApproved,
            Event::RepairOrderCancelled { .. } => Kind::RepairOrderCancelled,
            Event::RepairOrderHandedOver { .. } => Kind::RepairOrderHandedOver,
            Event::PartsIssued { .. } => Kind::PartsIssued,
        }
    }
}

/// What a listener does in the raiser's write.
pub type On = fn(&Raised<'_>, &mut DbConnection, &Event<'_>) -> AppResult<()>;
/// What a listener does before the raiser's write (heavy work, on a read connection).
pub type Prepare = fn(&Raised<'_>, &mut DbConnection, &Event<'_>) -> AppResult<Prepared>;

/// A capability's handler of the events it hears.
pub struct Listener {
    /// `capability.purpose`, unique in the registry.
    pub name: &'static str,
    pub hears: &'static [Kind],
    pub on: On,
    /// Heavy work before the write, on a read connection (see the module's text).
    pub prepare: Option<Prepare>,
}

fn hearing<'a>(app: &'a App, event: &Event<'_>) -> impl Iterator<Item = &'a Listener> + use<'a> {
    let kind = event.kind();
    app.capabilities.iter().flat_map(|k| k.listeners).filter(move |l| l.hears.contains(&kind))
}

/// Runs the `prepare` of every listener of `event`, before the raiser's write (on `c`, a read
/// connection); hand the result to [`raise_prepared`].
pub fn prepare(app: &App, c: &mut DbConnection, now: NaiveDateTime, by: By<'_>, event: Event<'_>) -> AppResult<Ready> {
    let raised = Raised { app, now, by, prepared: None };
    let mut ready = Vec::new();
    for listener in hearing(app, &event) {
        if let Some(prepare) = listener.prepare {
            ready.push((listener.name, prepare(&raised, c, &event)?));
        }
    }
    Ok(Ready(ready))
}

/// Hands `event` to every registered listener that hears it, in the caller's transaction.
pub fn raise(app: &App, c: &mut DbConnection, now: NaiveDateTime, by: By<'_>, event: Event<'_>) -> AppResult<()> {
    raise_prepared(app, c, now, by, event, &Ready::default())
}

/// [`raise`], each listener given what its `prepare` made before the write.
pub fn raise_prepared(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    by: By<'_>,
    event: Event<'_>,
    ready: &Ready,
) -> AppResult<()> {
    for listener in hearing(app, &event) {
        let prepared = ready.0.iter().find(|(name, _)| *name == listener.name).map(|(_, p)| p);
        if listener.prepare.is_some() && prepared.is_none() {
            return Err(AppError::internal(format!("{} was not prepared before the write", listener.name)));
        }
        (listener.on)(&Raised { app, now, by, prepared }, c, &event)?;
    }
    Ok(())
}
