//! The inventory API (issue 16): vehicles by VIN (register, read, list and find by the last
//! characters of the VIN, the stock overview), an order's candidates, allocation and release,
//! factory orders and the VINs the maker announces on them, shipments (the carrier's updates and
//! the check-in of each VIN), locations. Creates take `Idempotency-Key`.

mod logistics;

pub use logistics::*;

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, VehicleAllocate, VehicleManage, VehicleRead};
use app::inventory::replenish::{self, DraftInput, Horizon, Replenishment};
use app::inventory::stock::{Aging, StockLine, VehicleQuery};
use app::inventory::vehicles::KeepInput;
use app::inventory::{FactoryOrder, Vehicle, VehicleInput};
use axum::extract::OriginalUri;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    vehicle_create,
    vehicle_get,
    vehicle_search,
    stock,
    aging,
    replenishment,
    replenishment_draft,
    thresholds,
    threshold_set,
    candidates,
    allocate,
    release,
    keeping,
    factory_order_create,
    factory_order_list,
    factory_order_get,
    factory_order_place,
    factory_order_cancel,
    announce,
    shipment_create,
    shipment_list,
    shipment_get,
    shipment_report,
    check_in,
    location_list,
    location_create,
    location_update,
    transfer_create,
    transfer_list,
    transfer_get,
    transfer_approve,
    transfer_reject,
    transfer_ship,
    transfer_cancel
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vehicles", get(vehicle_search).post(vehicle_create))
        .route("/vehicles/{id}", get(vehicle_get))
        .route("/vehicles/{id}/allocate", post(allocate))
        .route("/vehicles/{id}/release", post(release))
        .route("/vehicles/{id}/keeping", post(keeping))
        .route("/orders/{id}/vehicle-candidates", get(candidates))
        .route("/stock", get(stock))
        .route("/stock/aging", get(aging))
        .route("/stock/replenishment", get(replenishment))
        .route("/stock/replenishment/drafts", post(replenishment_draft))
        .route("/stock/thresholds", get(thresholds).put(threshold_set))
        .route("/factory-orders", get(factory_order_list).post(factory_order_create))
        .route("/factory-orders/{id}", get(factory_order_get))
        .route("/factory-orders/{id}/place", post(factory_order_place))
        .route("/factory-orders/{id}/cancel", post(factory_order_cancel))
        .route("/factory-orders/{id}/vehicles", post(announce))
        .route("/shipments", get(shipment_list).post(shipment_create))
        .route("/shipments/{id}", get(shipment_get))
        .route("/shipments/{id}/updates", post(shipment_report))
        .route("/shipments/{id}/check-ins", post(check_in))
        .route("/locations", get(location_list).post(location_create))
        .route("/locations/{id}", put(location_update))
        .route("/transfers", get(transfer_list).post(transfer_create))
        .route("/transfers/{id}", get(transfer_get))
        .route("/transfers/{id}/approve", post(transfer_approve))
        .route("/transfers/{id}/reject", post(transfer_reject))
        .route("/transfers/{id}/ship", post(transfer_ship))
        .route("/transfers/{id}/cancel", post(transfer_cancel))
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

/// The store's vehicles, filtered, the longest in stock first (delivered ones only when asked).
#[utoipa::path(get, path = "/api/v1/vehicles", tag = "inventory", security(("bearer" = ["vehicle_read"])), params(VehicleQuery),
    responses((status = 200, body = Paged<Vehicle>), (status = 422, body = ApiErrorBody)))]
pub async fn vehicle_search(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    ApiQuery(q): ApiQuery<VehicleQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Vehicle>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let page = state.run(move |app| app::inventory::stock::list(app, &actor, &q, page)).await?;
    Ok(Json(Paged::of(page, &uri)))
}

/// The store's sales stock by trim and exterior colour, counted per status (ordered, in transit,
/// in stock, reserved, allocated, in PDI).
#[utoipa::path(get, path = "/api/v1/stock", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    responses((status = 200, body = Paged<StockLine>)))]
pub async fn stock(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
) -> Result<Json<Paged<StockLine>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::inventory::stock::overview(app, &actor)).await?)))
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
    Ok(Json(
        state
            .run(move |app| {
                app::inventory::allocate(
                    app,
                    &actor,
                    domain::ids::VehicleId(id),
                    b.version,
                    domain::ids::OrderId(b.order_id),
                )
            })
            .await?,
    ))
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

/// Moves the vehicle to another location of its store (while it is there) and/or hands its
/// certificate (合格证) to another holder; each change is a line of the vehicle's history.
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/keeping", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = KeepInput,
    responses((status = 200, body = Vehicle), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn keeping(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<KeepInput>,
) -> Result<Json<Vehicle>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::vehicles::keep(app, &actor, id, &b)).await?))
}

/// The store's sales stock by days in stock (at the store and in the group) with the money it
/// ties up (for roles that may see cost) and the twenty slowest vehicles.
#[utoipa::path(get, path = "/api/v1/stock/aging", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    responses((status = 200, body = Aging)))]
pub async fn aging(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
) -> Result<Json<Aging>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::stock::aging(app, &actor)).await?))
}

/// What the store should order from the factory now, per trim and exterior colour, with the
/// reasoning line by line (`lead_weeks`, `cover_weeks`, `history_weeks`: 1-26, defaults 6, 4, 8).
#[utoipa::path(get, path = "/api/v1/stock/replenishment", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(Horizon),
    responses((status = 200, body = Replenishment), (status = 422, body = ApiErrorBody)))]
pub async fn replenishment(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    ApiQuery(h): ApiQuery<Horizon>,
) -> Result<Json<Replenishment>, WebError> {
    Ok(Json(state.run(move |app| replenish::suggestions(app, &actor, h)).await?))
}

/// Makes a suggestion line (trim and exterior colour) a draft factory order of the quantity it
/// suggests now, for the waiting orders of that exact specification; 409 when it suggests none.
#[utoipa::path(post, path = "/api/v1/stock/replenishment/drafts", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = DraftInput,
    responses((status = 201, body = FactoryOrder), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn replenishment_draft(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<DraftInput>,
) -> Result<(StatusCode, Json<FactoryOrder>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| replenish::draft(app, &actor, b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The store's stock thresholds with today's free stock and level.
#[utoipa::path(get, path = "/api/v1/stock/thresholds", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    responses((status = 200, body = Paged<app::inventory::thresholds::StockThreshold>)))]
pub async fn thresholds(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
) -> Result<Json<Paged<app::inventory::thresholds::StockThreshold>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::inventory::thresholds::of_store(app, &actor)).await?)))
}

/// Sets the low and high thresholds of a model or a trim (one of them) for the store; the
/// background check alerts once per crossing.
#[utoipa::path(put, path = "/api/v1/stock/thresholds", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    request_body = app::inventory::thresholds::ThresholdInput,
    responses((status = 200, body = Paged<app::inventory::thresholds::StockThreshold>), (status = 422, body = ApiErrorBody)))]
pub async fn threshold_set(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    ApiJson(b): ApiJson<app::inventory::thresholds::ThresholdInput>,
) -> Result<Json<Paged<app::inventory::thresholds::StockThreshold>>, WebError> {
    let all = state
        .run(move |app| {
            app::inventory::thresholds::set(app, &actor, &b)?;
            app::inventory::thresholds::of_store(app, &actor)
        })
        .await?;
    Ok(Json(Paged::all(all)))
}
