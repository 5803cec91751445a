//! The change order (变更单, DOMAIN.md §2): once the contract is signed its terms stay in force
//! until a change order replaces them. The proposed terms and the money difference are approved
//! by the rules (never by whoever asked for the order or the change), signed by both as a
//! supplement (a new contract version), and only then become the order's terms; the order keeps
//! its place in the flow meanwhile.

use super::approval::Level;
use crate::code::coded;
use crate::money::Money;
use crate::rbac::Role;

coded!(
    /// Where a change order stands.
    ChangeStatus {
        /// The approval levels decide, one after the other.
        AwaitingApproval => "awaiting_approval",
        /// Approved: the supplement waits for the buyer's signature and the store's countersignature.
        AwaitingSignature => "awaiting_signature",
        /// Both signed the supplement: the order has the new terms.
        InForce => "in_force",
        Rejected => "rejected",
        /// Withdrawn by the store (the buyer would not sign, or it was a mistake).
        Withdrawn => "withdrawn",
    }
);

impl ChangeStatus {
    /// Still under way: at most one per order.
    pub fn is_open(self) -> bool {
        matches!(self, Self::AwaitingApproval | Self::AwaitingSignature)
    }
}

crate::codes!(ChangeStatus => "change order status");

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("a change order is for an order whose contract is signed; edit the order instead")]
    NotSigned,
    #[error("the vehicle has been delivered")]
    Delivered,
    #[error("the order already has a change order under way")]
    OpenAlready,
    #[error("the proposed terms are the signed ones")]
    NothingChanged,
    #[error("another vehicle model or another buyer is a new order, not a change")]
    OtherVehicleOrBuyer,
    #[error("the colour cannot change once a vehicle is ordered or allocated")]
    ColourAfterVehicle,
    #[error("the 定金 held would exceed 20 % of the new contract price")]
    EarnestOverCap,
    #[error("nobody approves a change they or the order's requesters asked for")]
    OwnRequest,
    #[error("this approval level belongs to another role")]
    NotYourLevel,
    #[error("the change order is not in a state that allows this")]
    WrongState,
    #[error("the catalogue or tax data moved since the change was approved: withdraw it and propose again")]
    PriceMoved,
}

impl crate::error::ErrorCode for ChangeError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotSigned => "change-order-not-signed",
            Self::Delivered => "change-order-delivered",
            Self::OpenAlready => "change-order-open-already",
            Self::NothingChanged => "change-order-nothing-changed",
            Self::OtherVehicleOrBuyer => "change-order-other-vehicle",
            Self::ColourAfterVehicle => "change-order-colour-after-vehicle",
            Self::EarnestOverCap => "change-order-earnest-over-cap",
            Self::OwnRequest => "change-order-own-request",
            Self::NotYourLevel => "change-order-not-your-level",
            Self::WrongState => "change-order-wrong-state",
            Self::PriceMoved => "change-order-price-moved",
        }
    }
}

/// The levels a change order needs: those the rules require for the proposed terms, or a sales
/// manager when none applies. A signed contract never changes on the say of one person.
pub fn levels(required: Vec<Level>) -> Vec<Level> {
    if required.is_empty() { vec![Level { role: Role::SalesManager, reasons: Vec::new() }] } else { required }
}

/// What an approval does to the change order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approved {
    /// The next level (1-based) decides now.
    Next(u8),
    /// The last level approved: the supplement is generated for signing.
    Done,
}

/// Whether `role` may approve level `level` (1-based) of `levels`, and what follows. `own` is true
/// when the approver asked for the order or for this change.
pub fn approve(
    status: ChangeStatus,
    levels: &[Level],
    level: u8,
    role: Role,
    own: bool,
) -> Result<Approved, ChangeError> {
    check_decider(status, levels, level, role, own)?;
    let count = u8::try_from(levels.len()).unwrap_or(u8::MAX);
    Ok(if level >= count { Approved::Done } else { Approved::Next(level + 1) })
}

/// Whether `role` may reject at level `level`: the same people who may approve it.
pub fn reject(status: ChangeStatus, levels: &[Level], level: u8, role: Role, own: bool) -> Result<(), ChangeError> {
    check_decider(status, levels, level, role, own)
}

fn check_decider(status: ChangeStatus, levels: &[Level], level: u8, role: Role, own: bool) -> Result<(), ChangeError> {
    if status != ChangeStatus::AwaitingApproval {
        return Err(ChangeError::WrongState);
    }
    if own {
        return Err(ChangeError::OwnRequest);
    }
    let waiting = levels.get(usize::from(level).wrapping_sub(1)).ok_or(ChangeError::WrongState)?;
    if waiting.role != role {
        return Err(ChangeError::NotYourLevel);
    }
    Ok(())
}

/// The money once the new terms are in force: what the store pays back (the buyer paid more than
/// the new price) or what is still due from the buyer and the lender. `held` is the money on the
/// order: confirmed payments and disbursements less refunds paid or promised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    pub refund: Money,
    pub due: Money,
}

pub fn settle(new_price: Money, held: Money) -> Settlement {
    let over = held.fen() - new_price.fen();
    Settlement { refund: Money::from_fen(over.max(0)), due: Money::from_fen((-over).max(0)) }
}

/// The 定金 held may not exceed 20 % of the new price (Civil Code art. 586, rounded down): a
/// change that lowers the price that far is refused, the buyer keeps the signed terms.
pub fn earnest_fits(earnest_held: Money, new_price: Money) -> bool {
    earnest_held.fen() <= crate::finance::payment::earnest_cap(new_price).fen()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(roles: &[Role]) -> Vec<Level> {
        roles.iter().map(|r| Level { role: *r, reasons: Vec::new() }).collect()
    }

    #[test]
    fn without_rules_a_sales_manager_approves() {
        assert_eq!(levels(Vec::new()), lv(&[Role::SalesManager]));
        let gm = lv(&[Role::GeneralManager]);
        assert_eq!(levels(gm.clone()), gm);
    }

    #[test]
    fn levels_decide_in_order_and_the_last_one_ends_the_round() {
        let two = lv(&[Role::SalesManager, Role::GeneralManager]);
        let s = ChangeStatus::AwaitingApproval;
        assert_eq!(approve(s, &two, 1, Role::SalesManager, false), Ok(Approved::Next(2)));
        assert_eq!(approve(s, &two, 2, Role::GeneralManager, false), Ok(Approved::Done));
        assert_eq!(approve(s, &two, 1, Role::GeneralManager, false), Err(ChangeError::NotYourLevel));
        assert_eq!(approve(s, &two, 3, Role::GeneralManager, false), Err(ChangeError::WrongState));
        assert_eq!(approve(s, &two, 0, Role::SalesManager, false), Err(ChangeError::WrongState));
    }

    #[test]
    fn nobody_approves_their_own_change_and_a_decided_one_stays_decided() {
        let one = lv(&[Role::SalesManager]);
        assert_eq!(
            approve(ChangeStatus::AwaitingApproval, &one, 1, Role::SalesManager, true),
            Err(ChangeError::OwnRequest)
        );
        assert_eq!(
            reject(ChangeStatus::AwaitingApproval, &one, 1, Role::SalesManager, true),
            Err(ChangeError::OwnRequest)
        );
        assert_eq!(reject(ChangeStatus::AwaitingApproval, &one, 1, Role::SalesManager, false), Ok(()));
        for s in
            [ChangeStatus::AwaitingSignature, ChangeStatus::InForce, ChangeStatus::Rejected, ChangeStatus::Withdrawn]
        {
            assert_eq!(approve(s, &one, 1, Role::SalesManager, false), Err(ChangeError::WrongState));
            assert_eq!(reject(s, &one, 1, Role::SalesManager, false), Err(ChangeError::WrongState));
        }
    }

    #[test]
    fn open_means_awaiting_approval_or_signature() {
        let open: Vec<_> = ChangeStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [ChangeStatus::AwaitingApproval, ChangeStatus::AwaitingSignature]);
    }

    #[test]
    fn the_difference_is_refunded_or_due() {
        // 定金 5,000 and balance paid on ¥200,000.00; the price falls by ¥887.60
        assert_eq!(
            settle(Money::from_fen(19_911_240), Money::from_fen(20_000_000)),
            Settlement { refund: Money::from_fen(88_760), due: Money::ZERO }
        );
        assert_eq!(
            settle(Money::from_fen(20_100_000), Money::from_fen(20_000_000)),
            Settlement { refund: Money::ZERO, due: Money::from_fen(100_000) }
        );
        assert_eq!(
            settle(Money::from_fen(20_000_000), Money::from_fen(20_000_000)),
            Settlement { refund: Money::ZERO, due: Money::ZERO }
        );
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        use crate::error::ErrorCode;
        let all = [
            (ChangeError::NotSigned, "change-order-not-signed"),
            (ChangeError::Delivered, "change-order-delivered"),
            (ChangeError::OpenAlready, "change-order-open-already"),
            (ChangeError::NothingChanged, "change-order-nothing-changed"),
            (ChangeError::OtherVehicleOrBuyer, "change-order-other-vehicle"),
            (ChangeError::ColourAfterVehicle, "change-order-colour-after-vehicle"),
            (ChangeError::EarnestOverCap, "change-order-earnest-over-cap"),
            (ChangeError::OwnRequest, "change-order-own-request"),
            (ChangeError::NotYourLevel, "change-order-not-your-level"),
            (ChangeError::WrongState, "change-order-wrong-state"),
            (ChangeError::PriceMoved, "change-order-price-moved"),
        ];
        for (e, code) in all {
            assert_eq!(e.code(), code);
        }
    }

    #[test]
    fn the_earnest_must_fit_the_new_price() {
        // 20 % of ¥100,000.05 rounds down to ¥20,000.01
        assert!(earnest_fits(Money::from_fen(2_000_001), Money::from_fen(10_000_005)));
        assert!(!earnest_fits(Money::from_fen(2_000_002), Money::from_fen(10_000_005)));
    }
}
