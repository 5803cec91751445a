//! The replenishment page: per trim and colour the quantity to order from the factory now with
//! its reasoning line by line, the look-ahead (lead time, cover, weeks of history) adjustable,
//! and one button per line that makes it a draft factory order.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::form::{Answer, answer};
use crate::html::{Ctx, num, render};
use crate::session::{Need, Staff, VehicleManage};
use app::inventory::replenish::{self, DraftInput, Horizon, ReplenishLine};
use app::inventory::stock::Names;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/stock/replenish", get(page)).route("/stock/replenish/draft", post(draft))
}

/// The look-ahead as typed (blank: the default; what is no number is refused next to it).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct HorizonForm {
    lead_weeks: Option<String>,
    cover_weeks: Option<String>,
    history_weeks: Option<String>,
    hot_lead_pct: Option<String>,
    trim_id: Option<String>,
    exterior_colour_id: Option<String>,
}

impl HorizonForm {
    fn horizon(&self) -> Horizon {
        let d = Horizon::default();
        let weeks = |s: &Option<String>, default: i64| match crate::html::nonblank(s) {
            None => default,
            Some(_) => num(s).unwrap_or(-1),
        };
        Horizon {
            lead_weeks: weeks(&self.lead_weeks, d.lead_weeks),
            cover_weeks: weeks(&self.cover_weeks, d.cover_weeks),
            history_weeks: weeks(&self.history_weeks, d.history_weeks),
            hot_lead_pct: weeks(&self.hot_lead_pct, d.hot_lead_pct),
        }
    }
}

#[derive(Template)]
#[template(path = "inventory/replenish.html")]
struct ReplenishPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    horizon: Horizon,
    lines: Vec<ReplenishLine>,
    names: Names,
    error: Option<String>,
}

impl ReplenishPage {
    fn value(&self, line: &ReplenishLine, code: &str) -> i64 {
        line.reasons.iter().find(|r| r.code == code).map_or(0, |r| r.value)
    }

    fn colour(&self, id: &i64) -> String {
        if *id == 0 { self.ctx.t("replenish-any-colour") } else { self.names.colour(id) }
    }

    /// Sales per week, two decimals.
    fn velocity(&self, line: &ReplenishLine) -> String {
        let v = self.value(line, "weekly-sales-x100");
        format!("{}.{:02}", v / 100, v % 100)
    }

    /// One reasoning line as a sentence: "近 8 周平均每周销售 1.25 台".
    fn reason(&self, code: &str, value: &i64) -> String {
        let n =
            if code == "weekly-sales-x100" { format!("{}.{:02}", value / 100, value % 100) } else { value.to_string() };
        self.ctx
            .l
            .t_args(&format!("replenish-reason-{code}"), &[("n", n), ("weeks", self.horizon.history_weeks.to_string())])
    }

    fn to_order(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }
}

async fn show(state: &AppState, staff: &Staff, horizon: Horizon, error: Option<String>) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let status = if error.is_some() { StatusCode::CONFLICT } else { StatusCode::OK };
    let (result, names) = state
        .run(move |app| Ok((replenish::suggestions(app, &actor, horizon), app::inventory::stock::names(app, &actor)?)))
        .await?;
    let l = staff.locale();
    let (lines, error, status) = match result {
        Ok(r) => (r.lines, error, status),
        // Weeks out of range: the form again with the message and no lines.
        Err(e @ app::AppError::Validation(_)) => {
            let msg = match answer(staff, Err(e))? {
                Answer::Again(_, _, msg) => msg,
                Answer::Done(_) => String::new(),
            };
            (Vec::new(), Some(msg), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e.into()),
    };
    let page = ReplenishPage {
        ctx: Ctx::new(staff, "/stock/replenish", None),
        crumbs: vec![(l.t("nav-stock"), "/stock".into()), (l.t("nav-replenish"), String::new())],
        horizon,
        lines,
        names,
        error,
    };
    render(&page).map(|html| (status, html).into_response())
}

async fn page(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Query(q): Query<HorizonForm>,
) -> Result<Response, WebError> {
    show(&state, &staff, q.horizon(), None).await
}

/// "生成草稿订单" on a line: the draft factory order's page, or this page again with the reason.
async fn draft(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<HorizonForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input =
        DraftInput { trim_id: num(&f.trim_id), exterior_colour_id: num(&f.exterior_colour_id), horizon: f.horizon() };
    let result = state.run(move |app| replenish::draft(app, &actor, input, None)).await;
    match answer(&staff, result.map(|fo| format!("/factory-orders/{}?flash=saved", fo.id)))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(_, _, msg) => show(&state, &staff, input.horizon, Some(msg)).await,
    }
}
