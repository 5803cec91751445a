//! Customer care (客户关怀, issue 31): callbacks (回访) after a visit, a delivery or a long silence,
//! and complaints (投诉) with an owner, a deadline in working days and an escalation (DOMAIN.md §6).
//!
//! A callback is a task for customer service: they call, and either reach the customer and
//! record how satisfied they are (1 to 5), or try again the next day, three times at most. A
//! dissatisfied answer (1 or 2) opens a complaint. A complaint is answered by its owner within
//! the working days its severity allows; an overdue complaint goes to the general manager. It is
//! resolved with what was done, and closed only when the customer accepts the resolution; a
//! customer who does not sends it back to its owner.

use crate::code::coded;
use crate::error::ErrorCode;

pub mod reminders;
#[cfg(test)]
mod tests;

coded! {
    /// Why a callback is due.
    CallbackKind {
        /// The day after a repair order was settled (售后回访).
        Service => "service",
        /// 72 hours after a car was delivered (销售回访).
        Delivery => "delivery",
        /// A car the store has not seen for six months (流失关怀).
        Dormant => "dormant",
    }
}

coded! {
    /// Where a callback stands.
    CallbackStatus {
        Open => "open",
        /// The customer was reached and answered.
        Done => "done",
        /// Not reached in three attempts.
        Unreachable => "unreachable",
    }
}

coded! {
    /// How the customer reached the store with their complaint.
    ComplaintSource {
        Phone => "phone",
        WalkIn => "walk_in",
        /// A dissatisfied answer to a callback.
        Callback => "callback",
        Online => "online",
        /// Passed on by the maker's hotline (厂家转办).
        Maker => "maker",
        /// Social media and the press.
        Media => "media",
    }
}

coded! {
    /// What the complaint is about.
    ComplaintCategory {
        RepairQuality => "repair_quality",
        Waiting => "waiting",
        Price => "price",
        Parts => "parts",
        Attitude => "attitude",
        Sales => "sales",
        Delivery => "delivery",
        Other => "other",
    }
}

coded! {
    /// How serious a complaint is; it sets the deadline.
    Severity {
        Low => "low",
        Normal => "normal",
        High => "high",
        /// Safety, the media, a threat to go to the regulator: the next working day.
        Critical => "critical",
    }
}

coded! {
    /// Where a complaint stands.
    ComplaintStatus {
        /// With its owner.
        Open => "open",
        /// The owner recorded a resolution; the customer is to say whether they accept it.
        Resolved => "resolved",
        /// The customer accepted the resolution.
        Closed => "closed",
    }
}

crate::codes!(
    CallbackKind => "callback kind",
    CallbackStatus => "callback status",
    ComplaintSource => "complaint source",
    ComplaintCategory => "complaint category",
    Severity => "complaint severity",
    ComplaintStatus => "complaint status",
);

/// Attempts at reaching a customer before a callback ends as unreachable.
pub const ATTEMPTS: i32 = 3;

/// Months without a visit after which a car's owner is called (DOMAIN.md §6).
pub const DORMANT_MONTHS: u32 = 6;

/// Hours after a delivery at which its callback is due.
pub const DELIVERY_HOURS: i64 = 72;

impl Severity {
    /// Working days from the day the complaint was opened to its deadline.
    pub fn working_days(self) -> u32 {
        match self {
            Self::Critical => 1,
            Self::High => 2,
            Self::Normal => 5,
            Self::Low => 10,
        }
    }
}

/// Bad values typed for a callback or a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CareInputError {
    #[error("a satisfaction score is 1 (very dissatisfied) to 5 (very satisfied)")]
    Score,
    #[error("say what the customer said (at most 2,000 characters)")]
    Text,
}

impl ErrorCode for CareInputError {
    fn code(&self) -> &'static str {
        match self {
            Self::Score => "care-score-invalid",
            Self::Text => "care-text-invalid",
        }
    }
}

/// A satisfaction score as typed: 1 to 5.
pub fn score(typed: &str) -> Result<i32, CareInputError> {
    typed.trim().parse::<i32>().ok().filter(|s| (1..=5).contains(s)).ok_or(CareInputError::Score)
}

/// A text the customer or the owner said: trimmed, 1 to 2,000 characters.
pub fn text(typed: &str) -> Result<String, CareInputError> {
    let t = typed.trim();
    if t.is_empty() || t.chars().count() > 2_000 { Err(CareInputError::Text) } else { Ok(t.to_string()) }
}

/// A score that opens a complaint.
pub fn dissatisfied(score: i32) -> bool {
    score <= 2
}

/// What a call achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// Reached, with their score.
    Reached {
        score: i32,
    },
    NotReached,
}

/// The callback's status after a call, its attempts so far being `attempts`; `None` when the
/// callback is no longer open.
pub fn after_call(status: CallbackStatus, attempts: i32, call: Call) -> Option<CallbackStatus> {
    if status != CallbackStatus::Open {
        return None;
    }
    Some(match call {
        Call::Reached { .. } => CallbackStatus::Done,
        Call::NotReached if attempts + 1 >= ATTEMPTS => CallbackStatus::Unreachable,
        Call::NotReached => CallbackStatus::Open,
    })
}

/// What is done to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintStep {
    /// The owner records what was done.
    Resolve,
    /// The customer accepts the resolution.
    Accept,
    /// The customer does not accept it: back to the owner.
    Reopen,
    /// Another owner takes it over.
    Reassign,
}

/// Why a step is refused in a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ComplaintRefusal {
    #[error("only an open complaint is resolved or handed to another owner")]
    NotOpen,
    #[error("the customer answers a resolved complaint only")]
    NotResolved,
}

impl ErrorCode for ComplaintRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NotOpen => "complaint-not-open",
            Self::NotResolved => "complaint-not-resolved",
        }
    }
}

/// The complaint's status after `step`.
pub fn step(status: ComplaintStatus, step: ComplaintStep) -> Result<ComplaintStatus, ComplaintRefusal> {
    use ComplaintStatus as S;
    use ComplaintStep as T;
    match (status, step) {
        (S::Open, T::Resolve) => Ok(S::Resolved),
        (S::Open, T::Reassign) => Ok(S::Open),
        (S::Resolved, T::Accept) => Ok(S::Closed),
        (S::Resolved, T::Reopen) => Ok(S::Open),
        (_, T::Resolve | T::Reassign) => Err(ComplaintRefusal::NotOpen),
        (_, T::Accept | T::Reopen) => Err(ComplaintRefusal::NotResolved),
    }
}

/// A complaint's number: `{store}-TS{yyyymmdd}-{seq:04}` (投诉), per store and day.
pub fn complaint_number(store_code: &str, day: chrono::NaiveDate, seq: i64) -> String {
    format!("{store_code}-TS{}-{seq:04}", day.format("%Y%m%d"))
}
