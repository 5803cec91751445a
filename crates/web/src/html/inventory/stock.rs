//! The stock overview with drill-down to the VINs, aging by bucket (and its export), and the stock
//! thresholds that raise alerts.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, render};
use crate::session::{Need, Staff, VehicleManage, VehicleRead};
use app::inventory::stock::{Names, OVERVIEW, StockLine};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

use super::register::spec_options;
use super::vehicles::{ListQuery, days_since, export};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/stock", get(stock))
        .route("/stock/aging", get(aging))
        .route("/stock/thresholds", get(thresholds).post(set_threshold))
        .route("/stock/aging/export", get(aging_export))
}

#[derive(Template)]
#[template(path = "inventory/stock.html")]
struct StockPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    /// `trim` (with the colour), `model`, `brand` or `location`.
    by: &'static str,
    groups: Vec<StockGroup>,
    totals: [i64; 6],
}

/// A line of the overview as grouped: its name, the colour for a trim's line, the yard list's
/// filter that drills down to its VINs (none for a brand, which the list does not filter).
struct StockGroup {
    name: String,
    colour: String,
    filter: Option<String>,
    counts: [i64; 6],
}

impl StockGroup {
    fn total(&self) -> i64 {
        self.counts.iter().sum()
    }
}

impl StockPage {
    fn columns(&self) -> Vec<(&'static str, String)> {
        OVERVIEW.iter().map(|s| (s.code(), super::status_label(self.ctx.l, "vehicle-status", s.code()))).collect()
    }

    fn cells(&self, line: &StockGroup) -> Vec<(&'static str, i64)> {
        OVERVIEW.iter().zip(line.counts).map(|(s, n)| (s.code(), n)).collect()
    }

    fn total_cells(&self) -> Vec<(&'static str, i64)> {
        OVERVIEW.iter().zip(self.totals).map(|(s, n)| (s.code(), n)).collect()
    }

    fn by_label(&self) -> String {
        self.ctx.t(&format!("stock-by-{}", self.by))
    }

    fn groupings(&self) -> Vec<(&'static str, String)> {
        GROUPINGS.iter().map(|g| (*g, self.ctx.t(&format!("stock-by-{g}")))).collect()
    }
}

const GROUPINGS: [&str; 4] = ["trim", "model", "brand", "location"];

#[derive(Deserialize, Default)]
#[serde(default)]
struct StockQuery {
    by: Option<String>,
}

/// The overview's lines regrouped from trim and colour to model or brand.
fn regroup(lines: &[StockLine], key: impl Fn(&StockLine) -> (String, Option<String>)) -> Vec<StockGroup> {
    let mut groups: BTreeMap<String, StockGroup> = BTreeMap::new();
    for line in lines {
        let (name, filter) = key(line);
        let g =
            groups.entry(name.clone()).or_insert(StockGroup { name, colour: String::new(), filter, counts: [0; 6] });
        for (t, n) in g.counts.iter_mut().zip(line.counts) {
            *t += n;
        }
    }
    groups.into_values().collect()
}

async fn stock(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<StockQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let by = GROUPINGS.into_iter().find(|g| q.by.as_deref() == Some(*g)).unwrap_or("trim");
    let (lines, names, places) = state
        .run(move |app| {
            let places = if by == "location" {
                Some((
                    app::inventory::stock::by_location(app, &actor)?,
                    app::inventory::locations::of_store(app, &actor)?,
                ))
            } else {
                None
            };
            Ok((app::inventory::stock::overview(app, &actor)?, app::inventory::stock::names(app, &actor)?, places))
        })
        .await?;
    let l = staff.locale();
    let model = |line: &StockLine| names.model_of(line.trim_id);
    let groups = match (by, places) {
        ("location", Some((counts, locations))) => counts
            .into_iter()
            .map(|(id, counts)| StockGroup {
                name: id
                    .and_then(|i| locations.iter().find(|x| x.id == i))
                    .map_or_else(|| l.t("stock-no-location"), |x| x.name.clone()),
                colour: String::new(),
                filter: id.map(|i| format!("location_id={i}")),
                counts,
            })
            .collect(),
        ("model", _) => regroup(&lines, |line| {
            let m = model(line);
            let name = m.map(|m| names.model(m)).unwrap_or_default();
            (name, m.map(|m| format!("model_id={m}")))
        }),
        ("brand", _) => regroup(&lines, |line| {
            (model(line).and_then(|m| names.brand_of_model.get(&m)).map(|b| b.1.clone()).unwrap_or_default(), None)
        }),
        _ => lines
            .iter()
            .map(|line| StockGroup {
                name: names.trim(line.trim_id),
                colour: names.colour(line.exterior_colour_id),
                filter: Some(format!("trim_id={}&exterior_colour_id={}", line.trim_id, line.exterior_colour_id)),
                counts: line.counts,
            })
            .collect(),
    };
    let mut totals = [0i64; 6];
    for g in &groups {
        for (t, n) in totals.iter_mut().zip(g.counts) {
            *t += n;
        }
    }
    render(&StockPage {
        ctx: Ctx::new(&staff, "/stock", None),
        crumbs: vec![(l.t("nav-stock"), String::new())],
        by,
        groups,
        totals,
    })
}

#[derive(Template)]
#[template(path = "inventory/aging.html")]
struct AgingPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    a: app::inventory::stock::Aging,
    names: Names,
}

impl AgingPage {
    /// The store's and the group's tables: title, lines, id.
    fn tables(&self) -> Vec<(String, &Vec<app::inventory::stock::AgingLine>, &'static str)> {
        vec![
            (self.ctx.t("aging-store"), &self.a.store, "aging-store"),
            (self.ctx.t("aging-group"), &self.a.group, "aging-group"),
        ]
    }

    fn bucket(&self, code: &str) -> String {
        self.ctx.t(&format!("aging-{code}"))
    }

    fn days(&self, d: &Option<NaiveDate>) -> String {
        days_since(*d, self.ctx.today())
    }

    /// The money tied up, or a dash for those who may not see cost.
    fn cost(&self, fen: &Option<i64>) -> String {
        fen.map(|f| domain::Money::from_fen(f).to_string()).unwrap_or_else(|| "—".into())
    }
}

async fn aging(State(state): State<AppState>, Need(staff, _): Need<VehicleRead>) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (a, names) = state
        .run(move |app| Ok((app::inventory::stock::aging(app, &actor)?, app::inventory::stock::names(app, &actor)?)))
        .await?;
    let l = staff.locale();
    render(&AgingPage {
        ctx: Ctx::new(&staff, "/stock/aging", None),
        crumbs: vec![(l.t("nav-stock"), "/stock".into()), (l.t("nav-aging"), String::new())],
        a,
        names,
    })
}

/// Every vehicle of the store's sales stock with both agings and its cost (for those who may
/// see it), the longest in stock first.
async fn aging_export(State(state): State<AppState>, Need(staff, _): Need<VehicleRead>) -> Result<Response, WebError> {
    let q = ListQuery::in_stock();
    export(State(state), Need(staff, std::marker::PhantomData), Query(q)).await
}

#[derive(Template)]
#[template(path = "inventory/thresholds.html")]
struct ThresholdsPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    thresholds: Vec<app::inventory::thresholds::StockThreshold>,
    names: Names,
    error: Option<String>,
}

impl ThresholdsPage {
    fn item(&self, t: &app::inventory::thresholds::StockThreshold) -> String {
        self.names.model_or_trim(t.model_id, t.trim_id)
    }

    fn level(&self, t: &app::inventory::thresholds::StockThreshold) -> String {
        self.ctx.t(&format!("stock-level-{}", t.level.code()))
    }

    fn opt(&self, n: &Option<i64>) -> String {
        n.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
    }

    fn trims(&self) -> Vec<(String, String)> {
        spec_options(self.ctx.l, &self.names).0
    }
}

/// `?level=crossed`: only the thresholds crossed now (the home page's stock alerts).
#[derive(Deserialize, Default)]
#[serde(default)]
struct LevelQuery {
    level: Option<String>,
}

async fn thresholds_page(
    state: &AppState,
    staff: &Staff,
    crossed: bool,
    error: Option<String>,
) -> Result<ThresholdsPage, WebError> {
    let actor = staff.actor().clone();
    let (mut thresholds, names) = state
        .run(move |app| {
            Ok((app::inventory::thresholds::of_store(app, &actor)?, app::inventory::stock::names(app, &actor)?))
        })
        .await?;
    if crossed {
        thresholds.retain(|t| t.level != domain::inventory::Level::Normal);
    }
    let l = staff.locale();
    Ok(ThresholdsPage {
        ctx: Ctx::new(staff, "/stock/thresholds", None),
        crumbs: vec![(l.t("nav-stock"), "/stock".into()), (l.t("nav-thresholds"), String::new())],
        thresholds,
        names,
        error,
    })
}

async fn thresholds(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<LevelQuery>,
) -> Result<Html<String>, WebError> {
    render(&thresholds_page(&state, &staff, q.level.as_deref() == Some("crossed"), None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ThresholdForm {
    target: String,
    low: String,
    high: String,
}

async fn set_threshold(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<ThresholdForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    // `model:12` or `trim:34`; a count that is no number is refused as negative.
    let (model_id, trim_id) = match f.target.split_once(':') {
        Some(("model", id)) => (id.parse().ok(), None),
        Some(("trim", id)) => (None, id.parse().ok()),
        _ => (None, None),
    };
    let count = |s: &str| (!s.trim().is_empty()).then(|| s.trim().parse::<i64>().unwrap_or(-1));
    let input =
        app::inventory::thresholds::ThresholdInput { model_id, trim_id, low: count(&f.low), high: count(&f.high) };
    let result = state.run(move |app| app::inventory::thresholds::set(app, &actor, &input)).await;
    match crate::html::form::answer(&staff, result.map(|_| "/stock/thresholds".to_string()))? {
        crate::html::form::Answer::Done(r) => Ok(r),
        crate::html::form::Answer::Again(status, _, msg) => {
            render(&thresholds_page(&state, &staff, false, Some(msg)).await?).map(|page| (status, page).into_response())
        }
    }
}
