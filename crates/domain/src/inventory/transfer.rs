//! Transfers of vehicles between the stores of a group: requested by the sending store,
//! approved by someone other than the requester, shipped, received at the other store's gate.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    Requested,
    Approved,
    Rejected,
    /// On a truck (a shipment from the sending store).
    Shipped,
    /// Every vehicle checked in at the receiving store.
    Received,
    Cancelled,
}

impl TransferStatus {
    pub const ALL: [TransferStatus; 6] =
        [Self::Requested, Self::Approved, Self::Rejected, Self::Shipped, Self::Received, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Shipped => "shipped",
            Self::Received => "received",
            Self::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("a transfer goes to another store of the group")]
    SameStore,
    #[error("nobody approves their own request")]
    OwnRequest,
    #[error("the transfer is not waiting for this step")]
    WrongState,
}

impl ErrorCode for TransferError {
    fn code(&self) -> &'static str {
        match self {
            Self::SameStore => "transfer-same-store",
            Self::OwnRequest => "transfer-own-request",
            Self::WrongState => "transfer-wrong-state",
        }
    }
}

/// What can happen to a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferStep {
    Approve { requester: i64, approver: i64 },
    Reject { requester: i64, approver: i64 },
    Ship,
    Receive,
    Cancel,
}

/// The status after `step`, or why it cannot happen.
pub fn advance(status: TransferStatus, step: TransferStep) -> Result<TransferStatus, TransferError> {
    use TransferStatus as S;
    match (status, step) {
        (
            S::Requested,
            TransferStep::Approve { requester, approver } | TransferStep::Reject { requester, approver },
        ) if requester == approver => Err(TransferError::OwnRequest),
        (S::Requested, TransferStep::Approve { .. }) => Ok(S::Approved),
        (S::Requested, TransferStep::Reject { .. }) => Ok(S::Rejected),
        (S::Approved, TransferStep::Ship) => Ok(S::Shipped),
        (S::Shipped, TransferStep::Receive) => Ok(S::Received),
        (S::Requested | S::Approved, TransferStep::Cancel) => Ok(S::Cancelled),
        _ => Err(TransferError::WrongState),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TransferStatus as S;

    #[test]
    fn a_transfer_is_approved_by_another_then_shipped_then_received() {
        let (requester, approver) = (1, 2);
        assert_eq!(
            advance(S::Requested, TransferStep::Approve { requester, approver: requester }),
            Err(TransferError::OwnRequest)
        );
        assert_eq!(
            advance(S::Requested, TransferStep::Reject { requester, approver: requester }),
            Err(TransferError::OwnRequest)
        );
        assert_eq!(advance(S::Requested, TransferStep::Ship), Err(TransferError::WrongState));
        assert_eq!(advance(S::Requested, TransferStep::Reject { requester, approver }), Ok(S::Rejected));
        assert_eq!(advance(S::Requested, TransferStep::Cancel), Ok(S::Cancelled));
        assert_eq!(advance(S::Approved, TransferStep::Cancel), Ok(S::Cancelled));
        let s = advance(S::Requested, TransferStep::Approve { requester, approver }).unwrap();
        assert_eq!(s, S::Approved);
        assert_eq!(advance(s, TransferStep::Receive), Err(TransferError::WrongState));
        let s = advance(s, TransferStep::Ship).unwrap();
        assert_eq!(
            advance(s, TransferStep::Cancel),
            Err(TransferError::WrongState),
            "a truck on the road is not cancelled"
        );
        assert_eq!(advance(s, TransferStep::Receive), Ok(S::Received));
        for end in [S::Rejected, S::Received, S::Cancelled] {
            for step in [
                TransferStep::Ship,
                TransferStep::Receive,
                TransferStep::Cancel,
                TransferStep::Approve { requester, approver },
            ] {
                assert_eq!(advance(end, step), Err(TransferError::WrongState), "{end:?} {step:?}");
            }
        }
    }
}
