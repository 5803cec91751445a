//! The CRM API (issue 17): leads pushed by websites and lead platforms (Idempotency-Key and an
//! external reference, so a retried push never makes a second lead), the scoped list, a lead's
//! edits, stage, assignment, follow-ups and lost request, the advisor's day list, the overdue
//! counts per advisor, and the store's cadences and advisors on duty.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::extract::ApiJsonFlat;
use crate::session::{ApiNeed, CrmSettingsManage, LeadAssign, LeadLostApprove, LeadRead, LeadWrite};
use app::crm::leads::{self, LeadQuery, LostInput};
use app::crm::settings::{CrmSettings, SettingsInput};
use app::crm::test_drives::{self as td, BookingInput, DemoCar, DriveStep, TestDrive};
use app::crm::{ContactInput, DueCount, DueItem, FollowUp, InquiryInput, Lead, LeadEdit, follow_ups};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    lead_create,
    lead_list,
    lead_get,
    lead_update,
    lead_stage,
    lead_assign,
    lead_follow_ups,
    lead_contact,
    lead_follow_up_date,
    lead_lost_request,
    lead_lost_approve,
    lead_lost_reject,
    due_list,
    due_counts,
    settings_get,
    settings_set,
    demo_cars,
    drive_book,
    drive_of_lead,
    drive_day,
    drive_out,
    drive_return,
    drive_cancel
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/leads", get(lead_list).post(lead_create))
        .route("/leads/{id}", get(lead_get).put(lead_update))
        .route("/leads/{id}/stage", post(lead_stage))
        .route("/leads/{id}/assign", post(lead_assign))
        .route("/leads/{id}/follow-ups", get(lead_follow_ups).post(lead_contact))
        .route("/leads/{id}/follow-up-date", post(lead_follow_up_date))
        .route("/leads/{id}/lost-request", post(lead_lost_request))
        .route("/leads/{id}/lost-approval", post(lead_lost_approve))
        .route("/leads/{id}/lost-rejection", post(lead_lost_reject))
        .route("/follow-ups/due", get(due_list))
        .route("/follow-ups/due-counts", get(due_counts))
        .route("/crm/settings", get(settings_get).put(settings_set))
        .route("/demo-cars", get(demo_cars))
        .route("/leads/{id}/test-drives", get(drive_of_lead).post(drive_book))
        .route("/test-drives", get(drive_day))
        .route("/test-drives/{id}/check-out", post(drive_out))
        .route("/test-drives/{id}/return", post(drive_return))
        .route("/test-drives/{id}/cancel", post(drive_cancel))
}

/// Records an inquiry as a lead: a website's or lead platform's push, or the inquiry form. A
/// mobile number the store already has is a 409 whose `existing` names the profile (or, outside
/// the caller's scope, only the advisor to ask); send `customer_id` to use it. The same
/// `Idempotency-Key` or `external_ref` again returns the lead made the first time.
#[utoipa::path(post, path = "/api/v1/leads", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = InquiryInput,
    responses((status = 201, body = Lead), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    headers: HeaderMap,
    ApiJsonFlat(b): ApiJsonFlat<InquiryInput>,
) -> Result<(StatusCode, Json<Lead>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| leads::record_inquiry(app, &actor, &b, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Leads within the caller's data scope (an advisor's own, a manager's team's).
#[utoipa::path(get, path = "/api/v1/leads", tag = "crm", security(("bearer" = ["lead_read"])), params(LeadQuery),
    responses((status = 200, body = Paged<Lead>), (status = 422, body = ApiErrorBody)))]
pub async fn lead_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    ApiQuery(p): ApiQuery<LeadQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Lead>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(p.page, p.per_page, &mut e);
    let filter = p.parse();
    if let Err(more) = &filter {
        for f in more.iter() {
            e.add(f.field.clone(), f.code);
        }
    }
    e.into_result()?;
    let filter = filter?;
    Ok(Json(Paged::of(state.run(move |app| leads::list(app, &actor, &filter, page)).await?, &uri)))
}

#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "crm", security(("bearer" = ["lead_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody)))]
pub async fn lead_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    Id(id): Id,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::get(app, &actor, id)).await?))
}

/// What the advisor learnt: channel, models, budget, timeframe, payment, tier, trade-in, notes.
#[utoipa::path(put, path = "/api/v1/leads/{id}", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = LeadEdit,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<LeadEdit>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::edit(app, &actor, id, &b)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    version: i64,
    /// new | contacted | invited | test_drive | negotiating | dormant
    stage: String,
}

/// The advisor reports where the lead stands. Ordered follows from an order, lost from a
/// manager's approval.
#[utoipa::path(post, path = "/api/v1/leads/{id}/stage", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = StageBody,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_stage(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<StageBody>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::report_stage(app, &actor, id, b.version, &b.stage)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    version: i64,
    /// An active user of the store whose role sells (within a team manager's team).
    owner_id: Option<i64>,
}

/// A manager gives the lead to another advisor; its planned follow-up goes with it.
#[utoipa::path(post, path = "/api/v1/leads/{id}/assign", tag = "crm", security(("bearer" = ["lead_assign"])),
    params(("id" = i64, Path)), request_body = AssignBody,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_assign(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadAssign>,
    Id(id): Id,
    ApiJson(b): ApiJson<AssignBody>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::assign(app, &actor, id, b.version, b.owner_id)).await?))
}

/// The lead's follow-ups: the planned one first, then the contacts, newest first.
#[utoipa::path(get, path = "/api/v1/leads/{id}/follow-ups", tag = "crm", security(("bearer" = ["lead_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<FollowUp>), (status = 404, body = ApiErrorBody)))]
pub async fn lead_follow_ups(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    Id(id): Id,
) -> Result<Json<Vec<FollowUp>>, WebError> {
    Ok(Json(state.run(move |app| leads::follow_ups(app, &actor, id)).await?))
}

/// Logs a contact (call, visit, SMS, WeChat) with its outcome and plans the next follow-up (the
/// tier's cadence unless a day is given; never in the past).
#[utoipa::path(post, path = "/api/v1/leads/{id}/follow-ups", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = ContactInput,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_contact(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<ContactInput>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| follow_ups::log_contact(app, &actor, id, &b)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DateBody {
    version: i64,
    /// Today or later.
    due_on: Option<NaiveDate>,
}

/// Moves the planned follow-up to another day.
#[utoipa::path(post, path = "/api/v1/leads/{id}/follow-up-date", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = DateBody,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_follow_up_date(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<DateBody>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| follow_ups::reschedule(app, &actor, id, b.version, b.due_on)).await?))
}

/// The advisor asks to give the lead up (战败) with a reason from the list (and the competitor
/// where the reason needs one); a manager decides.
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost-request", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = LostInput,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_lost_request(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<LostInput>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::request_lost(app, &actor, id, &b)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    version: i64,
    /// Required when refusing.
    #[serde(default)]
    note: String,
}

/// A manager approves the lost request (never their own): the lead is lost.
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost-approval", tag = "crm", security(("bearer" = ["lead_lost_approve"])),
    params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_lost_approve(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadLostApprove>,
    Id(id): Id,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::decide_lost(app, &actor, id, b.version, true, &b.note)).await?))
}

/// A manager refuses the lost request, saying why: the advisor works on.
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost-rejection", tag = "crm", security(("bearer" = ["lead_lost_approve"])),
    params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = Lead), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn lead_lost_reject(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadLostApprove>,
    Id(id): Id,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<Lead>, WebError> {
    Ok(Json(state.run(move |app| leads::decide_lost(app, &actor, id, b.version, false, &b.note)).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DueParams {
    /// Another advisor's list, within a manager's scope; absent: the caller's own.
    owner_id: Option<i64>,
    page: Option<i64>,
    /// 20 (default), 50, 100 or 200
    per_page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DueList {
    /// The store's day the list is for.
    day: NaiveDate,
    #[serde(flatten)]
    page: Paged<DueItem>,
}

/// The day list (今日待跟进): follow-ups due today or overdue, the most overdue first.
#[utoipa::path(get, path = "/api/v1/follow-ups/due", tag = "crm", security(("bearer" = ["lead_read"])), params(DueParams),
    responses((status = 200, body = DueList), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn due_list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    ApiQuery(p): ApiQuery<DueParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<DueList>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let (day, found) = state.run(move |app| follow_ups::day_list(app, &actor, p.owner_id, page)).await?;
    Ok(Json(DueList { day, page: Paged::of(found, &uri) }))
}

/// Follow-ups overdue and due today per advisor within the caller's scope, the most overdue
/// first.
#[utoipa::path(get, path = "/api/v1/follow-ups/due-counts", tag = "crm", security(("bearer" = ["lead_read"])),
    responses((status = 200, body = Vec<DueCount>)))]
pub async fn due_counts(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
) -> Result<Json<Vec<DueCount>>, WebError> {
    Ok(Json(state.run(move |app| follow_ups::due_counts(app, &actor)).await?))
}

/// The store's follow-up cadence per intent tier and its advisors on or off duty, for those who
/// keep them (the same permission as changing them, as on the console's settings page).
#[utoipa::path(get, path = "/api/v1/crm/settings", tag = "crm", security(("bearer" = ["crm_settings_manage"])),
    responses((status = 200, body = CrmSettings)))]
pub async fn settings_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CrmSettingsManage>,
) -> Result<Json<CrmSettings>, WebError> {
    Ok(Json(state.run(move |app| app::crm::settings::to_manage(app, &actor)).await?))
}

/// Sets days per tier (1-90) and the advisors who take new leads in turn.
#[utoipa::path(put, path = "/api/v1/crm/settings", tag = "crm", security(("bearer" = ["crm_settings_manage"])),
    request_body = SettingsInput, responses((status = 200, body = CrmSettings), (status = 422, body = ApiErrorBody)))]
pub async fn settings_set(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CrmSettingsManage>,
    ApiJson(b): ApiJson<SettingsInput>,
) -> Result<Json<CrmSettings>, WebError> {
    Ok(Json(state.run(move |app| app::crm::settings::set(app, &actor, &b)).await?))
}

/// The store's demo cars (vehicles whose usage is "demo"), for booking test drives.
#[utoipa::path(get, path = "/api/v1/demo-cars", tag = "crm", security(("bearer" = ["lead_read"])),
    responses((status = 200, body = Vec<DemoCar>)))]
pub async fn demo_cars(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
) -> Result<Json<Vec<DemoCar>>, WebError> {
    Ok(Json(state.run(move |app| td::demo_cars(app, &actor)).await?))
}

/// Books a demo car for the lead's customer: a valid driving licence (the holder's ID number,
/// not expired on the day), and neither the car nor the customer booked for an overlapping slot
/// (409 `test_drive_car_taken` / `test_drive_customer_taken`). The lead moves to test drive.
#[utoipa::path(post, path = "/api/v1/leads/{id}/test-drives", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = BookingInput,
    responses((status = 201, body = TestDrive), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn drive_book(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<BookingInput>,
) -> Result<(StatusCode, Json<TestDrive>), WebError> {
    let v = state.run(move |app| td::book(app, &actor, id, &b)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The lead's test drives, the latest first.
#[utoipa::path(get, path = "/api/v1/leads/{id}/test-drives", tag = "crm", security(("bearer" = ["lead_read"])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<TestDrive>), (status = 404, body = ApiErrorBody)))]
pub async fn drive_of_lead(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    Id(id): Id,
) -> Result<Json<Vec<TestDrive>>, WebError> {
    Ok(Json(state.run(move |app| td::of_lead(app, &actor, id)).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DayParams {
    /// YYYY-MM-DD in the store's calendar; absent: today.
    day: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DriveDay {
    day: NaiveDate,
    items: Vec<TestDrive>,
}

/// The store's test drives of a day, by time.
#[utoipa::path(get, path = "/api/v1/test-drives", tag = "crm", security(("bearer" = ["lead_read"])), params(DayParams),
    responses((status = 200, body = DriveDay), (status = 422, body = ApiErrorBody)))]
pub async fn drive_day(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadRead>,
    ApiQuery(p): ApiQuery<DayParams>,
) -> Result<Json<DriveDay>, WebError> {
    let mut e = domain::FieldErrors::new();
    let day = super::date_of("day", &p.day, &mut e);
    e.into_result()?;
    let (day, items) = state.run(move |app| td::of_day(app, &actor, day)).await?;
    Ok(Json(DriveDay { day, items }))
}

/// The customer drives off: the odometer at check-out.
#[utoipa::path(post, path = "/api/v1/test-drives/{id}/check-out", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = DriveStep,
    responses((status = 200, body = TestDrive), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn drive_out(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<DriveStep>,
) -> Result<Json<TestDrive>, WebError> {
    Ok(Json(state.run(move |app| td::check_out(app, &actor, id, &b)).await?))
}

/// The car is back: the odometer, the customer's verdict and impression (logged on the lead).
#[utoipa::path(post, path = "/api/v1/test-drives/{id}/return", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = DriveStep,
    responses((status = 200, body = TestDrive), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn drive_return(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<DriveStep>,
) -> Result<Json<TestDrive>, WebError> {
    Ok(Json(state.run(move |app| td::give_back(app, &actor, id, &b)).await?))
}

/// Cancels a booking not started, with a reason.
#[utoipa::path(post, path = "/api/v1/test-drives/{id}/cancel", tag = "crm", security(("bearer" = ["lead_write"])),
    params(("id" = i64, Path)), request_body = DriveStep,
    responses((status = 200, body = TestDrive), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn drive_cancel(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<LeadWrite>,
    Id(id): Id,
    ApiJson(b): ApiJson<DriveStep>,
) -> Result<Json<TestDrive>, WebError> {
    Ok(Json(state.run(move |app| td::cancel(app, &actor, id, &b)).await?))
}
