//! Appointments' API: the workshop's day with its slots, bookings (with `Idempotency-Key`),
//! cancellations and no-shows.

use crate::AppState;
use crate::api::{ApiErrorBody, ApiJson, ApiQuery, Id};
use crate::error::WebError;
use crate::session::{ApiNeed, ServiceRead, ServiceWrite};
use app::service::{Appointment, AppointmentInput, DayBoard};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::service::appointments::{AppointmentStatus, BookingSource};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DayParam {
    /// The store's day, `YYYY-MM-DD`.
    day: String,
}

/// The workshop's day: every slot with its free bays and appointments, the hours booked and
/// what the technicians can work.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "service", security(("bearer" = ["service_read"])), params(DayParam),
    responses((status = 200, body = DayBoard), (status = 422, body = ApiErrorBody)))]
pub async fn day(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    ApiQuery(p): ApiQuery<DayParam>,
) -> Result<Json<DayBoard>, WebError> {
    let day = chrono::NaiveDate::parse_from_str(p.day.trim(), "%Y-%m-%d")
        .map_err(|_| app::AppError::field("day", "date-invalid"))?;
    Ok(Json(state.run(move |app| app::service::day_board(app, &actor, day)).await?))
}

/// Books a customer's car into a slot: 409 `appointment_slot_full` when every bay is taken (also
/// when another booking took the last one a moment before), `appointment_day_full` when the
/// technicians' hours of the day are; a slot passed or not of the day is a 422 on `starts_at`.
/// The same `Idempotency-Key` again returns the appointment made the first time.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "service", security(("bearer" = ["service_write"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = AppointmentInput,
    responses((status = 201, body = Appointment), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn book(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<AppointmentInput>,
) -> Result<(StatusCode, Json<Appointment>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let v = state.run(move |app| app::service::book(app, &actor, &input, (BookingSource::Api, key.as_deref()))).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// An appointment.
#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "service", security(("bearer" = ["service_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Appointment), (status = 404, body = ApiErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    Id(id): Id,
) -> Result<Json<Appointment>, WebError> {
    Ok(Json(state.run(move |app| app::service::appointment(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct CloseBody {
    version: i64,
    /// `cancelled` (with the customer's reason) or `no_show` (once the slot has passed).
    status: String,
    #[serde(default)]
    reason: String,
}

/// Ends a booked appointment: cancelled with its reason, or a no-show.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/close", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = CloseBody,
    responses((status = 200, body = Appointment), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<CloseBody>,
) -> Result<Json<Appointment>, WebError> {
    use domain::Code;
    let to = AppointmentStatus::from_code(b.status.trim())
        .filter(|s| matches!(s, AppointmentStatus::Cancelled | AppointmentStatus::NoShow))
        .ok_or(app::AppError::field("status", "value-unknown"))?;
    Ok(Json(state.run(move |app| app::service::close(app, &actor, id, b.version, (to, &b.reason))).await?))
}
