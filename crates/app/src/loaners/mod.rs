//! Loaner cars (代步车, issue 31): the store's loaner fleet (vehicles used as loaners) lent to
//! the customer of an open repair order, with the driver's licence checked and the odometer and
//! fuel or charge level read when the car leaves and when it comes back (`domain::loaners`).
//! A capability of its own: it reads the repair order it lends against and hears the order's
//! handover and cancellation, which it refuses while the car is still out.

mod lend;

pub use lend::{LendInput, ReturnInput, give_back, lend};

use crate::kernel::erasure::{ERASED, Eraser, Erasure};
use crate::kernel::events::{Event, Kind, Listener, Raised};
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::ids::{LoanId, StoreId, UserId, VehicleId};
use domain::loaners::{LoanError, LoanStatus, overdue};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::loans::{self as rows, LoanFilter, LoanRow, LoanState};
use storage::{Page, PageRequest};

pub(crate) fn refused(e: LoanError) -> AppError {
    AppError::Conflict(Conflict::Refused { code: domain::error::ErrorCode::code(&e) })
}

/// A loan of a loaner car.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Loan {
    pub id: i64,
    pub repair_order_id: i64,
    pub repair_order_number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub vehicle_id: i64,
    pub vin: String,
    /// The loaner as people name it: model, trim, colour and the VIN's last six.
    pub car: String,
    pub driver_name: String,
    /// The licence number's last four characters (it is the holder's ID number).
    pub licence_masked: String,
    pub licence_expires_on: NaiveDate,
    /// out | returned
    #[schema(value_type = String)]
    pub status: LoanStatus,
    /// Still out after the day it was due back (the store's calendar).
    pub overdue: bool,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub out_at: NaiveDateTime,
    pub out_km: i64,
    pub out_fuel_percent: i32,
    pub due_on: NaiveDate,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub returned_at: Option<NaiveDateTime>,
    pub return_km: Option<i64>,
    pub return_fuel_percent: Option<i32>,
    /// Kilometres driven, once back.
    pub driven_km: Option<i64>,
    /// Fuel or charge used, in percentage points (negative when it came back fuller).
    pub fuel_used_percent: Option<i32>,
    pub return_note: String,
    pub lent_by: i64,
    pub returned_by: Option<i64>,
    pub version: i64,
    /// What the reader may do now: `return`.
    pub actions: Vec<&'static str>,
}

pub(crate) fn view(
    c: &mut DbConnection,
    actor: &Actor,
    (r, number, customer_name): (LoanRow, String, String),
    today: NaiveDate,
) -> AppResult<Loan> {
    let vin = storage::inventory::vehicles::get(c, r.vehicle_id)?.vin;
    let car = storage::inventory::vehicles::label(c, actor.group_id, VehicleId(r.vehicle_id))?;
    let back = r.return_km.zip(r.return_fuel).and_then(|b| domain::loaners::came_back((r.out_km, r.out_fuel), b).ok());
    let actions =
        if r.status == LoanStatus::Out && actor.can(Permission::ServiceWrite) { vec!["return"] } else { vec![] };
    Ok(Loan {
        actions,
        overdue: overdue(r.status, r.due_on, today),
        id: r.id,
        repair_order_id: r.repair_order_id,
        repair_order_number: number,
        customer_id: r.customer_id,
        customer_name,
        vehicle_id: r.vehicle_id,
        vin,
        car,
        licence_masked: if r.licence_tail.is_empty() {
            String::new()
        } else {
            format!("**************{}", r.licence_tail)
        },
        driver_name: r.driver_name,
        licence_expires_on: r.licence_expires_on,
        status: r.status,
        out_at: r.out_at,
        out_km: r.out_km,
        out_fuel_percent: r.out_fuel,
        due_on: r.due_on,
        returned_at: r.returned_at,
        return_km: r.return_km,
        return_fuel_percent: r.return_fuel,
        driven_km: back.map(|b| b.0),
        fuel_used_percent: back.map(|b| b.1),
        return_note: r.return_note,
        lent_by: r.lent_by,
        returned_by: r.returned_by,
        version: r.version,
    })
}

/// The repair order a loan is lent against, if the reader may see it: its number and customer.
pub(crate) fn order_of(
    c: &mut DbConnection,
    actor: &Actor,
    repair_order_id: i64,
) -> AppResult<storage::service::RepairOrderRow> {
    let row = storage::service::get(c, repair_order_id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    let vis = visibility(c, actor)?;
    if vis.allows(StoreId(row.store_id), UserId(row.owner_id)) { Ok(row) } else { Err(AppError::NotFound) }
}

fn customer_name(c: &mut DbConnection, order: &storage::service::RepairOrderRow) -> AppResult<String> {
    let found = storage::customers::by_ids(c, order.store_id, &[order.customer_id])?;
    Ok(found.into_iter().next().map(|k| k.name).unwrap_or_default())
}

fn one(c: &mut DbConnection, actor: &Actor, r: LoanRow, today: NaiveDate) -> AppResult<Loan> {
    let order = order_of(c, actor, r.repair_order_id)?;
    let name = customer_name(c, &order)?;
    view(c, actor, (r, order.number, name), today)
}

/// Loan `id`, if the reader may see its repair order (`service_read`).
pub fn get(app: &App, actor: &Actor, id: LoanId) -> AppResult<Loan> {
    require(actor, Permission::ServiceRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let r = rows::get(c, id).map_err(|e| match e {
            storage::StorageError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
        one(c, actor, r, today)
    })
}

/// A repair order's loans, the latest first.
pub fn of_repair_order(app: &App, actor: &Actor, repair_order_id: i64) -> AppResult<Vec<Loan>> {
    require(actor, Permission::ServiceRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let order = order_of(c, actor, repair_order_id)?;
        let name = customer_name(c, &order)?;
        rows::of_order(c, order.id)?
            .into_iter()
            .map(|r| view(c, actor, (r, order.number.clone(), name.clone()), today))
            .collect()
    })
}

/// A car of the loaner fleet and the loan it is out on.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LoanerCar {
    pub vehicle_id: i64,
    pub vin: String,
    /// Model, trim, colour and the VIN's last six.
    pub label: String,
    /// The loan it is out on (`null`: at the store, free to lend).
    pub loan: Option<Loan>,
}

/// The store's loaner fleet with who has each car (`service_read`). A loan of a repair order the
/// reader may not see shows as the car taken, without the customer.
pub fn fleet(app: &App, actor: &Actor) -> AppResult<Vec<LoanerCar>> {
    require(actor, Permission::ServiceRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let out = rows::out(c, actor.store_id)?;
        rows::fleet(c, actor.store_id)?
            .into_iter()
            .map(|(vehicle_id, vin, _)| {
                let label = storage::inventory::vehicles::label(c, actor.group_id, VehicleId(vehicle_id))?;
                let loan = match out.iter().find(|l| l.vehicle_id == vehicle_id) {
                    Some(l) => match one(c, actor, l.clone(), today) {
                        Ok(loan) => Some(loan),
                        Err(AppError::NotFound) => None,
                        Err(e) => return Err(e),
                    },
                    None => None,
                };
                let taken = out.iter().any(|l| l.vehicle_id == vehicle_id);
                Ok((LoanerCar { vehicle_id, vin, label, loan }, taken))
            })
            .filter_map(|r| match r {
                // A car out on an order the reader may not see is not offered to them either.
                Ok((car, true)) if car.loan.is_none() => None,
                Ok((car, _)) => Some(Ok(car)),
                Err(e) => Some(Err(e)),
            })
            .collect()
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct LoanQuery {
    /// out | overdue | returned | all (default: all)
    pub state: Option<String>,
    /// The customer's or driver's name, the repair order's number or the loaner's VIN (part).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The loans of the repair orders the reader may see, out first (`service_read`).
pub fn list(app: &App, actor: &Actor, query: &LoanQuery, page: PageRequest) -> AppResult<Page<Loan>> {
    require(actor, Permission::ServiceRead)?;
    let state = match query.state.as_deref().map(str::trim).unwrap_or("") {
        "" | "all" => None,
        "out" => Some(LoanState::Out),
        "overdue" => Some(LoanState::Overdue),
        "returned" => Some(LoanState::Returned),
        _ => return Err(AppError::field("state", "loan-state-unknown")),
    };
    let today = crate::kernel::calendar::today(app, actor)?;
    let filter = LoanFilter { state, q: query.q.clone(), today: Some(today) };
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let found = rows::list(c, &vis, &filter, page)?;
        let items = found.items.into_iter().map(|l| view(c, actor, l, today)).collect::<AppResult<_>>()?;
        Ok(Page { items, total: found.total, page: found.page, per_page: found.per_page })
    })
}

/// The customer's car does not go back, nor is its repair order cancelled, while the loaner is
/// still with them.
const STILL_OUT: Listener = Listener {
    name: "loaners.back_before_handover",
    hears: &[Kind::RepairOrderHandedOver, Kind::RepairOrderCancelled],
    on: still_out,
    prepare: None,
};

fn still_out(_: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let (Event::RepairOrderHandedOver { repair_order } | Event::RepairOrderCancelled { repair_order }) = event else {
        return Ok(());
    };
    match rows::out_of_order(c, repair_order.id)? {
        Some(_) => Err(refused(LoanError::StillOut)),
        None => Ok(()),
    }
}

/// A customer's erasure waits for the loaner to come back; then the driver's name and licence go.
const ERASER: Eraser = Eraser { name: "loaners.loans", holds, erase };

fn holds(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<Option<&'static str>> {
    Ok(rows::has_out(c, e.customer.id)?.then_some("loan-still-out"))
}

fn erase(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<()> {
    Ok(rows::erase_personal(c, e.customer.id, ERASED)?)
}

/// What loaner cars add to the application (in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "loaners",
    listeners: &[STILL_OUT],
    audit_actions: &[crate::kernel::audit::Action::LoanLent, crate::kernel::audit::Action::LoanReturned],
    erasers: &[ERASER],
    ..crate::kernel::registry::Capability::named("loaners")
};
