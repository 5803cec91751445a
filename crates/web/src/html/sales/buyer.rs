//! The buyer's page, reached by the signed link from the e-mail: one column, phone first, the
//! order and its progress, and the one next action (confirm, or ask for a change).

use crate::AppState;
use crate::error::{RequestLocale, WebError};
use crate::extract::Form;
use crate::html::render;
use crate::i18n::Locale;
use app::AppError;
use app::sales::CustomerOrder;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use domain::Money;
use domain::sales::Status;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/c/{token}", get(show))
        .route("/c/{token}/confirm", post(confirm))
        .route("/c/{token}/change", post(change))
}

/// The milestones the buyer sees, in order. Each is named by what happens in it; where the order
/// stands is its status, in the words staff use.
const STEPS: [&str; 7] = ["confirm", "approval", "contract", "payment", "vehicle", "arrival", "delivery"];

/// The milestone an order in `status` is at (`STEPS.len()` once delivered): the first one not done.
fn step_of(status: Status) -> usize {
    use Status::*;
    match status {
        Draft | AwaitingConfirmation => 0,
        AwaitingApproval => 1,
        Approved => 2,
        ContractSigned => 3,
        Paid | OrderedFromFactory | VehicleAllocated | InTransit => 4,
        Arrived | ReadyForDelivery => 6,
        Delivered | Closed | Cancelled | Lost => 7,
    }
}

#[derive(Template)]
#[template(path = "customer/order.html")]
struct Page {
    l: Locale,
    token: String,
    csrf: String,
    o: CustomerOrder,
    message: Option<String>,
    error: Option<String>,
    /// The contract to read and sign, once there is one (the finance pages' section).
    contract: String,
    /// The delivery: the handover booked or to book (delivery's section).
    delivery: String,
    /// The change request the buyer typed, when it was refused: shown again, never lost.
    note: String,
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

    /// (label, done, current) for each milestone of the progress line.
    fn steps(&self) -> Vec<(String, bool, bool)> {
        let at = step_of(self.o.status);
        STEPS.iter().enumerate().map(|(i, s)| (self.l.t(&format!("customer-step-{s}")), i < at, i == at)).collect()
    }

    /// The buyer's journey so far, oldest first: each step that moved the order on, and the
    /// documents made for them, with its day and time in the store's time. No notes: they may
    /// carry what is internal (approval comments, costs).
    fn journey(&self) -> Vec<(String, String)> {
        const STEPS: [&str; 5] =
            ["confirm", "contract_signed_by_customer", "invoice_prepared", "delivery_booked", "delivery_moved"];
        let tz: chrono_tz::Tz = self.o.store_timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
        self.o
            .timeline
            .iter()
            .filter_map(|e| {
                let moved = e.from_status.as_deref().is_some_and(|f| f != e.to_status) && e.to_status != "draft";
                let label = if STEPS.contains(&e.action.as_str()) {
                    self.l.t(&format!("order-event-{}", e.action))
                } else if moved {
                    self.l.t(&format!("status-{}", e.to_status))
                } else {
                    return None;
                };
                Some((e.at.and_utc().with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(), label))
            })
            .collect()
    }

    /// The order's status, in the words staff see.
    fn status_label(&self) -> String {
        self.l.t(&format!("status-{}", self.o.status.code()))
    }

    fn status_class(&self) -> &'static str {
        super::list::status_class(self.o.status.code())
    }

    /// What the status means for the buyer, where it needs saying.
    fn finished(&self) -> Option<String> {
        let status = self.o.status.code();
        matches!(status, "cancelled" | "lost" | "closed" | "draft")
            .then(|| self.l.t(&format!("customer-state-{status}")))
    }

    fn items_of(&self, kind: &str) -> Vec<&app::sales::OrderItem> {
        self.o.items.iter().filter(|i| i.kind == kind).collect()
    }

    fn payment_label(&self) -> String {
        self.l.t(&format!("payment-{}", self.o.terms.payment.code()))
    }

    /// What the lender pays: the total less the down payment.
    fn loan_amount(&self, down: &Money) -> String {
        Money::from_fen((self.o.quote.total_payable.fen() - down.fen()).max(0)).to_string()
    }
}

/// The buyer's page after their action (`panels::BuyerPage`, registered in `html::PAGES`).
pub(crate) fn page<'a>(
    state: &'a AppState,
    l: Locale,
    headers: &'a HeaderMap,
    token: String,
    message: Option<String>,
    error: Option<&'a AppError>,
) -> crate::html::panels::ResponseFuture<'a> {
    Box::pin(page_with_note(state, l, headers, token, (message, error), String::new()))
}

/// The buyer's page with the change request they typed (after a refusal).
async fn page_with_note(
    state: &AppState,
    l: Locale,
    headers: &HeaderMap,
    token: String,
    (message, error): (Option<String>, Option<&AppError>),
    note: String,
) -> Result<Response, WebError> {
    let t = token.clone();
    let (o, to_sign, delivery, papers) = state
        .run(move |app| {
            Ok((
                app::sales::by_link(app, &t)?,
                app::finance::signing::by_link(app, &t)?,
                app::delivery::for_buyer(app, &t)?,
                app::finance::buyer::papers_by_link(app, &t)?,
            ))
        })
        .await?;
    let csrf = crate::html::link_page::csrf(headers);
    let contract = crate::html::finance::buyer::section(l, &token, &csrf, to_sign.as_ref(), o.pending_change.as_ref())
        + &crate::html::finance::buyer::papers(
            l,
            &token,
            &papers,
            o.store_timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai),
        );
    let delivery = crate::html::delivery::buyer::section(l, &token, &csrf, &delivery);
    let error_text = error.map(|e| crate::html::link_page::refusal(l, e));
    let status = error.map_or(StatusCode::OK, crate::error::status_of);
    let html = render(&Page { l, token, csrf: csrf.clone(), o, message, error: error_text, contract, delivery, note })?;
    Ok(crate::html::link_page::respond(state, &csrf, status, html))
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
    let (t, typed) = (token.clone(), a.note.clone());
    match state.run(move |app| app::sales::customer_request_change(app, &t, a.version, &a.note)).await {
        Ok(_) => page(&state, l, &headers, token, Some(l.t("customer-change-sent")), None).await,
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            page_with_note(&state, l, &headers, token, (None, Some(&e)), typed).await
        }
        Err(e) => Err(e.into()),
    }
}
