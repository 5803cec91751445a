//! After-sales' pages: the repair order list and board, reception at the front desk, the repair
//! order with its estimate, workshop and settlement forms, and the technician's jobs on a phone.

mod actions;
mod appointments;
mod booking;
mod customer;
mod history;
mod home;
mod jobs;
mod pages;
mod rate;

use crate::html::Ctx;
use axum::Router;
use domain::rbac::Permission;

/// What after-sales adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "service",
    pages: routes,
    api: crate::api::service::routes,
    api_doc: || <crate::api::service::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[],
    repair_order_panels: &[],
};

const MENU: &[crate::menu::MenuEntry] = &[
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 1,
        href: "/service/repair-orders",
        label: "nav-repair-orders",
        permission: Permission::ServiceRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 0,
        href: "/service/appointments",
        label: "nav-appointments",
        permission: Permission::ServiceWrite,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 2,
        href: "/service/my-jobs",
        label: "nav-my-jobs",
        permission: Permission::ServiceWork,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Settings,
        position: 11,
        href: "/admin/labour-rate",
        label: "nav-labour-rate",
        permission: Permission::ServiceSettingsManage,
    },
];

pub fn routes() -> Router<crate::AppState> {
    pages::routes()
        .merge(actions::routes())
        .merge(appointments::routes())
        .merge(jobs::routes())
        .merge(customer::routes())
        .merge(rate::routes())
        .merge(history::routes())
        .merge(booking::routes())
}

pub(crate) use crate::html::messages::Messages;

/// A status's words and its badge colour.
pub(crate) fn status_badge(ctx: &Ctx, status: domain::service::RepairStatus) -> (String, &'static str) {
    use domain::service::RepairStatus as S;
    let colour = match status {
        S::Received => "text-bg-secondary",
        S::Approved => "text-bg-info",
        S::InProgress => "text-bg-primary",
        S::QualityCheck => "text-bg-warning",
        S::Passed | S::Settled => "text-bg-success",
        S::HandedOver => "text-bg-light border",
        S::Cancelled => "text-bg-dark",
    };
    (ctx.t(&format!("repair-status-{}", status.code())), colour)
}
