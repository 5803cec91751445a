//! Loaner cars: the store's fleet and who has each car, lending one against a repair order and
//! taking it back.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, ServiceRead, ServiceWrite};
use app::loaners::{LendInput, Loan, LoanQuery, LoanerCar, ReturnInput};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::ids::LoanId;

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(fleet, list, one, lend, of_order, give_back))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/loaner-cars", get(fleet))
        .route("/loans", get(list))
        .route("/loans/{id}", get(one))
        .route("/loans/{id}/return", post(give_back))
        .route("/repair-orders/{id}/loans", get(of_order).post(lend))
}

/// The store's loaner cars (vehicles used as loaners) and the loan each is out on (`null`: at
/// the store).
#[utoipa::path(get, path = "/api/v1/loaner-cars", tag = "loaners", security(("bearer" = ["service_read"])),
    responses((status = 200, body = Vec<LoanerCar>), (status = 403, body = ApiErrorBody)))]
pub async fn fleet(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
) -> Result<Json<Vec<LoanerCar>>, WebError> {
    Ok(Json(state.run(move |app| app::loaners::fleet(app, &actor)).await?))
}

/// The loans of the repair orders the reader may see, the cars out first.
#[utoipa::path(get, path = "/api/v1/loans", tag = "loaners", security(("bearer" = ["service_read"])), params(LoanQuery),
    responses((status = 200, body = Paged<Loan>), (status = 422, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    ApiQuery(q): ApiQuery<LoanQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Loan>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    Ok(Json(Paged::of(state.run(move |app| app::loaners::list(app, &actor, &q, page)).await?, &uri)))
}

/// A loan.
#[utoipa::path(get, path = "/api/v1/loans/{id}", tag = "loaners", security(("bearer" = ["service_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Loan), (status = 404, body = ApiErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    Id(id): Id,
) -> Result<Json<Loan>, WebError> {
    Ok(Json(state.run(move |app| app::loaners::get(app, &actor, LoanId(id))).await?))
}

/// A repair order's loans, the latest first.
#[utoipa::path(get, path = "/api/v1/repair-orders/{id}/loans", tag = "loaners", security(("bearer" = ["service_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Loan>), (status = 404, body = ApiErrorBody)))]
pub async fn of_order(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    Id(id): Id,
) -> Result<Json<Vec<Loan>>, WebError> {
    Ok(Json(state.run(move |app| app::loaners::of_repair_order(app, &actor, id)).await?))
}

/// Lends a loaner car to the customer of an open repair order: the driving licence valid until
/// the day the car is due back (at most 30 days ahead), the odometer and fuel or charge level as
/// it leaves. 409 `loan-car-out` when the car is lent, `loan-order-has-loan` when the order has a
/// car out, `loan-order-closed` when the car went back. The same `Idempotency-Key` again returns
/// the first loan.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/loans", tag = "loaners", security(("bearer" = ["service_write"])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = LendInput,
    responses((status = 201, body = Loan), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lend(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LendInput>,
) -> Result<(StatusCode, Json<Loan>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::loaners::lend(app, &actor, id, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The loaner is back: the odometer (not less than when it left), the fuel or charge level and
/// a note. 409 `loan-returned` when it is back already.
#[utoipa::path(post, path = "/api/v1/loans/{id}/return", tag = "loaners", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = ReturnInput,
    responses((status = 200, body = Loan), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn give_back(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(input): ApiJson<ReturnInput>,
) -> Result<Json<Loan>, WebError> {
    Ok(Json(state.run(move |app| app::loaners::give_back(app, &actor, LoanId(id), &input)).await?))
}
