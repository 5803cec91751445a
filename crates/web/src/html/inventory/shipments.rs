//! Shipments: the list (those on the way first), the form for a truck leaving the factory (the
//! store's vehicles on order, ticked), and a shipment's page: the carrier's updates, and the
//! check-in at the gate, one VIN at a time, typed or scanned (a scanner types like a keyboard and
//! presses Enter), the field ready for the next VIN after each.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Answer, answer};
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, Pager, num, render};
use crate::session::{Need, Staff, VehicleManage, VehicleRead};
use app::App;
use app::inventory::check_in::CheckInInput;
use app::inventory::locations::Location;
use app::inventory::shipments::ReportInput;
use app::inventory::stock::VehicleQuery;
use app::inventory::{Shipment, ShipmentInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use axum::response::{Html, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::org::Actor;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/shipments", get(list).post(create))
        .route("/shipments/new", get(new))
        .route("/shipments/{id}", get(show))
        .route("/shipments/{id}/updates", post(report))
        .route("/shipments/{id}/check-ins", post(check_in))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    page: Option<String>,
    flash: Option<String>,
    vin: Option<String>,
    location_id: Option<String>,
}

#[derive(Template)]
#[template(path = "inventory/shipments.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    page: app::Page<Shipment>,
    pager: Pager,
    status: String,
}

impl ListPage {
    fn label(&self, code: &str) -> String {
        super::status_label(self.ctx.l, "shipment-status", code)
    }

    fn badge(&self, code: &str) -> &'static str {
        super::status_badge(code)
    }
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let status_code = crate::html::nonblank(&q.status).unwrap_or_default();
    let status = <domain::inventory::ShipmentStatus as domain::Code>::from_code(&status_code);
    let page_req = app::PageRequest::new(num(&q.page), None);
    let page = state.run(move |app| app::inventory::shipments::list(app, &actor, status, page_req)).await?;
    let l = staff.locale();
    let pager = Pager::new(&page, "/shipments", &[("status", status_code.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/shipments", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-shipments"), String::new())],
        page,
        pager,
        status: status_code,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ShipmentForm {
    carrier: String,
    tracking_no: String,
    eta: String,
    vins: Vec<String>,
}

impl ShipmentForm {
    fn input(&self) -> ShipmentInput {
        ShipmentInput {
            carrier: self.carrier.clone(),
            tracking_no: self.tracking_no.clone(),
            eta: NaiveDate::parse_from_str(self.eta.trim(), "%Y-%m-%d").ok(),
            vins: self.vins.clone(),
        }
    }
}

/// The store's vehicles waiting at the factory, as the form's choices.
fn waiting(app: &App, actor: &Actor) -> app::AppResult<Vec<(String, String)>> {
    let names = app::inventory::stock::names(app, actor)?;
    let q = VehicleQuery { status: "ordered".into(), ..Default::default() };
    let mut choices = Vec::new();
    for n in 1..=5 {
        let page = app::inventory::stock::list(app, actor, &q, app::PageRequest::new(Some(n), Some(200)))?;
        let last = page.items.len() < 200;
        choices.extend(page.items.into_iter().map(|v| {
            let label = format!("{} · {} · {}", v.vin, names.trim(v.trim_id), names.colour(v.exterior_colour_id));
            (v.vin, label)
        }));
        if last {
            break;
        }
    }
    // Vehicles allocated to orders wait at the factory too.
    let q = VehicleQuery { status: "allocated".into(), ..Default::default() };
    let page = app::inventory::stock::list(app, actor, &q, app::PageRequest::new(Some(1), Some(200)))?;
    choices.extend(page.items.into_iter().filter(|v| v.whereabouts == domain::inventory::Whereabouts::Ordered).map(
        |v| {
            let label = format!("{} · {} · {}", v.vin, names.trim(v.trim_id), names.colour(v.exterior_colour_id));
            (v.vin, label)
        },
    ));
    Ok(choices)
}

fn shipment_form(staff: &Staff, f: &ShipmentForm, choices: Vec<(String, String)>) -> FormPage {
    let l = staff.locale();
    let fields = vec![
        Field::new(l, "carrier", Kind::Text, &f.carrier).required().autofocus(),
        Field::new(l, "tracking_no", Kind::Text, &f.tracking_no),
        Field::new(l, "eta", Kind::Date, &f.eta),
        Field::new(l, "vins", Kind::MultiCheck, "")
            .required()
            .options(choices)
            .values(f.vins.clone())
            .help(l.t("help-shipment-vins")),
    ];
    FormPage {
        ctx: Ctx::new(staff, "/shipments", None),
        crumbs: vec![(l.t("nav-shipments"), "/shipments".into()), (l.t("shipment-new"), String::new())],
        title: l.t("shipment-new"),
        action: "/shipments".into(),
        cancel: "/shipments".into(),
        submit: l.t("shipment-submit"),
        version: None,
        fields,
        form_error: None,
    }
}

async fn new(State(state): State<AppState>, Need(staff, _): Need<VehicleManage>) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let choices = state.run(move |app| waiting(app, &actor)).await?;
    render(&shipment_form(&staff, &ShipmentForm::default(), choices))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<ShipmentForm>,
) -> Result<Response, WebError> {
    let input = f.input();
    let write = move |app: &App, a: &Actor| app::inventory::shipments::create(app, a, &input, None);
    let page = async || {
        let actor = staff.actor().clone();
        let choices = state.run(move |app| waiting(app, &actor)).await?;
        Ok(shipment_form(&staff, &f, choices))
    };
    submit(&state, &staff, write, |s| format!("/shipments/{}?flash=saved", s.id), page).await
}

#[derive(Template)]
#[template(path = "inventory/shipment.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    s: Shipment,
    locations: Vec<Location>,
    /// The last check-in's answer (a flash with the VIN), or the refusal.
    notice: Option<String>,
    error: Option<String>,
    typed: CheckInForm,
    /// It comes to the actor's store.
    ours: bool,
    /// The numbers of the orders its vehicles are for, as far as the reader may see them.
    order_numbers: Vec<(i64, String)>,
}

impl ShowPage {
    /// An order's number, or nothing when the reader may not see it.
    fn order_no(&self, id: &i64) -> Option<&str> {
        self.order_numbers.iter().find(|(i, _)| i == id).map(|(_, n)| n.as_str())
    }

    fn label(&self, prefix: &str, code: &str) -> String {
        super::status_label(self.ctx.l, prefix, code)
    }

    fn badge(&self) -> &'static str {
        super::status_badge(self.s.status.code())
    }

    /// The gate's forms: for the receiving store's logistics while vehicles are still expected.
    fn receiving(&self) -> bool {
        self.s.status != domain::inventory::ShipmentStatus::Received
            && self.ours
            && self.ctx.can(domain::rbac::Permission::VehicleManage)
    }

    fn location(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.locations.iter().find(|l| l.id == id)).map(|l| l.name.clone()).unwrap_or_default()
    }

    fn location_selected(&self, id: &i64) -> bool {
        self.typed.location_id.as_deref() == Some(id.to_string().as_str())
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Id(id): Id,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let l = staff.locale();
    let notice = match (q.flash.as_deref(), q.vin.as_deref()) {
        (Some("checked-in"), Some(vin)) => Some(l.t_args("shipment-checked-in", &[("vin", vin.to_string())])),
        (Some("already-in"), Some(vin)) => Some(l.t_args("shipment-already-in", &[("vin", vin.to_string())])),
        _ => None,
    };
    let flash = q.flash.as_deref().filter(|f| *f != "checked-in" && *f != "already-in");
    let typed = CheckInForm { location_id: q.location_id.clone(), ..Default::default() };
    render(&show_page(&state, &staff, id, flash, notice, None, typed).await?)
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    notice: Option<String>,
    error: Option<String>,
    typed: CheckInForm,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let (s, locations, order_numbers) = state
        .run(move |app| {
            let s = app::inventory::shipments::get(app, &actor, id)?;
            let ids: Vec<i64> = s.vehicles.iter().filter_map(|k| k.order_id).collect();
            let numbers = app::sales::numbers(app, &actor, &ids)?;
            Ok((s, app::inventory::locations::of_store(app, &actor)?, numbers))
        })
        .await?;
    let l = staff.locale();
    let ours = s.store_id == staff.actor().store_id.0;
    Ok(ShowPage {
        ours,
        ctx: Ctx::new(staff, "/shipments", flash),
        crumbs: vec![(l.t("nav-shipments"), "/shipments".into()), (s.number.clone(), String::new())],
        s,
        locations: locations.into_iter().filter(|x| x.active).collect(),
        notice,
        error,
        typed,
        order_numbers,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ReportForm {
    version: i64,
    status: String,
    eta: String,
    note: String,
}

async fn report(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<ReportForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = ReportInput {
        status: f.status.clone(),
        eta: NaiveDate::parse_from_str(f.eta.trim(), "%Y-%m-%d").ok(),
        note: f.note.clone(),
    };
    let result = state.run(move |app| app::inventory::shipments::report(app, &actor, id, f.version, &input)).await;
    match answer(&staff, result.map(|_| format!("/shipments/{id}?flash=saved")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            render(&show_page(&state, &staff, id, None, None, Some(msg), CheckInForm::default()).await?)
                .map(|page| (status, page).into_response())
        }
    }
}

/// A VIN at the gate, as typed or scanned; the location and inspection stay chosen for the
/// next one.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CheckInForm {
    vin: String,
    location_id: Option<String>,
    inspection: String,
    note: String,
}

async fn check_in(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<CheckInForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = CheckInInput {
        vin: f.vin.clone(),
        location_id: num(&f.location_id),
        inspection: f.inspection.clone(),
        note: f.note.clone(),
    };
    let result = state.run(move |app| app::inventory::check_in::check_in(app, &actor, id, &input)).await;
    let location = f.location_id.clone().unwrap_or_default();
    let done = result.map(|k| {
        let flash = if k.already { "already-in" } else { "checked-in" };
        format!("/shipments/{id}?flash={flash}&vin={}&location_id={location}#check-in", k.vin)
    });
    match answer(&staff, done)? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            let typed = CheckInForm { note: f.note.clone(), ..f.clone() };
            render(&show_page(&state, &staff, id, None, None, Some(msg), typed).await?)
                .map(|page| (status, page).into_response())
        }
    }
}
