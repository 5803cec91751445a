//! The repair order list with its status tabs, the reception form (the car found by plate or
//! VIN first) and the repair order's page.

use super::{Messages, status_badge};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{Ctx, Flash, Pager, render};
use crate::session::{Need, ServiceRead, ServiceWrite, Staff};
use app::customers::vehicles::FoundVehicle;
use app::kernel::vehicle_notes::VehicleNote;
use app::service::{ReceptionInput, RepairOrder, RepairOrderLine, RepairQuery, TechnicianLoad};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::service::{Payer, RepairStatus, System};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/service/repair-orders", get(list))
        .route("/service/repair-orders/new", get(new_page).post(receive))
        .route("/service/repair-orders/{id}", get(show))
}

#[derive(Template)]
#[template(path = "service/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<RepairOrderLine>,
    pager: Pager,
    q: RepairQuery,
    tabs: Vec<(String, String, i64, bool)>,
    error: Option<String>,
}

impl ListPage {
    fn badge(&self, s: &RepairStatus) -> (String, &'static str) {
        status_badge(&self.ctx, *s)
    }

    fn text(&self) -> &str {
        self.q.q.as_deref().unwrap_or("")
    }
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Query(q): Query<RepairQuery>,
    Query(flash): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let l = staff.locale();
    let actor = staff.actor().clone();
    let (filter, error) = match q.parse(&actor) {
        Ok(f) => (f, None),
        Err(fe) => (Default::default(), fe.iter().next().map(|e| l.error(e.code))),
    };
    let page = app::PageRequest::new(q.page, q.per_page);
    let (rows, counts) = state.run(move |app| app::service::list(app, &actor, &filter, page)).await?;
    let current = q.status.clone().unwrap_or_default();
    let open: i64 = counts.iter().filter(|(s, _)| s.is_open()).map(|(_, n)| n).sum();
    let all: i64 = counts.iter().map(|(_, n)| n).sum();
    let mut tabs = vec![
        (l.t("repair-tab-open"), "open".to_string(), open, current == "open"),
        (l.t("repair-tab-all"), String::new(), all, current.is_empty()),
    ];
    for s in RepairStatus::ALL {
        let n = counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n);
        tabs.push((l.t(&format!("repair-status-{}", s.code())), s.code().to_string(), n, current == s.code()));
    }
    let query = [
        ("q", q.q.clone().unwrap_or_default()),
        ("status", current),
        ("from", q.from.clone().unwrap_or_default()),
        ("to", q.to.clone().unwrap_or_default()),
    ];
    let pager = Pager::new(&rows, "/service/repair-orders", &query);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/service/repair-orders", flash.flash.as_deref()),
        rows: rows.items,
        pager,
        q,
        tabs,
        error,
    })
}

#[derive(Template)]
#[template(path = "service/new.html")]
struct NewPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    /// The plate or VIN searched for.
    find: String,
    found: Vec<FoundVehicle>,
    f: ReceptionInput,
    /// The car picked, as found.
    car: Option<FoundVehicle>,
    clocks: Option<app::service::Clocks>,
    /// What the capabilities say about the car that asks for something (an open recall).
    notes: Vec<VehicleNote>,
    messages: Messages,
}

impl NewPage {
    fn warning(&self, w: &domain::service::warranty::Warning) -> String {
        warning_text(&self.ctx, w)
    }
}

/// A 三包 warning in words.
pub(super) fn warning_text(ctx: &Ctx, w: &domain::service::warranty::Warning) -> String {
    use domain::service::warranty::Warning as W;
    let l = ctx.l;
    match w {
        W::SevenDayWindow { until } => l.t_args("warranty-seven-day", &[("until", until.to_string())]),
        W::SixtyDayWindow { until, km_left } => {
            l.t_args("warranty-sixty-day", &[("until", until.to_string()), ("km", km_left.to_string())])
        }
        W::DaysInShop { days, limit } => {
            l.t_args("warranty-days-in-shop", &[("days", days.to_string()), ("limit", limit.to_string())])
        }
        W::Repeats { system, count, limit } => l.t_args(
            "warranty-repeats",
            &[
                ("system", l.t(&format!("system-{}", system.code()))),
                ("count", count.to_string()),
                ("limit", limit.to_string()),
            ],
        ),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    /// Plate or VIN to look the car up by.
    find: String,
    /// The car picked from what was found.
    car: String,
    /// The appointment the car came for, its work and mileage.
    appointment: String,
    work: String,
    km: String,
}

async fn new_page(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let f = ReceptionInput {
        customer_vehicle_id: q.car.clone(),
        fuel_percent: "50".into(),
        appointment_id: q.appointment.clone(),
        complaints: q.work.clone(),
        mileage_km: q.km.clone(),
        ..Default::default()
    };
    render(&new_form(&state, &staff, q.find, f, Messages::default()).await?)
}

async fn new_form(
    state: &AppState,
    staff: &Staff,
    find: String,
    f: ReceptionInput,
    messages: Messages,
) -> Result<NewPage, WebError> {
    let actor = staff.actor().clone();
    let text = find.trim().to_string();
    let found = if text.is_empty() {
        Vec::new()
    } else {
        state.run(move |app| app::customers::vehicles::find(app, &actor, &text)).await?
    };
    let picked: Option<i64> = f.customer_vehicle_id.trim().parse().ok();
    let car = found
        .iter()
        .find(|v| Some(v.vehicle.id) == picked)
        .cloned()
        .or_else(|| (found.len() == 1).then(|| found[0].clone()));
    let (clocks, notes) = match &car {
        Some(v) => {
            let actor = staff.actor().clone();
            let (vin, id) = (v.vehicle.vin.clone(), v.vehicle.id);
            state
                .run(move |app| {
                    let clocks = app::service::clocks_of_vin(app, &actor, &vin)?;
                    let mut notes = app::customers::vehicles::notes(app, &actor, id)?;
                    notes.retain(|n| n.open);
                    Ok::<_, app::AppError>((clocks, notes))
                })
                .await?
        }
        None => (None, Vec::new()),
    };
    let mut f = f;
    if let Some(c) = &car {
        f.customer_vehicle_id = c.vehicle.id.to_string();
    }
    let l = staff.locale();
    Ok(NewPage {
        ctx: Ctx::new(staff, "/service/repair-orders", None),
        crumbs: vec![
            (l.t("nav-repair-orders"), "/service/repair-orders".into()),
            (l.t("repair-receive"), String::new()),
        ],
        find,
        found,
        f,
        car,
        clocks,
        notes,
        messages,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReceptionForm {
    find: String,
    #[serde(flatten)]
    input: ReceptionInput,
}

async fn receive(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Form(form): Form<ReceptionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = form.input.clone();
    match state.run(move |app| app::service::receive(app, &actor, &input, None)).await {
        Ok(r) => Ok(Redirect::to(&format!("/service/repair-orders/{}?flash=repair-received", r.id)).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&new_form(&state, &staff, form.find, form.input, messages).await?)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "service/show.html")]
pub(super) struct ShowPage {
    pub ctx: Ctx,
    pub crumbs: Vec<(String, String)>,
    pub r: RepairOrder,
    pub technicians: Vec<TechnicianLoad>,
    pub systems: Vec<System>,
    pub payers: Vec<Payer>,
    /// Which form was refused (`job`, `part`, `qc`, `pay`, `cancel`, ...), its messages and what
    /// was typed.
    pub again: crate::html::messages::Again,
    /// The customer's page, for the desk to send or copy.
    pub customer_link: Option<String>,
    /// What the capabilities say about the car that asks for something (an open recall).
    pub notes: Vec<VehicleNote>,
    /// The boxes other capabilities show on the page (a loaner car), rendered.
    pub panels: Vec<String>,
}

impl ShowPage {
    fn can(&self, action: &str) -> bool {
        self.r.actions.contains(&action)
    }

    fn badge(&self) -> (String, &'static str) {
        status_badge(&self.ctx, self.r.status)
    }

    fn hours(&self, h: &i32) -> String {
        domain::service::jobs::show_hours(*h)
    }

    fn warning(&self, w: &domain::service::warranty::Warning) -> String {
        warning_text(&self.ctx, w)
    }

    /// What the customer still owes, as the payment form's default (yuan).
    fn due(&self) -> String {
        domain::Money::from_fen(self.r.customer_fen).to_string().trim_start_matches(['¥', '￥']).replace(',', "")
    }

    fn money_of(&self, m: &domain::Money) -> String {
        self.ctx.money(&m.fen())
    }

    fn assigned(&self, j: &app::service::Job, t: &TechnicianLoad) -> bool {
        j.technician_id == Some(t.user_id)
    }

    fn load_hours(&self, t: &TechnicianLoad) -> String {
        domain::service::jobs::show_hours(i32::try_from(t.hours_x100).unwrap_or(i32::MAX))
    }

    fn step_label(&self, step: &str) -> String {
        self.ctx.t(&format!("repair-step-{step}"))
    }
}

pub(super) async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    again: Option<(&'static str, Messages, std::collections::BTreeMap<String, String>)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let registered = state.repair_order_panels();
    let loading = registered.clone();
    let (r, technicians, customer_link, notes, loaded) = state
        .run(move |app| {
            let r = app::service::get(app, &actor, id)?;
            let t = if r.actions.contains(&"dispatch") { app::service::technicians(app, &actor)? } else { Vec::new() };
            let open = r.status.is_open() && actor.can(domain::rbac::Permission::ServiceWrite);
            let link = if open { Some(app::service::link_url(app, &actor, id)?) } else { None };
            let mut notes = app::customers::vehicles::notes(app, &actor, r.customer_vehicle_id)?;
            notes.retain(|n| n.open);
            let loaded = loading.iter().map(|p| (p.load)(app, &actor, &r)).collect::<app::AppResult<Vec<_>>>()?;
            Ok::<_, app::AppError>((r, t, link, notes, loaded))
        })
        .await?;
    let l = staff.locale();
    let ctx = Ctx::new(staff, "/service/repair-orders", flash);
    let panels = registered.iter().zip(loaded).map(|(p, data)| (p.render)(&ctx, &r, data)).collect();
    Ok(ShowPage {
        panels,
        ctx,
        crumbs: vec![(l.t("nav-repair-orders"), "/service/repair-orders".into()), (r.number.clone(), String::new())],
        r,
        technicians,
        systems: System::ALL.to_vec(),
        payers: Payer::ALL.to_vec(),
        again: crate::html::messages::Again(again),
        customer_link,
        notes,
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, f.flash.as_deref(), None).await?)
}
