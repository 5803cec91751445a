//! The caller's notifications (the bell), how they get each kind of message, and the store's
//! wording of its messages (`messages_manage`).

use super::{ApiErrorBody, ApiJson, ApiQuery, Id, Paged};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, ApiUser, MessagesManage};
use app::org::notifications::{Notification, Preference};
use app::org::wordings::NoticeWording;
use axum::extract::{OriginalUri, Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(notifications))
        .route("/notifications/unread", get(unread))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read))
        .route("/me/notification-preferences", get(preferences).put(preferences_set))
        .route("/notice-wordings", get(wordings))
        .route("/notice-wordings/{notice}/{locale}", get(wording).put(wording_set).delete(wording_reset))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationParams {
    /// Only the unread ones.
    unread: Option<bool>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// The caller's notifications, the newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "account", security(("bearer" = [])), params(NotificationParams),
    responses((status = 200, body = Paged<Notification>), (status = 422, body = ApiErrorBody)))]
pub async fn notifications(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<NotificationParams>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Paged<Notification>>, WebError> {
    let mut e = domain::FieldErrors::new();
    let page = super::page_of(p.page, p.per_page, &mut e);
    e.into_result()?;
    let unread_only = p.unread.unwrap_or(false);
    let found = state.run(move |app| app::org::notifications::inbox(app, &actor, unread_only, page)).await?;
    Ok(Json(Paged::of(found, &uri)))
}

#[derive(Serialize, ToSchema)]
pub struct Unread {
    unread: i64,
}

/// How many of the caller's notifications are unread (the bell's number).
#[utoipa::path(get, path = "/api/v1/notifications/unread", tag = "account", security(("bearer" = [])), responses((status = 200, body = Unread)))]
pub async fn unread(State(state): State<AppState>, ApiUser(actor): ApiUser) -> Result<Json<Unread>, WebError> {
    let unread = state.run(move |app| app::org::notifications::unread(app, &actor)).await?;
    Ok(Json(Unread { unread }))
}

#[derive(Serialize, ToSchema)]
pub struct Marked {
    /// How many were unread.
    marked: usize,
}

/// Marks all of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "account", security(("bearer" = [])), responses((status = 200, body = Marked)))]
pub async fn read_all(State(state): State<AppState>, ApiUser(actor): ApiUser) -> Result<Json<Marked>, WebError> {
    let marked = state.run(move |app| app::org::notifications::read_all(app, &actor)).await?;
    Ok(Json(Marked { marked }))
}

/// Marks one of the caller's notifications read; another person's is 404.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "account", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Notification), (status = 404, body = ApiErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Id(id): Id,
) -> Result<Json<Notification>, WebError> {
    Ok(Json(state.run(move |app| app::org::notifications::read(app, &actor, id)).await?))
}

/// Every kind of message staff get, with how the caller gets it.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = Vec<Preference>)))]
pub async fn preferences(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> Result<Json<Vec<Preference>>, WebError> {
    Ok(Json(state.run(move |app| app::org::notifications::preferences(app, &actor)).await?))
}

/// Sets how the caller gets the kinds of message given (the others keep their choice); 422
/// `notice_unknown` for a kind that does not exist.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "account", security(("bearer" = [])), request_body = Vec<Preference>,
    responses((status = 200, body = Vec<Preference>), (status = 422, body = ApiErrorBody)))]
pub async fn preferences_set(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<Vec<Preference>>,
) -> Result<Json<Vec<Preference>>, WebError> {
    Ok(Json(state.run(move |app| app::org::notifications::set_preferences(app, &actor, &input)).await?))
}

/// Every message in every language, with the store's own words where it has them.
#[utoipa::path(get, path = "/api/v1/notice-wordings", tag = "organisation", security(("bearer" = ["messages_manage"])),
    responses((status = 200, body = Vec<NoticeWording>), (status = 403, body = ApiErrorBody)))]
pub async fn wordings(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<MessagesManage>,
) -> Result<Json<Vec<NoticeWording>>, WebError> {
    let keys = crate::i18n::notice_keys();
    Ok(Json(state.run(move |app| app::org::wordings::wordings(app, &actor, &keys)).await?))
}

/// One message in one language (`zh-CN`, `en`).
#[utoipa::path(get, path = "/api/v1/notice-wordings/{notice}/{locale}", tag = "organisation", security(("bearer" = ["messages_manage"])),
    params(("notice" = String, Path), ("locale" = String, Path)),
    responses((status = 200, body = NoticeWording), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn wording(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
) -> Result<Json<NoticeWording>, WebError> {
    Ok(Json(state.run(move |app| app::org::wordings::wording(app, &actor, &notice, &locale)).await?))
}

/// The store's words of a message in a language.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WordingInput {
    subject: String,
    body: String,
    /// The text message.
    sms: String,
}

/// Sets the store's words of a message in a language; 422 for an empty or too long text, braces
/// that are not a placeholder, or a placeholder the standard words do not have.
#[utoipa::path(put, path = "/api/v1/notice-wordings/{notice}/{locale}", tag = "organisation", security(("bearer" = ["messages_manage"])),
    params(("notice" = String, Path), ("locale" = String, Path)), request_body = WordingInput,
    responses((status = 200, body = NoticeWording), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn wording_set(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
    ApiJson(w): ApiJson<WordingInput>,
) -> Result<Json<NoticeWording>, WebError> {
    let words = app::kernel::notify::Wording { subject: w.subject, body: w.body, sms: w.sms };
    Ok(Json(state.run(move |app| app::org::wordings::set_wording(app, &actor, &notice, &locale, &words)).await?))
}

/// Goes back to the standard words (404 when the store has none of its own).
#[utoipa::path(delete, path = "/api/v1/notice-wordings/{notice}/{locale}", tag = "organisation", security(("bearer" = ["messages_manage"])),
    params(("notice" = String, Path), ("locale" = String, Path)),
    responses((status = 200, body = NoticeWording), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn wording_reset(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
) -> Result<Json<NoticeWording>, WebError> {
    Ok(Json(state.run(move |app| app::org::wordings::reset_wording(app, &actor, &notice, &locale)).await?))
}
