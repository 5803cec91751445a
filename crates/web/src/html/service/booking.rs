//! The customer's booking page, reached by the link in a service reminder: one column, phone
//! first; the next two weeks' free times of the store, what should be done, and the booking.

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::html::{link_page, render};
use crate::i18n::Locale;
use app::AppError;
use app::service::{BookingPage, SelfBookingInput};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/b/{token}", get(show).post(book))
}

#[derive(Template)]
#[template(path = "service/booking.html")]
struct Page {
    l: Locale,
    token: String,
    csrf: String,
    p: BookingPage,
    f: SelfBookingInput,
    /// Just booked (else: the visit booked before, if any).
    done: bool,
    error: Option<String>,
}

impl Page {
    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn booked_text(&self) -> Option<String> {
        self.p.booked.as_ref().map(|(day, time)| {
            let key = if self.done { "booking-done" } else { "booking-already" };
            self.l.t_args(key, &[("day", day.to_string()), ("time", time.clone())])
        })
    }

    /// `12-08 周二`.
    fn day_label(&self, day: &chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!("{} {}", day.format("%m-%d"), self.l.t(&format!("weekday-{}", day.weekday().number_from_monday())))
    }

    fn free_label(&self, n: usize) -> String {
        self.l.t_args("booking-free", &[("n", n.to_string())])
    }

    /// The day whose times show first: the one picked, else the first.
    fn open(&self, day: &chrono::NaiveDate) -> bool {
        if self.f.day.is_empty() {
            self.p.days.first().is_some_and(|d| d.day == *day)
        } else {
            self.f.day == day.to_string()
        }
    }

    fn picked(&self, day: &chrono::NaiveDate, slot: &str) -> bool {
        self.f.day == day.to_string() && self.f.starts_at == slot
    }
}

async fn page(
    state: &AppState,
    l: Locale,
    headers: &HeaderMap,
    token: String,
    (f, error): (SelfBookingInput, Option<&AppError>),
) -> Result<Response, WebError> {
    let t = token.clone();
    let p = state.run(move |app| app::service::booking_page(app, &t)).await?;
    let csrf = link_page::csrf(headers);
    let error_text = error.map(|e| link_page::refusal(l, e));
    let status = error.map_or(StatusCode::OK, crate::error::status_of);
    let html = render(&Page { l, token, csrf: csrf.clone(), p, f, done: false, error: error_text })?;
    Ok(link_page::respond(state, &csrf, status, html))
}

async fn show(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    page(&state, l, &headers, token, (SelfBookingInput::default(), None)).await
}

/// The form: the time picked as `YYYY-MM-DD HH:MM`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct BookingForm {
    slot: String,
    requested_work: String,
    mileage_km: String,
}

async fn book(
    State(state): State<AppState>,
    Extension(RequestLocale(l)): Extension<RequestLocale>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<BookingForm>,
) -> Result<Response, WebError> {
    let (day, starts_at) = form.slot.trim().split_once(' ').unwrap_or_default();
    let f = SelfBookingInput {
        day: day.to_string(),
        starts_at: starts_at.to_string(),
        requested_work: form.requested_work,
        mileage_km: form.mileage_km,
    };
    let (t, input) = (token.clone(), f.clone());
    match state.run(move |app| app::service::book_by_link(app, &t, &input)).await {
        Ok(p) => {
            let html = render(&Page { l, token, csrf: link_page::csrf(&headers), p, f, done: true, error: None })?;
            Ok(html.into_response())
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            page(&state, l, &headers, token, (f, Some(&e))).await
        }
        Err(e) => Err(e.into()),
    }
}
