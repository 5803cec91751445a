//! The menu's shape: the entries each capability declares (`registry::Web::menu`) and the
//! groups they go in.

use domain::rbac::Permission;

/// A menu entry a capability declares next to its pages (its module's `MENU`): the group it
/// goes in, its place there, link, label key, and the permission that shows it.
pub struct MenuEntry {
    pub group: MenuSection,
    pub position: u8,
    pub href: &'static str,
    pub label: &'static str,
    pub permission: Permission,
}

/// The menu's groups, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MenuSection {
    Crm,
    Orders,
    Vehicles,
    Service,
    Settings,
}

impl MenuSection {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Crm => "nav-group-crm",
            Self::Orders => "nav-group-orders",
            Self::Vehicles => "nav-group-vehicles",
            Self::Service => "nav-group-service",
            Self::Settings => "nav-group-settings",
        }
    }
}
