//! After-sales' API: repair orders from reception to handover, the workshop's jobs, the cashier's
//! payments against a repair order, and a car's 三包 clocks.

mod appointments;
mod history;

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::extract::ApiJsonFlat;
use crate::session::{
    ApiNeed, PaymentRegister, ServiceDispatch, ServiceQc, ServiceRead, ServiceSettingsManage, ServiceWork, ServiceWrite,
};
use app::finance::bills::BillPaymentInput;
use app::service::{
    BoardJob, Clocks, JobInput, LineRemoval, PartInput, ReceptionInput, RepairOrder, RepairOrderLine, RepairQuery,
    TechnicianLoad,
};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    receive,
    get_one,
    add_job,
    add_part,
    remove_job,
    remove_part,
    approve,
    dispatch,
    job_step,
    qc,
    settle,
    hand_over,
    cancel,
    pay,
    technicians,
    my_jobs,
    clocks,
    rate,
    set_rate,
    appointments::day,
    appointments::book,
    appointments::one,
    appointments::close,
    history::of_vehicle
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/repair-orders", get(list).post(receive))
        .route("/repair-orders/{id}", get(get_one))
        .route("/repair-orders/{id}/jobs", post(add_job))
        .route("/repair-orders/{id}/parts", post(add_part))
        .route("/repair-orders/{id}/jobs/{line}", delete(remove_job))
        .route("/repair-orders/{id}/parts/{line}", delete(remove_part))
        .route("/repair-orders/{id}/estimate-approval", post(approve))
        .route("/repair-orders/{id}/jobs/{line}/dispatch", post(dispatch))
        .route("/repair-orders/{id}/jobs/{line}/steps", post(job_step))
        .route("/repair-orders/{id}/quality-check", post(qc))
        .route("/repair-orders/{id}/settlement", post(settle))
        .route("/repair-orders/{id}/handover", post(hand_over))
        .route("/repair-orders/{id}/cancel", post(cancel))
        .route("/repair-orders/{id}/payments", post(pay))
        .route("/technicians", get(technicians))
        .route("/me/jobs", get(my_jobs))
        .route("/warranty-clocks", get(clocks))
        .route("/labour-rate", get(rate).put(set_rate))
        .route("/appointments", get(appointments::day).post(appointments::book))
        .route("/appointments/{id}", get(appointments::one))
        .route("/appointments/{id}/close", post(appointments::close))
        .route("/customer-vehicles/{id}/service-history", get(history::of_vehicle))
}

/// Repair orders within the caller's data scope, newest first.
#[utoipa::path(get, path = "/api/v1/repair-orders", tag = "service", security(("bearer" = ["service_read"])), params(RepairQuery),
    responses((status = 200, body = Paged<RepairOrderLine>), (status = 422, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    ApiQuery(q): ApiQuery<RepairQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<RepairOrderLine>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    let filter = q.parse(&actor);
    if let Err(more) = &filter {
        for f in more.iter() {
            e.add(f.field.clone(), f.code);
        }
    }
    e.into_result()?;
    let filter = filter?;
    let (rows, _) = state.run(move |app| app::service::list(app, &actor, &filter, page)).await?;
    Ok(Json(Paged::of(rows, &uri)))
}

/// Receives a customer's car (接车): one of their vehicles (`GET /api/v1/customer-vehicles?q=`
/// finds it by plate or VIN), the mileage, fuel or charge level and the customer's complaints.
/// The same `Idempotency-Key` again returns the repair order made the first time.
#[utoipa::path(post, path = "/api/v1/repair-orders", tag = "service", security(("bearer" = ["service_write"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = ReceptionInput,
    responses((status = 201, body = RepairOrder), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn receive(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ReceptionInput>,
) -> Result<(StatusCode, Json<RepairOrder>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::service::receive(app, &actor, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A repair order with its jobs, parts, steps, totals per payer and the car's 三包 clocks;
/// `actions` says what the caller may do now.
#[utoipa::path(get, path = "/api/v1/repair-orders/{id}", tag = "service", security(("bearer" = ["service_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    Id(id): Id,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::get(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct JobBody {
    /// The repair order's version.
    version: i64,
    #[serde(flatten)]
    job: JobInput,
}

/// Adds a job at the store's labour rate; it waits for the customer's approval. A 三包 job on a
/// car outside its 三包 period is a 422 on `payer`.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/jobs", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = JobBody,
    responses((status = 201, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_job(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<JobBody>,
) -> Result<(StatusCode, Json<RepairOrder>), WebError> {
    let v = state.run(move |app| app::service::add_job(app, &actor, id, b.version, &b.job)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct PartBody {
    version: i64,
    #[serde(flatten)]
    part: PartInput,
}

/// Adds a part; it waits for the customer's approval.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/parts", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = PartBody,
    responses((status = 201, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_part(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<PartBody>,
) -> Result<(StatusCode, Json<RepairOrder>), WebError> {
    let v = state.run(move |app| app::service::add_part(app, &actor, id, b.version, &b.part)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The repair order's version.
    version: i64,
}

/// Takes a job the customer has not approved off the estimate (409 once approved).
#[utoipa::path(delete, path = "/api/v1/repair-orders/{id}/jobs/{line}", tag = "service", security(("bearer" = ["service_write"])),
    params(("id" = i64, Path), ("line" = i64, Path), VersionParam),
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn remove_job(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Path((id, line)): Path<(i64, i64)>,
    ApiQuery(p): ApiQuery<VersionParam>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::remove_line(app, &actor, id, p.version, LineRemoval::Job(line))).await?))
}

/// Takes a part the customer has not approved off the estimate (409 once approved).
#[utoipa::path(delete, path = "/api/v1/repair-orders/{id}/parts/{line}", tag = "service", security(("bearer" = ["service_write"])),
    params(("id" = i64, Path), ("line" = i64, Path), VersionParam),
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn remove_part(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Path((id, line)): Path<(i64, i64)>,
    ApiQuery(p): ApiQuery<VersionParam>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(
        state.run(move |app| app::service::remove_line(app, &actor, id, p.version, LineRemoval::Part(line))).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    /// The repair order's version.
    version: i64,
}

/// Records the customer's approval of the lines waiting for it, signed on the printed estimate.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/estimate-approval", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::approve_estimate(app, &actor, id, b.version)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchBody {
    /// The job's version.
    version: i64,
    technician_id: i64,
}

/// Gives an approved job to a technician of the store (`GET /api/v1/technicians` lists them
/// with their load), or to another one before it starts.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/jobs/{line}/dispatch", tag = "service", security(("bearer" = ["service_dispatch"])),
    params(("id" = i64, Path), ("line" = i64, Path)), request_body = DispatchBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn dispatch(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceDispatch>,
    Path((id, line)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<DispatchBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                app::service::dispatch(
                    app,
                    &actor,
                    (domain::ids::RepairOrderId(id), domain::ids::RepairJobId(line)),
                    b.version,
                    domain::ids::UserId(b.technician_id),
                )
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// The job's version.
    version: i64,
    /// start | wait_for_parts | finish
    step: String,
    /// Hours clocked, such as `1.5` (for `finish`).
    #[serde(default)]
    clocked: String,
}

/// The technician's step on their own job; the last job finished sends the car to quality
/// control.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/jobs/{line}/steps", tag = "service", security(("bearer" = ["service_work"])),
    params(("id" = i64, Path), ("line" = i64, Path)), request_body = StepBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn job_step(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWork>,
    Path((id, line)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<StepBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                app::service::step(
                    app,
                    &actor,
                    (domain::ids::RepairOrderId(id), domain::ids::RepairJobId(line)),
                    b.version,
                    &b.step,
                    &b.clocked,
                )
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QcBody {
    version: i64,
    passed: bool,
    /// Required when failing: what is wrong.
    #[serde(default)]
    note: String,
    /// The jobs that go back to work (when failing).
    #[serde(default)]
    rework: Vec<i64>,
}

/// The inspector's verdict: pass, or fail with the reason and the jobs that go back to work.
/// 409 for someone who worked on the car.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/quality-check", tag = "service", security(("bearer" = ["service_qc"])), params(("id" = i64, Path)), request_body = QcBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn qc(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceQc>,
    Id(id): Id,
    ApiJson(b): ApiJson<QcBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(
        state
            .run(move |app| app::service::quality_check(app, &actor, id, b.version, b.passed, &b.note, &b.rework))
            .await?,
    ))
}

/// Settles the repair order once quality control passed: the totals per payer are fixed and the
/// customer's part is billed (`POST …/payments`).
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/settlement", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn settle(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::settle(app, &actor, id, b.version)).await?))
}

/// Hands the car back: settled and the customer's part paid (409 `repair_unpaid` otherwise).
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/handover", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn hand_over(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::hand_over(app, &actor, id, b.version)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    version: i64,
    reason: String,
}

/// Cancels a repair order on which no work started, with its reason.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/cancel", tag = "service", security(("bearer" = ["service_write"])), params(("id" = i64, Path)), request_body = CancelBody,
    responses((status = 200, body = RepairOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<CancelBody>,
) -> Result<Json<RepairOrder>, WebError> {
    Ok(Json(state.run(move |app| app::service::cancel(app, &actor, id, b.version, &b.reason)).await?))
}

/// Registers what the customer paid against the settled repair order (at most what is still
/// due); the cashier's own record (`payment_confirm`) is confirmed at once with its receipt, and
/// paid in full lets the car go back.
#[utoipa::path(post, path = "/api/v1/repair-orders/{id}/payments", tag = "service", security(("bearer" = ["payment_register"])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = BillPaymentInput,
    responses((status = 201, body = app::finance::Payment), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn pay(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PaymentRegister>,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(input): ApiJson<BillPaymentInput>,
) -> Result<(StatusCode, Json<app::finance::Payment>), WebError> {
    let key = super::idempotency_key(&headers);
    let document = domain::billing::Document { kind: domain::billing::DocumentKind::RepairOrder, id };
    let p = state.run(move |app| app::finance::bills::register(app, &actor, document, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// The store's technicians with their open jobs and standard hours, the least loaded first.
#[utoipa::path(get, path = "/api/v1/technicians", tag = "service", security(("bearer" = ["service_read"])),
    responses((status = 200, body = Paged<TechnicianLoad>)))]
pub async fn technicians(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
) -> Result<Json<Paged<TechnicianLoad>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::service::technicians(app, &actor)).await?)))
}

/// The caller's jobs not done yet, the most urgent first.
#[utoipa::path(get, path = "/api/v1/me/jobs", tag = "service", security(("bearer" = ["service_work"])),
    responses((status = 200, body = Paged<BoardJob>)))]
pub async fn my_jobs(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceWork>,
) -> Result<Json<Paged<BoardJob>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::service::my_jobs(app, &actor)).await?)))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VinParam {
    vin: String,
}

/// The 三包 clocks of a car the store has serviced: days in the shop, repeat repairs per system,
/// the 7-day and 60-day windows and the warnings (`null` when the store knows no invoice date).
#[utoipa::path(get, path = "/api/v1/warranty-clocks", tag = "service", security(("bearer" = ["service_read"])), params(VinParam),
    responses((status = 200, body = Option<Clocks>), (status = 422, body = ApiErrorBody)))]
pub async fn clocks(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceRead>,
    ApiQuery(p): ApiQuery<VinParam>,
) -> Result<Json<Option<Clocks>>, WebError> {
    let vin = domain::ident::Vin::parse_without_check(&p.vin)
        .map_err(|e| app::AppError::field("vin", domain::error::ErrorCode::code(&e)))?;
    Ok(Json(state.run(move |app| app::service::clocks_of_vin(app, &actor, vin.as_str())).await?))
}

/// The store's labour rate per standard hour.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LabourRate {
    /// Fen per standard hour.
    labour_rate_fen: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateBody {
    /// Yuan per standard hour, such as `180.00`.
    rate: String,
}

/// The store's labour rate (¥180 until the store sets its own).
#[utoipa::path(get, path = "/api/v1/labour-rate", tag = "service", security(("bearer" = ["service_settings_manage"])),
    responses((status = 200, body = LabourRate), (status = 403, body = ApiErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceSettingsManage>,
) -> Result<Json<LabourRate>, WebError> {
    let m = state.run(move |app| app::service::labour_rate(app, &actor)).await?;
    Ok(Json(LabourRate { labour_rate_fen: m.fen() }))
}

/// Sets the store's labour rate; jobs already on repair orders keep theirs. Audited.
#[utoipa::path(put, path = "/api/v1/labour-rate", tag = "service", security(("bearer" = ["service_settings_manage"])), request_body = RateBody,
    responses((status = 200, body = LabourRate), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn set_rate(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ServiceSettingsManage>,
    ApiJson(b): ApiJson<RateBody>,
) -> Result<Json<LabourRate>, WebError> {
    let m = state.run(move |app| app::service::set_labour_rate(app, &actor, &b.rate)).await?;
    Ok(Json(LabourRate { labour_rate_fen: m.fen() }))
}
