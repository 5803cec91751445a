//! The store's calendar (DOMAIN.md §8): every "today" and every date stamped from an instant
//! (received on, paid on, numbers with their date, aging days, "born in the future", overdue) is
//! the store's calendar day, also between 00:00 and 08:00 Shanghai time when the UTC date is
//! still yesterday. Instants are stored in UTC; this module is the one place that turns one into
//! a store's day.

use crate::{App, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use domain::org::Actor;
use storage::DbConnection;
use storage::org::StoreRow;

/// A store's time zone: its configured IANA name, Asia/Shanghai when none or an unknown one is set.
pub fn zone_of(store: &StoreRow) -> chrono_tz::Tz {
    store.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
}

/// The calendar day of the UTC instant `at` in time zone `tz`.
pub fn day_in(tz: chrono_tz::Tz, at: NaiveDateTime) -> NaiveDate {
    at.and_utc().with_timezone(&tz).date_naive()
}

/// The store's calendar day at the UTC instant `at`, and the store.
pub(crate) fn store_day(c: &mut DbConnection, at: NaiveDateTime, store_id: i64) -> AppResult<(NaiveDate, StoreRow)> {
    let store = storage::org::get_store(c, store_id)?;
    Ok((day_in(zone_of(&store), at), store))
}

/// The store's calendar day at the UTC instant `at`.
pub(crate) fn day(c: &mut DbConnection, at: NaiveDateTime, store_id: i64) -> AppResult<NaiveDate> {
    Ok(store_day(c, at, store_id)?.0)
}

/// Today in the actor's store, by the application's clock: what pages preset in date fields and
/// count days from.
pub fn today(app: &App, actor: &Actor) -> AppResult<NaiveDate> {
    let now = app.now();
    app.db.read(|c| day(c, now, actor.store_id.0))
}

/// The UTC instant at which the calendar day `day` begins in time zone `tz`.
pub fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> NaiveDateTime {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    midnight.and_local_timezone(tz).earliest().map_or(midnight, |t| t.naive_utc())
}

/// A store's time zone, read by its id.
pub(crate) fn zone(c: &mut DbConnection, store_id: i64) -> AppResult<chrono_tz::Tz> {
    Ok(zone_of(&storage::org::get_store(c, store_id)?))
}

/// Checks an expected date typed by a person (an arrival, a delivery): from the store's today
/// to two years ahead; `past` names the refusal of a day already gone.
pub(crate) fn check_expected(
    e: &mut domain::FieldErrors,
    field: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
    past: &'static str,
) {
    use domain::calendar::{Outside, Window};
    match date.map(|d| Window::ahead(today).check(d)) {
        Some(Err(Outside::Before)) => e.add(field, past),
        Some(Err(Outside::After)) => e.add(field, "date-too-far-ahead"),
        _ => {}
    }
}
