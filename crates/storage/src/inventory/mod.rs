//! Vehicles by VIN, the places a store keeps them, factory orders and the shipments that bring
//! them (issue 16).

pub mod demand;
pub mod factory_orders;
pub mod locations;
pub mod shipments;
pub mod thresholds;
pub mod transfers;
pub mod vehicles;
