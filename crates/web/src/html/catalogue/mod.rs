//! The vehicle catalogue pages: a brand/model tree, one page per model, and the edit forms.

use crate::AppState;
use crate::html::{MenuEntry, MenuSection};
use axum::Router;
use axum::routing::get;
use domain::rbac::Permission;

mod browse;
mod edit;

/// The catalogue's entry in the menu.
pub const MENU: &[MenuEntry] = &[MenuEntry {
    group: MenuSection::Vehicles,
    position: 1,
    href: "/catalogue",
    label: "nav-catalogue",
    permission: Permission::CatalogueRead,
}];

/// What catalogue adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "catalogue",
    pages: routes,
    api: crate::api::catalogue::routes,
    api_doc: || <crate::api::catalogue::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: None,
    order_panels: &[],
    repair_order_panels: &[],
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/catalogue", get(browse::index).post(edit::brand_create))
        .route("/catalogue/brands/new", get(edit::brand_new))
        .route("/catalogue/brands/{id}", get(edit::brand_edit).post(edit::brand_update))
        .route("/catalogue/brands/{id}/models", get(edit::model_new).post(edit::model_create))
        .route("/catalogue/models/{id}", get(browse::model_show).post(edit::model_update))
        .route("/catalogue/models/{id}/edit", get(edit::model_edit))
        .route("/catalogue/models/{id}/trims", get(edit::trim_new).post(edit::trim_create))
        .route("/catalogue/trims/{id}", get(edit::trim_edit).post(edit::trim_update))
        .route("/catalogue/models/{id}/colours", get(edit::colour_new).post(edit::colour_create))
        .route("/catalogue/colours/{id}", get(edit::colour_edit).post(edit::colour_update))
        .route("/catalogue/models/{id}/options", get(edit::option_new).post(edit::option_create))
        .route("/catalogue/options/{id}", get(edit::option_edit).post(edit::option_update))
}
