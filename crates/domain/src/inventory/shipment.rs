//! Factory orders and the trucks that bring vehicles: what a store ordered from the maker, how
//! many VINs the maker may announce on it, a shipment's status as the carrier reports it, and
//! the check of a VIN typed (or scanned) at the gate against what the truck carries.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// A purchase order to the manufacturer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactoryOrderStatus {
    /// Made from a replenishment suggestion, not sent yet.
    Draft,
    /// Sent to the maker; VINs are announced on it as the maker builds the cars.
    Placed,
    /// Every vehicle announced (or closed by hand).
    Closed,
    Cancelled,
}

impl FactoryOrderStatus {
    pub const ALL: [FactoryOrderStatus; 4] = [Self::Draft, Self::Placed, Self::Closed, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Placed => "placed",
            Self::Closed => "closed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Where a truck is, as the carrier reports it and the gate records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    InTransit,
    /// At the store's gate; its vehicles are checked in one VIN at a time.
    Arrived,
    /// Every vehicle checked in.
    Received,
}

impl ShipmentStatus {
    pub const ALL: [ShipmentStatus; 3] = [Self::InTransit, Self::Arrived, Self::Received];

    pub fn code(self) -> &'static str {
        match self {
            Self::InTransit => "in_transit",
            Self::Arrived => "arrived",
            Self::Received => "received",
        }
    }
}

/// What the arrival inspection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspection {
    #[default]
    Ok,
    /// Damage or missing parts, described in the note (the carrier's claim starts here).
    Damaged,
}

impl Inspection {
    pub const ALL: [Inspection; 2] = [Self::Ok, Self::Damaged];

    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Damaged => "damaged",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShipmentError {
    #[error("the factory order is not placed")]
    FactoryOrderNotOpen,
    #[error("the factory order has all its vehicles")]
    FactoryOrderFull,
    #[error("the shipment has been received")]
    Received,
    #[error("a shipment cannot go back on the road")]
    BackInTransit,
    #[error("this VIN is not on this shipment")]
    VinNotExpected,
    #[error("a damaged vehicle needs a note of what was seen")]
    DamageNote,
}

impl ErrorCode for ShipmentError {
    fn code(&self) -> &'static str {
        match self {
            Self::FactoryOrderNotOpen => "factory-order-not-open",
            Self::FactoryOrderFull => "factory-order-full",
            Self::Received => "shipment-received",
            Self::BackInTransit => "shipment-back-in-transit",
            Self::VinNotExpected => "shipment-vin-not-expected",
            Self::DamageNote => "shipment-damage-note",
        }
    }
}

/// Whether the maker may announce one more VIN on a factory order of `status` that has
/// `announced` of its `quantity` already.
pub fn announce(status: FactoryOrderStatus, quantity: i32, announced: i64) -> Result<(), ShipmentError> {
    if status != FactoryOrderStatus::Placed {
        return Err(ShipmentError::FactoryOrderNotOpen);
    }
    if announced >= i64::from(quantity) {
        return Err(ShipmentError::FactoryOrderFull);
    }
    Ok(())
}

/// The status after the carrier reports `to` (a new ETA keeps `in_transit`); a received
/// shipment takes no more reports.
pub fn report(from: ShipmentStatus, to: ShipmentStatus) -> Result<ShipmentStatus, ShipmentError> {
    match (from, to) {
        (ShipmentStatus::Received, _) | (_, ShipmentStatus::Received) => Err(ShipmentError::Received),
        (ShipmentStatus::Arrived, ShipmentStatus::InTransit) => Err(ShipmentError::BackInTransit),
        (_, to) => Ok(to),
    }
}

/// What checking in one VIN does to the shipment: `carried` is every VIN it carries with
/// whether it is in already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    /// Expected and not in yet: receive it; `last` when it completes the shipment.
    Receive { last: bool },
    /// Scanned twice: nothing to do, say so.
    AlreadyIn,
}

pub fn check_in(
    carried: &[(&str, bool)],
    vin: &str,
    inspection: Inspection,
    note: &str,
) -> Result<CheckIn, ShipmentError> {
    let Some((_, received)) = carried.iter().find(|(v, _)| *v == vin) else {
        return Err(ShipmentError::VinNotExpected);
    };
    if *received {
        return Ok(CheckIn::AlreadyIn);
    }
    if inspection == Inspection::Damaged && note.trim().is_empty() {
        return Err(ShipmentError::DamageNote);
    }
    let waiting = carried.iter().filter(|(_, r)| !r).count();
    Ok(CheckIn::Receive { last: waiting == 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_factory_order_takes_its_quantity_of_vins_while_placed() {
        assert_eq!(announce(FactoryOrderStatus::Placed, 2, 1), Ok(()));
        assert_eq!(announce(FactoryOrderStatus::Placed, 2, 2), Err(ShipmentError::FactoryOrderFull));
        assert_eq!(announce(FactoryOrderStatus::Draft, 2, 0), Err(ShipmentError::FactoryOrderNotOpen));
        assert_eq!(announce(FactoryOrderStatus::Cancelled, 2, 0), Err(ShipmentError::FactoryOrderNotOpen));
    }

    #[test]
    fn reports_move_forward_only() {
        use ShipmentStatus::*;
        assert_eq!(report(InTransit, InTransit), Ok(InTransit));
        assert_eq!(report(InTransit, Arrived), Ok(Arrived));
        assert_eq!(report(Arrived, InTransit), Err(ShipmentError::BackInTransit));
        assert_eq!(report(Received, Arrived), Err(ShipmentError::Received));
        assert_eq!(report(InTransit, Received), Err(ShipmentError::Received));
    }

    #[test]
    fn checking_in() {
        let carried = [("A", true), ("B", false), ("C", false)];
        assert_eq!(check_in(&carried, "A", Inspection::Ok, ""), Ok(CheckIn::AlreadyIn));
        assert_eq!(check_in(&carried, "B", Inspection::Ok, ""), Ok(CheckIn::Receive { last: false }));
        assert_eq!(check_in(&carried, "Z", Inspection::Ok, ""), Err(ShipmentError::VinNotExpected));
        assert_eq!(check_in(&carried, "B", Inspection::Damaged, " "), Err(ShipmentError::DamageNote));
        assert_eq!(
            check_in(&[("A", true), ("B", false)], "B", Inspection::Ok, ""),
            Ok(CheckIn::Receive { last: true })
        );
    }

    proptest! {
        /// Checking in the carried VINs in any order receives each once and completes the
        /// shipment exactly at the last one; anything else is refused.
        #[test]
        fn any_order_completes_once(n in 1usize..12, seed in any::<u64>(), stray in "[A-Z]{3}") {
            let vins: Vec<String> = (0..n).map(|i| format!("V{i}")).collect();
            let mut order: Vec<usize> = (0..n).collect();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (s >> 33) as usize % (i + 1));
            }
            let mut received = vec![false; n];
            let mut completions = 0;
            for (k, &i) in order.iter().enumerate() {
                let carried: Vec<(&str, bool)> = vins.iter().map(String::as_str).zip(received.iter().copied()).collect();
                prop_assert_eq!(check_in(&carried, &stray, Inspection::Ok, ""), Err(ShipmentError::VinNotExpected));
                match check_in(&carried, &vins[i], Inspection::Ok, "").unwrap() {
                    CheckIn::Receive { last } => {
                        prop_assert_eq!(last, k == n - 1);
                        completions += usize::from(last);
                    }
                    CheckIn::AlreadyIn => prop_assert!(false, "{} received twice", vins[i]),
                }
                received[i] = true;
                let carried: Vec<(&str, bool)> = vins.iter().map(String::as_str).zip(received.iter().copied()).collect();
                prop_assert_eq!(check_in(&carried, &vins[i], Inspection::Ok, ""), Ok(CheckIn::AlreadyIn));
            }
            prop_assert_eq!(completions, 1);
        }
    }
}
