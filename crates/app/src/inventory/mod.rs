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

/// A car as people name it: "帕萨特 2026 330TSI 精英版 · 珍珠白 · …000006" (model, trim, colour,
/// the VIN's last six), for lists where the VIN alone says nothing (the test-drive schedule).
pub(crate) fn car_label(c: &mut storage::DbConnection, group_id: i64, vehicle_id: i64) -> crate::AppResult<String> {
    let v = storage::inventory::vehicles::get(c, vehicle_id)?;
    let trim = storage::catalogue::get_trim(c, group_id, v.trim_id)?;
    let model = storage::catalogue::get_model(c, group_id, trim.model_id).map(|m| m.name).unwrap_or_default();
    let colour = storage::catalogue::get_colour(c, group_id, v.exterior_colour_id).map(|k| k.name).unwrap_or_default();
    let tail = v.vin.get(v.vin.len().saturating_sub(6)..).unwrap_or(&v.vin);
    Ok(format!("{model} {} {} · {colour} · …{tail}", trim.model_year, trim.name))
}
