//! Typed audit events, written in the same transaction as the change they describe.

mod names;

pub use names::{Named, Ref, names};

/// The log's filter.
pub use storage::audit::AuditFilter;

/// A record of the audit log.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub group_id: i64,
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// The staff member's name, or the customer's when they acted through their link
    /// (`by_customer`).
    pub actor_name: String,
    pub by_customer: bool,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: chrono::NaiveDateTime,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    /// `{field: [before, after]}`.
    #[schema(value_type = Object)]
    pub changes: Value,
}

impl From<storage::audit::AuditRow> for AuditEntry {
    fn from(r: storage::audit::AuditRow) -> Self {
        Self {
            id: r.id,
            group_id: r.group_id,
            store_id: r.store_id,
            actor_id: r.actor_id,
            by_customer: r.actor_id.is_none(),
            // Entries before 2026-12 carried the role in the name, in Chinese.
            actor_name: r.actor_name.strip_suffix("（客户）").map(str::to_string).unwrap_or(r.actor_name),
            at: r.at,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            changes: crate::kernel::json::value(&r.changes),
        }
    }
}

use crate::{AppResult, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
use serde_json::{Map, Value, json};
use storage::audit::NewAuditEvent;
use storage::{DbConnection, Page, PageRequest};

/// What happened. The code is stable: it is stored and searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    StoreCreated,
    StoreUpdated,
    TeamCreated,
    TeamUpdated,
    UserCreated,
    UserUpdated,
    UserPasswordReset,
    UserPasswordChanged,
    UserLoggedIn,
    ApiTokenCreated,
    ApiTokenRevoked,
    BrandCreated,
    BrandUpdated,
    ModelCreated,
    ModelUpdated,
    TrimCreated,
    TrimUpdated,
    ColourCreated,
    ColourUpdated,
    OptionCreated,
    OptionUpdated,
    CustomerCreated,
    CustomerUpdated,
    CustomerIdNumberViewed,
    CustomersExported,
    CustomerDataExported,
    CustomerAnonymised,
    CustomerCampaignSent,
    CustomerVehicleAdded,
    CustomerVehicleReleased,
    OrderPdiRecorded,
    OrderHandedOver,
    OrderDeliveryBooked,
    DeliveryHoursSet,
    OrderLinkSent,
    OrderSurveyAnswered,
    OrderFollowUpDone,
    MessageRetried,
    OrderPdiPhotoAdded,
    StageLimitsSet,
    NoticeWordingSet,
    NoticeWordingReset,
    NoticePreferencesSet,
    PdiChecklistChanged,
    RepairOrderReceived,
    RepairOrderLineAdded,
    RepairOrderLineRemoved,
    RepairOrderEstimateApproved,
    RepairOrderDispatched,
    RepairOrderJobStep,
    RepairOrderQc,
    RepairOrderSettled,
    RepairOrderHandedOver,
    RepairOrderCancelled,
    LabourRateSet,
    RepairOrderPaymentRegistered,
    RepairOrderPaymentConfirmed,
    RepairOrderPaymentRejected,
    OrderCreated,
    OrderUpdated,
    ChangeOrderRequested,
    ChangeOrderApproved,
    ChangeOrderRejected,
    ChangeOrderWithdrawn,
    ChangeOrderInForce,
    OrderTransition,
    OrderFacts,
    OrderConfirmedByCustomer,
    OrderChangeRequested,
    OrdersExported,
    ApprovalRuleCreated,
    ApprovalRuleUpdated,
    ContractTemplateUpdated,
    ContractGenerated,
    ContractSignedByCustomer,
    ContractCountersigned,
    ContractUnlocked,
    SigningContactChanged,
    DocumentDownloaded,
    PaymentRegistered,
    PaymentConfirmed,
    PaymentRejected,
    RefundRequested,
    RefundApproved,
    RefundRejected,
    RefundPaid,
    InvoicePrepared,
    InvoiceReversed,
    LoanProductCreated,
    LoanProductUpdated,
    VehicleRegistered,
    VehicleAllocated,
    VehicleReleased,
    VehicleMoved,
    VehicleKept,
    FactoryOrderCreated,
    FactoryOrderUpdated,
    ShipmentCreated,
    ShipmentUpdated,
    LocationSaved,
    TransferRequested,
    TransferUpdated,
    ThresholdSet,
    LeadCreated,
    LeadUpdated,
    LeadAssigned,
    LeadContacted,
    LeadLostRequested,
    LeadLostDecided,
    CrmSettingsUpdated,
    LeadTestDriveBooked,
    LeadTestDriveUpdated,
}

impl Action {
    /// Every action, to derive the lists that name them (the audit page's record types).
    pub const ALL: [Action; 112] = [
        Self::StoreCreated,
        Self::StoreUpdated,
        Self::TeamCreated,
        Self::TeamUpdated,
        Self::UserCreated,
        Self::UserUpdated,
        Self::UserPasswordReset,
        Self::UserPasswordChanged,
        Self::UserLoggedIn,
        Self::ApiTokenCreated,
        Self::ApiTokenRevoked,
        Self::BrandCreated,
        Self::BrandUpdated,
        Self::ModelCreated,
        Self::ModelUpdated,
        Self::TrimCreated,
        Self::TrimUpdated,
        Self::ColourCreated,
        Self::ColourUpdated,
        Self::OptionCreated,
        Self::OptionUpdated,
        Self::CustomerCreated,
        Self::CustomerUpdated,
        Self::CustomerIdNumberViewed,
        Self::CustomersExported,
        Self::CustomerDataExported,
        Self::CustomerAnonymised,
        Self::CustomerCampaignSent,
        Self::CustomerVehicleAdded,
        Self::CustomerVehicleReleased,
        Self::OrderPdiRecorded,
        Self::OrderHandedOver,
        Self::OrderDeliveryBooked,
        Self::DeliveryHoursSet,
        Self::OrderLinkSent,
        Self::OrderSurveyAnswered,
        Self::OrderFollowUpDone,
        Self::MessageRetried,
        Self::OrderPdiPhotoAdded,
        Self::StageLimitsSet,
        Self::NoticeWordingSet,
        Self::NoticeWordingReset,
        Self::NoticePreferencesSet,
        Self::PdiChecklistChanged,
        Self::RepairOrderReceived,
        Self::RepairOrderLineAdded,
        Self::RepairOrderLineRemoved,
        Self::RepairOrderEstimateApproved,
        Self::RepairOrderDispatched,
        Self::RepairOrderJobStep,
        Self::RepairOrderQc,
        Self::RepairOrderSettled,
        Self::RepairOrderHandedOver,
        Self::RepairOrderCancelled,
        Self::LabourRateSet,
        Self::RepairOrderPaymentRegistered,
        Self::RepairOrderPaymentConfirmed,
        Self::RepairOrderPaymentRejected,
        Self::OrderCreated,
        Self::OrderUpdated,
        Self::ChangeOrderRequested,
        Self::ChangeOrderApproved,
        Self::ChangeOrderRejected,
        Self::ChangeOrderWithdrawn,
        Self::ChangeOrderInForce,
        Self::OrderTransition,
        Self::OrderFacts,
        Self::OrderConfirmedByCustomer,
        Self::OrderChangeRequested,
        Self::OrdersExported,
        Self::ApprovalRuleCreated,
        Self::ApprovalRuleUpdated,
        Self::ContractTemplateUpdated,
        Self::ContractGenerated,
        Self::ContractSignedByCustomer,
        Self::ContractCountersigned,
        Self::ContractUnlocked,
        Self::SigningContactChanged,
        Self::DocumentDownloaded,
        Self::PaymentRegistered,
        Self::PaymentConfirmed,
        Self::PaymentRejected,
        Self::RefundRequested,
        Self::RefundApproved,
        Self::RefundRejected,
        Self::RefundPaid,
        Self::InvoicePrepared,
        Self::InvoiceReversed,
        Self::LoanProductCreated,
        Self::LoanProductUpdated,
        Self::VehicleRegistered,
        Self::VehicleAllocated,
        Self::VehicleReleased,
        Self::VehicleMoved,
        Self::VehicleKept,
        Self::FactoryOrderCreated,
        Self::FactoryOrderUpdated,
        Self::ShipmentCreated,
        Self::ShipmentUpdated,
        Self::LocationSaved,
        Self::TransferRequested,
        Self::TransferUpdated,
        Self::ThresholdSet,
        Self::LeadCreated,
        Self::LeadUpdated,
        Self::LeadAssigned,
        Self::LeadContacted,
        Self::LeadLostRequested,
        Self::LeadLostDecided,
        Self::CrmSettingsUpdated,
        Self::LeadTestDriveBooked,
        Self::LeadTestDriveUpdated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::StoreCreated => "store.created",
            Self::StoreUpdated => "store.updated",
            Self::TeamCreated => "team.created",
            Self::TeamUpdated => "team.updated",
            Self::UserCreated => "user.created",
            Self::UserUpdated => "user.updated",
            Self::UserPasswordReset => "user.password_reset",
            Self::UserPasswordChanged => "user.password_changed",
            Self::UserLoggedIn => "user.logged_in",
            Self::ApiTokenCreated => "api_token.created",
            Self::ApiTokenRevoked => "api_token.revoked",
            Self::BrandCreated => "brand.created",
            Self::BrandUpdated => "brand.updated",
            Self::ModelCreated => "model.created",
            Self::ModelUpdated => "model.updated",
            Self::TrimCreated => "trim.created",
            Self::TrimUpdated => "trim.updated",
            Self::ColourCreated => "colour.created",
            Self::ColourUpdated => "colour.updated",
            Self::OptionCreated => "option.created",
            Self::OptionUpdated => "option.updated",
            Self::CustomerCreated => "customer.created",
            Self::CustomerUpdated => "customer.updated",
            Self::CustomerIdNumberViewed => "customer.id_number_viewed",
            Self::CustomersExported => "customer.exported",
            Self::CustomerDataExported => "customer.data_exported",
            Self::CustomerAnonymised => "customer.anonymised",
            Self::CustomerCampaignSent => "customer.campaign_sent",
            Self::CustomerVehicleAdded => "customer_vehicle.added",
            Self::CustomerVehicleReleased => "customer_vehicle.released",
            Self::OrderPdiRecorded => "order.pdi_recorded",
            Self::OrderHandedOver => "order.handed_over",
            Self::OrderDeliveryBooked => "order.delivery_booked",
            Self::DeliveryHoursSet => "delivery_hours.set",
            Self::OrderLinkSent => "order.link_sent",
            Self::OrderSurveyAnswered => "order.survey_answered",
            Self::OrderFollowUpDone => "order.follow_up_done",
            Self::MessageRetried => "message.retried",
            Self::OrderPdiPhotoAdded => "order.pdi_photo_added",
            Self::StageLimitsSet => "stage_limits.set",
            Self::NoticeWordingSet => "notice_wording.set",
            Self::NoticeWordingReset => "notice_wording.reset",
            Self::NoticePreferencesSet => "notice_preferences.set",
            Self::PdiChecklistChanged => "pdi_checklist.changed",
            Self::RepairOrderReceived => "repair_order.received",
            Self::RepairOrderLineAdded => "repair_order.line_added",
            Self::RepairOrderLineRemoved => "repair_order.line_removed",
            Self::RepairOrderEstimateApproved => "repair_order.estimate_approved",
            Self::RepairOrderDispatched => "repair_order.dispatched",
            Self::RepairOrderJobStep => "repair_order.job_step",
            Self::RepairOrderQc => "repair_order.quality_checked",
            Self::RepairOrderSettled => "repair_order.settled",
            Self::RepairOrderHandedOver => "repair_order.handed_over",
            Self::RepairOrderCancelled => "repair_order.cancelled",
            Self::LabourRateSet => "service_settings.labour_rate_set",
            Self::RepairOrderPaymentRegistered => "repair_order.payment_registered",
            Self::RepairOrderPaymentConfirmed => "repair_order.payment_confirmed",
            Self::RepairOrderPaymentRejected => "repair_order.payment_rejected",
            Self::OrderCreated => "order.created",
            Self::OrderUpdated => "order.updated",
            Self::ChangeOrderRequested => "order.change_order_requested",
            Self::ChangeOrderApproved => "order.change_order_approved",
            Self::ChangeOrderRejected => "order.change_order_rejected",
            Self::ChangeOrderWithdrawn => "order.change_order_withdrawn",
            Self::ChangeOrderInForce => "order.change_order_in_force",
            Self::OrderTransition => "order.transition",
            Self::OrderFacts => "order.facts",
            Self::OrderConfirmedByCustomer => "order.confirmed_by_customer",
            Self::OrderChangeRequested => "order.change_requested",
            Self::OrdersExported => "order.exported",
            Self::ApprovalRuleCreated => "approval_rule.created",
            Self::ApprovalRuleUpdated => "approval_rule.updated",
            Self::ContractTemplateUpdated => "store.contract_template_updated",
            Self::ContractGenerated => "order.contract_generated",
            Self::ContractSignedByCustomer => "order.contract_signed_by_customer",
            Self::ContractCountersigned => "order.contract_countersigned",
            Self::ContractUnlocked => "order.contract_unlocked",
            Self::SigningContactChanged => "order.signing_contact_changed",
            Self::DocumentDownloaded => "order.document_downloaded",
            Self::PaymentRegistered => "order.payment_registered",
            Self::PaymentConfirmed => "order.payment_confirmed",
            Self::PaymentRejected => "order.payment_rejected",
            Self::RefundRequested => "order.refund_requested",
            Self::RefundApproved => "order.refund_approved",
            Self::RefundRejected => "order.refund_rejected",
            Self::RefundPaid => "order.refund_paid",
            Self::InvoicePrepared => "order.invoice_prepared",
            Self::InvoiceReversed => "order.invoice_reversed",
            Self::LoanProductCreated => "loan_product.created",
            Self::LoanProductUpdated => "loan_product.updated",
            Self::VehicleRegistered => "vehicle.registered",
            Self::VehicleAllocated => "vehicle.allocated",
            Self::VehicleReleased => "vehicle.released",
            Self::VehicleMoved => "vehicle.moved",
            Self::VehicleKept => "vehicle.kept",
            Self::FactoryOrderCreated => "factory_order.created",
            Self::FactoryOrderUpdated => "factory_order.updated",
            Self::ShipmentCreated => "shipment.created",
            Self::ShipmentUpdated => "shipment.updated",
            Self::LocationSaved => "location.saved",
            Self::TransferRequested => "transfer.requested",
            Self::TransferUpdated => "transfer.updated",
            Self::ThresholdSet => "stock_threshold.set",
            Self::LeadCreated => "lead.created",
            Self::LeadUpdated => "lead.updated",
            Self::LeadAssigned => "lead.assigned",
            Self::LeadContacted => "lead.contacted",
            Self::LeadLostRequested => "lead.lost_requested",
            Self::LeadLostDecided => "lead.lost_decided",
            Self::CrmSettingsUpdated => "crm_settings.updated",
            Self::LeadTestDriveBooked => "lead.test_drive_booked",
            Self::LeadTestDriveUpdated => "lead.test_drive_updated",
        }
    }

    /// The entity type the action is about (the part before the dot).
    pub fn entity_type(self) -> &'static str {
        self.code().split('.').next().unwrap_or("")
    }
}

/// The types of record the log holds actions on, in the order the actions are declared (the
/// audit page's filter): derived from [`Action::ALL`], so a new capability's records appear
/// without a list to update. Exports, which are about no one record, are left out.
pub fn record_types() -> Vec<&'static str> {
    let mut types: Vec<&'static str> = Vec::new();
    for a in Action::ALL {
        let t = a.entity_type();
        if !a.code().ends_with(".exported") && !types.contains(&t) {
            types.push(t);
        }
    }
    types
}

/// Field changes: name -> [before, after]; only fields that differ are kept.
#[derive(Debug, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field<T: serde::Serialize + PartialEq>(mut self, name: &str, before: T, after: T) -> Self {
        if before != after {
            self.0.insert(name.to_string(), json!([before, after]));
        }
        self
    }

    /// For a created record: every field with `null` as before.
    pub fn created<T: serde::Serialize>(mut self, name: &str, value: T) -> Self {
        self.0.insert(name.to_string(), json!([null, value]));
        self
    }

    /// Like `created`, but records nothing when there is no value.
    pub fn created_if<T: serde::Serialize>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.created(name, v),
            None => self,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub struct Record {
    pub action: Action,
    pub entity_id: i64,
    pub store_id: Option<i64>,
    pub changes: Changes,
}

pub fn record(conn: &mut DbConnection, now: NaiveDateTime, actor: &Actor, event: Record) -> AppResult<()> {
    insert(conn, now, actor.group_id.0, Some(actor.user_id.0), &actor.display_name, event)
}

/// Records an event done by the customer through their signed link (no staff account): the
/// entry has no actor id and the customer's name.
pub fn record_customer(
    c: &mut DbConnection,
    now: NaiveDateTime,
    group_id: i64,
    customer_name: &str,
    event: Record,
) -> AppResult<()> {
    insert(c, now, group_id, None, customer_name, event)
}

fn insert(
    c: &mut DbConnection,
    now: NaiveDateTime,
    group_id: i64,
    actor_id: Option<i64>,
    actor_name: &str,
    event: Record,
) -> AppResult<()> {
    let changes = Value::Object(event.changes.0).to_string();
    storage::audit::insert(
        c,
        &NewAuditEvent {
            group_id,
            store_id: event.store_id,
            actor_id,
            actor_name,
            at: now,
            action: event.action.code(),
            entity_type: event.action.entity_type(),
            entity_id: event.entity_id,
            changes: &changes,
        },
    )?;
    Ok(())
}

/// Searches the log within the actor's reach: group-scope users see every store, others their store.
pub fn search(
    app: &crate::App,
    actor: &Actor,
    mut filter: AuditFilter,
    page: PageRequest,
) -> AppResult<Page<AuditEntry>> {
    require(actor, Permission::AuditRead)?;
    filter.group_id = actor.group_id.0;
    if actor.scope != domain::rbac::DataScope::Group {
        filter.store_ids = Some(vec![actor.store_id.0]);
    }
    app.db.read(|c| Ok(storage::audit::search(c, &filter, page)?.map(AuditEntry::from)))
}

/// The history of one record for its page, as far as `actor`'s group holds it (the caller has
/// already checked that the actor may see the record).
pub fn history(app: &crate::App, actor: &Actor, entity_type: &str, entity_id: i64) -> AppResult<Vec<AuditEntry>> {
    app.db.read(|c| {
        let rows = storage::audit::for_entity(c, actor.group_id, entity_type, entity_id, 50)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    })
}
