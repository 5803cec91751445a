//! The finance API: an order's money and papers, contracts (generate, PDF, signing status,
//! countersign, verify), payments, refunds, invoices, finance's lists and the daily report, the
//! store's contract template. Creates take `Idempotency-Key`.

mod contracts;

pub use contracts::*;

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{
    ApiNeed, ContractTemplateManage, FinanceRead, InvoiceManage, LoanProductManage, OrderRead, PaymentConfirm,
    PaymentRegister, RefundApprove, SaleDocuments,
};
use app::PageRequest;
use app::finance::invoices::InvoiceInput;
use app::finance::loan_products::{LoanProduct, LoanProductInput};
use app::finance::payments::PaymentInput;
use app::finance::template::Template as ContractTemplate;
use app::finance::workspace::{DailyReport, PaymentLine, PaymentQuery, RefundLine};
use app::finance::{Invoice, OrderMoney, Payment, Refund};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    money,
    contract_create,
    contract_get,
    contract_pdf,
    contract_verify,
    countersign,
    contract_unlock,
    signing_contact,
    payment_create,
    payment_confirm,
    payment_reject,
    receipt,
    payments,
    refund_create,
    refund_approve,
    refund_reject,
    refund_pay,
    refunds,
    invoice_create,
    invoice_reverse,
    invoice_pdf,
    daily,
    template_get,
    template_put,
    loan_products,
    loan_product_create,
    loan_product_update
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/money", get(money))
        .route("/orders/{id}/contracts", post(contract_create))
        .route("/orders/{id}/payments", post(payment_create))
        .route("/orders/{id}/refunds", post(refund_create))
        .route("/orders/{id}/invoices", post(invoice_create))
        .route("/contracts/{id}", get(contract_get))
        .route("/contracts/{id}/pdf", get(contract_pdf))
        .route("/contracts/{id}/verify", get(contract_verify))
        .route("/contracts/{id}/countersign", post(countersign))
        .route("/contracts/{id}/unlock", post(contract_unlock))
        .route("/orders/{id}/signing-contact", post(signing_contact))
        .route("/payments", get(payments))
        .route("/payments/{id}/confirm", post(payment_confirm))
        .route("/payments/{id}/reject", post(payment_reject))
        .route("/payments/{id}/receipt", get(receipt))
        .route("/refunds", get(refunds))
        .route("/refunds/{id}/approve", post(refund_approve))
        .route("/refunds/{id}/reject", post(refund_reject))
        .route("/refunds/{id}/pay", post(refund_pay))
        .route("/invoices/{id}/reverse", post(invoice_reverse))
        .route("/invoices/{id}/pdf", get(invoice_pdf))
        .route("/finance/daily", get(daily))
        .route("/contract-template", get(template_get).put(template_put))
        .route("/loan-products", get(loan_products).post(loan_product_create))
        .route("/loan-products/{id}", put(loan_product_update))
}

/// An order's balance, contract versions, payments, refunds and invoices, and what the caller
/// may do with them.
#[utoipa::path(get, path = "/api/v1/orders/{id}/money", tag = "finance", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderMoney), (status = 404, body = ApiErrorBody)))]
pub async fn money(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<OrderMoney>, WebError> {
    Ok(Json(state.run(move |app| app::finance::workspace::of_order(app, &actor, id)).await?))
}

/// Registers money received against the order. Finance's record is confirmed at once (with its
/// receipt); others wait for finance. 定金 over 20 % of the price is kept as an ordinary
/// prepayment; a payment past the balance or with a reference already recorded is refused.
#[utoipa::path(post, path = "/api/v1/orders/{id}/payments", tag = "finance", security(("bearer" = ["payment_register"])), params(("id" = i64, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = PaymentInput,
    responses((status = 201, body = Payment), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn payment_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PaymentRegister>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PaymentInput>,
) -> Result<(StatusCode, Json<Payment>), WebError> {
    let key = super::idempotency_key(&headers);
    let p = state.run(move |app| app::finance::payments::register(app, &actor, id, &body, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Decision {
    /// The record's version as read.
    version: i64,
    /// Why (reject, reverse).
    reason: String,
}

/// Finance confirms a registered payment: it counts from now and gets its receipt number.
#[utoipa::path(post, path = "/api/v1/payments/{id}/confirm", tag = "finance", security(("bearer" = ["payment_confirm"])), params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Payment), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn payment_confirm(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PaymentConfirm>,
    Id(id): Id,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<Payment>, WebError> {
    Ok(Json(state.run(move |app| app::finance::payments::confirm(app, &actor, id, d.version)).await?))
}

/// Finance returns a registered payment that did not arrive, with a reason.
#[utoipa::path(post, path = "/api/v1/payments/{id}/reject", tag = "finance", security(("bearer" = ["payment_confirm"])), params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Payment), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn payment_reject(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PaymentConfirm>,
    Id(id): Id,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<Payment>, WebError> {
    Ok(Json(state.run(move |app| app::finance::payments::reject(app, &actor, id, d.version, &d.reason)).await?))
}

/// The receipt of a confirmed payment, as PDF.
#[utoipa::path(get, path = "/api/v1/payments/{id}/receipt", tag = "finance", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, description = "the PDF", content_type = "application/pdf"), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let (no, bytes) = state.run(move |app| app::finance::payments::receipt_pdf(app, &actor, id)).await?;
    Ok(crate::html::finance_pdf(&format!("receipt-{no}.pdf"), bytes))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentParams {
    /// registered | confirmed | rejected
    status: Option<String>,
    /// cash | bank_transfer | card | wechat_pay | alipay
    method: Option<String>,
    /// earnest | intent | progress | down_payment | balance | loan
    kind: Option<String>,
    /// Decided on this day (store time), `YYYY-MM-DD`.
    day: Option<chrono::NaiveDate>,
    /// Order number or customer name.
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// Payments of the orders the caller sees, oldest first.
#[utoipa::path(get, path = "/api/v1/payments", tag = "finance", security(("bearer" = ["finance_read"])), params(PaymentParams),
    responses((status = 200, body = Paged<PaymentLine>), (status = 422, body = ApiErrorBody)))]
pub async fn payments(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<FinanceRead>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(p): ApiQuery<PaymentParams>,
) -> Result<Json<Paged<PaymentLine>>, WebError> {
    let page = PageRequest::new(p.page, p.per_page);
    let q = PaymentQuery { status: p.status, method: p.method, kind: p.kind, day: p.day, q: p.q };
    let result = state.run(move |app| app::finance::workspace::payments(app, &actor, &q, page)).await?;
    Ok(Json(Paged::of(result, &uri)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RefundBody {
    amount_fen: Option<i64>,
    reason: String,
}

/// Finance asks to pay money back on an order that continues, at most what is held and not yet
/// promised back; another finance user approves it.
#[utoipa::path(post, path = "/api/v1/orders/{id}/refunds", tag = "finance", security(("bearer" = ["refund_approve"])), params(("id" = i64, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = RefundBody,
    responses((status = 201, body = Refund), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn refund_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<RefundApprove>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(b): ApiJson<RefundBody>,
) -> Result<(StatusCode, Json<Refund>), WebError> {
    let key = super::idempotency_key(&headers);
    let r = state
        .run(move |app| app::finance::refunds::request_refund(app, &actor, id, b.amount_fen, &b.reason, key.as_deref()))
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Approves a refund request (never one's own).
#[utoipa::path(post, path = "/api/v1/refunds/{id}/approve", tag = "finance", security(("bearer" = ["refund_approve"])), params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Refund), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn refund_approve(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<RefundApprove>,
    Id(id): Id,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<Refund>, WebError> {
    Ok(Json(state.run(move |app| app::finance::refunds::approve(app, &actor, id, d.version)).await?))
}

/// Turns a refund request down with a reason (never one's own).
#[utoipa::path(post, path = "/api/v1/refunds/{id}/reject", tag = "finance", security(("bearer" = ["refund_approve"])), params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Refund), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn refund_reject(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<RefundApprove>,
    Id(id): Id,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<Refund>, WebError> {
    Ok(Json(state.run(move |app| app::finance::refunds::reject(app, &actor, id, d.version, &d.reason)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PaidBody {
    version: i64,
    /// cash | bank_transfer | card | wechat_pay | alipay
    method: String,
    /// The transfer's reference (required but for cash).
    reference: String,
}

/// Records that an approved refund was paid.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/pay", tag = "finance", security(("bearer" = ["refund_approve"])), params(("id" = i64, Path)), request_body = PaidBody,
    responses((status = 200, body = Refund), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn refund_pay(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<RefundApprove>,
    Id(id): Id,
    ApiJson(b): ApiJson<PaidBody>,
) -> Result<Json<Refund>, WebError> {
    Ok(Json(
        state
            .run(move |app| app::finance::refunds::mark_paid(app, &actor, id, b.version, &b.method, &b.reference))
            .await?,
    ))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RefundParams {
    /// requested | approved | paid | rejected
    status: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// Refunds of the orders the caller sees, oldest request first.
#[utoipa::path(get, path = "/api/v1/refunds", tag = "finance", security(("bearer" = ["finance_read"])), params(RefundParams),
    responses((status = 200, body = Paged<RefundLine>), (status = 422, body = ApiErrorBody)))]
pub async fn refunds(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<FinanceRead>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(p): ApiQuery<RefundParams>,
) -> Result<Json<Paged<RefundLine>>, WebError> {
    use domain::Code;
    let page = PageRequest::new(p.page, p.per_page);
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            domain::finance::RefundStatus::from_code(s)
                .ok_or_else(|| app::AppError::field("status", "refund-status-unknown"))?,
        ),
    };
    let result = state.run(move |app| app::finance::workspace::refunds(app, &actor, status, page)).await?;
    Ok(Json(Paged::of(result, &uri)))
}

/// Prepares the vehicle sales invoice of an order paid in full with a vehicle allocated: the
/// VAT split of the invoice date, the code and number from the tax system. One vehicle, one
/// valid invoice.
#[utoipa::path(post, path = "/api/v1/orders/{id}/invoices", tag = "finance", security(("bearer" = ["invoice_manage"])), params(("id" = i64, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = InvoiceInput,
    responses((status = 201, body = Invoice), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn invoice_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<InvoiceManage>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(body): ApiJson<InvoiceInput>,
) -> Result<(StatusCode, Json<Invoice>), WebError> {
    let key = super::idempotency_key(&headers);
    let i = state.run(move |app| app::finance::invoices::prepare(app, &actor, id, &body, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// Voids a valid invoice by a red-letter reversal, with a reason.
#[utoipa::path(post, path = "/api/v1/invoices/{id}/reverse", tag = "finance", security(("bearer" = ["invoice_manage"])), params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Invoice), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn invoice_reverse(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<InvoiceManage>,
    Id(id): Id,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<Invoice>, WebError> {
    Ok(Json(state.run(move |app| app::finance::invoices::reverse(app, &actor, id, d.version, &d.reason)).await?))
}

/// The invoice's data laid out for checking, as PDF.
#[utoipa::path(get, path = "/api/v1/invoices/{id}/pdf", tag = "finance", security(("bearer" = ["sale_documents"])), params(("id" = i64, Path)),
    responses((status = 200, description = "the PDF", content_type = "application/pdf"), (status = 404, body = ApiErrorBody)))]
pub async fn invoice_pdf(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<SaleDocuments>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::invoices::pdf(app, &actor, id)).await?;
    Ok(crate::html::finance_pdf(&name, bytes))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DayParams {
    /// `YYYY-MM-DD` (default: today in the store).
    day: Option<chrono::NaiveDate>,
}

/// The day's confirmed receipts by method (the daily cash report).
#[utoipa::path(get, path = "/api/v1/finance/daily", tag = "finance", security(("bearer" = ["finance_read"])), params(DayParams),
    responses((status = 200, body = DailyReport), (status = 422, body = ApiErrorBody)))]
pub async fn daily(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<FinanceRead>,
    ApiQuery(p): ApiQuery<DayParams>,
) -> Result<Json<DailyReport>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                let day = match p.day {
                    Some(d) => d,
                    None => app::kernel::calendar::today(app, &actor)?,
                };
                app::finance::workspace::daily(app, &actor, day)
            })
            .await?,
    ))
}

/// The caller's store's contract template (the default until saved, version 0).
#[utoipa::path(get, path = "/api/v1/contract-template", tag = "finance", security(("bearer" = ["contract_template_manage"])),
    responses((status = 200, body = ContractTemplate)))]
pub async fn template_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ContractTemplateManage>,
) -> Result<Json<ContractTemplate>, WebError> {
    Ok(Json(state.run(move |app| app::finance::template::get(app, &actor)).await?))
}

/// Saves the store's contract template (`version` as read).
#[utoipa::path(put, path = "/api/v1/contract-template", tag = "finance", security(("bearer" = ["contract_template_manage"])), request_body = ContractTemplate,
    responses((status = 200, body = ContractTemplate), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn template_put(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ContractTemplateManage>,
    ApiJson(t): ApiJson<ContractTemplate>,
) -> Result<Json<ContractTemplate>, WebError> {
    Ok(Json(state.run(move |app| app::finance::template::save(app, &actor, &t)).await?))
}

/// Lenders' products a loan disbursement may name.
#[utoipa::path(get, path = "/api/v1/loan-products", tag = "finance", security(("bearer" = ["order_read"])),
    responses((status = 200, body = Paged<LoanProduct>)))]
pub async fn loan_products(
    State(state): State<AppState>,
    ApiNeed(_actor, _): ApiNeed<OrderRead>,
) -> Result<Json<Paged<LoanProduct>>, WebError> {
    Ok(Json(Paged::all(state.run(app::finance::loan_products::active).await?)))
}

/// A new loan product (group data: `loan_product_manage` with group scope).
#[utoipa::path(post, path = "/api/v1/loan-products", tag = "finance", security(("bearer" = ["loan_product_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = LoanProductInput,
    responses((status = 201, body = LoanProduct), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn loan_product_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LoanProductManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<LoanProductInput>,
) -> Result<(StatusCode, Json<LoanProduct>), WebError> {
    let key = super::idempotency_key(&headers);
    let p = state.run(move |app| app::finance::loan_products::create(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// A loan product's new terms, at the `version` read.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanProductEdit {
    version: i64,
    lender: String,
    name: String,
    max_ltv_bp: i64,
    max_months: i64,
    active: bool,
}

/// Edits a loan product (deactivate it with `active: false`; payments that named it keep it).
#[utoipa::path(put, path = "/api/v1/loan-products/{id}", tag = "finance", security(("bearer" = ["loan_product_manage"])),
    params(("id" = i64, Path)), request_body = LoanProductEdit,
    responses((status = 200, body = LoanProduct), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn loan_product_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LoanProductManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<LoanProductEdit>,
) -> Result<Json<LoanProduct>, WebError> {
    let input = LoanProductInput {
        lender: b.lender,
        name: b.name,
        max_ltv_bp: b.max_ltv_bp,
        max_months: b.max_months,
        active: b.active,
    };
    let p = state.run(move |app| app::finance::loan_products::update(app, &actor, id, b.version, &input)).await?;
    Ok(Json(p))
}
