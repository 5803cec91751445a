//! Lending a loaner car from a repair order, and a loan's page where the car is taken back.

use super::badge;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Flash, render};
use crate::session::{Need, ServiceRead, ServiceWrite, Staff};
use app::loaners::{LendInput, Loan, LoanerCar, ReturnInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::ids::LoanId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/service/repair-orders/{id}/loaner", get(lend_form).post(lend))
        .route("/service/loans/{id}", get(show))
        .route("/service/loans/{id}/return", post(give_back))
}

/// The lend form as typed.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct LendForm {
    vehicle_id: String,
    driver_name: String,
    licence_no: String,
    licence_expires_on: String,
    km: String,
    fuel_percent: String,
    due_on: String,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl LendForm {
    fn input(&self) -> LendInput {
        LendInput {
            vehicle_id: self.vehicle_id.trim().parse().ok(),
            driver_name: self.driver_name.clone(),
            licence_no: self.licence_no.clone(),
            licence_expires_on: date(&self.licence_expires_on),
            km: self.km.trim().parse().ok(),
            fuel_percent: self.fuel_percent.trim().parse().ok(),
            due_on: date(&self.due_on),
        }
    }
}

#[derive(Template)]
#[template(path = "loaners/lend.html")]
struct LendPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    r: app::service::RepairOrder,
    free: Vec<LoanerCar>,
    f: LendForm,
    messages: Messages,
}

async fn lend_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    f: Option<LendForm>,
    messages: Messages,
) -> Result<LendPage, WebError> {
    let actor = staff.actor().clone();
    let (r, fleet, today) = state
        .run(move |app| {
            let r = app::service::get(app, &actor, id)?;
            Ok::<_, app::AppError>((r, app::loaners::fleet(app, &actor)?, app::kernel::calendar::today(app, &actor)?))
        })
        .await?;
    // The customer drives it until their car is ready: the promised day, else tomorrow.
    let due = r.promised_at.map(|p| p.date()).filter(|d| *d >= today).unwrap_or(today + chrono::Duration::days(1));
    let f = f.unwrap_or_else(|| LendForm {
        driver_name: r.customer_name.clone(),
        due_on: due.to_string(),
        fuel_percent: "100".into(),
        ..Default::default()
    });
    let l = staff.locale();
    Ok(LendPage {
        ctx: Ctx::new(staff, "/service/repair-orders", None),
        crumbs: vec![
            (l.t("nav-repair-orders"), "/service/repair-orders".into()),
            (r.number.clone(), format!("/service/repair-orders/{id}")),
            (l.t("loan-lend"), String::new()),
        ],
        free: fleet.into_iter().filter(|c| c.loan.is_none()).collect(),
        r,
        f,
        messages,
    })
}

async fn lend_form(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    render(&lend_page(&state, &staff, id, None, Messages::default()).await?)
}

async fn lend(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(f): Form<LendForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.input();
    match state.run(move |app| app::loaners::lend(app, &actor, id, &input, None)).await {
        Ok(_) => Ok(Redirect::to(&format!("/service/repair-orders/{id}?flash=loan-lent")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&lend_page(&state, &staff, id, Some(f), messages).await?)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "loaners/show.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    l: Loan,
    /// The return form as typed, when refused.
    typed: ReturnForm,
    messages: Messages,
}

impl ShowPage {
    fn badge(&self) -> (String, &'static str) {
        badge(&self.ctx, &self.l)
    }
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct ReturnForm {
    version: i64,
    km: String,
    fuel_percent: String,
    note: String,
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    (typed, messages): (ReturnForm, Messages),
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let l = state.run(move |app| app::loaners::get(app, &actor, LoanId(id))).await?;
    let loc = staff.locale();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/service/loaners", flash),
        crumbs: vec![(loc.t("nav-loaners"), "/service/loaners".into()), (l.car.clone(), String::new())],
        l,
        typed,
        messages,
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, f.flash.as_deref(), Default::default()).await?)
}

async fn give_back(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(f): Form<ReturnForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = ReturnInput {
        version: f.version,
        km: f.km.trim().parse().ok(),
        fuel_percent: f.fuel_percent.trim().parse().ok(),
        note: f.note.clone(),
    };
    match state.run(move |app| app::loaners::give_back(app, &actor, LoanId(id), &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/service/loans/{id}?flash=loan-returned")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&show_page(&state, &staff, id, None, (f, messages)).await?)?).into_response())
        }
    }
}
