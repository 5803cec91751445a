//! The stored codes of the order's stage, status and vehicle fact.

use super::state::{Stage, Status, VehicleFact};
use serde::{Deserialize, Serialize};

/// The stage without its approval level: what `orders.stage` holds (the level is two columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    Draft,
    AwaitingConfirmation,
    AwaitingApproval,
    Approved,
    Closed,
    Cancelled,
    Lost,
}

impl StageName {
    pub const ALL: [StageName; 7] = [
        Self::Draft,
        Self::AwaitingConfirmation,
        Self::AwaitingApproval,
        Self::Approved,
        Self::Closed,
        Self::Cancelled,
        Self::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::AwaitingConfirmation => "awaiting_confirmation",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Approved => "approved",
            Self::Closed => "closed",
            Self::Cancelled => "cancelled",
            Self::Lost => "lost",
        }
    }
}

impl Stage {
    pub fn name(self) -> StageName {
        match self {
            Stage::Draft => StageName::Draft,
            Stage::AwaitingConfirmation => StageName::AwaitingConfirmation,
            Stage::AwaitingApproval { .. } => StageName::AwaitingApproval,
            Stage::Approved => StageName::Approved,
            Stage::Closed => StageName::Closed,
            Stage::Cancelled => StageName::Cancelled,
            Stage::Lost => StageName::Lost,
        }
    }

    /// The stage from its stored name and approval level (1-based) of `levels`; `None` when the
    /// level is not one of the levels.
    pub fn from_columns(name: StageName, level: i32, levels: i32) -> Option<Stage> {
        Some(match name {
            StageName::Draft => Stage::Draft,
            StageName::AwaitingConfirmation => Stage::AwaitingConfirmation,
            StageName::AwaitingApproval => {
                let (level, levels) = (u8::try_from(level).ok()?, u8::try_from(levels).ok()?);
                if level == 0 || level > levels {
                    return None;
                }
                Stage::AwaitingApproval { level, levels }
            }
            StageName::Approved => Stage::Approved,
            StageName::Closed => Stage::Closed,
            StageName::Cancelled => Stage::Cancelled,
            StageName::Lost => Stage::Lost,
        })
    }

    /// The approval level and number of levels as stored (0 and 0 outside approval).
    pub fn level_columns(self) -> (i32, i32) {
        match self {
            Stage::AwaitingApproval { level, levels } => (i32::from(level), i32::from(levels)),
            _ => (0, 0),
        }
    }
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::AwaitingConfirmation => "awaiting_confirmation",
            Status::AwaitingApproval => "awaiting_approval",
            Status::Approved => "approved",
            Status::ContractSigned => "contract_signed",
            Status::Paid => "paid",
            Status::OrderedFromFactory => "ordered_from_factory",
            Status::VehicleAllocated => "vehicle_allocated",
            Status::InTransit => "in_transit",
            Status::Arrived => "arrived",
            Status::ReadyForDelivery => "ready_for_delivery",
            Status::Delivered => "delivered",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
            Status::Lost => "lost",
        }
    }
}

impl VehicleFact {
    pub const ALL: [VehicleFact; 5] =
        [Self::None, Self::OrderedFromFactory, Self::Allocated, Self::InTransit, Self::Arrived];

    pub fn code(self) -> &'static str {
        match self {
            VehicleFact::None => "none",
            VehicleFact::OrderedFromFactory => "ordered_from_factory",
            VehicleFact::Allocated => "allocated",
            VehicleFact::InTransit => "in_transit",
            VehicleFact::Arrived => "arrived",
        }
    }
}

crate::codes!(
    StageName => "order stage",
    Status => "order status",
    VehicleFact => "vehicle fact",
    super::PaymentMethod => "payment method",
    super::Channel => "sales channel",
    crate::rbac::Role => "role",
    crate::rbac::DataScope => "data scope",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names() {
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for s in StageName::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for v in VehicleFact::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), v.code());
        }
    }

    #[test]
    fn a_stage_reads_back_from_its_columns_and_an_impossible_level_does_not() {
        let s = Stage::AwaitingApproval { level: 2, levels: 3 };
        let (l, n) = s.level_columns();
        assert_eq!(Stage::from_columns(s.name(), l, n), Some(s));
        assert_eq!(Stage::from_columns(StageName::AwaitingApproval, 0, 2), None);
        assert_eq!(Stage::from_columns(StageName::AwaitingApproval, 3, 2), None);
        assert_eq!(
            Stage::from_columns(StageName::AwaitingApproval, 2, 2),
            Some(Stage::AwaitingApproval { level: 2, levels: 2 }),
            "the last level"
        );
        assert_eq!(Stage::from_columns(StageName::Draft, 0, 0), Some(Stage::Draft));
    }
}
