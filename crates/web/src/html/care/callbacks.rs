//! The callbacks due (回访) and a call's record.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Pager, render};
use crate::session::{CallbackRecord, CareRead, Need, Staff};
use app::care::{CallInput, Callback, CallbackQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::care::{CallbackKind, CallbackStatus, ComplaintCategory};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/care/callbacks", get(list))
        .route("/care/callbacks/{id}", get(show))
        .route("/care/callbacks/{id}/call", post(call))
}

#[derive(Template)]
#[template(path = "care/callbacks.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Callback>,
    pager: Pager,
    q: String,
    kind: String,
    /// (label, status, due, active)
    tabs: Vec<(String, &'static str, &'static str, bool)>,
    kinds: Vec<(String, &'static str)>,
    today: chrono::NaiveDate,
}

impl ListPage {
    fn kind_label(&self, k: &CallbackKind) -> String {
        self.ctx.t(&format!("callback-kind-{}", k.code()))
    }
    fn status_badge(&self, s: &CallbackStatus) -> (String, &'static str) {
        badge(&self.ctx, *s)
    }
}

fn badge(ctx: &Ctx, s: CallbackStatus) -> (String, &'static str) {
    let colour = match s {
        CallbackStatus::Open => "text-bg-warning",
        CallbackStatus::Done => "text-bg-success",
        CallbackStatus::Unreachable => "text-bg-secondary",
    };
    (ctx.t(&format!("callback-status-{}", s.code())), colour)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    due: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CareRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let query = CallbackQuery {
        status: q.status.clone(),
        kind: q.kind.clone(),
        due: q.due.clone(),
        q: q.q.clone(),
        page: q.page,
        per_page: q.per_page,
    };
    let page = app::PageRequest::new(q.page, q.per_page);
    let (rows, today) = state
        .run(move |app| {
            let today = app::kernel::calendar::today(app, &actor)?;
            let filter = query.parse(today)?;
            Ok::<_, app::AppError>((app::care::callbacks(app, &actor, &filter, page)?, today))
        })
        .await?;
    let status = q.status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "open".into());
    let due = q.due.clone().unwrap_or_default();
    let l = staff.locale();
    let tabs = [
        ("callback-tab-due", "open", ""),
        ("callback-tab-open", "open", "all"),
        ("callback-tab-done", "done", ""),
        ("callback-tab-unreachable", "unreachable", ""),
    ]
    .into_iter()
    .map(|(label, s, d)| (l.t(label), s, d, status == s && (due == d || (d.is_empty() && due == "today"))))
    .collect();
    let kinds =
        CallbackKind::ALL.into_iter().map(|k| (l.t(&format!("callback-kind-{}", k.code())), k.code())).collect();
    let text = q.q.clone().unwrap_or_default();
    let kind = q.kind.clone().unwrap_or_default();
    let pager = Pager::new(
        &rows,
        "/care/callbacks",
        &[("status", status), ("due", due), ("kind", kind.clone()), ("q", text.clone())],
    );
    let page = ListPage {
        ctx: Ctx::new(&staff, "/care/callbacks", q.flash.as_deref()),
        rows: rows.items,
        pager,
        q: text,
        kind,
        tabs,
        kinds,
        today,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "care/callback.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    c: Callback,
    may_call: bool,
    categories: Vec<(String, &'static str)>,
    messages: Messages,
    typed: CallInput,
}

impl ShowPage {
    fn status_badge(&self) -> (String, &'static str) {
        badge(&self.ctx, self.c.status)
    }
    fn kind_label(&self) -> String {
        self.ctx.t(&format!("callback-kind-{}", self.c.kind.code()))
    }
    fn score_label(&self, s: &i32) -> String {
        self.ctx.t(&format!("callback-score-{s}"))
    }
    fn subject_href(&self) -> Option<String> {
        match (self.c.repair_order_id, self.c.order_id) {
            (Some(id), _) => Some(format!("/service/repair-orders/{id}")),
            (None, Some(id)) => Some(format!("/orders/{id}")),
            _ => None,
        }
    }
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    again: Option<(Messages, CallInput)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let c = state.run(move |app| app::care::callback(app, &actor, id)).await?;
    let l = staff.locale();
    let (messages, typed) = again.unwrap_or_default();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/care/callbacks", flash),
        crumbs: vec![(l.t("nav-callbacks"), "/care/callbacks".into()), (c.customer_name.clone(), String::new())],
        may_call: staff.actor().can(domain::rbac::Permission::CallbackRecord) && c.status == CallbackStatus::Open,
        categories: ComplaintCategory::ALL
            .into_iter()
            .map(|k| (l.t(&format!("complaint-category-{}", k.code())), k.code()))
            .collect(),
        c,
        messages,
        typed,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    flash: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<CareRead>,
    Id(id): Id,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, q.flash.as_deref(), None).await?)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CallForm {
    version: i64,
    #[serde(flatten)]
    input: CallInput,
}

async fn call(
    State(state): State<AppState>,
    Need(staff, _): Need<CallbackRecord>,
    Id(id): Id,
    Form(f): Form<CallForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.input.clone();
    match state.run(move |app| app::care::record(app, &actor, id, f.version, &input)).await {
        Ok(c) => {
            let flash = if c.complaint_id.is_some() { "callback-complaint-opened" } else { "callback-recorded" };
            Ok(Redirect::to(&format!("/care/callbacks/{id}?flash={flash}")).into_response())
        }
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page = show_page(&state, &staff, id, None, Some((messages, f.input))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}
