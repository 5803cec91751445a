//! Complaints: the list by deadline, taking one (the customer found by name or mobile), and a
//! complaint's page with its history and the steps the reader may take.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Pager, render};
use crate::session::{CareRead, ComplaintWrite, Need, Staff};
use app::care::{Complaint, ComplaintInput, ComplaintQuery, StepInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::care::{ComplaintCategory, ComplaintSource, ComplaintStatus, Severity};
use domain::rbac::Permission;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/care/complaints", get(list).post(create))
        .route("/care/complaints/new", get(new))
        .route("/care/complaints/{id}", get(show))
        .route("/care/complaints/{id}/step", post(step))
}

fn status_badge(ctx: &Ctx, s: ComplaintStatus) -> (String, &'static str) {
    let colour = match s {
        ComplaintStatus::Open => "text-bg-warning",
        ComplaintStatus::Resolved => "text-bg-info",
        ComplaintStatus::Closed => "text-bg-success",
    };
    (ctx.t(&format!("complaint-status-{}", s.code())), colour)
}

fn severity_badge(ctx: &Ctx, s: Severity) -> (String, &'static str) {
    let colour = match s {
        Severity::Low => "text-bg-light border",
        Severity::Normal => "text-bg-secondary",
        Severity::High => "text-bg-warning",
        Severity::Critical => "text-bg-danger",
    };
    (ctx.t(&format!("complaint-severity-{}", s.code())), colour)
}

#[derive(Template)]
#[template(path = "care/complaints.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Complaint>,
    pager: Pager,
    q: String,
    severity: String,
    owner: String,
    tabs: Vec<(String, &'static str, bool)>,
    severities: Vec<(String, &'static str)>,
}

impl ListPage {
    fn status_badge(&self, s: &ComplaintStatus) -> (String, &'static str) {
        status_badge(&self.ctx, *s)
    }
    fn severity_badge(&self, s: &Severity) -> (String, &'static str) {
        severity_badge(&self.ctx, *s)
    }
    fn category(&self, k: &ComplaintCategory) -> String {
        self.ctx.t(&format!("complaint-category-{}", k.code()))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    severity: Option<String>,
    owner: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

fn severities(l: crate::i18n::Locale) -> Vec<(String, &'static str)> {
    Severity::ALL.into_iter().rev().map(|s| (l.t(&format!("complaint-severity-{}", s.code())), s.code())).collect()
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CareRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let query = ComplaintQuery {
        status: q.status.clone(),
        severity: q.severity.clone(),
        owner: q.owner.clone(),
        q: q.q.clone(),
        page: q.page,
        per_page: q.per_page,
    };
    let page = app::PageRequest::new(q.page, q.per_page);
    let rows = state
        .run(move |app| {
            let today = app::kernel::calendar::today(app, &actor)?;
            let filter = query.parse(&actor, today)?;
            app::care::complaints(app, &actor, &filter, page)
        })
        .await?;
    let l = staff.locale();
    let status = q.status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "open".into());
    let tabs = ["open", "overdue", "resolved", "closed", "all"]
        .into_iter()
        .map(|s| (l.t(&format!("complaint-tab-{s}")), s, status == s))
        .collect();
    let (text, severity, owner) =
        (q.q.clone().unwrap_or_default(), q.severity.clone().unwrap_or_default(), q.owner.clone().unwrap_or_default());
    let pager = Pager::new(
        &rows,
        "/care/complaints",
        &[("status", status), ("severity", severity.clone()), ("owner", owner.clone()), ("q", text.clone())],
    );
    render(&ListPage {
        ctx: Ctx::new(&staff, "/care/complaints", q.flash.as_deref()),
        rows: rows.items,
        pager,
        q: text,
        severity,
        owner,
        tabs,
        severities: severities(l),
    })
}

#[derive(Template)]
#[template(path = "care/complaint_form.html")]
struct NewPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    find: String,
    found: Vec<(i64, String, String)>,
    customer: Option<(i64, String)>,
    sources: Vec<(String, &'static str)>,
    categories: Vec<(String, &'static str)>,
    severities: Vec<(String, &'static str)>,
    owners: Vec<(i64, String)>,
    f: ComplaintInput,
    messages: Messages,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    find: String,
    customer_id: String,
    repair_order_id: String,
}

async fn new_page(
    state: &AppState,
    staff: &Staff,
    find: String,
    f: ComplaintInput,
    messages: Messages,
) -> Result<NewPage, WebError> {
    let actor = staff.actor().clone();
    let text = find.trim().to_string();
    let picked: Option<i64> = f.customer_id.trim().parse().ok();
    let (found, customer, owners) = state
        .run(move |app| {
            let found = if text.is_empty() {
                Vec::new()
            } else {
                let filter = app::customers::CustomerFilter { q: Some(text), ..Default::default() };
                app::customers::list(app, &actor, &filter, app::PageRequest::new(Some(1), Some(10)))?
                    .items
                    .into_iter()
                    .map(|k| (k.id, k.name, k.mobile))
                    .collect()
            };
            let customer = match picked {
                Some(id) => app::customers::get(app, &actor, id).ok().map(|k| (k.id, k.name)),
                None => None,
            };
            let owners = app::care::owners(app, &actor)?;
            Ok::<_, app::AppError>((found, customer, owners))
        })
        .await?;
    let l = staff.locale();
    let mut f = f;
    if f.owner_id.trim().is_empty() {
        f.owner_id = staff.actor().user_id.0.to_string();
    }
    Ok(NewPage {
        ctx: Ctx::new(staff, "/care/complaints", None),
        crumbs: vec![(l.t("nav-complaints"), "/care/complaints".into()), (l.t("complaint-new"), String::new())],
        find,
        found,
        customer,
        sources: ComplaintSource::ALL
            .into_iter()
            .map(|s| (l.t(&format!("complaint-source-{}", s.code())), s.code()))
            .collect(),
        categories: ComplaintCategory::ALL
            .into_iter()
            .map(|s| (l.t(&format!("complaint-category-{}", s.code())), s.code()))
            .collect(),
        severities: severities(l),
        owners,
        f,
        messages,
    })
}

async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<ComplaintWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let f = ComplaintInput { customer_id: q.customer_id, repair_order_id: q.repair_order_id, ..Default::default() };
    render(&new_page(&state, &staff, q.find, f, Messages::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<ComplaintWrite>,
    Form(f): Form<ComplaintInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.clone();
    match state.run(move |app| app::care::open(app, &actor, &input, None)).await {
        Ok(c) => Ok(Redirect::to(&format!("/care/complaints/{}?flash=complaint-opened", c.id)).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page = new_page(&state, &staff, String::new(), f, messages).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "care/complaint.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    c: Complaint,
    owners: Vec<(i64, String)>,
    may_resolve: bool,
    may_answer: bool,
    may_reassign: bool,
    /// The refused step, its messages and what was typed.
    again: Option<(String, Messages, StepInput)>,
}

impl ShowPage {
    fn status_badge(&self) -> (String, &'static str) {
        status_badge(&self.ctx, self.c.status)
    }
    fn severity_badge(&self) -> (String, &'static str) {
        severity_badge(&self.ctx, self.c.severity)
    }
    fn code_of(&self, prefix: &str, code: &str) -> String {
        self.ctx.t(&format!("{prefix}-{code}"))
    }
    fn error(&self, step: &str, field: &str) -> Option<String> {
        self.again.as_ref().filter(|(s, _, _)| s == step).and_then(|(_, m, _)| m.get(field).cloned())
    }
    fn form_error(&self, step: &str) -> Option<String> {
        self.again.as_ref().filter(|(s, _, _)| s == step).and_then(|(_, m, _)| m.form.clone())
    }
    fn typed_note(&self, step: &str) -> String {
        self.again.as_ref().filter(|(s, _, _)| s == step).map(|(_, _, t)| t.note.clone()).unwrap_or_default()
    }
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    again: Option<(String, Messages, StepInput)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let (c, owners) = state
        .run(move |app| {
            let c = app::care::complaint(app, &actor, id)?;
            let owners = if actor.can(Permission::ComplaintManage) {
                app::care::owners(app, &actor)?.into_iter().filter(|(id, _)| *id != c.owner_id).collect()
            } else {
                Vec::new()
            };
            Ok::<_, app::AppError>((c, owners))
        })
        .await?;
    let a = staff.actor();
    let l = staff.locale();
    let write = a.can(Permission::ComplaintWrite);
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/care/complaints", flash),
        crumbs: vec![(l.t("nav-complaints"), "/care/complaints".into()), (c.number.clone(), String::new())],
        may_resolve: write
            && c.status == ComplaintStatus::Open
            && (c.owner_id == a.user_id.0 || a.can(Permission::ComplaintManage)),
        may_answer: write && c.status == ComplaintStatus::Resolved,
        may_reassign: a.can(Permission::ComplaintManage) && c.status == ComplaintStatus::Open && !owners.is_empty(),
        c,
        owners,
        again,
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
struct StepForm {
    version: i64,
    #[serde(flatten)]
    input: StepInput,
}

async fn step(
    State(state): State<AppState>,
    Need(staff, _): Need<ComplaintWrite>,
    Id(id): Id,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.input.clone();
    match state.run(move |app| app::care::step(app, &actor, id, f.version, &input)).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/care/complaints/{id}?flash=complaint-{}", f.input.step.trim())).into_response())
        }
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page =
                show_page(&state, &staff, id, None, Some((f.input.step.trim().to_string(), messages, f.input))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}
