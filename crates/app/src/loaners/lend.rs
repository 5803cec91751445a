//! Lending a loaner car against a repair order and taking it back.

use super::{Loan, customer_name, order_of, refused, view};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::ident::ResidentId;
use domain::ids::{LoanId, StoreId, VehicleId};
use domain::loaners::{LoanError, LoanStatus, came_back, due_on, licence_valid};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::loans::{self as rows, NewLoan, Returned};

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LendInput {
    /// A loaner car of the store, at the store.
    pub vehicle_id: Option<i64>,
    /// Who drives it (the customer, or whom they send).
    pub driver_name: String,
    /// The driving licence number (the holder's 18-character ID number).
    pub licence_no: String,
    pub licence_expires_on: Option<NaiveDate>,
    /// The odometer as the car leaves.
    pub km: Option<i64>,
    /// Fuel or charge level as the car leaves, 0 to 100 %.
    pub fuel_percent: Option<i64>,
    /// The day the car is due back: today up to 30 days ahead (the store's calendar).
    pub due_on: Option<NaiveDate>,
}

struct Checked {
    vehicle_id: i64,
    driver_name: String,
    licence: ResidentId,
    expires: NaiveDate,
    km: i64,
    fuel: i32,
    due: NaiveDate,
}

fn km_of(km: Option<i64>) -> Option<i64> {
    km.filter(|k| (0..=2_000_000).contains(k))
}

fn fuel_of(p: Option<i64>) -> Option<i32> {
    p.and_then(|p| domain::service::fuel_level(p).ok())
}

fn check(input: &LendInput, today: NaiveDate) -> AppResult<Checked> {
    let mut e = FieldErrors::new();
    if input.vehicle_id.is_none() {
        e.add("vehicle_id", "required");
    }
    let driver_name = e.check("driver_name", domain::text::required(&input.driver_name, 100));
    let licence = e.check("licence_no", ResidentId::parse(&input.licence_no, today));
    let km = km_of(input.km);
    if km.is_none() {
        e.add("km", "loan-km");
    }
    let fuel = fuel_of(input.fuel_percent);
    if fuel.is_none() {
        e.add("fuel_percent", "repair-fuel-level");
    }
    let due = match input.due_on {
        None => {
            e.add("due_on", "required");
            None
        }
        Some(d) => e.check("due_on", due_on(d, today)),
    };
    match (input.licence_expires_on, due) {
        (None, _) => e.add("licence_expires_on", "required"),
        (Some(exp), Some(due)) => {
            if let Err(err) = licence_valid(exp, due) {
                e.add("licence_expires_on", err.code());
            }
        }
        (Some(_), None) => {}
    }
    e.into_result()?;
    match (input.vehicle_id, driver_name, licence, input.licence_expires_on, km, fuel, due) {
        (Some(vehicle_id), Some(driver_name), Some(licence), Some(expires), Some(km), Some(fuel), Some(due)) => {
            Ok(Checked { vehicle_id, driver_name, licence, expires, km, fuel, due })
        }
        _ => Err(AppError::internal("lend input checked")),
    }
}

/// Lends a loaner car of the store to the customer of open repair order `repair_order_id`
/// (`service_write`): the licence valid until the car is due back, the car free, the order
/// without another car out. The same idempotency `key` again returns the first loan.
#[tracing::instrument(name = "loaners", skip_all, fields(use_case = "lend", store = actor.store_id.0, actor = actor.user_id.0, repair_order = repair_order_id))]
pub fn lend(app: &App, actor: &Actor, repair_order_id: i64, input: &LendInput, key: Option<&str>) -> AppResult<Loan> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let key = crate::kernel::idempotency::Key::new(key, "loan", &(repair_order_id, input))?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let ok = check(input, today)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let r = rows::get(c, LoanId(id))?;
            return super::one(c, actor, r, today);
        }
        storage::service::lock(c, repair_order_id)?;
        let order = order_of(c, actor, repair_order_id)?;
        if !order.status.is_open() {
            return Err(refused(LoanError::OrderClosed));
        }
        if !rows::fleet(c, StoreId(order.store_id))?.iter().any(|(id, _, _)| *id == ok.vehicle_id) {
            return Err(AppError::field("vehicle_id", LoanError::NotALoaner.code()));
        }
        rows::lock_car(c, VehicleId(ok.vehicle_id))?;
        if rows::out_of_order(c, order.id)?.is_some() {
            return Err(refused(LoanError::OrderHasLoan));
        }
        if rows::out(c, StoreId(order.store_id))?.iter().any(|l| l.vehicle_id == ok.vehicle_id) {
            return Err(refused(LoanError::CarOut));
        }
        let sealed = app.secrets.encrypt(ok.licence.as_str());
        let n = NewLoan {
            store_id: order.store_id,
            repair_order_id: order.id,
            customer_id: order.customer_id,
            vehicle_id: ok.vehicle_id,
            driver_name: &ok.driver_name,
            licence_enc: &sealed,
            licence_tail: ok.licence.tail(),
            licence_expires_on: ok.expires,
            out_km: ok.km,
            out_fuel: ok.fuel,
            due_on: ok.due,
            lent_by: actor.user_id.0,
            now,
        };
        // Two desks lending the same car at once: the index takes one, the other is told.
        let id = match rows::insert(c, &n) {
            Err(storage::StorageError::Duplicate(_)) => return Err(refused(LoanError::CarOut)),
            other => other?,
        };
        let car = storage::inventory::vehicles::label(c, actor.group_id, VehicleId(ok.vehicle_id))?;
        let changes = Changes::new()
            .created("repair_order", &order.number)
            .created("car", &car)
            .created("driver", &ok.driver_name)
            .created("licence", format!("****{}", ok.licence.tail()))
            .created("out_km", ok.km)
            .created("out_fuel_percent", ok.fuel)
            .created("due_on", ok.due);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LoanLent, entity_id: id.0, store_id: Some(order.store_id), changes },
        )?;
        storage::service::record(c, order.id, "loaner_lent", &car, Some(actor.user_id.0), now)?;
        key.remember(c, actor, id.0, now)?;
        let (row, name) = (rows::get(c, id)?, customer_name(c, &order)?);
        view(c, actor, (row, order.number, name), today)
    })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnInput {
    pub version: i64,
    /// The odometer as the car comes back (not less than when it left).
    pub km: Option<i64>,
    /// Fuel or charge level as it comes back, 0 to 100 %.
    pub fuel_percent: Option<i64>,
    /// Scratches, a warning light, what the customer said.
    pub note: String,
}

/// The loaner is back (`service_write`): the odometer, the fuel or charge level and a note.
#[tracing::instrument(name = "loaners", skip_all, fields(use_case = "give_back", store = actor.store_id.0, actor = actor.user_id.0, loan = id.0))]
pub fn give_back(app: &App, actor: &Actor, id: LoanId, input: &ReturnInput) -> AppResult<Loan> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let mut e = FieldErrors::new();
    let km = km_of(input.km);
    if km.is_none() {
        e.add("km", "loan-km");
    }
    let fuel = fuel_of(input.fuel_percent);
    if fuel.is_none() {
        e.add("fuel_percent", "repair-fuel-level");
    }
    let note = e.check("note", domain::text::optional(&input.note, 1000)).flatten().unwrap_or_default();
    e.into_result()?;
    let (km, fuel) = km.zip(fuel).ok_or_else(|| AppError::internal("return input checked"))?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let r = rows::get(c, id).map_err(|e| match e {
            storage::StorageError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
        rows::lock_car(c, VehicleId(r.vehicle_id))?;
        let order = order_of(c, actor, r.repair_order_id)?;
        let r = rows::get(c, id)?;
        if r.version != input.version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        if r.status != LoanStatus::Out {
            return Err(refused(LoanError::Returned));
        }
        let (driven, used) =
            came_back((r.out_km, r.out_fuel), (km, fuel)).map_err(|err| AppError::field("km", err.code()))?;
        rows::give_back(c, &r, &Returned { km, fuel, note: &note, by: actor.user_id.0, now })?;
        let changes = Changes::new()
            .field("status", r.status.code(), LoanStatus::Returned.code())
            .created("return_km", km)
            .created("return_fuel_percent", fuel)
            .created("driven_km", driven)
            .created("fuel_used_percent", used)
            .created("note", &note);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LoanReturned, entity_id: r.id, store_id: Some(r.store_id), changes },
        )?;
        let car = storage::inventory::vehicles::label(c, actor.group_id, VehicleId(r.vehicle_id))?;
        storage::service::record(
            c,
            order.id,
            "loaner_returned",
            &format!("{car} · {driven} km"),
            Some(actor.user_id.0),
            now,
        )?;
        let (row, name) = (rows::get(c, id)?, customer_name(c, &order)?);
        view(c, actor, (row, order.number, name), today)
    })
}
