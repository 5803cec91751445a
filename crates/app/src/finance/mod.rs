//! The money and papers of a sale: the contract and its e-signature, payments and receipts,
//! refunds and the outcome of a cancellation, the vehicle sales invoice, and finance's
//! workspace. The order's facts "contract signed", "money received" and "paid in full" follow
//! from these documents ([`sync`]) and from nothing else.

pub mod bills;
pub mod buyer;
pub mod contracts;
pub mod invoices;
pub mod loan_products;
pub mod payments;
pub mod refunds;
mod render;
pub mod signing;
pub mod template;
mod views;
pub mod workspace;

pub use views::{Balance, Contract, Invoice, OrderMoney, Payment, Refund, SigningContact, VehiclePapers};

use crate::kernel::events::{By, Event as EventOf, Kind, Listener, Raised, raise};
use crate::kernel::idempotency::Key;
use crate::{AppError, AppResult};
use chrono::NaiveDateTime;
use domain::Money;
use domain::billing::Document;
use domain::finance::{Ledger, PaymentKind, PaymentStatus, RefundKind, RefundStatus};
use domain::org::Actor;
use domain::sales::Terms;
use storage::DbConnection;
use storage::sales::OrderRow;

/// The sales order a payment, refund or invoice of this module is for: its papers and rules are a
/// sale's. Money for other documents goes through the same tables under their own kind.
pub(crate) fn order_of(d: domain::billing::Document) -> AppResult<i64> {
    d.sales_order_id().ok_or_else(|| AppError::internal(format!("{} {} is not a sales order", d.kind, d.id)))
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

/// The loan an order expects: the total less the down payment, for loan purchases.
fn loan_of(row: &OrderRow) -> AppResult<Money> {
    let terms: Terms = serde_json::from_str(&row.terms).map_err(AppError::internal)?;
    Ok(match terms.loan {
        Some(l) if terms.payment == domain::sales::PaymentMethod::Loan => {
            Money::from_fen((row.total_fen - l.down_payment.fen()).max(0))
        }
        _ => Money::ZERO,
    })
}

/// The order's ledger from its confirmed payments and paid refunds.
pub(crate) fn ledger(c: &mut DbConnection, row: &OrderRow) -> AppResult<Ledger> {
    let mut l = Ledger { price: Money::from_fen(row.total_fen), loan: loan_of(row)?, ..Ledger::default() };
    for p in storage::finance::payments::of_document(c, Document::sales_order(row.id))? {
        if p.status != PaymentStatus::Confirmed {
            continue;
        }
        let sum = if p.kind == PaymentKind::Loan { &mut l.disbursed } else { &mut l.received };
        *sum = Money::from_fen(sum.fen() + p.amount_fen);
    }
    for r in storage::finance::refunds::of_document(c, Document::sales_order(row.id))? {
        if r.status == RefundStatus::Paid && r.kind == RefundKind::Refund {
            l.refunded = Money::from_fen(l.refunded.fen() + r.amount_fen);
        }
    }
    Ok(l)
}

/// Writes the order's contract and money facts as its documents give them, in the caller's
/// transaction; the order's status follows.
pub(crate) fn sync(
    app: &crate::App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order_id: i64,
    note: &str,
) -> AppResult<OrderRow> {
    let row = storage::sales::get(c, order_id)?;
    // A supplement waiting for signatures does not undo the signed version in force.
    let signed = storage::finance::contracts::in_force(c, order_id)?.is_some();
    let l = ledger(c, &row)?;
    let standing = EventOf::MoneyStanding {
        order: &row,
        contract_signed: signed,
        money_received: l.money_received(),
        paid_in_full: l.paid_in_full(),
        note,
    };
    raise(app, c, now, By::Staff(actor), standing)?;
    Ok(storage::sales::get(c, order_id)?)
}

/// Puts a step of one of the order's documents (generated, signed, invoice prepared...) on the
/// order's timeline, by whoever made it.
pub(crate) fn document(
    app: &crate::App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    by: By<'_>,
    order: &OrderRow,
    step: &'static str,
    note: &str,
) -> AppResult<()> {
    raise(app, c, now, by, EventOf::OrderDocument { order, step, note })
}

/// Tells the store's finance users that change order `change_no` is in force: the new total, the
/// invoice reversed for them to issue again, the refund requested or the balance now due.
pub(crate) fn changed(
    app: &crate::App,
    c: &mut DbConnection,
    row: &OrderRow,
    change_no: &str,
    difference: Money,
    reversed: Option<String>,
    refund: Option<Money>,
) -> AppResult<()> {
    let h = storage::sales::header_by_key(c, row.id)?;
    let key = if refund.is_some() {
        "mail-change-in-force-refund"
    } else if difference.fen() > 0 {
        "mail-change-in-force-due"
    } else {
        "mail-change-in-force"
    };
    let notice = crate::kernel::notify::Notice::new(key)
        .arg("order", &row.order_no)
        .arg("customer", h.customer_name)
        .arg("change", change_no)
        .arg("total", Money::from_fen(row.total_fen))
        .arg("difference", difference)
        .arg("invoice", reversed.unwrap_or_else(|| "—".to_string()))
        .arg("refund", refund.map(|m| m.to_string()).unwrap_or_default())
        .arg("link", format!("{}/orders/{}", app.messages.public_url, row.id));
    tell_finance(app, c, row.store_id, &notice)
}

/// Sends `notice` to the store's active finance users, each in their language (outbox, in the
/// caller's transaction).
fn tell_finance(
    app: &crate::App,
    c: &mut DbConnection,
    store_id: i64,
    notice: &crate::kernel::notify::Notice,
) -> AppResult<()> {
    for u in storage::users::with_role(c, store_id, domain::rbac::Role::Finance.code())? {
        crate::kernel::notify::to_staff(app, c, &u, notice)?;
    }
    Ok(())
}

/// Records in the audit log that `actor` downloaded `document` of an order, a file with the
/// buyer's personal data (PIPL: who saw it, when).
fn downloaded(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order_id: i64,
    store_id: i64,
    document: &str,
) -> AppResult<()> {
    use crate::kernel::audit::{Action, Changes, Record};
    let changes = Changes::new().created("document", document);
    crate::kernel::audit::record(
        c,
        now,
        actor,
        Record { action: Action::DocumentDownloaded, entity_id: order_id, store_id: Some(store_id), changes },
    )
}

/// The order as `actor` may see it, for the documents' use cases.
fn order(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<OrderRow> {
    crate::kernel::scope::order(c, actor, id)
}

/// The order as `actor` may see it, locked until the write commits: the money writes of one
/// order run one at a time, so that each one's checks (the balance, the money held, the
/// contract's state) see what the previous one committed.
fn order_locked(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<OrderRow> {
    storage::sales::lock(c, id)?;
    order(c, actor, id)
}

/// Where a create stands after [`Key::begin`].
pub(crate) enum Create {
    /// A retry: the record the first request made.
    Made(i64),
    /// A new request on this order, on this day of its store.
    Fresh(Box<OrderRow>, chrono::NaiveDate),
}

/// The opening of a create on an order with idempotency `key`: the order (in the actor's
/// scope), then the record this key made before, or else the store's date today.
pub(crate) fn begin(
    key: &Key<'_>,
    c: &mut DbConnection,
    actor: &Actor,
    order_id: i64,
    now: NaiveDateTime,
) -> AppResult<Create> {
    let row = order_locked(c, actor, order_id)?;
    if let Some(id) = key.existing(c, actor)? {
        return Ok(Create::Made(id));
    }
    let (today, _) = crate::kernel::calendar::store_day(c, now, row.store_id)?;
    Ok(Create::Fresh(Box::new(row), today))
}

/// Finance's part of a customer's erasure: the signing contacts of their orders go; contracts,
/// receipts and invoices stay as the law requires.
const ERASER: crate::kernel::erasure::Eraser = crate::kernel::erasure::Eraser {
    name: "finance.signing_contacts",
    holds: crate::kernel::erasure::never_holds,
    erase: erase_contacts,
};

fn erase_contacts(c: &mut DbConnection, e: &crate::kernel::erasure::Erasure<'_>) -> AppResult<()> {
    let whole_store = storage::scope::Visibility::whole_store(e.customer.store_id);
    let ids: Vec<i64> =
        storage::sales::orders_of_customer(c, &whole_store, e.customer.id)?.iter().map(|o| o.id).collect();
    Ok(storage::finance::contracts::erase_contacts(c, &ids)?)
}

/// What finance adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "finance",
    listeners: LISTENERS,
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[],
    permissions: &[
        domain::rbac::Permission::SigningContactChange,
        domain::rbac::Permission::SaleDocuments,
        domain::rbac::Permission::ContractSign,
        domain::rbac::Permission::ContractTemplateManage,
        domain::rbac::Permission::PaymentRegister,
        domain::rbac::Permission::PaymentConfirm,
        domain::rbac::Permission::RefundApprove,
        domain::rbac::Permission::InvoiceManage,
        domain::rbac::Permission::FinanceRead,
        domain::rbac::Permission::LoanProductManage,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::ContractTemplateUpdated,
        crate::kernel::audit::Action::ContractGenerated,
        crate::kernel::audit::Action::ContractSignedByCustomer,
        crate::kernel::audit::Action::ContractCountersigned,
        crate::kernel::audit::Action::ContractUnlocked,
        crate::kernel::audit::Action::SigningContactChanged,
        crate::kernel::audit::Action::PaymentRegistered,
        crate::kernel::audit::Action::PaymentConfirmed,
        crate::kernel::audit::Action::PaymentRejected,
        crate::kernel::audit::Action::RefundRequested,
        crate::kernel::audit::Action::RefundApproved,
        crate::kernel::audit::Action::RefundRejected,
        crate::kernel::audit::Action::RefundPaid,
        crate::kernel::audit::Action::InvoicePrepared,
        crate::kernel::audit::Action::InvoiceReversed,
        crate::kernel::audit::Action::LoanProductCreated,
        crate::kernel::audit::Action::LoanProductUpdated,
        crate::kernel::audit::Action::RepairOrderPaymentRegistered,
        crate::kernel::audit::Action::RepairOrderPaymentConfirmed,
        crate::kernel::audit::Action::RepairOrderPaymentRejected,
    ],
    erasers: &[ERASER],
    staff_notices: &[
        "mail-customer-signed",
        "mail-contract-signed",
        "mail-change-in-force",
        "mail-change-in-force-due",
        "mail-change-in-force-refund",
        "mail-payment-confirmed",
    ],
};

const LISTENERS: &[Listener] = &[
    Listener { name: "finance.terms_changed", hears: &[Kind::OrderTermsChanged], on: on_order, prepare: None },
    Listener { name: "finance.order_confirmed", hears: &[Kind::OrderConfirmed], on: on_order, prepare: None },
    Listener { name: "finance.order_cancelled", hears: &[Kind::OrderCancelled], on: on_order, prepare: None },
    Listener {
        name: "finance.change_approved",
        hears: &[Kind::ChangeApproved],
        on: on_order,
        prepare: Some(contracts::draw_supplement),
    },
    Listener { name: "finance.change_in_force", hears: &[Kind::ChangeInForce], on: on_order, prepare: None },
];

/// What finance does when the order's facts change: the documents of old terms stop holding,
/// the confirmed contact becomes the signing contact, a cancellation's money is settled, a change
/// order gets its supplement and, in force, its invoice and refund.
fn on_order(r: &Raised<'_>, c: &mut DbConnection, event: &EventOf<'_>) -> AppResult<()> {
    match *event {
        EventOf::OrderTermsChanged { order } => contracts::supersede(r.app, c, r.now, r.by.staff()?, order).map(|_| ()),
        EventOf::OrderConfirmed { order, customer } => {
            signing::fix_contact_in(c, r.now, order, customer, None, "").map(|_| ())
        }
        EventOf::OrderCancelled { order, breach, reason } => {
            refunds::on_cancel(c, r.now, r.by.staff()?, order, breach, reason).map(|_| ())
        }
        EventOf::ChangeApproved { order, .. } => contracts::supplement_for(r, c, order),
        EventOf::ChangeInForce { order, change_no, difference } => {
            let actor = r.by.staff()?;
            let reason = format!("变更单 {change_no} 生效，按变更后的合同重新开具");
            let reversed = invoices::reverse_for_change(r.app, c, r.now, actor, order, &reason)?;
            let refund = refunds::for_change(c, r.now, actor, order, &format!("变更单 {change_no} 价款差额退还"))?;
            changed(r.app, c, order, change_no, difference, reversed, refund)
        }
        _ => Ok(()),
    }
}
