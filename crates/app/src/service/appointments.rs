//! Appointments (预约): the front desk (or an integrator through the API) books a customer's car
//! into a slot of the workshop's day; the day's board shows every slot with its bays; the car's
//! arrival opens its repair order from the appointment; the day before, the customer is
//! reminded. A slot holds as many cars as the store has bays, a day the hours its technicians
//! can work: decided under the store's lock, and the bay kept unique by the database.

use super::refused;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::appointments::{self as rules, AppointmentStatus, BookingSource};
use storage::DbConnection;
use storage::service::appointments::{AppointmentRow, DayRow};

/// A booking as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AppointmentInput {
    /// The customer's car (`GET /api/v1/customer-vehicles?q=` finds it by plate or VIN).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub customer_vehicle_id: String,
    /// The store's day, `YYYY-MM-DD`.
    pub day: String,
    /// The slot, `HH:MM` (every half hour from 08:30 to 16:30).
    pub starts_at: String,
    /// What the customer asks for, in their words.
    pub requested_work: String,
    /// The standard hours it is expected to take, such as `1.5` (1 when blank).
    pub hours: String,
    /// The odometer as the customer says, if they said.
    pub mileage_km: String,
}

/// An appointment with its customer and car.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Appointment {
    pub id: i64,
    pub day: NaiveDate,
    pub starts_at: String,
    pub bay: i32,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_vehicle_id: i64,
    pub plate: Option<String>,
    pub vin: String,
    pub description: String,
    pub requested_work: String,
    pub hours_x100: i32,
    pub mileage_km: Option<i64>,
    #[schema(value_type = String)]
    pub status: AppointmentStatus,
    #[schema(value_type = String)]
    pub source: BookingSource,
    pub repair_order_id: Option<i64>,
    pub advisor_id: i64,
    pub cancel_reason: String,
    pub version: i64,
}

impl From<DayRow> for Appointment {
    fn from(r: DayRow) -> Self {
        let a = r.appointment;
        Appointment {
            id: a.id,
            day: a.day,
            starts_at: a.starts_at,
            bay: a.bay,
            customer_id: a.customer_id,
            customer_name: r.customer_name,
            customer_vehicle_id: a.customer_vehicle_id,
            plate: r.plate,
            vin: r.vin,
            description: r.description,
            requested_work: a.requested_work,
            hours_x100: a.hours_x100,
            mileage_km: a.mileage_km,
            status: a.status,
            source: a.source,
            repair_order_id: a.repair_order_id,
            advisor_id: a.advisor_id,
            cancel_reason: a.cancel_reason,
            version: a.version,
        }
    }
}

/// A slot of the day with the cars in it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Slot {
    pub starts_at: String,
    /// Bays still free.
    pub free: i32,
    pub appointments: Vec<Appointment>,
}

/// The workshop's day: its slots, and the hours booked against what the technicians can work.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DayBoard {
    pub day: NaiveDate,
    pub bays: i32,
    pub booked_hours_x100: i64,
    pub capacity_hours_x100: i64,
    pub slots: Vec<Slot>,
}

fn technicians(c: &mut DbConnection, store_id: i64) -> AppResult<i64> {
    let n = storage::users::list_for_store(c, store_id)?.iter().filter(|u| u.role.has(Permission::ServiceWork)).count();
    Ok(i64::try_from(n).unwrap_or(0))
}

/// The store's day `day`: every slot with its appointments (`service_read`).
pub fn day_board(app: &App, actor: &Actor, day: NaiveDate) -> AppResult<DayBoard> {
    require(actor, Permission::ServiceRead)?;
    app.db.read(|c| board(c, actor.store_id.0, day))
}

pub(super) fn board(c: &mut DbConnection, store_id: i64, day: NaiveDate) -> AppResult<DayBoard> {
    let bays = storage::service::appointments::bays(c, store_id)?;
    let rows = storage::service::appointments::of_day(c, store_id, day, None)?;
    let booked = storage::service::appointments::booked_hours(c, store_id, day)?;
    let capacity = technicians(c, store_id)?.max(1) * rules::TECHNICIAN_HOURS_X100;
    let mut slots: Vec<Slot> = rules::slots()
        .into_iter()
        .map(|t| Slot { starts_at: t.format("%H:%M").to_string(), free: bays, appointments: Vec::new() })
        .collect();
    for r in rows {
        let a = Appointment::from(r);
        if let Some(s) = slots.iter_mut().find(|s| s.starts_at == a.starts_at) {
            if a.status.live() {
                s.free -= 1;
            }
            s.appointments.push(a);
        }
    }
    Ok(DayBoard { day, bays, booked_hours_x100: booked, capacity_hours_x100: capacity, slots })
}

pub(super) struct Checked {
    vehicle_id: i64,
    day: NaiveDate,
    starts_at: chrono::NaiveTime,
    requested_work: String,
    hours_x100: i32,
    mileage_km: Option<i64>,
}

pub(super) fn check(input: &AppointmentInput) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let vehicle_id = input.customer_vehicle_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
    if vehicle_id.is_none() {
        e.add("customer_vehicle_id", "repair-vehicle-required");
    }
    let day = NaiveDate::parse_from_str(input.day.trim(), "%Y-%m-%d").ok();
    if day.is_none() {
        e.add("day", "date-invalid");
    }
    let starts_at = e.check("starts_at", rules::slot(&input.starts_at));
    let requested_work = e.check("requested_work", domain::text::required(&input.requested_work, 500));
    let hours_x100 = match input.hours.trim() {
        "" => Some(100),
        typed => domain::service::jobs::hours(typed).ok().filter(|h| (10..=2400).contains(h)).or_else(|| {
            e.add("hours", "appointment-hours");
            None
        }),
    };
    let mileage_km = match input.mileage_km.trim() {
        "" => None,
        typed => match typed.parse::<i64>().ok().filter(|k| (0..=3_000_000).contains(k)) {
            Some(k) => Some(k),
            None => {
                e.add("mileage_km", "mileage-invalid");
                None
            }
        },
    };
    e.into_result()?;
    Ok(Checked {
        vehicle_id: vehicle_id.expect("checked"),
        day: day.expect("checked"),
        starts_at: starts_at.expect("checked"),
        requested_work: requested_work.expect("checked"),
        hours_x100: hours_x100.expect("checked"),
        mileage_km,
    })
}

fn booking_refused(e: rules::BookingError) -> AppError {
    use rules::BookingError as B;
    match e {
        B::SlotFull | B::DayFull => refused(domain::error::ErrorCode::code(&e)),
        other => AppError::field("starts_at", domain::error::ErrorCode::code(&other)),
    }
}

/// Books a customer's car into a slot (`service_write`); the booker is the advisor who will
/// receive it. The same idempotency `key` again answers with the appointment made the first
/// time.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "book", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn book(
    app: &App,
    actor: &Actor,
    input: &AppointmentInput,
    (source, key): (BookingSource, Option<&str>),
) -> AppResult<Appointment> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let key = crate::kernel::idempotency::Key::new(key, "appointment", input)?;
    let k = check(input)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return one(c, actor, id);
        }
        let car = storage::customers::vehicles::get(c, k.vehicle_id)
            .map_err(|_| AppError::field("customer_vehicle_id", "repair-vehicle-unknown"))?;
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, car.customer_id)
            .map_err(|_| AppError::field("customer_vehicle_id", "repair-vehicle-unknown"))?;
        if car.owned_until.is_some() || customer.store_id != actor.store_id.0 || customer.anonymised_at.is_some() {
            return Err(AppError::field("customer_vehicle_id", "repair-vehicle-unknown"));
        }
        let row = place_in(c, (&car, customer.store_id), &k, (source, actor.user_id.0, Some(actor.user_id.0)), now)?;
        let store = row.store_id;
        key.remember(c, actor, row.id, now)?;
        let changes = Changes::new()
            .created("day", row.day.to_string())
            .created("starts_at", &row.starts_at)
            .created("customer_vehicle_id", row.customer_vehicle_id)
            .created("requested_work", &row.requested_work)
            .created("source", row.source.code());
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::AppointmentBooked, entity_id: row.id, store_id: Some(store), changes },
        )?;
        one(c, actor, row.id)
    })
}

/// Places the car in the slot `k` asks for, under the store's lock: the rules decide on the bays
/// taken and the day's hours, the partial unique index on the bay has the last word.
pub(super) fn place_in(
    c: &mut DbConnection,
    (car, store): (&storage::customers::vehicles::CustomerVehicleRow, i64),
    k: &Checked,
    (source, advisor_id, created_by): (BookingSource, i64, Option<i64>),
    now: chrono::NaiveDateTime,
) -> AppResult<AppointmentRow> {
    let tz = crate::kernel::calendar::zone(c, store)?;
    let local_now = now.and_utc().with_timezone(&tz).naive_local();
    rules::bookable(k.day, k.starts_at, local_now).map_err(booking_refused)?;
    storage::service::appointments::lock_store(c, store)?;
    let slot = k.starts_at.format("%H:%M").to_string();
    let taken = storage::service::appointments::taken_bays(c, store, k.day, &slot)?;
    let bays = storage::service::appointments::bays(c, store)?;
    let booked = storage::service::appointments::booked_hours(c, store, k.day)?;
    let technicians = technicians(c, store)?;
    let bay = rules::place(&taken, bays, (booked, i64::from(k.hours_x100)), technicians).map_err(booking_refused)?;
    let new = storage::service::appointments::NewAppointment {
        store_id: store,
        customer_id: car.customer_id,
        customer_vehicle_id: car.id,
        advisor_id,
        day: k.day,
        starts_at: &slot,
        bay,
        requested_work: &k.requested_work,
        hours_x100: k.hours_x100,
        mileage_km: k.mileage_km,
        source,
        created_by,
    };
    storage::service::appointments::insert(c, &new, now).map_err(|e| match e {
        storage::StorageError::Duplicate(_) => refused("appointment-slot-full"),
        other => other.into(),
    })
}

fn one(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Appointment> {
    let row = load(c, actor, id)?;
    storage::service::appointments::of_day(c, row.store_id, row.day, None)?
        .into_iter()
        .find(|r| r.appointment.id == id)
        .map(Appointment::from)
        .ok_or(AppError::NotFound)
}

fn load(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<AppointmentRow> {
    let row = storage::service::appointments::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    if row.store_id == actor.store_id.0 { Ok(row) } else { Err(AppError::NotFound) }
}

/// Appointment `id` (`service_read`).
pub fn appointment(app: &App, actor: &Actor, id: i64) -> AppResult<Appointment> {
    require(actor, Permission::ServiceRead)?;
    app.db.read(|c| one(c, actor, id))
}

/// Ends a booked appointment (`service_write`): cancelled with the customer's reason, or the
/// car did not come (`no_show`, once its slot has passed).
pub fn close(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    (to, reason): (AppointmentStatus, &str),
) -> AppResult<Appointment> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let reason = match to {
        AppointmentStatus::Cancelled => domain::text::required(reason, 500)
            .map_err(|e| AppError::field("reason", domain::error::ErrorCode::code(&e)))?,
        AppointmentStatus::NoShow => String::new(),
        _ => return Err(refused("appointment-not-booked")),
    };
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        if row.status != AppointmentStatus::Booked {
            return Err(refused("appointment-not-booked"));
        }
        if to == AppointmentStatus::NoShow {
            let tz = crate::kernel::calendar::zone(c, row.store_id)?;
            let local_now = now.and_utc().with_timezone(&tz).naive_local();
            let slot = rules::slot(&row.starts_at).map_err(|_| AppError::internal("a stored slot"))?;
            if row.day.and_time(slot) > local_now {
                return Err(refused("appointment-not-yet"));
            }
        }
        let change = storage::service::appointments::Change {
            status: Some(to),
            cancel_reason: Some(reason.clone()),
            ..Default::default()
        };
        let after = storage::service::appointments::update(c, &row, &change, now)?;
        let changes = Changes::new().field("status", row.status.code(), after.status.code()).created("reason", &reason);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::AppointmentClosed, entity_id: id, store_id: Some(row.store_id), changes },
        )?;
        one(c, actor, id)
    })
}

/// Marks appointment `id` arrived with its repair order, in the reception's write: only a
/// booked appointment of the same car.
pub(crate) fn arrived(
    c: &mut DbConnection,
    actor: &Actor,
    id: i64,
    repair: &storage::service::RepairOrderRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    let row = load(c, actor, id).map_err(|_| AppError::field("appointment_id", "appointment-unknown"))?;
    if row.status != AppointmentStatus::Booked || row.customer_vehicle_id != repair.customer_vehicle_id {
        return Err(AppError::field("appointment_id", "appointment-not-booked"));
    }
    let change = storage::service::appointments::Change {
        status: Some(AppointmentStatus::Arrived),
        repair_order_id: Some(repair.id),
        ..Default::default()
    };
    storage::service::appointments::update(c, &row, &change, now)?;
    Ok(())
}

/// The reminder job: every booked appointment of a store's tomorrow whose customer was not
/// reminded yet is told the day and time (SMS when a gateway is configured, else e-mail).
pub fn remind(app: &App) -> AppResult<usize> {
    let now = app.now();
    let utc_today = now.date();
    let mut sent = 0;
    for offset in 0..=2 {
        let day = utc_today + chrono::Days::new(offset);
        let due = app.db.read(|c| Ok::<_, AppError>(storage::service::appointments::to_remind(c, day)?))?;
        for row in due {
            sent += app.db.write(|c| -> AppResult<usize> {
                let (store_today, store) = crate::kernel::calendar::store_day(c, now, row.store_id)?;
                if row.day != store_today + chrono::Days::new(1) {
                    return Ok(0);
                }
                let customer = storage::customers::by_ids(c, row.store_id, &[row.customer_id])?.pop();
                let Some(customer) = customer.filter(|c| c.anonymised_at.is_none()) else { return Ok(0) };
                let notice = Notice::new("mail-appointment-reminder")
                    .arg("customer", &customer.name)
                    .arg("store", &store.name)
                    .arg("day", row.day.to_string())
                    .arg("time", &row.starts_at)
                    .arg("work", &row.requested_work);
                let contact = (Some(customer.mobile.as_str()), customer.email.as_deref());
                notify::to_customer(app, c, row.store_id, contact, &notice)?;
                let change = storage::service::appointments::Change { reminded_at: Some(now), ..Default::default() };
                storage::service::appointments::update(c, &row, &change, now)?;
                Ok(1)
            })?;
        }
    }
    Ok(sent)
}
