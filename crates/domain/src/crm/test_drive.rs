//! Test drives (试驾): a demo car booked for a time slot by a licensed driver, checked out and
//! returned with the odometer read, the customer's verdict recorded on the lead. A car and a
//! customer are each in one place at a time.

use crate::error::ErrorCode;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestDriveStatus {
    Booked,
    /// The customer is driving.
    Out,
    Returned,
    Cancelled,
}

impl TestDriveStatus {
    pub const ALL: [TestDriveStatus; 4] = [Self::Booked, Self::Out, Self::Returned, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Out => "out",
            Self::Returned => "returned",
            Self::Cancelled => "cancelled",
        }
    }

    /// Still holding its car and its customer's time.
    pub fn holds_slot(self) -> bool {
        matches!(self, Self::Booked | Self::Out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Liked it: ready to talk price.
    Liked,
    Neutral,
    Disliked,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Self::Liked, Self::Neutral, Self::Disliked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Liked => "liked",
            Self::Neutral => "neutral",
            Self::Disliked => "disliked",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TestDriveError {
    #[error("the slot is 15 minutes to 4 hours, ending after it starts")]
    SlotLength,
    #[error("the slot has begun already")]
    SlotPast,
    #[error("test drives are booked up to 90 days ahead")]
    SlotTooFar,
    #[error("the driving licence has expired by the day of the drive")]
    LicenceExpired,
    #[error("the car is booked for another drive then")]
    CarTaken,
    #[error("the customer has another drive booked then")]
    CustomerTaken,
    #[error("the drive is not at this step")]
    WrongState,
    #[error("the odometer reads less than at check-out")]
    MileageBack,
}

impl ErrorCode for TestDriveError {
    fn code(&self) -> &'static str {
        match self {
            Self::SlotLength => "test-drive-slot-length",
            Self::SlotPast => "test-drive-slot-past",
            Self::SlotTooFar => "test-drive-slot-too-far",
            Self::LicenceExpired => "test-drive-licence-expired",
            Self::CarTaken => "test-drive-car-taken",
            Self::CustomerTaken => "test-drive-customer-taken",
            Self::WrongState => "test-drive-wrong-state",
            Self::MileageBack => "test-drive-mileage-back",
        }
    }
}

/// A step of a drive: the customer drives off, comes back, or the booking is cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestDriveStep {
    Out,
    Back,
    Cancel,
}

impl TestDriveStep {
    pub const ALL: [TestDriveStep; 3] = [Self::Out, Self::Back, Self::Cancel];

    /// The code of the page's button and of `available_steps`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Out => "out",
            Self::Back => "back",
            Self::Cancel => "cancel",
        }
    }
}

/// The drive's status after `step`, or why not: out and cancelled from booked, back from out.
pub fn advance(status: TestDriveStatus, step: TestDriveStep) -> Result<TestDriveStatus, TestDriveError> {
    use TestDriveStatus as S;
    match (status, step) {
        (S::Booked, TestDriveStep::Out) => Ok(S::Out),
        (S::Booked, TestDriveStep::Cancel) => Ok(S::Cancelled),
        (S::Out, TestDriveStep::Back) => Ok(S::Returned),
        _ => Err(TestDriveError::WrongState),
    }
}

/// The steps [`advance`] takes from `status`.
pub fn available_steps(status: TestDriveStatus) -> Vec<TestDriveStep> {
    TestDriveStep::ALL.into_iter().filter(|s| advance(status, *s).is_ok()).collect()
}

/// A booked slot: `[starts, ends)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

impl Slot {
    /// A slot of 15 minutes to 4 hours, not begun before `now` (a few minutes' grace for the
    /// customer standing at the desk).
    pub fn new(starts: NaiveDateTime, minutes: i64, now: NaiveDateTime) -> Result<Self, TestDriveError> {
        if !(15..=240).contains(&minutes) {
            return Err(TestDriveError::SlotLength);
        }
        if starts < now - chrono::Duration::minutes(10) {
            return Err(TestDriveError::SlotPast);
        }
        if starts > now + chrono::Duration::days(90) {
            return Err(TestDriveError::SlotTooFar);
        }
        Ok(Self { starts, ends: starts + chrono::Duration::minutes(minutes) })
    }

    pub fn overlaps(&self, other: &Slot) -> bool {
        self.starts < other.ends && other.starts < self.ends
    }
}

/// The licence must still be valid on the day the drive ends (the store's calendar day).
pub fn licence_valid(expires_on: NaiveDate, drive_day: NaiveDate) -> Result<(), TestDriveError> {
    if expires_on < drive_day { Err(TestDriveError::LicenceExpired) } else { Ok(()) }
}

/// The distance driven, or why the reading is wrong.
pub fn driven(out_km: i32, back_km: i32) -> Result<i32, TestDriveError> {
    if back_km < out_km { Err(TestDriveError::MileageBack) } else { Ok(back_km - out_km) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_drive_goes_out_and_back_or_is_cancelled_before() {
        use TestDriveStatus as S;
        use TestDriveStep as D;
        assert_eq!(available_steps(S::Booked), vec![D::Out, D::Cancel]);
        assert_eq!(available_steps(S::Out), vec![D::Back]);
        assert_eq!(available_steps(S::Returned), Vec::<D>::new());
        assert_eq!(available_steps(S::Cancelled), Vec::<D>::new());
        assert_eq!(advance(S::Booked, D::Out), Ok(S::Out));
        assert_eq!(advance(S::Out, D::Back), Ok(S::Returned));
        assert_eq!(advance(S::Booked, D::Cancel), Ok(S::Cancelled));
        assert_eq!(advance(S::Out, D::Cancel), Err(TestDriveError::WrongState), "not cancelled once out");
        assert_eq!(advance(S::Booked, D::Back), Err(TestDriveError::WrongState));
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_slot_is_a_quarter_hour_to_four_hours_and_not_in_the_past() {
        let now = at(9, 0);
        assert_eq!(Slot::new(at(10, 0), 10, now), Err(TestDriveError::SlotLength));
        assert_eq!(Slot::new(at(10, 0), 241, now), Err(TestDriveError::SlotLength));
        assert_eq!(Slot::new(at(8, 0), 30, now), Err(TestDriveError::SlotPast));
        assert!(Slot::new(at(8, 55), 30, now).is_ok(), "the customer at the desk");
        assert_eq!(Slot::new(at(10, 0) + chrono::Duration::days(91), 30, now), Err(TestDriveError::SlotTooFar));
        let a = Slot::new(at(10, 0), 30, now).unwrap();
        let b = Slot::new(at(10, 30), 30, now).unwrap();
        assert!(!a.overlaps(&b), "back to back is fine");
        let c = Slot::new(at(10, 29), 30, now).unwrap();
        assert!(a.overlaps(&c) && c.overlaps(&a));
        assert_eq!(licence_valid(at(0, 0).date(), at(10, 0).date()), Ok(()));
        assert_eq!(
            licence_valid(at(0, 0).date().pred_opt().unwrap(), at(10, 0).date()),
            Err(TestDriveError::LicenceExpired)
        );
        assert_eq!(driven(12_000, 11_990), Err(TestDriveError::MileageBack));
        assert_eq!(driven(12_000, 12_012), Ok(12));
    }

    #[test]
    fn boundaries_of_slots_and_odometers() {
        let now = at(9, 0);
        let a = Slot::new(at(10, 0), 30, now).unwrap();
        let b = Slot::new(at(10, 30), 30, now).unwrap();
        assert!(!b.overlaps(&a), "back to back, either way round");
        assert_eq!(driven(12_000, 12_000), Ok(0), "parked: no distance");
        assert!(Slot::new(at(10, 0), 15, now).is_ok() && Slot::new(at(10, 0), 240, now).is_ok());
        assert_eq!(Slot::new(at(10, 0), 240, now).map(|s| s.ends), Ok(at(14, 0)));
    }

    #[test]
    fn a_booked_or_running_drive_holds_its_slot() {
        let holding: Vec<_> = TestDriveStatus::ALL.into_iter().filter(|s| s.holds_slot()).collect();
        assert_eq!(holding, [TestDriveStatus::Booked, TestDriveStatus::Out]);
    }

    #[test]
    fn codes_are_stable() {
        use crate::error::ErrorCode;
        let statuses: Vec<_> = TestDriveStatus::ALL.into_iter().map(TestDriveStatus::code).collect();
        assert_eq!(statuses, ["booked", "out", "returned", "cancelled"]);
        let verdicts: Vec<_> = Verdict::ALL.into_iter().map(Verdict::code).collect();
        assert_eq!(verdicts, ["liked", "neutral", "disliked"]);
        let errors = [
            (TestDriveError::SlotLength, "test-drive-slot-length"),
            (TestDriveError::SlotPast, "test-drive-slot-past"),
            (TestDriveError::SlotTooFar, "test-drive-slot-too-far"),
            (TestDriveError::LicenceExpired, "test-drive-licence-expired"),
            (TestDriveError::CarTaken, "test-drive-car-taken"),
            (TestDriveError::CustomerTaken, "test-drive-customer-taken"),
            (TestDriveError::WrongState, "test-drive-wrong-state"),
            (TestDriveError::MileageBack, "test-drive-mileage-back"),
        ];
        for (e, code) in errors {
            assert_eq!(e.code(), code);
        }
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_means_a_shared_minute(s1 in 0i64..600, l1 in 15i64..240, s2 in 0i64..600, l2 in 15i64..240) {
            let base = at(0, 0);
            let a = Slot::new(base + chrono::Duration::minutes(s1), l1, base).unwrap();
            let b = Slot::new(base + chrono::Duration::minutes(s2), l2, base).unwrap();
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            let shared = (s1..s1 + l1).any(|m| (s2..s2 + l2).contains(&m));
            prop_assert_eq!(a.overlaps(&b), shared);
        }
    }
}
