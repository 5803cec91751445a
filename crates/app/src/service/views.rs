//! What the pages and the API answer with: a repair order with its lines, steps and the car's
//! 三包 clocks; the lists; the customer 360's service visits.

use super::{State, visible};
use crate::kernel::timeline::{Moment, Names};
use crate::{App, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::Money;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::jobs::{JobStatus, Step};
use domain::service::warranty::{Visit, Warning};
use domain::service::{ApprovedBy, Command, Payer, RepairStatus, System};
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::service::lines::{JobRow, PartRow};
use storage::{Page, PageRequest};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub name: String,
    #[schema(value_type = String)]
    pub system: System,
    pub fault: String,
    /// Standard hours, in hundredths.
    pub hours_x100: i32,
    pub rate_fen: i64,
    pub amount_fen: i64,
    #[schema(value_type = String)]
    pub payer: Payer,
    pub approved: bool,
    #[schema(value_type = String)]
    pub status: JobStatus,
    pub technician_id: Option<i64>,
    pub technician: Option<String>,
    /// Hours clocked, in hundredths.
    pub clocked_x100: i32,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub started_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub finished_at: Option<NaiveDateTime>,
    /// Why quality control sent it back, the last time.
    pub rework_note: String,
    pub version: i64,
    /// The steps the reader may take now: `assign`, `start`, `wait_for_parts`, `finish`.
    pub steps: Vec<&'static str>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Part {
    pub id: i64,
    pub part_no: String,
    pub name: String,
    #[schema(value_type = String)]
    pub system: System,
    pub quantity: i32,
    pub unit_price_fen: i64,
    pub amount_fen: i64,
    #[schema(value_type = String)]
    pub payer: Payer,
    pub approved: bool,
    /// Pieces the parts store issued for this line (settlement waits for all of them).
    pub issued: i32,
}

impl From<PartRow> for Part {
    fn from(p: PartRow) -> Self {
        Part {
            id: p.id,
            issued: p.issued,
            part_no: p.part_no,
            name: p.name,
            system: p.system,
            quantity: p.quantity,
            unit_price_fen: p.unit_price_fen,
            amount_fen: p.amount_fen,
            payer: p.payer,
            approved: p.approved,
        }
    }
}

/// A step of the repair order.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RepairStep {
    pub step: String,
    pub note: String,
    /// Staff who did it; `None`: the customer.
    pub by: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: NaiveDateTime,
}

/// The car's 三包 clocks (DOMAIN.md §6).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Clocks {
    pub from: NaiveDate,
    pub period_ends: NaiveDate,
    pub in_period: bool,
    pub days_in_shop: i64,
    /// (system, visits) repaired under 三包.
    #[schema(value_type = Vec<Object>)]
    pub repeats: Vec<(System, u32)>,
    /// Each warning: `kind` (`seven_day_window`, `sixty_day_window`, `days_in_shop`, `repeats`)
    /// and its figures.
    #[schema(value_type = Vec<Object>)]
    pub warnings: Vec<Warning>,
    /// A replacement or refund threshold is near or reached.
    pub approaching: bool,
}

impl From<domain::service::warranty::Clocks> for Clocks {
    fn from(k: domain::service::warranty::Clocks) -> Self {
        let approaching = k.approaching();
        Clocks {
            from: k.from,
            period_ends: k.period_ends,
            in_period: k.in_period,
            days_in_shop: k.days_in_shop,
            repeats: k.repeats,
            warnings: k.warnings,
            approaching,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RepairOrder {
    pub id: i64,
    pub number: String,
    pub store_id: i64,
    pub store_name: String,
    /// The store's time zone (IANA), for the customer's page.
    pub store_timezone: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_vehicle_id: i64,
    pub vin: String,
    pub plate: Option<String>,
    pub owner_id: i64,
    pub owner: String,
    #[schema(value_type = String)]
    pub status: RepairStatus,
    pub mileage_km: i64,
    pub fuel_percent: i32,
    pub complaints: String,
    pub walkaround: String,
    pub warranty_from: Option<NaiveDate>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub promised_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    #[schema(value_type = Option<String>)]
    pub approved_via: Option<ApprovedBy>,
    pub approved_total_fen: i64,
    pub qc_note: String,
    pub settled_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub paid: bool,
    /// The lines' total and per payer (fixed at settlement).
    pub total_fen: i64,
    #[schema(value_type = Vec<Object>)]
    pub by_payer: Vec<(Payer, Money)>,
    /// The customer's part: what finance bills them.
    pub customer_fen: i64,
    /// Lines waiting for the customer's approval, and their amount.
    pub unapproved_lines: usize,
    pub unapproved_fen: i64,
    pub cancel_reason: String,
    pub version: i64,
    pub jobs: Vec<Job>,
    pub parts: Vec<Part>,
    pub events: Vec<RepairStep>,
    /// The car's 三包 clocks, when its invoice date is known.
    pub clocks: Option<Clocks>,
    /// What the reader may do now: `approve_estimate`, `add_lines`, `dispatch`, `pass_qc`,
    /// `fail_qc`, `settle`, `hand_over`, `cancel`.
    pub actions: Vec<&'static str>,
}

/// A repair order in a list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RepairOrderLine {
    pub id: i64,
    pub number: String,
    pub customer_name: String,
    pub plate: Option<String>,
    pub vin: String,
    #[schema(value_type = String)]
    pub status: RepairStatus,
    pub received_on: NaiveDate,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub promised_at: Option<NaiveDateTime>,
    pub owner_id: i64,
    pub customer_fen: i64,
    pub paid: bool,
}

/// A technician and their open jobs.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TechnicianLoad {
    pub user_id: i64,
    pub name: String,
    pub open_jobs: i64,
    /// Standard hours of their open jobs, in hundredths.
    pub hours_x100: i64,
}

fn user_name(c: &mut DbConnection, id: i64) -> AppResult<String> {
    Ok(storage::users::get(c, id)?.display_name)
}

pub(crate) fn job_view(c: &mut DbConnection, actor: &Actor, j: JobRow) -> AppResult<Job> {
    let technician = j.technician_id.map(|t| user_name(c, t)).transpose()?;
    let steps = domain::service::jobs::available_steps(j.status, j.approved)
        .into_iter()
        .filter(|s| match s {
            Step::Assign | Step::Reopen => *s == Step::Assign && actor.can(Permission::ServiceDispatch),
            _ => actor.can(Permission::ServiceWork) && j.technician_id == Some(actor.user_id.0),
        })
        .map(Step::code)
        .collect();
    Ok(Job {
        id: j.id,
        name: j.name,
        system: j.system,
        fault: j.fault,
        hours_x100: j.hours_x100,
        rate_fen: j.rate_fen,
        amount_fen: j.amount_fen,
        payer: j.payer,
        approved: j.approved,
        status: j.status,
        technician_id: j.technician_id,
        technician,
        clocked_x100: j.clocked_x100,
        started_at: j.started_at,
        finished_at: j.finished_at,
        rework_note: j.rework_note,
        version: j.version,
        steps,
    })
}

/// The car's clocks: from its invoice date, counted over its repair orders at the store.
pub(crate) fn clocks(
    c: &mut DbConnection,
    store_id: i64,
    vin: &str,
    (from, km_at_start): (NaiveDate, i64),
    today: NaiveDate,
    odometer_km: i64,
) -> AppResult<domain::service::warranty::Clocks> {
    let visits: Vec<Visit> = storage::service::history::warranty_visits(c, store_id, vin)?
        .into_iter()
        .map(|v| Visit { received_on: v.received_on, back_on: v.closed_on, warranty_systems: v.systems })
        .collect();
    Ok(domain::service::warranty::clocks(from, km_at_start, today, odometer_km, &visits))
}

fn actions(s: &State, actor: &Actor) -> Vec<&'static str> {
    let mut out = Vec::new();
    let available = domain::service::available_commands(s.order.status, s.facts());
    let may = |c: Command| available.contains(&c);
    if actor.can(Permission::ServiceWrite) {
        if may(Command::ApproveEstimate) {
            out.push("approve_estimate");
        }
        if s.order.status.lines_open() {
            out.push("add_lines");
        }
    }
    if actor.can(Permission::ServiceDispatch) && may(Command::Dispatch) && !s.order.status.eq(&RepairStatus::Received) {
        out.push("dispatch");
    }
    if actor.can(Permission::ServiceQc) && may(Command::PassQc) {
        out.push("pass_qc");
    }
    if actor.can(Permission::ServiceQc) && may(Command::FailQc) {
        out.push("fail_qc");
    }
    for (c, name) in [(Command::Settle, "settle"), (Command::HandOver, "hand_over"), (Command::Cancel, "cancel")] {
        if actor.can(Permission::ServiceWrite) && may(c) {
            out.push(name);
        }
    }
    out
}

pub(crate) fn view(c: &mut DbConnection, actor: &Actor, s: State, today: NaiveDate) -> AppResult<RepairOrder> {
    let actions = actions(&s, actor);
    let facts = s.facts();
    let totals = s.totals();
    let unapproved_fen = s.jobs.iter().filter(|j| !j.approved).map(|j| j.amount_fen).sum::<i64>()
        + s.parts.iter().filter(|p| !p.approved).map(|p| p.amount_fen).sum::<i64>();
    let State { order: o, jobs, parts } = s;
    let customer_name =
        storage::customers::by_ids(c, o.store_id, &[o.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
    let clocks = match o.warranty_from {
        Some(from) => Some(clocks(c, o.store_id, &o.vin, (from, o.km_at_start), today, o.mileage_km)?.into()),
        None => None,
    };
    let events = storage::service::events_of(c, o.id)?
        .into_iter()
        .map(|e| {
            Ok(RepairStep { step: e.step, note: e.note, by: e.user_id.map(|u| user_name(c, u)).transpose()?, at: e.at })
        })
        .collect::<AppResult<_>>()?;
    let settled = o.settled_on.is_some();
    let store = storage::org::get_store(c, o.store_id)?;
    Ok(RepairOrder {
        id: o.id,
        number: o.number,
        store_id: o.store_id,
        store_name: store.name,
        store_timezone: store.timezone,
        customer_id: o.customer_id,
        customer_name,
        customer_vehicle_id: o.customer_vehicle_id,
        vin: o.vin,
        plate: o.plate,
        owner_id: o.owner_id,
        owner: user_name(c, o.owner_id)?,
        status: o.status,
        mileage_km: o.mileage_km,
        fuel_percent: o.fuel_percent,
        complaints: o.complaints,
        walkaround: o.walkaround,
        warranty_from: o.warranty_from,
        promised_at: o.promised_at,
        received_on: o.received_on,
        approved_via: o.approved_via,
        approved_total_fen: o.approved_total_fen,
        qc_note: o.qc_note,
        settled_on: o.settled_on,
        closed_on: o.closed_on,
        paid: o.paid,
        total_fen: if settled { o.total_fen } else { totals.total.fen() },
        customer_fen: if settled { o.customer_fen } else { totals.customer().fen() },
        by_payer: totals.by_payer,
        unapproved_lines: facts.unapproved,
        unapproved_fen,
        cancel_reason: o.cancel_reason,
        version: o.version,
        jobs: jobs.into_iter().map(|j| job_view(c, actor, j)).collect::<AppResult<_>>()?,
        parts: parts.into_iter().map(Part::from).collect(),
        events,
        clocks,
        actions,
    })
}

/// Repair order `id` as it stands after a write, as `actor` sees it.
pub(crate) fn reload(app: &App, c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<RepairOrder> {
    let today = crate::kernel::calendar::today(app, actor)?;
    let row = storage::service::get(c, id)?;
    let s = State::of(c, row)?;
    view(c, actor, s, today)
}

/// Repair order `id` as `actor` sees it (`service_read`, within their scope or their own job's).
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<RepairOrder> {
    require(actor, Permission::ServiceRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let order = visible(c, actor, id)?;
        let s = State::of(c, order)?;
        view(c, actor, s, today)
    })
}

/// Repair orders per status.
pub type StatusCounts = Vec<(RepairStatus, i64)>;

/// The repair orders within the reader's scope, with their counts per status.
pub fn list(
    app: &App,
    actor: &Actor,
    filter: &storage::service::Filter,
    page: PageRequest,
) -> AppResult<(Page<RepairOrderLine>, StatusCounts)> {
    require(actor, Permission::ServiceRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let rows = storage::service::list(c, &vis, filter, page)?;
        let counts = storage::service::counts(c, &vis)?;
        Ok((
            rows.map(|r| RepairOrderLine {
                id: r.order.id,
                number: r.order.number,
                customer_name: r.customer_name,
                plate: r.order.plate,
                vin: r.order.vin,
                status: r.order.status,
                received_on: r.order.received_on,
                promised_at: r.order.promised_at,
                owner_id: r.order.owner_id,
                customer_fen: r.order.customer_fen,
                paid: r.order.paid,
            }),
            counts,
        ))
    })
}

/// The 三包 clocks of the car with `vin` at the actor's store, if the store knows its invoice
/// date (its last repair order's), read today at `odometer_km` (default: the last mileage).
pub fn clocks_of_vin(app: &App, actor: &Actor, vin: &str) -> AppResult<Option<Clocks>> {
    require(actor, Permission::ServiceRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let last = storage::service::history::of_vin(c, actor.store_id.0, vin, 1)?.pop();
        let Some(last) = last else { return Ok(None) };
        let Some(from) = last.warranty_from else { return Ok(None) };
        Ok(Some(clocks(c, last.store_id, vin, (from, last.km_at_start), today, last.mileage_km)?.into()))
    })
}

/// The customer 360's service visits: their repair orders the reader may see.
pub(super) fn timeline(
    c: &mut DbConnection,
    actor: &Actor,
    customer: &CustomerRow,
    names: &Names,
) -> AppResult<Vec<Moment>> {
    if !actor.can(Permission::ServiceRead) {
        return Ok(Vec::new());
    }
    let vis = crate::kernel::scope::visibility(c, actor)?;
    let rows = storage::service::history::of_customer(c, &vis, customer.id)?;
    Ok(rows
        .into_iter()
        .map(|r| Moment {
            at: r.received_at,
            kind: "repair_order",
            labels: vec![("repair-status", r.status.code().to_string())],
            subject: format!(
                "{} · {} · {} km",
                r.number,
                r.plate.clone().unwrap_or_else(|| r.vin.clone()),
                r.mileage_km
            ),
            note: r.complaints.clone(),
            by: names.user(r.owner_id),
            href: Some(format!("/service/repair-orders/{}", r.id)),
        })
        .collect())
}

/// The filters of the repair order list, as the API and the page take them.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RepairQuery {
    /// Number, plate, VIN tail or customer name (part).
    pub q: Option<String>,
    /// received | approved | in_progress | quality_check | passed | settled | handed_over |
    /// cancelled, or `open` (every status but handed over and cancelled).
    pub status: Option<String>,
    /// `true`: only the caller's own.
    pub mine: Option<bool>,
    /// Received on or after, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Received on or before, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub page: Option<i64>,
    /// 20 (default), 50, 100 or 200
    pub per_page: Option<i64>,
}

impl RepairQuery {
    pub fn parse(&self, actor: &Actor) -> Result<storage::service::Filter, domain::FieldErrors> {
        use domain::Code;
        let mut e = domain::FieldErrors::new();
        let nonblank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let mut f = storage::service::Filter { q: nonblank(&self.q), ..Default::default() };
        match nonblank(&self.status).as_deref() {
            None => {}
            Some("open") => f.open = true,
            Some(s) => {
                f.status = RepairStatus::from_code(s).or_else(|| {
                    e.add("status", "value-unknown");
                    None
                })
            }
        }
        if self.mine == Some(true) {
            f.owner_id = Some(actor.user_id.0);
        }
        let mut day = |field: &str, v: &Option<String>| match nonblank(v) {
            None => None,
            Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| e.add(field, "date-invalid")).ok(),
        };
        f.received_from = day("from", &self.from);
        f.received_to = day("to", &self.to);
        e.into_result().map(|()| f)
    }
}
