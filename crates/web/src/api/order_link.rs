//! The buyer's link to their order's page: read it, or have it sent again.

use super::Id;
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, OrderRead};
use axum::Json;
use axum::extract::State;

/// The customer's signed link to their order's page (to send by WeChat or SMS), from the request
/// to confirm on; `null` for a draft.
#[utoipa::path(get, path = "/api/v1/orders/{id}/customer-link", tag = "orders", security(("bearer" = ["order_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Option<app::sales::CustomerLink>)))]
pub async fn customer_link(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Option<app::sales::CustomerLink>>, WebError> {
    Ok(Json(state.run(move |app| app::sales::customer_link(app, &actor, id)).await?))
}

/// Sends the buyer the link to their order's page again: by SMS when a gateway is configured,
/// else by e-mail (`sent` says where, masked); 409 `order_link_no_contact` when neither is known.
#[utoipa::path(post, path = "/api/v1/orders/{id}/customer-link", tag = "orders", security(("bearer" = ["order_write"])),
    params(("id" = i64, Path)), responses((status = 200, body = Object), (status = 403, body = super::ApiErrorBody), (status = 404, body = super::ApiErrorBody), (status = 409, body = super::ApiErrorBody)))]
pub async fn resend_link(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<crate::session::OrderWrite>,
    Id(id): Id,
) -> Result<Json<serde_json::Value>, WebError> {
    use app::kernel::notify::Sent;
    let (channel, to) = match state.run(move |app| app::sales::resend_link(app, &actor, id)).await? {
        Sent::Sms(to) => (Some("sms"), Some(to)),
        Sent::Email(to) => (Some("email"), Some(to)),
        Sent::Nothing => (None, None),
    };
    Ok(Json(serde_json::json!({ "sent": { "channel": channel, "to": to } })))
}
