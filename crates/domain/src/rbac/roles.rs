//! The roles of a dealership (DOMAIN.md §1) and what each may do.

use super::{DataScope, Permission};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SalesAdvisor,
    SalesManager,
    GeneralManager,
    Finance,
    Inventory,
    ServiceAdvisor,
    WorkshopForeman,
    Technician,
    PartsClerk,
    CustomerService,
    Administrator,
    GroupExecutive,
}

use Permission as P;

impl Role {
    pub const ALL: [Role; 12] = [
        Self::SalesAdvisor,
        Self::SalesManager,
        Self::GeneralManager,
        Self::Finance,
        Self::Inventory,
        Self::ServiceAdvisor,
        Self::WorkshopForeman,
        Self::Technician,
        Self::PartsClerk,
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
            Self::WorkshopForeman => "workshop_foreman",
            Self::Technician => "technician",
            Self::PartsClerk => "parts_clerk",
            Self::CustomerService => "customer_service",
            Self::Administrator => "administrator",
            Self::GroupExecutive => "group_executive",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The permissions of the role (DOMAIN.md §1). docs/ROLES.md is generated from this table
    /// (a test fails when it drifts).
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Self::SalesAdvisor => &[
                P::CustomerRead,
                P::CustomerWrite,
                P::CustomerViewMobile,
                P::CatalogueRead,
                P::OrderRead,
                P::OrderWrite,
                P::ContractSign,
                P::SaleDocuments,
                P::PaymentRegister,
                P::VehicleRead,
                P::DeliveryHandOver,
                P::LeadRead,
                P::LeadWrite,
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
                P::SigningContactChange,
                P::PricingView,
                P::DeliveryInspect,
                P::DeliveryHandOver,
                P::ContractSign,
                P::SaleDocuments,
                P::PaymentRegister,
                P::VehicleRead,
                P::VehicleAllocate,
                P::LeadRead,
                P::LeadWrite,
                P::LeadAssign,
                P::LeadLostApprove,
                P::CustomerCampaign,
                P::CareRead,
                P::ComplaintWrite,
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
                P::SigningContactChange,
                P::PricingView,
                P::DeliveryInspect,
                P::DeliveryHandOver,
                P::DeliverySettingsManage,
                P::StageLimitsManage,
                P::MessagesManage,
                P::ContractSign,
                P::SaleDocuments,
                P::PaymentRegister,
                P::FinanceRead,
                P::VehicleRead,
                P::VehicleManage,
                P::VehicleAllocate,
                P::VehicleCostView,
                P::LocationManage,
                P::TransferApprove,
                P::LeadRead,
                P::LeadWrite,
                P::LeadAssign,
                P::LeadLostApprove,
                P::CrmSettingsManage,
                P::CustomerDataExport,
                P::CustomerAnonymise,
                P::CustomerCampaign,
                P::ServiceRead,
                P::ServiceWrite,
                P::ServiceDispatch,
                P::ServiceQc,
                P::ServiceSettingsManage,
                P::PartsRead,
                P::PartsPurchase,
                P::CareRead,
                P::ComplaintWrite,
                P::ComplaintManage,
                P::CampaignRead,
            ],
            // Finance needs the buyer's ID number for contracts and the vehicle sales invoice,
            // calls buyers about payments, and approves special payment terms.
            Self::Finance => &[
                P::CustomerRead,
                P::CustomerViewMobile,
                P::CustomerViewIdNumber,
                P::CatalogueRead,
                P::OrderRead,
                P::OrderApprove,
                P::PricingView,
                P::PaymentRegister,
                P::PaymentConfirm,
                P::RefundApprove,
                P::InvoiceManage,
                P::SaleDocuments,
                P::FinanceRead,
                P::LoanProductManage,
                P::VehicleRead,
                P::VehicleCostView,
                P::ServiceRead,
                P::PartsRead,
            ],
            // Logistics runs the yard: vehicles, their cost, and their allocation to the store's
            // orders, which it reads (mobile masked, no margins); it does not contact buyers.
            Self::Inventory => &[
                P::CatalogueRead,
                P::OrderRead,
                P::DeliveryInspect,
                P::VehicleRead,
                P::VehicleManage,
                P::VehicleAllocate,
                P::VehicleCostView,
            ],
            // The front desk: receives cars, keeps the estimate, settles and hands back; registers
            // what the customer paid, which finance confirms.
            Self::ServiceAdvisor => &[
                P::CustomerRead,
                P::CustomerWrite,
                P::CustomerViewMobile,
                P::CatalogueRead,
                P::ServiceRead,
                P::ServiceWrite,
                P::PartsRead,
                P::CareRead,
                P::ComplaintWrite,
                P::CampaignRead,
                P::CampaignContact,
            ],
            // Runs the workshop floor: dispatch and quality control, and jobs of their own.
            Self::WorkshopForeman => &[
                P::CatalogueRead,
                P::ServiceRead,
                P::ServiceDispatch,
                P::ServiceQc,
                P::ServiceWork,
                P::PartsRead,
                P::CampaignRead,
            ],
            Self::Technician => &[P::CatalogueRead, P::ServiceRead, P::ServiceWork, P::PartsRead],
            // The parts store: the catalogue, the shelves, issues to the workshop and orders to
            // the maker; repair orders are read for what they need, never changed.
            Self::PartsClerk => &[
                P::CatalogueRead,
                P::ServiceRead,
                P::PartsRead,
                P::PartsIssue,
                P::PartsPurchase,
                P::PartsCatalogueManage,
            ],
            // Customer service calls customers back (回访) about their orders: numbers and orders,
            // no floor prices or approval discussion.
            Self::CustomerService => &[
                P::CustomerRead,
                P::CustomerViewMobile,
                P::CatalogueRead,
                P::OrderRead,
                P::LeadRead,
                P::CustomerDataExport,
                P::ServiceRead,
                P::CareRead,
                P::CallbackRecord,
                P::ComplaintWrite,
                P::CampaignRead,
                P::CampaignContact,
            ],
            // A group administrator (group scope) keeps the catalogue, the approval rules, stores,
            // users and teams; with store scope, only the store's users and teams (group-data
            // permissions need group scope, see `grants`).
            Self::Administrator => &[
                P::CustomerRead,
                P::CatalogueRead,
                P::CatalogueManage,
                P::OrgManage,
                P::StoreManage,
                P::UserManage,
                P::AuditRead,
                P::OrderRead,
                P::ApprovalRulesManage,
                P::PricingView,
                P::ContractTemplateManage,
                P::LoanProductManage,
                P::LocationManage,
                P::DeliverySettingsManage,
                P::StageLimitsManage,
                P::MessagesManage,
                P::CrmSettingsManage,
                P::ServiceSettingsManage,
                P::PartsCatalogueManage,
                P::CampaignRead,
                P::CampaignManage,
            ],
            Self::GroupExecutive => &[
                P::CustomerRead,
                P::CatalogueRead,
                P::AuditRead,
                P::OrderRead,
                P::PricingView,
                P::VehicleRead,
                P::VehicleCostView,
            ],
        }
    }

    /// Roles whose work is the whole group's (a group executive reads every store): only a group
    /// administrator grants them.
    pub fn is_group_role(self) -> bool {
        matches!(self, Self::GroupExecutive)
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// The data scope a new user of this role gets unless the administrator picks another.
    pub fn default_scope(self) -> DataScope {
        match self {
            Self::SalesAdvisor | Self::Technician => DataScope::Own,
            Self::SalesManager => DataScope::Team,
            Self::GeneralManager
            | Self::Finance
            | Self::Inventory
            | Self::ServiceAdvisor
            | Self::WorkshopForeman
            | Self::PartsClerk
            | Self::CustomerService => DataScope::Store,
            Self::Administrator | Self::GroupExecutive => DataScope::Group,
        }
    }
}
