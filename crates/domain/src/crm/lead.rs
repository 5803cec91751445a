//! A lead: someone who may buy, from the first contact to the order or to being lost (战败).
//! Stages move forward as the advisor reports them; "ordered" only follows from an order, and
//! "lost" only from a manager's approval of the advisor's request (DOMAIN.md §1).

use crate::error::ErrorCode;
use chrono::{Days, NaiveDate};

use crate::code::coded;

coded!(
    /// Where a lead stands in the pipeline, in the order a sale goes.
    LeadStage {
        New => "new",
        Contacted => "contacted",
        /// Invited to the store (邀约到店).
        Invited => "invited",
        TestDrive => "test_drive",
        Negotiating => "negotiating",
        Ordered => "ordered",
        /// 战败: approved by a manager, with a reason.
        Lost => "lost",
        /// No reply for a long time; it may wake up.
        Dormant => "dormant",
    }
);

impl LeadStage {
    /// The stages of a lead still being worked on.
    pub const OPEN: [LeadStage; 5] = [Self::New, Self::Contacted, Self::Invited, Self::TestDrive, Self::Negotiating];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// Ordered or lost: nothing more happens to it.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Ordered | Self::Lost)
    }
}

coded!(
    /// Intent tier (意向级别): how soon the customer is likely to buy. H is hottest.
    Tier {
        H => "h",
        A => "a",
        B => "b",
        C => "c",
        /// Not yet rated.
        N => "n",
    }
);

impl Tier {
    /// The follow-up cadence a store starts with (days between contacts), until its
    /// administrator sets its own: H within a day, A three days, B a week.
    pub fn default_cadence_days(self) -> u32 {
        match self {
            Self::H => 1,
            Self::A => 3,
            Self::B => 7,
            Self::C => 14,
            Self::N => 30,
        }
    }
}

/// The longest cadence an administrator may set.
pub const MAX_CADENCE_DAYS: u32 = 90;

coded!(
    /// When the customer means to buy.
    Timeframe {
        WithinWeek => "within_week",
        WithinMonth => "within_month",
        WithinQuarter => "within_quarter",
        Later => "later",
        Undecided => "undecided",
    }
);

coded!(
    PaymentIntention {
        Full => "full",
        Loan => "loan",
        Undecided => "undecided",
    }
);

coded!(
    /// How a contact was made.
    ContactKind {
        Call => "call",
        Visit => "visit",
        Sms => "sms",
        Wechat => "wechat",
    }
);

coded!(
    /// What a contact achieved.
    Outcome {
        Reached => "reached",
        NoAnswer => "no_answer",
        /// The customer agreed to come to the store.
        Invited => "invited",
        /// The customer came to the store.
        Visited => "visited",
    }
);

coded!(
    /// Why a lead was lost (战败原因).
    LostReason {
        Price => "price",
        Brand => "brand",
        CompetitorBought => "competitor_bought",
        NoBudget => "no_budget",
        Unreachable => "unreachable",
        Postponed => "postponed",
        Other => "other",
    }
);

impl LostReason {
    /// Whether the request must name the competitor (the brand or store the customer went to).
    pub fn needs_competitor(self) -> bool {
        matches!(self, Self::CompetitorBought | Self::Brand)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LeadError {
    #[error("the lead is ordered or lost")]
    Closed,
    #[error("the lead cannot move to this stage this way")]
    WrongStage,
    #[error("a lost request is already waiting for a manager")]
    LostPending,
    #[error("no lost request is waiting")]
    NoLostRequest,
    #[error("nobody approves their own request")]
    OwnRequest,
    #[error("a follow-up is scheduled for today or later")]
    FollowUpPast,
    #[error("a follow-up is scheduled within a year")]
    FollowUpTooFar,
}

impl ErrorCode for LeadError {
    fn code(&self) -> &'static str {
        match self {
            Self::Closed => "lead-closed",
            Self::WrongStage => "lead-wrong-stage",
            Self::LostPending => "lead-lost-pending",
            Self::NoLostRequest => "lead-no-lost-request",
            Self::OwnRequest => "lead-own-request",
            Self::FollowUpPast => "follow-up-in-past",
            Self::FollowUpTooFar => "follow-up-too-far",
        }
    }
}

/// What can happen to a lead's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The advisor reports where it stands (an open stage; a dormant lead wakes up).
    Report(LeadStage),
    /// No reply for a long time.
    Sleep,
    /// An order was created from it.
    Order,
    /// The advisor asks to give it up.
    RequestLost,
    /// A manager approves (`true`) or refuses the request; never the one who asked.
    DecideLost { requester: i64, approver: i64, approve: bool },
}

/// The stage after `step` from `stage` (with `pending`: a lost request waiting), or why not.
pub fn advance(stage: LeadStage, pending: bool, step: Step) -> Result<LeadStage, LeadError> {
    use LeadStage as S;
    if stage.is_closed() {
        return Err(LeadError::Closed);
    }
    match step {
        Step::DecideLost { .. } if !pending => Err(LeadError::NoLostRequest),
        Step::DecideLost { requester, approver, .. } if requester == approver => Err(LeadError::OwnRequest),
        Step::DecideLost { approve: true, .. } => Ok(S::Lost),
        Step::DecideLost { approve: false, .. } => Ok(stage),
        // Waiting for the manager, the lead stays as it is; an order still wins over it.
        Step::Order => Ok(S::Ordered),
        _ if pending => Err(LeadError::LostPending),
        Step::RequestLost => Ok(stage),
        Step::Report(to) if to.is_open() => Ok(to),
        Step::Report(_) => Err(LeadError::WrongStage),
        Step::Sleep if stage.is_open() => Ok(S::Dormant),
        Step::Sleep => Err(LeadError::WrongStage),
    }
}

/// What staff may do with a lead on its page and through the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadAction {
    /// Create an order from it.
    Order,
    Edit,
    /// Log a contact.
    Contact,
    /// Book a test drive.
    BookTestDrive,
    /// Report the stage it stands at.
    ReportStage,
    /// Move the next follow-up.
    Reschedule,
    /// Hand it to another advisor.
    Assign,
    RequestLost,
    /// Approve or refuse the lost request (never the one who asked: `own_request`).
    DecideLost,
}

impl LeadAction {
    pub fn code(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Edit => "edit",
            Self::Contact => "contact",
            Self::BookTestDrive => "book_test_drive",
            Self::ReportStage => "stage",
            Self::Reschedule => "reschedule",
            Self::Assign => "assign",
            Self::RequestLost => "request_lost",
            Self::DecideLost => "decide_lost",
        }
    }
}

/// The actions the rules accept for a lead at `stage` (`pending`: a lost request waiting;
/// `own_request`: the reader made it): the steps [`advance`] takes, and the record-keeping of an
/// open lead (edit, contacts, test drives, assignment).
pub fn available_actions(stage: LeadStage, pending: bool, own_request: bool) -> Vec<LeadAction> {
    use LeadAction as A;
    let takes = |step: Step| advance(stage, pending, step).is_ok();
    let open = !stage.is_closed();
    let reports = LeadStage::ALL.iter().any(|s| takes(Step::Report(*s)));
    let (requester, approver) = if own_request { (1, 1) } else { (1, 2) };
    [
        (A::Order, takes(Step::Order)),
        (A::Edit, open),
        (A::Contact, open),
        (A::BookTestDrive, open),
        (A::ReportStage, reports),
        (A::Reschedule, reports),
        (A::Assign, open),
        (A::RequestLost, takes(Step::RequestLost)),
        (A::DecideLost, takes(Step::DecideLost { requester, approver, approve: false })),
    ]
    .into_iter()
    .filter_map(|(a, ok)| ok.then_some(a))
    .collect()
}

/// The stage a logged contact implies: a first reached contact makes a new lead contacted, an
/// invitation makes it invited, a visit at least invited; a dormant lead that answers wakes up.
/// Never backwards.
pub fn stage_after_contact(stage: LeadStage, outcome: Outcome) -> LeadStage {
    use LeadStage as S;
    let at_least = match outcome {
        Outcome::NoAnswer => return stage,
        Outcome::Reached => S::Contacted,
        Outcome::Invited | Outcome::Visited => S::Invited,
    };
    match stage {
        S::Dormant => at_least,
        // The stages are declared in their order, the closed ones (ordered, lost) after every
        // open one: a contact never moves a lead back, nor a closed one at all.
        s => s.max(at_least),
    }
}

/// Whether the inquiry itself was a conversation (the customer walked in, called, or was met at
/// an event or show): the lead starts contacted and its next follow-up follows the cadence.
/// Leads from a website, a platform, social media or a referral start new, to be called today.
pub fn inquiry_was_contact(channel: crate::sales::Channel) -> bool {
    use crate::sales::Channel as C;
    matches!(channel, C::WalkIn | C::Phone | C::Event | C::Exhibition | C::Returning)
}

/// A follow-up is planned from today to a year ahead.
pub fn check_follow_up(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, LeadError> {
    if day < today {
        Err(LeadError::FollowUpPast)
    } else if day > today + Days::new(366) {
        Err(LeadError::FollowUpTooFar)
    } else {
        Ok(day)
    }
}

/// The date the tier's cadence proposes for the next follow-up after a contact on `from`.
pub fn next_due(from: NaiveDate, cadence_days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(cadence_days.max(1)))).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStage as S;
    use proptest::prelude::*;

    #[test]
    fn the_pages_actions_are_the_steps_the_rules_take() {
        use LeadAction as A;
        let all_open = vec![
            A::Order,
            A::Edit,
            A::Contact,
            A::BookTestDrive,
            A::ReportStage,
            A::Reschedule,
            A::Assign,
            A::RequestLost,
        ];
        assert_eq!(available_actions(S::Invited, false, false), all_open);
        // A lost request waits: only an order, the record-keeping and another's decision.
        let waiting = vec![A::Order, A::Edit, A::Contact, A::BookTestDrive, A::Assign, A::DecideLost];
        assert_eq!(available_actions(S::Invited, true, false), waiting);
        assert!(!available_actions(S::Invited, true, true).contains(&A::DecideLost), "not one's own request");
        assert_eq!(available_actions(S::Ordered, false, false), Vec::<A>::new());
        assert_eq!(available_actions(S::Lost, true, false), Vec::<A>::new());
    }

    #[test]
    fn a_lead_is_lost_only_by_another_s_approval_and_ordered_only_by_an_order() {
        assert_eq!(advance(S::New, false, Step::Report(S::Lost)), Err(LeadError::WrongStage));
        assert_eq!(advance(S::New, false, Step::Report(S::Ordered)), Err(LeadError::WrongStage));
        assert_eq!(advance(S::Invited, false, Step::RequestLost), Ok(S::Invited));
        assert_eq!(advance(S::Invited, true, Step::RequestLost), Err(LeadError::LostPending));
        assert_eq!(advance(S::Invited, true, Step::Report(S::Negotiating)), Err(LeadError::LostPending));
        let own = Step::DecideLost { requester: 1, approver: 1, approve: true };
        assert_eq!(advance(S::Invited, true, own), Err(LeadError::OwnRequest));
        let other = |approve| Step::DecideLost { requester: 1, approver: 2, approve };
        assert_eq!(advance(S::Invited, false, other(true)), Err(LeadError::NoLostRequest));
        assert_eq!(advance(S::Invited, true, other(true)), Ok(S::Lost));
        assert_eq!(advance(S::Invited, true, other(false)), Ok(S::Invited));
        assert_eq!(advance(S::Invited, true, Step::Order), Ok(S::Ordered));
        assert_eq!(advance(S::Dormant, false, Step::Report(S::Contacted)), Ok(S::Contacted));
        assert_eq!(advance(S::Dormant, false, Step::Sleep), Err(LeadError::WrongStage));
        for closed in [S::Ordered, S::Lost] {
            for step in [Step::Order, Step::Sleep, Step::RequestLost, Step::Report(S::New), other(true)] {
                assert_eq!(advance(closed, false, step), Err(LeadError::Closed), "{closed:?} {step:?}");
            }
        }
    }

    #[test]
    fn the_cadence_proposes_the_next_date() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(next_due(d, Tier::H.default_cadence_days()), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(next_due(d, 0), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), "never the same day");
        assert_eq!(next_due(d, Tier::B.default_cadence_days()), NaiveDate::from_ymd_opt(2027, 1, 7).unwrap());
    }

    #[test]
    fn an_open_lead_sleeps_and_reports_open_stages_only() {
        assert_eq!(advance(S::Invited, false, Step::Sleep), Ok(S::Dormant));
        assert_eq!(advance(S::New, false, Step::Report(S::Negotiating)), Ok(S::Negotiating));
        assert_eq!(advance(S::Contacted, false, Step::Report(S::Dormant)), Err(LeadError::WrongStage));
    }

    #[test]
    fn a_contact_moves_a_lead_forward_to_what_it_implies() {
        assert_eq!(stage_after_contact(S::New, Outcome::Reached), S::Contacted);
        assert_eq!(stage_after_contact(S::Contacted, Outcome::Reached), S::Contacted);
        assert_eq!(stage_after_contact(S::Contacted, Outcome::Invited), S::Invited);
        assert_eq!(stage_after_contact(S::New, Outcome::Visited), S::Invited);
        assert_eq!(stage_after_contact(S::Invited, Outcome::Reached), S::Invited, "never backwards");
        assert_eq!(stage_after_contact(S::Negotiating, Outcome::Invited), S::Negotiating);
        assert_eq!(stage_after_contact(S::Dormant, Outcome::Reached), S::Contacted, "a dormant lead wakes up");
        assert_eq!(stage_after_contact(S::Dormant, Outcome::NoAnswer), S::Dormant);
    }

    #[test]
    fn conversations_start_contacted_and_the_rest_new() {
        use crate::sales::Channel as C;
        for c in C::ALL {
            let talked = matches!(c, C::WalkIn | C::Phone | C::Event | C::Exhibition | C::Returning);
            assert_eq!(inquiry_was_contact(c), talked, "{c:?}");
        }
    }

    #[test]
    fn a_follow_up_is_planned_from_today_to_a_year_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(check_follow_up(today, today), Ok(today));
        assert_eq!(check_follow_up(today.pred_opt().unwrap(), today), Err(LeadError::FollowUpPast));
        let last = today + Days::new(366);
        assert_eq!(check_follow_up(last, today), Ok(last));
        assert_eq!(check_follow_up(last + Days::new(1), today), Err(LeadError::FollowUpTooFar));
        let next_week = today + Days::new(7);
        assert_eq!(check_follow_up(next_week, today), Ok(next_week));
    }

    #[test]
    fn losing_to_a_competitor_or_brand_names_it() {
        for r in LostReason::ALL {
            let named = matches!(r, LostReason::CompetitorBought | LostReason::Brand);
            assert_eq!(r.needs_competitor(), named, "{r:?}");
        }
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        use crate::error::ErrorCode;
        let all = [
            (LeadError::Closed, "lead-closed"),
            (LeadError::WrongStage, "lead-wrong-stage"),
            (LeadError::LostPending, "lead-lost-pending"),
            (LeadError::NoLostRequest, "lead-no-lost-request"),
            (LeadError::OwnRequest, "lead-own-request"),
            (LeadError::FollowUpPast, "follow-up-in-past"),
            (LeadError::FollowUpTooFar, "follow-up-too-far"),
        ];
        for (e, code) in all {
            assert_eq!(e.code(), code);
        }
    }

    fn stage() -> impl Strategy<Value = LeadStage> {
        proptest::sample::select(LeadStage::ALL.to_vec())
    }

    fn outcome() -> impl Strategy<Value = Outcome> {
        proptest::sample::select(Outcome::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn a_contact_never_moves_a_lead_backwards_or_closes_it(s in stage(), o in outcome()) {
            let after = stage_after_contact(s, o);
            if s.is_closed() {
                prop_assert_eq!(after, s);
            } else {
                prop_assert!(!after.is_closed());
                if s.is_open() {
                    prop_assert!(after >= s);
                }
                if o == Outcome::NoAnswer {
                    prop_assert_eq!(after, s);
                }
            }
        }

        #[test]
        fn every_step_from_a_closed_lead_is_refused(pending in any::<bool>(), to in stage()) {
            for closed in [LeadStage::Ordered, LeadStage::Lost] {
                prop_assert_eq!(advance(closed, pending, Step::Report(to)), Err(LeadError::Closed));
            }
        }
    }
}
