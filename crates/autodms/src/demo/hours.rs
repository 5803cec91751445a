//! The demo's sense of time: the moments staff work.

use chrono::{Duration, NaiveDateTime};
use rand::Rng;
use rand::rngs::StdRng;

/// A moment in the store's working hours (09:00 to 19:00 Beijing time) on the day of `at`, in UTC.
pub(super) fn working_hours(rng: &mut StdRng, at: NaiveDateTime) -> NaiveDateTime {
    let day = (at + Duration::hours(8)).date();
    day.and_time(chrono::NaiveTime::MIN) + Duration::hours(1) + Duration::minutes(rng.gen_range(0..600))
}
