//! The customer's page of their repair order, reached by the signed link the desk sends: one
//! column, phone first; where the car stands, the estimate, and the approval of the lines that
//! wait for it. The desk's box on the repair order page sends the link or shows it to copy.

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::{Form, Id};
use crate::html::{link_page, render};
use crate::i18n::Locale;
use crate::session::{Need, ServiceWrite};
use app::AppError;
use app::service::RepairOrder;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/r/{token}", get(show))
        .route("/r/{token}/approve", post(approve))
        .route("/service/repair-orders/{id}/link", post(send))
}

#[derive(Template)]
#[template(path = "service/customer.html")]
struct Page {
    l: Locale,
    token: String,
    csrf: String,
    r: RepairOrder,
    message: Option<String>,
    error: Option<String>,
}

impl Page {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn m(&self, fen: &i64) -> String {
        domain::Money::from_fen(*fen).to_string()
    }

    fn status_label(&self) -> String {
        self.l.t(&format!("repair-status-{}", self.r.status.code()))
    }

    fn can_approve(&self) -> bool {
        self.r.actions.contains(&"approve_estimate")
    }

    /// A moment in the store's time, as the customer reads it.
    fn at(&self, t: &chrono::NaiveDateTime) -> String {
        let tz: chrono_tz::Tz = self.r.store_timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
        t.and_utc().with_timezone(&tz).format("%m-%d %H:%M").to_string()
    }

    fn hours(&self, h: &i32) -> String {
        domain::service::jobs::show_hours(*h)
    }
}

async fn page(
    state: &AppState,
    l: Locale,
    headers: &HeaderMap,
    token: String,
    (message, error): (Option<String>, Option<&AppError>),
) -> Result<Response, WebError> {
    let t = token.clone();
    let r = state.run(move |app| app::service::by_link(app, &t)).await?;
    let csrf = link_page::csrf(headers);
    let error_text = error.map(|e| link_page::refusal(l, e));
    let status = error.map_or(StatusCode::OK, crate::error::status_of);
    let html = render(&Page { l, token, csrf: csrf.clone(), r, message, error: error_text })?;
    Ok(link_page::respond(state, &csrf, status, html))
}

async fn show(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    page(&state, l, &headers, token, (None, None)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Approval {
    version: i64,
}

async fn approve(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(a): Form<Approval>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::service::approve_by_link(app, &t, a.version)).await {
        Ok(_) => page(&state, l, &headers, token, (Some(l.t("repair-customer-approved")), None)).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            page(&state, l, &headers, token, (None, Some(&e))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The desk sends the customer their link (by SMS or e-mail) from the repair order page.
async fn send(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::service::send_link(app, &actor, id)).await;
    match r {
        Ok(_) => {
            Ok(Redirect::to(&format!("/service/repair-orders/{id}?flash=repair-link-sent#customer-link"))
                .into_response())
        }
        Err(e) => {
            let (status, messages) = super::Messages::of(staff.locale(), e)?;
            let page =
                super::pages::show_page(&state, &staff, id, None, Some(("link", messages, Default::default()))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}
