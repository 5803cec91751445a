//! Vehicles by VIN and the places a store keeps them (issue 16).

pub mod vehicles;
