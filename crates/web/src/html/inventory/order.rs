//! The vehicle box on the order page: the allocated vehicle, or the candidates of the order's
//! exact specification to allocate one (in stock first, oldest first) and the factory order it
//! waits on, or a link to order one from the factory.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::Ctx;
use crate::html::form::{Answer, answer};
use crate::html::panels::{Loaded, OrderPanel};
use crate::session::{Need, VehicleAllocate};
use app::inventory::{FactoryOrder, Vehicle};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/orders/{id}/vehicle", post(allocate))
}

#[derive(Template)]
#[template(path = "inventory/order_box.html")]
struct VehicleBox<'a> {
    ctx: &'a Ctx,
    order_id: i64,
    vehicle: &'a Option<Vehicle>,
    candidates: Vec<Vehicle>,
    factory_order: Option<FactoryOrder>,
}

impl VehicleBox<'_> {
    fn status(&self, v: &Vehicle) -> String {
        super::status_label(self.ctx.l, "vehicle-status", v.status.code())
    }

    fn days(&self, v: &Vehicle) -> String {
        super::vehicles::days_since(v.store_received_on, self.ctx.today())
    }
}

/// The vehicle box on the order page, once the order is approved or has a vehicle.
pub const VEHICLE_PANEL: OrderPanel = OrderPanel { name: "inventory.vehicle", load: load_box, render: render_box };

type BoxData = (Option<Vehicle>, Vec<Vehicle>, Option<FactoryOrder>);

fn load_box(app: &app::App, actor: &domain::org::Actor, o: &app::sales::OrderView) -> app::AppResult<Loaded> {
    let vehicle = app::inventory::of_order(app, actor, o.order.id)?;
    let waiting = vehicle.is_none() && o.order.stage == domain::sales::StageName::Approved;
    let (candidates, factory_order) = load(app, actor, o.order.id, waiting)?;
    Ok(Box::new((vehicle, candidates, factory_order)))
}

fn render_box(ctx: &Ctx, o: &app::sales::OrderView, data: Loaded, _open: &str, _again: Option<Loaded>) -> String {
    let Ok(data) = data.downcast::<BoxData>() else { return String::new() };
    let (vehicle, candidates, factory_order) = *data;
    if o.order.stage != domain::sales::StageName::Approved && vehicle.is_none() {
        return String::new();
    }
    vehicle_box(ctx, o.order.id, &vehicle, candidates, factory_order)
}

/// The box's HTML for an approved order (empty for anybody who may not read vehicles).
fn vehicle_box(
    ctx: &Ctx,
    order_id: i64,
    vehicle: &Option<Vehicle>,
    candidates: Vec<Vehicle>,
    factory_order: Option<FactoryOrder>,
) -> String {
    if !ctx.can(domain::rbac::Permission::VehicleRead) {
        return String::new();
    }
    VehicleBox { ctx, order_id, vehicle, candidates, factory_order }.render().unwrap_or_default()
}

/// What the order page loads for the box: candidates only while the order waits for a car.
fn load(
    app: &app::App,
    actor: &domain::org::Actor,
    order_id: i64,
    waiting: bool,
) -> app::AppResult<(Vec<Vehicle>, Option<FactoryOrder>)> {
    if !actor.can(domain::rbac::Permission::VehicleRead) {
        return Ok((Vec::new(), None));
    }
    let candidates = if waiting { app::inventory::candidates(app, actor, order_id)? } else { Vec::new() };
    let factory_order = app::inventory::factory_orders::of_order(app, actor, order_id)?;
    Ok((candidates, factory_order))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AllocateForm {
    vehicle_id: i64,
    version: i64,
}

async fn allocate(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleAllocate>,
    Id(id): Id,
    Form(f): Form<AllocateForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state
        .run(move |app| {
            app::inventory::allocate(
                app,
                &actor,
                domain::ids::VehicleId(f.vehicle_id),
                f.version,
                domain::ids::OrderId(id),
            )
        })
        .await;
    match answer(&staff, result.map(|_| format!("/orders/{id}?flash=vehicle-allocated#vehicle-box")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, code, _) => {
            let page = crate::html::panels::order_page(&state, &staff, id, &[code], None).await?;
            Ok((status, page).into_response())
        }
    }
}
