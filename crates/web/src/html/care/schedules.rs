//! The maker's maintenance schedule per model (设置 → 保养周期): from which the reminders count.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Flash, render};
use crate::session::{CatalogueManage, Need, Staff};
use app::care::{ModelSchedule, ScheduleInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new().route("/care/service-schedules", get(list)).route("/care/service-schedules/{id}", post(save))
}

#[derive(Template)]
#[template(path = "care/schedules.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<ModelSchedule>,
    /// The model whose form was refused, its messages and what was typed.
    again: Option<(i64, Messages, ScheduleInput)>,
}

impl ListPage {
    fn error(&self, model: &i64, field: &str) -> Option<String> {
        self.again.as_ref().filter(|(m, _, _)| m == model).and_then(|(_, msg, _)| msg.get(field).cloned())
    }

    /// What the form shows: what was typed if it was refused, else the schedule.
    fn value(&self, r: &ModelSchedule, field: &str) -> String {
        if let Some((_, _, typed)) = self.again.as_ref().filter(|(m, _, _)| *m == r.model_id) {
            return match field {
                "first_months" => typed.first_months.clone(),
                "first_km" => typed.first_km.clone(),
                "periodic_months" => typed.periodic_months.clone(),
                _ => typed.periodic_km.clone(),
            };
        }
        match field {
            "first_months" => r.first_months.to_string(),
            "first_km" => r.first_km.to_string(),
            "periodic_months" => r.periodic_months.to_string(),
            _ => r.periodic_km.to_string(),
        }
    }
}

async fn page(
    state: &AppState,
    staff: &Staff,
    flash: Option<&str>,
    again: Option<(i64, Messages, ScheduleInput)>,
) -> Result<ListPage, WebError> {
    let actor = staff.actor().clone();
    let rows = state.run(move |app| app::care::schedules(app, &actor)).await?;
    Ok(ListPage { ctx: Ctx::new(staff, "/care/service-schedules", flash), rows, again })
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&page(&state, &staff, f.flash.as_deref(), None).await?)
}

async fn save(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(f): Form<ScheduleInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.clone();
    match state.run(move |app| app::care::set_schedule(app, &actor, id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/care/service-schedules?flash=schedule-saved#model-{id}")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&page(&state, &staff, None, Some((id, messages, f))).await?)?).into_response())
        }
    }
}
