//! Test drives: booking one from the lead's page, checking the car out and in, cancelling, and
//! the store's schedule of the day (which demo car is out when).

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{Ctx, render};
use crate::session::{LeadRead, LeadWrite, Need};
use app::crm::test_drives::{self as td, BookingInput, DriveStep, TestDrive};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/test-drives", get(day))
        .route("/leads/{id}/test-drives", post(book))
        .route("/test-drives/{id}/step", post(step))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BookForm {
    vehicle_id: String,
    day: String,
    time: String,
    minutes: String,
    licence_no: String,
    licence_expires_on: String,
}

async fn book(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<BookForm>,
) -> Result<Response, WebError> {
    let typed = super::leads::ActionForm {
        vehicle_id: f.vehicle_id.clone(),
        day: f.day.clone(),
        time: f.time.clone(),
        minutes: f.minutes.clone(),
        licence_no: f.licence_no.clone(),
        licence_expires_on: f.licence_expires_on.clone(),
        ..Default::default()
    };
    let input = BookingInput {
        vehicle_id: f.vehicle_id.trim().parse().ok(),
        day: NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d").ok(),
        time: NaiveTime::parse_from_str(f.time.trim(), "%H:%M").ok(),
        minutes: f.minutes.trim().parse().ok(),
        licence_no: f.licence_no,
        licence_expires_on: NaiveDate::parse_from_str(f.licence_expires_on.trim(), "%Y-%m-%d").ok(),
    };
    let actor = staff.actor().clone();
    let result = state.run(move |app| td::book(app, &actor, id, &input)).await;
    let done = result.map(|_| format!("/leads/{id}?flash=test-drive-booked"));
    super::leads::again_with(&state, &staff, id, done, typed).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StepForm {
    version: i64,
    action: String,
    km: String,
    verdict: String,
    impression: String,
    reason: String,
}

async fn step(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let typed = super::leads::ActionForm {
        drive_id: id,
        km: f.km.clone(),
        verdict: f.verdict.clone(),
        impression: f.impression.clone(),
        reason: f.reason.clone(),
        ..Default::default()
    };
    let input = DriveStep {
        version: f.version,
        km: f.km.trim().parse().ok(),
        verdict: f.verdict,
        impression: f.impression,
        reason: f.reason,
    };
    let actor = staff.actor().clone();
    let action = f.action;
    let (lead, result) = state
        .run(move |app| {
            let lead = td::lead_of(app, &actor, id)?;
            let r = match action.as_str() {
                "out" => td::check_out(app, &actor, id, &input),
                "back" => td::give_back(app, &actor, id, &input),
                "cancel" => td::cancel(app, &actor, id, &input),
                _ => Err(app::AppError::field("action", "value-unknown")),
            };
            Ok((lead, r))
        })
        .await?;
    super::leads::again_with(&state, &staff, lead, result.map(|_| format!("/leads/{lead}?flash=saved")), typed).await
}

#[derive(Template)]
#[template(path = "crm/drives.html")]
struct DayPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    day: NaiveDate,
    drives: Vec<TestDrive>,
}

impl DayPage {
    fn status(&self, d: &TestDrive) -> String {
        self.ctx.t(&format!("test-drive-status-{}", d.status.code()))
    }
    fn prev(&self) -> String {
        self.day.pred_opt().map(|d| d.to_string()).unwrap_or_default()
    }
    fn next(&self) -> String {
        self.day.succ_opt().map(|d| d.to_string()).unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DayQuery {
    day: Option<String>,
}

async fn day(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadRead>,
    Query(q): Query<DayQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let wanted = q.day.as_deref().and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    let (day, drives) = state.run(move |app| td::of_day(app, &actor, wanted)).await?;
    let l = staff.locale();
    let page = DayPage {
        ctx: Ctx::new(&staff, "/test-drives", None),
        crumbs: vec![(l.t("nav-test-drives"), String::new())],
        day,
        drives,
    };
    Ok(render(&page)?.into_response())
}
