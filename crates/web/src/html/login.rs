//! Login, logout, store and language switches.

use super::render;
use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::i18n::Locale;
use crate::session::{LOCALE_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, Staff, cookie};
use app::AppError;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(show).post(submit))
        .route("/logout", post(logout))
        .route("/session/store", post(switch_store))
        .route("/session/locale", post(switch_locale))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Locale,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    /// Someone is signed in on this browser (a shared PC): signing in switches the user.
    signed_in_as: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

/// Only local paths: `next` must never send the user to another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n.to_string(),
        _ => "/".to_string(),
    }
}

pub(super) fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}")
}

/// The login form's CSRF token: the session's while someone is signed in (the session layer
/// checks that one), else the double-submit cookie, reused while it lives so that two open login
/// tabs both work.
fn login_csrf(headers: &HeaderMap, staff: Option<&Staff>) -> String {
    match staff {
        Some(s) => s.0.session.csrf_token.clone(),
        None => cookie(headers, LOGIN_CSRF_COOKIE).unwrap_or_else(app::kernel::crypto::random_token),
    }
}

#[allow(clippy::too_many_arguments)]
fn login_page(
    state: &AppState,
    l: Locale,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    status: StatusCode,
    staff: Option<&Staff>,
) -> Response {
    let signed_in_as = staff.map(|s| l.t_args("login-signed-in-as", &[("name", s.actor().display_name.clone())]));
    let page = LoginPage { l, csrf: csrf.clone(), next, username, error, signed_in_as };
    match render(&page) {
        Ok(html) => (status, [(header::SET_COOKIE, cookie_header(state, LOGIN_CSRF_COOKIE, &csrf, Some(3600)))], html)
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    Query(q): Query<LoginQuery>,
    staff: Option<Extension<Staff>>,
) -> Response {
    let l = q.lang.as_deref().map_or(l, Locale::from_code);
    let staff = staff.map(|Extension(s)| s);
    let csrf = login_csrf(&headers, staff.as_ref());
    let mut r =
        login_page(&state, l, csrf, safe_next(q.next.as_deref()), String::new(), None, StatusCode::OK, staff.as_ref());
    if q.lang.is_some()
        && let Ok(v) = cookie_header(&state, LOCALE_COOKIE, l.code(), Some(365 * 86400)).parse()
    {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    username: String,
    password: String,
    next: String,
}

async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    ext: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    let (username, password) = (form.username.clone(), form.password.clone());
    // The caller's address, for throttling: the TCP peer, or the client a trusted proxy names.
    let client = state.config.client_address(&ext, &headers);
    let staff = ext.get::<Staff>().cloned();
    match state.run(move |app| app::org::auth::login(app, &username, &password, &client)).await {
        Ok(session) => {
            // A colleague signs in at a shared PC: the previous user's session ends here.
            if let Some(previous) = &staff {
                let id = previous.0.session.id.clone();
                if let Err(e) = state.run(move |app| app::org::auth::logout(app, &id)).await {
                    return WebError(e).into_response();
                }
            }
            let to = safe_next(Some(&form.next));
            let mut r = Redirect::to(&to).into_response();
            let h = r.headers_mut();
            let max_age = app::org::auth::SESSION_HOURS * 3600;
            for c in [
                cookie_header(&state, SESSION_COOKIE, &session.token, Some(max_age)),
                cookie_header(&state, LOGIN_CSRF_COOKIE, "", Some(0)),
                cookie_header(&state, LOCALE_COOKIE, &session.locale, Some(365 * 86400)),
            ] {
                if let Ok(v) = c.parse() {
                    h.append(header::SET_COOKIE, v);
                }
            }
            r
        }
        Err(e @ AppError::Unauthenticated(_)) => {
            let (_, message) = crate::error::describe(&e, l);
            let csrf = login_csrf(&headers, staff.as_ref());
            let status = crate::error::status_of(&e);
            login_page(
                &state,
                l,
                csrf,
                safe_next(Some(&form.next)),
                form.username,
                Some(message),
                status,
                staff.as_ref(),
            )
        }
        Err(e) => WebError(e).into_response(),
    }
}

async fn logout(State(state): State<AppState>, staff: Option<Extension<Staff>>) -> Response {
    if let Some(Extension(staff)) = staff {
        let id = staff.0.session.id.clone();
        if let Err(e) = state.run(move |app| app::org::auth::logout(app, &id)).await {
            return WebError(e).into_response();
        }
    }
    ([(header::SET_COOKIE, cookie_header(&state, SESSION_COOKIE, "", Some(0)))], Redirect::to("/login")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SwitchStore {
    store_id: i64,
    next: String,
}

async fn switch_store(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SwitchStore>,
) -> Result<Redirect, WebError> {
    let actor = staff.actor().clone();
    let session = staff.0.session.id.clone();
    state.run(move |app| app::org::auth::switch_store(app, &actor, &session, f.store_id)).await?;
    // Record pages belong to a store: after a switch, go back to the list rather than a record.
    let next = safe_next(Some(&f.next));
    let section = next.split('/').take(2).collect::<Vec<_>>().join("/");
    Ok(Redirect::to(if section.is_empty() { "/" } else { &section }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SwitchLocale {
    locale: String,
    next: String,
}

async fn switch_locale(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SwitchLocale>,
) -> Result<Response, WebError> {
    let l = Locale::from_code(&f.locale);
    let actor = staff.actor().clone();
    state.run(move |app| app::org::auth::set_locale(app, &actor, l.code())).await?;
    Ok((
        [(header::SET_COOKIE, cookie_header(&state, LOCALE_COOKIE, l.code(), Some(365 * 86400)))],
        Redirect::to(&safe_next(Some(&f.next))),
    )
        .into_response())
}
