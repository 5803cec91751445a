//! Vehicles by VIN (issue 16): registering them, allocating them to orders and releasing them.
//! The rules are `domain::inventory`'s; the order's vehicle fact follows from the allocation.

pub mod vehicles;

pub use vehicles::{Vehicle, VehicleInput, allocate, apply, candidates, get, of_order, register, release, search};
