//! Reminders (保养/年检/续保提醒): when a car is next due, by rule. The first service comes so
//! many months after the car was delivered (per model, whichever of months or kilometres comes
//! first, said in the message), then periodic maintenance so many months after the last visit;
//! the annual inspection (年检) on the registration's anniversaries the law names (a private car
//! is inspected at 6 and 10 years, then every year); the insurance renews on the delivery's
//! anniversary (the store sold the first policy with the car). A reminder goes out `LEAD_DAYS`
//! before its day.

use crate::code::coded;
use chrono::{Datelike, Months, NaiveDate};

coded! {
    /// What the customer is reminded of.
    ReminderKind {
        /// 首保: the first service after delivery.
        FirstService => "first_service",
        /// 定期保养.
        Periodic => "periodic",
        /// 年检: the annual inspection.
        Inspection => "inspection",
        /// 续保: the insurance renewal (an offer: marketing, with consent).
        Insurance => "insurance",
    }
}

coded! {
    /// What became of a reminder.
    ReminderStatus {
        /// Sent to the customer.
        Sent => "sent",
        /// Not sent: no consent for an offer, or no way to reach them.
        NotSent => "not_sent",
        /// The car came in (a repair order was settled) after it.
        Done => "done",
    }
}

crate::codes!(ReminderKind => "reminder kind", ReminderStatus => "reminder status");

/// Days before its day a reminder goes out.
pub const LEAD_DAYS: u64 = 30;

impl ReminderKind {
    /// An offer rather than the customer's own business with the store: needs their consent.
    pub fn is_marketing(self) -> bool {
        self == Self::Insurance
    }

    /// The service kinds a visit to the workshop fulfils.
    pub fn done_by_a_visit(self) -> bool {
        matches!(self, Self::FirstService | Self::Periodic)
    }
}

/// A maintenance interval: whichever of `months` or `km` comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub months: u32,
    pub km: i64,
}

/// A model's maintenance schedule (the maker's): the first service, then periodic maintenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub first: Interval,
    pub periodic: Interval,
}

/// Why a schedule as typed was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("months from 1 to 60")]
    Months,
    #[error("kilometres from 500 to 100,000")]
    Km,
}

impl crate::error::ErrorCode for ScheduleError {
    fn code(&self) -> &'static str {
        match self {
            Self::Months => "interval-months",
            Self::Km => "interval-km",
        }
    }
}

/// An interval's months as typed (1 to 60).
pub fn months(typed: &str) -> Result<u32, ScheduleError> {
    typed.trim().parse::<u32>().ok().filter(|m| (1..=60).contains(m)).ok_or(ScheduleError::Months)
}

/// An interval's kilometres as typed (500 to 100,000).
pub fn km(typed: &str) -> Result<i64, ScheduleError> {
    typed.trim().parse::<i64>().ok().filter(|k| (500..=100_000).contains(k)).ok_or(ScheduleError::Km)
}

/// The first service when no model says otherwise: 6 months or 5,000 km.
pub const FIRST_SERVICE: Interval = Interval { months: 6, km: 5_000 };
/// Periodic maintenance when no model says otherwise: 12 months or 10,000 km.
pub const PERIODIC: Interval = Interval { months: 12, km: 10_000 };
/// The schedule of a model the maker's schedule was not entered for.
pub const DEFAULT_SCHEDULE: Schedule = Schedule { first: FIRST_SERVICE, periodic: PERIODIC };

/// The next service of a car delivered on `delivered` whose last visit (if any) was on
/// `last_visit`: the first service from the delivery, else periodic from the last visit.
pub fn next_service(
    delivered: NaiveDate,
    last_visit: Option<NaiveDate>,
    first: Interval,
    periodic: Interval,
) -> (ReminderKind, NaiveDate, Interval) {
    match last_visit.filter(|v| *v >= delivered) {
        None => (ReminderKind::FirstService, delivered + Months::new(first.months), first),
        Some(v) => (ReminderKind::Periodic, v + Months::new(periodic.months), periodic),
    }
}

/// The next inspection on or after `from` of a private car registered on `registered`: the
/// anniversaries at 6 and 10 years, then every year.
pub fn next_inspection(registered: NaiveDate, from: NaiveDate) -> Option<NaiveDate> {
    (1..=40u32)
        .filter(|y| *y == 6 || *y >= 10)
        .filter_map(|y| registered.checked_add_months(Months::new(12 * y)))
        .find(|d| *d >= from)
}

/// The next anniversary of `since` on or after `from`.
pub fn next_anniversary(since: NaiveDate, from: NaiveDate) -> Option<NaiveDate> {
    let years = u32::try_from(from.year() - since.year()).ok()?;
    [years, years + 1]
        .into_iter()
        .filter(|y| *y >= 1)
        .filter_map(|y| since.checked_add_months(Months::new(12 * y)))
        .find(|d| *d >= from)
}

/// Whether a reminder for `due` goes out on `today`: within `LEAD_DAYS` before it, not after.
pub fn in_window(due: NaiveDate, today: NaiveDate) -> bool {
    today <= due && due <= today + chrono::Days::new(LEAD_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_service_then_periodic_maintenance() {
        let (k, due, i) = next_service(d("2026-06-20"), None, FIRST_SERVICE, PERIODIC);
        assert_eq!((k, due, i.km), (ReminderKind::FirstService, d("2026-12-20"), 5_000));
        let (k, due, _) = next_service(d("2026-06-20"), Some(d("2026-12-18")), FIRST_SERVICE, PERIODIC);
        assert_eq!((k, due), (ReminderKind::Periodic, d("2027-12-18")));
        // A visit before this owner's delivery (a used car) does not count.
        let (k, _, _) = next_service(d("2026-06-20"), Some(d("2025-01-05")), FIRST_SERVICE, PERIODIC);
        assert_eq!(k, ReminderKind::FirstService);
    }

    #[test]
    fn inspections_at_six_and_ten_years_then_yearly() {
        assert_eq!(next_inspection(d("2020-12-25"), d("2026-12-07")), Some(d("2026-12-25")));
        assert_eq!(
            next_inspection(d("2020-12-01"), d("2026-12-07")),
            Some(d("2030-12-01")),
            "year 6 passed: next at 10"
        );
        assert_eq!(next_inspection(d("2014-03-01"), d("2026-12-07")), Some(d("2027-03-01")), "yearly after 10");
        assert_eq!(next_inspection(d("2024-02-29"), d("2026-12-07")), Some(d("2030-02-28")));
    }

    #[test]
    fn anniversaries_and_the_window() {
        assert_eq!(next_anniversary(d("2025-12-20"), d("2026-12-07")), Some(d("2026-12-20")));
        assert_eq!(next_anniversary(d("2025-11-20"), d("2026-12-07")), Some(d("2027-11-20")));
        assert_eq!(next_anniversary(d("2026-11-20"), d("2026-12-07")), Some(d("2027-11-20")));
        assert!(in_window(d("2026-12-20"), d("2026-12-07")));
        assert!(in_window(d("2027-01-06"), d("2026-12-07")));
        assert!(!in_window(d("2027-01-07"), d("2026-12-07")));
        assert!(!in_window(d("2026-12-06"), d("2026-12-07")), "a day gone is not reminded of");
        assert!(ReminderKind::Insurance.is_marketing() && !ReminderKind::Inspection.is_marketing());
    }
}
