//! Working days on China's calendar: Monday to Friday, except the public holidays the State
//! Council announces each year, plus the weekend days it declares working days (调休) to bridge
//! them. The announced days are data (`public_days`), read by whoever counts working days.

use chrono::{Datelike, NaiveDate, Weekday};

crate::code::coded! {
    /// What an announced day is.
    DayKind {
        /// A public holiday (法定节假日 and the days off around it): not a working day.
        Holiday => "holiday",
        /// A weekend day declared a working day (调休上班).
        Workday => "workday",
    }
}

crate::codes!(DayKind => "announced day kind");

/// The announced days, looked up by date.
#[derive(Debug, Clone, Default)]
pub struct Announced(std::collections::BTreeMap<NaiveDate, DayKind>);

impl Announced {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self(days.into_iter().collect())
    }

    /// A working day: announced as one, or a weekday not announced as a holiday.
    pub fn is_working(&self, day: NaiveDate) -> bool {
        match self.0.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`th working day after `from` (`from` itself when `n` is 0).
    pub fn add(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working(*d)).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 2026's Spring Festival as announced: 15 to 23 February off, Saturday 14 and Saturday 28
    /// February worked.
    fn spring_2026() -> Announced {
        let mut days: Vec<(NaiveDate, DayKind)> =
            d("2026-02-15").iter_days().take(9).map(|x| (x, DayKind::Holiday)).collect();
        days.push((d("2026-02-14"), DayKind::Workday));
        days.push((d("2026-02-28"), DayKind::Workday));
        Announced::new(days)
    }

    #[test]
    fn a_plain_week_skips_the_weekend() {
        let a = Announced::default();
        // Thursday 3 December 2026 + 2 working days: Monday 7 December.
        assert_eq!(a.add(d("2026-12-03"), 2), d("2026-12-07"));
        assert_eq!(a.add(d("2026-12-03"), 0), d("2026-12-03"));
        assert_eq!(a.between(d("2026-12-03"), d("2026-12-07")), 2);
    }

    #[test]
    fn the_spring_festival_is_skipped_and_its_working_saturdays_count() {
        let a = spring_2026();
        assert!(a.is_working(d("2026-02-14")), "Saturday 14 February 2026 is worked");
        assert!(!a.is_working(d("2026-02-16")), "Monday 16 February 2026 is a holiday");
        // Friday 13 February + 1: Saturday 14 (worked); + 2: Tuesday 24 (after the holiday).
        assert_eq!(a.add(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(a.add(d("2026-02-13"), 2), d("2026-02-24"));
        // Five working days from Thursday 12 February: 13, 14, 24, 25, 26.
        assert_eq!(a.add(d("2026-02-12"), 5), d("2026-02-26"));
        assert_eq!(a.between(d("2026-02-12"), d("2026-02-26")), 5);
        // Friday 27 + 1: Saturday 28 February, worked.
        assert_eq!(a.add(d("2026-02-27"), 1), d("2026-02-28"));
    }
}
