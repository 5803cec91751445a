//! The inventory API (issue 16, first part): vehicles by VIN (register, read, find by the last
//! characters of the VIN), an order's candidates, allocation and release. Creates take
//! `Idempotency-Key`.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, VehicleAllocate, VehicleManage, VehicleRead};
use app::inventory::{Vehicle, VehicleInput};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(utoipa::OpenApi)]
#[openapi(paths(vehicle_create, vehicle_get, vehicle_search, candidates, allocate, release))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vehicles", get(vehicle_search).post(vehicle_create))
        .route("/vehicles/{id}", get(vehicle_get))
        .route("/vehicles/{id}/allocate", post(allocate))
        .route("/vehicles/{id}/release", post(release))
        .route("/orders/{id}/vehicle-candidates", get(candidates))
}

/// Registers a vehicle of the caller's store: on order from the factory or in stock today.
#[utoipa::path(post, path = "/api/v1/vehicles", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = VehicleInput,
    responses((status = 201, body = Vehicle), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn vehicle_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<VehicleInput>,
) -> Result<(StatusCode, Json<Vehicle>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::inventory::register(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A vehicle (its cost only for roles that may see cost).
#[utoipa::path(get, path = "/api/v1/vehicles/{id}", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Vehicle), (status = 404, body = ApiErrorBody)))]
pub async fn vehicle_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    Id(id): Id,
) -> Result<Json<Vehicle>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::get(app, &actor, id)).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SearchParams {
    /// The last 4 to 17 characters of the VIN (staff say the last 6 or 8).
    vin: String,
}

/// The store's vehicles whose VIN ends with `vin`, at most 50.
#[utoipa::path(get, path = "/api/v1/vehicles", tag = "inventory", security(("bearer" = ["vehicle_read"])), params(SearchParams),
    responses((status = 200, body = Paged<Vehicle>), (status = 422, body = ApiErrorBody)))]
pub async fn vehicle_search(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<Paged<Vehicle>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::inventory::search(app, &actor, &p.vin)).await?)))
}

/// Vehicles the order may have: free, of its store and exact specification; in stock first,
/// then in transit and on order; oldest first.
#[utoipa::path(get, path = "/api/v1/orders/{id}/vehicle-candidates", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Paged<Vehicle>), (status = 404, body = ApiErrorBody)))]
pub async fn candidates(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    Id(id): Id,
) -> Result<Json<Paged<Vehicle>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::inventory::candidates(app, &actor, id)).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateBody {
    /// The vehicle's version as read.
    version: i64,
    order_id: i64,
}

/// Allocates the vehicle to an approved order of its store and exact specification; the order
/// then says "allocated". One vehicle per order, one order per vehicle.
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/allocate", tag = "inventory", security(("bearer" = ["vehicle_allocate"])),
    params(("id" = i64, Path)), request_body = AllocateBody,
    responses((status = 200, body = Vehicle), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn allocate(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleAllocate>,
    Id(id): Id,
    ApiJson(b): ApiJson<AllocateBody>,
) -> Result<Json<Vehicle>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::allocate(app, &actor, id, b.version, b.order_id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    version: i64,
    reason: String,
}

/// Releases the vehicle from its order or reservation, with a reason.
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/release", tag = "inventory", security(("bearer" = ["vehicle_allocate"])),
    params(("id" = i64, Path)), request_body = ReleaseBody,
    responses((status = 200, body = Vehicle), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn release(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleAllocate>,
    Id(id): Id,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> Result<Json<Vehicle>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::release(app, &actor, id, b.version, &b.reason)).await?))
}
