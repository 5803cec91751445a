//! The buyer's page, reached by the signed link from the e-mail: one column, phone first, the
//! order and its progress, and the one next action (confirm, or ask for a change).

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::html::login::cookie_header;
use crate::html::render;
use crate::i18n::Locale;
use crate::session::{LOGIN_CSRF_COOKIE, cookie};
use app::sales::CustomerOrder;
use app::{AppError, Conflict};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use domain::Money;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/c/{token}", get(show))
        .route("/c/{token}/confirm", post(confirm))
        .route("/c/{token}/change", post(change))
}

/// The steps the buyer sees, in order.
const STEPS: [&str; 8] = [
    "awaiting_confirmation",
    "awaiting_approval",
    "approved",
    "contract_signed",
    "paid",
    "in_transit",
    "arrived",
    "delivered",
];

#[derive(Template)]
#[template(path = "customer/order.html")]
struct Page {
    l: Locale,
    token: String,
    csrf: String,
    o: CustomerOrder,
    message: Option<String>,
    error: Option<String>,
}

impl Page {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn m(&self, m: &Money) -> String {
        m.to_string()
    }

    fn fen(&self, f: &i64) -> String {
        Money::from_fen(*f).to_string()
    }

    /// (label, done, current) for each step of the progress line.
    fn steps(&self) -> Vec<(String, bool, bool)> {
        let status =
            serde_json::to_value(self.o.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let at = STEPS.iter().position(|s| *s == status);
        STEPS
            .iter()
            .enumerate()
            .map(|(i, s)| (self.l.t(&format!("customer-step-{s}")), at.is_some_and(|a| i < a), at == Some(i)))
            .collect()
    }

    fn finished(&self) -> Option<String> {
        let status =
            serde_json::to_value(self.o.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        matches!(status.as_str(), "cancelled" | "lost" | "closed" | "draft")
            .then(|| self.l.t(&format!("customer-state-{status}")))
    }
}

async fn page(
    state: &AppState,
    l: Locale,
    headers: &HeaderMap,
    token: String,
    message: Option<String>,
    error: Option<&AppError>,
) -> Result<Response, WebError> {
    let t = token.clone();
    let o = state.run(move |app| app::sales::by_link(app, &t)).await?;
    let csrf = cookie(headers, LOGIN_CSRF_COOKIE).unwrap_or_else(app::crypto::random_token);
    let error_text = error.map(|e| match e {
        AppError::Validation(fe) => fe.iter().map(|f| l.error(f.code)).collect::<Vec<_>>().join(" "),
        AppError::Conflict(Conflict::Stale) => l.t("customer-stale"),
        other => crate::error::describe(other, l).1,
    });
    let status = error.map_or(StatusCode::OK, crate::error::status_of);
    let html = render(&Page { l, token, csrf: csrf.clone(), o, message, error: error_text })?;
    Ok((status, [(header::SET_COOKIE, cookie_header(state, LOGIN_CSRF_COOKIE, &csrf, Some(86_400)))], html)
        .into_response())
}

async fn show(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    page(&state, l, &headers, token, None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Answer {
    version: i64,
    note: String,
}

async fn confirm(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(a): Form<Answer>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::sales::customer_confirm(app, &t, a.version)).await {
        Ok(_) => page(&state, l, &headers, token, Some(l.t("customer-confirmed")), None).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn change(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(a): Form<Answer>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::sales::customer_request_change(app, &t, a.version, &a.note)).await {
        Ok(_) => page(&state, l, &headers, token, Some(l.t("customer-change-sent")), None).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}
