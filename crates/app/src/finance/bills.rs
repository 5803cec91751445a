//! Money for a billable document other than a sales order (a repair order today): the customer
//! pays the billed amount at the cashier. Finance's confirmation counts it, numbers the receipt
//! and tells the document's owner through `BillStanding`; the amount billed is the owner's
//! registration (`billables`), never more.

use super::Payment;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::billing::{Document, DocumentKind};
use domain::error::ErrorCode;
use domain::finance::payment::PaymentError;
use domain::finance::{Method, PaymentKind, PaymentStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, FieldErrors, Money};
use storage::DbConnection;
use storage::billing::BillableRow;
use storage::finance::payments::{self as rows, NewPayment, PaymentRow};

/// A payment at the cashier, as typed.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct BillPaymentInput {
    /// cash | bank_transfer | card | wechat_pay | alipay
    pub method: String,
    pub amount_fen: Option<i64>,
    /// The bank serial, POS voucher or merchant order number; required but for cash.
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub note: String,
}

/// The document as its owner registered it, if the actor may see it.
pub(crate) fn visible(c: &mut DbConnection, actor: &Actor, document: Document) -> AppResult<BillableRow> {
    if document.kind == DocumentKind::SalesOrder {
        return Err(AppError::NotFound);
    }
    let bill = storage::billing::get(c, document).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    let vis = crate::kernel::scope::visibility(c, actor)?;
    if !vis.allows(domain::ids::StoreId(bill.store_id), domain::ids::UserId(bill.owner_id)) {
        return Err(AppError::NotFound);
    }
    Ok(bill)
}

/// (confirmed, waiting) payments against the document, in fen.
fn sums(c: &mut DbConnection, document: Document) -> AppResult<(i64, i64)> {
    let mut out = (0, 0);
    for p in rows::of_document(c, document)? {
        match p.status {
            PaymentStatus::Confirmed => out.0 += p.amount_fen,
            PaymentStatus::Registered => out.1 += p.amount_fen,
            _ => {}
        }
    }
    Ok(out)
}

/// The audit action of a payment's step on a document of `kind`.
fn action(kind: DocumentKind, status: PaymentStatus) -> AppResult<Action> {
    match (kind, status) {
        (DocumentKind::RepairOrder, PaymentStatus::Registered) => Ok(Action::RepairOrderPaymentRegistered),
        (DocumentKind::RepairOrder, PaymentStatus::Confirmed) => Ok(Action::RepairOrderPaymentConfirmed),
        (DocumentKind::RepairOrder, _) => Ok(Action::RepairOrderPaymentRejected),
        (DocumentKind::SalesOrder, _) => Err(AppError::internal("a sales order's payment in the bills")),
    }
}

fn audit_payment(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    p: &PaymentRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action: action(p.document_kind, p.status)?,
            entity_id: p.document_id,
            store_id: Some(p.store_id),
            changes: changes.created("payment_id", p.id).created("amount_fen", p.amount_fen),
        },
    )
}

/// Registers what the customer paid against `document` (`payment_register`, within the reader's
/// scope): at most what is still due. The cashier's own record (`payment_confirm`) is confirmed at
/// once, with its receipt.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "register_bill_payment", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn register(
    app: &App,
    actor: &Actor,
    document: Document,
    input: &BillPaymentInput,
    key: Option<&str>,
) -> AppResult<Payment> {
    let now = app.now();
    require(actor, Permission::PaymentRegister)?;
    let key = crate::kernel::idempotency::Key::new(key, "bill_payment", &(document.kind.code(), document.id, input))?;
    let mut e = FieldErrors::new();
    let method = Method::from_code(input.method.trim());
    if method.is_none() {
        e.add("method", "payment-method-unknown");
    }
    match input.amount_fen {
        None => e.add("amount_fen", "required"),
        Some(f) if f <= 0 => e.add("amount_fen", PaymentError::NotPositive.code()),
        Some(_) => {}
    }
    let reference = e.check("reference", domain::text::optional(&input.reference, 64)).flatten();
    if reference.is_none() && method.is_some_and(Method::needs_reference) {
        e.add("reference", PaymentError::ReferenceRequired.code());
    }
    let note = e.check("note", domain::text::optional(&input.note, 500)).flatten().unwrap_or_default();
    e.into_result()?;
    let (method, amount) = (method.expect("checked"), input.amount_fen.expect("checked"));
    app.db.write(|c| {
        let bill = visible(c, actor, document)?;
        storage::billing::lock(c, document)?;
        if let Some(id) = key.existing(c, actor)? {
            return Ok(rows::get(c, id)?.into());
        }
        let (confirmed, waiting) = sums(c, document)?;
        if amount > bill.amount_fen - confirmed - waiting {
            return Err(AppError::field("amount_fen", PaymentError::OverBalance.code()));
        }
        if let Some(r) = &reference
            && rows::reference_taken(c, bill.store_id, r)?
        {
            return Err(AppError::field("reference", PaymentError::DuplicateReference.code()));
        }
        let today = crate::kernel::calendar::day(c, now, bill.store_id)?;
        let id = rows::insert(
            c,
            &NewPayment {
                store_id: bill.store_id,
                document,
                kind: PaymentKind::Balance,
                method,
                amount_fen: amount,
                earnest_fen: 0,
                reference: reference.as_deref(),
                loan_product_id: None,
                paid_on: today,
                note: &note,
                registered_by: actor.user_id.0,
                now,
            },
        )
        .map_err(|e| match e {
            storage::StorageError::Duplicate(_) => {
                AppError::field("reference", PaymentError::DuplicateReference.code())
            }
            other => other.into(),
        })?;
        key.remember(c, actor, id, now)?;
        let row = rows::get(c, id)?;
        audit_payment(c, now, actor, &row, Changes::new().created("method", method.code()))?;
        if actor.can(Permission::PaymentConfirm) {
            return confirm_row(app, c, now, actor, &bill, &row).map(Payment::from);
        }
        Ok(row.into())
    })
}

/// Confirms a registered payment against a billable document: the receipt is numbered, and the
/// document's owner hears how much is paid.
pub(crate) fn confirm_row(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    bill: &BillableRow,
    p: &PaymentRow,
) -> AppResult<PaymentRow> {
    let (confirmed, _) = sums(c, bill.document())?;
    if confirmed + p.amount_fen > bill.amount_fen {
        return Err(AppError::field("amount_fen", PaymentError::OverBalance.code()));
    }
    let (day, store) = crate::kernel::calendar::store_day(c, now, p.store_id)?;
    let stamp = day.format("%Y%m%d").to_string();
    let seq = rows::next_receipt_seq(c, p.store_id, &stamp)?;
    let receipt_no = format!("{}-SK{stamp}-{seq:04}", store.code);
    rows::confirm(c, p, actor.user_id.0, &receipt_no, 0, now)?;
    let after = rows::get(c, p.id)?;
    audit_payment(c, now, actor, &after, Changes::new().created("receipt_no", &receipt_no))?;
    let paid = Money::from_fen(confirmed + p.amount_fen);
    let standing =
        Event::BillStanding { bill, paid, paid_in_full: paid.fen() >= bill.amount_fen, receipt: &receipt_no };
    raise(app, c, now, By::Staff(actor), standing)?;
    Ok(after)
}

/// Rejects a registered payment against a billable document that did not arrive, with a reason.
pub(crate) fn reject_row(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    p: &PaymentRow,
    reason: &str,
) -> AppResult<PaymentRow> {
    rows::reject(c, p, actor.user_id.0, reason, now)?;
    let after = rows::get(c, p.id)?;
    audit_payment(c, now, actor, &after, Changes::new().created("reason", reason))?;
    Ok(after)
}
