//! Parts' API: the catalogue with the store's stock, shelves and counts, the parts store's queue
//! of requests from repair orders (issue, take back), reorder suggestions and purchase orders.

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::extract::ApiJsonFlat;
use crate::session::{ApiNeed, PartsCatalogueManage, PartsIssue, PartsPurchase, PartsRead};
use app::parts::{
    AdjustInput, LevelsInput, LineInput, PartDetail, PartInput, PartView, PurchaseOrder, PurchaseQuery, QueueItem,
    ReceiveInput, RequestQuery, Suggestion,
};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    search,
    create,
    get_one,
    update,
    levels,
    adjust,
    requests,
    issue,
    take_back,
    suggestions,
    purchases,
    draft,
    from_suggestions,
    purchase,
    add_line,
    remove_line,
    order,
    receive,
    cancel
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/parts", get(search).post(create))
        .route("/parts/{id}", get(get_one).put(update))
        .route("/parts/{id}/levels", put(levels))
        .route("/parts/{id}/counts", post(adjust))
        .route("/part-requests", get(requests))
        .route("/part-requests/{id}/issue", post(issue))
        .route("/part-requests/{id}/return", post(take_back))
        .route("/reorder-suggestions", get(suggestions))
        .route("/purchase-orders", get(purchases).post(draft))
        .route("/purchase-orders/from-suggestions", post(from_suggestions))
        .route("/purchase-orders/{id}", get(purchase))
        .route("/purchase-orders/{id}/lines", post(add_line))
        .route("/purchase-orders/{id}/lines/{line}", delete(remove_line))
        .route("/purchase-orders/{id}/order", post(order))
        .route("/purchase-orders/{id}/receipts", post(receive))
        .route("/purchase-orders/{id}/cancel", post(cancel))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PartQuery {
    /// The start of a part number, or a word of its name.
    q: Option<String>,
    /// The system (as on a repair order's line).
    system: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// The group's parts catalogue with the store's stock, by number.
#[utoipa::path(get, path = "/api/v1/parts", tag = "parts", security(("bearer" = ["parts_read"])), params(PartQuery),
    responses((status = 200, body = Paged<PartView>), (status = 422, body = ApiErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
    ApiQuery(q): ApiQuery<PartQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<PartView>>, WebError> {
    use domain::Code;
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    let system = match q.system.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => domain::service::System::from_code(s).or_else(|| {
            e.add("system", "value-unknown");
            None
        }),
    };
    e.into_result()?;
    let f = app::parts::PartFilter { q: q.q, system };
    let rows = state.run(move |app| app::parts::search(app, &actor, &f, page)).await?;
    Ok(Json(Paged::of(rows, &uri)))
}

/// Adds a part to the group's catalogue. The same `Idempotency-Key` again returns the part made
/// the first time; a number the catalogue has is a 409 on `part_no`.
#[utoipa::path(post, path = "/api/v1/parts", tag = "parts", security(("bearer" = ["parts_catalogue_manage"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = PartInput,
    responses((status = 201, body = PartDetail), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsCatalogueManage>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PartInput>,
) -> Result<(StatusCode, Json<PartDetail>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::parts::create(app, &actor, &input, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PageParam {
    /// The ledger's page.
    page: Option<i64>,
    per_page: Option<i64>,
}

/// A part with the store's shelves (warehouse, bin, levels, on order) and its ledger.
#[utoipa::path(get, path = "/api/v1/parts/{id}", tag = "parts", security(("bearer" = ["parts_read"])), params(("id" = i64, Path), PageParam),
    responses((status = 200, body = PartDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
    Id(id): Id,
    ApiQuery(p): ApiQuery<PageParam>,
) -> Result<Json<PartDetail>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    Ok(Json(state.run(move |app| app::parts::get(app, &actor, id, page)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct PartBody {
    /// The part's version.
    version: i64,
    #[serde(flatten)]
    part: PartInput,
}

/// Changes a part of the catalogue (at its version).
#[utoipa::path(put, path = "/api/v1/parts/{id}", tag = "parts", security(("bearer" = ["parts_catalogue_manage"])), params(("id" = i64, Path)), request_body = PartBody,
    responses((status = 200, body = PartDetail), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsCatalogueManage>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<PartBody>,
) -> Result<Json<PartDetail>, WebError> {
    Ok(Json(state.run(move |app| app::parts::update(app, &actor, id, b.version, &b.part)).await?))
}

/// Sets where the part lies in a warehouse of the store and its reorder levels (the shelf is
/// made when the store did not keep it there).
#[utoipa::path(put, path = "/api/v1/parts/{id}/levels", tag = "parts", security(("bearer" = ["parts_issue"])), params(("id" = i64, Path)), request_body = LevelsInput,
    responses((status = 200, body = PartDetail), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn levels(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsIssue>,
    Id(id): Id,
    ApiJson(input): ApiJson<LevelsInput>,
) -> Result<Json<PartDetail>, WebError> {
    Ok(Json(state.run(move |app| app::parts::set_levels(app, &actor, id, &input)).await?))
}

/// Records a stock count of one shelf (盘点): the difference goes into the ledger with its reason.
#[utoipa::path(post, path = "/api/v1/parts/{id}/counts", tag = "parts", security(("bearer" = ["parts_issue"])), params(("id" = i64, Path)), request_body = AdjustInput,
    responses((status = 201, body = PartDetail), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn adjust(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsIssue>,
    Id(id): Id,
    ApiJson(input): ApiJson<AdjustInput>,
) -> Result<(StatusCode, Json<PartDetail>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::parts::adjust(app, &actor, id, &input)).await?)))
}

/// The parts approved repair orders wait for (and those issued, to return, returned), oldest
/// first.
#[utoipa::path(get, path = "/api/v1/part-requests", tag = "parts", security(("bearer" = ["parts_read"])), params(RequestQuery),
    responses((status = 200, body = Paged<QueueItem>), (status = 422, body = ApiErrorBody)))]
pub async fn requests(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
    ApiQuery(q): ApiQuery<RequestQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<QueueItem>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let f = q.parse()?;
    Ok(Json(Paged::of(state.run(move |app| app::parts::queue(app, &actor, &f, page)).await?, &uri)))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct IssueBody {
    /// The request's version.
    version: i64,
    /// The warehouse the pieces leave.
    warehouse: String,
}

/// Issues a request from a warehouse: 409 `part-out-of-stock` when the shelf has fewer pieces
/// (also when another issue took the last one a moment before).
#[utoipa::path(post, path = "/api/v1/part-requests/{id}/issue", tag = "parts", security(("bearer" = ["parts_issue"])), params(("id" = i64, Path)), request_body = IssueBody,
    responses((status = 200, body = QueueItem), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsIssue>,
    Id(id): Id,
    ApiJson(b): ApiJson<IssueBody>,
) -> Result<Json<QueueItem>, WebError> {
    Ok(Json(state.run(move |app| app::parts::issue(app, &actor, id, b.version, &b.warehouse)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct VersionBody {
    version: i64,
}

/// Takes issued pieces back onto their shelf: unused on an open repair order, or from a
/// cancelled one.
#[utoipa::path(post, path = "/api/v1/part-requests/{id}/return", tag = "parts", security(("bearer" = ["parts_issue"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = QueueItem), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn take_back(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsIssue>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<QueueItem>, WebError> {
    Ok(Json(state.run(move |app| app::parts::take_back(app, &actor, id, b.version)).await?))
}

/// The store's shelves at or below their reorder point (counting what is on order), with what
/// to order.
#[utoipa::path(get, path = "/api/v1/reorder-suggestions", tag = "parts", security(("bearer" = ["parts_read"])),
    responses((status = 200, body = Paged<Suggestion>)))]
pub async fn suggestions(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
) -> Result<Json<Paged<Suggestion>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::parts::suggestions(app, &actor)).await?)))
}

/// The store's purchase orders, newest first.
#[utoipa::path(get, path = "/api/v1/purchase-orders", tag = "parts", security(("bearer" = ["parts_read"])), params(PurchaseQuery),
    responses((status = 200, body = Paged<PurchaseOrder>), (status = 422, body = ApiErrorBody)))]
pub async fn purchases(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
    ApiQuery(q): ApiQuery<PurchaseQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<PurchaseOrder>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(q.page, q.per_page, &mut e);
    e.into_result()?;
    let f = q.parse()?;
    Ok(Json(Paged::of(state.run(move |app| app::parts::purchases(app, &actor, &f, page)).await?, &uri)))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct DraftBody {
    note: String,
}

/// A new, empty purchase order. The same `Idempotency-Key` again returns the order made the
/// first time.
#[utoipa::path(post, path = "/api/v1/purchase-orders", tag = "parts", security(("bearer" = ["parts_purchase"])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")), request_body = DraftBody,
    responses((status = 201, body = PurchaseOrder), (status = 422, body = ApiErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<DraftBody>,
) -> Result<(StatusCode, Json<PurchaseOrder>), WebError> {
    let key = super::idempotency_key(&headers);
    let v = state.run(move |app| app::parts::draft(app, &actor, &b.note, key.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A draft purchase order with every reorder suggestion (409 when nothing is to reorder).
#[utoipa::path(post, path = "/api/v1/purchase-orders/from-suggestions", tag = "parts", security(("bearer" = ["parts_purchase"])),
    responses((status = 201, body = PurchaseOrder), (status = 409, body = ApiErrorBody)))]
pub async fn from_suggestions(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
) -> Result<(StatusCode, Json<PurchaseOrder>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::parts::from_suggestions(app, &actor)).await?)))
}

/// A purchase order with its lines.
#[utoipa::path(get, path = "/api/v1/purchase-orders/{id}", tag = "parts", security(("bearer" = ["parts_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ApiErrorBody)))]
pub async fn purchase(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsRead>,
    Id(id): Id,
) -> Result<Json<PurchaseOrder>, WebError> {
    Ok(Json(state.run(move |app| app::parts::purchase(app, &actor, id)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct LineBody {
    version: i64,
    #[serde(flatten)]
    line: LineInput,
}

/// Adds a line to a draft (the same part for the same warehouse adds to its line).
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/lines", tag = "parts", security(("bearer" = ["parts_purchase"])), params(("id" = i64, Path)), request_body = LineBody,
    responses((status = 201, body = PurchaseOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_line(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<LineBody>,
) -> Result<(StatusCode, Json<PurchaseOrder>), WebError> {
    let v = state.run(move |app| app::parts::add_line(app, &actor, id, b.version, &b.line)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The purchase order's version.
    version: i64,
}

/// Takes a line off a draft.
#[utoipa::path(delete, path = "/api/v1/purchase-orders/{id}/lines/{line}", tag = "parts", security(("bearer" = ["parts_purchase"])),
    params(("id" = i64, Path), ("line" = i64, Path), VersionParam),
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn remove_line(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
    Path((id, line)): Path<(i64, i64)>,
    ApiQuery(p): ApiQuery<VersionParam>,
) -> Result<Json<PurchaseOrder>, WebError> {
    Ok(Json(
        state
            .run(move |app| {
                app::parts::remove_line(
                    app,
                    &actor,
                    (domain::ids::PurchaseOrderId(id), domain::ids::PurchaseLineId(line)),
                    p.version,
                )
            })
            .await?,
    ))
}

/// Sends a draft to the maker: its quantities count as on order.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/order", tag = "parts", security(("bearer" = ["parts_purchase"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn order(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<PurchaseOrder>, WebError> {
    Ok(Json(state.run(move |app| app::parts::order(app, &actor, id, b.version)).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct ReceiveBody {
    version: i64,
    #[serde(flatten)]
    delivery: ReceiveInput,
}

/// Receives a delivery: each line's pieces go onto its warehouse's shelf, never more than were
/// ordered (422 on `lines`).
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/receipts", tag = "parts", security(("bearer" = ["parts_issue"])), params(("id" = i64, Path)), request_body = ReceiveBody,
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn receive(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsIssue>,
    Id(id): Id,
    ApiJsonFlat(b): ApiJsonFlat<ReceiveBody>,
) -> Result<Json<PurchaseOrder>, WebError> {
    Ok(Json(state.run(move |app| app::parts::receive(app, &actor, id, b.version, &b.delivery)).await?))
}

/// Cancels a purchase order before anything arrived.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/cancel", tag = "parts", security(("bearer" = ["parts_purchase"])), params(("id" = i64, Path)), request_body = VersionBody,
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<PartsPurchase>,
    Id(id): Id,
    ApiJson(b): ApiJson<VersionBody>,
) -> Result<Json<PurchaseOrder>, WebError> {
    Ok(Json(state.run(move |app| app::parts::cancel(app, &actor, id, b.version)).await?))
}
