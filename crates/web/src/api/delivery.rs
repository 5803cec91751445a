//! Delivery's API: an order's delivery (checklist, inspections, what blocks the handover), its
//! PDI and its handover.

use super::{ApiErrorBody, ApiJson, Id};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, DeliveryHandOver, DeliveryInspect, OrderRead};
use app::delivery::{Delivery, HandoverInput, InspectionInput};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(of_order, inspect, hand_over))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/delivery", get(of_order))
        .route("/orders/{id}/pdi", post(inspect))
        .route("/orders/{id}/handover", post(hand_over))
}

/// The order's delivery: its car's checklist, the inspections (latest first), what still blocks
/// the handover (`not_arrived`, `pdi_not_passed`, `not_paid`, `no_invoice`) and, once done, the
/// handover; `actions` says what the reader may do now.
#[utoipa::path(get, path = "/api/v1/orders/{id}/delivery", tag = "delivery", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn of_order(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Delivery>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::of_order(app, &actor, id)).await?))
}

/// Records a pre-delivery inspection: every item of the checklist `pass` or `fail` (a failure
/// with its note). A pass makes the order "ready for delivery"; a failure blocks the handover
/// until a later inspection passes. 409 before the car is at the store or once it is delivered.
#[utoipa::path(post, path = "/api/v1/orders/{id}/pdi", tag = "delivery", security(("bearer" = ["delivery_inspect"])), params(("id" = i64, Path)), request_body = InspectionInput,
    responses((status = 201, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn inspect(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryInspect>,
    Id(id): Id,
    ApiJson(input): ApiJson<InspectionInput>,
) -> Result<(StatusCode, Json<Delivery>), WebError> {
    let d = state.run(move |app| app::delivery::inspect(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Hands the car over to its buyer: every document, the keys, the odometer and the buyer's
/// signature (PNG). The order becomes "delivered", the car leaves the stock with its certificate
/// and joins the buyer's vehicles; the 三包 clocks run from the invoice date. 409 with the first
/// blocker (`delivery_pdi_not_passed`, `delivery_not_paid`, `delivery_no_invoice`, ...) while
/// anything blocks it.
#[utoipa::path(post, path = "/api/v1/orders/{id}/handover", tag = "delivery", security(("bearer" = ["delivery_hand_over"])), params(("id" = i64, Path)), request_body = HandoverInput,
    responses((status = 201, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn hand_over(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryHandOver>,
    Id(id): Id,
    ApiJson(input): ApiJson<HandoverInput>,
) -> Result<(StatusCode, Json<Delivery>), WebError> {
    let d = state.run(move |app| app::delivery::hand_over(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(d)))
}
