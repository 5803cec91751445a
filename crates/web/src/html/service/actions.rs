//! The forms of the repair order's page: lines, the customer's approval, dispatch, quality
//! control, settlement, the cashier's payment, the car's return and cancellation. Each goes back
//! to the page: with a message on success, or with the refused form's messages and what was typed.

use super::Messages;
use super::pages::show_page;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::render;
use crate::session::{Need, PaymentRegister, ServiceDispatch, ServiceQc, ServiceWrite, Staff};
use app::service::{JobInput, LineRemoval, PartInput};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/service/repair-orders/{id}/jobs", post(add_job))
        .route("/service/repair-orders/{id}/parts", post(add_part))
        .route("/service/repair-orders/{id}/lines/remove", post(remove_line))
        .route("/service/repair-orders/{id}/approve", post(approve))
        .route("/service/repair-orders/{id}/jobs/{line}/dispatch", post(dispatch))
        .route("/service/repair-orders/{id}/qc", post(qc))
        .route("/service/repair-orders/{id}/settle", post(settle))
        .route("/service/repair-orders/{id}/hand-over", post(hand_over))
        .route("/service/repair-orders/{id}/cancel", post(cancel))
        .route("/service/repair-orders/{id}/payments", post(pay))
}

/// Back to the page after `result`: `flash` and `anchor` on success, the form `name` again with
/// its messages otherwise.
async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: Result<T, app::AppError>,
    (name, flash, anchor): (&'static str, &str, &str),
    typed: BTreeMap<String, String>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/service/repair-orders/{id}?flash={flash}#{anchor}")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page = show_page(state, staff, id, None, Some((name, messages, typed))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

fn version(typed: &BTreeMap<String, String>) -> i64 {
    typed.get("version").and_then(|v| v.trim().parse().ok()).unwrap_or(-1)
}

fn field(typed: &BTreeMap<String, String>, name: &str) -> String {
    typed.get(name).cloned().unwrap_or_default()
}

async fn add_job(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let input = JobInput {
        name: field(&t, "name"),
        system: field(&t, "system"),
        fault: field(&t, "fault"),
        hours: field(&t, "hours"),
        payer: field(&t, "payer"),
    };
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::add_job(app, &actor, id, v, &input)).await;
    answer(&state, &staff, id, r, ("job", "repair-line-added", "lines"), t).await
}

async fn add_part(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let input = PartInput {
        part_no: field(&t, "part_no"),
        name: field(&t, "name"),
        system: field(&t, "system"),
        quantity: field(&t, "quantity"),
        unit_price: field(&t, "unit_price"),
        payer: field(&t, "payer"),
    };
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::add_part(app, &actor, id, v, &input)).await;
    answer(&state, &staff, id, r, ("part", "repair-line-added", "lines"), t).await
}

async fn remove_line(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let line: i64 = field(&t, "line").trim().parse().unwrap_or(-1);
    let which = if field(&t, "kind") == "part" { LineRemoval::Part(line) } else { LineRemoval::Job(line) };
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::remove_line(app, &actor, id, v, which)).await;
    answer(&state, &staff, id, r, ("lines", "repair-line-removed", "lines"), t).await
}

async fn approve(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::approve_estimate(app, &actor, id, v)).await;
    answer(&state, &staff, id, r, ("approve", "repair-estimate-approved", "lines"), t).await
}

async fn dispatch(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceDispatch>,
    Path((id, line)): Path<(i64, i64)>,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let tech: i64 = field(&t, "technician_id").trim().parse().unwrap_or(-1);
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state
        .run(move |app| {
            app::service::dispatch(
                app,
                &actor,
                (domain::ids::RepairOrderId(id), domain::ids::RepairJobId(line)),
                v,
                domain::ids::UserId(tech),
            )
        })
        .await;
    answer(&state, &staff, id, r, ("dispatch", "repair-dispatched", "lines"), t).await
}

async fn qc(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceQc>,
    Id(id): Id,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let rework: Vec<i64> =
        pairs.iter().filter(|(k, _)| k == "rework").filter_map(|(_, v)| v.trim().parse().ok()).collect();
    let t: BTreeMap<String, String> = pairs.into_iter().filter(|(k, _)| k != "rework").collect();
    let passed = field(&t, "verdict") == "pass";
    let (actor, v, note) = (staff.actor().clone(), version(&t), field(&t, "note"));
    let r = state.run(move |app| app::service::quality_check(app, &actor, id, v, passed, &note, &rework)).await;
    let flash = if passed { "repair-qc-passed" } else { "repair-qc-failed" };
    answer(&state, &staff, id, r, ("qc", flash, "lines"), t).await
}

async fn settle(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::settle(app, &actor, id, v)).await;
    answer(&state, &staff, id, r, ("settle", "repair-settled", "money"), t).await
}

async fn hand_over(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&t));
    let r = state.run(move |app| app::service::hand_over(app, &actor, id, v)).await;
    answer(&state, &staff, id, r, ("hand_over", "repair-handed-over", "steps"), t).await
}

async fn cancel(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v, reason) = (staff.actor().clone(), version(&t), field(&t, "reason"));
    let r = state.run(move |app| app::service::cancel(app, &actor, id, v, &reason)).await;
    answer(&state, &staff, id, r, ("cancel", "repair-cancelled", "steps"), t).await
}

async fn pay(
    State(state): State<AppState>,
    Need(staff, _): Need<PaymentRegister>,
    Id(id): Id,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let amount = domain::Money::parse_yuan(&field(&t, "amount"));
    let input = app::finance::bills::BillPaymentInput {
        method: field(&t, "method"),
        amount_fen: amount.ok().map(domain::Money::fen),
        reference: field(&t, "reference"),
        note: field(&t, "note"),
    };
    let actor = staff.actor().clone();
    let document = domain::billing::Document { kind: domain::billing::DocumentKind::RepairOrder, id };
    let r = match amount {
        Err(e) => Err(app::AppError::field("amount", domain::error::ErrorCode::code(&e))),
        Ok(_) => state.run(move |app| app::finance::bills::register(app, &actor, document, &input, None)).await,
    };
    // The use case names the amount in fen; the form has it in yuan.
    let r = r.map_err(|e| match e {
        app::AppError::Validation(fe) => {
            let mut out = domain::FieldErrors::new();
            for f in fe.iter() {
                out.add(if f.field == "amount_fen" { "amount".to_string() } else { f.field.clone() }, f.code);
            }
            app::AppError::Validation(out)
        }
        other => other,
    });
    answer(&state, &staff, id, r, ("pay", "repair-payment-registered", "money"), t).await
}
