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

    /// Still in progress: neither finished (closed) nor ended (cancelled, lost).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Closed | Status::Cancelled | Status::Lost)
    }

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
    #[error("the contract is signed: its terms change only through a change order")]
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
            if facts.delivered {
                return Err(TransitionError::Delivered);
            }
            // A signed contract's terms stay in force until a change order (变更单) replaces them
            // (DOMAIN.md §2): nothing edits a signed term in place. Before signing, the caller
            // withdraws the unsigned contract; a new one follows confirmation and approval.
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
            // With money received, the caller settles it in the same step: who ended the deal
            // decides what happens to the 定金 (finance::refund::outcome).
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

/// The commands `party` could give now, in the order the order page shows them: exactly those
/// [`apply`] accepts (a reason taken as given). Whether the party's role may give them is the
/// caller's check, as for `apply`.
pub fn available_commands(stage: Stage, facts: &Facts, party: Party) -> Vec<Command> {
    let given = || "·".to_string();
    let level = match stage {
        Stage::AwaitingApproval { level, .. } => level,
        _ => 1,
    };
    [
        Command::ChangeTerms,
        Command::Submit,
        Command::Approve { level },
        Command::Reject { reason: given() },
        Command::Close,
        Command::MarkLost { reason: given() },
        Command::Cancel { reason: given() },
    ]
    .into_iter()
    .filter(|c| apply(stage, facts, party, c).is_ok())
    .collect()
}

#[cfg(test)]
mod tests;
