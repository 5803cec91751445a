//! Stage time limits (seed 003's workflow engine): how long an order may wait in a stage that
//! waits on someone before its owner is reminded, and before the general manager hears of it.
//! Each store keeps its own; a store that set none works with [`Limit::default_of`].

use super::Status;
use chrono::{Duration, NaiveDateTime};

/// The stages that have a limit: each waits on a person (the customer, an approver, the advisor,
/// finance, logistics). The vehicle's journey from the maker is the maker's, and has none.
pub const LIMITED: [Status; 7] = [
    Status::AwaitingConfirmation,
    Status::AwaitingApproval,
    Status::Approved,
    Status::ContractSigned,
    Status::Paid,
    Status::Arrived,
    Status::ReadyForDelivery,
];

/// The most a limit may be: a year.
pub const MAX_HOURS: i32 = 24 * 366;

/// A stage's two limits, in hours from entering it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub remind_hours: i32,
    pub escalate_hours: i32,
}

/// Why a limit cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitError {
    /// Not a stage with a limit.
    NotLimited,
    /// The first limit is not between an hour and a year.
    RemindOutOfRange,
    /// The second limit does not come after the first, or is over a year.
    EscalateNotAfterRemind,
}

impl LimitError {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotLimited => "stage-not-limited",
            Self::RemindOutOfRange => "stage-limit-out-of-range",
            Self::EscalateNotAfterRemind => "stage-escalation-not-after-limit",
        }
    }
}

impl Limit {
    /// A limit for `status`, checked.
    pub fn new(status: Status, remind_hours: i32, escalate_hours: i32) -> Result<Self, LimitError> {
        if !LIMITED.contains(&status) {
            return Err(LimitError::NotLimited);
        }
        if !(1..=MAX_HOURS).contains(&remind_hours) {
            return Err(LimitError::RemindOutOfRange);
        }
        if escalate_hours <= remind_hours || escalate_hours > MAX_HOURS {
            return Err(LimitError::EscalateNotAfterRemind);
        }
        Ok(Self { remind_hours, escalate_hours })
    }

    /// The limits a store works with until it sets its own: confirm within 2 days of sending,
    /// approve within a day, sign within 3 days of approval, pay within 7 days of signing, a paid
    /// order's vehicle ordered or allocated within 3 days, deliver within 3 days of arrival; the
    /// general manager hears at twice each.
    pub fn default_of(status: Status) -> Option<Self> {
        let days = match status {
            Status::AwaitingConfirmation => 2,
            Status::AwaitingApproval => 1,
            Status::Approved => 3,
            Status::ContractSigned => 7,
            Status::Paid => 3,
            Status::Arrived | Status::ReadyForDelivery => 3,
            _ => return None,
        };
        Some(Self { remind_hours: days * 24, escalate_hours: days * 48 })
    }

    /// When a stage entered at `entered` is past this limit.
    pub fn due(self, entered: NaiveDateTime) -> NaiveDateTime {
        entered + Duration::hours(i64::from(self.remind_hours))
    }

    /// When a stage entered at `entered` goes to the general manager.
    pub fn escalates(self, entered: NaiveDateTime) -> NaiveDateTime {
        entered + Duration::hours(i64::from(self.escalate_hours))
    }

    /// The latest entry that is past the limit at `now` (what a query compares with).
    pub fn due_if_entered_by(self, now: NaiveDateTime) -> NaiveDateTime {
        now - Duration::hours(i64::from(self.remind_hours))
    }

    /// The latest entry that is past the second limit at `now`.
    pub fn escalates_if_entered_by(self, now: NaiveDateTime) -> NaiveDateTime {
        now - Duration::hours(i64::from(self.escalate_hours))
    }
}

/// How late a stage is at `now`, in whole minutes (zero or less: not late).
pub fn minutes_late(limit: Limit, entered: NaiveDateTime, now: NaiveDateTime) -> i64 {
    (now - limit.due(entered)).num_minutes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn every_limited_stage_has_a_default_and_only_those() {
        for s in Status::ALL {
            assert_eq!(Limit::default_of(s).is_some(), LIMITED.contains(&s), "{s:?}");
        }
    }

    #[test]
    fn a_limit_is_checked() {
        assert_eq!(Limit::new(Status::InTransit, 1, 2), Err(LimitError::NotLimited));
        assert_eq!(Limit::new(Status::Approved, 0, 2), Err(LimitError::RemindOutOfRange));
        assert_eq!(Limit::new(Status::Approved, 24, 24), Err(LimitError::EscalateNotAfterRemind));
        assert_eq!(Limit::new(Status::Approved, 24, MAX_HOURS + 1), Err(LimitError::EscalateNotAfterRemind));
        assert_eq!(Limit::new(Status::Approved, 24, 25), Ok(Limit { remind_hours: 24, escalate_hours: 25 }));
    }

    #[test]
    fn lateness_counts_from_the_first_limit() {
        let limit = Limit::new(Status::Approved, 72, 144).unwrap();
        let entered = at("2026-12-01 09:00");
        assert_eq!(minutes_late(limit, entered, at("2026-12-04 08:59")), -1);
        assert_eq!(minutes_late(limit, entered, at("2026-12-04 11:30")), 150);
        assert!(limit.due_if_entered_by(at("2026-12-04 09:00")) == entered);
        assert!(limit.escalates(entered) == at("2026-12-07 09:00"));
        assert!(limit.escalates_if_entered_by(at("2026-12-07 09:00")) == entered);
    }
}
