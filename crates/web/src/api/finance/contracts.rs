//! The contract API: generate a version, read it and its PDF, verify a signed copy,
//! countersign, unlock a locked code, change the signing contact.

use crate::AppState;
use crate::api::{ApiErrorBody, ApiJson, ApiQuery, Id};
use crate::error::WebError;
use crate::session::{ApiNeed, ContractSign, OrderRead, SaleDocuments, SigningContactChange};
use app::finance::Contract;
use app::finance::contracts::Verification;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Generates the next version of the order's purchase contract from the store's template (the
/// order must be approved; an unsigned version is replaced). The customer signs it on their link.
#[utoipa::path(post, path = "/api/v1/orders/{id}/contracts", tag = "finance", security(("bearer" = ["contract_sign"])), params(("id" = i64, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    responses((status = 201, body = Contract), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn contract_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ContractSign>,
    Id(id): Id,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<Contract>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let k = state.run(move |app| app::finance::contracts::generate(app, &actor, id, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(k)))
}

/// A contract version and its signing status.
#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "finance", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Contract), (status = 404, body = ApiErrorBody)))]
pub async fn contract_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Contract>, WebError> {
    Ok(Json(state.run(move |app| app::finance::contracts::get(app, &actor, id)).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PdfParams {
    /// The signed copy (signatures and evidence page) instead of the one the customer read.
    signed: bool,
}

/// A contract version as PDF.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/pdf", tag = "finance", security(("bearer" = ["sale_documents"])), params(("id" = i64, Path), PdfParams),
    responses((status = 200, description = "the PDF", content_type = "application/pdf"), (status = 404, body = ApiErrorBody)))]
pub async fn contract_pdf(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<SaleDocuments>,
    Id(id): Id,
    ApiQuery(p): ApiQuery<PdfParams>,
) -> Result<Response, WebError> {
    let (name, bytes) = state.run(move |app| app::finance::contracts::pdf(app, &actor, id, p.signed)).await?;
    Ok(crate::html::finance_pdf(&name, bytes))
}

/// Recomputes the SHA-256 of the archived files and compares them with the recorded ones.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/verify", tag = "finance", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Verification), (status = 404, body = ApiErrorBody)))]
pub async fn contract_verify(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Verification>, WebError> {
    Ok(Json(state.run(move |app| app::finance::contracts::verify(app, &actor, id)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CountersignBody {
    /// The contract's `version_lock` as read.
    version_lock: i64,
    /// The representative's drawn signature: a PNG as a data URL or plain base64.
    signature: String,
}

/// The store countersigns a version the customer signed: the signed PDF is archived and the
/// order records "contract signed".
#[utoipa::path(post, path = "/api/v1/contracts/{id}/countersign", tag = "finance", security(("bearer" = ["contract_sign"])), params(("id" = i64, Path)), request_body = CountersignBody,
    responses((status = 200, body = Contract), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn countersign(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ContractSign>,
    Id(id): Id,
    ApiJson(b): ApiJson<CountersignBody>,
) -> Result<Json<Contract>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                let png = app::finance::signing::png_of_data_url(&b.signature)?;
                app::finance::contracts::countersign(app, &actor, id, b.version_lock, &png)
            })
            .await?,
    ))
}

/// Unlocks a version whose signing code was mistyped five times: the buyer may ask for codes
/// again (audited).
#[utoipa::path(post, path = "/api/v1/contracts/{id}/unlock", tag = "finance", security(("bearer" = ["contract_sign"])), params(("id" = i64, Path)),
    responses((status = 204, description = "unlocked"), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn contract_unlock(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ContractSign>,
    Id(id): Id,
) -> Result<StatusCode, WebError> {
    state.run(move |app| app::finance::signing::unlock(app, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ContactChange {
    /// Why the buyer's contact changes (they changed their number, …).
    reason: String,
}

/// A manager (never one who asked for the order) fixes the order's signing contact anew from the
/// customer's profile, with a reason: the next code goes there (audited, on the evidence page).
#[utoipa::path(post, path = "/api/v1/orders/{id}/signing-contact", tag = "finance", security(("bearer" = ["signing_contact_change"])), params(("id" = i64, Path)), request_body = ContactChange,
    responses((status = 204, description = "changed"), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn signing_contact(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<SigningContactChange>,
    Id(id): Id,
    ApiJson(b): ApiJson<ContactChange>,
) -> Result<StatusCode, WebError> {
    state.run(move |app| app::finance::signing::change_contact(app, &actor, id, &b.reason)).await?;
    Ok(StatusCode::NO_CONTENT)
}
