//! Roles, permissions and data scope (DOMAIN.md §1).
//!
//! Roles are fixed in code so that every store of every group means the same thing by "sales
//! manager"; what differs per user is the role and the data scope, both set by an administrator.

use serde::{Deserialize, Serialize};

/// What a user may do. Checked on the server by the web layer's `Require<P>` extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read customer profiles within the data scope.
    CustomerRead,
    /// Create and edit customer profiles within the data scope.
    CustomerWrite,
    /// See customers' full mobile numbers (others see `138****5678`).
    CustomerViewMobile,
    /// See full resident ID numbers (every view is audited).
    CustomerViewIdNumber,
    /// See the vehicle catalogue.
    CatalogueRead,
    /// Manage brands, models, trims, colours, options and accessories.
    CatalogueManage,
    /// Manage the dealer group's stores and teams.
    OrgManage,
    /// Manage users, their roles and data scopes.
    UserManage,
    /// Search the audit log.
    AuditRead,
    /// See sales orders within the data scope.
    OrderRead,
    /// Create, edit, submit and cancel sales orders within the data scope.
    OrderWrite,
    /// Approve or reject orders at the approval level of the user's role.
    OrderApprove,
    /// Edit the approval rules.
    ApprovalRulesManage,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Self::CustomerRead,
        Self::CustomerWrite,
        Self::CustomerViewMobile,
        Self::CustomerViewIdNumber,
        Self::CatalogueRead,
        Self::CatalogueManage,
        Self::OrgManage,
        Self::UserManage,
        Self::AuditRead,
        Self::OrderRead,
        Self::OrderWrite,
        Self::OrderApprove,
        Self::ApprovalRulesManage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OrderRead => "order_read",
            Self::OrderWrite => "order_write",
            Self::OrderApprove => "order_approve",
            Self::ApprovalRulesManage => "approval_rules_manage",
            Self::CustomerRead => "customer_read",
            Self::CustomerWrite => "customer_write",
            Self::CustomerViewMobile => "customer_view_mobile",
            Self::CustomerViewIdNumber => "customer_view_id_number",
            Self::CatalogueRead => "catalogue_read",
            Self::CatalogueManage => "catalogue_manage",
            Self::OrgManage => "org_manage",
            Self::UserManage => "user_manage",
            Self::AuditRead => "audit_read",
        }
    }
}

/// Which records a user sees: their own, their team's, their store's or the whole group's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    Own,
    Team,
    Store,
    Group,
}

impl DataScope {
    pub const ALL: [DataScope; 4] = [Self::Own, Self::Team, Self::Store, Self::Group];

    pub fn code(self) -> &'static str {
        match self {
            Self::Own => "own",
            Self::Team => "team",
            Self::Store => "store",
            Self::Group => "group",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SalesAdvisor,
    SalesManager,
    GeneralManager,
    Finance,
    Inventory,
    ServiceAdvisor,
    Technician,
    CustomerService,
    Administrator,
    GroupExecutive,
}

use Permission as P;

impl Role {
    pub const ALL: [Role; 10] = [
        Self::SalesAdvisor,
        Self::SalesManager,
        Self::GeneralManager,
        Self::Finance,
        Self::Inventory,
        Self::ServiceAdvisor,
        Self::Technician,
        Self::CustomerService,
        Self::Administrator,
        Self::GroupExecutive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SalesAdvisor => "sales_advisor",
            Self::SalesManager => "sales_manager",
            Self::GeneralManager => "general_manager",
            Self::Finance => "finance",
            Self::Inventory => "inventory",
            Self::ServiceAdvisor => "service_advisor",
            Self::Technician => "technician",
            Self::CustomerService => "customer_service",
            Self::Administrator => "administrator",
            Self::GroupExecutive => "group_executive",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The permissions of the role. Later modules (orders, finance, inventory, service) add theirs.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Self::SalesAdvisor => &[
                P::CustomerRead,
                P::CustomerWrite,
                P::CustomerViewMobile,
                P::CatalogueRead,
                P::OrderRead,
                P::OrderWrite,
            ],
            Self::SalesManager => &[
                P::CustomerRead,
                P::CustomerWrite,
                P::CustomerViewMobile,
                P::CustomerViewIdNumber,
                P::CatalogueRead,
                P::OrderRead,
                P::OrderWrite,
                P::OrderApprove,
            ],
            Self::GeneralManager => &[
                P::CustomerRead,
                P::CustomerWrite,
                P::CustomerViewMobile,
                P::CustomerViewIdNumber,
                P::CatalogueRead,
                P::AuditRead,
                P::OrderRead,
                P::OrderWrite,
                P::OrderApprove,
            ],
            // Finance needs the buyer's ID number for contracts and the vehicle sales invoice,
            // and approves special payment terms.
            Self::Finance => {
                &[P::CustomerRead, P::CustomerViewIdNumber, P::CatalogueRead, P::OrderRead, P::OrderApprove]
            }
            Self::Inventory => &[P::CatalogueRead, P::OrderRead],
            Self::ServiceAdvisor => &[P::CustomerRead, P::CustomerWrite, P::CustomerViewMobile, P::CatalogueRead],
            Self::Technician => &[P::CatalogueRead],
            // Customer service calls customers back (回访), so it sees their numbers.
            Self::CustomerService => &[P::CustomerRead, P::CustomerViewMobile, P::CatalogueRead, P::OrderRead],
            Self::Administrator => &[
                P::CustomerRead,
                P::CatalogueRead,
                P::CatalogueManage,
                P::OrgManage,
                P::UserManage,
                P::AuditRead,
                P::OrderRead,
                P::ApprovalRulesManage,
            ],
            Self::GroupExecutive => &[P::CustomerRead, P::CatalogueRead, P::AuditRead, P::OrderRead],
        }
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// The data scope a new user of this role gets unless the administrator picks another.
    pub fn default_scope(self) -> DataScope {
        match self {
            Self::SalesAdvisor | Self::Technician => DataScope::Own,
            Self::SalesManager => DataScope::Team,
            Self::GeneralManager | Self::Finance | Self::Inventory | Self::ServiceAdvisor | Self::CustomerService => {
                DataScope::Store
            }
            Self::Administrator | Self::GroupExecutive => DataScope::Group,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for s in DataScope::ALL {
            assert_eq!(DataScope::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn advisors_cannot_see_id_numbers_or_manage() {
        assert!(!Role::SalesAdvisor.has(P::CustomerViewIdNumber));
        assert!(!Role::SalesAdvisor.has(P::UserManage));
        assert!(Role::Administrator.has(P::UserManage));
        assert_eq!(Role::SalesAdvisor.default_scope(), DataScope::Own);
    }
}
