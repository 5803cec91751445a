//! The delivery calendar: the week's handovers with what still blocks each, booking one from the
//! order page, and the store's delivery hours.

use super::buyer::BookingForm;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Answer, Field, FormPage, Kind, answer, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{DeliveryHandOver, DeliverySettingsManage, Need, OrderRead};
use app::delivery::{CalendarEntry, HoursInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/deliveries", get(week))
        .route("/orders/{id}/delivery/booking", post(book))
        .route("/admin/delivery-hours", get(hours_page).post(hours_submit))
        .route("/delivery-tasks", get(tasks))
        .route("/delivery-tasks/{id}/done", post(finish_task))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WeekQuery {
    /// Any day of the week to show (`YYYY-MM-DD`); blank: this week.
    day: String,
    /// `1`: only the reader's own orders.
    mine: String,
    /// Show `days` days from this one (`YYYY-MM-DD`) instead of a Monday-to-Sunday week.
    start: String,
    /// 1 to 7 (with `start`).
    days: String,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "delivery/week.html")]
struct WeekPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    days: Vec<(NaiveDate, Vec<CalendarEntry>)>,
    total: usize,
    previous: NaiveDate,
    next: NaiveDate,
    today: NaiveDate,
    mine: bool,
}

impl WeekPage {
    fn weekday(&self, d: &NaiveDate) -> String {
        self.ctx.t(&format!("weekday-{}", d.weekday().number_from_monday()))
    }

    fn blocker(&self, b: &domain::delivery::Blocker) -> String {
        self.ctx.t(&format!("delivery-blocker-{}", b.code()))
    }
}

async fn week(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Query(q): Query<WeekQuery>,
) -> Result<Html<String>, WebError> {
    let ctx = Ctx::new(&staff, "/deliveries", q.flash.as_deref());
    let today = ctx.today();
    let day = NaiveDate::parse_from_str(q.day.trim(), "%Y-%m-%d").unwrap_or(today);
    let (monday, span) = match NaiveDate::parse_from_str(q.start.trim(), "%Y-%m-%d") {
        Ok(start) => (start, q.days.trim().parse::<i64>().unwrap_or(7).clamp(1, 7)),
        Err(_) => (day - Duration::days(i64::from(day.weekday().num_days_from_monday())), 7),
    };
    let sunday = monday + Duration::days(span - 1);
    let mine = q.mine == "1";
    let actor = staff.actor().clone();
    let entries = state.run(move |app| app::delivery::between(app, &actor, monday, sunday, mine)).await?;
    let total = entries.len();
    let days = (0..span)
        .map(|i| {
            let d = monday + Duration::days(i);
            (d, entries.iter().filter(|e| e.booking.day == d).cloned().collect())
        })
        .collect();
    render(&WeekPage {
        crumbs: vec![(staff.locale().t("delivery-calendar"), String::new())],
        ctx,
        days,
        total,
        previous: monday - Duration::days(7),
        next: monday + Duration::days(7),
        today,
        mine,
    })
}

async fn book(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryHandOver>,
    Id(id): Id,
    Form(f): Form<BookingForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| app::delivery::book(app, &actor, id, &f.input())).await;
    match answer(&staff, result.map(|_| format!("/orders/{id}?flash=delivery-booked#delivery-box")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, code, _) => {
            let page = crate::html::panels::order_page(&state, &staff, id, &[code], None).await?;
            Ok((status, page).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "delivery/tasks.html")]
struct TasksPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    tasks: Vec<app::delivery::Task>,
    now: chrono::NaiveDateTime,
}

async fn tasks(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Query(q): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let tasks = state.run(move |app| app::delivery::my_tasks(app, &actor)).await?;
    render(&TasksPage {
        ctx: Ctx::new(&staff, "/delivery-tasks", q.flash.as_deref()),
        crumbs: vec![(staff.locale().t("queue-delivery-tasks"), String::new())],
        tasks,
        now: chrono::Utc::now().naive_utc(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TaskForm {
    order_id: i64,
    outcome: String,
}

async fn finish_task(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Id(id): Id,
    Form(f): Form<TaskForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let order = f.order_id;
    let result = state.run(move |app| app::delivery::finish_task(app, &actor, id, &f.outcome)).await;
    match answer(&staff, result.map(|t| format!("/orders/{}?flash=task-done#delivery-box", t.order_id)))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, code, _) => {
            let page = crate::html::panels::order_page(&state, &staff, order, &[code], None).await?;
            Ok((status, page).into_response())
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct HoursForm {
    version: i64,
    opens: String,
    closes: String,
    slot_minutes: String,
    bays: String,
}

fn hours_form(staff: &crate::session::Staff, f: &HoursForm, flash: Option<&str>) -> FormPage {
    let l = staff.locale();
    let title = l.t("delivery-hours");
    FormPage {
        ctx: Ctx::new(staff, "/admin/delivery-hours", flash),
        crumbs: vec![(title.clone(), String::new())],
        title,
        action: "/admin/delivery-hours".into(),
        cancel: "/".into(),
        submit: l.t("action-save"),
        version: Some(f.version),
        fields: vec![
            Field::new(l, "opens", Kind::Text, &f.opens).required().autofocus().help(l.t("delivery-hours-hint")),
            Field::new(l, "closes", Kind::Text, &f.closes).required(),
            Field::new(l, "slot_minutes", Kind::Number, &f.slot_minutes).required(),
            Field::new(l, "bays", Kind::Number, &f.bays).required(),
        ],
        form_error: None,
    }
}

async fn hours_page(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliverySettingsManage>,
    Query(q): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (h, version) = state.run(move |app| app::delivery::store_hours(app, &actor)).await?;
    let hm = |m: i32| {
        if m >= 24 * 60 { "24:00".to_string() } else { domain::delivery::slots::time_of(m).format("%H:%M").to_string() }
    };
    let f = HoursForm {
        version,
        opens: hm(h.opens_min),
        closes: hm(h.closes_min),
        slot_minutes: h.slot_min.to_string(),
        bays: h.bays.to_string(),
    };
    render(&hours_form(&staff, &f, q.flash.as_deref()))
}

async fn hours_submit(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliverySettingsManage>,
    Form(f): Form<HoursForm>,
) -> Result<Response, WebError> {
    let input = HoursInput {
        version: f.version,
        opens: f.opens.clone(),
        closes: f.closes.clone(),
        slot_minutes: f.slot_minutes.clone(),
        bays: f.bays.clone(),
    };
    let write = move |app: &app::App, a: &domain::org::Actor| app::delivery::set_store_hours(app, a, &input);
    let page = async || Ok(hours_form(&staff, &f, None));
    submit(&state, &staff, write, |_| "/admin/delivery-hours?flash=delivery-hours-saved".to_string(), page).await
}
