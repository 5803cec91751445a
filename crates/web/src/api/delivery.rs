//! Delivery's API: an order's delivery (checklist, inspections, what blocks the handover), its
//! PDI and its handover.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, DeliveryHandOver, DeliveryInspect, DeliverySettingsManage, OrderRead};
use app::delivery::checklists::{ChecklistSetting, OwnItemInput};
use app::delivery::{Booking, BookingInput, CalendarEntry, Delivery, HandoverInput, HoursInput, InspectionInput, Slot};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    checklist,
    checklist_add,
    checklist_switch,
    of_order,
    inspect,
    hand_over,
    slots,
    book,
    calendar,
    hours,
    set_hours,
    tasks,
    finish_task,
    add_photo,
    photo
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/delivery", get(of_order))
        .route("/orders/{id}/pdi", post(inspect))
        .route("/orders/{id}/handover", post(hand_over))
        .route("/orders/{id}/delivery/slots", get(slots))
        .route("/orders/{id}/delivery/booking", post(book))
        .route("/deliveries", get(calendar))
        .route("/delivery-hours", get(hours).put(set_hours))
        .route("/pdi-checklist", get(checklist).post(checklist_add))
        .route("/pdi-checklist/{key}", put(checklist_switch))
        .route("/orders/{id}/pdi/photos", post(add_photo).layer(photo_limit()))
        .route("/pdi-photos/{id}", get(photo))
        .route("/delivery-tasks", get(tasks))
        .route("/delivery-tasks/{id}/done", post(finish_task))
}

/// The order's delivery: its car's checklist, the inspections (latest first), what still blocks
/// the handover (`not_arrived`, `pdi_not_passed`, `not_paid`, `no_invoice`) and, once done, the
/// handover; `actions` says what the reader may do now.
#[utoipa::path(get, path = "/api/v1/orders/{id}/delivery", tag = "delivery", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn of_order(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Delivery>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::of_order(app, &actor, id)).await?))
}

/// Records a pre-delivery inspection: every item of the checklist `pass` or `fail` (a failure
/// with its note). A pass makes the order "ready for delivery"; a failure blocks the handover
/// until a later inspection passes. 409 before the car is at the store or once it is delivered.
#[utoipa::path(post, path = "/api/v1/orders/{id}/pdi", tag = "delivery", security(("bearer" = ["delivery_inspect"])), params(("id" = i64, Path)), request_body = InspectionInput,
    responses((status = 201, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn inspect(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryInspect>,
    Id(id): Id,
    ApiJson(input): ApiJson<InspectionInput>,
) -> Result<(StatusCode, Json<Delivery>), WebError> {
    let d = state.run(move |app| app::delivery::inspect(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Hands the car over to its buyer: every document, the keys, the odometer and the buyer's
/// signature (PNG). The order becomes "delivered", the car leaves the stock with its certificate
/// and joins the buyer's vehicles; the 三包 clocks run from the invoice date. 409 with the first
/// blocker (`delivery_pdi_not_passed`, `delivery_not_paid`, `delivery_no_invoice`, ...) while
/// anything blocks it.
#[utoipa::path(post, path = "/api/v1/orders/{id}/handover", tag = "delivery", security(("bearer" = ["delivery_hand_over"])), params(("id" = i64, Path)), request_body = HandoverInput,
    responses((status = 201, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn hand_over(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryHandOver>,
    Id(id): Id,
    ApiJson(input): ApiJson<HandoverInput>,
) -> Result<(StatusCode, Json<Delivery>), WebError> {
    let d = state.run(move |app| app::delivery::hand_over(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(serde::Deserialize, utoipa::IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DayParams {
    /// `YYYY-MM-DD`
    day: String,
}

fn day_of(text: &str, field: &str) -> Result<chrono::NaiveDate, WebError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| WebError(app::AppError::field(field, "date-invalid")))
}

/// The slots of a day at the order's store, with their free bays.
#[utoipa::path(get, path = "/api/v1/orders/{id}/delivery/slots", tag = "delivery", security(("bearer" = ["order_read"])), params(("id" = i64, Path), DayParams),
    responses((status = 200, body = Vec<Slot>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn slots(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
    ApiQuery(p): ApiQuery<DayParams>,
) -> Result<Json<Vec<Slot>>, WebError> {
    let day = day_of(&p.day, "day")?;
    Ok(Json(state.run(move |app| app::delivery::slots(app, &actor, id, day)).await?))
}

/// Books (or moves) the order's handover for a slot; the buyer is told by SMS or e-mail. 422
/// `delivery_slot_full`, `delivery_slot_past`, `delivery_slot_outside_hours`; 409 once delivered.
#[utoipa::path(post, path = "/api/v1/orders/{id}/delivery/booking", tag = "delivery", security(("bearer" = ["delivery_hand_over"])), params(("id" = i64, Path)), request_body = BookingInput,
    responses((status = 201, body = Booking), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn book(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryHandOver>,
    Id(id): Id,
    ApiJson(input): ApiJson<BookingInput>,
) -> Result<(StatusCode, Json<Booking>), WebError> {
    let b = state.run(move |app| app::delivery::book(app, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

#[derive(serde::Deserialize, utoipa::IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RangeParams {
    /// First day, `YYYY-MM-DD`.
    from: String,
    /// Last day, `YYYY-MM-DD` (at most 62 days after `from`).
    to: String,
    /// Only the reader's own orders.
    mine: bool,
}

/// The handovers booked between two days among the orders the reader sees, each with what still
/// blocks it.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "delivery", security(("bearer" = ["order_read"])), params(RangeParams),
    responses((status = 200, body = Vec<CalendarEntry>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn calendar(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    ApiQuery(p): ApiQuery<RangeParams>,
) -> Result<Json<Vec<CalendarEntry>>, WebError> {
    let (from, to) = (day_of(&p.from, "from")?, day_of(&p.to, "to")?);
    Ok(Json(state.run(move |app| app::delivery::between(app, &actor, from, to, p.mine)).await?))
}

/// The delivery hours of the reader's store.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct HoursView {
    pub version: i64,
    pub opens: String,
    pub closes: String,
    pub slot_minutes: i32,
    pub bays: i32,
    pub slots: Vec<String>,
}

fn hours_view((h, version): (domain::delivery::slots::Hours, i64)) -> HoursView {
    let hm = |m: i32| {
        if m >= 24 * 60 { "24:00".into() } else { domain::delivery::slots::time_of(m).format("%H:%M").to_string() }
    };
    HoursView {
        version,
        opens: hm(h.opens_min),
        closes: hm(h.closes_min),
        slot_minutes: h.slot_min,
        bays: h.bays,
        slots: h.starts().into_iter().map(hm).collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/delivery-hours", tag = "delivery", security(("bearer" = ["order_read"])),
    responses((status = 200, body = HoursView), (status = 403, body = ApiErrorBody)))]
pub async fn hours(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
) -> Result<Json<HoursView>, WebError> {
    Ok(Json(hours_view(state.run(move |app| app::delivery::store_hours(app, &actor)).await?)))
}

/// Sets the delivery hours and bays of the reader's store (`version` 0 the first time).
#[utoipa::path(put, path = "/api/v1/delivery-hours", tag = "delivery", security(("bearer" = ["delivery_settings_manage"])), request_body = HoursInput,
    responses((status = 200, body = HoursView), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn set_hours(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliverySettingsManage>,
    ApiJson(input): ApiJson<HoursInput>,
) -> Result<Json<HoursView>, WebError> {
    Ok(Json(hours_view(state.run(move |app| app::delivery::set_store_hours(app, &actor, &input)).await?)))
}

/// The reader's open follow-ups after delivery (the 72-hour callback, a detractor's call), the
/// first due first.
#[utoipa::path(get, path = "/api/v1/delivery-tasks", tag = "delivery", security(("bearer" = ["order_read"])),
    responses((status = 200, body = Vec<app::delivery::Task>), (status = 403, body = ApiErrorBody)))]
pub async fn tasks(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
) -> Result<Json<Vec<app::delivery::Task>>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::my_tasks(app, &actor)).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeBody {
    /// What the customer said.
    outcome: String,
}

/// Marks a follow-up done with what the customer said: its assignee, or a sales manager within
/// the order's scope. 409 `task_done` the second time.
#[utoipa::path(post, path = "/api/v1/delivery-tasks/{id}/done", tag = "delivery", security(("bearer" = ["order_read"])), params(("id" = i64, Path)), request_body = OutcomeBody,
    responses((status = 200, body = app::delivery::Task), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn finish_task(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
    ApiJson(b): ApiJson<OutcomeBody>,
) -> Result<Json<app::delivery::Task>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::finish_task(app, &actor, id, &b.outcome)).await?))
}

/// A photo's body may be as large as the largest photo (other bodies keep axum's 2 MB).
pub(crate) fn photo_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(domain::delivery::photo::MAX_BYTES + 256 * 1024)
}

#[derive(serde::Deserialize, utoipa::IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PhotoParams {
    /// The checklist item the photo shows (`paint`, `charging_cable`, ...).
    item: String,
}

/// Adds a PDI photo: the body is the image itself (`Content-Type: image/jpeg`, `image/png` or
/// `image/heic`, at most 10 MB); a body whose bytes are not what its type says is refused (422
/// `photo_type_mismatch`, `photo_not_image`, `photo_too_large`).
#[utoipa::path(post, path = "/api/v1/orders/{id}/pdi/photos", tag = "delivery", security(("bearer" = ["delivery_inspect"])), params(("id" = i64, Path), PhotoParams),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, body = app::delivery::Photo), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliveryInspect>,
    Id(id): Id,
    ApiQuery(p): ApiQuery<PhotoParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<app::delivery::Photo>), WebError> {
    let declared = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let photo = state.run(move |app| app::delivery::add_photo(app, &actor, id, &p.item, &declared, &body)).await?;
    Ok((StatusCode::CREATED, Json(photo)))
}

/// A PDI photo's image, for a reader of its order.
#[utoipa::path(get, path = "/api/v1/pdi-photos/{id}", tag = "delivery", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<axum::response::Response, WebError> {
    let (p, bytes) = state.run(move |app| app::delivery::photo(app, &actor, id)).await?;
    Ok(photo_response(&p, bytes))
}

/// A photo's bytes as an answer: its type, private caching, never sniffed.
pub(crate) fn photo_response(p: &app::delivery::Photo, bytes: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, p.content_type.clone()),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600".to_string()),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The store's PDI checklist: every standard item with whether the store checks it, and the
/// store's own items.
#[utoipa::path(get, path = "/api/v1/pdi-checklist", tag = "delivery", security(("bearer" = ["delivery_settings_manage"])),
    responses((status = 200, body = Vec<ChecklistSetting>), (status = 403, body = ApiErrorBody)))]
pub async fn checklist(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliverySettingsManage>,
) -> Result<Json<Vec<ChecklistSetting>>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::checklists::settings(app, &actor)).await?))
}

/// Adds an item of the store's own (checked from the next PDI on); 422 for a missing label,
/// an unknown section or scope.
#[utoipa::path(post, path = "/api/v1/pdi-checklist", tag = "delivery", security(("bearer" = ["delivery_settings_manage"])), request_body = OwnItemInput,
    responses((status = 201, body = Vec<ChecklistSetting>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn checklist_add(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliverySettingsManage>,
    ApiJson(input): ApiJson<OwnItemInput>,
) -> Result<(StatusCode, Json<Vec<ChecklistSetting>>), WebError> {
    let all = state.run(move |app| app::delivery::checklists::add_own(app, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(all)))
}

/// Whether the store checks an item.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemSwitch {
    active: bool,
}

/// Switches an item of the store's checklist on or off (404 for an unknown item).
#[utoipa::path(put, path = "/api/v1/pdi-checklist/{key}", tag = "delivery", security(("bearer" = ["delivery_settings_manage"])),
    params(("key" = String, Path)), request_body = ItemSwitch,
    responses((status = 200, body = Vec<ChecklistSetting>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn checklist_switch(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<DeliverySettingsManage>,
    axum::extract::Path(key): axum::extract::Path<String>,
    ApiJson(s): ApiJson<ItemSwitch>,
) -> Result<Json<Vec<ChecklistSetting>>, WebError> {
    Ok(Json(state.run(move |app| app::delivery::checklists::set_active(app, &actor, &key, s.active)).await?))
}
