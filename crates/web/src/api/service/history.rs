//! A car's service history through the API.

use crate::AppState;
use crate::api::{ApiErrorBody, Id};
use crate::error::WebError;
use crate::session::{ApiNeed, ServiceRead};
use app::service::VehicleHistory;
use axum::Json;
use axum::extract::State;

/// A customer's car with every repair order the reader may see: jobs with their technician and
/// hours, parts fitted, mileage and payer per line, newest first.
#[utoipa::path(get, path = "/api/v1/customer-vehicles/{id}/service-history", tag = "service", security(("bearer" = ["service_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = VehicleHistory), (status = 404, body = ApiErrorBody)))]
pub async fn of_vehicle(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    Id(id): Id,
) -> Result<Json<VehicleHistory>, WebError> {
    Ok(Json(state.run(move |app| app::service::vehicle_history(app, &actor, id)).await?))
}
