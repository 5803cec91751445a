//! What happens to the money when an order with money received is cancelled (Civil Code arts.
//! 586-588), and the refunds that pay it back.

use crate::money::Money;

/// Who ended the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breach {
    /// The buyer withdrew: 定金 forfeited, everything else refunded.
    Customer,
    /// The dealer could not perform: 定金 returned double, everything else refunded.
    Dealer,
    /// Both agreed to end it: everything refunded.
    Agreement,
}

impl Breach {
    pub const ALL: [Breach; 3] = [Self::Customer, Self::Dealer, Self::Agreement];

    pub fn code(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Dealer => "dealer",
            Self::Agreement => "agreement",
        }
    }
}

/// The money of a cancelled order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Money received that goes back to the customer.
    pub refund: Money,
    /// 定金 the dealer keeps (the buyer withdrew).
    pub forfeited: Money,
    /// The second 定金 the dealer pays on top (the dealer could not perform).
    pub penalty: Money,
}

/// The outcome of cancelling with `earnest` 定金 and `other` money (订金, prepayments, loan)
/// held: forfeited + refund = what was held, and the penalty is the 定金 again or nothing.
pub fn outcome(breach: Breach, earnest: Money, other: Money) -> Outcome {
    let (e, o) = (earnest.fen().max(0), other.fen().max(0));
    let fen = Money::from_fen;
    match breach {
        Breach::Customer => Outcome { refund: fen(o), forfeited: fen(e), penalty: Money::ZERO },
        Breach::Dealer => Outcome { refund: fen(o + e), forfeited: Money::ZERO, penalty: fen(e) },
        Breach::Agreement => Outcome { refund: fen(o + e), forfeited: Money::ZERO, penalty: Money::ZERO },
    }
}

/// What a refund pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundKind {
    /// Money received, paid back.
    Refund,
    /// The second 定金 of a dealer's breach (not money received).
    Penalty,
}

impl RefundKind {
    pub const ALL: [RefundKind; 2] = [Self::Refund, Self::Penalty];

    pub fn code(self) -> &'static str {
        match self {
            Self::Refund => "refund",
            Self::Penalty => "penalty",
        }
    }
}

/// Requested (by the cancellation, or by finance), approved by finance (not by whoever requested
/// it), then paid with a reference; or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Requested,
    Approved,
    Paid,
    Rejected,
}

impl RefundStatus {
    pub const ALL: [RefundStatus; 4] = [Self::Requested, Self::Approved, Self::Paid, Self::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Paid => "paid",
            Self::Rejected => "rejected",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    #[error("a refund must be more than zero")]
    NotPositive,
    #[error("the refund is more than what was received")]
    OverReceived,
    #[error("nobody approves their own refund request")]
    OwnRequest,
    #[error("the refund is not in a state that allows this")]
    WrongState,
}

impl crate::error::ErrorCode for RefundError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotPositive => "refund-not-positive",
            Self::OverReceived => "refund-over-received",
            Self::OwnRequest => "refund-own-request",
            Self::WrongState => "refund-wrong-state",
        }
    }
}
