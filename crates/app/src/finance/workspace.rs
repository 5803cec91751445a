//! Finance's workspace: payments to confirm, balances outstanding by age, the day's receipts by
//! method (the daily cash report), refunds to approve and to pay, invoices to prepare; and an
//! order's money for its page.

use super::{Balance, Contract, Invoice, OrderMoney, Payment, Refund, order};
use crate::{App, AppResult, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::billing::Document;
use domain::finance::{ContractStatus, Method, PaymentKind, PaymentStatus, RefundStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Stage;
use storage::finance::payments::PaymentFilter;
use storage::finance::queues::Due;

/// Everything about the order's money and papers, and what the reader may do with them.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<OrderMoney> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let row = order(c, actor, order_id)?;
        let l = super::ledger(c, &row)?;
        let payments = storage::finance::payments::of_document(c, Document::sales_order(order_id))?;
        let refunds = storage::finance::refunds::of_document(c, Document::sales_order(order_id))?;
        let contracts = storage::finance::contracts::of_order(c, order_id)?;
        let invoices = storage::finance::invoices::of_document(c, Document::sales_order(order_id))?;
        let earnest = storage::finance::payments::earnest_held(c, Document::sales_order(order_id))?;
        let pending = payments.iter().filter(|p| p.status == PaymentStatus::Registered).map(|p| p.amount_fen).sum();
        let stage = row.stage()?;
        // The version the buyer works on (a supplement waiting beside a signed one), and the one in
        // force: the order's "contract signed".
        let current = contracts.iter().find(|k| k.status != ContractStatus::Superseded);
        let signed = contracts.iter().any(|k| k.status == ContractStatus::Signed);
        let mut actions = Vec::new();
        let can = |p: Permission| actor.can(p);
        if can(Permission::ContractSign) && stage == Stage::Approved && !signed {
            actions.push("generate_contract");
        }
        if can(Permission::ContractSign) && current.is_some_and(|k| k.status == ContractStatus::AwaitingCountersign) {
            actions.push("countersign");
        }
        let awaiting_buyer = current.filter(|k| k.status == ContractStatus::AwaitingCustomer);
        if let Some(k) = awaiting_buyer
            && can(Permission::ContractSign)
            && storage::finance::contracts::code(c, k.id)?
                .is_some_and(|s| s.attempts >= domain::finance::contract::CODE_ATTEMPTS)
        {
            actions.push("unlock_contract");
        }
        if can(Permission::SigningContactChange)
            && !stage.is_terminal()
            && !signed
            && !storage::sales::requesters_of(c, &row)?.includes(actor.user_id)
        {
            actions.push("change_signing_contact");
        }
        if can(Permission::PaymentRegister) && !stage.is_terminal() && l.balance().fen() > 0 {
            actions.push("register_payment");
        }
        if can(Permission::PaymentConfirm) && payments.iter().any(|p| p.status == PaymentStatus::Registered) {
            actions.push("confirm_payment");
        }
        if can(Permission::RefundApprove)
            && refunds.iter().any(|r| r.status == RefundStatus::Requested && r.requested_by != actor.user_id.0)
        {
            actions.push("approve_refund");
        }
        if can(Permission::RefundApprove) && refunds.iter().any(|r| r.status == RefundStatus::Approved) {
            actions.push("pay_refund");
        }
        if can(Permission::RefundApprove) && l.money_received() && !stage.is_terminal() {
            actions.push("request_refund");
        }
        let invoiced = invoices.iter().any(|i| i.status == domain::finance::contract::InvoiceStatus::Valid);
        let vehicle = storage::inventory::vehicles::of_order(c, order_id)?;
        if can(Permission::InvoiceManage) && row.facts().paid_in_full && signed && vehicle.is_some() && !invoiced {
            actions.push("prepare_invoice");
        }
        if can(Permission::InvoiceManage) && invoiced {
            actions.push("reverse_invoice");
        }
        let purchase_tax_fen =
            match invoices.iter().find(|i| i.status == domain::finance::contract::InvoiceStatus::Valid) {
                Some(i) => {
                    let (_, rule) = crate::kernel::tax::tax_of_day(c, i.invoice_date)?;
                    let nev = storage::catalogue::list_trims(c, actor.group_id.0, &[row.model_id])?
                        .into_iter()
                        .find(|t| t.id == row.trim_id)
                        .is_some_and(|t| t.nev_catalogue);
                    Some(domain::tax::purchase_tax(domain::Money::from_fen(i.net_fen), nev, &rule).fen())
                }
                None => None,
            };
        Ok(OrderMoney {
            purchase_tax_fen,
            balance: Balance::of(&l, earnest, pending),
            contracts: contracts.into_iter().map(Contract::from).collect(),
            payments: payments.into_iter().map(Payment::from).collect(),
            refunds: refunds.into_iter().map(Refund::from).collect(),
            invoices: invoices.into_iter().map(Invoice::from).collect(),
            actions: actions.into_iter().map(str::to_string).collect(),
            buyer_missing: {
                let b = storage::customers::get_visible(
                    c,
                    &storage::scope::Visibility::whole_store(row.store_id),
                    row.customer_id,
                )?;
                let id = if b.kind == domain::customer::CustomerKind::Company {
                    b.credit_code.is_some()
                } else {
                    b.id_number_enc.is_some()
                };
                let address = b.address.as_deref().is_some_and(|a| !a.trim().is_empty());
                [(!id).then_some("id_number"), (!address).then_some("address")]
                    .into_iter()
                    .flatten()
                    .map(str::to_string)
                    .collect()
            },
            signing_contact: storage::finance::contracts::contact(c, order_id)?.map(|k| super::SigningContact {
                mobile: (!k.mobile.is_empty()).then(|| domain::ident::mobile_mask::mask_mobile(&k.mobile)),
                email: k.email.as_deref().map(crate::kernel::notify::mask_email),
                fixed_at: k.fixed_at,
                changed: k.fixed_by.is_some(),
            }),
            vehicle_papers: vehicle.map(|v| super::VehiclePapers {
                vin: v.vin,
                engine_no: v.engine_no,
                certificate_no: v.certificate_no,
            }),
        })
    })
}

/// A payment in a finance list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PaymentLine {
    pub payment: Payment,
    pub order_no: String,
    pub customer_name: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PaymentQuery {
    /// registered | confirmed | rejected
    pub status: Option<String>,
    pub method: Option<String>,
    pub kind: Option<String>,
    /// Decided on this day (store time), for the day's receipts.
    pub day: Option<NaiveDate>,
    /// Order number or customer name.
    pub q: Option<String>,
}

fn day_bounds(
    c: &mut storage::DbConnection,
    store_id: i64,
    day: NaiveDate,
) -> AppResult<(NaiveDateTime, NaiveDateTime)> {
    let tz = crate::kernel::calendar::zone(c, store_id)?;
    let start = |d| crate::kernel::calendar::day_start(tz, d);
    Ok((start(day), start(day.succ_opt().unwrap_or(day))))
}

/// Payments of the orders the actor sees (`finance_read`), oldest first.
pub fn payments(app: &App, actor: &Actor, q: &PaymentQuery, page: PageRequest) -> AppResult<Page<PaymentLine>> {
    use domain::Code;
    require(actor, Permission::FinanceRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let mut f = PaymentFilter {
            status: q.status.as_deref().and_then(PaymentStatus::from_code),
            method: q.method.as_deref().and_then(Method::from_code),
            kind: q.kind.as_deref().and_then(PaymentKind::from_code),
            search: q.q.clone(),
            ..PaymentFilter::default()
        };
        if let Some(day) = q.day {
            let (from, before) = day_bounds(c, actor.store_id.0, day)?;
            f.decided_from = Some(from);
            f.decided_before = Some(before);
        }
        let (rows, total) = storage::finance::payments::list(c, &vis, &f, page.per_page, page.offset())?;
        let items = rows
            .into_iter()
            .map(|r| PaymentLine { payment: r.payment.into(), order_no: r.number, customer_name: r.customer_name })
            .collect();
        Ok(Page { items, total, page: page.page, per_page: page.per_page })
    })
}

/// The day's confirmed receipts by method (the daily cash report).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DailyReport {
    pub day: NaiveDate,
    pub store_name: String,
    pub by_method: Vec<MethodTotal>,
    pub total_fen: i64,
    pub count: i64,
    pub payments: Vec<PaymentLine>,
    /// Refunds paid that day.
    pub refunds_paid_fen: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct MethodTotal {
    #[schema(value_type = String)]
    pub method: Method,
    pub count: i64,
    pub total_fen: i64,
}

pub fn daily(app: &App, actor: &Actor, day: NaiveDate) -> AppResult<DailyReport> {
    require(actor, Permission::FinanceRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let (from, before) = day_bounds(c, actor.store_id.0, day)?;
        let f = PaymentFilter {
            status: Some(PaymentStatus::Confirmed),
            decided_from: Some(from),
            decided_before: Some(before),
            ..PaymentFilter::default()
        };
        let (rows, _) = storage::finance::payments::list(c, &vis, &f, 10_000, 0)?;
        let mut by_method: Vec<MethodTotal> =
            Method::ALL.iter().map(|m| MethodTotal { method: *m, count: 0, total_fen: 0 }).collect();
        for r in &rows {
            if let Some(m) = by_method.iter_mut().find(|m| m.method == r.payment.method) {
                m.count += 1;
                m.total_fen += r.payment.amount_fen;
            }
        }
        let (refunds, _) = storage::finance::refunds::list(c, &vis, Some(RefundStatus::Paid), 10_000, 0)?;
        let refunds_paid_fen = refunds
            .iter()
            .filter(|r| r.refund.paid_at.is_some_and(|t| t >= from && t < before))
            .map(|r| r.refund.amount_fen)
            .sum();
        let store = storage::org::get_store(c, actor.store_id.0)?;
        Ok(DailyReport {
            day,
            store_name: store.name,
            total_fen: rows.iter().map(|r| r.payment.amount_fen).sum(),
            count: rows.len() as i64,
            by_method,
            payments: rows
                .into_iter()
                .map(|r| PaymentLine { payment: r.payment.into(), order_no: r.number, customer_name: r.customer_name })
                .collect(),
            refunds_paid_fen,
        })
    })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RefundLine {
    pub refund: Refund,
    pub order_no: String,
    pub customer_name: String,
}

/// Refunds of the orders the actor sees in a status (`finance_read`), oldest first.
pub fn refunds(
    app: &App,
    actor: &Actor,
    status: Option<RefundStatus>,
    page: PageRequest,
) -> AppResult<Page<RefundLine>> {
    require(actor, Permission::FinanceRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let (rows, total) = storage::finance::refunds::list(c, &vis, status, page.per_page, page.offset())?;
        let items = rows
            .into_iter()
            .map(|r| RefundLine { refund: r.refund.into(), order_no: r.number, customer_name: r.customer_name })
            .collect();
        Ok(Page { items, total, page: page.page, per_page: page.per_page })
    })
}

/// An order in the balances or to-invoice list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OrderDue {
    pub order_id: i64,
    pub order_no: String,
    pub customer_name: String,
    /// The order's status code (`approved`, `contract_signed`, ...).
    #[schema(value_type = String)]
    pub status: domain::sales::Status,
    pub total_fen: i64,
    pub balance_fen: i64,
    /// Days since the order was created.
    pub age_days: i64,
}

/// The filters of the balances and invoices lists.
#[derive(Debug, Clone, Default)]
pub struct DueQuery {
    /// Order number or customer name fragment.
    pub q: Option<String>,
    /// Only orders older than so many days.
    pub min_age_days: Option<i64>,
}

fn dues(app: &App, actor: &Actor, query: &DueQuery, page: PageRequest, due: Due) -> AppResult<Page<OrderDue>> {
    require(actor, Permission::FinanceRead)?;
    let now = app.now();
    let filter = storage::finance::queues::DueFilter {
        search: query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.chars().take(50).collect()),
        created_before: query.min_age_days.filter(|d| (1..=3650).contains(d)).map(|d| now - chrono::Duration::days(d)),
    };
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let (rows, total) = storage::finance::queues::dues(c, &vis, due, &filter, page.per_page, page.offset())?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let l = super::ledger(c, &r.order)?;
            items.push(OrderDue {
                order_id: r.order.id,
                order_no: r.order.order_no.clone(),
                customer_name: r.customer_name,
                status: r.order.status,
                total_fen: r.order.total_fen,
                balance_fen: l.balance().fen(),
                age_days: (now - r.order.created_at).num_days(),
            });
        }
        Ok(Page { items, total, page: page.page, per_page: page.per_page })
    })
}

/// Approved orders with a balance outstanding, oldest first.
pub fn balances(app: &App, actor: &Actor, query: &DueQuery, page: PageRequest) -> AppResult<Page<OrderDue>> {
    dues(app, actor, query, page, Due::Balance)
}

/// Orders paid in full with a vehicle and no valid invoice.
pub fn to_invoice(app: &App, actor: &Actor, query: &DueQuery, page: PageRequest) -> AppResult<Page<OrderDue>> {
    dues(app, actor, query, page, Due::Invoice)
}
