//! The yard's vehicle list (VIN-fragment search, filters, export), the stock overview with
//! drill-down to the VINs, a vehicle's page with its history, and registering a vehicle.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, Flash, Pager, num, render};
use crate::session::{Need, Staff, VehicleAllocate, VehicleManage, VehicleRead};
use app::App;
use app::inventory::Vehicle;
use app::inventory::locations::Location;
use app::inventory::stock::{HistoryLine, Names, OVERVIEW, StockLine, VehicleQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::org::Actor;
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vehicles", get(list).post(create))
        .route("/vehicles/export", get(export))
        .route("/vehicles/new", get(new))
        .route("/vehicles/{id}", get(show))
        .route("/vehicles/{id}/release", post(release))
        .route("/vehicles/{id}/keep", post(keep))
        .route("/stock", get(stock))
        .route("/stock/aging", get(aging))
        .route("/stock/thresholds", get(thresholds).post(set_threshold))
        .route("/stock/aging/export", get(aging_export))
}

/// The list's filters as typed (blank: any).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ListQuery {
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
async fn export(
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

    fn releasable(&self) -> bool {
        matches!(self.v.status.code(), "reserved" | "allocated") && self.ctx.can("vehicle_allocate")
    }

    /// Logistics moves a car at the store between locations and hands its certificate around.
    fn keepable(&self) -> bool {
        self.v.status.code() != "delivered" && self.ctx.can("vehicle_manage")
    }

    /// Parking is chosen only while the car is at the store.
    fn parked(&self) -> bool {
        matches!(self.v.whereabouts, domain::inventory::Whereabouts::InStock | domain::inventory::Whereabouts::InPdi)
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

/// The registration form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct RegisterForm {
    vin: String,
    accept_unchecked_vin: Option<bool>,
    trim_id: String,
    exterior_colour_id: String,
    interior_colour_id: String,
    engine_no: String,
    certificate_no: String,
    production_date: String,
    cost: String,
    whereabouts: String,
    usage: String,
    location_id: String,
}

impl RegisterForm {
    fn input(&self) -> app::inventory::VehicleInput {
        let n = |s: &str| s.trim().parse().ok();
        app::inventory::VehicleInput {
            vin: self.vin.clone(),
            accept_unchecked_vin: self.accept_unchecked_vin.unwrap_or(false),
            engine_no: self.engine_no.clone(),
            certificate_no: self.certificate_no.clone(),
            trim_id: n(&self.trim_id),
            exterior_colour_id: n(&self.exterior_colour_id),
            interior_colour_id: n(&self.interior_colour_id),
            production_date: NaiveDate::parse_from_str(self.production_date.trim(), "%Y-%m-%d").ok(),
            cost_fen: money(&self.cost),
            list_price_fen: None,
            whereabouts: self.whereabouts.clone(),
            usage: self.usage.clone(),
            location_id: n(&self.location_id),
        }
    }
}

/// The trims and colours of the group as select options ("" first: choose).
/// A select's options: value and label.
pub(super) type Options = Vec<(String, String)>;

/// The trims and the colours as select options.
pub(super) fn spec_options(l: crate::i18n::Locale, names: &Names) -> (Options, Options) {
    let choose = (String::new(), l.t("choose"));
    let mut trims: Vec<(String, String)> = names.trims.iter().map(|(id, (_, n))| (id.to_string(), n.clone())).collect();
    trims.sort_by(|a, b| a.1.cmp(&b.1));
    trims.insert(0, choose.clone());
    let mut colours: Vec<(String, String)> = names.colours.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    colours.sort_by(|a, b| a.1.cmp(&b.1));
    colours.insert(0, choose);
    (trims, colours)
}

fn register_form(staff: &Staff, names: &Names, locations: &[Location], f: &RegisterForm) -> FormPage {
    let l = staff.locale();
    let mut places = vec![(String::new(), "—".to_string())];
    places.extend(locations.iter().filter(|x| x.active).map(|x| (x.id.to_string(), x.name.clone())));
    let (trims, colours) = spec_options(l, names);
    let codes = |prefix: &str, codes: &[&str]| -> Vec<(String, String)> {
        codes.iter().map(|c| (c.to_string(), l.t(&format!("{prefix}-{c}")))).collect()
    };
    let mut fields = vec![Field::new(l, "vin", Kind::Text, &f.vin).required().autofocus().help(l.t("help-vin"))];
    // Offered only where the store's settings accept such VINs (imports).
    let store = staff.0.stores.iter().find(|s| s.id == staff.actor().store_id.0);
    if store.is_some_and(|s| s.accept_unchecked_vins) {
        fields.push(
            Field::new(l, "accept_unchecked_vin", Kind::Checkbox, f.accept_unchecked_vin.unwrap_or(false).to_string())
                .help(l.t("help-accept-unchecked-vin")),
        );
    }
    fields.extend([
        Field::new(l, "trim_id", Kind::Select, &f.trim_id).required().options(trims),
        Field::new(l, "exterior_colour_id", Kind::Select, &f.exterior_colour_id).required().options(colours.clone()),
        Field::new(l, "interior_colour_id", Kind::Select, &f.interior_colour_id).options(colours),
        Field::new(l, "whereabouts", Kind::Select, &f.whereabouts)
            .options(codes("vehicle-status", &["ordered", "in_stock"])),
        Field::new(l, "location_id", Kind::Select, &f.location_id)
            .options(places)
            .shown_when("whereabouts", &["in_stock"]),
        Field::new(l, "usage", Kind::Select, &f.usage).options(codes("vehicle-usage", &["stock", "demo", "loaner"])),
        Field::new(l, "engine_no", Kind::Text, &f.engine_no),
        Field::new(l, "certificate_no", Kind::Text, &f.certificate_no),
        Field::new(l, "production_date", Kind::Date, &f.production_date),
        Field::new(l, "cost", Kind::Money, &f.cost).errors_of("cost_fen"),
    ]);
    FormPage {
        ctx: Ctx::new(staff, "/vehicles", None),
        crumbs: vec![(l.t("nav-vehicles"), "/vehicles".into()), (l.t("vehicle-new"), String::new())],
        title: l.t("vehicle-new"),
        action: "/vehicles".into(),
        cancel: "/vehicles".into(),
        submit: l.t("action-save"),
        version: None,
        fields,
        form_error: None,
    }
}

async fn new(State(state): State<AppState>, Need(staff, _): Need<VehicleManage>) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (names, locations) = state
        .run(move |app| {
            Ok((app::inventory::stock::names(app, &actor)?, app::inventory::locations::of_store(app, &actor)?))
        })
        .await?;
    let f = RegisterForm { whereabouts: "in_stock".into(), usage: "stock".into(), ..Default::default() };
    render(&register_form(&staff, &names, &locations, &f))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<RegisterForm>,
) -> Result<Response, WebError> {
    let input = f.input();
    let write = move |app: &App, a: &Actor| app::inventory::register(app, a, &input, None);
    let page = async || {
        let actor = staff.actor().clone();
        let (names, locations) = state
            .run(move |app| {
                Ok((app::inventory::stock::names(app, &actor)?, app::inventory::locations::of_store(app, &actor)?))
            })
            .await?;
        Ok(register_form(&staff, &names, &locations, &f))
    };
    submit(&state, &staff, write, |v| format!("/vehicles/{}?flash=saved", v.id), page).await
}

/// An amount typed in yuan: blank is none; what is no amount becomes -1 fen, which the use case
/// refuses next to the field.
pub(super) fn money(s: &str) -> Option<i64> {
    if s.trim().is_empty() {
        return None;
    }
    Some(domain::Money::parse_price(s).map_or(-1, |m| m.fen()))
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
    let q = ListQuery { status: Some("in_stock".into()), usage: Some("stock".into()), ..Default::default() };
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
