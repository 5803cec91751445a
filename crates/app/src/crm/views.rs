//! Leads and follow-ups as the pages and the API show them.

use crate::AppResult;
use chrono::{NaiveDate, NaiveDateTime};
use domain::crm::{ContactKind, LeadStage, LostReason, Outcome, PaymentIntention, Tier, Timeframe};
use domain::ident::mobile_mask::mask_mobile;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Channel;
use std::collections::HashMap;
use storage::DbConnection;
use storage::crm::follow_ups::FollowUpRow;
use storage::crm::leads::LeadRow;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LeadModel {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Lead {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    /// Masked (`138****5678`) for roles that do not call customers.
    pub customer_mobile: String,
    pub owner_id: i64,
    pub owner_name: String,
    #[schema(value_type = String)]
    pub channel: Channel,
    #[schema(value_type = String)]
    pub stage: LeadStage,
    #[schema(value_type = String)]
    pub tier: Tier,
    pub models: Vec<LeadModel>,
    pub budget_fen: Option<i64>,
    #[schema(value_type = String)]
    pub timeframe: Timeframe,
    #[schema(value_type = String)]
    pub payment_intention: PaymentIntention,
    pub trade_in_brand: String,
    pub trade_in_model: String,
    pub trade_in_year: Option<i32>,
    pub trade_in_mileage_km: Option<i32>,
    pub notes: String,
    pub external_ref: Option<String>,
    /// The planned follow-up's day.
    pub next_follow_up_on: Option<NaiveDate>,
    /// The planned follow-up is before today.
    pub overdue: bool,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub last_contact_at: Option<NaiveDateTime>,
    /// A lost request is waiting for a manager.
    pub lost_pending: bool,
    #[schema(value_type = Option<String>)]
    pub lost_reason: Option<LostReason>,
    pub lost_competitor: String,
    pub lost_note: String,
    pub lost_requested_by: Option<i64>,
    pub order_id: Option<i64>,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
    /// What the reader may do with the lead now (`order`, `edit`, `contact`, `book_test_drive`,
    /// `stage`, `reschedule`, `assign`, `request_lost`, `decide_lost`): the rules'
    /// `available_actions`, kept to the ones the reader's role may take.
    pub actions: Vec<String>,
}

/// The rules' actions for lead `r` that `actor` may take.
fn actions(actor: &Actor, r: &LeadRow) -> Vec<String> {
    use domain::crm::lead::{LeadAction as A, available_actions};
    let own = r.lost_requested_by == Some(actor.user_id.0);
    available_actions(r.stage, r.lost_pending(), own)
        .into_iter()
        .filter(|a| {
            actor.can(match a {
                A::Order => Permission::OrderWrite,
                A::Assign => Permission::LeadAssign,
                A::DecideLost => Permission::LeadLostApprove,
                _ => Permission::LeadWrite,
            })
        })
        .map(|a| a.code().to_string())
        .collect()
}

impl Lead {
    pub(crate) fn of(
        actor: &Actor,
        r: LeadRow,
        name: String,
        mobile: String,
        names: &ScopedNames,
        today: NaiveDate,
    ) -> Self {
        let mobile = if actor.can(Permission::CustomerViewMobile) { mobile } else { mask_mobile(&mobile) };
        Self {
            actions: actions(actor, &r),
            id: r.id,
            store_id: r.store_id,
            customer_id: r.customer_id,
            customer_name: name,
            customer_mobile: mobile,
            owner_id: r.owner_id,
            owner_name: names.user(r.owner_id),
            channel: r.channel,
            stage: r.stage,
            tier: r.tier,
            models: names.models_of(r.id),
            budget_fen: r.budget_fen,
            timeframe: r.timeframe,
            payment_intention: r.payment_intention,
            overdue: !r.stage.is_closed() && r.next_follow_up_on.is_some_and(|d| d < today),
            lost_pending: r.lost_pending(),
            trade_in_brand: r.trade_in_brand,
            trade_in_model: r.trade_in_model,
            trade_in_year: r.trade_in_year,
            trade_in_mileage_km: r.trade_in_mileage_km,
            notes: r.notes,
            external_ref: r.external_ref,
            next_follow_up_on: r.next_follow_up_on,
            last_contact_at: r.last_contact_at,
            lost_reason: r.lost_reason,
            lost_competitor: r.lost_competitor,
            lost_note: r.lost_note,
            lost_requested_by: r.lost_requested_by,
            order_id: r.order_id,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub id: i64,
    pub lead_id: i64,
    /// Who is to make it (planned) or made it.
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
    /// Empty: planned, not made yet.
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub done_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>)]
    pub kind: Option<ContactKind>,
    #[schema(value_type = Option<String>)]
    pub outcome: Option<Outcome>,
    pub note: String,
    pub next_step: String,
}

impl FollowUp {
    pub(crate) fn of(r: FollowUpRow, names: &ScopedNames) -> Self {
        Self {
            id: r.id,
            lead_id: r.lead_id,
            owner_name: names.user(r.owner_id),
            owner_id: r.owner_id,
            due_on: r.due_on,
            done_at: r.done_at,
            kind: r.kind,
            outcome: r.outcome,
            note: r.note,
            next_step: r.next_step,
        }
    }
}

/// Names a page of leads shows: the store's users, the group's models, each lead's models.
pub struct ScopedNames {
    users: HashMap<i64, String>,
    models: HashMap<i64, String>,
    lead_models: Vec<(i64, i64)>,
}

impl ScopedNames {
    pub(crate) fn load(c: &mut DbConnection, actor: &Actor, lead_ids: &[i64]) -> AppResult<Self> {
        let users =
            storage::users::list_for_store(c, actor.store_id.0)?.into_iter().map(|u| (u.id, u.display_name)).collect();
        let models =
            storage::catalogue::list_models(c, actor.group_id.0, None)?.into_iter().map(|m| (m.id, m.name)).collect();
        let lead_models = if lead_ids.is_empty() { Vec::new() } else { storage::crm::leads::models_of(c, lead_ids)? };
        Ok(Self { users, models, lead_models })
    }

    pub fn user(&self, id: i64) -> String {
        self.users.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
    }

    pub(crate) fn models_of(&self, lead_id: i64) -> Vec<LeadModel> {
        let mut m: Vec<LeadModel> = self
            .lead_models
            .iter()
            .filter(|(l, _)| *l == lead_id)
            .map(|(_, id)| LeadModel { id: *id, name: self.models.get(id).cloned().unwrap_or_default() })
            .collect();
        m.sort_by_key(|x| x.id);
        m
    }
}

/// One lead as `actor` sees it.
pub(crate) fn view(c: &mut DbConnection, actor: &Actor, r: LeadRow, today: NaiveDate) -> AppResult<Lead> {
    let customer =
        storage::customers::get_visible(c, &storage::scope::Visibility::whole_store(r.store_id), r.customer_id)?;
    let names = ScopedNames::load(c, actor, &[r.id])?;
    Ok(Lead::of(actor, r, customer.name, customer.mobile, &names, today))
}
