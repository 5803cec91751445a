//! The JSON API under `/api/v1`, authenticated with personal API tokens (`Authorization: Bearer`).
//! Errors are JSON: `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}`.

mod bodies;
pub(crate) mod campaigns;
pub(crate) mod care;
pub(crate) mod catalogue;
pub(crate) mod crm;
pub(crate) mod customers;
pub(crate) mod delivery;
pub(crate) mod finance;
pub(crate) mod inventory;
pub(crate) mod loaners;
pub(crate) mod notices;
pub(crate) mod order_link;
pub(crate) mod org;
pub(crate) mod parts;
pub(crate) mod sales;
pub(crate) mod service;
pub(crate) mod stages;

pub use crate::extract::{ApiJson, ApiQuery, Id};

use crate::AppState;
use crate::error::WebError;
use crate::session::ApiUser;
use app::AppError;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "autodms API", description = "Dealer management system: organisation, users, catalogue, customers and sales orders. \
        Authenticate with a personal API token (Account → API tokens) as `Authorization: Bearer adms_...`. \
        Conventions: ids are integers; money is integer fen (1/100 yuan) in `*_fen` fields, rates are basis points \
        in `*_bp` fields, in requests and answers alike; times are RFC 3339 in UTC (`2026-12-01T06:17:51.150Z`); \
        every list answers `{items, total, page, per_page, next}`; errors are `{error: {code, message, fields}}` \
        with snake_case codes: 400 unreadable, 401 token, 403 permission, 404 not found or outside your scope, \
        409 duplicate, stale version or a state that refuses the action (the code names the rule), 422 invalid \
        input (each field named). Creates take an `Idempotency-Key`."),
    paths(me, tokens, token_create, token_revoke),
    components(schemas(ApiErrorBody, ApiErrorDetail, ApiFieldError, Me)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the errors every operation can answer with, in the one error shape, so that no
/// operation's list can forget one: 400 for an unreadable request, 401 (no or bad token) and 403 (the token's user lacks the
/// operation's permission) where a token is needed, 404 for a record that does not exist or lies
/// outside the caller's scope, 422 for parameters or a body that do not parse or validate, 409 for writes
/// (duplicate, stale version, a state the order is not in), 413 for a body over 2 MB and 500.
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder, path::HttpMethod};
        let error = |what: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(what)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("ApiErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                (HttpMethod::Get, item.get.as_mut()),
                (HttpMethod::Post, item.post.as_mut()),
                (HttpMethod::Put, item.put.as_mut()),
                (HttpMethod::Delete, item.delete.as_mut()),
            ];
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let public = op.security.as_ref().is_some_and(|s| {
                    serde_json::to_value(s).is_ok_and(|v| {
                        v.as_array().is_some_and(|a| a.iter().all(|r| r.as_object().is_some_and(|o| o.is_empty())))
                    })
                });
                let write = matches!(method, HttpMethod::Post | HttpMethod::Put | HttpMethod::Delete);
                let mut add = |code: &str, what: &str| {
                    op.responses.responses.entry(code.to_string()).or_insert_with(|| error(what));
                };
                if !public {
                    add("401", "No token, or a token that is not (or no longer) valid");
                    add("403", "The token's user lacks the operation's permission");
                }
                // Any record the call names (in its path, its query or body, or a customer's link)
                // may not exist or lie outside the caller's scope.
                add("404", "No such record within the caller's data scope, or a link that is not valid");
                add("400", "A request that cannot be read: a NUL character in the address or body");
                add("422", "Parameters or body that do not parse or validate; `fields` names each");
                if write {
                    add("409", "A duplicate, a stale version, or a state that does not allow this");
                    add("413", "Body over 2 MB");
                }
                add("500", "An internal error (logged with the request id, details never sent)");
            }
        }
    }
}

/// The error body of every failed API call.
#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    error: ApiErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// Stable code: validation_failed, not_found, forbidden, duplicate, stale, unauthenticated, internal.
    code: String,
    /// In the language of `Accept-Language` (zh-CN by default).
    message: String,
    fields: Vec<ApiFieldError>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiFieldError {
    field: String,
    code: String,
    message: String,
}

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/tokens", get(tokens).post(token_create))
        .route("/me/tokens/{id}", delete(token_revoke))
        .merge(state.web.iter().fold(Router::new(), |r, w| r.merge((w.api)())))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(crate::error::render_api_errors))
        .with_state(state)
}

/// Swagger UI, served from the binary (no CDN).
pub fn docs() -> Router<AppState> {
    // The document itself is served by the API router; the UI only points at it.
    Router::new().merge(SwaggerUi::new("/api/docs").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
}

/// The API document: the account's own operations and every capability's (each declares its
/// operations next to its handlers as `Doc`), with the error answers every operation has.
pub(crate) fn document(web: &[&crate::registry::Web]) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for w in web {
        doc.merge((w.api_doc)());
    }
    ErrorResponses.modify(&mut doc);
    doc
}

async fn openapi(axum::extract::State(state): axum::extract::State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(document(state.web))
}

/// The `Idempotency-Key` header of a create, if sent.
pub(crate) fn idempotency_key(headers: &axum::http::HeaderMap) -> Option<String> {
    headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The page a list call asks for: 422 naming the field for a page outside 1..=1,000,000 or a page
/// size other than 20, 50, 100 or 200 (no silent reset, no overflowing offset).
pub(crate) fn page_of(page: Option<i64>, per_page: Option<i64>, e: &mut domain::FieldErrors) -> app::PageRequest {
    if page.is_some_and(|p| !(1..=app::PageRequest::MAX_PAGE).contains(&p)) {
        e.add("page", "page-out-of-range");
    }
    if per_page.is_some_and(|p| !app::PageRequest::SIZES.contains(&p)) {
        e.add("per_page", "per-page-unknown");
    }
    app::PageRequest::new(page, per_page)
}

/// A code that must be one of `parse`'s: 422 naming the field otherwise (no silent default).
pub(crate) fn known<T>(
    field: &'static str,
    v: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    e: &mut domain::FieldErrors,
) -> Option<T> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    let parsed = parse(v);
    if parsed.is_none() {
        e.add(field, if field == "sort" { "sort-unknown" } else { "value-unknown" });
    }
    parsed
}

/// A `YYYY-MM-DD` filter between 1900 and 2100; 422 naming the field otherwise.
pub(crate) fn date_of(
    field: &'static str,
    v: &Option<String>,
    e: &mut domain::FieldErrors,
) -> Option<chrono::NaiveDate> {
    let v = v.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (1900..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        Ok(_) => {
            e.add(field, "date-out-of-range");
            None
        }
        Err(_) => {
            e.add(field, "date-invalid");
            None
        }
    }
}

async fn not_found() -> WebError {
    WebError(AppError::NotFound)
}

/// The caller of the token.
#[derive(Serialize, ToSchema)]
pub struct Me {
    user_id: i64,
    display_name: String,
    role: String,
    data_scope: String,
    store_id: i64,
    permissions: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])), responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
async fn me(ApiUser(actor): ApiUser) -> Json<Me> {
    Json(Me {
        user_id: actor.user_id.0,
        display_name: actor.display_name.clone(),
        role: actor.role.code().into(),
        data_scope: actor.scope.code().into(),
        store_id: actor.store_id.0,
        permissions: actor.role.permissions().iter().map(|p| p.code().to_string()).collect(),
    })
}

/// A page of results with its total and the address of the next page: every list of the API
/// answers in this envelope, never as a bare array.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    items: Vec<T>,
    total: i64,
    page: i64,
    per_page: i64,
    /// The next page (same filters), absent on the last page.
    next: Option<String>,
}

impl<T> Paged<T> {
    /// A page of a list asked for at `uri` (`OriginalUri`: the path as the client wrote it).
    pub fn of(p: app::Page<T>, uri: &axum::http::Uri) -> Self {
        let next = (p.page * p.per_page < p.total).then(|| {
            let mut query: Vec<&str> =
                uri.query().unwrap_or("").split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("page=")).collect();
            let page = format!("page={}", p.page + 1);
            query.push(&page);
            format!("{}?{}", uri.path(), query.join("&"))
        });
        Self { items: p.items, total: p.total, page: p.page, per_page: p.per_page, next }
    }

    /// A short list that is always whole (stores, teams, rules, tokens): one page.
    pub fn all(items: Vec<T>) -> Self {
        let n = i64::try_from(items.len()).unwrap_or(i64::MAX);
        Self { items, total: n, page: 1, per_page: n.max(1), next: None }
    }
}

/// The caller's personal API tokens (never their secret, which is shown once at creation).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = Paged<app::org::users::ApiToken>)))]
async fn tokens(
    axum::extract::State(state): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
) -> Result<Json<Paged<app::org::users::ApiToken>>, WebError> {
    Ok(Json(Paged::all(state.run(move |app| app::org::auth::list_api_tokens(app, &actor)).await?)))
}

#[derive(serde::Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewToken {
    /// What the token is for, e.g. "ERP 同步".
    name: String,
}

/// A token just created: `token` is shown this once and stored only as a digest.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    token: String,
    #[serde(flatten)]
    row: app::org::users::ApiToken,
}

/// Creates a personal API token for the caller (an integration's own token, made by a script).
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account", security(("bearer" = [])), request_body = NewToken,
    responses((status = 201, body = CreatedToken)))]
async fn token_create(
    axum::extract::State(state): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(t): ApiJson<NewToken>,
) -> Result<(axum::http::StatusCode, Json<CreatedToken>), WebError> {
    let (row, token) = state.run(move |app| app::org::auth::create_api_token(app, &actor, &t.name)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(CreatedToken { token, row })))
}

/// Revokes one of the caller's tokens (the one in use included); 404 for another user's.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204)))]
async fn token_revoke(
    axum::extract::State(state): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    Id(id): Id,
) -> Result<axum::http::StatusCode, WebError> {
    state.run(move |app| app::org::auth::revoke_api_token(app, &actor, id)).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
