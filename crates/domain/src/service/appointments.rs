//! Appointments (预约): a car booked into a half-hour slot of the store's workshop day. A slot
//! holds as many cars as the store has bays; a day holds the standard hours its technicians can
//! work. A booking is for a slot still ahead, at most 60 days out, within opening hours.

use crate::code::coded;
use crate::error::ErrorCode;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

coded! {
    /// Where an appointment stands.
    AppointmentStatus {
        Booked => "booked",
        /// The car came in: its repair order was opened from the appointment.
        Arrived => "arrived",
        NoShow => "no_show",
        Cancelled => "cancelled",
    }
}

coded! {
    /// Who made the booking.
    BookingSource {
        Staff => "staff",
        /// The customer, on the link in a reminder.
        Customer => "customer",
        Api => "api",
    }
}

crate::codes!(AppointmentStatus => "appointment status", BookingSource => "booking source");

impl AppointmentStatus {
    /// Holds its bay.
    pub fn live(self) -> bool {
        matches!(self, Self::Booked | Self::Arrived)
    }
}

/// The workshop's day: the first slot, the last one, and the length of each.
pub const OPENS: (u32, u32) = (8, 30);
pub const LAST_SLOT: (u32, u32) = (16, 30);
pub const SLOT_MINUTES: u32 = 30;
/// The standard hours a technician works in a day.
pub const TECHNICIAN_HOURS_X100: i64 = 800;
/// How far ahead a booking may be.
pub const MAX_DAYS_AHEAD: i64 = 60;

/// The day's slots, in order.
pub fn slots() -> Vec<NaiveTime> {
    let first = OPENS.0 * 60 + OPENS.1;
    let last = LAST_SLOT.0 * 60 + LAST_SLOT.1;
    (first..=last).step_by(SLOT_MINUTES as usize).filter_map(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0)).collect()
}

/// Why a booking was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("not a slot of the workshop's day")]
    NotASlot,
    #[error("the slot has passed")]
    Past,
    #[error("more than 60 days ahead")]
    TooFar,
    #[error("every bay of the slot is taken")]
    SlotFull,
    #[error("the technicians' hours of the day are taken")]
    DayFull,
    #[error("the expected hours are 0.1 to 24")]
    Hours,
}

impl ErrorCode for BookingError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotASlot => "appointment-not-a-slot",
            Self::Past => "appointment-past",
            Self::TooFar => "appointment-too-far",
            Self::SlotFull => "appointment-slot-full",
            Self::DayFull => "appointment-day-full",
            Self::Hours => "appointment-hours",
        }
    }
}

/// A slot typed as `HH:MM`: one of [`slots`].
pub fn slot(typed: &str) -> Result<NaiveTime, BookingError> {
    let t = NaiveTime::parse_from_str(typed.trim(), "%H:%M").map_err(|_| BookingError::NotASlot)?;
    if slots().contains(&t) && t.second() == 0 { Ok(t) } else { Err(BookingError::NotASlot) }
}

/// Whether a slot on `day` may still be booked at `now` (both the store's).
pub fn bookable(day: NaiveDate, at: NaiveTime, now: NaiveDateTime) -> Result<(), BookingError> {
    if day.and_time(at) <= now {
        return Err(BookingError::Past);
    }
    if (day - now.date()).num_days() > MAX_DAYS_AHEAD {
        return Err(BookingError::TooFar);
    }
    Ok(())
}

/// The first free bay of a slot whose live appointments hold `taken`, with `bays` in the
/// store; then whether the day's booked hours plus `hours` stay within what `technicians` can
/// work.
pub fn place(
    taken: &[i32],
    bays: i32,
    (booked_x100, hours_x100): (i64, i64),
    technicians: i64,
) -> Result<i32, BookingError> {
    let bay = (1..=bays).find(|b| !taken.contains(b)).ok_or(BookingError::SlotFull)?;
    if booked_x100 + hours_x100 > technicians.max(1) * TECHNICIAN_HOURS_X100 {
        return Err(BookingError::DayFull);
    }
    Ok(bay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_day_has_half_hour_slots_from_opening() {
        let s = slots();
        assert_eq!((s.first().copied(), s.last().copied(), s.len()), (Some(at(8, 30)), Some(at(16, 30)), 17));
        assert_eq!(slot("09:00"), Ok(at(9, 0)));
        for bad in ["09:15", "07:30", "17:00", "9", ""] {
            assert_eq!(slot(bad), Err(BookingError::NotASlot), "{bad}");
        }
    }

    #[test]
    fn a_booking_is_ahead_and_not_too_far() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let now = day.and_hms_opt(9, 10, 0).unwrap();
        assert_eq!(bookable(day, at(9, 0), now), Err(BookingError::Past));
        assert_eq!(bookable(day, at(9, 30), now), Ok(()));
        assert_eq!(bookable(day + chrono::Days::new(61), at(9, 30), now), Err(BookingError::TooFar));
    }

    #[test]
    fn a_car_takes_the_first_free_bay_within_the_days_hours() {
        assert_eq!(place(&[], 3, (0, 100), 2), Ok(1));
        assert_eq!(place(&[1, 3], 3, (0, 100), 2), Ok(2));
        assert_eq!(place(&[1, 2, 3], 3, (0, 100), 2), Err(BookingError::SlotFull));
        assert_eq!(place(&[], 3, (1_550, 100), 2), Err(BookingError::DayFull));
    }

    proptest! {
        /// However bookings come, no slot holds more cars than bays and no two share a bay.
        #[test]
        fn no_slot_is_overbooked(bays in 1i32..6, asks in 0usize..20) {
            let mut taken = Vec::new();
            for _ in 0..asks {
                if let Ok(b) = place(&taken, bays, (0, 100), 10) {
                    prop_assert!(!taken.contains(&b));
                    taken.push(b);
                }
            }
            prop_assert!(taken.len() <= bays as usize);
        }
    }
}
