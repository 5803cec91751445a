//! Errors become responses in one place. Handlers return `WebError`; the `render_errors`
//! middleware writes the body in the request's language, as JSON under `/api` and HTML elsewhere.

use crate::i18n::Locale;
use app::{AppError, Conflict, LoginRefusal};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

#[derive(Debug)]
pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<domain::FieldErrors> for WebError {
    fn from(e: domain::FieldErrors) -> Self {
        Self(AppError::Validation(e))
    }
}

/// The error waiting to be rendered by `render_errors`.
#[derive(Clone)]
struct Pending(Arc<AppError>);

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Unauthenticated(LoginRefusal::Locked { .. }) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let AppError::Internal(_) = &self.0 {
            // The full cause goes to the log, never to the client.
            tracing::error!(error = %self.0.chain(), "internal error");
        }
        let mut r = status_of(&self.0).into_response();
        r.extensions_mut().insert(Pending(Arc::new(self.0)));
        r
    }
}

/// The stable code and the localised message of an error.
pub fn describe(e: &AppError, l: Locale) -> (&'static str, String) {
    match e {
        AppError::Conflict(Conflict::Refused { code }) => (code, l.error(code)),
        AppError::Validation(_) => ("validation_failed", l.t("err-validation")),
        AppError::NotFound => ("not_found", l.t("err-not-found")),
        AppError::Forbidden => ("forbidden", l.t("err-forbidden")),
        AppError::Conflict(Conflict::Stale) => ("stale", l.t("err-stale")),
        AppError::Conflict(Conflict::Duplicate { code, .. }) => ("duplicate", l.error(code)),
        AppError::Unauthenticated(LoginRefusal::BadCredentials) => ("unauthenticated", l.t("err-unauthenticated")),
        AppError::Unauthenticated(LoginRefusal::MissingToken) => ("unauthenticated", l.t("err-token-missing")),
        AppError::Unauthenticated(LoginRefusal::BadToken) => ("unauthenticated", l.t("err-token-invalid")),
        AppError::Unauthenticated(LoginRefusal::Locked { minutes }) => {
            ("locked", l.t_args("err-locked", &[("minutes", minutes.to_string())]))
        }
        AppError::Internal(_) => ("internal", l.t("err-internal")),
    }
}

/// Codes travel in snake_case, one style for the error's code and its fields' codes; inside the
/// application they are the locale keys' kebab-case (`err-order-own-approval`).
fn snake(code: &str) -> String {
    code.replace('-', "_")
}

/// The JSON body of an API error: a code, a message, and per-field messages.
pub fn json_body(e: &AppError, l: Locale) -> serde_json::Value {
    let (code, mut message) = describe(e, l);
    let mut fields: Vec<serde_json::Value> = Vec::new();
    let mut existing = None;
    match e {
        AppError::Validation(errors) => {
            fields = errors
                .iter()
                .map(|f| json!({"field": f.field, "code": snake(f.code), "message": l.error(f.code)}))
                .collect();
            // An API client has no form with fields "marked in red": the message says what is wrong.
            if !errors.is_empty() {
                message = errors.iter().map(|f| l.error(f.code)).collect::<Vec<_>>().join(" ");
            }
        }
        AppError::Conflict(Conflict::Duplicate { field, code, existing: found }) => {
            fields.push(json!({"field": field, "code": snake(code), "message": l.error(code)}));
            existing = found.as_ref().map(|r| match &r.open {
                Some((id, label)) => json!({"id": id, "label": label, "owner": r.owner}),
                None => json!({"owner": r.owner}),
            });
        }
        _ => {}
    }
    let mut body = json!({"error": {"code": snake(code), "message": message, "fields": fields}});
    if let Some(x) = existing {
        body["error"]["existing"] = x;
    }
    body
}

/// The language of a request, set by the session middleware or taken from the headers.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

pub fn locale_of_headers(headers: &axum::http::HeaderMap) -> Locale {
    let cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("autodms_locale=").map(Locale::from_code));
    cookie.unwrap_or_else(|| {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or_default()
    })
}

/// Renders pending errors of the JSON API.
pub async fn render_api_errors(req: Request, next: Next) -> Response {
    render_errors(req, next, true).await
}

/// Renders pending errors of the HTML pages.
pub async fn render_html_errors(req: Request, next: Next) -> Response {
    render_errors(req, next, false).await
}

async fn render_errors(req: Request, next: Next, api: bool) -> Response {
    let locale = req.extensions().get::<RequestLocale>().map_or_else(|| locale_of_headers(req.headers()), |l| l.0);
    let mut response = next.run(req).await;
    let Some(Pending(err)) = response.extensions_mut().remove::<Pending>() else {
        return response;
    };
    let status = response.status();
    if api {
        (status, axum::Json(json_body(&err, locale))).into_response()
    } else {
        (status, Html(error_page(&err, locale))).into_response()
    }
}

/// An error as the console's page (for answers outside the pages' router, such as an unknown
/// asset): the status and the page in the reader's language.
pub fn html_error(e: &AppError, l: Locale) -> Response {
    (status_of(e), Html(error_page(e, l))).into_response()
}

fn error_page(e: &AppError, l: Locale) -> String {
    let (_, mut message) = describe(e, l);
    if let AppError::Validation(fields) = e {
        // A form that could not even be read: say what was wrong, there is no form to mark.
        message = fields.iter().map(|f| l.error(f.code)).collect::<Vec<_>>().join(" ");
    }
    let kind = match e {
        AppError::NotFound => "not-found",
        AppError::Forbidden => "forbidden",
        AppError::Internal(_) => "internal",
        _ => "other",
    };
    ErrorPage::new(l, kind, message).html()
}

/// NUL characters have no place in any input, and PostgreSQL refuses them in text: a request
/// carrying one (raw, `%00` or `\u0000`) is answered 400 before it reaches a handler.
pub async fn reject_nul(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let locale = locale_of_headers(req.headers());
    let in_uri =
        req.uri().query().is_some_and(|q| q.to_ascii_lowercase().contains("%00")) || req.uri().path().contains("%00");
    let refuse = move || {
        let err = AppError::field("body", "invalid-character");
        if api {
            (StatusCode::BAD_REQUEST, axum::Json(json_body(&err, locale))).into_response()
        } else {
            let page = ErrorPage::new(locale, "other", locale.error("invalid-character"));
            (StatusCode::BAD_REQUEST, Html(page.html())).into_response()
        }
    };
    if in_uri {
        return refuse();
    }
    if matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD) {
        return next.run(req).await;
    }
    // A photo (an image body, or a multipart form carrying one) is binary: its NUL bytes are its
    // content, and its use case checks it by its bytes.
    let content_type = req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let binary = content_type.starts_with("image/") || content_type.starts_with("multipart/form-data");
    if binary {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 2 * 1024 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let has_nul = bytes.contains(&0)
        || bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"))
        || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
    if has_nul {
        return refuse();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

/// A standalone error page (no menu: it also serves signed-out visitors): what happened, what
/// to do about it, and the way back.
#[derive(askama::Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    l: Locale,
    /// not-found | forbidden | internal | expired | other: the page's title and advice.
    kind: &'static str,
    message: String,
}

impl ErrorPage {
    pub fn new(l: Locale, kind: &'static str, message: String) -> Self {
        Self { l, kind, message }
    }

    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn title(&self) -> String {
        self.l.t(&format!("error-title-{}", self.kind))
    }

    fn hint(&self) -> String {
        self.l.t(&format!("error-hint-{}", self.kind))
    }

    pub fn html(&self) -> String {
        askama::Template::render(self).unwrap_or_else(|_| "error".to_string())
    }
}
