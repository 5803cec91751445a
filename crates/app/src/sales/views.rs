//! What the sales use cases answer with: the API's JSON and the pages' data, defined here so that
//! a change of the tables cannot change the API. Each converts from its storage row.

use crate::AppResult;
use chrono::{NaiveDate, NaiveDateTime};
use domain::org::Actor;
use domain::rbac::Role;
use domain::sales::{Channel, PaymentMethod, StageName, Status, VehicleFact};
use serde::Serialize;
use storage::DbConnection;
use storage::sales::{ApprovalRow, EventRow, ItemRow, OrderRow, RuleRow};
use utoipa::ToSchema;

/// An order's own fields (the page adds names, items, timeline and approvals: `OrderView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Order {
    pub id: i64,
    pub store_id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub owner_id: i64,
    pub created_by: i64,
    pub model_id: i64,
    pub trim_id: i64,
    #[schema(value_type = String)]
    pub channel: Channel,
    #[schema(value_type = String)]
    pub payment_method: PaymentMethod,
    pub expected_delivery: Option<NaiveDate>,
    pub notes: Option<String>,
    /// `Terms` as stored.
    #[schema(value_type = Object)]
    pub terms: serde_json::Value,
    /// `Quote` as stored.
    #[schema(value_type = Object)]
    pub quote: serde_json::Value,
    pub total_fen: i64,
    pub discount_fen: i64,
    pub discount_bp: i32,
    pub gifts_fen: i64,
    #[schema(value_type = String)]
    pub stage: StageName,
    pub approval_level: i32,
    pub approval_levels: i32,
    pub contract_signed: bool,
    pub money_received: bool,
    pub paid_in_full: bool,
    #[schema(value_type = String)]
    pub vehicle_fact: VehicleFact,
    pub ready_for_delivery: bool,
    pub delivered: bool,
    #[schema(value_type = String)]
    pub status: Status,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub updated_at: NaiveDateTime,
}

impl From<OrderRow> for Order {
    fn from(o: OrderRow) -> Self {
        Self {
            id: o.id,
            store_id: o.store_id,
            order_no: o.order_no,
            customer_id: o.customer_id,
            owner_id: o.owner_id,
            created_by: o.created_by,
            model_id: o.model_id,
            trim_id: o.trim_id,
            channel: o.channel,
            payment_method: o.payment_method,
            expected_delivery: o.expected_delivery,
            notes: o.notes,
            terms: crate::kernel::json::value(&o.terms),
            quote: crate::kernel::json::value(&o.quote),
            total_fen: o.total_fen,
            discount_fen: o.discount_fen,
            discount_bp: o.discount_bp,
            gifts_fen: o.gifts_fen,
            stage: o.stage,
            approval_level: o.approval_level,
            approval_levels: o.approval_levels,
            contract_signed: o.contract_signed,
            money_received: o.money_received,
            paid_in_full: o.paid_in_full,
            vehicle_fact: o.vehicle_fact,
            ready_for_delivery: o.ready_for_delivery,
            delivered: o.delivered,
            status: o.status,
            version: o.version,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

crate::kernel::view::view_of!(
    /// A line of the order: option, accessory, fee or gift.
    OrderItem from ItemRow {
        id: i64,
        order_id: i64,
        /// option | accessory | fee | gift
        kind: String,
        option_id: Option<i64>,
        name: String,
        amount_fen: i64,
    }
);

crate::kernel::view::view_of!(
    /// A step of the order's timeline.
    TimelineEvent from EventRow {
        id: i64,
        order_id: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        at: NaiveDateTime,
        actor_id: Option<i64>,
        actor_name: String,
        action: String,
        from_status: Option<String>,
        to_status: String,
        note: Option<String>,
    }
);

/// A level of the order's approval round.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApprovalLevel {
    pub id: i64,
    pub order_id: i64,
    pub level: i32,
    #[schema(value_type = String)]
    pub role: Role,
    /// The names of the rules that require this level.
    pub reasons: Vec<String>,
    pub decided_by: Option<i64>,
    /// approved | rejected
    pub decision: Option<String>,
    pub comment: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub decided_at: Option<NaiveDateTime>,
}

impl From<ApprovalRow> for ApprovalLevel {
    fn from(a: ApprovalRow) -> Self {
        Self {
            id: a.id,
            order_id: a.order_id,
            level: a.level,
            role: a.role,
            reasons: serde_json::from_str(&a.reasons).unwrap_or_default(),
            decided_by: a.decided_by,
            decision: a.decision,
            comment: a.comment,
            decided_at: a.decided_at,
        }
    }
}

/// An approval rule of the group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApprovalRule {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub condition: String,
    pub threshold: i64,
    /// The role codes that approve, in order.
    pub levels: Vec<String>,
    pub active: bool,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub updated_at: NaiveDateTime,
}

impl From<RuleRow> for ApprovalRule {
    fn from(r: RuleRow) -> Self {
        Self {
            id: r.id,
            group_id: r.group_id,
            name: r.name,
            condition: r.condition,
            threshold: r.threshold,
            levels: serde_json::from_str(&r.levels).unwrap_or_default(),
            active: r.active,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// An order just written, in brief: where the HTML pages redirect to, what the customer's page
/// answers with.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub id: i64,
    pub order_no: String,
    pub status: Status,
    pub version: i64,
}

/// What a use case that writes an order answers with, named at the call:
/// [`Reply::BRIEF`] (the HTML pages, which redirect) or [`Reply::PAGE`] (the order page's view,
/// read on the writer's connection in the same turn, where its pages are warm; a reader
/// connection would read them afresh after the commit: the API).
pub struct Reply<T>(pub(super) fn(&mut DbConnection, &Actor, OrderRow) -> AppResult<T>);

impl<T> Clone for Reply<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Reply<T> {}

impl Reply<OrderRow> {
    /// The row itself, for use cases built on others (a copy is a create).
    pub(super) const ROW: Self = Self(|_, _, o| Ok(o));
}

impl Brief {
    pub(super) fn of(o: &OrderRow) -> Self {
        Self { id: o.id, order_no: o.order_no.clone(), status: o.status, version: o.version }
    }
}

impl Reply<Brief> {
    pub const BRIEF: Self = Self(|_, _, o| Ok(Brief::of(&o)));
}

impl Reply<super::OrderView> {
    pub const PAGE: Self = Self(super::view::page_after_write);
}
