//! A payment received against an order, and the 定金 cap of Civil Code art. 586.

use crate::money::Money;
use crate::tax::{Rate, apply_rate_floor};

/// What a payment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// 定金: earnest money (Civil Code arts. 586-588), at most 20 % of the contract price; forfeited
    /// if the buyer breaches, returned double if the dealer does.
    Earnest,
    /// 订金 / 意向金: a refundable prepayment.
    Intent,
    /// 进度款
    Progress,
    /// 首付款 of a loan purchase.
    DownPayment,
    /// 尾款
    Balance,
    /// 贷款放款: the lender's disbursement.
    Loan,
}

impl PaymentKind {
    pub const ALL: [PaymentKind; 6] =
        [Self::Earnest, Self::Intent, Self::Progress, Self::DownPayment, Self::Balance, Self::Loan];

    pub fn code(self) -> &'static str {
        match self {
            Self::Earnest => "earnest",
            Self::Intent => "intent",
            Self::Progress => "progress",
            Self::DownPayment => "down_payment",
            Self::Balance => "balance",
            Self::Loan => "loan",
        }
    }

    /// A deposit of either legal type.
    pub fn is_deposit(self) -> bool {
        matches!(self, Self::Earnest | Self::Intent)
    }
}

/// How the money came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Cash,
    BankTransfer,
    Card,
    WechatPay,
    Alipay,
}

impl Method {
    pub const ALL: [Method; 5] = [Self::Cash, Self::BankTransfer, Self::Card, Self::WechatPay, Self::Alipay];

    pub fn code(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::BankTransfer => "bank_transfer",
            Self::Card => "card",
            Self::WechatPay => "wechat_pay",
            Self::Alipay => "alipay",
        }
    }

    /// Every method but cash leaves a reference (transfer serial, POS voucher, merchant order).
    pub fn needs_reference(self) -> bool {
        self != Self::Cash
    }
}

/// Registered by an advisor (what the customer says they paid) or by finance; only confirmed
/// money counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Registered,
    Confirmed,
    Rejected,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 3] = [Self::Registered, Self::Confirmed, Self::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }
}

/// Finance's decision on a registered payment: the money arrived, or it did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Reject,
}

impl Decision {
    pub const ALL: [Decision; 2] = [Self::Confirm, Self::Reject];

    pub fn code(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Reject => "reject",
        }
    }
}

/// The payment's status after `decision`: only a registered payment is decided, once.
pub fn decide(status: PaymentStatus, decision: Decision) -> Result<PaymentStatus, PaymentError> {
    match (status, decision) {
        (PaymentStatus::Registered, Decision::Confirm) => Ok(PaymentStatus::Confirmed),
        (PaymentStatus::Registered, Decision::Reject) => Ok(PaymentStatus::Rejected),
        _ => Err(PaymentError::NotRegistered),
    }
}

/// The decisions [`decide`] takes from `status`.
pub fn available_decisions(status: PaymentStatus) -> Vec<Decision> {
    Decision::ALL.into_iter().filter(|d| decide(status, *d).is_ok()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("the amount must be more than zero")]
    NotPositive,
    #[error("the amount is more than the balance")]
    OverBalance,
    #[error("the order is not approved, or it has ended")]
    OrderNotPayable,
    #[error("a loan disbursement needs a loan purchase")]
    NotALoan,
    #[error("the loan amount is over the product's loan-to-value")]
    OverLoanToValue,
    #[error("the payment is not waiting for confirmation")]
    NotRegistered,
    #[error("this external reference is already recorded")]
    DuplicateReference,
    #[error("this method needs the external reference")]
    ReferenceRequired,
}

impl crate::error::ErrorCode for PaymentError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotPositive => "payment-not-positive",
            Self::OverBalance => "payment-over-balance",
            Self::OrderNotPayable => "payment-order-not-payable",
            Self::NotALoan => "payment-not-a-loan",
            Self::OverLoanToValue => "payment-over-ltv",
            Self::NotRegistered => "payment-not-registered",
            Self::DuplicateReference => "payment-duplicate-reference",
            Self::ReferenceRequired => "payment-reference-required",
        }
    }
}

/// 20 %: the most earnest money the law allows (Civil Code art. 586).
pub const EARNEST_CAP: Rate = Rate::bp(2000);

/// The most 定金 a contract of this price may carry: `floor(price × 20 %)`, a ceiling.
pub fn earnest_cap(contract_price: Money) -> Money {
    apply_rate_floor(contract_price, EARNEST_CAP)
}

/// Splits a payment declared as 定金 into the part that is legally earnest money and the excess,
/// which is an ordinary prepayment: `earnest_before` is the confirmed 定金 already on the order
/// (a payment still waiting for finance takes no room, a rejected one never did).
pub fn split_earnest(amount: Money, contract_price: Money, earnest_before: Money) -> (Money, Money) {
    let room = (earnest_cap(contract_price).fen() - earnest_before.fen()).max(0);
    let earnest = amount.fen().clamp(0, room);
    (Money::from_fen(earnest), Money::from_fen(amount.fen() - earnest))
}

/// The largest loan a product allows on a price: `floor(price × loan-to-value)`, a ceiling.
pub fn max_loan(price: Money, loan_to_value: Rate) -> Money {
    apply_rate_floor(price, loan_to_value)
}
