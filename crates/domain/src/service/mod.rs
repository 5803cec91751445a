//! After-sales service: the repair order (工单) from reception to handover (DOMAIN.md §6).
//!
//! A repair order is received at the desk with the car's mileage, fuel or charge level and the
//! customer's complaints; its jobs (labour) and parts make the estimate, which the customer
//! approves on paper or by link, and again for every line added later. The workshop foreman
//! dispatches approved jobs to technicians, who start them, wait for parts and finish them with
//! the hours they clocked. When the last job is done the order waits for quality control; a
//! failed check sends the named jobs back to work. A passed check lets the service advisor
//! settle: the lines are fixed, each with its payer, and the customer's part is billed through
//! finance. The car goes back to the customer once that part is paid.
//!
//! [`apply`] is the only place that decides whether a command may run; [`available_commands`]
//! lists what it accepts.

pub mod appointments;
pub mod jobs;
pub mod lines;
pub mod warranty;

use crate::code::coded;
use crate::error::ErrorCode;

coded! {
    /// Where a repair order stands.
    RepairStatus {
        /// Received at the desk; the estimate is being drawn up and waits for the customer.
        Received => "received",
        /// The customer approved the estimate: the jobs may be dispatched.
        Approved => "approved",
        /// Jobs are dispatched and under way.
        InProgress => "in_progress",
        /// Every job is done: waiting for the inspector.
        QualityCheck => "quality_check",
        /// Quality control passed: ready to settle.
        Passed => "passed",
        /// Settled: the lines and the customer's part are fixed and billed.
        Settled => "settled",
        /// The car is back with its customer.
        HandedOver => "handed_over",
        Cancelled => "cancelled",
    }
}

coded! {
    /// Who pays a line.
    Payer {
        Customer => "customer",
        /// 三包 or the maker's warranty: claimed from the maker.
        Warranty => "warranty",
        Insurance => "insurance",
        /// The store itself (a used car's reconditioning, goodwill).
        Internal => "internal",
    }
}

coded! {
    /// How the customer approved an estimate.
    ApprovedBy {
        /// Signed on the printed estimate at the desk.
        Paper => "paper",
        /// Through the link sent to them.
        Link => "link",
    }
}

coded! {
    /// The systems a repair concerns: what the 三包 clocks count repeats by (DOMAIN.md §6).
    System {
        Engine => "engine",
        Gearbox => "gearbox",
        TractionBattery => "traction_battery",
        DriveMotor => "drive_motor",
        Steering => "steering",
        Brakes => "brakes",
        Body => "body",
        FuelSystem => "fuel_system",
        Suspension => "suspension",
        Electrical => "electrical",
        AirConditioning => "air_conditioning",
        Maintenance => "maintenance",
        Other => "other",
    }
}

crate::codes!(
    RepairStatus => "repair order status",
    Payer => "payer",
    ApprovedBy => "estimate approval",
    System => "vehicle system",
);

impl RepairStatus {
    /// Still at the store: not handed over and not cancelled.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::HandedOver | Self::Cancelled)
    }

    /// The workshop may still change the lines.
    pub fn lines_open(self) -> bool {
        matches!(self, Self::Received | Self::Approved | Self::InProgress | Self::QualityCheck)
    }
}

/// What is true of a repair order besides its status, for [`apply`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// Jobs on the order (labour lines).
    pub jobs: usize,
    /// Jobs done.
    pub jobs_done: usize,
    /// Jobs started at least once (work began on the car).
    pub jobs_started: usize,
    /// Lines (jobs or parts) the customer has not approved yet.
    pub unapproved: usize,
    /// The customer's part is paid (or there is none).
    pub paid: bool,
    /// Approved part lines the parts store has not issued in full: settlement waits for them,
    /// so that what is billed is what left the shelves.
    pub parts_waiting: usize,
}

/// What may be done to a repair order as a whole (a job's own steps are [`jobs::Step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// The customer approved the lines waiting for approval.
    ApproveEstimate,
    /// A job goes to a technician (the first one moves the order into the workshop).
    Dispatch,
    /// The last job is done: the order waits for the inspector.
    JobsDone,
    /// The inspector passed the car.
    PassQc,
    /// The inspector sent jobs back to work.
    FailQc,
    /// The lines are fixed and the customer's part billed.
    Settle,
    /// The car goes back to the customer.
    HandOver,
    /// Nothing was done: the order ends.
    Cancel,
}

impl Command {
    pub const ALL: [Command; 8] = [
        Self::ApproveEstimate,
        Self::Dispatch,
        Self::JobsDone,
        Self::PassQc,
        Self::FailQc,
        Self::Settle,
        Self::HandOver,
        Self::Cancel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ApproveEstimate => "approve_estimate",
            Self::Dispatch => "dispatch",
            Self::JobsDone => "jobs_done",
            Self::PassQc => "pass_qc",
            Self::FailQc => "fail_qc",
            Self::Settle => "settle",
            Self::HandOver => "hand_over",
            Self::Cancel => "cancel",
        }
    }
}

/// Why a command was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RepairError {
    #[error("the repair order is closed")]
    Closed,
    #[error("no line waits for the customer's approval")]
    NothingToApprove,
    #[error("the estimate has no job")]
    NoJobs,
    #[error("lines wait for the customer's approval")]
    AwaitingApproval,
    #[error("not every job is done")]
    JobsOpen,
    #[error("the repair order is not waiting for quality control")]
    NotInQc,
    #[error("quality control has not passed")]
    QcNotPassed,
    #[error("the repair order is not settled")]
    NotSettled,
    #[error("the customer's part is not paid")]
    Unpaid,
    #[error("work has started on the car")]
    WorkStarted,
    #[error("the repair order cannot take this step now")]
    WrongStatus,
    #[error("parts on the estimate have not been issued by the parts store")]
    PartsNotIssued,
}

impl ErrorCode for RepairError {
    fn code(&self) -> &'static str {
        match self {
            Self::Closed => "repair-closed",
            Self::NothingToApprove => "repair-nothing-to-approve",
            Self::NoJobs => "repair-no-jobs",
            Self::AwaitingApproval => "repair-awaiting-approval",
            Self::JobsOpen => "repair-jobs-open",
            Self::NotInQc => "repair-not-in-qc",
            Self::QcNotPassed => "repair-qc-not-passed",
            Self::NotSettled => "repair-not-settled",
            Self::Unpaid => "repair-unpaid",
            Self::WorkStarted => "repair-work-started",
            Self::WrongStatus => "repair-wrong-status",
            Self::PartsNotIssued => "repair-parts-not-issued",
        }
    }
}

/// The status after `command`, or why it may not run.
pub fn apply(status: RepairStatus, facts: Facts, command: Command) -> Result<RepairStatus, RepairError> {
    use Command as C;
    use RepairStatus as S;
    if !status.is_open() {
        return Err(RepairError::Closed);
    }
    match command {
        C::ApproveEstimate => {
            if !status.lines_open() {
                return Err(RepairError::WrongStatus);
            }
            if facts.unapproved == 0 {
                return Err(RepairError::NothingToApprove);
            }
            if facts.jobs == 0 {
                return Err(RepairError::NoJobs);
            }
            Ok(if status == S::Received { S::Approved } else { status })
        }
        C::Dispatch => match status {
            // A job added after quality control was asked for goes back to the workshop.
            S::Approved | S::InProgress | S::QualityCheck => Ok(S::InProgress),
            S::Received => Err(RepairError::AwaitingApproval),
            _ => Err(RepairError::WrongStatus),
        },
        C::JobsDone => match status {
            S::InProgress if facts.jobs_done < facts.jobs => Err(RepairError::JobsOpen),
            S::InProgress if facts.unapproved > 0 => Err(RepairError::AwaitingApproval),
            S::InProgress => Ok(S::QualityCheck),
            _ => Err(RepairError::WrongStatus),
        },
        C::PassQc | C::FailQc if status != S::QualityCheck => Err(RepairError::NotInQc),
        C::PassQc if facts.jobs_done < facts.jobs => Err(RepairError::JobsOpen),
        C::PassQc if facts.unapproved > 0 => Err(RepairError::AwaitingApproval),
        C::PassQc => Ok(S::Passed),
        C::FailQc => Ok(S::InProgress),
        C::Settle => match status {
            S::Passed if facts.parts_waiting > 0 => Err(RepairError::PartsNotIssued),
            S::Passed => Ok(S::Settled),
            _ => Err(RepairError::QcNotPassed),
        },
        C::HandOver => match status {
            S::Settled if facts.paid => Ok(S::HandedOver),
            S::Settled => Err(RepairError::Unpaid),
            _ => Err(RepairError::NotSettled),
        },
        C::Cancel => match status {
            S::Received | S::Approved if facts.jobs_started == 0 => Ok(S::Cancelled),
            S::Received | S::Approved | S::InProgress | S::QualityCheck => Err(RepairError::WorkStarted),
            _ => Err(RepairError::WrongStatus),
        },
    }
}

/// The commands [`apply`] accepts now, in [`Command::ALL`]'s order.
pub fn available_commands(status: RepairStatus, facts: Facts) -> Vec<Command> {
    Command::ALL.into_iter().filter(|c| apply(status, facts, *c).is_ok()).collect()
}

/// A repair order's number: `{store}-WX{yyyymmdd}-{seq:04}` (维修), per store and day.
pub fn number(store_code: &str, day: chrono::NaiveDate, seq: i64) -> String {
    format!("{store_code}-WX{}-{seq:04}", day.format("%Y%m%d"))
}

/// A fuel or charge level: 0 to 100 per cent.
pub fn fuel_level(percent: i64) -> Result<i32, RepairInputError> {
    i32::try_from(percent).ok().filter(|p| (0..=100).contains(p)).ok_or(RepairInputError::FuelLevel)
}

/// A mileage read at the desk: 0 to 3,000,000 km, and not below the last one recorded.
pub fn mileage(km: i64, last: Option<i64>) -> Result<i64, RepairInputError> {
    if !(0..=3_000_000).contains(&km) {
        return Err(RepairInputError::Mileage);
    }
    match last {
        Some(l) if km < l => Err(RepairInputError::MileageBelowLast),
        _ => Ok(km),
    }
}

/// Bad values typed at reception or on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RepairInputError {
    #[error("a fuel or charge level is 0 to 100 %")]
    FuelLevel,
    #[error("a mileage is 0 to 3,000,000 km")]
    Mileage,
    #[error("the mileage is below the one last recorded for this car")]
    MileageBelowLast,
}

impl ErrorCode for RepairInputError {
    fn code(&self) -> &'static str {
        match self {
            Self::FuelLevel => "repair-fuel-level",
            Self::Mileage => "mileage-invalid",
            Self::MileageBelowLast => "repair-mileage-below-last",
        }
    }
}

#[cfg(test)]
mod tests;
