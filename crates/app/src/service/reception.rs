//! Reception (接车): the car found among the customer's vehicles (by plate or VIN, added there
//! first if it was bought elsewhere), its mileage and fuel or charge level, the customer's
//! complaints in their words and the walk-around. The 三包 clocks start from the invoice date of
//! a car sold here, or from the one on the customer's papers.

use super::views::{RepairOrder, view};
use super::{State, log};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{FieldErrors, Money};

/// The labour rate until the store sets its own: 180 元 per standard hour.
pub const STANDARD_RATE: Money = Money::from_fen(18_000);

/// A car received at the desk.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReceptionInput {
    /// The customer's car (`GET /api/v1/customer-vehicles?q=` finds it by plate or VIN).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub customer_vehicle_id: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub mileage_km: String,
    /// Fuel or charge level, 0 to 100 %.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub fuel_percent: String,
    /// What the customer says is wrong, in their words.
    pub complaints: String,
    /// The walk-around: scratches, dents, belongings left in the car.
    pub walkaround: String,
    /// When the car is promised back, `YYYY-MM-DDTHH:MM` in the store's time; blank: not yet.
    pub promised_at: String,
    /// A car bought elsewhere: the invoice date on its 三包 card (`YYYY-MM-DD`), from which the
    /// 三包 clocks run. Ignored for a car sold here (the handover's is used).
    pub invoice_date: String,
    /// The appointment the car came for, if it was booked: it is marked arrived with this
    /// repair order.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub appointment_id: String,
}

struct Checked {
    vehicle_id: i64,
    mileage_km: i64,
    fuel_percent: i32,
    complaints: String,
    walkaround: String,
    promised_local: Option<NaiveDateTime>,
    invoice_date: Option<NaiveDate>,
}

fn check(input: &ReceptionInput, today: NaiveDate) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let vehicle_id = input.customer_vehicle_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
    if vehicle_id.is_none() {
        e.add("customer_vehicle_id", "repair-vehicle-required");
    }
    let mileage_km = match input.mileage_km.trim().parse::<i64>() {
        Ok(km) => e.check("mileage_km", domain::service::mileage(km, None)),
        Err(_) => {
            e.add("mileage_km", "mileage-invalid");
            None
        }
    };
    let fuel_percent = match input.fuel_percent.trim().parse::<i64>() {
        Ok(p) => e.check("fuel_percent", domain::service::fuel_level(p)),
        Err(_) => {
            e.add("fuel_percent", "repair-fuel-level");
            None
        }
    };
    let complaints = e.check("complaints", domain::text::required(&input.complaints, 1000));
    let walkaround =
        e.check("walkaround", domain::text::optional(&input.walkaround, 1000)).flatten().unwrap_or_default();
    let promised_local = match input.promised_at.trim() {
        "" => None,
        s => match NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
            Ok(t) if t.date() >= today => Some(t),
            Ok(_) => {
                e.add("promised_at", "date-in-past");
                None
            }
            Err(_) => {
                e.add("promised_at", "date-invalid");
                None
            }
        },
    };
    let invoice_date = match input.invoice_date.trim() {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if d <= today => Some(d),
            Ok(_) => {
                e.add("invoice_date", "date-in-future");
                None
            }
            Err(_) => {
                e.add("invoice_date", "date-invalid");
                None
            }
        },
    };
    e.into_result()?;
    Ok(Checked {
        vehicle_id: vehicle_id.expect("checked"),
        mileage_km: mileage_km.expect("checked"),
        fuel_percent: fuel_percent.expect("checked"),
        complaints: complaints.expect("checked"),
        walkaround,
        promised_local,
        invoice_date,
    })
}

/// Receives a customer's car (`service_write`): a new repair order, numbered per store and day,
/// owned by the receiving advisor. The mileage may not be below the car's last one here.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "receive", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn receive(app: &App, actor: &Actor, input: &ReceptionInput, key: Option<&str>) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let key = crate::kernel::idempotency::Key::new(key, "repair_order", input)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let r = check(input, today)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return super::views::reload(app, c, actor, id);
        }
        let car = storage::customers::vehicles::get(c, r.vehicle_id)
            .map_err(|_| AppError::field("customer_vehicle_id", "repair-vehicle-unknown"))?;
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, car.customer_id)
            .map_err(|_| AppError::field("customer_vehicle_id", "repair-vehicle-unknown"))?;
        if car.owned_until.is_some() || customer.store_id != actor.store_id.0 {
            return Err(AppError::field("customer_vehicle_id", "repair-vehicle-unknown"));
        }
        if customer.anonymised_at.is_some() {
            return Err(AppError::field("customer_vehicle_id", "customer-anonymised"));
        }
        let last = storage::service::history::of_vin(c, car.store_id, &car.vin, 1)?.pop();
        let floor = last.as_ref().map(|l| l.mileage_km).into_iter().chain(car.mileage_km).max();
        domain::service::mileage(r.mileage_km, floor)
            .map_err(|e| AppError::field("mileage_km", domain::error::ErrorCode::code(&e)))?;
        if last.as_ref().is_some_and(|l| l.status.is_open()) {
            return Err(AppError::field("customer_vehicle_id", "repair-vehicle-in-shop"));
        }
        let sold_here = match car.vehicle_id {
            Some(v) => storage::delivery::warranty_of_vehicle(c, v)?,
            None => None,
        };
        let (warranty_from, km_at_start) = match (sold_here, r.invoice_date) {
            (Some((from, km)), _) => (Some(from), km),
            (None, Some(d)) => (Some(d), 0),
            (None, None) => (last.as_ref().and_then(|l| l.warranty_from), last.as_ref().map_or(0, |l| l.km_at_start)),
        };
        let tz = crate::kernel::calendar::zone(c, car.store_id)?;
        let promised_at = r.promised_local.and_then(|t| tz.from_local_datetime(&t).earliest()).map(|t| t.naive_utc());
        let seq = storage::service::next_seq(c, car.store_id, today)?;
        let store = storage::org::get_store(c, car.store_id)?;
        let number = domain::service::number(&store.code, today, seq);
        let row = storage::service::insert(
            c,
            &storage::service::NewRepairOrder {
                store_id: car.store_id,
                number: &number,
                customer_id: car.customer_id,
                customer_vehicle_id: car.id,
                vin: &car.vin,
                plate: car.plate.as_deref(),
                owner_id: actor.user_id.0,
                mileage_km: r.mileage_km,
                fuel_percent: r.fuel_percent,
                complaints: &r.complaints,
                walkaround: &r.walkaround,
                warranty_from,
                km_at_start,
                promised_at,
                received_on: today,
                now,
            },
        )?;
        key.remember(c, actor, row.id, now)?;
        if let Ok(appointment) = input.appointment_id.trim().parse::<i64>() {
            super::appointments::arrived(c, actor, appointment, &row, now)?;
        }
        let note = format!("{} · {} km", car.plate.as_deref().unwrap_or(&car.vin), r.mileage_km);
        let changes = Changes::new()
            .created("number", &row.number)
            .created("vin", &row.vin)
            .created("mileage_km", row.mileage_km)
            .created("fuel_percent", row.fuel_percent)
            .created("complaints", &row.complaints)
            .created_if("warranty_from", row.warranty_from);
        log(c, now, actor, &row, (Action::RepairOrderReceived, "received"), &note, changes)?;
        let s = State::of(c, row)?;
        view(c, actor, s, today)
    })
}

/// The store's labour rate per standard hour.
pub fn labour_rate(app: &App, actor: &Actor) -> AppResult<Money> {
    if !actor.can(Permission::ServiceRead) {
        require(actor, Permission::ServiceSettingsManage)?;
    }
    app.db.read(|c| rate_of(c, actor.store_id.0))
}

pub(crate) fn rate_of(c: &mut storage::DbConnection, store_id: i64) -> AppResult<Money> {
    Ok(storage::service::labour_rate(c, store_id)?.map_or(STANDARD_RATE, Money::from_fen))
}

/// Sets the store's labour rate in yuan (`service_settings_manage`: the store's administrator or
/// general manager); lines already on repair orders keep theirs.
pub fn set_labour_rate(app: &App, actor: &Actor, rate: &str) -> AppResult<Money> {
    let now = app.now();
    require(actor, Permission::ServiceSettingsManage)?;
    let rate = Money::parse_yuan(rate).map_err(|e| AppError::field("rate", domain::error::ErrorCode::code(&e)))?;
    if rate.fen() <= 0 || rate.fen() > 10_000_000 {
        return Err(AppError::field("rate", "repair-rate-out-of-range"));
    }
    app.db.write(|c| {
        let before = rate_of(c, actor.store_id.0)?;
        storage::service::set_labour_rate(c, actor.store_id, rate.fen(), actor.user_id, now)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::LabourRateSet,
                entity_id: actor.store_id.0,
                store_id: Some(actor.store_id.0),
                changes: Changes::new().field("labour_rate_fen", before.fen(), rate.fen()),
            },
        )?;
        Ok(rate)
    })
}
