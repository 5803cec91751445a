//! The delivery calendar: the store's delivery hours and bays, the handovers booked in them, and
//! booking one, by staff on the order page or by the buyer on their page. A new booking of an
//! order ends the one before it (`moved`): the history keeps both.

use super::State;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, raise};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::delivery::Blocker;
use domain::delivery::slots::{BookingStatus, Hours, SlotError, parse_time, time_of};
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::delivery::calendar::{self as rows, BookingRow, NewBooking};

/// A booking as the order page, the buyer and the calendar show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Booking {
    pub day: NaiveDate,
    /// `HH:MM`, the store's wall clock.
    pub start: String,
    pub bay: i32,
    /// booked | moved | cancelled | done
    #[schema(value_type = String)]
    pub status: BookingStatus,
    /// Booked by the buyer on their page (else by staff).
    pub by_customer: bool,
}

impl From<&BookingRow> for Booking {
    fn from(r: &BookingRow) -> Self {
        Booking {
            day: r.day,
            start: time_of(r.start_min).format("%H:%M").to_string(),
            bay: r.bay,
            status: r.status,
            by_customer: r.booked_by.is_none(),
        }
    }
}

/// One slot of a day: its start and how many bays are still free.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Slot {
    pub start: String,
    pub free: i32,
}

/// What a booking form posts: the day and the slot's start.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BookingInput {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM`, one of the store's slots.
    pub start: String,
    pub note: String,
}

/// The store's hours (the defaults until its administrator sets them) and their version.
pub(crate) fn hours(c: &mut DbConnection, store_id: i64) -> AppResult<(Hours, i64)> {
    Ok(rows::hours_of(c, store_id)?.unwrap_or((Hours::default(), 0)))
}

/// The free bays of each slot of `day` in the store.
pub(crate) fn slots_of(c: &mut DbConnection, store_id: i64, day: NaiveDate) -> AppResult<Vec<Slot>> {
    let (h, _) = hours(c, store_id)?;
    let load = rows::day_load(c, store_id, day)?;
    Ok(h.starts()
        .into_iter()
        .map(|s| {
            let taken = load.iter().find(|(start, _)| *start == s).map_or(0, |(_, n)| *n) as i32;
            Slot { start: time_of(s).format("%H:%M").to_string(), free: (h.bays - taken).max(0) }
        })
        .collect())
}

fn parse(input: &BookingInput) -> Result<(NaiveDate, i32, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let day = NaiveDate::parse_from_str(input.day.trim(), "%Y-%m-%d").ok();
    if day.is_none() {
        e.add("day", "date-invalid");
    }
    let start = parse_time(&input.start);
    if start.is_none() {
        e.add("start", "delivery-slot-outside-hours");
    }
    let note = e.check("note", domain::text::optional(&input.note, 200)).flatten().unwrap_or_default();
    e.into_result()?;
    Ok((day.expect("checked"), start.expect("checked"), note))
}

/// Whether the order can be booked for its handover: open, not delivered, with its car.
fn bookable(s: &State) -> AppResult<()> {
    if let Some(b) = s.blockers().into_iter().find(|b| matches!(b, Blocker::Delivered | Blocker::OrderNotOpen)) {
        return Err(AppError::Conflict(Conflict::Refused { code: super::inspection::refusal(b) }));
    }
    if s.vehicle.is_none() {
        return Err(AppError::Conflict(Conflict::Refused { code: "delivery-no-vehicle" }));
    }
    Ok(())
}

/// Books `slot` for the order in the caller's transaction, ending the booking before it. `by`:
/// the staff member, or the buyer (`None`).
fn book_in(
    app: &App,
    c: &mut DbConnection,
    s: &State,
    (day, start_min, note): (NaiveDate, i32, &str),
    by: By<'_>,
) -> AppResult<Booking> {
    let now = app.now();
    let store = s.order.store_id;
    rows::lock_store(c, store)?;
    let (h, _) = hours(c, store)?;
    let wall = crate::kernel::calendar::zone(c, store)?;
    let local = chrono::TimeZone::from_utc_datetime(&wall, &now).naive_local();
    let taken = rows::taken_bays(c, store, day, start_min)?;
    let slot_error = |e: SlotError| {
        AppError::field(if e == SlotError::Past || e == SlotError::TooFar { "day" } else { "start" }, e.code())
    };
    let bay = h.book(local, day, start_min, &taken).map_err(slot_error)?;
    let before = rows::of_order(c, s.order.id)?.into_iter().find(|b| b.status == BookingStatus::Booked);
    if before.as_ref().is_some_and(|b| b.day == day && b.start_min == start_min) {
        return Ok(before.as_ref().expect("found").into());
    }
    rows::end(c, s.order.id, BookingStatus::Moved, now)?;
    let booked_by = match by {
        By::Staff(a) => Some(a.user_id.0),
        By::Customer(_) => None,
    };
    let row = rows::insert(
        c,
        &NewBooking { store_id: store, order_id: s.order.id, day, start_min, bay, booked_by, note, now },
    )
    .map_err(|e| match e {
        // Somebody took the last bay (or booked this order) since it was read.
        storage::StorageError::Duplicate(_) => AppError::field("start", "delivery-slot-full"),
        other => other.into(),
    })?;
    let booking = Booking::from(&row);
    let when = format!("{} {}", booking.day, booking.start);
    let changes = Changes::new()
        .field(
            "delivery_slot",
            before.as_ref().map(|b| format!("{} {}", b.day, time_of(b.start_min).format("%H:%M"))),
            Some(when.clone()),
        )
        .field("bay", before.as_ref().map(|b| b.bay), Some(row.bay));
    let record = Record { action: Action::OrderDeliveryBooked, entity_id: s.order.id, store_id: Some(store), changes };
    match by {
        By::Staff(a) => audit::record(c, now, a, record)?,
        By::Customer(name) => {
            let group = storage::org::get_store(c, store)?.group_id;
            audit::record_customer(c, now, group, name, record)?
        }
    }
    let step = if before.is_some() { "delivery_moved" } else { "delivery_booked" };
    raise(app, c, now, by, Event::DeliveryBooked { order: &s.order, step, note: &when })?;
    tell(app, c, s, &booking, before.is_some(), by)?;
    Ok(booking)
}

/// The buyer hears of a booking staff made or moved; the advisor of one the buyer made.
fn tell(app: &App, c: &mut DbConnection, s: &State, b: &Booking, moved: bool, by: By<'_>) -> AppResult<()> {
    let store = storage::org::get_store(c, s.order.store_id)?;
    let key = if moved { "mail-delivery-moved" } else { "mail-delivery-booked" };
    let notice = Notice::new(key)
        .arg("order", &s.order.order_no)
        .arg("store", &store.name)
        .arg("day", b.day)
        .arg("start", &b.start)
        .arg(
            "link",
            crate::kernel::links::customer_url(
                app,
                domain::ids::OrderId(s.order.id),
                domain::ids::CustomerId(s.order.customer_id),
            ),
        );
    match by {
        By::Staff(_) => {
            let whole = storage::scope::Visibility::whole_store(s.order.store_id);
            let k = storage::customers::get_visible(c, &whole, s.order.customer_id)?;
            let notice = notice.arg("customer", &k.name);
            notify::to_customer(app, c, s.order.store_id, (Some(&k.mobile), k.email.as_deref()), &notice)?;
        }
        By::Customer(name) => {
            let owner = storage::users::get(c, s.order.owner_id)?;
            let link = format!("{}/orders/{}", app.messages.public_url, s.order.id);
            notify::to_staff(app, c, &owner, &notice.arg("customer", name).arg("staff_link", link))?;
        }
    }
    Ok(())
}

/// Books (or moves) the handover of order `order_id` for the slot (`delivery_hand_over` within
/// the reader's scope); the buyer is told.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "book", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn book(app: &App, actor: &Actor, order_id: i64, input: &BookingInput) -> AppResult<Booking> {
    require(actor, Permission::DeliveryHandOver)?;
    let slot = parse(input)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let s = State::load(c, actor, order_id)?;
        bookable(&s)?;
        book_in(app, c, &s, (slot.0, slot.1, &slot.2), By::Staff(actor))
    })
}

/// The buyer books (or moves) their handover on their page; the advisor is told.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "book_by_link"))]
pub fn book_by_link(app: &App, token: &str, input: &BookingInput) -> AppResult<Booking> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    let slot = parse(input)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let s = State::load_by_link(c, order_id)?;
        bookable(&s)?;
        let whole = storage::scope::Visibility::whole_store(s.order.store_id);
        let name = storage::customers::get_visible(c, &whole, s.order.customer_id)?.name;
        book_in(app, c, &s, (slot.0, slot.1, &slot.2), By::Customer(&name))
    })
}

/// The slots of `day` at the store of order `order_id`, with their free bays.
pub fn slots(app: &App, actor: &Actor, order_id: i64, day: NaiveDate) -> AppResult<Vec<Slot>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let order = crate::kernel::scope::order(c, actor, order_id)?;
        slots_of(c, order.store_id, day)
    })
}

/// A handover booked, as the calendar lists it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CalendarEntry {
    pub order_id: i64,
    pub order_no: String,
    pub customer_name: String,
    pub advisor: String,
    pub booking: Booking,
    /// What still blocks the handover (empty: ready).
    #[schema(value_type = Vec<String>)]
    pub blockers: Vec<Blocker>,
}

/// The handovers booked from `from` to `to` among the orders the reader sees (`mine`: only
/// their own), by day and time, each with what still blocks it.
pub fn between(app: &App, actor: &Actor, from: NaiveDate, to: NaiveDate, mine: bool) -> AppResult<Vec<CalendarEntry>> {
    require(actor, Permission::OrderRead)?;
    if to < from || (to - from).num_days() > 62 {
        return Err(AppError::field("to", "date-range-invalid"));
    }
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let owner = mine.then_some(actor.user_id.0);
        rows::between(c, &vis, from, to, owner)?
            .into_iter()
            .map(|r| {
                let s = State::load(c, actor, r.booking.order_id)?;
                Ok(CalendarEntry {
                    order_id: r.booking.order_id,
                    order_no: r.order_no,
                    customer_name: r.customer_name,
                    advisor: r.owner_name,
                    booking: Booking::from(&r.booking),
                    blockers: s.blockers(),
                })
            })
            .collect()
    })
}

/// The store's delivery hours as its administrator keeps them.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HoursInput {
    /// 0 the first time.
    pub version: i64,
    /// `HH:MM`
    pub opens: String,
    /// `HH:MM`
    pub closes: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub slot_minutes: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub bays: String,
}

/// The hours of the actor's store, with their version (0: the defaults).
pub fn store_hours(app: &App, actor: &Actor) -> AppResult<(Hours, i64)> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| hours(c, actor.store_id.0))
}

/// Sets the delivery hours of the actor's store (`delivery_settings_manage`).
pub fn set_store_hours(app: &App, actor: &Actor, input: &HoursInput) -> AppResult<(Hours, i64)> {
    let now = app.now();
    require(actor, Permission::DeliverySettingsManage)?;
    let mut e = FieldErrors::new();
    let opens = parse_time(&input.opens);
    let closes = if input.closes.trim() == "24:00" { Some(24 * 60) } else { parse_time(&input.closes) };
    if opens.is_none() {
        e.add("opens", "time-invalid");
    }
    if closes.is_none() {
        e.add("closes", "time-invalid");
    }
    let slot_min = input.slot_minutes.trim().parse::<i32>().unwrap_or(0);
    let bays = input.bays.trim().parse::<i32>().unwrap_or(0);
    e.into_result()?;
    let h = Hours { opens_min: opens.expect("checked"), closes_min: closes.expect("checked"), slot_min, bays }
        .checked()
        .map_err(|err| AppError::field("slot_minutes", err.code()))?;
    app.db.write(|c| {
        let store = actor.store_id.0;
        let (before, _) = hours(c, store)?;
        rows::set_hours(c, actor.store_id, input.version, h, actor.user_id, now)?;
        let changes = Changes::new()
            .field("opens_min", before.opens_min, h.opens_min)
            .field("closes_min", before.closes_min, h.closes_min)
            .field("slot_min", before.slot_min, h.slot_min)
            .field("bays", before.bays, h.bays);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::DeliveryHoursSet, entity_id: store, store_id: Some(store), changes },
        )?;
        hours(c, store)
    })
}

/// What the buyer's page shows of the delivery: the booking, whether they may book (and the
/// slots of the store's day), the PDI and the handover days, what is still to come.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BuyerDelivery {
    pub booking: Option<Booking>,
    pub can_book: bool,
    /// The starts of the store's slots (`HH:MM`).
    pub starts: Vec<String>,
    /// The days a booking may be made for: from the store's today.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub pdi_passed_on: Option<NaiveDate>,
    pub delivered_on: Option<NaiveDate>,
    #[schema(value_type = Vec<String>)]
    pub blockers: Vec<Blocker>,
    /// Delivered and not answered yet: the survey is asked.
    pub survey_open: bool,
    pub survey: Option<super::Survey>,
}

/// The delivery of the order of a buyer's link, as their page shows it.
pub fn for_buyer(app: &App, token: &str) -> AppResult<BuyerDelivery> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    let now = app.now();
    app.db.read(|c| {
        let s = State::load_by_link(c, order_id)?;
        let (h, _) = hours(c, s.order.store_id)?;
        let today = crate::kernel::calendar::day(c, now, s.order.store_id)?;
        Ok(BuyerDelivery {
            booking: s.booking.as_ref().map(Booking::from),
            can_book: bookable(&s).is_ok(),
            starts: h.starts().into_iter().map(|m| time_of(m).format("%H:%M").to_string()).collect(),
            first_day: today,
            last_day: today + chrono::Duration::days(domain::delivery::slots::BOOK_AHEAD_DAYS),
            pdi_passed_on: s.inspections.first().filter(|_| s.pdi_passed()).map(|i| i.inspected_on),
            delivered_on: s.handover.as_ref().map(|h| h.delivered_on),
            blockers: s.blockers(),
            survey_open: s.handover.is_some() && s.survey.is_none(),
            survey: s.survey.clone().map(super::Survey::from),
        })
    })
}
