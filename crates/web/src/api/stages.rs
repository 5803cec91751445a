//! Stage time limits in the API: the store's limits, and an order's stages with how late it is.

use super::{ApiErrorBody, ApiJson, Id};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, OrderRead, StageLimitsManage};
use app::sales::stages::{Late, LimitInput, StageLimit, StageSpan};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new().route("/stage-limits", get(limits).put(limits_set)).route("/orders/{id}/stages", get(stages))
}

/// The limits of the caller's store, one per waiting stage (the store's own or the standard).
#[utoipa::path(get, path = "/api/v1/stage-limits", tag = "orders", security(("bearer" = ["order_read"])),
    responses((status = 200, body = Vec<StageLimit>), (status = 403, body = ApiErrorBody)))]
pub async fn limits(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
) -> Result<Json<Vec<StageLimit>>, WebError> {
    Ok(Json(state.run(move |app| app::sales::stages::limits(app, &actor)).await?))
}

/// Sets limits of the caller's store: hours to the reminder and to the escalation per stage;
/// 422 naming `remind_hours.<status>` or `escalate_hours.<status>`.
#[utoipa::path(put, path = "/api/v1/stage-limits", tag = "orders", security(("bearer" = ["stage_limits_manage"])), request_body = Vec<LimitInput>,
    responses((status = 200, body = Vec<StageLimit>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn limits_set(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<StageLimitsManage>,
    ApiJson(input): ApiJson<Vec<LimitInput>>,
) -> Result<Json<Vec<StageLimit>>, WebError> {
    Ok(Json(state.run(move |app| app::sales::stages::set_limits(app, &actor, &input)).await?))
}

/// An order's stages and how late it is in the current one.
#[derive(Serialize, ToSchema)]
pub struct OrderStages {
    stages: Vec<StageSpan>,
    /// Past the current stage's limit (absent: on time, or a stage without a limit).
    late: Option<Late>,
}

/// The stages an order went through, when it entered and left each, and how late it is now.
#[utoipa::path(get, path = "/api/v1/orders/{id}/stages", tag = "orders", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderStages), (status = 404, body = ApiErrorBody)))]
pub async fn stages(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<OrderStages>, WebError> {
    let (stages, late) = state
        .run(move |app| Ok((app::sales::stages::spans(app, &actor, id)?, app::sales::stages::late(app, &actor, id)?)))
        .await?;
    Ok(Json(OrderStages { stages, late }))
}
