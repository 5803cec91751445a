//! Logistics pages (issue 16): the yard's vehicle list with VIN-fragment search, the stock
//! overview with drill-down, a vehicle's page and history, registering a vehicle, factory
//! orders and the VINs announced on them, shipments with the carrier's updates and the check-in
//! at the gate, the store's locations, and the vehicle box on the order page.

use crate::html::{MenuEntry, MenuSection};
use axum::Router;
use domain::rbac::Permission;

mod factory;
mod home;
mod locations;
mod order;
mod register;
mod replenish;
mod shipments;
mod stock;
mod transfers;
mod vehicles;

pub use order::VEHICLE_PANEL;

pub const MENU: &[MenuEntry] = &[
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 2,
        href: "/vehicles",
        label: "nav-vehicles",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 3,
        href: "/stock",
        label: "nav-stock",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 3,
        href: "/stock/aging",
        label: "nav-aging",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 3,
        href: "/stock/thresholds",
        label: "nav-thresholds",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 3,
        href: "/stock/replenish",
        label: "nav-replenish",
        permission: Permission::VehicleManage,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 4,
        href: "/shipments",
        label: "nav-shipments",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 5,
        href: "/factory-orders",
        label: "nav-factory-orders",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Vehicles,
        position: 6,
        href: "/transfers",
        label: "nav-transfers",
        permission: Permission::VehicleRead,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 8,
        href: "/admin/locations",
        label: "nav-locations",
        permission: Permission::LocationManage,
    },
];

/// What inventory adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "inventory",
    pages: routes,
    api: crate::api::inventory::routes,
    api_doc: || <crate::api::inventory::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[&VEHICLE_PANEL],
    repair_order_panels: &[],
};

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .merge(vehicles::routes())
        .merge(stock::routes())
        .merge(factory::routes())
        .merge(shipments::routes())
        .merge(locations::routes())
        .merge(order::routes())
        .merge(transfers::routes())
        .merge(replenish::routes())
}

/// `vehicle-status-in_stock` and the like, as the pages print them.
pub(crate) fn status_label(l: crate::i18n::Locale, prefix: &str, code: &str) -> String {
    l.t(&format!("{prefix}-{code}"))
}

/// Bootstrap's badge colour for a vehicle status.
pub(crate) fn status_badge(code: &str) -> &'static str {
    match code {
        "in_stock" => "text-bg-success",
        "reserved" | "allocated" => "text-bg-primary",
        "in_transit" | "arrived" => "text-bg-info",
        "ordered" | "draft" | "placed" => "text-bg-secondary",
        "in_pdi" => "text-bg-warning",
        "received" | "closed" => "text-bg-light border",
        "cancelled" => "text-bg-dark",
        _ => "text-bg-light border",
    }
}
