//! Factory orders: the list, the form (opened from an order page it is for that order, its
//! specification filled in), and a factory order's page where the VINs the maker announces are
//! typed in, a draft is placed, or an order without VINs cancelled.

use super::register::spec_options;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Answer, answer};
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, Pager, num, render};
use crate::session::{Need, Staff, VehicleManage, VehicleRead};
use app::App;
use app::inventory::stock::Names;
use app::inventory::{FactoryOrder, FactoryOrderInput};
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
        .route("/factory-orders", get(list).post(create))
        .route("/factory-orders/new", get(new))
        .route("/factory-orders/{id}", get(show))
        .route("/factory-orders/{id}/place", post(place))
        .route("/factory-orders/{id}/cancel", post(cancel))
        .route("/factory-orders/{id}/vehicles", post(announce))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    page: Option<String>,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "inventory/factory_orders.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    page: app::Page<FactoryOrder>,
    pager: Pager,
    status: String,
    names: Names,
}

impl ListPage {
    fn label(&self, code: &str) -> String {
        super::status_label(self.ctx.l, "factory-order-status", code)
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
    let status = <domain::inventory::FactoryOrderStatus as domain::Code>::from_code(&status_code);
    let page_req = app::PageRequest::new(num(&q.page), None);
    let (page, names) = state
        .run(move |app| {
            Ok((
                app::inventory::factory_orders::list(app, &actor, status, page_req)?,
                app::inventory::stock::names(app, &actor)?,
            ))
        })
        .await?;
    let l = staff.locale();
    let pager = Pager::new(&page, "/factory-orders", &[("status", status_code.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/factory-orders", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-factory-orders"), String::new())],
        page,
        pager,
        status: status_code,
        names,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct OrderForm {
    trim_id: String,
    exterior_colour_id: String,
    interior_colour_id: String,
    quantity: String,
    expected_on: String,
    note: String,
    order_ids: Vec<i64>,
    draft: Option<bool>,
}

impl OrderForm {
    fn input(&self) -> FactoryOrderInput {
        let n = |s: &str| s.trim().parse().ok();
        FactoryOrderInput {
            trim_id: n(&self.trim_id),
            exterior_colour_id: n(&self.exterior_colour_id),
            interior_colour_id: n(&self.interior_colour_id),
            quantity: self.quantity.trim().parse().ok().or(Some(0)),
            expected_on: NaiveDate::parse_from_str(self.expected_on.trim(), "%Y-%m-%d").ok(),
            note: self.note.clone(),
            order_ids: self.order_ids.clone(),
            draft: self.draft.unwrap_or(false),
        }
    }
}

fn order_form(staff: &Staff, names: &Names, f: &OrderForm, orders: &[(i64, String)]) -> FormPage {
    let l = staff.locale();
    let (trims, colours) = spec_options(l, names);
    let mut fields = vec![
        Field::new(l, "trim_id", Kind::Select, &f.trim_id).required().options(trims).autofocus(),
        Field::new(l, "exterior_colour_id", Kind::Select, &f.exterior_colour_id).required().options(colours.clone()),
        Field::new(l, "interior_colour_id", Kind::Select, &f.interior_colour_id).options(colours),
        Field::new(l, "quantity", Kind::Number, &f.quantity).required(),
        Field::new(l, "expected_on", Kind::Date, &f.expected_on),
        Field::new(l, "note", Kind::Text, &f.note),
    ];
    if !orders.is_empty() {
        fields.push(
            Field::new(l, "order_ids", Kind::MultiCheck, "")
                .options(orders.iter().map(|(id, label)| (id.to_string(), label.clone())).collect())
                .values(f.order_ids.iter().map(i64::to_string).collect())
                .help(l.t("help-factory-order-orders")),
        );
    }
    fields.push(
        Field::new(l, "draft", Kind::Checkbox, f.draft.unwrap_or(false).to_string())
            .help(l.t("help-factory-order-draft")),
    );
    FormPage {
        ctx: Ctx::new(staff, "/factory-orders", None),
        crumbs: vec![(l.t("nav-factory-orders"), "/factory-orders".into()), (l.t("factory-order-new"), String::new())],
        title: l.t("factory-order-new"),
        action: "/factory-orders".into(),
        cancel: "/factory-orders".into(),
        submit: l.t("factory-order-submit"),
        version: None,
        fields,
        form_error: None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    order_id: Option<String>,
}

/// An order a factory order is for, with its trim, exterior and interior colours.
type ForOrder = (app::sales::OrderView, i64, i64, Option<i64>);

/// The order the form is opened for (its specification and its number), if any.
fn for_order(app: &App, actor: &Actor, order_id: Option<i64>) -> app::AppResult<Option<ForOrder>> {
    let Some(id) = order_id else { return Ok(None) };
    let o = app::sales::get(app, actor, id)?;
    let (trim, ext, int) = (o.order.trim_id, o.terms.exterior_colour_id.unwrap_or(0), o.terms.interior_colour_id);
    Ok(Some((o, trim, ext, int)))
}

async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let order_id = num(&q.order_id);
    let (names, order) = state
        .run(move |app| Ok((app::inventory::stock::names(app, &actor)?, for_order(app, &actor, order_id)?)))
        .await?;
    let mut f = OrderForm { quantity: "1".into(), ..Default::default() };
    let mut orders = Vec::new();
    if let Some((o, trim, ext, int)) = order {
        f.trim_id = trim.to_string();
        f.exterior_colour_id = ext.to_string();
        f.interior_colour_id = int.map(|i| i.to_string()).unwrap_or_default();
        f.order_ids = vec![o.order.id];
        orders.push((o.order.id, format!("{} {}", o.order.order_no, o.customer_name)));
    }
    render(&order_form(&staff, &names, &f, &orders))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<OrderForm>,
) -> Result<Response, WebError> {
    let input = f.input();
    let write = move |app: &App, a: &Actor| app::inventory::factory_orders::create(app, a, &input, None);
    let page = async || {
        let actor = staff.actor().clone();
        let first = f.order_ids.first().copied();
        let (names, order) = state
            .run(move |app| {
                Ok((app::inventory::stock::names(app, &actor)?, for_order(app, &actor, first).ok().flatten()))
            })
            .await?;
        let orders: Vec<(i64, String)> = order
            .map(|(o, ..)| vec![(o.order.id, format!("{} {}", o.order.order_no, o.customer_name))])
            .unwrap_or_default();
        Ok(order_form(&staff, &names, &f, &orders))
    };
    submit(&state, &staff, write, |fo| format!("/factory-orders/{}?flash=saved", fo.id), page).await
}

#[derive(Template)]
#[template(path = "inventory/factory_order.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    f: FactoryOrder,
    names: Names,
    error: Option<String>,
    /// What was typed in the announce form when it was refused.
    typed: AnnounceForm,
    /// The numbers of the customer orders it mentions, as far as the reader may see them.
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
        super::status_badge(self.f.status.code())
    }

    fn open(&self) -> bool {
        self.f.status == domain::inventory::FactoryOrderStatus::Placed
    }

    fn cancellable(&self) -> bool {
        matches!(
            self.f.status,
            domain::inventory::FactoryOrderStatus::Draft | domain::inventory::FactoryOrderStatus::Placed
        ) && self.f.announced == 0
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleRead>,
    Id(id): Id,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, q.flash.as_deref(), None, AnnounceForm::default()).await?)
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    error: Option<String>,
    typed: AnnounceForm,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let (f, names, order_numbers) = state
        .run(move |app| {
            let f = app::inventory::factory_orders::get(app, &actor, id)?;
            let mut ids = f.order_ids.clone();
            ids.extend(f.vehicles.iter().filter_map(|v| v.order_id));
            let numbers = app::sales::numbers(app, &actor, &ids)?;
            Ok((f, app::inventory::stock::names(app, &actor)?, numbers))
        })
        .await?;
    let l = staff.locale();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/factory-orders", flash),
        crumbs: vec![(l.t("nav-factory-orders"), "/factory-orders".into()), (f.number.clone(), String::new())],
        f,
        names,
        error,
        typed,
        order_numbers,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct VersionForm {
    version: i64,
    reason: String,
}

async fn place(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<VersionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| app::inventory::factory_orders::place(app, &actor, id, f.version)).await;
    match answer(&staff, result.map(|_| format!("/factory-orders/{id}?flash=saved")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            render(&show_page(&state, &staff, id, None, Some(msg), AnnounceForm::default()).await?)
                .map(|page| (status, page).into_response())
        }
    }
}

async fn cancel(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<VersionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result =
        state.run(move |app| app::inventory::factory_orders::cancel(app, &actor, id, f.version, &f.reason)).await;
    match answer(&staff, result.map(|_| format!("/factory-orders/{id}?flash=saved")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            render(&show_page(&state, &staff, id, None, Some(msg), AnnounceForm::default()).await?)
                .map(|page| (status, page).into_response())
        }
    }
}

/// A VIN the maker announced, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct AnnounceForm {
    vin: String,
    engine_no: String,
    certificate_no: String,
    production_date: String,
    cost: String,
}

async fn announce(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Id(id): Id,
    Form(f): Form<AnnounceForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = app::inventory::VehicleInput {
        vin: f.vin.clone(),
        engine_no: f.engine_no.clone(),
        certificate_no: f.certificate_no.clone(),
        production_date: NaiveDate::parse_from_str(f.production_date.trim(), "%Y-%m-%d").ok(),
        cost_fen: super::register::money(&f.cost),
        ..Default::default()
    };
    let result = state.run(move |app| app::inventory::factory_orders::announce(app, &actor, id, &input, None)).await;
    match answer(&staff, result.map(|_| format!("/factory-orders/{id}?flash=vehicle-announced#announce")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => render(&show_page(&state, &staff, id, None, Some(msg), f.clone()).await?)
            .map(|page| (status, page).into_response()),
    }
}
