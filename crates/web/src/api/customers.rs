use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{
    ApiNeed, CustomerAnonymise, CustomerCampaign, CustomerDataExport, CustomerRead, CustomerViewIdNumber, CustomerWrite,
};
use app::customers::vehicles::{CustomerVehicle, FoundVehicle, VehicleInput};
use app::customers::{CustomerInput, CustomerView};
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use app::customers::{CustomerFilter, CustomerSort};
use utoipa::{IntoParams, ToSchema};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    create,
    get_one,
    update,
    reveal_id_number,
    timeline,
    data_export,
    anonymise,
    campaign,
    vehicles,
    add_vehicle,
    find_vehicles,
    release_vehicle,
    vehicle_notes
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/campaign", post(campaign))
        .route("/customers/{id}", get(get_one).put(update))
        .route("/customers/{id}/id-number", post(reveal_id_number))
        .route("/customers/{id}/timeline", get(timeline))
        .route("/customers/{id}/data-export", post(data_export))
        .route("/customers/{id}/anonymise", post(anonymise))
        .route("/customers/{id}/vehicles", get(vehicles).post(add_vehicle))
        .route("/customer-vehicles", get(find_vehicles))
        .route("/customer-vehicles/{id}/release", post(release_vehicle))
        .route("/customer-vehicles/{id}/notes", get(vehicle_notes))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ListParams {
    /// Name part, mobile part, or the last 4 characters of the ID number.
    q: Option<String>,
    /// individual | company
    kind: Option<String>,
    owner_id: Option<i64>,
    /// Created on or after this date (YYYY-MM-DD, store time zone).
    created_from: Option<String>,
    /// Created on or before this date (YYYY-MM-DD).
    created_to: Option<String>,
    /// One tag, exactly.
    tag: Option<String>,
    /// true: only customers who agreed to marketing messages; false: only those who did not.
    marketing_consent: Option<bool>,
    /// created_desc (default) | created_asc | name_asc | name_desc | updated_desc
    sort: Option<String>,
    page: Option<i64>,
    /// 20 (default), 50, 100 or 200
    per_page: Option<i64>,
}

/// Customers within the caller's data scope.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", security(("bearer" = ["customer_read"])), params(ListParams),
    responses((status = 200, body = Paged<CustomerView>), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerRead>,
    ApiQuery(p): ApiQuery<ListParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<CustomerView>>, WebError> {
    let mut e = domain::FieldErrors::new();
    if p.kind.as_deref().is_some_and(|k| domain::customer::CustomerKind::from_code(k).is_none()) {
        e.add("kind", "customer-kind-unknown");
    }
    let sort = super::known("sort", p.sort.as_deref(), CustomerSort::from_code, &mut e).unwrap_or_default();
    let from = super::date_of("created_from", &p.created_from, &mut e);
    let to = super::date_of("created_to", &p.created_to, &mut e);
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let filter = CustomerFilter {
        q: p.q,
        kind: p.kind,
        owner_id: p.owner_id,
        created_from: from.map(crate::query::day_start_utc),
        created_until: to.and_then(|d| d.succ_opt()).map(crate::query::day_start_utc),
        tag: p.tag,
        consent: p.marketing_consent,
        sort,
    };
    let found = state.run(move |app| app::customers::list(app, &actor, &filter, page)).await?;
    Ok(Json(Paged::of(found, &uri)))
}

/// Creates a customer in the caller's current store. A duplicate mobile in the store is a 409
/// whose `existing` names the profile that has it.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", security(("bearer" = ["customer_write"])), request_body = CustomerInput,
    responses((status = 201, body = CustomerView), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerWrite>,
    ApiJson(input): ApiJson<CustomerInput>,
) -> Result<(StatusCode, Json<CustomerView>), WebError> {
    let c = state.run(move |app| app::customers::create(app, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = ["customer_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = CustomerView), (status = 404, body = ApiErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerRead>,
    Id(id): Id,
) -> Result<Json<CustomerView>, WebError> {
    Ok(Json(state.run(move |app| app::customers::get(app, &actor, id)).await?))
}

/// Updates a customer; `version` must be the version read (409 `stale` otherwise). A blank
/// `id_number` keeps the stored one.
#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = ["customer_write"])), params(("id" = i64, Path)), request_body = CustomerInput,
    responses((status = 200, body = CustomerView), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerWrite>,
    Id(id): Id,
    ApiJson(input): ApiJson<CustomerInput>,
) -> Result<Json<CustomerView>, WebError> {
    Ok(Json(state.run(move |app| app::customers::update(app, &actor, id, input.version, &input)).await?))
}

#[derive(Serialize, ToSchema)]
pub struct IdNumber {
    id_number: Option<String>,
}

/// The full resident ID number (roles with `customer_view_id_number`); every call is audited.
#[utoipa::path(post, path = "/api/v1/customers/{id}/id-number", tag = "customers", security(("bearer" = ["customer_view_id_number"])), params(("id" = i64, Path)),
    responses((status = 200, body = IdNumber), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn reveal_id_number(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerViewIdNumber>,
    Id(id): Id,
) -> Result<Json<IdNumber>, WebError> {
    let id_number = state.run(move |app| app::customers::reveal_id_number(app, &actor, id)).await?;
    Ok(Json(IdNumber { id_number }))
}

/// The customer 360's timeline, newest first: leads, contacts, test drives, orders and cars
/// handed over, each as far as the caller's permissions and data scope reach.
#[utoipa::path(get, path = "/api/v1/customers/{id}/timeline", tag = "customers", security(("bearer" = ["customer_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<app::customers::timeline::Moment>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerRead>,
    Id(id): Id,
) -> Result<Json<Vec<app::customers::timeline::Moment>>, WebError> {
    Ok(Json(state.run(move |app| app::customers::timeline::of_customer(app, &actor, id)).await?))
}

/// Everything the store keeps about the customer, for them (PIPL); every call is audited.
#[utoipa::path(post, path = "/api/v1/customers/{id}/data-export", tag = "customers", security(("bearer" = ["customer_data_export"])), params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn data_export(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerDataExport>,
    Id(id): Id,
) -> Result<Json<serde_json::Value>, WebError> {
    Ok(Json(state.run(move |app| app::customers::privacy::export(app, &actor, id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnonymiseBody {
    /// The profile's version the request was checked against.
    version: i64,
}

/// Erases the customer's personal data on their request, keeping orders, contracts and invoices;
/// 409 while an order is under way or a lead is open. Irreversible; audited.
#[utoipa::path(post, path = "/api/v1/customers/{id}/anonymise", tag = "customers", security(("bearer" = ["customer_anonymise"])), params(("id" = i64, Path)), request_body = AnonymiseBody,
    responses((status = 200, body = CustomerView), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn anonymise(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerAnonymise>,
    Id(id): Id,
    ApiJson(body): ApiJson<AnonymiseBody>,
) -> Result<Json<CustomerView>, WebError> {
    Ok(Json(state.run(move |app| app::customers::privacy::anonymise(app, &actor, id, body.version)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CampaignBody {
    subject: String,
    body: String,
    /// The list's filters, as `GET /customers` takes them.
    q: Option<String>,
    kind: Option<String>,
    owner_id: Option<i64>,
    tag: Option<String>,
}

/// A marketing e-mail to the customers of the filtered list (within the caller's scope) who
/// agreed to marketing messages and left an address; the others are counted, not written to.
#[utoipa::path(post, path = "/api/v1/customers/campaign", tag = "customers", security(("bearer" = ["customer_campaign"])), request_body = CampaignBody,
    responses((status = 200, body = app::customers::campaign::CampaignResult), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn campaign(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerCampaign>,
    ApiJson(b): ApiJson<CampaignBody>,
) -> Result<Json<app::customers::campaign::CampaignResult>, WebError> {
    let filter = CustomerFilter { q: b.q, kind: b.kind, owner_id: b.owner_id, tag: b.tag, ..Default::default() };
    let input = app::customers::campaign::CampaignInput { subject: b.subject, body: b.body };
    Ok(Json(state.run(move |app| app::customers::campaign::send(app, &actor, &filter, &input)).await?))
}

/// The customer's cars, the ones they own now first: sold here (joined at delivery) or bought
/// elsewhere.
#[utoipa::path(get, path = "/api/v1/customers/{id}/vehicles", tag = "customers", security(("bearer" = ["customer_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CustomerVehicle>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn vehicles(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerRead>,
    Id(id): Id,
) -> Result<Json<Vec<CustomerVehicle>>, WebError> {
    Ok(Json(state.run(move |app| app::customers::vehicles::of_customer(app, &actor, id)).await?))
}

/// Adds a car bought elsewhere to the customer. A VIN or plate another customer of the store
/// owns now is a 409 (`customer-vehicle-taken`).
#[utoipa::path(post, path = "/api/v1/customers/{id}/vehicles", tag = "customers", security(("bearer" = ["customer_write"])), params(("id" = i64, Path)), request_body = VehicleInput,
    responses((status = 201, body = CustomerVehicle), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_vehicle(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerWrite>,
    Id(id): Id,
    ApiJson(input): ApiJson<VehicleInput>,
) -> Result<(StatusCode, Json<CustomerVehicle>), WebError> {
    let v = state.run(move |app| app::customers::vehicles::add(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct FindParams {
    /// A plate (沪A12345), a whole VIN or its last six characters or more.
    q: String,
}

/// The cars owned now by customers in the caller's scope that match a plate or VIN (at most 20).
#[utoipa::path(get, path = "/api/v1/customer-vehicles", tag = "customers", security(("bearer" = ["customer_read"])), params(FindParams),
    responses((status = 200, body = Vec<FoundVehicle>), (status = 403, body = ApiErrorBody)))]
pub async fn find_vehicles(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerRead>,
    ApiQuery(p): ApiQuery<FindParams>,
) -> Result<Json<Vec<FoundVehicle>>, WebError> {
    Ok(Json(state.run(move |app| app::customers::vehicles::find(app, &actor, &p.q)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    /// The car's version as read.
    version: i64,
    /// The last day the customer owned it (`YYYY-MM-DD`, not in the future); blank: today.
    #[serde(default)]
    owned_until: String,
}

/// The customer no longer owns the car (sold on, scrapped); the record stays in their history.
#[utoipa::path(post, path = "/api/v1/customer-vehicles/{id}/release", tag = "customers", security(("bearer" = ["customer_write"])), params(("id" = i64, Path)), request_body = ReleaseBody,
    responses((status = 200, body = CustomerVehicle), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn release_vehicle(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CustomerWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> Result<Json<CustomerVehicle>, WebError> {
    Ok(Json(state.run(move |app| app::customers::vehicles::release(app, &actor, id, b.version, &b.owned_until)).await?))
}

/// What the desk should know about a customer's car: the open recalls and service campaigns
/// that name it (and those done, for the record), from every capability that has something to
/// say about a car.
#[utoipa::path(get, path = "/api/v1/customer-vehicles/{id}/notes", tag = "customers", security(("bearer" = ["customer_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<app::kernel::vehicle_notes::VehicleNote>), (status = 404, body = ApiErrorBody)))]
pub async fn vehicle_notes(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<crate::session::CustomerRead>,
    Id(id): Id,
) -> Result<Json<Vec<app::kernel::vehicle_notes::VehicleNote>>, WebError> {
    Ok(Json(state.run(move |app| app::customers::vehicles::notes(app, &actor, id)).await?))
}
