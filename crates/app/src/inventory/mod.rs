//! Vehicles by VIN (issue 16): registering them, allocating them to orders and releasing them,
//! factory orders and the shipments that bring them. The rules are `domain::inventory`'s; the
//! order's vehicle fact follows from the vehicle's moves, written in the same transaction.

pub mod factory_orders;
pub mod locations;
pub mod replenish;
pub mod shipments;
pub mod stock;
pub mod thresholds;
pub mod transfers;
pub mod vehicles;

pub use factory_orders::{FactoryOrder, FactoryOrderInput};
pub use shipments::{Shipment, ShipmentInput};
pub use vehicles::{Vehicle, VehicleInput, allocate, apply, candidates, get, of_order, register, release, search};

