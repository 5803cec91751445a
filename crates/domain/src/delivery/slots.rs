//! The delivery calendar: a store hands cars over in its delivery hours, in slots of a fixed
//! length, as many at a time as it has delivery bays. A booking names the day, the slot's start
//! and the bay; the calendar refuses a slot in the past, off the grid of the store's hours, too
//! far ahead or full.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// A store's delivery hours and bays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Hours {
    /// Minutes after midnight of the first slot's start.
    pub opens_min: i32,
    /// Minutes after midnight by which the last slot has ended.
    pub closes_min: i32,
    pub slot_min: i32,
    /// How many cars can be handed over at once.
    pub bays: i32,
}

impl Default for Hours {
    /// 09:00 to 18:00, an hour and a half each, two bays.
    fn default() -> Self {
        Self { opens_min: 9 * 60, closes_min: 18 * 60, slot_min: 90, bays: 2 }
    }
}

crate::code::coded! {
    /// Where a booking stands: the one in force is `booked`; a reschedule ends it as `moved`.
    BookingStatus {
        Booked => "booked",
        Moved => "moved",
        Cancelled => "cancelled",
        Done => "done",
    }
}

crate::codes!(BookingStatus => "delivery booking status");

/// How far ahead a delivery may be booked.
pub const BOOK_AHEAD_DAYS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    #[error("the slot has begun already")]
    Past,
    #[error("deliveries are booked up to 60 days ahead")]
    TooFar,
    #[error("the slot is not one of the store's delivery hours")]
    OutsideHours,
    #[error("every bay is taken then")]
    Full,
    #[error("the hours are not a day's hours, a slot is 30 minutes to 4 hours, 1 to 20 bays")]
    BadHours,
}

impl crate::error::ErrorCode for SlotError {
    fn code(&self) -> &'static str {
        match self {
            Self::Past => "delivery-slot-past",
            Self::TooFar => "delivery-slot-too-far",
            Self::OutsideHours => "delivery-slot-outside-hours",
            Self::Full => "delivery-slot-full",
            Self::BadHours => "delivery-hours-invalid",
        }
    }
}

impl Hours {
    /// Checks hours a store administrator typed.
    pub fn checked(self) -> Result<Self, SlotError> {
        let ok = (0..24 * 60).contains(&self.opens_min)
            && self.closes_min <= 24 * 60
            && (30..=240).contains(&self.slot_min)
            && self.opens_min + self.slot_min <= self.closes_min
            && (1..=20).contains(&self.bays);
        if ok { Ok(self) } else { Err(SlotError::BadHours) }
    }

    /// The starts of the day's slots, in minutes after midnight.
    pub fn starts(self) -> Vec<i32> {
        let mut out = Vec::new();
        let mut at = self.opens_min;
        while at + self.slot_min <= self.closes_min {
            out.push(at);
            at += self.slot_min;
        }
        out
    }

    /// Checks a slot starting at `start_min` on `day` for a booking made at `now` (the store's
    /// wall clock), with `taken` bays already booked then: the bay to use (1-based), or why not.
    pub fn book(self, now: NaiveDateTime, day: NaiveDate, start_min: i32, taken: &[i32]) -> Result<i32, SlotError> {
        if !self.starts().contains(&start_min) {
            return Err(SlotError::OutsideHours);
        }
        let begins = day.and_time(time_of(start_min));
        if begins <= now {
            return Err(SlotError::Past);
        }
        if (day - now.date()).num_days() > BOOK_AHEAD_DAYS {
            return Err(SlotError::TooFar);
        }
        (1..=self.bays).find(|b| !taken.contains(b)).ok_or(SlotError::Full)
    }
}

/// Minutes after midnight as a time of day.
pub fn time_of(minutes: i32) -> NaiveTime {
    let m = minutes.clamp(0, 24 * 60 - 1) as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// A time of day as minutes after midnight.
pub fn minutes_of(t: NaiveTime) -> i32 {
    (t.hour() * 60 + t.minute()) as i32
}

/// `HH:MM` as minutes after midnight.
pub fn parse_time(text: &str) -> Option<i32> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok().map(minutes_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(d: &str, hm: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{d} {hm}"), "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_default_day_has_six_slots_and_two_bays() {
        let h = Hours::default();
        assert_eq!(h.starts(), vec![540, 630, 720, 810, 900, 990]);
        let day = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
        let now = at("2026-12-07", "10:00");
        assert_eq!(h.book(now, day, 540, &[]), Ok(1));
        assert_eq!(h.book(now, day, 540, &[1]), Ok(2));
        assert_eq!(h.book(now, day, 540, &[1, 2]), Err(SlotError::Full));
        assert_eq!(h.book(now, day, 545, &[]), Err(SlotError::OutsideHours));
        assert_eq!(h.book(now, day, 1080, &[]), Err(SlotError::OutsideHours), "ends after closing");
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(h.book(now, today, 540, &[]), Err(SlotError::Past));
        assert_eq!(h.book(now, today, 630, &[]), Ok(1), "later today");
        let far = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(h.book(now, far, 540, &[]), Err(SlotError::TooFar));
    }

    #[test]
    fn typed_hours_are_checked() {
        assert!(Hours { slot_min: 10, ..Hours::default() }.checked().is_err());
        assert!(Hours { bays: 0, ..Hours::default() }.checked().is_err());
        assert!(Hours { opens_min: 17 * 60 + 30, ..Hours::default() }.checked().is_err());
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("9.30"), None);
        assert_eq!(time_of(570).to_string(), "09:30:00");
    }

    proptest! {
        /// Every slot lies within the hours, and a booking never gets a bay that is taken or
        /// beyond the store's bays.
        #[test]
        fn slots_fit_the_hours_and_bays_are_never_shared(
            opens in 0i32..(20 * 60), len in 30i32..240, span in 0i32..(10 * 60), bays in 1i32..6,
            taken in proptest::collection::vec(1i32..8, 0..8),
        ) {
            let h = Hours { opens_min: opens, closes_min: (opens + len + span).min(24 * 60), slot_min: len, bays };
            prop_assume!(h.checked().is_ok());
            for s in h.starts() {
                prop_assert!(s >= h.opens_min && s + h.slot_min <= h.closes_min);
            }
            let day = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
            let now = at("2026-12-01", "00:00");
            if let Some(first) = h.starts().first() {
                match h.book(now, day, *first, &taken) {
                    Ok(b) => prop_assert!(!taken.contains(&b) && (1..=bays).contains(&b)),
                    Err(e) => prop_assert!(e == SlotError::Full && (1..=bays).all(|b| taken.contains(&b))),
                }
            }
        }
    }
}
