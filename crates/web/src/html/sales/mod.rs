//! Sales pages: the buyer's page of their order, the approval rules, and the order pages: the list with status tabs, the order form with live totals (htmx), the
//! order page with its timeline and the actions the user may take.

use crate::AppState;
use crate::html::{MenuEntry, MenuSection};
use axum::Router;
use axum::routing::{get, post};
use domain::rbac::Permission;

pub(crate) mod buyer;
mod form;
mod home;
mod link;
mod list;
mod rules;
mod show;
mod stages;

pub(crate) use buyer::page as buyer_page;
pub(crate) use show::order_page;

/// The sales entries in the menu: the orders, and the approval rules among the settings.
pub const MENU: &[MenuEntry] = &[
    MenuEntry {
        group: MenuSection::Orders,
        position: 1,
        href: "/orders",
        label: "nav-orders",
        permission: Permission::OrderRead,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 5,
        href: "/admin/approval-rules",
        label: "nav-approval-rules",
        permission: Permission::ApprovalRulesManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 5,
        href: "/admin/stage-limits",
        label: "stage-limits-title",
        permission: Permission::StageLimitsManage,
    },
];

/// What sales adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "sales",
    pages: routes,
    api: crate::api::sales::routes,
    api_doc: || <crate::api::sales::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[],
    repair_order_panels: &[],
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(buyer::routes())
        .merge(rules::routes())
        .route("/admin/stage-limits", get(stages::limits).post(stages::limits_save))
        .route("/orders", get(list::list).post(form::create))
        .route("/orders/new", get(form::new))
        .route("/orders/export", get(list::export))
        .route("/orders/quote", post(form::quote))
        .route("/orders/trim-extras", get(form::trim_extras))
        .route("/orders/{id}", get(show::show).post(show::update))
        .route("/orders/{id}/edit", get(show::edit))
        .route("/orders/{id}/link", post(link::resend))
        .route("/orders/{id}/change-orders", post(show::propose_change))
        .route("/orders/{id}/change-orders/{change}/{action}", post(show::change_act))
        .route("/orders/{id}/{action}", post(show::act))
}
