//! Money received against an order: registered by the advisor (what the customer says they paid)
//! or recorded by finance; only finance's confirmation makes it count. Each confirmed payment
//! has a receipt numbered per store and day.

use super::{Payment, order_locked, refused, sync};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::billing::Document;
use domain::calendar::{Outside, Window};
use domain::error::ErrorCode;
use domain::finance::payment::{Decision, PaymentError, decide, max_loan};
use domain::finance::{Method, PaymentKind, PaymentStatus, split_earnest};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::tax::Rate;
use domain::{Code, FieldErrors, Money};
use storage::DbConnection;
use storage::finance::payments::{self as rows, NewPayment, PaymentRow};
use storage::sales::OrderRow;

/// A payment as typed: codes and an amount in fen (the pages convert yuan).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PaymentInput {
    /// earnest (定金) | intent (订金) | progress | down_payment | balance | loan
    pub kind: String,
    /// cash | bank_transfer | card | wechat_pay | alipay
    pub method: String,
    pub amount_fen: Option<i64>,
    /// The bank serial, POS voucher or merchant order number; required but for cash.
    #[serde(default)]
    pub reference: String,
    /// The day the money came in (default: today).
    pub paid_on: Option<NaiveDate>,
    /// The lender's product, for a loan disbursement.
    pub loan_product_id: Option<i64>,
    #[serde(default)]
    pub note: String,
}

struct Parsed {
    kind: PaymentKind,
    method: Method,
    amount: Money,
    reference: Option<String>,
    paid_on: NaiveDate,
    note: String,
}

/// `window`: the days the money may have come in, from the order's day to today.
fn parse(input: &PaymentInput, window: Window) -> Result<Parsed, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = PaymentKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "payment-kind-unknown");
    }
    let method = Method::from_code(input.method.trim());
    if method.is_none() {
        e.add("method", "payment-method-unknown");
    }
    match input.amount_fen {
        None => e.add("amount_fen", "required"),
        Some(f) if f <= 0 => e.add("amount_fen", PaymentError::NotPositive.code()),
        Some(f) if f > 100_000_000_000 => e.add("amount_fen", "money-range"),
        Some(_) => {}
    }
    let reference = e.check("reference", domain::text::optional(&input.reference, 64)).flatten();
    if reference.is_none() && method.is_some_and(Method::needs_reference) {
        e.add("reference", PaymentError::ReferenceRequired.code());
    }
    let paid_on = input.paid_on.unwrap_or(window.last);
    match window.check(paid_on) {
        Err(Outside::Before) => e.add("paid_on", "payment-date-before-order"),
        Err(Outside::After) => e.add("paid_on", "payment-date-future"),
        Ok(_) => {}
    }
    let note = e.check("note", domain::text::optional(&input.note, 500)).flatten().unwrap_or_default();
    e.into_result()?;
    Ok(Parsed {
        kind: kind.unwrap_or(PaymentKind::Intent),
        method: method.unwrap_or(Method::Cash),
        amount: Money::from_fen(input.amount_fen.unwrap_or(0)),
        reference,
        paid_on,
        note,
    })
}

/// Sums of the order's payments that still count or may: confirmed and waiting.
struct Open {
    /// Registered, not yet decided, by the customer / by the lender.
    pending_customer: i64,
    pending_loan: i64,
    /// 定金 (legal part) confirmed: only confirmed money takes room under the 20 % cap.
    earnest: i64,
}

fn open(c: &mut DbConnection, order_id: i64) -> AppResult<Open> {
    let mut o = Open { pending_customer: 0, pending_loan: 0, earnest: 0 };
    for p in rows::of_document(c, Document::sales_order(order_id))? {
        if p.status == PaymentStatus::Confirmed {
            o.earnest += p.earnest_fen;
        }
        if p.status == PaymentStatus::Registered {
            if p.kind == PaymentKind::Loan {
                o.pending_loan += p.amount_fen;
            } else {
                o.pending_customer += p.amount_fen;
            }
        }
    }
    Ok(o)
}

/// Refuses a payment the order cannot take: an ended order, an amount past what is due (with
/// the payments already waiting), a disbursement on a purchase without a loan or past the
/// product's loan-to-value.
fn check_room(
    c: &mut DbConnection,
    row: &OrderRow,
    kind: PaymentKind,
    amount: Money,
    loan_product_id: Option<i64>,
    waiting: (i64, i64),
) -> AppResult<()> {
    if row.stage()?.is_terminal() {
        return Err(refused(PaymentError::OrderNotPayable.code()));
    }
    let l = super::ledger(c, row)?;
    let (pending_customer, pending_loan) = waiting;
    if kind == PaymentKind::Loan {
        if l.loan.fen() == 0 {
            return Err(AppError::field("kind", PaymentError::NotALoan.code()));
        }
        let product = loan_product_id
            .map(|id| storage::finance::loan_products::get(c, id))
            .transpose()?
            .flatten()
            .filter(|p| p.active)
            .ok_or_else(|| AppError::field("loan_product_id", "payment-loan-product"))?;
        let ltv = Rate::bp(u32::try_from(product.max_ltv_bp).unwrap_or(0));
        if l.loan > max_loan(l.price, ltv) {
            return Err(AppError::field("loan_product_id", PaymentError::OverLoanToValue.code()));
        }
        if amount.fen() > l.loan_due().fen() - pending_loan {
            return Err(AppError::field("amount_fen", PaymentError::OverBalance.code()));
        }
    } else if amount.fen() > l.customer_due().fen() - pending_customer {
        return Err(AppError::field("amount_fen", PaymentError::OverBalance.code()));
    }
    Ok(())
}

fn audit_payment(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    action: Action,
    p: &PaymentRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action,
            entity_id: super::order_of(p.document())?,
            store_id: Some(p.store_id),
            changes: changes
                .created("payment_id", p.id)
                .created("payment_kind", p.kind.code())
                .created("amount_fen", p.amount_fen),
        },
    )
}

/// Registers a payment against the order (`payment_register`). Finance's own record is
/// confirmed at once, with its receipt; an advisor's waits for finance.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "register_payment", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn register(
    app: &App,
    actor: &Actor,
    order_id: i64,
    input: &PaymentInput,
    key: Option<&str>,
) -> AppResult<Payment> {
    let now = app.now();
    require(actor, Permission::PaymentRegister)?;
    let key = crate::kernel::idempotency::Key::new(key, "payment", &(order_id, input))?;
    app.db.write(|c| {
        let (row, today) = match super::begin(&key, c, actor, order_id, now)? {
            super::Create::Made(id) => return Ok(rows::get(c, id)?.into()),
            super::Create::Fresh(row, today) => (*row, today),
        };
        let ordered_on = crate::kernel::calendar::day(c, row.created_at, row.store_id)?;
        let p = parse(input, Window::since(ordered_on, today))?;
        if let Some(r) = &p.reference
            && rows::reference_taken(c, row.store_id, r)?
        {
            return Err(AppError::field("reference", PaymentError::DuplicateReference.code()));
        }
        let o = open(c, order_id)?;
        check_room(c, &row, p.kind, p.amount, input.loan_product_id, (o.pending_customer, o.pending_loan))?;
        // Provisional until finance confirms: the split is made again then.
        let earnest = earnest_part(p.kind, p.amount, &row, Money::from_fen(o.earnest));
        let id = rows::insert(
            c,
            &NewPayment {
                store_id: row.store_id,
                document: Document::sales_order(order_id),
                kind: p.kind,
                method: p.method,
                amount_fen: p.amount.fen(),
                earnest_fen: earnest.fen(),
                reference: p.reference.as_deref(),
                loan_product_id: input.loan_product_id.filter(|_| p.kind == PaymentKind::Loan),
                paid_on: p.paid_on,
                note: &p.note,
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
        audit_payment(
            c,
            now,
            actor,
            Action::PaymentRegistered,
            &row,
            Changes::new()
                .created("method", p.method.code())
                .created_if("reference", p.reference.as_deref())
                .created("earnest_fen", earnest.fen()),
        )?;
        if actor.can(Permission::PaymentConfirm) {
            return confirm_row(app, c, now, actor, &row);
        }
        Ok(row.into())
    })
}

/// The part of a payment that is legally 定金, beside `confirmed` 定金 already on the order.
fn earnest_part(kind: PaymentKind, amount: Money, order: &OrderRow, confirmed: Money) -> Money {
    if kind == PaymentKind::Earnest {
        split_earnest(amount, Money::from_fen(order.total_fen), confirmed).0
    } else {
        Money::ZERO
    }
}

fn confirm_row(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    p: &PaymentRow,
) -> AppResult<Payment> {
    let order = storage::sales::get(c, super::order_of(p.document())?)?;
    // Confirming counts the money: it must still fit (other payments may have come first).
    let o = open(c, super::order_of(p.document())?)?;
    let (mut pc, mut pl) = (o.pending_customer, o.pending_loan);
    if p.kind == PaymentKind::Loan {
        pl -= p.amount_fen
    } else {
        pc -= p.amount_fen
    }
    check_room(c, &order, p.kind, Money::from_fen(p.amount_fen), p.loan_product_id, (pc, pl))?;
    // The 定金 part is what fits under the cap beside the 定金 confirmed so far (DOMAIN.md §3).
    let earnest = earnest_part(p.kind, Money::from_fen(p.amount_fen), &order, Money::from_fen(o.earnest));
    let (day, store) = crate::kernel::calendar::store_day(c, now, p.store_id)?;
    let stamp = day.format("%Y%m%d").to_string();
    let seq = rows::next_receipt_seq(c, p.store_id, &stamp)?;
    let receipt_no = format!("{}-SK{stamp}-{seq:04}", store.code);
    rows::confirm(c, p, actor.user_id.0, &receipt_no, earnest.fen(), now)?;
    let after = rows::get(c, p.id)?;
    audit_payment(c, now, actor, Action::PaymentConfirmed, &after, Changes::new().created("receipt_no", &receipt_no))?;
    sync(app, c, now, actor, super::order_of(p.document())?, &receipt_no)?;
    let args = [("amount", Money::from_fen(p.amount_fen).to_string()), ("receipt", receipt_no.clone())];
    let keys = ("mail-customer-payment-confirmed", "mail-payment-confirmed");
    crate::kernel::notify::to_buyer_and_owner(app, c, &order, keys, &args)?;
    Ok(after.into())
}

/// A payment whose order `actor` may see (locked: read again once the order is).
fn visible_payment(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<PaymentRow> {
    let document = rows::get(c, id)?.document();
    match document.sales_order_id() {
        Some(order_id) => {
            require(actor, Permission::OrderRead)?;
            order_locked(c, actor, order_id)?;
        }
        None => {
            super::bills::visible(c, actor, document)?;
            storage::billing::lock(c, document)?;
        }
    }
    Ok(rows::get(c, id)?)
}

/// Finance confirms a registered payment (`payment_confirm`): the money counts from now, and the
/// receipt gets its number.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "confirm_payment", store = actor.store_id.0, actor = actor.user_id.0, payment = id))]
pub fn confirm(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<Payment> {
    let now = app.now();
    require(actor, Permission::PaymentConfirm)?;
    app.db.write(|c| {
        let p = visible_payment(c, actor, id)?;
        decide(p.status, Decision::Confirm).map_err(|e| refused(e.code()))?;
        if p.version != version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        if p.document().sales_order_id().is_none() {
            let bill = super::bills::visible(c, actor, p.document())?;
            return super::bills::confirm_row(app, c, now, actor, &bill, &p).map(Payment::from);
        }
        confirm_row(app, c, now, actor, &p)
    })
}

/// Finance rejects a registered payment that did not arrive (`payment_confirm`), with a reason.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "reject_payment", store = actor.store_id.0, actor = actor.user_id.0, payment = id))]
pub fn reject(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<Payment> {
    let now = app.now();
    require(actor, Permission::PaymentConfirm)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let p = visible_payment(c, actor, id)?;
        decide(p.status, Decision::Reject).map_err(|e| refused(e.code()))?;
        if p.version != version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        if p.document().sales_order_id().is_none() {
            return super::bills::reject_row(c, now, actor, &p, &reason).map(Payment::from);
        }
        reject_in(c, now, actor, &p, &reason).map(Payment::from)
    })
}

/// Rejects a registered payment with its reason and audit record, in the caller's transaction
/// (finance's decision, or the cancellation of its order).
pub(crate) fn reject_in(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    p: &PaymentRow,
    reason: &str,
) -> AppResult<PaymentRow> {
    rows::reject(c, p, actor.user_id.0, reason, now)?;
    let after = rows::get(c, p.id)?;
    audit_payment(c, now, actor, Action::PaymentRejected, &after, Changes::new().created("reason", reason))?;
    Ok(after)
}

/// A payment of a document the actor sees (a sales order with `order_read`).
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Payment> {
    app.db.read(|c| visible_payment(c, actor, id).map(Payment::from))
}

/// The receipt of a confirmed payment, as a PDF (rendered from the stored data, off the async
/// threads by the caller).
pub fn receipt_pdf(app: &App, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
    let doc = app.db.read(|c| {
        let p = visible_payment(c, actor, id)?;
        if p.status != PaymentStatus::Confirmed {
            return Err(refused("payment-no-receipt"));
        }
        super::render::receipt(app, c, &p)
    })?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    Ok((doc.number, pdf))
}
