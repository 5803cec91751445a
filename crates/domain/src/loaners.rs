//! Loaner cars (代步车, issue 31): a car of the store's loaner fleet lent to the customer of an
//! open repair order, as a test drive lends a demo car: the driver's licence checked (valid
//! until the day the car is due back), the odometer and the fuel or charge level read when it
//! leaves and when it comes back. A car is lent to one repair order at a time and a repair order
//! has one car out at a time; the car is back before the customer's own car is handed over.

use crate::code::coded;
use crate::error::ErrorCode;
use chrono::NaiveDate;

coded! {
    /// Where a loan stands.
    LoanStatus {
        /// The customer has the car.
        Out => "out",
        Returned => "returned",
    }
}

crate::codes!(LoanStatus => "loan status");

/// A loan lasts at most this many days (longer repairs are lent again).
pub const MAX_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoanError {
    #[error("the driving licence has expired by the day the car is due back")]
    LicenceExpired,
    #[error("the car is due back today or later")]
    DuePast,
    #[error("a loan lasts at most 30 days")]
    DueTooFar,
    #[error("not a loaner car of the store")]
    NotALoaner,
    #[error("the car is lent already")]
    CarOut,
    #[error("the repair order has a loaner car out already")]
    OrderHasLoan,
    #[error("the repair order is no longer in the workshop")]
    OrderClosed,
    #[error("the odometer reads less than when the car left")]
    MileageBack,
    #[error("the car is back already")]
    Returned,
    #[error("the loaner car is still out")]
    StillOut,
}

impl ErrorCode for LoanError {
    fn code(&self) -> &'static str {
        match self {
            Self::LicenceExpired => "loan-licence-expired",
            Self::DuePast => "loan-due-past",
            Self::DueTooFar => "loan-due-too-far",
            Self::NotALoaner => "loan-not-a-loaner",
            Self::CarOut => "loan-car-out",
            Self::OrderHasLoan => "loan-order-has-loan",
            Self::OrderClosed => "loan-order-closed",
            Self::MileageBack => "loan-mileage-back",
            Self::Returned => "loan-returned",
            Self::StillOut => "loan-still-out",
        }
    }
}

/// The day the car is due back: today up to [`MAX_DAYS`] ahead.
pub fn due_on(due: NaiveDate, today: NaiveDate) -> Result<NaiveDate, LoanError> {
    if due < today {
        Err(LoanError::DuePast)
    } else if (due - today).num_days() > MAX_DAYS {
        Err(LoanError::DueTooFar)
    } else {
        Ok(due)
    }
}

/// The licence must be valid on the day the car is due back.
pub fn licence_valid(expires_on: NaiveDate, due: NaiveDate) -> Result<(), LoanError> {
    if expires_on < due { Err(LoanError::LicenceExpired) } else { Ok(()) }
}

/// What the car came back with: the distance driven and the fuel or charge used (negative when
/// it came back fuller), or why the reading is wrong.
pub fn came_back(out: (i64, i32), back: (i64, i32)) -> Result<(i64, i32), LoanError> {
    if back.0 < out.0 { Err(LoanError::MileageBack) } else { Ok((back.0 - out.0, out.1 - back.1)) }
}

/// Overdue: still out after the day it was due back.
pub fn overdue(status: LoanStatus, due: NaiveDate, today: NaiveDate) -> bool {
    status == LoanStatus::Out && today > due
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn due_back_from_today_up_to_thirty_days() {
        assert_eq!(due_on(day(7), day(8)), Err(LoanError::DuePast));
        assert_eq!(due_on(day(8), day(8)), Ok(day(8)), "back the same evening");
        let last = day(8) + chrono::Duration::days(MAX_DAYS);
        assert_eq!(due_on(last, day(8)), Ok(last));
        assert_eq!(due_on(last.succ_opt().unwrap(), day(8)), Err(LoanError::DueTooFar));
    }

    #[test]
    fn the_licence_holds_until_the_car_is_due_back() {
        assert_eq!(licence_valid(day(10), day(10)), Ok(()));
        assert_eq!(licence_valid(day(9), day(10)), Err(LoanError::LicenceExpired));
    }

    #[test]
    fn what_came_back() {
        assert_eq!(came_back((12_000, 80), (12_150, 45)), Ok((150, 35)));
        assert_eq!(came_back((12_000, 40), (12_000, 60)), Ok((0, -20)), "filled up");
        assert_eq!(came_back((12_000, 80), (11_999, 80)), Err(LoanError::MileageBack));
        assert!(overdue(LoanStatus::Out, day(8), day(9)));
        assert!(!overdue(LoanStatus::Out, day(8), day(8)), "due today is not late yet");
        assert!(!overdue(LoanStatus::Returned, day(1), day(9)));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(LoanStatus::ALL.map(LoanStatus::code), ["out", "returned"]);
        assert_eq!(LoanError::CarOut.code(), "loan-car-out");
        assert_eq!(LoanError::StillOut.code(), "loan-still-out");
    }

    proptest! {
        #[test]
        fn distance_is_never_negative(out in 0i64..500_000, d in -1_000i64..1_000, f1 in 0i32..=100, f2 in 0i32..=100) {
            match came_back((out, f1), (out + d, f2)) {
                Ok((km, used)) => { prop_assert!(d >= 0); prop_assert_eq!(km, d); prop_assert_eq!(used, f1 - f2); }
                Err(e) => { prop_assert!(d < 0); prop_assert_eq!(e, LoanError::MileageBack); }
            }
        }
    }
}
