use super::bodies::{OrderBody, RuleBody};
use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, ApprovalRulesManage, OrderApprove, OrderRead, OrderWrite};
use app::sales::rules::RuleInput;
use app::sales::{ApprovalRule, OrderFilter, OrderSort};
use app::sales::{OrderInput, OrderListRow, OrderView, Reply, StatusCount};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    super::stages::limits,
    super::stages::limits_set,
    super::stages::stages,
    list,
    create,
    quote,
    get_one,
    update,
    submit,
    approve,
    reject,
    cancel,
    lost,
    close,
    copy,
    inbox,
    confirm,
    change_request,
    super::order_link::customer_link,
    super::order_link::resend_link,
    rules,
    rule_create,
    rule_update,
    changes,
    change_create,
    change_get,
    change_approve,
    change_reject,
    change_withdraw
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(super::stages::routes())
        .route("/orders", get(list).post(create))
        .route("/orders/quote", post(quote))
        .route("/orders/waiting-for-me", get(inbox))
        .route("/orders/confirm", post(confirm))
        .route("/orders/change-request", post(change_request))
        .route("/orders/{id}", get(get_one).put(update))
        .route("/orders/{id}/submit", post(submit))
        .route("/orders/{id}/approve", post(approve))
        .route("/orders/{id}/reject", post(reject))
        .route("/orders/{id}/cancel", post(cancel))
        .route("/orders/{id}/lost", post(lost))
        .route("/orders/{id}/close", post(close))
        .route("/orders/{id}/copy", post(copy))
        .route("/orders/{id}/customer-link", get(super::order_link::customer_link).post(super::order_link::resend_link))
        .route("/orders/{id}/change-orders", get(changes).post(change_create))
        .route("/change-orders/{id}", get(change_get))
        .route("/change-orders/{id}/approve", post(change_approve))
        .route("/change-orders/{id}/reject", post(change_reject))
        .route("/change-orders/{id}/withdraw", post(change_withdraw))
        .route("/approval-rules", get(rules).post(rule_create))
        .route("/approval-rules/{id}", put(rule_update))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ListParams {
    /// Order number, customer name or mobile (part).
    q: Option<String>,
    /// Comma-separated statuses, e.g. `awaiting_approval,approved`.
    status: Option<String>,
    owner_id: Option<i64>,
    model_id: Option<i64>,
    channel: Option<String>,
    /// Created on or after (YYYY-MM-DD).
    from: Option<String>,
    /// Created on or before (YYYY-MM-DD).
    to: Option<String>,
    /// Total payable at least (fen).
    min_total_fen: Option<i64>,
    /// Total payable at most (fen).
    max_total_fen: Option<i64>,
    /// created_desc (default) | created_asc | total_desc | total_asc | updated_desc | updated_asc
    sort: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct OrderPage {
    #[serde(flatten)]
    page: Paged<OrderListRow>,
    /// Orders per status under the same filters.
    counts: Vec<StatusCount>,
}

/// Orders within the caller's data scope.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = ["order_read"])), params(ListParams), responses((status = 200, body = OrderPage), (status = 403, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    ApiQuery(p): ApiQuery<ListParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<OrderPage>, WebError> {
    let mut e = domain::FieldErrors::new();
    let codes: Vec<&str> =
        p.status.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|x| !x.is_empty()).collect();
    let statuses: Vec<domain::sales::Status> =
        codes.iter().filter_map(|c| <domain::sales::Status as domain::Code>::from_code(c)).collect();
    if statuses.len() != codes.len() {
        e.add("status", "status-unknown");
    }
    let sort = super::known("sort", p.sort.as_deref(), OrderSort::from_code, &mut e).unwrap_or_default();
    if p.channel.as_deref().is_some_and(|c| domain::sales::Channel::from_code(c).is_none()) {
        e.add("channel", "channel-unknown");
    }
    let from = super::date_of("from", &p.from, &mut e);
    let to = super::date_of("to", &p.to, &mut e);
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let filter = OrderFilter {
        statuses,
        owner_id: p.owner_id,
        model_id: p.model_id,
        channel: p.channel,
        from: from.map(crate::query::day_start_utc),
        until: to.and_then(|d| d.succ_opt()).map(crate::query::day_start_utc),
        min_total: p.min_total_fen,
        max_total: p.max_total_fen,
        q: p.q,
        sort,
        ..Default::default()
    };
    let (page, counts) = state.run(move |app| app::sales::list(app, &actor, &filter, page)).await?;
    Ok(Json(OrderPage { page: Paged::of(page, &uri), counts }))
}

/// Creates a draft order. Send `Idempotency-Key` so that a retried request never makes two orders.
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", security(("bearer" = ["order_write"])), request_body = OrderBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    responses((status = 201, body = OrderView), (status = 422, body = ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderWrite>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<OrderBody>,
) -> Result<(StatusCode, Json<OrderView>), WebError> {
    let input = OrderInput::from(body);
    let key = super::idempotency_key(&headers);
    let view = state.run(move |app| app::sales::create(app, &actor, &input, key.as_deref(), Reply::PAGE)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The price of an order form without saving it.
#[utoipa::path(post, path = "/api/v1/orders/quote", tag = "orders", security(("bearer" = ["order_write"])), request_body = OrderBody,
    responses((status = 200, body = domain::sales::Quote), (status = 422, body = ApiErrorBody)))]
pub async fn quote(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderWrite>,
    ApiJson(body): ApiJson<OrderBody>,
) -> Result<Json<domain::sales::Quote>, WebError> {
    let input = OrderInput::from(body);
    Ok(Json(state.run(move |app| app::sales::preview(app, &actor, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = ["order_read"])), params(("id" = i64, Path)), responses((status = 200, body = OrderView), (status = 404, body = ApiErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<OrderView>, WebError> {
    Ok(Json(state.run(move |app| app::sales::get(app, &actor, id)).await?))
}

/// Edits an order (`version` in the body). Changing price, discount, gifts or payment terms after
/// submission sends the order back to draft: confirmation and approval run again.
#[utoipa::path(put, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = ["order_write"])), params(("id" = i64, Path)), request_body = OrderBody,
    responses((status = 200, body = OrderView), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderWrite>,
    Id(id): Id,
    ApiJson(body): ApiJson<OrderBody>,
) -> Result<Json<OrderView>, WebError> {
    let input = OrderInput::from(body);
    Ok(Json(state.run(move |app| app::sales::update(app, &actor, id, &input, Reply::PAGE)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct Step {
    /// The version of the order the caller saw.
    version: i64,
    /// Comment (approve) or reason (reject, cancel, lost).
    text: String,
    /// Cancel only, when money was received: who ended the deal (customer | dealer | agreement).
    /// It decides the 定金: forfeited, returned double, or refunded; everything else is refunded.
    breach: String,
}

macro_rules! step {
    ($name:ident, $perm:ident, $scope:literal, $path:literal, $doc:literal, |$app:ident, $actor:ident, $id:ident, $s:ident| $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "orders", security(("bearer" = [$scope])), params(("id" = i64, Path)), request_body = Step,
            responses((status = 200, body = OrderView), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
        pub async fn $name(State(state): State<AppState>, ApiNeed($actor, _): ApiNeed<$perm>, Id($id): Id, ApiJson($s): ApiJson<Step>) -> Result<Json<OrderView>, WebError> {
            Ok(Json(state.run(move |$app| $call).await?))
        }
    };
}

step!(
    submit,
    OrderWrite,
    "order_write",
    "/api/v1/orders/{id}/submit",
    "Sends the order to the customer for confirmation (e-mail with a signed link).",
    |a, actor, id, s| app::sales::submit(a, &actor, id, s.version, Reply::PAGE)
);
step!(
    approve,
    OrderApprove,
    "order_approve",
    "/api/v1/orders/{id}/approve",
    "Approves the waiting level (the caller's role must be that level's; never the requester).",
    |a, actor, id, s| app::sales::approve(a, &actor, id, s.version, &s.text, Reply::PAGE)
);
step!(
    reject,
    OrderApprove,
    "order_approve",
    "/api/v1/orders/{id}/reject",
    "Rejects with a reason: the order returns to draft.",
    |a, actor, id, s| app::sales::reject(a, &actor, id, s.version, &s.text, Reply::PAGE)
);
step!(
    cancel,
    OrderWrite,
    "order_write",
    "/api/v1/orders/{id}/cancel",
    "Cancels with a reason. With money received, `breach` says who ended the deal; the refunds (and a 定金 returned double) go to finance as requests.",
    |a, actor, id, s| {
        let breach = app::finance::refunds::breach_of(&s.breach)?;
        app::sales::cancel(a, &actor, id, s.version, &s.text, breach, Reply::PAGE)
    }
);
step!(
    lost,
    OrderWrite,
    "order_write",
    "/api/v1/orders/{id}/lost",
    "Marks the order lost (战败) with a reason, before any contract or payment.",
    |a, actor, id, s| app::sales::mark_lost(a, &actor, id, s.version, &s.text, Reply::PAGE)
);
step!(close, OrderWrite, "order_write", "/api/v1/orders/{id}/close", "Closes a delivered order.", |a, actor, id, s| {
    app::sales::close(a, &actor, id, s.version, Reply::PAGE)
});

/// A new draft with the order's terms and a new number; confirmation and approval run again.
#[utoipa::path(post, path = "/api/v1/orders/{id}/copy", tag = "orders", security(("bearer" = ["order_write"])), params(("id" = i64, Path)),
    responses((status = 201, body = OrderView), (status = 404, body = ApiErrorBody)))]
pub async fn copy(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderWrite>,
    Id(id): Id,
) -> Result<(StatusCode, Json<OrderView>), WebError> {
    let view = state.run(move |app| app::sales::copy(app, &actor, id, Reply::PAGE)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PageParams {
    page: Option<i64>,
    /// 20 (default), 50, 100 or 200
    per_page: Option<i64>,
}

/// Orders waiting for the caller's approval that they did not ask for themselves.
#[utoipa::path(get, path = "/api/v1/orders/waiting-for-me", tag = "orders", security(("bearer" = ["order_approve"])), params(PageParams),
    responses((status = 200, body = Paged<OrderListRow>)))]
pub async fn inbox(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderApprove>,
    ApiQuery(p): ApiQuery<PageParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<OrderListRow>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    Ok(Json(Paged::of(state.run(move |app| app::sales::inbox(app, &actor, page)).await?, &uri)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct Confirmation {
    /// The token of the customer's link (`/c/{token}`).
    token: String,
    version: i64,
}

/// Where an order stands after the customer acted on it by their link.
#[derive(Serialize, ToSchema)]
pub struct CustomerStep {
    order_no: String,
    /// The order's status code (`awaiting_approval`, `approved`, `draft` after a change request...).
    #[schema(value_type = String)]
    status: domain::sales::Status,
    version: i64,
}

impl From<app::sales::Brief> for CustomerStep {
    fn from(o: app::sales::Brief) -> Self {
        Self { order_no: o.order_no, status: o.status, version: o.version }
    }
}

/// The customer's confirmation, authenticated by their signed link instead of a token.
#[utoipa::path(post, path = "/api/v1/orders/confirm", tag = "orders", request_body = Confirmation, security(()),
    responses((status = 200, body = CustomerStep), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(c): ApiJson<Confirmation>,
) -> Result<Json<CustomerStep>, WebError> {
    let order = state.run(move |app| app::sales::customer_confirm(app, &c.token, c.version)).await?;
    Ok(Json(order.into()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ChangeRequest {
    /// The token of the customer's link (`/c/{token}`).
    token: String,
    /// The version of the order the customer saw.
    version: i64,
    /// What the customer wants changed.
    note: String,
}

/// The customer asks for a change instead of confirming (recorded by staff who took the call, or
/// by the customer's own app): the order returns to draft with the note on its timeline.
#[utoipa::path(post, path = "/api/v1/orders/change-request", tag = "orders", request_body = ChangeRequest, security(()),
    responses((status = 200, body = CustomerStep)))]
pub async fn change_request(
    State(state): State<AppState>,
    ApiJson(c): ApiJson<ChangeRequest>,
) -> Result<Json<CustomerStep>, WebError> {
    let order = state.run(move |app| app::sales::customer_request_change(app, &c.token, c.version, &c.note)).await?;
    Ok(Json(order.into()))
}

#[utoipa::path(get, path = "/api/v1/approval-rules", tag = "orders", security(("bearer" = ["order_read"])), responses((status = 200, body = Paged<ApprovalRule>)))]
pub async fn rules(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
) -> Result<Json<Paged<ApprovalRule>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::sales::rules::list(app, &actor)).await?)))
}

#[utoipa::path(post, path = "/api/v1/approval-rules", tag = "orders", security(("bearer" = ["approval_rules_manage"])), request_body = RuleBody,
    responses((status = 201, body = ApprovalRule), (status = 422, body = ApiErrorBody)))]
pub async fn rule_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ApprovalRulesManage>,
    ApiJson(body): ApiJson<RuleBody>,
) -> Result<(StatusCode, Json<ApprovalRule>), WebError> {
    let input = RuleInput::from(body);
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::sales::rules::create(app, &actor, &input)).await?)))
}

#[utoipa::path(put, path = "/api/v1/approval-rules/{id}", tag = "orders", security(("bearer" = ["approval_rules_manage"])), params(("id" = i64, Path)), request_body = RuleBody,
    responses((status = 200, body = ApprovalRule), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn rule_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<ApprovalRulesManage>,
    Id(id): Id,
    ApiJson(body): ApiJson<RuleBody>,
) -> Result<Json<ApprovalRule>, WebError> {
    let input = RuleInput::from(body);
    Ok(Json(state.run(move |app| app::sales::rules::update(app, &actor, id, &input)).await?))
}

// --- change orders (变更单) --------------------------------------------------------------------

/// Proposed terms for an order whose contract is signed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChangeOrderBody {
    /// Why the signed terms change (required, up to 500 characters).
    reason: String,
    /// The order as it should read: the same vehicle model and buyer.
    order: OrderBody,
}

/// The order's change orders, newest first.
#[utoipa::path(get, path = "/api/v1/orders/{id}/change-orders", tag = "orders", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<app::sales::ChangeOrder>), (status = 404, body = ApiErrorBody)))]
pub async fn changes(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<Vec<app::sales::ChangeOrder>>, WebError> {
    Ok(Json(state.run(move |app| app::sales::change::of_order(app, &actor, id)).await?))
}

/// Proposes new terms for an order whose contract is signed (变更单). The signed contract stays in
/// force: the levels the approval rules require (at least a sales manager) approve, the buyer signs
/// the supplement on their page, the store countersigns it, and only then does the order take the
/// terms (the invoice reversed for finance to issue again, an overpayment requested back).
#[utoipa::path(post, path = "/api/v1/orders/{id}/change-orders", tag = "orders", security(("bearer" = ["order_write"])), params(("id" = i64, Path)), request_body = ChangeOrderBody,
    responses((status = 201, body = app::sales::ChangeOrder), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn change_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderWrite>,
    Id(id): Id,
    ApiJson(body): ApiJson<ChangeOrderBody>,
) -> Result<(StatusCode, Json<app::sales::ChangeOrder>), WebError> {
    let input = OrderInput::from(body.order);
    let ch = state.run(move |app| app::sales::change::propose(app, &actor, id, &input, &body.reason)).await?;
    Ok((StatusCode::CREATED, Json(ch)))
}

#[utoipa::path(get, path = "/api/v1/change-orders/{id}", tag = "orders", security(("bearer" = ["order_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = app::sales::ChangeOrder), (status = 404, body = ApiErrorBody)))]
pub async fn change_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrderRead>,
    Id(id): Id,
) -> Result<Json<app::sales::ChangeOrder>, WebError> {
    Ok(Json(state.run(move |app| app::sales::change::get(app, &actor, id)).await?))
}

macro_rules! change_step {
    ($name:ident, $perm:ident, $scope:literal, $path:literal, $doc:literal, |$app:ident, $actor:ident, $id:ident, $s:ident| $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "orders", security(("bearer" = [$scope])), params(("id" = i64, Path)), request_body = Step,
            responses((status = 200, body = app::sales::ChangeOrder), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
        pub async fn $name(State(state): State<AppState>, ApiNeed($actor, _): ApiNeed<$perm>, Id($id): Id, ApiJson($s): ApiJson<Step>) -> Result<Json<app::sales::ChangeOrder>, WebError> {
            Ok(Json(state.run(move |$app| $call).await?))
        }
    };
}

change_step!(
    change_approve,
    OrderApprove,
    "order_approve",
    "/api/v1/change-orders/{id}/approve",
    "Approves the level waiting (the caller's role must be that level's; never whoever asked for the order or the change). The last level generates the supplement for the buyer to sign. `version` is the change order's.",
    |a, actor, id, s| app::sales::change::approve(a, &actor, id, s.version, &s.text)
);
change_step!(
    change_reject,
    OrderApprove,
    "order_approve",
    "/api/v1/change-orders/{id}/reject",
    "Rejects the change with a reason (`text`): the signed terms stay.",
    |a, actor, id, s| app::sales::change::reject(a, &actor, id, s.version, &s.text)
);
change_step!(
    change_withdraw,
    OrderWrite,
    "order_write",
    "/api/v1/change-orders/{id}/withdraw",
    "Withdraws a change under way with a reason (`text`): a supplement not countersigned yet is superseded; the signed terms stay.",
    |a, actor, id, s| app::sales::change::withdraw(a, &actor, id, s.version, &s.text)
);
