//! The order lifecycle as an explicit state machine.
//!
//! Two halves: the **stage** moves only by commands (submit, the customer's confirmation,
//! approvals, cancel...), each checking its preconditions; the **facts** are recorded by finance,
//! logistics and delivery (contract signed, money received, vehicle allocated or in transit,
//! delivered). The status everybody sees is derived from both, never typed in.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    Draft,
    AwaitingConfirmation,
    /// Waiting for approval level `level` (1-based) of `levels`.
    AwaitingApproval {
        level: u8,
        levels: u8,
    },
    Approved,
    Closed,
    Cancelled,
    Lost,
}

impl Stage {
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Closed | Self::Cancelled | Self::Lost)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleFact {
    #[default]
    None,
    OrderedFromFactory,
    Allocated,
    InTransit,
    Arrived,
}

/// What other modules have recorded about the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facts {
    pub contract_signed: bool,
    /// Any money (deposit or more) received: cancelling then needs a deposit outcome.
    pub money_received: bool,
    pub paid_in_full: bool,
    pub vehicle: VehicleFact,
    pub ready_for_delivery: bool,
    pub delivered: bool,
}

/// The status shown in lists, on the order page and to the customer (DOMAIN.md §2 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    AwaitingConfirmation,
    AwaitingApproval,
    Approved,
    ContractSigned,
    Paid,
    OrderedFromFactory,
    VehicleAllocated,
    InTransit,
    Arrived,
    ReadyForDelivery,
    Delivered,
    Closed,
    Cancelled,
    Lost,
}

impl Status {
    /// Every status, in lifecycle order (the list's tabs), the exits last.
    pub const ALL: [Status; 15] = [
        Status::Draft,
        Status::AwaitingConfirmation,
        Status::AwaitingApproval,
        Status::Approved,
        Status::ContractSigned,
        Status::Paid,
        Status::OrderedFromFactory,
        Status::VehicleAllocated,
        Status::InTransit,
        Status::Arrived,
        Status::ReadyForDelivery,
        Status::Delivered,
        Status::Closed,
        Status::Cancelled,
        Status::Lost,
    ];

    pub fn of(stage: Stage, facts: &Facts) -> Status {
        match stage {
            Stage::Draft => Status::Draft,
            Stage::AwaitingConfirmation => Status::AwaitingConfirmation,
            Stage::AwaitingApproval { .. } => Status::AwaitingApproval,
            Stage::Closed => Status::Closed,
            Stage::Cancelled => Status::Cancelled,
            Stage::Lost => Status::Lost,
            // After approval, progress is whatever the facts say, furthest first.
            Stage::Approved => {
                if facts.delivered {
                    Status::Delivered
                } else if facts.ready_for_delivery {
                    Status::ReadyForDelivery
                } else {
                    match facts.vehicle {
                        VehicleFact::Arrived => Status::Arrived,
                        VehicleFact::InTransit => Status::InTransit,
                        VehicleFact::Allocated => Status::VehicleAllocated,
                        VehicleFact::OrderedFromFactory => Status::OrderedFromFactory,
                        VehicleFact::None if facts.paid_in_full => Status::Paid,
                        VehicleFact::None if facts.contract_signed => Status::ContractSigned,
                        VehicleFact::None => Status::Approved,
                    }
                }
            }
        }
    }
}

/// Who acts: a staff member (and whether the order is their own request) or the customer by
/// their link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Staff { user: UserId, own_request: bool },
    Customer,
}

/// Who asked for an order (DOMAIN.md §2: a requester never approves their own order): its owner,
/// its creator, and everyone who changed its terms or its owner. A hand-over to someone else
/// does not make the order anyone's to approve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requesters {
    pub owner: UserId,
    pub creator: UserId,
    /// Everyone who changed the terms or the owner since the order was created.
    pub editors: Vec<UserId>,
}

impl Requesters {
    pub fn includes(&self, user: UserId) -> bool {
        user == self.owner || user == self.creator || self.editors.contains(&user)
    }

    /// The party `user` acts as on this order.
    pub fn party(&self, user: UserId) -> Party {
        Party::Staff { user, own_request: self.includes(user) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Send the order to the customer for confirmation.
    Submit,
    /// The customer confirms; `approval_levels` is what the approval rules require now.
    Confirm {
        approval_levels: u8,
    },
    /// The customer asks for a change: back to draft.
    RequestChange {
        note: String,
    },
    Approve {
        level: u8,
    },
    Reject {
        reason: String,
    },
    /// Price, discount, gifts or payment terms changed: confirmation and approval run again.
    ChangeTerms,
    Cancel {
        reason: String,
    },
    MarkLost {
        reason: String,
    },
    Close,
}

impl Command {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Confirm { .. } => "confirm",
            Self::RequestChange { .. } => "request_change",
            Self::Approve { .. } => "approve",
            Self::Reject { .. } => "reject",
            Self::ChangeTerms => "change_terms",
            Self::Cancel { .. } => "cancel",
            Self::MarkLost { .. } => "mark_lost",
            Self::Close => "close",
        }
    }
}

/// Why a command is refused; each names the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the order is closed, cancelled or lost")]
    Finished,
    #[error("not possible in the order's current state")]
    WrongState,
    #[error("only the customer can do this")]
    CustomerOnly,
    #[error("only staff can do this")]
    StaffOnly,
    #[error("the requester cannot approve their own order")]
    OwnApproval,
    #[error("this approval level is not the one waiting")]
    WrongLevel,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the contract is signed: change the order through cancellation")]
    ContractSigned,
    #[error("money was received: cancel with a deposit outcome instead")]
    MoneyReceived,
    #[error("the vehicle has been delivered")]
    Delivered,
    #[error("the vehicle is not delivered yet")]
    NotDelivered,
}

impl crate::error::ErrorCode for TransitionError {
    fn code(&self) -> &'static str {
        match self {
            Self::Finished => "order-finished",
            Self::WrongState => "order-wrong-state",
            Self::CustomerOnly => "order-customer-only",
            Self::StaffOnly => "order-staff-only",
            Self::OwnApproval => "order-own-approval",
            Self::WrongLevel => "order-wrong-level",
            Self::ReasonRequired => "order-reason-required",
            Self::ContractSigned => "order-contract-signed",
            Self::MoneyReceived => "order-money-received",
            Self::Delivered => "order-delivered",
            Self::NotDelivered => "order-not-delivered",
        }
    }
}

/// Whether the staff member asked for the order themselves.
fn staff(party: Party) -> Result<bool, TransitionError> {
    match party {
        Party::Staff { own_request, .. } => Ok(own_request),
        Party::Customer => Err(TransitionError::StaffOnly),
    }
}

fn reason(text: &str) -> Result<(), TransitionError> {
    if text.trim().is_empty() { Err(TransitionError::ReasonRequired) } else { Ok(()) }
}

/// The stage after `command`, or why it is refused. Whether the staff member's role allows the
/// command at all (approver level, store) is the caller's check; this is the order's own rules.
pub fn apply(stage: Stage, facts: &Facts, party: Party, command: &Command) -> Result<Stage, TransitionError> {
    use Stage::*;
    if stage.is_terminal() {
        return Err(TransitionError::Finished);
    }
    match command {
        Command::Submit => {
            staff(party)?;
            if stage == Draft { Ok(AwaitingConfirmation) } else { Err(TransitionError::WrongState) }
        }
        Command::Confirm { approval_levels } => {
            if party != Party::Customer {
                return Err(TransitionError::CustomerOnly);
            }
            match (stage, approval_levels) {
                (AwaitingConfirmation, 0) => Ok(Approved),
                (AwaitingConfirmation, n) => Ok(AwaitingApproval { level: 1, levels: *n }),
                _ => Err(TransitionError::WrongState),
            }
        }
        Command::RequestChange { .. } => {
            if party != Party::Customer {
                return Err(TransitionError::CustomerOnly);
            }
            if stage == AwaitingConfirmation { Ok(Draft) } else { Err(TransitionError::WrongState) }
        }
        Command::Approve { level } => {
            if staff(party)? {
                return Err(TransitionError::OwnApproval);
            }
            match stage {
                AwaitingApproval { level: waiting, levels } if waiting == *level => {
                    Ok(if waiting >= levels { Approved } else { AwaitingApproval { level: waiting + 1, levels } })
                }
                AwaitingApproval { .. } => Err(TransitionError::WrongLevel),
                _ => Err(TransitionError::WrongState),
            }
        }
        Command::Reject { reason: why } => {
            if staff(party)? {
                return Err(TransitionError::OwnApproval);
            }
            reason(why)?;
            if matches!(stage, AwaitingApproval { .. }) { Ok(Draft) } else { Err(TransitionError::WrongState) }
        }
        Command::ChangeTerms => {
            staff(party)?;
            if facts.contract_signed {
                return Err(TransitionError::ContractSigned);
            }
            Ok(Draft)
        }
        Command::Cancel { reason: why } => {
            staff(party)?;
            reason(why)?;
            if facts.delivered {
                return Err(TransitionError::Delivered);
            }
            // Money received: the deposit's outcome (定金 / 订金, Civil Code arts. 586-588) is
            // settled by finance first; until that module passes it here, no cancellation.
            if facts.money_received {
                return Err(TransitionError::MoneyReceived);
            }
            Ok(Cancelled)
        }
        Command::MarkLost { reason: why } => {
            staff(party)?;
            reason(why)?;
            if facts.contract_signed {
                return Err(TransitionError::ContractSigned);
            }
            if facts.money_received {
                return Err(TransitionError::MoneyReceived);
            }
            Ok(Lost)
        }
        Command::Close => {
            staff(party)?;
            match (stage, facts.delivered) {
                (Approved, true) => Ok(Closed),
                (Approved, false) => Err(TransitionError::NotDelivered),
                _ => Err(TransitionError::WrongState),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ADVISOR: UserId = UserId(1);
    const MANAGER: UserId = UserId(2);
    const GM: UserId = UserId(3);

    fn by(user: UserId) -> Party {
        Requesters { owner: ADVISOR, creator: ADVISOR, editors: vec![] }.party(user)
    }

    #[test]
    fn nobody_who_asked_for_the_order_approves_it() {
        // sh.manager1 creates an order for an advisor, or hands their own over: still theirs.
        let created_for = Requesters { owner: ADVISOR, creator: MANAGER, editors: vec![] };
        let handed_over = Requesters { owner: ADVISOR, creator: ADVISOR, editors: vec![MANAGER] };
        let s = Stage::AwaitingApproval { level: 1, levels: 1 };
        let f = Facts::default();
        for who in [&created_for, &handed_over] {
            let approve = apply(s, &f, who.party(MANAGER), &Command::Approve { level: 1 });
            assert_eq!(approve, Err(TransitionError::OwnApproval));
            let reject = apply(s, &f, who.party(MANAGER), &Command::Reject { reason: "r".into() });
            assert_eq!(reject, Err(TransitionError::OwnApproval));
            assert_eq!(
                apply(s, &f, who.party(ADVISOR), &Command::Approve { level: 1 }),
                Err(TransitionError::OwnApproval)
            );
            assert_eq!(apply(s, &f, who.party(GM), &Command::Approve { level: 1 }), Ok(Stage::Approved));
        }
    }

    #[test]
    fn the_happy_path_with_two_approval_levels() {
        let f = Facts::default();
        let s = apply(Stage::Draft, &f, by(ADVISOR), &Command::Submit).unwrap();
        assert_eq!(s, Stage::AwaitingConfirmation);
        let s = apply(s, &f, Party::Customer, &Command::Confirm { approval_levels: 2 }).unwrap();
        assert_eq!(s, Stage::AwaitingApproval { level: 1, levels: 2 });
        assert_eq!(apply(s, &f, by(ADVISOR), &Command::Approve { level: 1 }), Err(TransitionError::OwnApproval));
        assert_eq!(apply(s, &f, by(MANAGER), &Command::Approve { level: 2 }), Err(TransitionError::WrongLevel));
        let s = apply(s, &f, by(MANAGER), &Command::Approve { level: 1 }).unwrap();
        let s = apply(s, &f, by(GM), &Command::Approve { level: 2 }).unwrap();
        assert_eq!(s, Stage::Approved);
        assert_eq!(Status::of(s, &f), Status::Approved);
        assert_eq!(apply(s, &f, by(ADVISOR), &Command::Close), Err(TransitionError::NotDelivered));
        let done = Facts {
            contract_signed: true,
            money_received: true,
            paid_in_full: true,
            vehicle: VehicleFact::Arrived,
            ready_for_delivery: true,
            delivered: true,
        };
        assert_eq!(Status::of(s, &done), Status::Delivered);
        assert_eq!(apply(s, &done, by(ADVISOR), &Command::Close), Ok(Stage::Closed));
    }

    #[test]
    fn progress_after_approval_follows_the_facts() {
        let s = Stage::Approved;
        let mut f = Facts { contract_signed: true, ..Facts::default() };
        assert_eq!(Status::of(s, &f), Status::ContractSigned);
        f.paid_in_full = true;
        assert_eq!(Status::of(s, &f), Status::Paid);
        f.vehicle = VehicleFact::InTransit;
        assert_eq!(Status::of(s, &f), Status::InTransit);
        f.vehicle = VehicleFact::Arrived;
        assert_eq!(Status::of(s, &f), Status::Arrived);
        // facts do not move an order that is not approved
        assert_eq!(Status::of(Stage::Draft, &f), Status::Draft);
    }

    #[test]
    fn rejection_needs_a_reason_and_returns_to_draft() {
        let s = Stage::AwaitingApproval { level: 1, levels: 1 };
        let f = Facts::default();
        assert_eq!(
            apply(s, &f, by(MANAGER), &Command::Reject { reason: " ".into() }),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(apply(s, &f, by(MANAGER), &Command::Reject { reason: "折扣过大".into() }), Ok(Stage::Draft));
    }

    #[test]
    fn changing_terms_after_approval_reruns_confirmation_and_approval() {
        let f = Facts::default();
        assert_eq!(apply(Stage::Approved, &f, by(ADVISOR), &Command::ChangeTerms), Ok(Stage::Draft));
        let signed = Facts { contract_signed: true, ..f };
        assert_eq!(
            apply(Stage::Approved, &signed, by(ADVISOR), &Command::ChangeTerms),
            Err(TransitionError::ContractSigned)
        );
    }

    /// The codes are stored on the timeline and name its labels (`order-event-<code>`).
    #[test]
    fn command_codes_are_stable_and_have_their_labels() {
        let codes = [
            Command::Submit,
            Command::Confirm { approval_levels: 0 },
            Command::RequestChange { note: String::new() },
            Command::Approve { level: 1 },
            Command::Reject { reason: String::new() },
            Command::ChangeTerms,
            Command::Cancel { reason: String::new() },
            Command::MarkLost { reason: String::new() },
            Command::Close,
        ]
        .map(|c| c.code());
        let want = [
            "submit",
            "confirm",
            "request_change",
            "approve",
            "reject",
            "change_terms",
            "cancel",
            "mark_lost",
            "close",
        ];
        assert_eq!(codes, want);
        let ftl =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/locales/zh-CN/main.ftl")).unwrap();
        for code in want.iter().filter(|c| **c != "change_terms") {
            assert!(ftl.contains(&format!("\norder-event-{code} = ")), "no label for {code}");
        }
    }

    #[test]
    fn finished_orders_accept_no_command_at_all() {
        let f = Facts::default();
        let all = [
            Command::Submit,
            Command::Confirm { approval_levels: 0 },
            Command::RequestChange { note: "n".into() },
            Command::Approve { level: 1 },
            Command::Reject { reason: "r".into() },
            Command::ChangeTerms,
            Command::Cancel { reason: "r".into() },
            Command::MarkLost { reason: "r".into() },
            Command::Close,
        ];
        for stage in [Stage::Closed, Stage::Cancelled, Stage::Lost] {
            for cmd in &all {
                for party in [by(ADVISOR), by(GM), Party::Customer] {
                    assert_eq!(apply(stage, &f, party, cmd), Err(TransitionError::Finished), "{stage:?} {cmd:?}");
                }
            }
        }
        for stage in [Stage::Draft, Stage::AwaitingConfirmation, Stage::Approved] {
            assert!(!stage.is_terminal());
        }
    }

    #[test]
    fn the_customer_asks_for_a_change_only_while_confirming() {
        let f = Facts::default();
        let ask = Command::RequestChange { note: "换颜色".into() };
        assert_eq!(apply(Stage::AwaitingConfirmation, &f, Party::Customer, &ask), Ok(Stage::Draft));
        assert_eq!(apply(Stage::AwaitingConfirmation, &f, by(ADVISOR), &ask), Err(TransitionError::CustomerOnly));
        assert_eq!(apply(Stage::Draft, &f, Party::Customer, &ask), Err(TransitionError::WrongState));
        let approving = Stage::AwaitingApproval { level: 1, levels: 1 };
        assert_eq!(apply(approving, &f, Party::Customer, &ask), Err(TransitionError::WrongState));
        // only the customer confirms, and only what was sent to them
        let confirm = Command::Confirm { approval_levels: 0 };
        assert_eq!(apply(Stage::AwaitingConfirmation, &f, by(ADVISOR), &confirm), Err(TransitionError::CustomerOnly));
        assert_eq!(apply(Stage::Draft, &f, Party::Customer, &confirm), Err(TransitionError::WrongState));
        assert_eq!(apply(Stage::Draft, &f, Party::Customer, &Command::Submit), Err(TransitionError::StaffOnly));
    }

    #[test]
    fn money_and_contracts_close_the_easy_exits() {
        let paid = Facts { money_received: true, ..Facts::default() };
        let signed = Facts { contract_signed: true, ..Facts::default() };
        let delivered = Facts { delivered: true, ..Facts::default() };
        let cancel = Command::Cancel { reason: "客户放弃".into() };
        let lost = Command::MarkLost { reason: "去了竞品".into() };
        assert_eq!(apply(Stage::Approved, &paid, by(ADVISOR), &cancel), Err(TransitionError::MoneyReceived));
        assert_eq!(apply(Stage::Approved, &delivered, by(ADVISOR), &cancel), Err(TransitionError::Delivered));
        assert_eq!(apply(Stage::Approved, &paid, by(ADVISOR), &lost), Err(TransitionError::MoneyReceived));
        assert_eq!(apply(Stage::Approved, &signed, by(ADVISOR), &lost), Err(TransitionError::ContractSigned));
        assert_eq!(apply(Stage::Approved, &Facts::default(), by(ADVISOR), &cancel), Ok(Stage::Cancelled));
        assert_eq!(apply(Stage::Draft, &Facts::default(), by(ADVISOR), &lost), Ok(Stage::Lost));
        let no_reason = Command::Cancel { reason: " ".into() };
        assert_eq!(
            apply(Stage::Draft, &Facts::default(), by(ADVISOR), &no_reason),
            Err(TransitionError::ReasonRequired)
        );
    }

    fn command() -> impl Strategy<Value = (Command, u8)> {
        prop_oneof![
            Just((Command::Submit, 0)),
            (0u8..4).prop_map(|n| (Command::Confirm { approval_levels: n }, 1)),
            Just((Command::RequestChange { note: "改颜色".into() }, 1)),
            (1u8..4, 0u8..4).prop_map(|(l, who)| (Command::Approve { level: l }, who)),
            (0u8..4).prop_map(|who| (Command::Reject { reason: "r".into() }, who)),
            Just((Command::ChangeTerms, 0)),
            Just((Command::Cancel { reason: "客户放弃".into() }, 0)),
            Just((Command::MarkLost { reason: "去了竞品".into() }, 0)),
            Just((Command::Close, 0)),
        ]
    }

    fn facts() -> impl Strategy<Value = Facts> {
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..5, any::<bool>(), any::<bool>()).prop_map(
            |(c, m, p, v, r, d)| Facts {
                contract_signed: c,
                money_received: m || p,
                paid_in_full: p,
                vehicle: [
                    VehicleFact::None,
                    VehicleFact::OrderedFromFactory,
                    VehicleFact::Allocated,
                    VehicleFact::InTransit,
                    VehicleFact::Arrived,
                ][v as usize],
                ready_for_delivery: r,
                delivered: d,
            },
        )
    }

    proptest! {
        /// No sequence of commands reaches an inconsistent state; a finished order accepts nothing.
        #[test]
        fn any_sequence_stays_consistent(steps in proptest::collection::vec((command(), facts()), 1..40)) {
            let mut stage = Stage::Draft;
            for ((cmd, who), f) in steps {
                let party = match who {
                    0 => by(ADVISOR),
                    1 => Party::Customer,
                    2 => by(MANAGER),
                    _ => by(GM),
                };
                let before = stage;
                match apply(stage, &f, party, &cmd) {
                    Ok(next) => {
                        prop_assert!(!before.is_terminal(), "a finished order accepted {:?}", cmd);
                        if let Stage::AwaitingApproval { level, levels } = next {
                            prop_assert!(level >= 1 && level <= levels);
                        }
                        if matches!(cmd, Command::Approve { .. }) {
                            prop_assert!(party != by(ADVISOR), "own approval");
                        }
                        if next == Stage::Approved && before != Stage::Approved {
                            let by_approval = matches!(cmd, Command::Approve { .. } | Command::Confirm { approval_levels: 0 });
                            prop_assert!(by_approval, "approved without approval: {:?}", cmd);
                        }
                        if next == Stage::Closed {
                            prop_assert!(f.delivered);
                        }
                        stage = next;
                    }
                    Err(_) => prop_assert_eq!(stage, before),
                }
                let status = Status::of(stage, &f);
                if status == Status::Delivered {
                    prop_assert!(f.delivered && stage == Stage::Approved);
                }
            }
        }
    }
}
