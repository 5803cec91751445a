use super::*;
use RepairStatus as S;
use proptest::prelude::*;

fn facts(jobs: usize, done: usize, started: usize, unapproved: usize, paid: bool) -> Facts {
    Facts { jobs, jobs_done: done, jobs_started: started, unapproved, paid, parts_waiting: 0 }
}

#[test]
fn a_repair_order_goes_from_reception_to_handover() {
    let mut s = S::Received;
    s = apply(s, facts(2, 0, 0, 3, false), Command::ApproveEstimate).unwrap();
    assert_eq!(s, S::Approved);
    s = apply(s, facts(2, 0, 0, 0, false), Command::Dispatch).unwrap();
    assert_eq!(s, S::InProgress);
    assert_eq!(apply(s, facts(2, 1, 2, 0, false), Command::JobsDone), Err(RepairError::JobsOpen));
    s = apply(s, facts(2, 2, 2, 0, false), Command::JobsDone).unwrap();
    assert_eq!(s, S::QualityCheck);
    assert_eq!(apply(s, facts(2, 2, 2, 0, false), Command::FailQc), Ok(S::InProgress));
    s = apply(s, facts(2, 2, 2, 0, false), Command::PassQc).unwrap();
    assert_eq!(s, S::Passed);
    s = apply(s, facts(2, 2, 2, 0, false), Command::Settle).unwrap();
    assert_eq!(apply(s, facts(2, 2, 2, 0, false), Command::HandOver), Err(RepairError::Unpaid));
    assert_eq!(apply(s, facts(2, 2, 2, 0, true), Command::HandOver), Ok(S::HandedOver));
}

#[test]
fn the_forbidden_steps_say_why() {
    assert_eq!(apply(S::Received, facts(1, 0, 0, 1, false), Command::Dispatch), Err(RepairError::AwaitingApproval));
    assert_eq!(apply(S::Received, facts(0, 0, 0, 1, false), Command::ApproveEstimate), Err(RepairError::NoJobs));
    assert_eq!(
        apply(S::Approved, facts(1, 0, 0, 0, false), Command::ApproveEstimate),
        Err(RepairError::NothingToApprove)
    );
    assert_eq!(apply(S::InProgress, facts(1, 1, 1, 0, false), Command::Settle), Err(RepairError::QcNotPassed));
    let waiting = Facts { parts_waiting: 1, ..facts(1, 1, 1, 0, false) };
    assert_eq!(apply(S::Passed, waiting, Command::Settle), Err(RepairError::PartsNotIssued));
    assert_eq!(apply(S::InProgress, facts(1, 0, 0, 0, false), Command::PassQc), Err(RepairError::NotInQc));
    assert_eq!(apply(S::InProgress, facts(2, 2, 2, 1, false), Command::JobsDone), Err(RepairError::AwaitingApproval));
    assert_eq!(apply(S::Approved, facts(1, 0, 1, 0, false), Command::Cancel), Err(RepairError::WorkStarted));
    assert_eq!(apply(S::Passed, facts(1, 1, 1, 0, false), Command::HandOver), Err(RepairError::NotSettled));
    assert_eq!(apply(S::HandedOver, facts(1, 1, 1, 0, true), Command::Cancel), Err(RepairError::Closed));
    assert_eq!(apply(S::Cancelled, facts(0, 0, 0, 0, true), Command::ApproveEstimate), Err(RepairError::Closed));
    assert_eq!(apply(S::Settled, facts(1, 1, 1, 1, false), Command::ApproveEstimate), Err(RepairError::WrongStatus));
}

#[test]
fn work_that_grows_is_approved_again_without_leaving_the_workshop() {
    assert_eq!(apply(S::InProgress, facts(3, 1, 2, 1, false), Command::ApproveEstimate), Ok(S::InProgress));
    assert_eq!(apply(S::QualityCheck, facts(3, 2, 2, 0, false), Command::Dispatch), Ok(S::InProgress));
    assert_eq!(
        available_commands(S::Received, facts(1, 0, 0, 1, false)),
        vec![Command::ApproveEstimate, Command::Cancel]
    );
}

#[test]
fn numbers_read_store_day_and_sequence() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assert_eq!(number("SH01", day, 12), "SH01-WX20261207-0012");
    assert_eq!(fuel_level(101), Err(RepairInputError::FuelLevel));
    assert_eq!(fuel_level(35), Ok(35));
    assert_eq!(mileage(12_000, Some(12_500)), Err(RepairInputError::MileageBelowLast));
    assert_eq!(mileage(-1, None), Err(RepairInputError::Mileage));
}

fn any_status() -> impl Strategy<Value = RepairStatus> {
    (0..RepairStatus::ALL.len()).prop_map(|i| RepairStatus::ALL[i])
}

fn any_facts() -> impl Strategy<Value = Facts> {
    (0usize..4, 0usize..4, 0usize..4, 0usize..3, any::<bool>(), 0usize..2).prop_map(
        |(jobs, done, started, unapproved, paid, parts_waiting)| Facts {
            parts_waiting,
            ..facts(jobs, done.min(jobs), started.min(jobs).max(done.min(jobs)), unapproved, paid)
        },
    )
}

proptest! {
    #[test]
    fn available_commands_are_exactly_those_apply_accepts(s in any_status(), f in any_facts()) {
        let available = available_commands(s, f);
        for c in Command::ALL {
            prop_assert_eq!(available.contains(&c), apply(s, f, c).is_ok());
        }
    }

    /// Whatever happens, a car never leaves unsettled or unpaid, is never settled before quality
    /// control passed, and a closed order takes no command.
    #[test]
    fn no_path_hands_over_unpaid_or_settles_before_qc(steps in proptest::collection::vec((0usize..8, any_facts()), 0..24)) {
        let mut s = S::Received;
        for (i, f) in steps {
            let c = Command::ALL[i];
            match apply(s, f, c) {
                Ok(next) => {
                    if next == S::HandedOver { prop_assert!(s == S::Settled && f.paid); }
                    if next == S::Settled { prop_assert!(s == S::Passed && f.parts_waiting == 0); }
                    if next == S::Passed { prop_assert!(f.jobs_done == f.jobs && f.unapproved == 0); }
                    if next == S::Cancelled { prop_assert_eq!(f.jobs_started, 0); }
                    s = next;
                }
                Err(_) if !s.is_open() => prop_assert_eq!(apply(s, f, c), Err(RepairError::Closed)),
                Err(_) => {}
            }
        }
    }
}
