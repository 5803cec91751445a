//! Recalls and service campaigns: the group's campaigns with the store's progress, the cars the
//! store serves that each names, telling their owners and recording the work done.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, CampaignContact, CampaignManage, CampaignRead, ServiceWrite};
use app::campaigns::{Campaign, CampaignCar, CampaignInput, CampaignQuery, CarQuery, Contacted, DoneInput};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, record, one, close, cars, contact, done))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list).post(record))
        .route("/campaigns/{id}", get(one))
        .route("/campaigns/{id}/close", post(close))
        .route("/campaigns/{id}/cars", get(cars))
        .route("/campaigns/{id}/contact", post(contact))
        .route("/campaigns/{id}/done", post(done))
}

/// The group's recalls and service campaigns with the reader's store's progress, the newest
/// first (default: open).
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = ["campaign_read"])), params(CampaignQuery),
    responses((status = 200, body = Paged<Campaign>), (status = 422, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignRead>,
    ApiQuery(q): ApiQuery<CampaignQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Campaign>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let f = q.parse()?;
    Ok(Json(Paged::of(state.run(move |app| app::campaigns::list(app, &actor, &f, page)).await?, &uri)))
}

/// Records a recall or service campaign for the whole group (`campaign_manage` with group
/// scope) from the maker's notice: its VINs one per line, or ranges `FIRST~LAST` of one
/// production run. The cars the group's stores serve that it names are found at once. The same
/// `Idempotency-Key` again returns the campaign recorded the first time.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = ["campaign_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = CampaignInput,
    responses((status = 201, body = Campaign), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignManage>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<(StatusCode, Json<Campaign>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::campaigns::record(app, &actor, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A campaign with the reader's store's progress.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = ["campaign_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ApiErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignRead>,
    Id(id): Id,
) -> Result<Json<Campaign>, WebError> {
    Ok(Json(state.run(move |app| app::campaigns::get(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct CloseBody {
    /// The campaign's version.
    version: i64,
}

/// Closes a campaign the maker ended: no longer warned of at reception. 409 `campaign-closed`
/// if it is closed already.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/close", tag = "campaigns", security(("bearer" = ["campaign_manage"])), params(("id" = i64, Path)), request_body = CloseBody,
    responses((status = 200, body = Campaign), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<CloseBody>,
) -> Result<Json<Campaign>, WebError> {
    Ok(Json(state.run(move |app| app::campaigns::close(app, &actor, id, b.version)).await?))
}

/// The cars of the reader's store the campaign names, with their owners, the open ones first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/cars", tag = "campaigns", security(("bearer" = ["campaign_read"])), params(("id" = i64, Path), CarQuery),
    responses((status = 200, body = Paged<CampaignCar>), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn cars(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignRead>,
    Id(id): Id,
    ApiQuery(q): ApiQuery<CarQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<CampaignCar>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let f = q.parse()?;
    Ok(Json(Paged::of(state.run(move |app| app::campaigns::cars(app, &actor, id, &f, page)).await?, &uri)))
}

/// Tells the owners of the store's cars not told yet (at most 500 per call; `left` says how
/// many remain): a recall as a service message, a service campaign only to owners who accept
/// offers. 409 `campaign-closed` for a closed campaign.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/contact", tag = "campaigns", security(("bearer" = ["campaign_contact"])), params(("id" = i64, Path)),
    responses((status = 200, body = Contacted), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn contact(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CampaignContact>,
    Id(id): Id,
) -> Result<Json<Contacted>, WebError> {
    Ok(Json(state.run(move |app| app::campaigns::contact(app, &actor, id)).await?))
}

/// Records the campaign's work as done on a car of the store (`service_write`), on one of its
/// repair orders (`repair_order_number`) or elsewhere (blank). A repair order settled with a
/// job named with the campaign's code records it by itself. 409 `campaign-car-done` if done.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/done", tag = "campaigns", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = DoneInput,
    responses((status = 200, body = CampaignCar), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn done(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(input): ApiJson<DoneInput>,
) -> Result<Json<CampaignCar>, WebError> {
    Ok(Json(state.run(move |app| app::campaigns::done(app, &actor, id, &input)).await?))
}
