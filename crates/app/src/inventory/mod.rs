//! Vehicles by VIN (issue 16): registering them, allocating them to orders and releasing them,
//! factory orders and the shipments that bring them. The rules are `domain::inventory`'s; the
//! order's vehicle fact follows from the vehicle's moves, written in the same transaction.

pub mod check_in;
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

/// What inventory adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "inventory",
    listeners: LISTENERS,
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[crate::kernel::registry::Job { name: "inventory.stock_alerts", every_secs: 300, run: thresholds::check }],
    permissions: &[
        domain::rbac::Permission::VehicleRead,
        domain::rbac::Permission::VehicleManage,
        domain::rbac::Permission::VehicleAllocate,
        domain::rbac::Permission::VehicleCostView,
        domain::rbac::Permission::LocationManage,
        domain::rbac::Permission::TransferApprove,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::VehicleRegistered,
        crate::kernel::audit::Action::VehicleAllocated,
        crate::kernel::audit::Action::VehicleReleased,
        crate::kernel::audit::Action::VehicleMoved,
        crate::kernel::audit::Action::VehicleKept,
        crate::kernel::audit::Action::FactoryOrderCreated,
        crate::kernel::audit::Action::FactoryOrderUpdated,
        crate::kernel::audit::Action::ShipmentCreated,
        crate::kernel::audit::Action::ShipmentUpdated,
        crate::kernel::audit::Action::LocationSaved,
        crate::kernel::audit::Action::TransferRequested,
        crate::kernel::audit::Action::TransferUpdated,
        crate::kernel::audit::Action::ThresholdSet,
    ],
    erasers: &[],
    staff_notices: &["mail-stock-low", "mail-stock-high"],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[crate::kernel::events::Listener {
    name: "inventory.handover",
    hears: &[crate::kernel::events::Kind::Delivered],
    on: vehicles::on_delivered,
    prepare: None,
}];

/// Tells the order where its vehicle now stands (sales hears it), in the caller's transaction.
pub(crate) fn vehicle_standing(
    app: &crate::App,
    c: &mut storage::DbConnection,
    now: chrono::NaiveDateTime,
    actor: &domain::org::Actor,
    order: &storage::sales::OrderRow,
    fact: domain::sales::VehicleFact,
    note: &str,
) -> crate::AppResult<()> {
    use crate::kernel::events::{By, Event, raise};
    raise(app, c, now, By::Staff(actor), Event::VehicleStanding { order, fact, note })
}
