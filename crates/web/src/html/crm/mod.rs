//! CRM pages (issue 17): the inquiry form (phone first), the pipeline list, a lead's page with
//! its follow-ups and actions, the advisor's day list with the team's overdue counts, and the
//! store's cadences and advisors on duty.

use crate::html::{MenuEntry, MenuSection};
use axum::Router;
use domain::rbac::Permission;

mod day;
mod drives;
mod home;
mod leads;
mod settings;

pub const MENU: &[MenuEntry] = &[
    MenuEntry {
        group: MenuSection::Crm,
        position: 0,
        href: "/follow-ups",
        label: "nav-follow-ups",
        permission: Permission::LeadRead,
    },
    MenuEntry {
        group: MenuSection::Crm,
        position: 1,
        href: "/leads",
        label: "nav-leads",
        permission: Permission::LeadRead,
    },
    MenuEntry {
        group: MenuSection::Crm,
        position: 2,
        href: "/test-drives",
        label: "nav-test-drives",
        permission: Permission::LeadRead,
    },
    MenuEntry {
        group: MenuSection::Settings,
        position: 9,
        href: "/crm/settings",
        label: "nav-crm-settings",
        permission: Permission::CrmSettingsManage,
    },
];

/// What crm adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "crm",
    pages: routes,
    api: crate::api::crm::routes,
    api_doc: || <crate::api::crm::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[],
    repair_order_panels: &[],
};

pub fn routes() -> Router<crate::AppState> {
    Router::new().merge(leads::routes()).merge(day::routes()).merge(drives::routes()).merge(settings::routes())
}

/// `lead-stage-new` and the like.
pub(crate) fn label(l: crate::i18n::Locale, prefix: &str, code: &str) -> String {
    l.t(&format!("{prefix}-{code}"))
}

/// The colour of a stage (UI.md: waiting orange, done green, lost red, in progress blue).
pub(crate) fn stage_badge(code: &str) -> &'static str {
    match code {
        "new" => "text-bg-warning",
        "contacted" | "invited" | "test_drive" | "negotiating" => "text-bg-primary",
        "ordered" => "text-bg-success",
        "lost" => "text-bg-danger",
        _ => "text-bg-secondary",
    }
}

pub(crate) fn tier_badge(code: &str) -> &'static str {
    match code {
        "h" => "text-bg-danger",
        "a" => "text-bg-warning",
        "b" => "text-bg-info",
        _ => "text-bg-light border",
    }
}
