use super::*;
use proptest::prelude::*;

fn any_status() -> impl Strategy<Value = ComplaintStatus> {
    prop::sample::select(ComplaintStatus::ALL.to_vec())
}

fn any_step() -> impl Strategy<Value = ComplaintStep> {
    prop::sample::select(vec![
        ComplaintStep::Resolve,
        ComplaintStep::Accept,
        ComplaintStep::Reopen,
        ComplaintStep::Reassign,
    ])
}

proptest! {
    /// Whatever is done in whatever order, a complaint is closed only by the customer's
    /// acceptance of a resolution, and nothing moves a closed complaint.
    #[test]
    fn only_an_accepted_resolution_closes_a_complaint(steps in prop::collection::vec(any_step(), 0..12)) {
        let mut status = ComplaintStatus::Open;
        let mut last_ok = None;
        for s in steps {
            if let Ok(next) = step(status, s) {
                status = next;
                last_ok = Some(s);
            }
        }
        if status == ComplaintStatus::Closed {
            prop_assert_eq!(last_ok, Some(ComplaintStep::Accept));
        }
    }

    #[test]
    fn a_closed_complaint_takes_no_step(s in any_step()) {
        prop_assert!(step(ComplaintStatus::Closed, s).is_err());
    }

    #[test]
    fn an_answered_callback_takes_no_more_calls(status in prop::sample::select(vec![CallbackStatus::Done, CallbackStatus::Unreachable]), attempts in 0..5i32, score in 1..=5i32) {
        prop_assert_eq!(after_call(status, attempts, Call::Reached { score }), None);
        prop_assert_eq!(after_call(status, attempts, Call::NotReached), None);
    }

    #[test]
    fn resolving_needs_an_open_complaint(status in any_status()) {
        prop_assert_eq!(step(status, ComplaintStep::Resolve).is_ok(), status == ComplaintStatus::Open);
    }
}

#[test]
fn the_third_missed_call_ends_the_callback() {
    assert_eq!(after_call(CallbackStatus::Open, 0, Call::NotReached), Some(CallbackStatus::Open));
    assert_eq!(after_call(CallbackStatus::Open, 1, Call::NotReached), Some(CallbackStatus::Open));
    assert_eq!(after_call(CallbackStatus::Open, 2, Call::NotReached), Some(CallbackStatus::Unreachable));
    assert_eq!(after_call(CallbackStatus::Open, 2, Call::Reached { score: 4 }), Some(CallbackStatus::Done));
}

#[test]
fn scores_and_texts_are_checked() {
    assert_eq!(score(" 5 "), Ok(5));
    for bad in ["0", "6", "", "x", "2.5"] {
        assert_eq!(score(bad), Err(CareInputError::Score), "{bad}");
    }
    assert!(dissatisfied(2) && !dissatisfied(3));
    assert_eq!(text("   "), Err(CareInputError::Text));
    assert_eq!(text(&"很".repeat(2_001)), Err(CareInputError::Text));
    assert_eq!(text(" 等待时间太长 ").as_deref(), Ok("等待时间太长"));
}

#[test]
fn deadlines_by_severity_and_numbers() {
    assert!(Severity::Critical.working_days() < Severity::High.working_days());
    assert!(Severity::High.working_days() < Severity::Normal.working_days());
    assert!(Severity::Normal.working_days() < Severity::Low.working_days());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assert_eq!(complaint_number("SH01", day, 3), "SH01-TS20261207-0003");
}
