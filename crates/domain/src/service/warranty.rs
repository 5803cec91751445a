//! The 三包 clocks of a car (SAMR order 43 of 2022, DOMAIN.md §6), computed from its repair
//! orders. From the invoice date the 三包 period runs 2 years or 50,000 km, whichever comes
//! first; within it the customer may choose a replacement or a refund when
//! - within 7 days an engine, gearbox, traction battery or drive motor needs replacing;
//! - within 60 days or 3,000 km the steering or brakes fail, the body cracks, fuel leaks or the
//!   battery catches fire;
//! - the car spent more than 30 days in the shop for 三包 repairs in all;
//! - the same problem was repaired more than 4 times, or a serious fault of the engine, gearbox,
//!   traction battery or drive motor twice, and it fails again.
//!
//! A repair order's 三包 lines (payer [`Payer::Warranty`](super::Payer)) say which system each
//! repair concerned; a visit counts once per system.

use super::System;
use chrono::{Months, NaiveDate};

/// The 三包 period: 2 years ...
pub const PERIOD_MONTHS: u32 = 24;
/// ... or 50,000 km.
pub const PERIOD_KM: i64 = 50_000;
/// More than this many days in the shop entitles a replacement.
pub const DAYS_LIMIT: i64 = 30;
/// From this many days the car is listed as approaching the limit.
pub const DAYS_WARN: i64 = 20;
/// The same problem repaired more than this many times ...
pub const REPEAT_LIMIT: u32 = 4;
/// ... or, for a serious fault of a main system, this many times.
pub const SERIOUS_LIMIT: u32 = 2;

/// The systems whose failure within 7 days, or repeated serious failure, entitles a replacement.
pub fn is_main(system: System) -> bool {
    matches!(system, System::Engine | System::Gearbox | System::TractionBattery | System::DriveMotor)
}

/// The systems of the 60-day / 3,000 km window.
pub fn is_safety(system: System) -> bool {
    matches!(system, System::Steering | System::Brakes | System::Body | System::FuelSystem | System::TractionBattery)
}

/// A visit of the car to the workshop, as the clocks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub received_on: NaiveDate,
    /// The day the car went back to its customer; `None` while it is in the shop.
    pub back_on: Option<NaiveDate>,
    /// The systems its 三包 lines repaired (empty: no 三包 repair on this visit).
    pub warranty_systems: Vec<System>,
}

impl Visit {
    /// Days in the shop: a visit under a day counts as one (the rules' 24 hours).
    fn days(&self, today: NaiveDate) -> i64 {
        (self.back_on.unwrap_or(today) - self.received_on).num_days().max(1)
    }
}

/// What the clocks say of a car today.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Clocks {
    /// The invoice date the clocks run from.
    pub from: NaiveDate,
    /// The last day of the 三包 period by date.
    pub period_ends: NaiveDate,
    /// Within the 三包 period today (by date and distance).
    pub in_period: bool,
    /// Days in the shop for 三包 repairs within the period.
    pub days_in_shop: i64,
    /// Per system repaired under 三包: the number of visits.
    pub repeats: Vec<(System, u32)>,
    /// The last day of the 7-day window, while it is open.
    pub seven_day_until: Option<NaiveDate>,
    /// The last day of the 60-day window, while it is open (and under 3,000 km).
    pub sixty_day_until: Option<NaiveDate>,
    pub warnings: Vec<Warning>,
}

/// What reception is warned of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A main part failing now entitles the customer to a replacement or refund.
    SevenDayWindow { until: NaiveDate },
    /// A safety failure now entitles the customer to a replacement or refund.
    SixtyDayWindow { until: NaiveDate, km_left: i64 },
    /// Days in the shop approaching or past the limit.
    DaysInShop { days: i64, limit: i64 },
    /// A system repaired under 三包 approaching or past its limit of repairs.
    Repeats { system: System, count: u32, limit: u32 },
}

impl Warning {
    /// Whether the limit is reached (not only approached).
    pub fn reached(self) -> bool {
        match self {
            Self::SevenDayWindow { .. } | Self::SixtyDayWindow { .. } => false,
            Self::DaysInShop { days, limit } => days > limit,
            Self::Repeats { count, limit, .. } => count >= limit,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::SevenDayWindow { .. } => "seven_day_window",
            Self::SixtyDayWindow { .. } => "sixty_day_window",
            Self::DaysInShop { .. } => "days_in_shop",
            Self::Repeats { .. } => "repeats",
        }
    }
}

/// The clocks of a car invoiced on `from`, which had `km_at_start` on its odometer then, read
/// today at `odometer_km`, with its `visits` (in any order).
pub fn clocks(from: NaiveDate, km_at_start: i64, today: NaiveDate, odometer_km: i64, visits: &[Visit]) -> Clocks {
    let period_ends = from + Months::new(PERIOD_MONTHS) - chrono::Days::new(1);
    let driven = (odometer_km - km_at_start).max(0);
    let in_period = today >= from && today <= period_ends && driven <= PERIOD_KM;
    let counted: Vec<&Visit> = visits
        .iter()
        .filter(|v| !v.warranty_systems.is_empty() && v.received_on >= from && v.received_on <= period_ends)
        .collect();
    let days_in_shop = counted.iter().map(|v| v.days(today)).sum();
    let mut repeats: Vec<(System, u32)> = Vec::new();
    for v in &counted {
        let mut seen: Vec<System> = v.warranty_systems.clone();
        seen.sort();
        seen.dedup();
        for s in seen {
            match repeats.iter_mut().find(|(r, _)| *r == s) {
                Some((_, n)) => *n += 1,
                None => repeats.push((s, 1)),
            }
        }
    }
    repeats.sort();
    let seven = from + chrono::Days::new(6);
    let sixty = from + chrono::Days::new(59);
    let seven_day_until = (today >= from && today <= seven).then_some(seven);
    let sixty_day_until = (today >= from && today <= sixty && driven <= 3_000).then_some(sixty);
    let mut warnings = Vec::new();
    if let Some(until) = seven_day_until {
        warnings.push(Warning::SevenDayWindow { until });
    }
    if let Some(until) = sixty_day_until {
        warnings.push(Warning::SixtyDayWindow { until, km_left: 3_000 - driven });
    }
    if in_period {
        if days_in_shop >= DAYS_WARN {
            warnings.push(Warning::DaysInShop { days: days_in_shop, limit: DAYS_LIMIT });
        }
        for (system, count) in &repeats {
            let limit = if is_main(*system) { SERIOUS_LIMIT } else { REPEAT_LIMIT };
            if *count + 1 >= limit {
                warnings.push(Warning::Repeats { system: *system, count: *count, limit });
            }
        }
    }
    Clocks { from, period_ends, in_period, days_in_shop, repeats, seven_day_until, sixty_day_until, warnings }
}

impl Clocks {
    /// Close to (or past) a replacement or refund threshold: on the 三包 watch list.
    pub fn approaching(&self) -> bool {
        self.warnings.iter().any(|w| matches!(w, Warning::DaysInShop { .. } | Warning::Repeats { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn visit(from: &str, to: Option<&str>, systems: &[System]) -> Visit {
        Visit { received_on: d(from), back_on: to.map(d), warranty_systems: systems.to_vec() }
    }

    #[test]
    fn a_new_car_is_in_both_windows_and_the_period_and_counts_nothing() {
        let c = clocks(d("2026-12-01"), 12, d("2026-12-05"), 300, &[]);
        assert!(c.in_period);
        assert_eq!(c.period_ends, d("2028-11-30"));
        assert_eq!(c.seven_day_until, Some(d("2026-12-07")));
        assert_eq!(c.sixty_day_until, Some(d("2027-01-29")));
        assert_eq!(c.warnings[1], Warning::SixtyDayWindow { until: d("2027-01-29"), km_left: 2_712 });
        assert_eq!(c.days_in_shop, 0);
        assert!(!c.approaching());
    }

    #[test]
    fn the_sixty_day_window_closes_at_3000_km_and_the_period_at_50000_km_or_two_years() {
        assert_eq!(clocks(d("2026-12-01"), 0, d("2026-12-20"), 3_001, &[]).sixty_day_until, None);
        assert!(!clocks(d("2026-12-01"), 0, d("2027-06-01"), 50_001, &[]).in_period);
        assert!(clocks(d("2026-12-01"), 0, d("2028-11-30"), 40_000, &[]).in_period);
        assert!(!clocks(d("2026-12-01"), 0, d("2028-12-01"), 40_000, &[]).in_period);
    }

    #[test]
    fn days_in_shop_add_up_over_warranty_visits_only_a_short_visit_counting_one() {
        let visits = [
            visit("2027-01-10", Some("2027-01-10"), &[System::Electrical]),
            visit("2027-02-01", Some("2027-02-15"), &[System::Gearbox]),
            visit("2027-03-01", Some("2027-03-20"), &[]),
            visit("2027-04-01", None, &[System::Electrical]),
        ];
        let c = clocks(d("2026-12-01"), 0, d("2027-04-06"), 9_000, &visits);
        assert_eq!(c.days_in_shop, 1 + 14 + 5);
        assert_eq!(
            c.warnings,
            vec![
                Warning::DaysInShop { days: 20, limit: 30 },
                Warning::Repeats { system: System::Gearbox, count: 1, limit: 2 }
            ]
        );
        assert!(c.approaching());
        assert_eq!(c.repeats, vec![(System::Gearbox, 1), (System::Electrical, 2)]);
    }

    #[test]
    fn a_system_repaired_three_times_warns_and_a_fourth_reaches_the_limit() {
        let three: Vec<Visit> = ["2027-01-05", "2027-02-05", "2027-03-05"]
            .iter()
            .map(|day| visit(day, Some(day), &[System::Brakes, System::Brakes]))
            .collect();
        let c = clocks(d("2026-12-01"), 0, d("2027-04-01"), 8_000, &three);
        let w = Warning::Repeats { system: System::Brakes, count: 3, limit: 4 };
        assert_eq!(c.warnings, vec![w]);
        assert!(!w.reached());
        let mut four = three.clone();
        four.push(visit("2027-03-20", Some("2027-03-21"), &[System::Brakes]));
        let c = clocks(d("2026-12-01"), 0, d("2027-04-01"), 8_000, &four);
        assert!(c.warnings.iter().any(|w| w.reached()));
    }

    #[test]
    fn outside_the_period_nothing_warns_and_earlier_visits_do_not_count() {
        let visits = [visit("2026-11-01", Some("2026-12-20"), &[System::Engine])];
        let c = clocks(d("2026-12-01"), 0, d("2026-12-25"), 500, &visits);
        assert_eq!(c.days_in_shop, 0);
        let c = clocks(d("2024-01-01"), 0, d("2026-12-25"), 30_000, &[visit("2025-01-01", None, &[System::Engine])]);
        assert!(!c.in_period);
        assert!(c.warnings.is_empty());
    }
}
