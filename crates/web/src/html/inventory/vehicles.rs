//! The yard's vehicle list (VIN-fragment search, filters, export) and a vehicle's page with its
//! history, release and papers kept.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{Ctx, Flash, Pager, num, render};
use crate::session::{Need, Staff, VehicleAllocate, VehicleManage, VehicleRead};
use app::inventory::Vehicle;
use app::inventory::locations::Location;
use app::inventory::stock::{HistoryLine, Names, VehicleQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vehicles", get(list).post(super::register::create))
        .route("/vehicles/export", get(export))
        .route("/vehicles/new", get(super::register::new))
        .route("/vehicles/{id}", get(show))
        .route("/vehicles/{id}/release", post(release))
        .route("/vehicles/{id}/keep", post(keep))
}

/// The list's filters as typed (blank: any).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct ListQuery {
    vin: Option<String>,
    status: Option<String>,
    model_id: Option<String>,
    trim_id: Option<String>,
    exterior_colour_id: Option<String>,
    location_id: Option<String>,
    usage: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

impl ListQuery {
    /// The vehicles in stock for sale (the stock overview's export).
    pub(super) fn in_stock() -> Self {
        Self { status: Some("in_stock".into()), usage: Some("stock".into()), ..Default::default() }
    }
    fn query(&self) -> VehicleQuery {
        let s = |v: &Option<String>| crate::html::nonblank(v).unwrap_or_default();
        VehicleQuery {
            vin: s(&self.vin),
            status: s(&self.status),
            model_id: num(&self.model_id),
            trim_id: num(&self.trim_id),
            exterior_colour_id: num(&self.exterior_colour_id),
            location_id: num(&self.location_id),
            usage: s(&self.usage),
            with_delivered: self.status.as_deref() == Some("delivered"),
            page: num(&self.page),
            per_page: num(&self.per_page),
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            ("vin", s(&self.vin)),
            ("status", s(&self.status)),
            ("model_id", s(&self.model_id)),
            ("trim_id", s(&self.trim_id)),
            ("exterior_colour_id", s(&self.exterior_colour_id)),
            ("location_id", s(&self.location_id)),
            ("usage", s(&self.usage)),
            ("per_page", s(&self.per_page)),
        ]
    }
}

/// Days since `from` up to the store's `today` (aging), blank when the vehicle has not come in.
pub(super) fn days_since(from: Option<NaiveDate>, today: NaiveDate) -> String {
    from.map(|d| domain::inventory::stock::days_since(d, today).to_string()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "inventory/vehicles.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    page: app::Page<Vehicle>,
    pager: Pager,
    q: ListQuery,
    names: Names,
    locations: Vec<Location>,
    error: Option<String>,
    export: String,
}

impl ListPage {
    fn sel(&self, v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }

    fn text(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }

    fn status(&self, v: &Vehicle) -> String {
        super::status_label(self.ctx.l, "vehicle-status", v.status.code())
    }

    fn badge(&self, v: &Vehicle) -> &'static str {
        super::status_badge(v.status.code())
    }

    fn statuses(&self) -> Vec<(&'static str, String)> {
        domain::inventory::VehicleStatus::ALL
            .iter()
            .map(|s| (s.code(), super::status_label(self.ctx.l, "vehicle-status", s.code())))
            .collect()
    }

    fn location(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.locations.iter().find(|l| l.id == id)).map(|l| l.name.clone()).unwrap_or_default()
    }

    fn days(&self, v: &Vehicle) -> String {
        days_since(v.store_received_on, self.ctx.today())
    }

    /// The VIN with its last eight characters stressed (how staff say it).
    fn vin_tail(&self, vin: &str) -> (String, String) {
        let cut = vin.len().saturating_sub(8);
        (vin[..cut].to_string(), vin[cut..].to_string())
    }
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    use axum::response::IntoResponse;
    let actor = staff.actor().clone();
    let query = q.query();
    let page_req = app::PageRequest::new(query.page, query.per_page);
    let (result, names, locations) = state
        .run(move |app| {
            let names = app::inventory::stock::names(app, &actor)?;
            let locations = app::inventory::locations::of_store(app, &actor)?;
            let result = app::inventory::stock::list(app, &actor, &query, page_req);
            Ok((result, names, locations))
        })
        .await?;
    let l = staff.locale();
    let (page, error) = match result {
        Ok(p) => (p, None),
        Err(app::AppError::Validation(fe)) => {
            let msg = fe.iter().map(|e| l.error(e.code)).collect::<Vec<_>>().join(" ");
            (app::Page { items: Vec::new(), total: 0, page: 1, per_page: 20 }, Some(msg))
        }
        Err(e) => return Err(e.into()),
    };
    let pairs = q.pairs();
    let pager = Pager::new(&page, "/vehicles", &pairs);
    let export = format!(
        "/vehicles/export?{}",
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::session::urlencode(v)))
            .collect::<Vec<_>>()
            .join("&")
    );
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let html = render(&ListPage {
        ctx: Ctx::new(&staff, "/vehicles", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-vehicles"), String::new())],
        page,
        pager,
        q,
        names,
        locations,
        error,
        export,
    })?;
    Ok((status, html).into_response())
}

/// The filtered list as an Excel workbook (at most 10,000 rows, the longest in stock first).
pub(super) async fn export(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    use documents::xlsx::Cell;
    let actor = staff.actor().clone();
    let query = q.query();
    let (rows, names, locations, today) = state
        .run(move |app| {
            let mut rows = Vec::new();
            for n in 1..=50 {
                let page = app::inventory::stock::list(app, &actor, &query, app::PageRequest::new(Some(n), Some(200)))?;
                let last = page.items.len() < 200;
                rows.extend(page.items);
                if last {
                    break;
                }
            }
            let names = app::inventory::stock::names(app, &actor)?;
            Ok((
                rows,
                names,
                app::inventory::locations::of_store(app, &actor)?,
                app::kernel::calendar::today(app, &actor)?,
            ))
        })
        .await?;
    let l = staff.locale();
    let location = |id: Option<i64>| {
        id.and_then(|id| locations.iter().find(|x| x.id == id)).map(|x| x.name.clone()).unwrap_or_default()
    };
    let status = |v: &Vehicle| super::status_label(l, "vehicle-status", v.status.code());
    let columns: [crate::html::Column<'_, Vehicle>; 10] = [
        ("field-vin", &|v| Cell::Text(v.vin.clone())),
        ("field-trim-id", &|v| Cell::Text(names.trim(v.trim_id))),
        ("field-exterior-colour-id", &|v| Cell::Text(names.colour(v.exterior_colour_id))),
        ("field-status", &|v| Cell::Text(status(v))),
        ("field-location-id", &|v| Cell::Text(location(v.location_id))),
        ("vehicle-received-on", &|v| Cell::Text(v.store_received_on.map(|d| d.to_string()).unwrap_or_default())),
        ("vehicle-days-in-stock", &|v| days_since(v.store_received_on, today).parse().map_or(Cell::Empty, Cell::Int)),
        ("vehicle-group-days", &|v| days_since(v.first_received_on, today).parse().map_or(Cell::Empty, Cell::Int)),
        ("field-list-price-fen", &|v| Cell::Yuan(v.list_price_fen)),
        ("field-cost-fen", &|v| v.cost_fen.map_or(Cell::Empty, Cell::Yuan)),
    ];
    crate::html::xlsx_download(&l.t("nav-vehicles"), "vehicles", l, &columns, rows)
}

#[derive(Template)]
#[template(path = "inventory/vehicle.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    v: Vehicle,
    names: Names,
    location: String,
    /// The store's active locations (the keeping form's choices).
    locations: Vec<Location>,
    history: Vec<HistoryLine>,
    error: Option<String>,
    reason: String,
}

impl ShowPage {
    fn status(&self) -> String {
        super::status_label(self.ctx.l, "vehicle-status", self.v.status.code())
    }

    fn badge(&self) -> &'static str {
        super::status_badge(self.v.status.code())
    }

    fn label(&self, prefix: &str, code: &str) -> String {
        super::status_label(self.ctx.l, prefix, code)
    }

    fn days(&self, d: &Option<NaiveDate>) -> String {
        days_since(*d, self.ctx.today())
    }

    /// The vehicle's actions the reader may take now (the rules' `available_actions`).
    fn may(&self, action: &str) -> bool {
        self.v.actions.iter().any(|a| a == action)
    }

    fn releasable(&self) -> bool {
        self.may("release")
    }

    /// Logistics moves a car at the store between locations and hands its certificate around.
    fn keepable(&self) -> bool {
        self.may("keep")
    }

    /// Parking is chosen only while the car is at the store.
    fn parked(&self) -> bool {
        self.may("park")
    }

    fn parked_at(&self, id: &i64) -> bool {
        self.v.location_id == Some(*id)
    }

    fn held_by(&self, code: &str) -> bool {
        self.v.custody.code() == code
    }

    fn custodies(&self) -> Vec<(&'static str, String)> {
        domain::inventory::Custody::ALL.iter().map(|k| (k.code(), self.label("custody", k.code()))).collect()
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let page = show_page(&state, &staff, id, f.flash.as_deref(), None, String::new()).await?;
    render(&page)
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    error: Option<String>,
    reason: String,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let (v, names, locations, history) = state
        .run(move |app| {
            Ok((
                app::inventory::get(app, &actor, id)?,
                app::inventory::stock::names(app, &actor)?,
                app::inventory::locations::of_store(app, &actor)?,
                app::inventory::stock::history(app, &actor, id)?,
            ))
        })
        .await?;
    let l = staff.locale();
    let location =
        v.location_id.and_then(|i| locations.iter().find(|x| x.id == i)).map(|x| x.name.clone()).unwrap_or_default();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/vehicles", flash),
        crumbs: vec![(l.t("nav-vehicles"), "/vehicles".into()), (v.vin.clone(), String::new())],
        v,
        names,
        location,
        locations: locations.into_iter().filter(|l| l.active).collect(),
        history,
        error,
        reason,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReleaseForm {
    version: i64,
    reason: String,
}

async fn release(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleAllocate>,
    Id(id): Id,
    Form(f): Form<ReleaseForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let reason = f.reason.clone();
    let result = state.run(move |app| app::inventory::release(app, &actor, id, f.version, &reason)).await;
    match crate::html::form::answer(&staff, result.map(|_| format!("/vehicles/{id}?flash=vehicle-released")))? {
        crate::html::form::Answer::Done(r) => Ok(r),
        crate::html::form::Answer::Again(status, _, msg) => {
            render(&show_page(&state, &staff, id, None, Some(msg), f.reason.clone()).await?)
                .map(|page| (status, page).into_response())
        }
    }
}

/// The keeping form as typed: a location, the certificate's holder, a note.
#[derive(Deserialize, Default)]
#[serde(default)]
struct KeepForm {
    version: i64,
    location_id: Option<String>,
    custody: String,
    note: String,
}

async fn keep(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<KeepForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = app::inventory::vehicles::KeepInput {
        version: f.version,
        location_id: num(&f.location_id),
        custody: Some(f.custody.clone()),
        note: f.note.clone(),
    };
    let result = state.run(move |app| app::inventory::vehicles::keep(app, &actor, id, &input)).await;
    match crate::html::form::answer(&staff, result.map(|_| format!("/vehicles/{id}?flash=saved")))? {
        crate::html::form::Answer::Done(r) => Ok(r),
        crate::html::form::Answer::Again(status, _, msg) => {
            render(&show_page(&state, &staff, id, None, Some(msg), String::new()).await?)
                .map(|page| (status, page).into_response())
        }
    }
}
