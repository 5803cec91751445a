//! The technician's day on a phone: their jobs, the most urgent first, each with the step they
//! may take now (start, wait for parts, finish with the hours clocked).

use super::Messages;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, Flash, render};
use crate::session::{Need, ServiceWork, Staff};
use app::service::BoardJob;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/service/my-jobs", get(page)).route("/service/repair-orders/{id}/jobs/{line}/step", post(step))
}

#[derive(Template)]
#[template(path = "service/jobs.html")]
struct JobsPage {
    ctx: Ctx,
    jobs: Vec<BoardJob>,
    total: i64,
    /// The job whose step was refused, and why.
    refused: Option<(i64, Messages)>,
}

impl JobsPage {
    fn hours(&self, h: &i32) -> String {
        domain::service::jobs::show_hours(*h)
    }

    fn error(&self, job: &i64) -> Option<String> {
        self.refused
            .as_ref()
            .filter(|(j, _)| j == job)
            .map(|(_, m)| m.fields.values().next().cloned().or_else(|| m.form.clone()).unwrap_or_default())
    }
}

async fn jobs_page(
    state: &AppState,
    staff: &Staff,
    flash: Option<&str>,
    refused: Option<(i64, Messages)>,
) -> Result<JobsPage, WebError> {
    let actor = staff.actor().clone();
    let jobs = state.run(move |app| app::service::my_jobs(app, &actor)).await?;
    let total = i64::try_from(jobs.len()).unwrap_or(0);
    Ok(JobsPage { ctx: Ctx::new(staff, "/service/my-jobs", flash), jobs, total, refused })
}

async fn page(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWork>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&jobs_page(&state, &staff, f.flash.as_deref(), None).await?)
}

async fn step(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWork>,
    Path((id, line)): Path<(i64, i64)>,
    Form(t): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let get = |k: &str| t.get(k).cloned().unwrap_or_default();
    let (version, step, clocked) = (get("version").trim().parse().unwrap_or(-1), get("step"), get("clocked"));
    let actor = staff.actor().clone();
    let back = get("back") == "order";
    let flash = format!("job-{}", step.replace('_', "-"));
    match state
        .run(move |app| {
            app::service::step(
                app,
                &actor,
                (domain::ids::RepairOrderId(id), domain::ids::RepairJobId(line)),
                version,
                &step,
                &clocked,
            )
        })
        .await
    {
        Ok(_) if back => Ok(Redirect::to(&format!("/service/repair-orders/{id}?flash={flash}#lines")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/service/my-jobs?flash={flash}#job-{line}")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&jobs_page(&state, &staff, None, Some((line, messages))).await?)?).into_response())
        }
    }
}
