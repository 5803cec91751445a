//! The windows that dates typed by people must lie in (DOMAIN.md §8): a payment not before its
//! order and not after today; an invoice between the contract's signing and today; an expected
//! date (factory order, shipment, delivery) from today to two years ahead. "Today" is always the
//! store's calendar day, which the caller gives.

use chrono::{Months, NaiveDate};

/// How far ahead an expected date may lie.
pub const MAX_MONTHS_AHEAD: u32 = 24;

/// Where a date fell outside its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// Before the window's first day.
    Before,
    /// After the window's last day.
    After,
}

/// The days a date may be, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Window {
    /// From `first` (the day of the document it follows) up to and including `today`.
    pub fn since(first: NaiveDate, today: NaiveDate) -> Self {
        Self { first, last: today }
    }

    /// From `today` to two years ahead: an expected arrival or delivery.
    pub fn ahead(today: NaiveDate) -> Self {
        Self { first: today, last: today.checked_add_months(Months::new(MAX_MONTHS_AHEAD)).unwrap_or(today) }
    }

    pub fn check(&self, date: NaiveDate) -> Result<NaiveDate, Outside> {
        if date < self.first {
            Err(Outside::Before)
        } else if date > self.last {
            Err(Outside::After)
        } else {
            Ok(date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_ends_are_inside_and_a_day_beyond_is_outside() {
        let w = Window::since(d(2026, 12, 1), d(2026, 12, 7));
        assert_eq!(w.check(d(2026, 12, 1)), Ok(d(2026, 12, 1)));
        assert_eq!(w.check(d(2026, 12, 7)), Ok(d(2026, 12, 7)));
        assert_eq!(w.check(d(2026, 11, 30)), Err(Outside::Before));
        assert_eq!(w.check(d(2026, 12, 8)), Err(Outside::After));
        assert_eq!(w.check(d(1900, 1, 1)), Err(Outside::Before));
    }

    #[test]
    fn expected_dates_reach_two_years_ahead_and_not_the_past() {
        let w = Window::ahead(d(2026, 12, 7));
        assert_eq!(w.check(d(2028, 12, 7)), Ok(d(2028, 12, 7)));
        assert_eq!(w.check(d(2028, 12, 8)), Err(Outside::After));
        assert_eq!(w.check(d(9999, 12, 31)), Err(Outside::After));
        assert_eq!(w.check(d(2026, 12, 6)), Err(Outside::Before));
        // 29 February plus two years is the last day of February.
        assert_eq!(Window::ahead(d(2028, 2, 29)).last, d(2030, 2, 28));
    }
}
