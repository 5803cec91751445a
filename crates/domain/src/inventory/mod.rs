//! Vehicles by VIN and the stock they make (DOMAIN.md §5): where a vehicle is and what it is
//! promised to, the commands that move it, aging, stock thresholds and their alerts, and the
//! replenishment suggestion. Pure rules; the VIN itself is `ident::Vin`.

pub mod replenish;
pub mod shipment;
pub mod stock;
pub mod transfer;
pub mod vehicle;

pub use replenish::{Reason, ReplenishInput, Suggestion, suggest};
pub use shipment::{
    CheckIn, FactoryOrderStatus, Inspection, ShipmentError, ShipmentStatus, announce, check_in, report,
};
pub use stock::{AgingBucket, Level, Threshold, ThresholdError, aging_bucket, crossing};
pub use transfer::{TransferError, TransferStatus, TransferStep, advance};
pub use vehicle::{
    Command, Commitment, Custody, Spec, Usage, Vehicle, VehicleError, VehicleStatus, Whereabouts, apply,
};

crate::codes!(
    Whereabouts => "vehicle whereabouts",
    Usage => "vehicle usage",
    Custody => "certificate custody",
    VehicleStatus => "vehicle status",
    AgingBucket => "aging bucket",
    Level => "stock level",
    FactoryOrderStatus => "factory order status",
    ShipmentStatus => "shipment status",
    Inspection => "arrival inspection",
    TransferStatus => "transfer status",
);

#[cfg(test)]
mod tests;
