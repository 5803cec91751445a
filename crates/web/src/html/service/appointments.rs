//! The workshop's day (`售后 → 预约`): every slot with its bays, the cars booked in it and what
//! the desk does with them (receive, cancel, no-show), and the booking form: the car found by
//! plate or VIN, then the day, the slot and the work.

use super::Messages;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{Ctx, render};
use crate::session::{Need, ServiceRead, ServiceWrite, Staff};
use app::customers::vehicles::FoundVehicle;
use app::service::{AppointmentInput, DayBoard};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::service::appointments::{AppointmentStatus, BookingSource};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/service/appointments", get(page).post(book))
        .route("/service/appointments/{id}/close", post(close))
}

#[derive(Template)]
#[template(path = "service/appointments.html")]
struct DayPage {
    ctx: Ctx,
    board: DayBoard,
    today: NaiveDate,
    find: String,
    found: Vec<FoundVehicle>,
    car: Option<FoundVehicle>,
    f: AppointmentInput,
    slots: Vec<String>,
    /// The appointments shown (all, or those of the status asked for).
    shown: i64,
    messages: Messages,
}

impl DayPage {
    fn badge(&self, s: &AppointmentStatus) -> (String, &'static str) {
        let colour = match s {
            AppointmentStatus::Booked => "text-bg-primary",
            AppointmentStatus::Arrived => "text-bg-success",
            AppointmentStatus::NoShow => "text-bg-warning",
            AppointmentStatus::Cancelled => "text-bg-light border",
        };
        (self.ctx.t(&format!("appointment-status-{}", s.code())), colour)
    }

    fn hours(&self, x100: &i64) -> String {
        domain::service::jobs::show_hours(i32::try_from(*x100).unwrap_or(i32::MAX))
    }

    fn work_hours(&self, x100: &i32) -> String {
        domain::service::jobs::show_hours(*x100)
    }

    fn prev(&self) -> NaiveDate {
        self.board.day - chrono::Days::new(1)
    }

    fn next(&self) -> NaiveDate {
        self.board.day + chrono::Days::new(1)
    }

    /// The reception form's address for a booked car: found, picked, with its work.
    fn receive_href(&self, a: &app::service::Appointment) -> String {
        let find = a.plate.clone().unwrap_or_else(|| a.vin.clone());
        let q = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("find", find),
                ("car", a.customer_vehicle_id.to_string()),
                ("appointment", a.id.to_string()),
                ("work", a.requested_work.clone()),
                ("km", a.mileage_km.map(|k| k.to_string()).unwrap_or_default()),
            ])
            .finish();
        format!("/service/repair-orders/new?{q}")
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DayQuery {
    day: String,
    /// Only the appointments of this status (the home card's `booked`).
    status: String,
    find: String,
    car: String,
    flash: Option<String>,
}

async fn day_page(
    state: &AppState,
    staff: &Staff,
    q: &DayQuery,
    f: AppointmentInput,
    messages: Messages,
) -> Result<DayPage, WebError> {
    let actor = staff.actor().clone();
    let today = state
        .run({
            let actor = actor.clone();
            move |app| app::kernel::calendar::today(app, &actor)
        })
        .await?;
    let day = NaiveDate::parse_from_str(q.day.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d"))
        .unwrap_or(today);
    let text = q.find.trim().to_string();
    let (board, found) = state
        .run(move |app| {
            let board = app::service::day_board(app, &actor, day)?;
            let found = if text.is_empty() || !actor.can(domain::rbac::Permission::ServiceWrite) {
                Vec::new()
            } else {
                app::customers::vehicles::find(app, &actor, &text)?
            };
            Ok::<_, app::AppError>((board, found))
        })
        .await?;
    let mut board = board;
    if let Some(only) = <AppointmentStatus as domain::Code>::from_code(q.status.trim()) {
        for slot in &mut board.slots {
            slot.appointments.retain(|a| a.status == only);
        }
    }
    let shown = board.slots.iter().map(|s| i64::try_from(s.appointments.len()).unwrap_or(0)).sum();
    let picked: Option<i64> = q.car.trim().parse().ok().or_else(|| f.customer_vehicle_id.trim().parse().ok());
    let car = found
        .iter()
        .find(|v| Some(v.vehicle.id) == picked)
        .cloned()
        .or_else(|| (found.len() == 1).then(|| found[0].clone()));
    let mut f = f;
    if let Some(c) = &car {
        f.customer_vehicle_id = c.vehicle.id.to_string();
    }
    if f.day.is_empty() {
        f.day = day.to_string();
    }
    Ok(DayPage {
        ctx: Ctx::new(staff, "/service/appointments", q.flash.as_deref()),
        slots: board.slots.iter().map(|s| s.starts_at.clone()).collect(),
        board,
        shown,
        today,
        find: q.find.clone(),
        found,
        car,
        f,
        messages,
    })
}

async fn page(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, WebError> {
    render(&day_page(&state, &staff, &q, AppointmentInput::default(), Messages::default()).await?)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct BookForm {
    find: String,
    #[serde(flatten)]
    input: AppointmentInput,
}

async fn book(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Form(form): Form<BookForm>,
) -> Result<Response, WebError> {
    let (actor, input) = (staff.actor().clone(), form.input.clone());
    match state.run(move |app| app::service::book(app, &actor, &input, (BookingSource::Staff, None))).await {
        Ok(a) => Ok(Redirect::to(&format!(
            "/service/appointments?day={}&flash=appointment-booked#appointment-{}",
            a.day, a.id
        ))
        .into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let q = DayQuery { day: form.input.day.clone(), find: form.find, ..Default::default() };
            Ok((status, render(&day_page(&state, &staff, &q, form.input, messages).await?)?).into_response())
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CloseForm {
    version: i64,
    status: String,
    reason: String,
    day: String,
}

async fn close(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(f): Form<CloseForm>,
) -> Result<Response, WebError> {
    use domain::Code;
    let to = AppointmentStatus::from_code(f.status.trim()).unwrap_or(AppointmentStatus::Booked);
    let (actor, reason) = (staff.actor().clone(), f.reason.clone());
    match state.run(move |app| app::service::close(app, &actor, id, f.version, (to, &reason))).await {
        Ok(a) => Ok(Redirect::to(&format!("/service/appointments?day={}&flash=appointment-closed#slots", a.day))
            .into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let q = DayQuery { day: f.day, ..Default::default() };
            Ok((status, render(&day_page(&state, &staff, &q, AppointmentInput::default(), messages).await?)?)
                .into_response())
        }
    }
}
