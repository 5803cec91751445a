//! The logistics half of the inventory API: factory orders and the VINs the maker announces,
//! shipments (the carrier's updates, the check-in of each VIN), locations and transfers.

use super::ReleaseBody;
use crate::AppState;
use crate::api::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::error::WebError;
use crate::session::{ApiNeed, LocationManage, TransferApprove, VehicleManage, VehicleRead};
use app::inventory::check_in::{CheckInInput, CheckedInVin};
use app::inventory::factory_orders::{self as fo};
use app::inventory::locations::{Location, LocationInput};
use app::inventory::shipments::{self as sh, ReportInput};
use app::inventory::transfers::{self as tr, ShipInput, Transfer, TransferInput};
use app::inventory::{FactoryOrder, FactoryOrderInput, Shipment, ShipmentInput, Vehicle, VehicleInput};
use axum::Json;
use axum::extract::OriginalUri;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatusParams {
    status: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl StatusParams {
    fn parse<T: domain::Code>(&self) -> Result<(Option<T>, app::PageRequest), WebError> {
        let mut e = domain::FieldErrors::new();
        let status = crate::api::known("status", Some(&self.status), T::from_code, &mut e);
        let page = crate::api::page_of(self.page, self.per_page, &mut e);
        e.into_result()?;
        Ok((status, page))
    }
}

/// Orders a specification from the maker, for stock or for approved orders waiting for a car
/// (they then say "ordered from the factory").
#[utoipa::path(post, path = "/api/v1/factory-orders", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = FactoryOrderInput,
    responses((status = 201, body = FactoryOrder), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn factory_order_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<FactoryOrderInput>,
) -> Result<(StatusCode, Json<FactoryOrder>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let v = state.run(move |app| fo::create(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The store's factory orders, newest first.
#[utoipa::path(get, path = "/api/v1/factory-orders", tag = "inventory", security(("bearer" = ["vehicle_read"])), params(StatusParams),
    responses((status = 200, body = Paged<FactoryOrder>), (status = 422, body = ApiErrorBody)))]
pub async fn factory_order_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    ApiQuery(p): ApiQuery<StatusParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<FactoryOrder>>, WebError> {
    let (status, page) = p.parse()?;
    Ok(Json(Paged::of(state.run(move |app| fo::list(app, &actor, status, page)).await?, &uri)))
}

/// A factory order with its announced vehicles and the orders it is for.
#[utoipa::path(get, path = "/api/v1/factory-orders/{id}", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = FactoryOrder), (status = 404, body = ApiErrorBody)))]
pub async fn factory_order_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    Id(id): Id,
) -> Result<Json<FactoryOrder>, WebError> {
    Ok(Json(state.run(move |app| fo::get(app, &actor, id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    version: i64,
}

/// Sends a draft factory order to the maker.
#[utoipa::path(post, path = "/api/v1/factory-orders/{id}/place", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = FactoryOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn factory_order_place(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<FactoryOrder>, WebError> {
    Ok(Json(state.run(move |app| fo::place(app, &actor, id, b.version)).await?))
}

/// Cancels a factory order no VIN has been announced on, with a reason.
#[utoipa::path(post, path = "/api/v1/factory-orders/{id}/cancel", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = ReleaseBody,
    responses((status = 200, body = FactoryOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn factory_order_cancel(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> Result<Json<FactoryOrder>, WebError> {
    Ok(Json(state.run(move |app| fo::cancel(app, &actor, id, b.version, &b.reason)).await?))
}

/// A VIN the maker announces on the factory order: registered "ordered" with its
/// specification, allocated to the first linked order still waiting.
#[utoipa::path(post, path = "/api/v1/factory-orders/{id}/vehicles", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = VehicleInput,
    responses((status = 201, body = Vehicle), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn announce(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(b): ApiJson<VehicleInput>,
) -> Result<(StatusCode, Json<Vehicle>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let v = state.run(move |app| fo::announce(app, &actor, id, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A truck leaving the factory with VINs on order for the store: each goes "in transit".
#[utoipa::path(post, path = "/api/v1/shipments", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = ShipmentInput,
    responses((status = 201, body = Shipment), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn shipment_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ShipmentInput>,
) -> Result<(StatusCode, Json<Shipment>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let v = state.run(move |app| sh::create(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Shipments to or from the store, those on the way first.
#[utoipa::path(get, path = "/api/v1/shipments", tag = "inventory", security(("bearer" = ["vehicle_read"])), params(StatusParams),
    responses((status = 200, body = Paged<Shipment>), (status = 422, body = ApiErrorBody)))]
pub async fn shipment_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    ApiQuery(p): ApiQuery<StatusParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Shipment>>, WebError> {
    let (status, page) = p.parse()?;
    Ok(Json(Paged::of(state.run(move |app| sh::list(app, &actor, status, page)).await?, &uri)))
}

/// A shipment with its vehicles, their check-in and the carrier's updates.
#[utoipa::path(get, path = "/api/v1/shipments/{id}", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Shipment), (status = 404, body = ApiErrorBody)))]
pub async fn shipment_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    Id(id): Id,
) -> Result<Json<Shipment>, WebError> {
    Ok(Json(state.run(move |app| sh::get(app, &actor, id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    version: i64,
    /// `in_transit` (a new ETA or a note) or `arrived` (at the gate).
    status: String,
    eta: Option<chrono::NaiveDate>,
    #[serde(default)]
    note: String,
}

/// The carrier's update: `in_transit` with a new ETA, or `arrived` at the gate (the orders of
/// its vehicles then say "arrived").
#[utoipa::path(post, path = "/api/v1/shipments/{id}/updates", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = ReportBody,
    responses((status = 200, body = Shipment), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn shipment_report(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<ReportBody>,
) -> Result<Json<Shipment>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                sh::report(app, &actor, id, b.version, &ReportInput { status: b.status, eta: b.eta, note: b.note })
            })
            .await?,
    ))
}

/// Checks in one VIN (typed or scanned) with the arrival inspection: a VIN the truck does not
/// carry is refused and changes nothing; a VIN checked in before answers `already`.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/check-ins", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = CheckInInput,
    responses((status = 200, body = CheckedInVin), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<CheckInInput>,
) -> Result<Json<CheckedInVin>, WebError> {
    Ok(Json(state.run(move |app| app::inventory::check_in::check_in(app, &actor, id, &b)).await?))
}

/// The store's locations (showroom, yard, off-site lot).
#[utoipa::path(get, path = "/api/v1/locations", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    responses((status = 200, body = Paged<Location>)))]
pub async fn location_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
) -> Result<Json<Paged<Location>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::inventory::locations::of_store(app, &actor)).await?)))
}

/// Adds a location to the store (its administrators).
#[utoipa::path(post, path = "/api/v1/locations", tag = "inventory", security(("bearer" = ["location_manage"])), request_body = LocationInput,
    responses((status = 201, body = Location), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn location_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LocationManage>,
    ApiJson(b): ApiJson<LocationInput>,
) -> Result<(StatusCode, Json<Location>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::inventory::locations::create(app, &actor, &b)).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationBody {
    version: i64,
    name: String,
    /// `showroom`, `yard` or `offsite`.
    kind: String,
    active: Option<bool>,
}

/// Renames a location, changes its kind, or takes it out of use.
#[utoipa::path(put, path = "/api/v1/locations/{id}", tag = "inventory", security(("bearer" = ["location_manage"])),
    params(("id" = i64, Path)), request_body = LocationBody,
    responses((status = 200, body = Location), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn location_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LocationManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<LocationBody>,
) -> Result<Json<Location>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                app::inventory::locations::update(
                    app,
                    &actor,
                    id,
                    b.version,
                    &LocationInput { name: b.name, kind: b.kind, active: b.active },
                )
            })
            .await?,
    ))
}

/// Requests sending free vehicles in stock to another store of the group; its general manager
/// approves.
#[utoipa::path(post, path = "/api/v1/transfers", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = TransferInput,
    responses((status = 201, body = Transfer), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transfer_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<TransferInput>,
) -> Result<(StatusCode, Json<Transfer>), WebError> {
    let key = crate::api::idempotency_key(&headers);
    let v = state.run(move |app| tr::request(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Transfers from or to the store, newest first.
#[utoipa::path(get, path = "/api/v1/transfers", tag = "inventory", security(("bearer" = ["vehicle_read"])), params(StatusParams),
    responses((status = 200, body = Paged<Transfer>), (status = 422, body = ApiErrorBody)))]
pub async fn transfer_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    ApiQuery(p): ApiQuery<StatusParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Transfer>>, WebError> {
    let (status, page) = p.parse()?;
    Ok(Json(Paged::of(state.run(move |app| tr::list(app, &actor, status, page)).await?, &uri)))
}

#[utoipa::path(get, path = "/api/v1/transfers/{id}", tag = "inventory", security(("bearer" = ["vehicle_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Transfer), (status = 404, body = ApiErrorBody)))]
pub async fn transfer_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleRead>,
    Id(id): Id,
) -> Result<Json<Transfer>, WebError> {
    Ok(Json(state.run(move |app| tr::get(app, &actor, id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    version: i64,
    /// Required when refusing.
    #[serde(default)]
    note: String,
}

/// The sending store's general manager approves (never their own request).
#[utoipa::path(post, path = "/api/v1/transfers/{id}/approve", tag = "inventory", security(("bearer" = ["transfer_approve"])),
    params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = Transfer), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn transfer_approve(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<TransferApprove>,
    Id(id): Id,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<Transfer>, WebError> {
    Ok(Json(state.run(move |app| tr::decide(app, &actor, id, b.version, true, &b.note)).await?))
}

/// The sending store's general manager refuses, saying why.
#[utoipa::path(post, path = "/api/v1/transfers/{id}/reject", tag = "inventory", security(("bearer" = ["transfer_approve"])),
    params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = Transfer), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transfer_reject(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<TransferApprove>,
    Id(id): Id,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<Transfer>, WebError> {
    Ok(Json(state.run(move |app| tr::decide(app, &actor, id, b.version, false, &b.note)).await?))
}

/// Puts an approved transfer on a truck to the other store: its vehicles go "in transit".
#[utoipa::path(post, path = "/api/v1/transfers/{id}/ship", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = ShipInput,
    responses((status = 200, body = Transfer), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transfer_ship(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<ShipInput>,
) -> Result<Json<Transfer>, WebError> {
    Ok(Json(state.run(move |app| tr::ship(app, &actor, id, &b)).await?))
}

/// Cancels a transfer not shipped yet, with a reason.
#[utoipa::path(post, path = "/api/v1/transfers/{id}/cancel", tag = "inventory", security(("bearer" = ["vehicle_manage"])),
    params(("id" = i64, Path)), request_body = ReleaseBody,
    responses((status = 200, body = Transfer), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transfer_cancel(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<VehicleManage>,
    Id(id): Id,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> Result<Json<Transfer>, WebError> {
    Ok(Json(state.run(move |app| tr::cancel(app, &actor, id, b.version, &b.reason)).await?))
}
