//! Leads: the inquiry form (a new or existing customer, offered instead of a duplicate), the
//! scoped list and page, the advisor's edits and stage reports, assignment (by hand or in turn
//! among the advisors on duty), the lost request and the manager's decision, and the order a
//! lead becomes.

pub use storage::crm::leads::{LeadFilter, LeadSort};

use super::views::{FollowUp, Lead, ScopedNames};
use super::{check_owner, refused, settings};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::code::Code;
use domain::crm::{self as rules, LeadStage, LostReason, PaymentIntention, Step, Tier};
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Channel;
use domain::text;
use storage::DbConnection;
use storage::crm::leads::{self as rows, LeadRow, LeadState};
use storage::scope::Visibility;

pub(crate) use crate::kernel::calendar::day as today;

pub(crate) use crate::crm::views::view;

mod input;

pub use input::{InquiryInput, LeadEdit, LeadFacts, record_inquiry};
use input::{code_of, facts, models};

/// A lead the actor may see, locked, at the version they read.
fn editable(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<LeadRow> {
    rows::lock(c, id)?;
    let vis = Visibility::of(c, actor)?;
    let row = rows::get_visible(c, &vis, id)?;
    if row.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(row)
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let row = rows::get_visible(c, &vis, id)?;
        let today = today(c, now, row.store_id)?;
        view(c, actor, row, today)
    })
}

/// The lead's follow-ups, the planned one first.
pub fn follow_ups(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<FollowUp>> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let row = rows::get_visible(c, &vis, id)?;
        let names = ScopedNames::load(c, actor, &[])?;
        Ok(storage::crm::follow_ups::of_lead(c, row.id)?.into_iter().map(|f| FollowUp::of(f, &names)).collect())
    })
}

pub fn list(app: &App, actor: &Actor, filter: &LeadFilter, page: PageRequest) -> AppResult<Page<Lead>> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let today = today(c, now, actor.store_id.0)?;
        let mut filter = filter.clone();
        // "Overdue" in the filter is relative to the store's day.
        if filter.due_before.is_some() {
            filter.due_before = Some(today);
        }
        let page = rows::list(c, &vis, &filter, page)?;
        let ids: Vec<i64> = page.items.iter().map(|(r, _, _)| r.id).collect();
        let names = ScopedNames::load(c, actor, &ids)?;
        Ok(page.map(|(r, name, mobile)| Lead::of(actor, r, name, mobile, &names, today)))
    })
}

/// Leads per stage within the scope (the list's tabs).
pub fn stage_counts(app: &App, actor: &Actor) -> AppResult<Vec<(String, i64)>> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        Ok(rows::stage_counts(c, &vis)?)
    })
}

/// The leads of one customer (their page), within the scope.
pub fn of_customer(app: &App, actor: &Actor, customer_id: i64) -> AppResult<Vec<Lead>> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let customer = storage::customers::get_visible(c, &Visibility::whole_store(actor.store_id.0), customer_id)?;
        let today = today(c, now, actor.store_id.0)?;
        let leads = rows::of_customer(c, &vis, customer_id)?;
        let ids: Vec<i64> = leads.iter().map(|r| r.id).collect();
        let names = ScopedNames::load(c, actor, &ids)?;
        Ok(leads
            .into_iter()
            .map(|r| Lead::of(actor, r, customer.name.clone(), customer.mobile.clone(), &names, today))
            .collect())
    })
}

/// The advisor updates what they learnt (`lead_write`); not on a closed lead.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "edit_lead", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn edit(app: &App, actor: &Actor, id: i64, input: &LeadEdit) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    app.db.write(|c| {
        let before = editable(c, actor, id, input.version)?;
        if before.stage.is_closed() {
            return Err(refused(rules::LeadError::Closed.code()));
        }
        let today = today(c, now, before.store_id)?;
        let mut e = FieldErrors::new();
        let fields = facts(&mut e, today, &input.facts);
        let model_ids = models(c, actor, &input.facts.model_ids, &mut e)?;
        e.into_result()?;
        let fields = fields.ok_or_else(|| AppError::internal("checked"))?;
        let models_before = rows::models(c, id)?;
        rows::update_fields(c, id, before.version, &fields, now)?;
        rows::set_models(c, id, &model_ids)?;
        let changes = Changes::new()
            .field("channel", before.channel.code(), fields.channel)
            .field("tier", before.tier.code(), fields.tier)
            .field("budget_fen", before.budget_fen, fields.budget_fen)
            .field("timeframe", before.timeframe.code(), fields.timeframe)
            .field("payment_intention", before.payment_intention.code(), fields.payment_intention)
            .field("trade_in_brand", &before.trade_in_brand, &fields.trade_in_brand)
            .field("trade_in_model", &before.trade_in_model, &fields.trade_in_model)
            .field("trade_in_year", before.trade_in_year, fields.trade_in_year)
            .field("trade_in_mileage_km", before.trade_in_mileage_km, fields.trade_in_mileage_km)
            .field("notes", &before.notes, &fields.notes)
            .field("models", &models_before, &model_ids);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LeadUpdated, entity_id: id, store_id: Some(before.store_id), changes },
        )?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    })
}

/// Writes a new state with its audit record; closing a lead drops its planned follow-up.
fn save(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    before: &LeadRow,
    after: &LeadState,
    action: Action,
) -> AppResult<()> {
    let mut after = after.clone();
    if matches!(after.stage, "ordered" | "lost") {
        storage::crm::follow_ups::cancel_open(c, before.id)?;
        after.next_follow_up_on = None;
    }
    rows::update_state(c, before.id, before.version, &after, now)?;
    let b = LeadState::of(before);
    let changes = Changes::new()
        .field("stage", b.stage, after.stage)
        .field("owner_id", b.owner_id, after.owner_id)
        .field("next_follow_up_on", b.next_follow_up_on, after.next_follow_up_on)
        .field("lost_reason", b.lost_reason, after.lost_reason)
        .field("lost_competitor", &b.lost_competitor, &after.lost_competitor)
        .field("lost_note", &b.lost_note, &after.lost_note)
        .field("order_id", b.order_id, after.order_id);
    audit::record(c, now, actor, Record { action, entity_id: before.id, store_id: Some(before.store_id), changes })
}

/// The advisor reports where the lead stands (an open stage, or `dormant`).
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "report_stage", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn report_stage(app: &App, actor: &Actor, id: i64, version: i64, stage: &str) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let to = LeadStage::from_code(stage.trim()).ok_or_else(|| AppError::field("stage", "lead-stage-unknown"))?;
    app.db.write(|c| {
        let before = editable(c, actor, id, version)?;
        let step = if to == LeadStage::Dormant { Step::Sleep } else { Step::Report(to) };
        let stage = rules::advance(before.stage, before.lost_pending(), step).map_err(|e| refused(e.code()))?;
        let mut after = LeadState::of(&before);
        after.stage = stage.code();
        let today = today(c, now, before.store_id)?;
        if stage == LeadStage::Dormant {
            // A dormant lead is checked on again after the longest cadence (a not-rated lead's),
            // not chased every few days.
            let due = rules::next_due(today, settings::cadence_days(c, before.store_id, Tier::N)?);
            match storage::crm::follow_ups::open_of(c, id)? {
                Some(f) => storage::crm::follow_ups::reschedule(c, f.id, due)?,
                None => {
                    storage::crm::follow_ups::plan(c, &before, due, actor.user_id.0, now)?;
                }
            }
            after.next_follow_up_on = Some(due);
        }
        save(c, now, actor, &before, &after, Action::LeadUpdated)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    })
}

/// A manager gives the lead to another advisor (`lead_assign`): its planned follow-up goes too.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "assign_lead", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn assign(app: &App, actor: &Actor, id: i64, version: i64, owner_id: Option<i64>) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadAssign)?;
    let owner_id = owner_id.ok_or_else(|| AppError::field("owner_id", "required"))?;
    app.db.write(|c| {
        let before = editable(c, actor, id, version)?;
        if before.stage.is_closed() {
            return Err(refused(rules::LeadError::Closed.code()));
        }
        check_owner(c, actor, owner_id)?;
        let mut after = LeadState::of(&before);
        after.owner_id = owner_id;
        storage::crm::follow_ups::reassign_open(c, domain::ids::LeadId(id), domain::ids::UserId(owner_id))?;
        save(c, now, actor, &before, &after, Action::LeadAssigned)?;
        let today = today(c, now, before.store_id)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LostInput {
    pub version: i64,
    /// price | brand | competitor_bought | no_budget | unreachable | postponed | other
    pub reason: String,
    /// Required for `competitor_bought` and `brand`: where the customer went.
    pub competitor: String,
    pub note: String,
}

/// The advisor asks to give the lead up (战败), with a reason; a manager decides.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "request_lost", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn request_lost(app: &App, actor: &Actor, id: i64, input: &LostInput) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let mut e = FieldErrors::new();
    let reason = code_of::<LostReason>(&mut e, "reason", &input.reason, None, "lead-lost-reason-unknown");
    let competitor = e.check("competitor", text::optional(&input.competitor, 100)).flatten().unwrap_or_default();
    if reason.is_some_and(LostReason::needs_competitor) && competitor.is_empty() {
        e.add("competitor", "lead-competitor-required");
    }
    let note = e.check("note", text::optional(&input.note, 1000)).flatten().unwrap_or_default();
    e.into_result()?;
    let reason = reason.ok_or_else(|| AppError::internal("checked"))?;
    app.db.write(|c| {
        let before = editable(c, actor, id, input.version)?;
        rules::advance(before.stage, before.lost_pending(), Step::RequestLost).map_err(|e| refused(e.code()))?;
        let mut after = LeadState::of(&before);
        after.lost_reason = Some(reason.code());
        after.lost_competitor = competitor.clone();
        after.lost_note = note.clone();
        after.lost_requested_by = Some(actor.user_id.0);
        after.lost_requested_at = Some(now);
        after.lost_decided_by = None;
        save(c, now, actor, &before, &after, Action::LeadLostRequested)?;
        let today = today(c, now, before.store_id)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    })
}

/// A manager approves the lost request (the lead is lost, its follow-up dropped) or refuses it
/// (the advisor works on); never their own request (`lead_lost_approve`).
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "decide_lost", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn decide_lost(app: &App, actor: &Actor, id: i64, version: i64, approve: bool, note: &str) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadLostApprove)?;
    let note = text::optional(note, 1000).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default();
    if !approve && note.is_empty() {
        return Err(AppError::field("note", "required"));
    }
    app.db.write(|c| {
        let before = editable(c, actor, id, version)?;
        let requester = before.lost_requested_by.unwrap_or(0);
        let step = Step::DecideLost { requester, approver: actor.user_id.0, approve };
        let stage = rules::advance(before.stage, before.lost_pending(), step).map_err(|e| refused(e.code()))?;
        let mut after = LeadState::of(&before);
        after.stage = stage.code();
        after.lost_decided_by = Some(actor.user_id.0);
        if approve {
            if !note.is_empty() {
                after.lost_note = format!("{}\n{note}", before.lost_note).trim().to_string();
            }
        } else {
            // Refused: the request is withdrawn and the manager's reason kept as the note.
            after.lost_reason = None;
            after.lost_competitor = String::new();
            after.lost_note = note.clone();
            after.lost_requested_by = None;
            after.lost_requested_at = None;
        }
        save(c, now, actor, &before, &after, Action::LeadLostDecided)?;
        let today = today(c, now, before.store_id)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    })
}

/// What an order form takes from a lead (`/orders/new?lead_id=`): its customer, first model of
/// interest, payment intention and channel. The lead must be open and visible.
pub struct OrderDraft {
    pub lead_id: i64,
    pub customer_id: i64,
    pub model_id: Option<i64>,
    pub channel: Channel,
    pub payment_intention: PaymentIntention,
    pub trade_in: String,
}

pub fn order_draft(app: &App, actor: &Actor, id: i64) -> AppResult<OrderDraft> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let row = rows::get_visible(c, &vis, id)?;
        if row.stage.is_closed() {
            return Err(refused(rules::LeadError::Closed.code()));
        }
        let model_id = rows::models(c, id)?.first().copied();
        let trade_in = [row.trade_in_brand.as_str(), row.trade_in_model.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        Ok(OrderDraft {
            lead_id: row.id,
            customer_id: row.customer_id,
            model_id,
            channel: row.channel,
            payment_intention: row.payment_intention,
            trade_in,
        })
    })
}

/// Inside the order's create: the lead it came from becomes ordered and points at it. The lead
/// must be the order's customer's, visible to the actor and open.
pub(crate) fn ordered_in(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    lead_id: domain::ids::LeadId,
    order_id: domain::ids::OrderId,
    customer_id: domain::ids::CustomerId,
) -> AppResult<()> {
    rows::lock(c, lead_id.0)?;
    let vis = Visibility::of(c, actor)?;
    let before = rows::get_visible(c, &vis, lead_id.0).map_err(|_| AppError::field("lead_id", "lead-unknown"))?;
    if before.customer_id != customer_id.0 {
        return Err(AppError::field("lead_id", "lead-other-customer"));
    }
    let stage = rules::advance(before.stage, before.lost_pending(), Step::Order).map_err(|e| refused(e.code()))?;
    let mut after = LeadState::of(&before);
    after.stage = stage.code();
    after.order_id = Some(order_id.0);
    // An order ends a waiting lost request.
    after.lost_requested_by = None;
    after.lost_requested_at = None;
    save(c, now, actor, &before, &after, Action::LeadUpdated)
}

/// The lead an order was made from, if the actor may see it: `(id, channel)`.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Option<(i64, Channel)>> {
    if !actor.can(Permission::LeadRead) {
        return Ok(None);
    }
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        Ok(rows::of_order(c, order_id)?
            .filter(|r| vis.allows(domain::ids::StoreId(r.store_id), domain::ids::UserId(r.owner_id)))
            .map(|r| (r.id, r.channel)))
    })
}

/// The lead list's filter as typed (query string of a page or an API call).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct LeadQuery {
    /// The customer's name (part) or mobile (part).
    pub q: Option<String>,
    /// new | contacted | invited | test_drive | negotiating | ordered | lost | dormant, or `open`
    /// (every stage still worked on).
    pub stage: Option<String>,
    /// h | a | b | c | n
    pub tier: Option<String>,
    pub channel: Option<String>,
    pub owner_id: Option<i64>,
    /// `true`: only leads whose planned follow-up is before today.
    pub overdue: Option<bool>,
    /// `true`: only lost requests waiting for a manager.
    pub lost_pending: Option<bool>,
    /// next_follow_up (default) | created_desc | created_asc | updated_desc
    pub sort: Option<String>,
    pub page: Option<i64>,
    /// 20 (default), 50, 100 or 200
    pub per_page: Option<i64>,
}

impl LeadQuery {
    pub fn parse(&self) -> Result<LeadFilter, FieldErrors> {
        let mut e = FieldErrors::new();
        let nonblank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let mut f = LeadFilter { q: nonblank(&self.q), owner_id: self.owner_id, ..Default::default() };
        match nonblank(&self.stage).as_deref() {
            None => {}
            Some("open") => f.open = true,
            Some(s) => {
                f.stage = LeadStage::from_code(s).or_else(|| {
                    e.add("stage", "lead-stage-unknown");
                    None
                })
            }
        }
        if let Some(t) = nonblank(&self.tier) {
            f.tier = Tier::from_code(&t).or_else(|| {
                e.add("tier", "lead-tier-unknown");
                None
            });
        }
        if let Some(ch) = nonblank(&self.channel) {
            f.channel = Channel::from_code(&ch).or_else(|| {
                e.add("channel", "lead-channel-unknown");
                None
            });
        }
        if let Some(s) = nonblank(&self.sort) {
            f.sort = LeadSort::from_code(&s).unwrap_or_else(|| {
                e.add("sort", "sort-unknown");
                LeadSort::default()
            });
        }
        // The day is the store's, set by `list`.
        f.due_before = self.overdue.unwrap_or(false).then_some(NaiveDate::MIN);
        f.lost_pending = self.lost_pending.unwrap_or(false);
        e.into_result().map(|()| f)
    }
}
