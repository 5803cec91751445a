//! Booking by the customer, on the link in a service reminder (`kernel::links::booking_url`):
//! the next two weeks' free slots of the store that serves the car, and the booking itself, by
//! the same rules and under the same lock as the desk's (`appointments::place_in`). The car is
//! received by the advisor of its last visit (or the store's first advisor), who is told.

use super::appointments::{AppointmentInput, board, check, place_in};
use super::refused;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{Notice, to_staff};
use crate::{App, AppError, AppResult};
use chrono::NaiveDate;
use domain::rbac::Permission;
use domain::service::appointments::{self as rules, BookingSource};
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::customers::vehicles::CustomerVehicleRow;

/// Days offered from today.
pub const DAYS_AHEAD: u64 = 14;

/// A day with the slots still free.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BookingDay {
    pub day: NaiveDate,
    pub slots: Vec<String>,
}

/// What the customer's booking page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BookingPage {
    pub store_name: String,
    pub customer_name: String,
    /// The plate, or the VIN of a car without one.
    pub car: String,
    pub description: String,
    pub days: Vec<BookingDay>,
    /// The visit already booked for the car: day and slot.
    pub booked: Option<(NaiveDate, String)>,
}

/// What the customer picks.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SelfBookingInput {
    pub day: String,
    pub starts_at: String,
    pub requested_work: String,
    pub mileage_km: String,
}

/// The car and its customer of a valid link, while the car is still theirs.
fn of(app: &App, c: &mut DbConnection, token: &str) -> AppResult<(CustomerVehicleRow, CustomerRow)> {
    let (car_id, customer) = crate::kernel::links::booking_of(app, token)?;
    let car = storage::customers::vehicles::get(c, car_id).map_err(|_| AppError::NotFound)?;
    let owner = storage::customers::by_ids(c, car.store_id, &[customer.0])?.pop();
    match owner {
        Some(k) if car.customer_id == k.id && car.owned_until.is_none() && k.anonymised_at.is_none() => Ok((car, k)),
        _ => Err(AppError::field("link", "booking-link-revoked")),
    }
}

fn page(
    c: &mut DbConnection,
    car: &CustomerVehicleRow,
    customer: &CustomerRow,
    now: chrono::NaiveDateTime,
) -> AppResult<BookingPage> {
    let store = storage::org::get_store(c, car.store_id)?;
    let tz = crate::kernel::calendar::zone(c, store.id)?;
    let local_now = now.and_utc().with_timezone(&tz).naive_local();
    let today = local_now.date();
    let mut days = Vec::new();
    for d in 0..DAYS_AHEAD {
        let day = today + chrono::Days::new(d);
        let b = board(c, store.id, day)?;
        if b.booked_hours_x100 + 100 > b.capacity_hours_x100 {
            continue;
        }
        let slots: Vec<String> = b
            .slots
            .into_iter()
            .filter(|s| s.free > 0)
            .filter(|s| rules::slot(&s.starts_at).is_ok_and(|t| rules::bookable(day, t, local_now).is_ok()))
            .map(|s| s.starts_at)
            .collect();
        if !slots.is_empty() {
            days.push(BookingDay { day, slots });
        }
    }
    let booked = storage::service::appointments::upcoming_of_vehicle(c, car.id, today)?.map(|a| (a.day, a.starts_at));
    Ok(BookingPage {
        store_name: store.name,
        customer_name: customer.name.clone(),
        car: car.plate.clone().unwrap_or_else(|| car.vin.clone()),
        description: car.description.clone(),
        days,
        booked,
    })
}

/// The booking page of a reminder's link.
pub fn booking_page(app: &App, token: &str) -> AppResult<BookingPage> {
    let now = app.now();
    app.db.read(|c| {
        let (car, customer) = of(app, c, token)?;
        page(c, &car, &customer, now)
    })
}

/// Who receives a car the customer booked: the advisor of its last visit if still at the desk,
/// else the store's first service advisor (else anyone who receives cars).
fn advisor(c: &mut DbConnection, car: &CustomerVehicleRow) -> AppResult<storage::users::UserRow> {
    let desk: Vec<_> = storage::users::list_for_store(c, car.store_id)?
        .into_iter()
        .filter(|u| u.active && u.role.has(Permission::ServiceWrite))
        .collect();
    let last = storage::service::history::of_vin(c, car.store_id, &car.vin, 1)?.pop().map(|r| r.owner_id);
    let found = desk
        .iter()
        .find(|u| Some(u.id) == last)
        .or_else(|| desk.iter().find(|u| u.role == domain::rbac::Role::ServiceAdvisor))
        .or_else(|| desk.first())
        .cloned();
    found.ok_or_else(|| refused("appointment-no-advisor"))
}

/// Books the customer's visit from their link: one booked visit per car at a time; the advisor
/// who will receive the car is told. Answers with the page, the visit booked.
pub fn book_by_link(app: &App, token: &str, input: &SelfBookingInput) -> AppResult<BookingPage> {
    let now = app.now();
    let typed = AppointmentInput {
        customer_vehicle_id: String::new(),
        day: input.day.clone(),
        starts_at: input.starts_at.clone(),
        requested_work: input.requested_work.clone(),
        hours: String::new(),
        mileage_km: input.mileage_km.clone(),
    };
    app.db.write(|c| {
        let (car, customer) = of(app, c, token)?;
        let k = check(&AppointmentInput { customer_vehicle_id: car.id.to_string(), ..typed.clone() })?;
        let today = crate::kernel::calendar::day(c, now, car.store_id)?;
        if storage::service::appointments::upcoming_of_vehicle(c, car.id, today)?.is_some() {
            return Err(refused("appointment-already-booked"));
        }
        let advisor = advisor(c, &car)?;
        let row = place_in(c, (&car, car.store_id), &k, (BookingSource::Customer, advisor.id, None), now)?;
        let store = storage::org::get_store(c, car.store_id)?;
        let changes = Changes::new()
            .created("day", row.day.to_string())
            .created("starts_at", &row.starts_at)
            .created("customer_vehicle_id", row.customer_vehicle_id)
            .created("requested_work", &row.requested_work)
            .created("source", row.source.code());
        let event = Record { action: Action::AppointmentBooked, entity_id: row.id, store_id: Some(store.id), changes };
        audit::record_customer(c, now, store.group_id, &customer.name, event)?;
        let notice = Notice::new("mail-appointment-by-customer")
            .arg("customer", &customer.name)
            .arg("car", car.plate.clone().unwrap_or_else(|| car.vin.clone()))
            .arg("day", row.day)
            .arg("time", &row.starts_at)
            .arg("work", &row.requested_work)
            .arg("link", format!("{}/service/appointments?day={}", app.messages.public_url, row.day));
        to_staff(app, c, &advisor, &notice)?;
        page(c, &car, &customer, now)
    })
}
