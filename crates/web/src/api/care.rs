//! Customer care's API: callbacks due and their calls, complaints from taking one to closing it.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, CallbackRecord, CareRead, CatalogueManage, ComplaintWrite};
use app::care::{CallInput, Callback, CallbackQuery, Complaint, ComplaintInput, ComplaintQuery, StepInput};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(callbacks, callback, call, complaints, open, complaint, step, reminders, schedules, set_schedule))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/callbacks", get(callbacks))
        .route("/callbacks/{id}", get(callback))
        .route("/callbacks/{id}/calls", post(call))
        .route("/complaints", get(complaints).post(open))
        .route("/complaints/{id}", get(complaint))
        .route("/complaints/{id}/steps", post(step))
        .route("/reminders", get(reminders))
        .route("/service-schedules", get(schedules))
        .route("/service-schedules/{id}", put(set_schedule))
}

/// The reminders the store sent (or could not send), the soonest due first.
#[utoipa::path(get, path = "/api/v1/reminders", tag = "care", security(("bearer" = ["care_read"])), params(app::care::ReminderQuery),
    responses((status = 200, body = Paged<app::care::Reminder>), (status = 422, body = ApiErrorBody)))]
pub async fn reminders(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
    ApiQuery(q): ApiQuery<app::care::ReminderQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<app::care::Reminder>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let f = q.parse()?;
    Ok(Json(Paged::of(state.run(move |app| app::care::reminders(app, &actor, &f, page)).await?, &uri)))
}

/// The callbacks the reader may see, the earliest due first (default: open and due by today).
#[utoipa::path(get, path = "/api/v1/callbacks", tag = "care", security(("bearer" = ["care_read"])), params(CallbackQuery),
    responses((status = 200, body = Paged<Callback>), (status = 422, body = ApiErrorBody)))]
pub async fn callbacks(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
    ApiQuery(q): ApiQuery<CallbackQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Callback>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let rows = state
        .run(move |app| {
            let today = app::kernel::calendar::today(app, &actor)?;
            let f = q.parse(today)?;
            app::care::callbacks(app, &actor, &f, page)
        })
        .await?;
    Ok(Json(Paged::of(rows, &uri)))
}

/// A callback.
#[utoipa::path(get, path = "/api/v1/callbacks/{id}", tag = "care", security(("bearer" = ["care_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Callback), (status = 404, body = ApiErrorBody)))]
pub async fn callback(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
    Id(id): Id,
) -> Result<Json<Callback>, WebError> {
    Ok(Json(state.run(move |app| app::care::callback(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct CallBody {
    /// The callback's version.
    version: i64,
    #[serde(flatten)]
    call: CallInput,
}

/// Records a call: `reached` with a score of 1 to 5, or `not_reached` (due again tomorrow, three
/// calls at most). A score of 1 or 2 needs what the customer said and opens a complaint
/// (`complaint_id` in the answer). 409 `callback-closed` once answered or unreachable.
#[utoipa::path(post, path = "/api/v1/callbacks/{id}/calls", tag = "care", security(("bearer" = ["callback_record"])), params(("id" = i64, Path)), request_body = CallBody,
    responses((status = 200, body = Callback), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn call(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CallbackRecord>,
    Id(id): Id,
    ApiJson(b): ApiJson<CallBody>,
) -> Result<Json<Callback>, WebError> {
    Ok(Json(state.run(move |app| app::care::record(app, &actor, id, b.version, &b.call)).await?))
}

/// The complaints the reader may see, the earliest deadline first (default: open).
#[utoipa::path(get, path = "/api/v1/complaints", tag = "care", security(("bearer" = ["care_read"])), params(ComplaintQuery),
    responses((status = 200, body = Paged<Complaint>), (status = 422, body = ApiErrorBody)))]
pub async fn complaints(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
    ApiQuery(q): ApiQuery<ComplaintQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Complaint>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let rows = state
        .run(move |app| {
            let today = app::kernel::calendar::today(app, &actor)?;
            let f = q.parse(&actor, today)?;
            app::care::complaints(app, &actor, &f, page)
        })
        .await?;
    Ok(Json(Paged::of(rows, &uri)))
}

/// Takes a complaint: numbered, due in its severity's working days. The same `Idempotency-Key`
/// again returns the complaint taken the first time.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "care", security(("bearer" = ["complaint_write"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = ComplaintInput,
    responses((status = 201, body = Complaint), (status = 422, body = ApiErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ComplaintWrite>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<(StatusCode, Json<Complaint>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::care::open(app, &actor, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A complaint with its history.
#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "care", security(("bearer" = ["care_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Complaint), (status = 404, body = ApiErrorBody)))]
pub async fn complaint(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
    Id(id): Id,
) -> Result<Json<Complaint>, WebError> {
    Ok(Json(state.run(move |app| app::care::complaint(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct StepBody {
    /// The complaint's version.
    version: i64,
    #[serde(flatten)]
    step: StepInput,
}

/// A step on a complaint: `resolve` (its owner or a manager, with what was done), `accept` or
/// `reopen` (the customer's answer to a resolution), `reassign` (`complaint_manage`, with
/// `owner_id`).
#[utoipa::path(post, path = "/api/v1/complaints/{id}/steps", tag = "care", security(("bearer" = ["complaint_write"])), params(("id" = i64, Path)), request_body = StepBody,
    responses((status = 200, body = Complaint), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ComplaintWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<StepBody>,
) -> Result<Json<Complaint>, WebError> {
    Ok(Json(state.run(move |app| app::care::step(app, &actor, id, b.version, &b.step)).await?))
}

/// Every model of the group with the maintenance schedule its reminders count from (the maker's,
/// or the default 6 months / 5,000 km then 12 months / 10,000 km when none was entered).
#[utoipa::path(get, path = "/api/v1/service-schedules", tag = "care", security(("bearer" = ["care_read"])),
    responses((status = 200, body = Vec<app::care::ModelSchedule>)))]
pub async fn schedules(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CareRead>,
) -> Result<Json<Vec<app::care::ModelSchedule>>, WebError> {
    Ok(Json(state.run(move |app| app::care::schedules(app, &actor)).await?))
}

/// Sets a model's maintenance schedule (`catalogue_manage`, group scope): months 1–60 and
/// kilometres 500–100,000 for the first service and for each one after.
#[utoipa::path(put, path = "/api/v1/service-schedules/{id}", tag = "care", security(("bearer" = ["catalogue_manage"])), params(("id" = i64, Path, description = "the model")),
    request_body = app::care::ScheduleInput,
    responses((status = 200, body = app::care::ModelSchedule), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn set_schedule(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CatalogueManage>,
    Id(id): Id,
    ApiJson(input): ApiJson<app::care::ScheduleInput>,
) -> Result<Json<app::care::ModelSchedule>, WebError> {
    Ok(Json(state.run(move |app| app::care::set_schedule(app, &actor, id, &input)).await?))
}
