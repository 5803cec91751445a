//! The JSON API under `/api/v1`, authenticated with personal API tokens (`Authorization: Bearer`).
//! Errors are JSON: `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}`.

mod catalogue;
mod customers;
mod orders;
mod org;

pub use crate::extract::{ApiJson, ApiQuery, Id};

use crate::AppState;
use crate::error::WebError;
use crate::session::ApiUser;
use app::AppError;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "autodms API", description = "Dealer management system: organisation, users, catalogue, customers and sales orders. \
        Authenticate with a personal API token (Account → API tokens) as `Authorization: Bearer adms_...`. \
        Money is in fen (integer, 1/100 yuan) in responses; requests take yuan strings as staff type them."),
    paths(
        me,
        customers::list, customers::create, customers::get_one, customers::update, customers::reveal_id_number,
        org::stores, org::store_create, org::store_get, org::store_update,
        org::teams, org::team_create, org::team_update,
        org::users, org::user_create, org::user_get, org::user_update, org::user_password,
        org::audit,
        catalogue::tree, catalogue::model, catalogue::brand_create, catalogue::brand_update,
        catalogue::model_create, catalogue::model_update, catalogue::trim_create, catalogue::trim_update,
        catalogue::colour_create, catalogue::colour_update, catalogue::option_create, catalogue::option_update,
        orders::list, orders::create, orders::quote, orders::get_one, orders::update, orders::submit, orders::approve,
        orders::reject, orders::cancel, orders::lost, orders::close, orders::copy, orders::inbox, orders::confirm,
        orders::rules, orders::rule_create, orders::rule_update,
    ),
    components(schemas(ApiErrorBody, ApiErrorDetail, ApiFieldError, Me)),
    modifiers(&BearerAuth, &ErrorResponses),
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
/// operation's permission) where a token is needed, 404 for a path with an id (or outside the
/// caller's scope), 422 for parameters or a body that do not parse or validate, 409 for writes
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
        for (path, item) in openapi.paths.paths.iter_mut() {
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
                if path.contains('{') || !public {
                    add("404", "No such record within the caller's data scope");
                }
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
        .merge(customers::routes())
        .merge(org::routes())
        .merge(catalogue::routes())
        .merge(orders::routes())
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

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The page a list call asks for: 422 naming the field for a page outside 1..=1,000,000 or a page
/// size other than 20, 50, 100 or 200 (no silent reset, no overflowing offset).
pub(crate) fn page_of(page: Option<i64>, per_page: Option<i64>, e: &mut domain::FieldErrors) -> storage::PageRequest {
    if page.is_some_and(|p| !(1..=storage::PageRequest::MAX_PAGE).contains(&p)) {
        e.add("page", "page-out-of-range");
    }
    if per_page.is_some_and(|p| !storage::PageRequest::SIZES.contains(&p)) {
        e.add("per_page", "per-page-unknown");
    }
    storage::PageRequest::new(page, per_page)
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

/// A page of results with its total.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    items: Vec<T>,
    total: i64,
    page: i64,
    per_page: i64,
}

impl<T> From<storage::Page<T>> for Paged<T> {
    fn from(p: storage::Page<T>) -> Self {
        Self { items: p.items, total: p.total, page: p.page, per_page: p.per_page }
    }
}

/// A user without the password hash.
#[derive(Serialize, ToSchema)]
pub struct UserOut {
    id: i64,
    store_id: i64,
    team_id: Option<i64>,
    username: String,
    display_name: String,
    mobile: Option<String>,
    email: Option<String>,
    role: String,
    data_scope: String,
    active: bool,
    version: i64,
}

impl From<storage::users::UserRow> for UserOut {
    fn from(u: storage::users::UserRow) -> Self {
        Self {
            id: u.id,
            store_id: u.store_id,
            team_id: u.team_id,
            username: u.username,
            display_name: u.display_name,
            mobile: u.mobile,
            email: u.email,
            role: u.role,
            data_scope: u.data_scope,
            active: u.active,
            version: u.version,
        }
    }
}
