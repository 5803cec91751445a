//! Reminders (保养/年检/续保提醒): the job `care.service_reminders` finds the cars whose next
//! service, inspection or insurance renewal falls within the next `LEAD_DAYS`, and tells each
//! owner once through the outbox (the insurance offer only to those who agreed to marketing).
//! A settled repair order fulfils the car's service reminders.

use crate::kernel::notify::{self, Notice, Sent};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDate;
use domain::care::reminders::{self as rules, ReminderKind, ReminderStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, FieldErrors};
use storage::care::reminders::{self as rows, Car, NewReminder};
use storage::{DbConnection, Page, PageRequest};

/// What is due for `car` on `today` by its model's `schedule`: each kind with its day and, for a
/// service, its interval.
fn due(
    car: &Car,
    schedule: rules::Schedule,
    today: NaiveDate,
) -> Vec<(ReminderKind, NaiveDate, Option<rules::Interval>)> {
    let mut out = Vec::new();
    let (kind, day, interval) = rules::next_service(car.owned_since, car.last_visit, schedule.first, schedule.periodic);
    out.push((kind, day, Some(interval)));
    if let Some(day) = car.registered_on.and_then(|r| rules::next_inspection(r, today)) {
        out.push((ReminderKind::Inspection, day, None));
    }
    if let Some(day) = rules::next_anniversary(car.owned_since, today) {
        out.push((ReminderKind::Insurance, day, None));
    }
    out.retain(|(_, day, _)| rules::in_window(*day, today));
    out
}

/// The job's round: every store's cars, each reminder once. Returns the reminders made.
pub fn remind(app: &App) -> AppResult<usize> {
    let now = app.now();
    let stores = app.db.read(|c| Ok::<_, AppError>(storage::care::callbacks::stores_with_cars(c)?))?;
    let schedules = app.db.read(|c| Ok::<_, AppError>(storage::care::intervals::all(c)?))?;
    let mut made = 0;
    for store_id in stores {
        let (today, cars) = app.db.read(|c| {
            let today = crate::kernel::calendar::day(c, now, store_id)?;
            Ok::<_, AppError>((today, rows::cars(c, store_id)?))
        })?;
        for car in cars {
            let schedule = car.model_id.and_then(|m| schedules.get(&m).copied()).unwrap_or(rules::DEFAULT_SCHEDULE);
            for (kind, day, interval) in due(&car, schedule, today) {
                made += app.db.write(|c| send(app, c, store_id, &car, (kind, day, interval)))?;
            }
        }
    }
    Ok(made)
}

fn send(
    app: &App,
    c: &mut DbConnection,
    store_id: i64,
    car: &Car,
    (kind, day, interval): (ReminderKind, NaiveDate, Option<rules::Interval>),
) -> AppResult<usize> {
    if rows::exists(c, car.customer_vehicle_id, kind, day)? {
        return Ok(0);
    }
    let store = storage::org::get_store(c, store_id)?;
    let Some(customer) = storage::customers::by_ids(c, store_id, &[car.customer_id])?.pop() else { return Ok(0) };
    let key = match kind {
        ReminderKind::FirstService => "mail-reminder-first-service",
        ReminderKind::Periodic => "mail-reminder-periodic",
        ReminderKind::Inspection => "mail-reminder-inspection",
        ReminderKind::Insurance => "mail-reminder-insurance",
    };
    let car_name = car.plate.clone().unwrap_or_else(|| car.vin.clone());
    let mut notice = if kind.is_marketing() { Notice::marketing(key) } else { Notice::new(key) };
    notice = notice.arg("customer", &customer.name).arg("car", &car_name).arg("store", &store.name).arg("day", day);
    if let Some(i) = interval {
        // A service is booked by the customer on the link (the inspection and insurance are not
        // the workshop's).
        let link =
            crate::kernel::links::booking_url(app, car.customer_vehicle_id, domain::ids::CustomerId(car.customer_id));
        notice = notice.arg("months", i.months).arg("km", i.km).arg("link", link);
    }
    let (status, note) = if kind.is_marketing() {
        match notify::send_marketing(app, c, &customer, &notice)? {
            Ok(()) => (ReminderStatus::Sent, "email".to_string()),
            Err(notify::NotSent::NoConsent) => (ReminderStatus::NotSent, "no_consent".to_string()),
            Err(notify::NotSent::NoAddress) => (ReminderStatus::NotSent, "no_address".to_string()),
        }
    } else {
        match notify::to_customer(
            app,
            c,
            store_id,
            (Some(customer.mobile.as_str()), customer.email.as_deref()),
            &notice,
        )? {
            Sent::Sms(_) => (ReminderStatus::Sent, "sms".to_string()),
            Sent::Email(_) => (ReminderStatus::Sent, "email".to_string()),
            Sent::Nothing => (ReminderStatus::NotSent, "no_address".to_string()),
        }
    };
    let new = NewReminder {
        store_id,
        customer_id: car.customer_id,
        customer_vehicle_id: car.customer_vehicle_id,
        kind,
        due_on: day,
        status,
        note: &note,
    };
    rows::insert(c, &new, app.now())?;
    Ok(1)
}

/// A reminder as the list shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Reminder {
    pub id: i64,
    /// first_service | periodic | inspection | insurance
    #[schema(value_type = String)]
    pub kind: ReminderKind,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_vehicle_id: i64,
    pub plate: Option<String>,
    pub vin: String,
    pub due_on: NaiveDate,
    /// sent | not_sent | done
    #[schema(value_type = String)]
    pub status: ReminderStatus,
    /// How it went (`sms`, `email`) or why not (`no_consent`, `no_address`).
    pub note: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String)]
    pub sent_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ReminderQuery {
    /// first_service | periodic | inspection | insurance
    pub kind: Option<String>,
    /// sent | not_sent | done
    pub status: Option<String>,
    /// A customer's name, a plate or a VIN (part).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ReminderQuery {
    pub fn parse(&self) -> Result<rows::Filter, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match self.kind.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            k => ReminderKind::from_code(k).or_else(|| {
                e.add("kind", "value-unknown");
                None
            }),
        };
        let status = match self.status.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            s => ReminderStatus::from_code(s).or_else(|| {
                e.add("status", "value-unknown");
                None
            }),
        };
        e.into_result()?;
        Ok(rows::Filter { kind, status, q: self.q.clone() })
    }
}

/// The store's reminders (`care_read`), the soonest due first.
pub fn list(app: &App, actor: &Actor, f: &rows::Filter, page: PageRequest) -> AppResult<Page<Reminder>> {
    require(actor, Permission::CareRead)?;
    app.db.read(|c| {
        let p = rows::list(c, actor.store_id.0, f, page)?;
        Ok(Page {
            items: p
                .items
                .into_iter()
                .map(|l| Reminder {
                    id: l.reminder.id,
                    kind: l.reminder.kind,
                    customer_id: l.reminder.customer_id,
                    customer_name: l.customer_name,
                    customer_vehicle_id: l.reminder.customer_vehicle_id,
                    plate: l.plate,
                    vin: l.vin,
                    due_on: l.reminder.due_on,
                    status: l.reminder.status,
                    note: l.reminder.note,
                    sent_at: l.reminder.created_at,
                })
                .collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        })
    })
}
