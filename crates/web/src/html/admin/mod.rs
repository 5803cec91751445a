//! Administration: stores, teams, users, roles and the audit log.

use crate::AppState;
use crate::html::{MenuEntry, MenuSection};
use axum::Router;
use axum::routing::get;
use domain::rbac::Permission;

pub mod audit;
mod messages;
mod nav;
mod stores;
mod teams;
mod users;
mod wordings;

/// The organisation's entries in the menu (settings).
pub const MENU: &[MenuEntry] = &[
    MenuEntry {
        group: MenuSection::Settings,
        position: 1,
        href: "/admin/stores",
        label: "nav-stores",
        permission: Permission::OrgManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 2,
        href: "/admin/teams",
        label: "nav-teams",
        permission: Permission::OrgManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 3,
        href: "/admin/users",
        label: "nav-users",
        permission: Permission::UserManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 4,
        href: "/admin/roles",
        label: "nav-roles",
        permission: Permission::UserManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 7,
        href: "/admin/messages",
        label: "nav-messages",
        permission: Permission::MessagesManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 8,
        href: "/admin/wordings",
        label: "nav-wordings",
        permission: Permission::MessagesManage,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 6,
        href: "/admin/audit",
        label: "nav-audit",
        permission: Permission::AuditRead,
    },
];

/// What org adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "org",
    pages: routes,
    api: crate::api::org::routes,
    api_doc: || <crate::api::org::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: None,
    order_panels: &[],
    repair_order_panels: &[],
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/stores", get(stores::stores).post(stores::store_create))
        .route("/admin/stores/new", get(stores::store_new))
        .route("/admin/stores/{id}", get(stores::store_edit).post(stores::store_update))
        .route("/admin/teams", get(teams::teams).post(teams::team_create))
        .route("/admin/teams/new", get(teams::team_new))
        .route("/admin/teams/{id}", get(teams::team_edit).post(teams::team_update))
        .route("/admin/users", get(users::users).post(users::user_create))
        .route("/admin/users/new", get(users::user_new))
        .route("/admin/users/{id}", get(users::user_edit).post(users::user_update))
        .route("/admin/users/{id}/password", get(users::password_form).post(users::password_reset))
        .route("/admin/roles", get(users::roles))
        .route("/admin/audit", get(audit::audit))
        .route("/admin/messages", get(messages::messages))
        .route("/admin/messages/{id}/retry", axum::routing::post(messages::retry))
        .route("/admin/wordings", get(wordings::list))
        .route("/admin/wordings/{notice}/{locale}", get(wordings::edit).post(wordings::save))
        .route("/admin/wordings/{notice}/{locale}/reset", axum::routing::post(wordings::reset))
}
