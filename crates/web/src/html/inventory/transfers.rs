//! Transfers between stores: the list, the request (free vehicles in stock, the longest in
//! stock first), and a transfer's page with the general manager's decision, the truck, and
//! cancelling.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Answer, answer};
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, Pager, num, render};
use crate::session::{Need, Staff, VehicleManage, VehicleRead};
use app::App;
use app::inventory::stock::VehicleQuery;
use app::inventory::transfers::{self as tr, ShipInput, Transfer, TransferInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::org::Actor;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/transfers", get(list).post(create))
        .route("/transfers/new", get(new))
        .route("/transfers/{id}", get(show))
        .route("/transfers/{id}/decide", post(decide))
        .route("/transfers/{id}/ship", post(ship))
        .route("/transfers/{id}/cancel", post(cancel))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    page: Option<String>,
    flash: Option<String>,
    vehicle_id: Option<String>,
}

#[derive(Template)]
#[template(path = "inventory/transfers.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    page: app::Page<Transfer>,
    pager: Pager,
    status: String,
    stores: Vec<(i64, String, bool)>,
}

impl ListPage {
    fn label(&self, code: &str) -> String {
        super::status_label(self.ctx.l, "transfer-status", code)
    }

    fn store(&self, id: &i64) -> String {
        store_name(&self.stores, *id)
    }
}

fn store_name(stores: &[(i64, String, bool)], id: i64) -> String {
    stores.iter().find(|s| s.0 == id).map(|s| s.1.clone()).unwrap_or_else(|| format!("#{id}"))
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let status_code = crate::html::nonblank(&q.status).unwrap_or_default();
    let status = <domain::inventory::TransferStatus as domain::Code>::from_code(&status_code);
    let page_req = app::PageRequest::new(num(&q.page), None);
    let (page, stores) =
        state.run(move |app| Ok((tr::list(app, &actor, status, page_req)?, tr::stores(app, &actor)?))).await?;
    let l = staff.locale();
    let pager = Pager::new(&page, "/transfers", &[("status", status_code.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/transfers", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-transfers"), String::new())],
        page,
        pager,
        status: status_code,
        stores,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct RequestForm {
    to_store_id: String,
    vins: Vec<String>,
    reason: String,
}

/// Free vehicles in stock at the actor's store, the longest in stock first, as choices.
fn free_stock(app: &App, actor: &Actor) -> app::AppResult<Vec<(String, String)>> {
    let names = app::inventory::stock::names(app, actor)?;
    let q = VehicleQuery { status: "in_stock".into(), usage: "stock".into(), ..Default::default() };
    let page = app::inventory::stock::list(app, actor, &q, app::PageRequest::new(Some(1), Some(200)))?;
    let today = app::kernel::calendar::today(app, actor)?;
    Ok(page
        .items
        .into_iter()
        .map(|v| {
            let days = super::vehicles::days_since(v.store_received_on, today);
            let label =
                format!("{} · {} · {} · {days}", v.vin, names.trim(v.trim_id), names.colour(v.exterior_colour_id));
            (v.vin, label)
        })
        .collect())
}

fn request_form(
    staff: &Staff,
    stores: &[(i64, String, bool)],
    choices: Vec<(String, String)>,
    f: &RequestForm,
) -> FormPage {
    let l = staff.locale();
    let here = staff.actor().store_id.0;
    let mut to = vec![(String::new(), l.t("choose"))];
    to.extend(stores.iter().filter(|s| s.0 != here && s.2).map(|s| (s.0.to_string(), s.1.clone())));
    let fields = vec![
        Field::new(l, "to_store_id", Kind::Select, &f.to_store_id).required().options(to).autofocus(),
        Field::new(l, "reason", Kind::Text, &f.reason).required(),
        Field::new(l, "vins", Kind::MultiCheck, "")
            .required()
            .options(choices)
            .values(f.vins.clone())
            .help(l.t("help-transfer-vins")),
    ];
    FormPage {
        ctx: Ctx::new(staff, "/transfers", None),
        crumbs: vec![(l.t("nav-transfers"), "/transfers".into()), (l.t("transfer-new"), String::new())],
        title: l.t("transfer-new"),
        action: "/transfers".into(),
        cancel: "/transfers".into(),
        submit: l.t("transfer-submit"),
        version: None,
        fields,
        form_error: None,
    }
}

async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let vehicle = num(&q.vehicle_id);
    let (stores, choices, vin) = state
        .run(move |app| {
            let vin = vehicle.map(|id| app::inventory::get(app, &actor, id).map(|v| v.vin)).transpose()?;
            Ok((tr::stores(app, &actor)?, free_stock(app, &actor)?, vin))
        })
        .await?;
    let f = RequestForm { vins: vin.into_iter().collect(), ..Default::default() };
    render(&request_form(&staff, &stores, choices, &f))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<RequestForm>,
) -> Result<Response, WebError> {
    let input = TransferInput {
        to_store_id: f.to_store_id.trim().parse().ok(),
        vins: f.vins.clone(),
        reason: f.reason.clone(),
    };
    let write = move |app: &App, a: &Actor| tr::request(app, a, &input, None);
    let page = async || {
        let actor = staff.actor().clone();
        let (stores, choices) = state.run(move |app| Ok((tr::stores(app, &actor)?, free_stock(app, &actor)?))).await?;
        Ok(request_form(&staff, &stores, choices, &f))
    };
    submit(&state, &staff, write, |t| format!("/transfers/{}?flash=saved", t.id), page).await
}

#[derive(Template)]
#[template(path = "inventory/transfer.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    t: Transfer,
    stores: Vec<(i64, String, bool)>,
    error: Option<String>,
    /// The actor's store sends it.
    sending: bool,
    /// The actor requested it (and may not decide it).
    mine: bool,
}

impl ShowPage {
    fn label(&self) -> String {
        super::status_label(self.ctx.l, "transfer-status", self.t.status.code())
    }

    fn store(&self, id: &i64) -> String {
        store_name(&self.stores, *id)
    }

    fn is(&self, code: &str) -> bool {
        self.t.status.code() == code
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Id(id): Id,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, q.flash.as_deref(), None).await?)
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    error: Option<String>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let (t, stores) = state.run(move |app| Ok((tr::get(app, &actor, id)?, tr::stores(app, &actor)?))).await?;
    let l = staff.locale();
    let actor = staff.actor();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/transfers", flash),
        crumbs: vec![(l.t("nav-transfers"), "/transfers".into()), (t.number.clone(), String::new())],
        sending: t.from_store_id == actor.store_id.0,
        mine: t.requested_by == actor.user_id.0,
        t,
        stores,
        error,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StepForm {
    version: i64,
    decision: String,
    note: String,
    reason: String,
    carrier: String,
    tracking_no: String,
    eta: String,
}

async fn again(state: &AppState, staff: &Staff, id: i64, result: app::AppResult<String>) -> Result<Response, WebError> {
    match answer(staff, result)? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            render(&show_page(state, staff, id, None, Some(msg)).await?).map(|page| (status, page).into_response())
        }
    }
}

async fn decide(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::TransferApprove>,
    Id(id): Id,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let approve = f.decision == "approve";
    let result = state.run(move |app| tr::decide(app, &actor, id, f.version, approve, &f.note)).await;
    again(&state, &staff, id, result.map(|_| format!("/transfers/{id}?flash=saved"))).await
}

async fn ship(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = ShipInput {
        version: f.version,
        carrier: f.carrier.clone(),
        tracking_no: f.tracking_no.clone(),
        eta: NaiveDate::parse_from_str(f.eta.trim(), "%Y-%m-%d").ok(),
    };
    let result = state.run(move |app| tr::ship(app, &actor, id, &input)).await;
    again(&state, &staff, id, result.map(|_| format!("/transfers/{id}?flash=saved"))).await
}

async fn cancel(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| tr::cancel(app, &actor, id, f.version, &f.reason)).await;
    again(&state, &staff, id, result.map(|_| format!("/transfers/{id}?flash=saved"))).await
}
