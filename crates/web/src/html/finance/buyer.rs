//! The contract on the buyer's phone page: read the PDF, get a one-time code by e-mail, draw the
//! signature, sign. After signing, the signed copy once the store has countersigned.

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::i18n::Locale;
use app::AppError;
use app::finance::signing::{Device, ToSign};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/c/{token}/contract.pdf", get(pdf))
        .route("/c/{token}/contract-signed.pdf", get(signed_pdf))
        .route("/c/{token}/contract/code", post(code))
        .route("/c/{token}/contract/sign", post(sign))
        .route("/c/{token}/receipts/{payment}", get(receipt))
        .route("/c/{token}/invoice", get(invoice))
}

#[derive(Template)]
#[template(path = "finance/buyer_papers.html")]
struct Papers<'a> {
    l: Locale,
    token: &'a str,
    p: &'a app::finance::buyer::BuyerPapers,
    tz: chrono_tz::Tz,
}

impl Papers<'_> {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn money(&self, fen: &i64) -> String {
        domain::Money::from_fen(*fen).to_string()
    }

    fn day(&self, at: &chrono::NaiveDateTime) -> String {
        app::kernel::calendar::day_in(self.tz, *at).to_string()
    }
}

/// The buyer's papers (receipts, the invoice copy) as HTML; empty before there is any.
pub fn papers(l: Locale, token: &str, p: &app::finance::buyer::BuyerPapers, tz: chrono_tz::Tz) -> String {
    if p.receipts.is_empty() && p.invoice_no.is_none() {
        return String::new();
    }
    Papers { l, token, p, tz }.render().unwrap_or_else(|e| {
        tracing::error!(%e, "papers section");
        String::new()
    })
}

async fn receipt(
    State(state): State<AppState>,
    Path((token, payment)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::buyer::receipt_by_link(app, &token, payment)).await?;
    Ok(super::pdf_response(&name, bytes))
}

async fn invoice(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::buyer::invoice_by_link(app, &token)).await?;
    Ok(super::pdf_response(&name, bytes))
}

#[derive(Template)]
#[template(path = "finance/buyer.html")]
struct Section<'a> {
    l: Locale,
    token: &'a str,
    csrf: &'a str,
    s: &'a ToSign,
    /// The change order whose supplement this version is (the buyer's page of the order says).
    change: Option<&'a app::sales::PendingChange>,
}

impl Section<'_> {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn status(&self) -> String {
        let code = serde_json::to_value(self.s.contract.status).ok().and_then(|v| v.as_str().map(str::to_string));
        self.l.t(&format!("contract-status-{}", code.unwrap_or_default()))
    }

    fn awaiting(&self) -> bool {
        self.s.contract.status == domain::finance::ContractStatus::AwaitingCustomer
    }

    fn signed(&self) -> bool {
        self.s.contract.signed_sha256.is_some()
    }

    fn change_field(&self, line: &app::sales::ChangeLine) -> String {
        if line.field.starts_with("fee-") {
            self.l.t(&line.field)
        } else {
            self.l.t(&format!("change-field-{}", line.field))
        }
    }

    fn change_value(&self, line: &app::sales::ChangeLine, value: &str) -> String {
        match value {
            "" => "—".to_string(),
            v if line.field == "payment" => self.l.t(&format!("payment-{v}")),
            v => v.to_string(),
        }
    }
}

/// The contract section of the buyer's page, as HTML; empty when the order has no contract.
pub fn section(
    l: Locale,
    token: &str,
    csrf: &str,
    s: Option<&ToSign>,
    change: Option<&app::sales::PendingChange>,
) -> String {
    let Some(s) = s else { return String::new() };
    Section { l, token, csrf, s, change }.render().unwrap_or_else(|e| {
        tracing::error!(%e, "contract section");
        String::new()
    })
}

async fn pdf(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::signing::pdf_by_link(app, &token, false)).await?;
    Ok(super::pdf_response(&name, bytes))
}

/// The copy signed by both, with the evidence page: the buyer's to keep once the store has
/// countersigned (404 before).
async fn signed_pdf(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::signing::pdf_by_link(app, &token, true)).await?;
    Ok(super::pdf_response(&name.replace(".pdf", "-signed.pdf"), bytes))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignForm {
    contract_id: i64,
    code: String,
    signature: String,
}

/// The signer's device for the evidence page: the connection's address (a forwarded one only
/// from a trusted proxy) and the browser's user agent.
fn device(state: &AppState, ext: &axum::http::Extensions, headers: &HeaderMap) -> Device {
    let user_agent = headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    Device { ip: state.config.client_address(ext, headers), user_agent }
}

async fn code(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<SignForm>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::finance::signing::send_code(app, &t, f.contract_id)).await {
        Ok(to) => {
            let msg = match to {
                app::kernel::notify::Sent::Sms(to) => l.t_args("sign-code-sent-sms", &[("to", to)]),
                app::kernel::notify::Sent::Email(to) => l.t_args("sign-code-sent", &[("to", to)]),
                app::kernel::notify::Sent::Nothing => l.t("err-contract-no-contact"),
            };
            crate::html::panels::buyer_page(&state, l, &headers, token, Some(msg), None).await
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            crate::html::panels::buyer_page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn sign(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Path(token): Path<String>,
    Form(f): Form<SignForm>,
) -> Result<Response, WebError> {
    let t = token.clone();
    let d = device(&state, &ext, &headers);
    let result = state
        .run(move |app| {
            let png = app::finance::signing::png_of_data_url(&f.signature)?;
            app::finance::signing::sign(app, &t, f.contract_id, &f.code, &png, &d)
        })
        .await;
    match result {
        Ok(()) => crate::html::panels::buyer_page(&state, l, &headers, token, Some(l.t("sign-done")), None).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            crate::html::panels::buyer_page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}
