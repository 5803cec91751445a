//! A job's own steps in the workshop: dispatched to a technician, started, waiting for parts,
//! done with the hours clocked, and sent back to work by a failed quality check.

use crate::code::coded;
use crate::error::ErrorCode;

coded! {
    /// Where a job stands.
    JobStatus {
        /// Not dispatched yet.
        Waiting => "waiting",
        /// Given to a technician, not started.
        Assigned => "assigned",
        Started => "started",
        /// Stopped until a part arrives.
        WaitingParts => "waiting_parts",
        Done => "done",
    }
}

crate::codes!(JobStatus => "job status");

/// What happens to a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// The foreman gives it to a technician (or to another one before it starts).
    Assign,
    /// The technician starts, or resumes after a part arrived.
    Start,
    /// The technician stops until a part arrives.
    WaitForParts,
    /// The technician finishes.
    Finish,
    /// A failed quality check sends it back to its technician.
    Reopen,
}

impl Step {
    pub const ALL: [Step; 5] = [Self::Assign, Self::Start, Self::WaitForParts, Self::Finish, Self::Reopen];

    pub fn code(self) -> &'static str {
        match self {
            Self::Assign => "assign",
            Self::Start => "start",
            Self::WaitForParts => "wait_for_parts",
            Self::Finish => "finish",
            Self::Reopen => "reopen",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The steps a technician takes on their own job (the others are the foreman's).
    pub fn is_technicians(self) -> bool {
        matches!(self, Self::Start | Self::WaitForParts | Self::Finish)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    #[error("the job cannot take this step now")]
    WrongStatus,
    #[error("the job waits for the customer's approval")]
    Unapproved,
}

impl ErrorCode for JobError {
    fn code(&self) -> &'static str {
        match self {
            Self::WrongStatus => "job-wrong-status",
            Self::Unapproved => "job-unapproved",
        }
    }
}

/// The job's status after `step`; an unapproved job is never dispatched.
pub fn advance(status: JobStatus, approved: bool, step: Step) -> Result<JobStatus, JobError> {
    use JobStatus as J;
    match (status, step) {
        (J::Waiting | J::Assigned, Step::Assign) if !approved => Err(JobError::Unapproved),
        (J::Waiting | J::Assigned, Step::Assign) => Ok(J::Assigned),
        (J::Assigned | J::WaitingParts, Step::Start) => Ok(J::Started),
        (J::Started, Step::WaitForParts) => Ok(J::WaitingParts),
        (J::Started, Step::Finish) => Ok(J::Done),
        (J::Done, Step::Reopen) => Ok(J::Assigned),
        _ => Err(JobError::WrongStatus),
    }
}

/// The steps [`advance`] takes now.
pub fn available_steps(status: JobStatus, approved: bool) -> Vec<Step> {
    Step::ALL.into_iter().filter(|s| advance(status, approved, *s).is_ok()).collect()
}

/// Hours as typed ("1.5", "0.25"), kept in hundredths: more than 0 and at most 99.99.
pub fn hours(input: &str) -> Result<i32, HoursError> {
    let s = input.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(HoursError::Invalid);
    }
    let whole: i32 = whole.parse().map_err(|_| HoursError::Invalid)?;
    let frac: i32 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| HoursError::Invalid)? };
    let h = whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or(HoursError::Invalid)?;
    if h == 0 || h > 9_999 {
        return Err(HoursError::OutOfRange);
    }
    Ok(h)
}

/// Hundredths of an hour as shown: `1.5`, `0.25`, `2`.
pub fn show_hours(hundredths: i32) -> String {
    let (w, f) = (hundredths / 100, hundredths % 100);
    match f {
        0 => w.to_string(),
        f if f % 10 == 0 => format!("{w}.{}", f / 10),
        f => format!("{w}.{f:02}"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("hours are a number such as 1.5")]
    Invalid,
    #[error("hours are more than 0 and at most 99.99")]
    OutOfRange,
}

impl ErrorCode for HoursError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid => "hours-invalid",
            Self::OutOfRange => "hours-out-of-range",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_job_goes_assigned_started_waiting_started_done_and_back_when_qc_fails() {
        let mut s = JobStatus::Waiting;
        for step in [Step::Assign, Step::Start, Step::WaitForParts, Step::Start, Step::Finish, Step::Reopen] {
            s = advance(s, true, step).unwrap();
        }
        assert_eq!(s, JobStatus::Assigned);
        assert_eq!(advance(JobStatus::Waiting, false, Step::Assign), Err(JobError::Unapproved));
        assert_eq!(advance(JobStatus::Done, true, Step::Start), Err(JobError::WrongStatus));
        assert_eq!(advance(JobStatus::Assigned, true, Step::Finish), Err(JobError::WrongStatus));
        assert_eq!(available_steps(JobStatus::Started, true), vec![Step::WaitForParts, Step::Finish]);
    }

    #[test]
    fn hours_read_with_up_to_two_decimals_and_show_back() {
        assert_eq!(hours("1.5"), Ok(150));
        assert_eq!(hours(" 0.25 "), Ok(25));
        assert_eq!(hours("2"), Ok(200));
        assert_eq!(hours("0"), Err(HoursError::OutOfRange));
        assert_eq!(hours("-1"), Err(HoursError::Invalid));
        assert_eq!(hours("1.234"), Err(HoursError::Invalid));
        assert_eq!(hours("100"), Err(HoursError::OutOfRange));
        assert_eq!(hours("abc"), Err(HoursError::Invalid));
        assert_eq!(hours(".5"), Err(HoursError::Invalid));
        assert_eq!(show_hours(150), "1.5");
        assert_eq!(show_hours(25), "0.25");
        assert_eq!(show_hours(200), "2");
    }

    proptest! {
        #[test]
        fn shown_hours_read_back_as_themselves(h in 1i32..=9_999) {
            prop_assert_eq!(hours(&show_hours(h)), Ok(h));
        }

        #[test]
        fn no_sequence_of_steps_finishes_an_unapproved_job(steps in proptest::collection::vec(0usize..5, 0..12)) {
            let mut s = JobStatus::Waiting;
            for i in steps {
                if let Ok(next) = advance(s, false, Step::ALL[i]) { s = next; }
            }
            prop_assert_eq!(s, JobStatus::Waiting);
        }
    }
}
