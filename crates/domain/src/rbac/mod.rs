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
    /// Manage the teams of the stores within reach.
    OrgManage,
    /// Create and edit the dealer group's stores (group data).
    StoreManage,
    /// Manage users, their roles and data scopes.
    UserManage,
    /// Search the audit log.
    AuditRead,
    /// See the store's undelivered e-mails and text messages and send them again.
    MessagesManage,
    /// See sales orders within the data scope.
    OrderRead,
    /// Create, edit, submit and cancel sales orders within the data scope.
    OrderWrite,
    /// Approve or reject orders at the approval level of the user's role.
    OrderApprove,
    /// Download the documents of a sale that carry the buyer's personal data in full (contract
    /// PDFs, signed copies, the invoice layout): the roles that sell, sign and invoice; every
    /// download is audited.
    SaleDocuments,
    /// Fix an order's signing contact anew from the customer's profile (the buyer changed their
    /// number): the sales managers, never on an order they asked for (DOMAIN.md §2).
    SigningContactChange,
    /// Edit the approval rules.
    ApprovalRulesManage,
    /// Keep the store's stage time limits (how long an order may wait in each stage): the store's
    /// administrators and general manager.
    StageLimitsManage,
    /// See floor prices, approval reasons and approvers' comments: the roles that price or
    /// approve. Others see the price the customer pays, never the margin behind it.
    PricingView,
    /// Record a pre-delivery inspection (PDI) of an order's car.
    DeliveryInspect,
    /// Hand an order's car over to its buyer and book the handover, within the scope.
    DeliveryHandOver,
    /// Keep the store's delivery hours and bays: the store's administrators and general manager.
    DeliverySettingsManage,
    ContractSign,
    ContractTemplateManage,
    PaymentRegister,
    PaymentConfirm,
    RefundApprove,
    InvoiceManage,
    FinanceRead,
    /// Keep the lenders' loan products that payments name (group data).
    LoanProductManage,
    /// See the store's vehicles and stock (not their cost).
    VehicleRead,
    /// Register vehicles, receive, move and transfer them.
    VehicleManage,
    /// Allocate vehicles to orders and release them.
    VehicleAllocate,
    /// See what a vehicle cost the store (purchase price, money tied up in stock).
    VehicleCostView,
    /// Keep the store's locations for vehicles (showroom, yard, off-site lot).
    LocationManage,
    /// Approve (or refuse) sending vehicles to another store of the group.
    TransferApprove,
    /// See leads, their follow-ups and test drives within the data scope.
    LeadRead,
    /// Record inquiries, log follow-ups, book test drives and ask to give a lead up.
    LeadWrite,
    /// Assign and reassign the store's leads to advisors.
    LeadAssign,
    /// Approve (or refuse) an advisor's request to give a lead up (战败); never one's own.
    LeadLostApprove,
    /// Set the store's follow-up cadence per intent tier and who takes new leads in turn.
    CrmSettingsManage,
    /// Hand a customer a copy of their personal data on their request (PIPL; audited).
    CustomerDataExport,
    /// Erase a customer's personal data on their request, keeping the orders, contracts and
    /// invoices the law requires (PIPL; irreversible, audited).
    CustomerAnonymise,
    /// Send a marketing e-mail (an event, a new model) to the customers of a filtered list who
    /// agreed to receive one.
    CustomerCampaign,
    /// See repair orders, the workshop board, a car's service history and its 三包 clocks.
    ServiceRead,
    /// Receive cars, keep a repair order's lines and estimate, record the customer's approval,
    /// settle and hand the car back (the service advisor's front desk).
    ServiceWrite,
    /// Dispatch jobs to technicians (the workshop foreman).
    ServiceDispatch,
    /// Pass or fail a repaired car's quality control; never on a job one did oneself.
    ServiceQc,
    /// Start, pause and finish one's own jobs, clocking the hours (the technician).
    ServiceWork,
    /// Keep the store's after-sales settings (the labour rate): the store's administrators and
    /// general manager.
    ServiceSettingsManage,
    /// See the parts catalogue, the store's stock and movements, and purchase orders.
    PartsRead,
    /// Issue parts to repair orders and take them back, receive deliveries, set stock levels
    /// (the parts clerk).
    PartsIssue,
    /// Draft, send and cancel purchase orders to the maker.
    PartsPurchase,
    /// Keep the parts catalogue every store of the group orders from: numbers, names, prices,
    /// fitment and supersessions (group data).
    PartsCatalogueManage,
    /// See callbacks and complaints, with what the customers said.
    CareRead,
    /// Call customers back and record what they said (customer service).
    CallbackRecord,
    /// Take a complaint, resolve the ones one owns, record whether the customer accepts.
    ComplaintWrite,
    /// Hand a complaint to another owner; overdue complaints come to them (the general manager).
    ComplaintManage,
    /// See the maker's recalls and service campaigns and which cars of the store they name.
    CampaignRead,
    /// Record a recall or service campaign with its VINs, and close it (group data).
    CampaignManage,
    /// Tell the owners of the cars a campaign names (through the outbox).
    CampaignContact,
}

impl Permission {
    /// Permissions over data the whole dealer group shares (the catalogue every store sells from,
    /// the approval rules every store's orders follow, the stores themselves): they take effect only with group scope, so
    /// that a store's administrator cannot change what the other stores see.
    pub fn is_group_data(self) -> bool {
        matches!(
            self,
            Self::CatalogueManage
                | Self::ApprovalRulesManage
                | Self::StoreManage
                | Self::LoanProductManage
                | Self::PartsCatalogueManage
                | Self::CampaignManage
        )
    }

    pub const ALL: [Permission; 61] = [
        Self::CustomerRead,
        Self::CustomerWrite,
        Self::CustomerViewMobile,
        Self::CustomerViewIdNumber,
        Self::CatalogueRead,
        Self::CatalogueManage,
        Self::OrgManage,
        Self::StoreManage,
        Self::UserManage,
        Self::AuditRead,
        Self::MessagesManage,
        Self::OrderRead,
        Self::OrderWrite,
        Self::OrderApprove,
        Self::SigningContactChange,
        Self::SaleDocuments,
        Self::ApprovalRulesManage,
        Self::StageLimitsManage,
        Self::PricingView,
        Self::DeliveryInspect,
        Self::DeliveryHandOver,
        Self::DeliverySettingsManage,
        Self::ContractSign,
        Self::ContractTemplateManage,
        Self::PaymentRegister,
        Self::PaymentConfirm,
        Self::RefundApprove,
        Self::InvoiceManage,
        Self::FinanceRead,
        Self::LoanProductManage,
        Self::VehicleRead,
        Self::VehicleManage,
        Self::VehicleAllocate,
        Self::VehicleCostView,
        Self::LocationManage,
        Self::TransferApprove,
        Self::LeadRead,
        Self::LeadWrite,
        Self::LeadAssign,
        Self::LeadLostApprove,
        Self::CrmSettingsManage,
        Self::CustomerDataExport,
        Self::CustomerAnonymise,
        Self::CustomerCampaign,
        Self::ServiceRead,
        Self::ServiceWrite,
        Self::ServiceDispatch,
        Self::ServiceQc,
        Self::ServiceWork,
        Self::ServiceSettingsManage,
        Self::PartsRead,
        Self::PartsIssue,
        Self::PartsPurchase,
        Self::PartsCatalogueManage,
        Self::CareRead,
        Self::CallbackRecord,
        Self::ComplaintWrite,
        Self::ComplaintManage,
        Self::CampaignRead,
        Self::CampaignManage,
        Self::CampaignContact,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OrderRead => "order_read",
            Self::OrderWrite => "order_write",
            Self::OrderApprove => "order_approve",
            Self::SigningContactChange => "signing_contact_change",
            Self::SaleDocuments => "sale_documents",
            Self::ApprovalRulesManage => "approval_rules_manage",
            Self::PricingView => "pricing_view",
            Self::DeliveryInspect => "delivery_inspect",
            Self::DeliveryHandOver => "delivery_hand_over",
            Self::DeliverySettingsManage => "delivery_settings_manage",
            Self::StageLimitsManage => "stage_limits_manage",
            Self::ContractSign => "contract_sign",
            Self::ContractTemplateManage => "contract_template_manage",
            Self::PaymentRegister => "payment_register",
            Self::PaymentConfirm => "payment_confirm",
            Self::RefundApprove => "refund_approve",
            Self::InvoiceManage => "invoice_manage",
            Self::FinanceRead => "finance_read",
            Self::LoanProductManage => "loan_product_manage",
            Self::VehicleRead => "vehicle_read",
            Self::VehicleManage => "vehicle_manage",
            Self::VehicleAllocate => "vehicle_allocate",
            Self::VehicleCostView => "vehicle_cost_view",
            Self::LocationManage => "location_manage",
            Self::TransferApprove => "transfer_approve",
            Self::LeadRead => "lead_read",
            Self::LeadWrite => "lead_write",
            Self::LeadAssign => "lead_assign",
            Self::LeadLostApprove => "lead_lost_approve",
            Self::CrmSettingsManage => "crm_settings_manage",
            Self::CustomerDataExport => "customer_data_export",
            Self::CustomerAnonymise => "customer_anonymise",
            Self::CustomerCampaign => "customer_campaign",
            Self::CustomerRead => "customer_read",
            Self::CustomerWrite => "customer_write",
            Self::CustomerViewMobile => "customer_view_mobile",
            Self::CustomerViewIdNumber => "customer_view_id_number",
            Self::CatalogueRead => "catalogue_read",
            Self::CatalogueManage => "catalogue_manage",
            Self::OrgManage => "org_manage",
            Self::StoreManage => "store_manage",
            Self::UserManage => "user_manage",
            Self::AuditRead => "audit_read",
            Self::MessagesManage => "messages_manage",
            Self::ServiceRead => "service_read",
            Self::ServiceWrite => "service_write",
            Self::ServiceDispatch => "service_dispatch",
            Self::ServiceQc => "service_qc",
            Self::ServiceWork => "service_work",
            Self::ServiceSettingsManage => "service_settings_manage",
            Self::PartsRead => "parts_read",
            Self::PartsIssue => "parts_issue",
            Self::PartsPurchase => "parts_purchase",
            Self::PartsCatalogueManage => "parts_catalogue_manage",
            Self::CareRead => "care_read",
            Self::CallbackRecord => "callback_record",
            Self::ComplaintWrite => "complaint_write",
            Self::ComplaintManage => "complaint_manage",
            Self::CampaignRead => "campaign_read",
            Self::CampaignManage => "campaign_manage",
            Self::CampaignContact => "campaign_contact",
        }
    }
}

/// Whether a user of `role` with `scope` may use `permission`: the role grants it, and a group-data
/// permission needs group scope. The one check behind handlers, use cases and menus.
pub fn grants(role: Role, scope: DataScope, permission: Permission) -> bool {
    role.has(permission) && (!permission.is_group_data() || scope == DataScope::Group)
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

mod roles;
pub use roles::Role;

mod doc;
pub use doc::roles_markdown;

#[cfg(test)]
mod tests;
