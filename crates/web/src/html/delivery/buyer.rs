//! The delivery on the buyer's page: the handover booked (or a form to book or move it), the PDI
//! and the handover days, what still stands before the handover.

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::i18n::Locale;
use app::AppError;
use app::delivery::{BookingInput, BuyerDelivery};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/c/{token}/delivery", post(book)).route("/c/{token}/survey", post(survey))
}

#[derive(Template)]
#[template(path = "delivery/buyer.html")]
struct Section<'a> {
    l: Locale,
    token: &'a str,
    csrf: &'a str,
    d: &'a BuyerDelivery,
}

impl Section<'_> {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }
}

/// The delivery section of the buyer's page, as HTML; empty before the order has a car.
pub fn section(l: Locale, token: &str, csrf: &str, d: &BuyerDelivery) -> String {
    if d.booking.is_none() && !d.can_book && d.delivered_on.is_none() {
        return String::new();
    }
    Section { l, token, csrf, d }.render().unwrap_or_default()
}

async fn book(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<BookingForm>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::delivery::book_by_link(app, &t, &f.input())).await {
        Ok(b) => {
            let msg = format!("{} {} {}", l.t("delivery-booked-for"), b.day, b.start);
            crate::html::panels::buyer_page(&state, l, &headers, token, Some(msg), None).await
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            crate::html::panels::buyer_page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn survey(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<app::delivery::SurveyInput>,
) -> Result<Response, WebError> {
    let t = token.clone();
    match state.run(move |app| app::delivery::answer_survey(app, &t, &f)).await {
        Ok(_) => crate::html::panels::buyer_page(&state, l, &headers, token, Some(l.t("survey-thanks")), None).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            crate::html::panels::buyer_page(&state, l, &headers, token, None, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A booking form as posted (with its `_csrf`).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct BookingForm {
    day: String,
    start: String,
    note: String,
}

impl BookingForm {
    pub(super) fn input(&self) -> BookingInput {
        BookingInput { day: self.day.clone(), start: self.start.clone(), note: self.note.clone() }
    }
}
