//! Finance pages: the order's money box (contract, payments, refunds, invoice) on the order
//! page, the customer's signing on their phone page, finance's workspace, and the store's
//! contract template.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::panels::Again;
use crate::html::{MenuEntry, MenuSection};
use crate::session::Staff;
use app::{AppError, Conflict};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::rbac::Permission;
use serde::Deserialize;

pub mod buyer;
mod home;
mod loans;
mod order;
mod template;
mod workspace;

pub use order::{MONEY_PANEL, Reopen};

pub const MENU: &[MenuEntry] = &[
    MenuEntry {
        group: MenuSection::Orders,
        position: 3,
        href: "/finance",
        label: "nav-finance-workspace",
        permission: Permission::FinanceRead,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 6,
        href: "/admin/contract-template",
        label: "nav-contract-template",
        permission: Permission::ContractTemplateManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 7,
        href: "/admin/loan-products",
        label: "nav-loan-products",
        permission: Permission::LoanProductManage,
    },
];

/// What finance adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "finance",
    pages: routes,
    api: crate::api::finance::routes,
    api_doc: || <crate::api::finance::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[&MONEY_PANEL],
    repair_order_panels: &[],
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(buyer::routes())
        .merge(workspace::routes())
        .merge(template::routes())
        .merge(loans::routes())
        .route("/orders/{id}/money/{action}", post(order_action))
        .route("/contracts/{id}", get(order::contract_page))
        .route("/contracts/{id}/pdf", get(contract_pdf))
        .route("/contracts/{id}/signed.pdf", get(signed_pdf))
        .route("/contracts/{id}/countersign", post(countersign))
        .route("/payments/{id}/receipt", get(receipt))
        .route("/payments/{id}/{action}", post(payment_action))
        .route("/refunds/{id}/{action}", post(refund_action))
        .route("/invoices/{id}/pdf", get(invoice_pdf))
        .route("/invoices/{id}/reverse", post(reverse_invoice))
}

/// A PDF answered inline (the browser's viewer), never cached by shared caches.
pub(crate) fn pdf_response(name: &str, bytes: Vec<u8>) -> Response {
    let safe: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{safe}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// Every field the money box's forms send; each action reads its own.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct MoneyForm {
    pub order_id: i64,
    pub contract_id: i64,
    pub version: i64,
    pub text: String,
    pub kind: String,
    pub method: String,
    /// Yuan, as typed.
    pub amount: String,
    pub reference: String,
    pub paid_on: String,
    pub loan_product_id: String,
    pub note: String,
    pub signature: String,
    pub vin: String,
    pub engine_no: String,
    pub certificate_no: String,
    pub invoice_code: String,
    pub invoice_no: String,
    pub invoice_date: String,
    pub vehicle_type: String,
    pub origin: String,
    pub tax_authority: String,
    pub import_certificate_no: String,
    pub inspection_no: String,
    pub tonnage: String,
    pub remarks: String,
}

impl MoneyForm {
    /// A typed field by its name in the form, to show it again after a refusal.
    pub(crate) fn value(&self, name: &str) -> &str {
        match name {
            "text" => &self.text,
            "kind" => &self.kind,
            "method" => &self.method,
            "amount" => &self.amount,
            "reference" => &self.reference,
            "paid_on" => &self.paid_on,
            "loan_product_id" => &self.loan_product_id,
            "note" => &self.note,
            "vin" => &self.vin,
            "engine_no" => &self.engine_no,
            "certificate_no" => &self.certificate_no,
            "invoice_code" => &self.invoice_code,
            "invoice_no" => &self.invoice_no,
            "invoice_date" => &self.invoice_date,
            "vehicle_type" => &self.vehicle_type,
            "origin" => &self.origin,
            "tax_authority" => &self.tax_authority,
            "import_certificate_no" => &self.import_certificate_no,
            "inspection_no" => &self.inspection_no,
            "tonnage" => &self.tonnage,
            "remarks" => &self.remarks,
            _ => "",
        }
    }

    /// The typed amount in fen: a field error when it is not an amount.
    fn fen(&self) -> Result<Option<i64>, AppError> {
        if self.amount.trim().is_empty() {
            return Ok(None);
        }
        domain::Money::parse_yuan(&self.amount)
            .map(|m| Some(m.fen()))
            .map_err(|e| AppError::field("amount_fen", domain::error::ErrorCode::code(&e)))
    }

    fn date(&self, field: &str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        value.trim().parse().map(Some).map_err(|_| AppError::field(field, "date-invalid"))
    }

    fn payment(&self) -> Result<app::finance::payments::PaymentInput, AppError> {
        Ok(app::finance::payments::PaymentInput {
            kind: self.kind.clone(),
            method: self.method.clone(),
            amount_fen: self.fen()?,
            reference: self.reference.clone(),
            paid_on: self.date("paid_on", &self.paid_on)?,
            loan_product_id: self.loan_product_id.trim().parse().ok(),
            note: self.note.clone(),
        })
    }

    fn invoice(&self) -> Result<app::finance::invoices::InvoiceInput, AppError> {
        Ok(app::finance::invoices::InvoiceInput {
            vin: self.vin.clone(),
            engine_no: self.engine_no.clone(),
            certificate_no: self.certificate_no.clone(),
            invoice_code: self.invoice_code.clone(),
            invoice_no: self.invoice_no.clone(),
            invoice_date: self.date("invoice_date", &self.invoice_date)?,
            vehicle_type: self.vehicle_type.clone(),
            origin: self.origin.clone(),
            tax_authority: self.tax_authority.clone(),
            import_certificate_no: self.import_certificate_no.clone(),
            inspection_no: self.inspection_no.clone(),
            tonnage: self.tonnage.clone(),
            remarks: self.remarks.clone(),
        })
    }
}

/// Back to the order page: its flash on success; on a refusal the order page itself, answered
/// 422 (bad fields) or 409 (refused, stale), with the messages, the form that failed opened
/// again and what the user typed in it.
async fn back<T>(
    state: &AppState,
    staff: &Staff,
    order_id: i64,
    result: Result<T, AppError>,
    flash: &str,
    reopen: Reopen,
) -> Result<Response, WebError> {
    let (status, codes, fields) = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/orders/{order_id}?flash={flash}#money")).into_response()),
        Err(AppError::Validation(fe)) => {
            let fields = fe.iter().map(|e| (e.field.clone(), e.code)).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, fe.iter().map(|e| e.code).collect(), fields)
        }
        Err(AppError::Conflict(Conflict::Refused { code })) => (StatusCode::CONFLICT, vec![code], Vec::new()),
        Err(AppError::Conflict(Conflict::Stale)) => (StatusCode::CONFLICT, vec!["stale"], Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let again = Again { panel: MONEY_PANEL.name, state: Box::new(reopen.with_errors(fields)) };
    let page = crate::html::panels::order_page(state, staff, order_id, &codes, Some(again)).await?;
    Ok((status, page).into_response())
}

async fn order_action(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<MoneyForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let a = action.clone();
    let reopen = Reopen::typed(&action, f.clone());
    let result = state
        .run(move |app| -> Result<(), AppError> {
            match a.as_str() {
                "contract" => app::finance::contracts::generate(app, &actor, id, None).map(|_| ()),
                "payment" => app::finance::payments::register(app, &actor, id, &f.payment()?, None).map(|_| ()),
                "refund" => app::finance::refunds::request_refund(app, &actor, id, f.fen()?, &f.text, None).map(|_| ()),
                "invoice" => app::finance::invoices::prepare(app, &actor, id, &f.invoice()?, None).map(|_| ()),
                "unlock" => app::finance::signing::unlock(app, &actor, f.contract_id),
                "signing-contact" => app::finance::signing::change_contact(app, &actor, id, &f.text),
                _ => Err(AppError::NotFound),
            }
        })
        .await;
    back(&state, &staff, id, result, &format!("money-{action}"), reopen).await
}

async fn countersign(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MoneyForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let order_id = f.order_id;
    let result = state
        .run(move |app| {
            let png = app::finance::signing::png_of_data_url(&f.signature)?;
            app::finance::contracts::countersign(app, &actor, id, f.version, &png)
        })
        .await;
    back(&state, &staff, order_id, result, "money-countersigned", Reopen::form("countersign")).await
}

async fn payment_action(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<MoneyForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let a = action.clone();
    let (version, text) = (f.version, f.text.clone());
    let result = state
        .run(move |app| match a.as_str() {
            "confirm" => app::finance::payments::confirm(app, &actor, id, version),
            "reject" => app::finance::payments::reject(app, &actor, id, version, &text),
            _ => Err(AppError::NotFound),
        })
        .await;
    back(&state, &staff, f.order_id, result, &format!("payment-{action}"), Reopen::form("payments")).await
}

async fn refund_action(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<MoneyForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let a = action.clone();
    let order_id = f.order_id;
    let result = state
        .run(move |app| match a.as_str() {
            "approve" => app::finance::refunds::approve(app, &actor, id, f.version),
            "reject" => app::finance::refunds::reject(app, &actor, id, f.version, &f.text),
            "pay" => app::finance::refunds::mark_paid(app, &actor, id, f.version, &f.method, &f.reference),
            _ => Err(AppError::NotFound),
        })
        .await;
    back(&state, &staff, order_id, result, &format!("refund-{action}"), Reopen::form("refunds")).await
}

async fn reverse_invoice(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MoneyForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let order_id = f.order_id;
    let result = state.run(move |app| app::finance::invoices::reverse(app, &actor, id, f.version, &f.text)).await;
    back(&state, &staff, order_id, result, "invoice-reversed", Reopen::form("invoice")).await
}

async fn contract_pdf(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (name, bytes) = state.run(move |app| app::finance::contracts::pdf(app, &actor, id, false)).await?;
    Ok(pdf_response(&name, bytes))
}

async fn signed_pdf(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (name, bytes) = state.run(move |app| app::finance::contracts::pdf(app, &actor, id, true)).await?;
    Ok(pdf_response(&name, bytes))
}

async fn receipt(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (no, bytes) = state.run(move |app| app::finance::payments::receipt_pdf(app, &actor, id)).await?;
    Ok(pdf_response(&format!("receipt-{no}.pdf"), bytes))
}

async fn invoice_pdf(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (name, bytes) = state.run(move |app| app::finance::invoices::pdf(app, &actor, id)).await?;
    Ok(pdf_response(&name, bytes))
}
