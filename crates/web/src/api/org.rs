use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, ApiUser, AuditRead, OrgManage, StoreManage, UserManage};
use app::org::StoreInput;
use app::org::users::User;
use app::org::users::UserInput;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;

use app::kernel::audit::{AuditEntry, AuditFilter};
use app::org::users::UserFilter;
use app::org::{Store, Team};
use utoipa::{IntoParams, ToSchema};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    stores,
    store_create,
    store_get,
    store_update,
    teams,
    team_create,
    team_update,
    users,
    user_create,
    user_get,
    user_update,
    user_password,
    audit,
    messages,
    message_retry,
    super::notices::notifications,
    super::notices::unread,
    super::notices::read_all,
    super::notices::read,
    super::notices::preferences,
    super::notices::preferences_set,
    super::notices::wordings,
    super::notices::wording,
    super::notices::wording_set,
    super::notices::wording_reset
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/stores", get(stores).post(store_create))
        .route("/stores/{id}", get(store_get).put(store_update))
        .route("/teams", get(teams).post(team_create))
        .route("/teams/{id}", put(team_update))
        .route("/users", get(users).post(user_create))
        .route("/users/{id}", get(user_get).put(user_update))
        .route("/users/{id}/password", post(user_password))
        .route("/audit", get(audit))
        .route("/messages", get(messages))
        .route("/messages/{id}/retry", post(message_retry))
        .merge(super::notices::routes())
}

/// Stores the caller may see (the whole group for group scope).
#[utoipa::path(get, path = "/api/v1/stores", tag = "organisation", security(("bearer" = [])), responses((status = 200, body = Paged<Store>)))]
pub async fn stores(State(state): State<AppState>, ApiUser(actor): ApiUser) -> Result<Json<Paged<Store>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::org::list_stores(app, &actor)).await?)))
}

#[utoipa::path(post, path = "/api/v1/stores", tag = "organisation", security(("bearer" = ["store_manage"])), request_body = StoreInput,
    responses((status = 201, body = Store), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn store_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<StoreManage>,
    ApiJson(input): ApiJson<StoreInput>,
) -> Result<(StatusCode, Json<Store>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::org::create_store(app, &actor, &input)).await?)))
}

#[utoipa::path(get, path = "/api/v1/stores/{id}", tag = "organisation", security(("bearer" = [])), params(("id" = i64, Path)), responses((status = 200, body = Store), (status = 404, body = ApiErrorBody)))]
pub async fn store_get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Id(id): Id,
) -> Result<Json<Store>, WebError> {
    Ok(Json(state.run(move |app| app::org::get_store(app, &actor, id)).await?))
}

#[utoipa::path(put, path = "/api/v1/stores/{id}", tag = "organisation", security(("bearer" = ["store_manage"])), params(("id" = i64, Path)), request_body = StoreInput,
    responses((status = 200, body = Store), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn store_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<StoreManage>,
    Id(id): Id,
    ApiJson(input): ApiJson<StoreInput>,
) -> Result<Json<Store>, WebError> {
    Ok(Json(state.run(move |app| app::org::update_store(app, &actor, id, input.version, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "organisation", security(("bearer" = [])), responses((status = 200, body = Paged<Team>)))]
pub async fn teams(State(state): State<AppState>, ApiUser(actor): ApiUser) -> Result<Json<Paged<Team>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::org::list_teams(app, &actor)).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TeamInput {
    store_id: i64,
    name: String,
    #[serde(default = "yes")]
    active: bool,
    /// Updates only: the version read.
    version: i64,
}

fn yes() -> bool {
    true
}

#[utoipa::path(post, path = "/api/v1/teams", tag = "organisation", security(("bearer" = ["org_manage"])), request_body = TeamInput,
    responses((status = 201, body = Team), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn team_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrgManage>,
    ApiJson(t): ApiJson<TeamInput>,
) -> Result<(StatusCode, Json<Team>), WebError> {
    Ok((
        StatusCode::CREATED,
        Json(state.run(move |app| app::org::create_team(app, &actor, t.store_id, &t.name)).await?),
    ))
}

#[utoipa::path(put, path = "/api/v1/teams/{id}", tag = "organisation", security(("bearer" = ["org_manage"])), params(("id" = i64, Path)), request_body = TeamInput,
    responses((status = 200, body = Team), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn team_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<OrgManage>,
    Id(id): Id,
    ApiJson(t): ApiJson<TeamInput>,
) -> Result<Json<Team>, WebError> {
    Ok(Json(state.run(move |app| app::org::update_team(app, &actor, id, t.version, &t.name, t.active)).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct UserParams {
    q: Option<String>,
    store_id: Option<i64>,
    role: Option<String>,
    active: Option<bool>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "organisation", security(("bearer" = ["user_manage"])), params(UserParams), responses((status = 200, body = Paged<User>), (status = 403, body = ApiErrorBody)))]
pub async fn users(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<UserManage>,
    ApiQuery(p): ApiQuery<UserParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<User>>, WebError> {
    let mut e = domain::FieldErrors::new();
    super::known("role", p.role.as_deref(), domain::rbac::Role::from_code, &mut e);
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let filter = UserFilter { group_id: 0, store_id: p.store_id, role: p.role, active: p.active, q: p.q };
    let result = state.run(move |app| app::org::users::list(app, &actor, filter, page)).await?;
    Ok(Json(Paged::of(result, &uri)))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "organisation", security(("bearer" = ["user_manage"])), request_body = UserInput,
    responses((status = 201, body = User), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn user_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<UserManage>,
    ApiJson(input): ApiJson<UserInput>,
) -> Result<(StatusCode, Json<User>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::org::users::create(app, &actor, &input)).await?)))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "organisation", security(("bearer" = ["user_manage"])), params(("id" = i64, Path)), responses((status = 200, body = User), (status = 404, body = ApiErrorBody)))]
pub async fn user_get(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<UserManage>,
    Id(id): Id,
) -> Result<Json<User>, WebError> {
    Ok(Json(state.run(move |app| app::org::users::get(app, &actor, id)).await?))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "organisation", security(("bearer" = ["user_manage"])), params(("id" = i64, Path)), request_body = UserInput,
    responses((status = 200, body = User), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn user_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<UserManage>,
    Id(id): Id,
    ApiJson(input): ApiJson<UserInput>,
) -> Result<Json<User>, WebError> {
    Ok(Json(state.run(move |app| app::org::users::update(app, &actor, id, input.version, &input)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewPassword {
    password: String,
}

/// Sets a new password and ends the user's sessions.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "organisation", security(("bearer" = ["user_manage"])), params(("id" = i64, Path)), request_body = NewPassword,
    responses((status = 204), (status = 422, body = ApiErrorBody)))]
pub async fn user_password(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<UserManage>,
    Id(id): Id,
    ApiJson(p): ApiJson<NewPassword>,
) -> Result<StatusCode, WebError> {
    state.run(move |app| app::org::users::reset_password(app, &actor, id, &p.password)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AuditParams {
    user_id: Option<i64>,
    /// customer, user, store, team, brand, model, trim, colour, option, api_token
    entity_type: Option<String>,
    entity_id: Option<i64>,
    /// An action code or its prefix, e.g. `customer.` or `customer.id_number_viewed`.
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "organisation", security(("bearer" = ["audit_read"])), params(AuditParams), responses((status = 200, body = Paged<AuditEntry>), (status = 403, body = ApiErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<AuditRead>,
    ApiQuery(p): ApiQuery<AuditParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<AuditEntry>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let from = super::date_of("from", &p.from, &mut e);
    let to = super::date_of("to", &p.to, &mut e);
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let filter = AuditFilter {
        actor_id: p.user_id,
        entity_type: p.entity_type,
        entity_id: p.entity_id,
        action_prefix: p.action,
        from: from.map(crate::query::day_start_utc),
        until: to.and_then(|d| d.succ_opt()).map(crate::query::day_start_utc),
        ..Default::default()
    };
    let found = state.run(move |app| app::kernel::audit::search(app, &actor, filter, page)).await?;
    Ok(Json(Paged::of(found, &uri)))
}

/// The store's e-mails and text messages that failed (`failed`: given up after the retries) or
/// are being retried (`pending` with attempts), with the last error, the newest first.
#[utoipa::path(get, path = "/api/v1/messages", tag = "organisation", security(("bearer" = ["messages_manage"])),
    responses((status = 200, body = Vec<app::org::messages::TroubledMessage>), (status = 403, body = ApiErrorBody)))]
pub async fn messages(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<crate::session::MessagesManage>,
) -> Result<Json<Vec<app::org::messages::TroubledMessage>>, WebError> {
    Ok(Json(state.run(move |app| app::org::messages::troubled(app, &actor)).await?))
}

/// Queues a failed message of the store again (due now, its retries anew); 409
/// `message_not_failed` for one that is not failed.
#[utoipa::path(post, path = "/api/v1/messages/{id}/retry", tag = "organisation", security(("bearer" = ["messages_manage"])), params(("id" = i64, Path)),
    responses((status = 200, body = app::org::messages::TroubledMessage), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn message_retry(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<crate::session::MessagesManage>,
    Id(id): Id,
) -> Result<Json<app::org::messages::TroubledMessage>, WebError> {
    Ok(Json(state.run(move |app| app::org::messages::retry(app, &actor, id)).await?))
}
