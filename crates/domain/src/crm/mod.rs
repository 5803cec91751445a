//! Customer relationship management (issue 17): leads from the first call or visit to the order,
//! their stages and intent tiers, the follow-up discipline (a cadence per tier), lost-lead
//! approval. Pure rules; storage keeps the records, app applies these.

pub mod lead;
pub mod test_drive;

pub use lead::{
    ContactKind, LeadError, LeadStage, LostReason, Outcome, PaymentIntention, Step, Tier, Timeframe, advance,
    check_follow_up, inquiry_was_contact, next_due, stage_after_contact,
};
pub use test_drive::{Slot, TestDriveError, TestDriveStatus, TestDriveStep, Verdict};

crate::codes!(
    LeadStage => "lead stage",
    Tier => "intent tier",
    Timeframe => "purchase timeframe",
    PaymentIntention => "payment intention",
    ContactKind => "contact kind",
    Outcome => "contact outcome",
    LostReason => "lost reason",
    TestDriveStatus => "test drive status",
    Verdict => "test drive verdict",
);
