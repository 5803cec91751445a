//! What every page reached by a signed link shares (the buyer's order, the customer's repair
//! order, the booking page): the token its forms carry against cross-site posts (kept in the
//! login-CSRF cookie, as the sign-in page's), and what it says of a refusal.

use crate::AppState;
use crate::html::login::cookie_header;
use crate::i18n::Locale;
use crate::session::{LOGIN_CSRF_COOKIE, cookie};
use app::{AppError, Conflict};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The token the page's forms carry: the cookie's, or a new one.
pub fn csrf(headers: &HeaderMap) -> String {
    cookie(headers, LOGIN_CSRF_COOKIE).unwrap_or_else(app::kernel::crypto::random_token)
}

/// The page with its status, setting the cookie that holds the forms' token for a day.
pub fn respond(state: &AppState, csrf: &str, status: StatusCode, html: Html<String>) -> Response {
    (status, [(header::SET_COOKIE, cookie_header(state, LOGIN_CSRF_COOKIE, csrf, Some(86_400)))], html).into_response()
}

/// What the page says of a refusal: every field's message, "the page was out of date", or the
/// rule's.
pub fn refusal(l: Locale, e: &AppError) -> String {
    match e {
        AppError::Validation(fe) => fe.iter().map(|f| l.error(f.code)).collect::<Vec<_>>().join(" "),
        AppError::Conflict(Conflict::Stale) => l.t("customer-stale"),
        other => crate::error::describe(other, l).1,
    }
}
