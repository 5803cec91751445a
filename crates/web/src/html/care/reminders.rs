//! The reminders sent to cars' owners: first service, maintenance, inspection, insurance.

use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, render};
use crate::session::{CareRead, Need};
use app::care::{Reminder, ReminderQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use domain::care::reminders::{ReminderKind, ReminderStatus};

pub fn routes() -> Router<AppState> {
    Router::new().route("/care/reminders", get(list))
}

#[derive(Template)]
#[template(path = "care/reminders.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Reminder>,
    pager: Pager,
    q: String,
    kind: String,
    status: String,
    kinds: Vec<(String, &'static str)>,
    statuses: Vec<(String, &'static str)>,
}

impl ListPage {
    fn kind_label(&self, k: &ReminderKind) -> String {
        self.ctx.t(&format!("reminder-kind-{}", k.code()))
    }
    fn status_badge(&self, s: &ReminderStatus) -> (String, &'static str) {
        let colour = match s {
            ReminderStatus::Sent => "text-bg-info",
            ReminderStatus::NotSent => "text-bg-secondary",
            ReminderStatus::Done => "text-bg-success",
        };
        (self.ctx.t(&format!("reminder-status-{}", s.code())), colour)
    }
    fn note(&self, n: &str) -> String {
        if n.is_empty() { String::new() } else { self.ctx.t(&format!("reminder-note-{n}")) }
    }
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CareRead>,
    Query(q): Query<ReminderQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let filter = q.parse()?;
    let page = app::PageRequest::new(q.page, q.per_page);
    let rows = state.run(move |app| app::care::reminders(app, &actor, &filter, page)).await?;
    let l = staff.locale();
    let (text, kind, status) =
        (q.q.clone().unwrap_or_default(), q.kind.clone().unwrap_or_default(), q.status.clone().unwrap_or_default());
    let pager = Pager::new(
        &rows,
        "/care/reminders",
        &[("kind", kind.clone()), ("status", status.clone()), ("q", text.clone())],
    );
    render(&ListPage {
        ctx: Ctx::new(&staff, "/care/reminders", None),
        rows: rows.items,
        pager,
        q: text,
        kind,
        status,
        kinds: ReminderKind::ALL.into_iter().map(|k| (l.t(&format!("reminder-kind-{}", k.code())), k.code())).collect(),
        statuses: ReminderStatus::ALL
            .into_iter()
            .map(|s| (l.t(&format!("reminder-status-{}", s.code())), s.code()))
            .collect(),
    })
}
