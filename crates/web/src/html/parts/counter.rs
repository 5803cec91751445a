//! The parts store's counter to the workshop (发料): the parts approved repair orders wait for,
//! each issued from a warehouse with one press, and pieces taken back.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Pager, render};
use crate::session::{Need, PartsIssue, Staff};
use app::parts::{QueueItem, RequestQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::parts::RequestStatus;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/parts/requests", get(list))
        .route("/parts/requests/{id}/issue", post(issue))
        .route("/parts/requests/{id}/return", post(take_back))
}

#[derive(Template)]
#[template(path = "parts/requests.html")]
struct QueuePage {
    ctx: Ctx,
    rows: Vec<QueueItem>,
    pager: Pager,
    q: String,
    tabs: Vec<(String, String, i64, bool)>,
    /// A refused press: the request and the message.
    refused: Option<(i64, String)>,
}

impl QueuePage {
    fn badge(&self, s: &RequestStatus) -> (String, &'static str) {
        super::request_badge(self.ctx.l, *s)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

impl ListQuery {
    fn request(&self) -> RequestQuery {
        RequestQuery { status: self.status.clone(), q: self.q.clone(), page: self.page, per_page: self.per_page }
    }
}

async fn queue_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    refused: Option<(i64, String)>,
) -> Result<QueuePage, WebError> {
    let l = staff.locale();
    let actor = staff.actor().clone();
    let filter = q.request().parse().unwrap_or_default();
    let page = app::PageRequest::new(q.page, q.per_page);
    let (rows, counts) = state
        .run(move |app| {
            Ok::<_, app::AppError>((
                app::parts::queue(app, &actor, &filter, page)?,
                app::parts::request_counts(app, &actor)?,
            ))
        })
        .await?;
    let current = q.status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "open".into());
    let tabs = RequestStatus::ALL
        .into_iter()
        .map(|s| {
            let n = counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n);
            (l.t(&format!("part-request-{}", s.code())), s.code().to_string(), n, current == s.code())
        })
        .collect();
    let text = q.q.clone().unwrap_or_default();
    let pager = Pager::new(&rows, "/parts/requests", &[("status", current), ("q", text.clone())]);
    Ok(QueuePage {
        ctx: Ctx::new(staff, "/parts/requests", q.flash.as_deref()),
        rows: rows.items,
        pager,
        q: text,
        tabs,
        refused,
    })
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    render(&queue_page(&state, &staff, q, None).await?)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PressForm {
    version: i64,
    warehouse: String,
    /// The tab the clerk was on.
    status: String,
}

async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: Result<T, app::AppError>,
    flash: &str,
    status: String,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/parts/requests?status={status}&flash={flash}")).into_response()),
        Err(e) => {
            let (code, messages) = Messages::of(staff.locale(), e)?;
            let text = messages.fields.values().next().cloned().or(messages.form).unwrap_or_default();
            let q = ListQuery { status: Some(status), ..Default::default() };
            let page = queue_page(state, staff, q, Some((id, text))).await?;
            Ok((code, render(&page)?).into_response())
        }
    }
}

async fn issue(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Id(id): Id,
    Form(f): Form<PressForm>,
) -> Result<Response, WebError> {
    let (actor, warehouse) = (staff.actor().clone(), f.warehouse.clone());
    let r = state.run(move |app| app::parts::issue(app, &actor, id, f.version, &warehouse)).await;
    answer(&state, &staff, id, r, "part-issued", f.status).await
}

async fn take_back(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Id(id): Id,
    Form(f): Form<PressForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::parts::take_back(app, &actor, id, f.version)).await;
    answer(&state, &staff, id, r, "part-returned", f.status).await
}
