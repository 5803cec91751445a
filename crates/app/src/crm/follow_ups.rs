//! Follow-ups: logging a contact (the planned follow-up becomes it, the next one is planned on
//! the tier's cadence unless the advisor picks a day), moving the planned day, the advisor's day
//! list ("今日待跟进") and the overdue counts per advisor that managers watch.

use super::leads::{today, view};
use super::views::ScopedNames;
use super::views::{FollowUp, Lead};
use super::{refused, settings};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Page, PageRequest, require};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::code::Code;
use domain::crm::{self as rules, ContactKind, LeadError, LeadStage, Outcome, Step};
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::text;
use storage::crm::follow_ups::{self as rows, Contact};
use storage::crm::leads::{self as leads, LeadState};
use storage::scope::Visibility;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactInput {
    /// The lead's version as read.
    pub version: i64,
    /// call | visit | sms | wechat
    pub kind: String,
    /// reached | no_answer | invited | visited
    pub outcome: String,
    pub note: String,
    /// What was agreed (a visit on Saturday, a quote to send).
    pub next_step: String,
    /// The next follow-up (today or later); empty: the tier's cadence from today.
    pub next_follow_up_on: Option<NaiveDate>,
    /// The intent tier as it now stands (h | a | b | c | n); empty: unchanged.
    pub tier: String,
}

/// Logs a contact with the lead (`lead_write`) and plans the next follow-up, in one write.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "log_contact", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn log_contact(app: &App, actor: &Actor, lead_id: i64, input: &ContactInput) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let mut e = FieldErrors::new();
    let kind = ContactKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "lead-contact-kind-unknown");
    }
    let outcome = Outcome::from_code(input.outcome.trim());
    if outcome.is_none() {
        e.add("outcome", "lead-outcome-unknown");
    }
    let tier = match input.tier.trim() {
        "" => None,
        t => domain::crm::Tier::from_code(t).map(Some).unwrap_or_else(|| {
            e.add("tier", "lead-tier-unknown");
            None
        }),
    };
    let note = e.check("note", text::optional(&input.note, 2000)).flatten().unwrap_or_default();
    let next_step = e.check("next_step", text::optional(&input.next_step, 500)).flatten().unwrap_or_default();
    app.db.write(|c| {
        leads::lock(c, lead_id)?;
        let vis = Visibility::of(c, actor)?;
        let before = leads::get_visible(c, &vis, lead_id)?;
        let today = today(c, now, before.store_id)?;
        if let Some(Err(err)) = input.next_follow_up_on.map(|d| rules::check_follow_up(d, today)) {
            e.add("next_follow_up_on", err.code());
        }
        e.clone().into_result()?;
        if before.version != input.version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        if before.stage.is_closed() {
            return Err(refused(LeadError::Closed.code()));
        }
        let (kind, outcome) = kind.zip(outcome).ok_or_else(|| AppError::internal("checked"))?;
        let open = rows::open_of(c, lead_id)?;
        let contact = Contact { kind, outcome, note: &note, next_step: &next_step, by: actor.user_id.0, at: now };
        rows::log(c, &before, open.map(|f| f.id), today, &contact)?;
        let tier = tier.unwrap_or(before.tier);
        if tier != before.tier {
            leads::set_tier(c, lead_id, tier.code())?;
        }
        let due = match input.next_follow_up_on {
            Some(d) => d,
            None => rules::next_due(today, settings::cadence_days(c, before.store_id, tier)?),
        };
        rows::plan(c, &before, due, actor.user_id.0, now)?;
        let mut after = LeadState::of(&before);
        after.stage = rules::stage_after_contact(before.stage, outcome).code();
        after.next_follow_up_on = Some(due);
        if outcome != Outcome::NoAnswer {
            after.last_contact_at = Some(now);
        }
        leads::update_state(c, lead_id, before.version, &after, now)?;
        let changes = Changes::new()
            .created("kind", kind.code())
            .created("outcome", outcome.code())
            .created_if("note", (!note.is_empty()).then_some(&note))
            .created_if("next_step", (!next_step.is_empty()).then_some(&next_step))
            .field("stage", before.stage.code(), after.stage)
            .field("tier", before.tier.code(), tier.code())
            .field("next_follow_up_on", before.next_follow_up_on, Some(due));
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LeadContacted, entity_id: lead_id, store_id: Some(before.store_id), changes },
        )?;
        let row = leads::get(c, lead_id)?;
        view(c, actor, row, today)
    })
}

/// Moves the planned follow-up to another day (today or later); a lead without one gets one.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "reschedule", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn reschedule(app: &App, actor: &Actor, lead_id: i64, version: i64, due_on: Option<NaiveDate>) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let due = due_on.ok_or_else(|| AppError::field("due_on", "required"))?;
    app.db.write(|c| {
        leads::lock(c, lead_id)?;
        let vis = Visibility::of(c, actor)?;
        let before = leads::get_visible(c, &vis, lead_id)?;
        let today = today(c, now, before.store_id)?;
        rules::check_follow_up(due, today).map_err(|err| AppError::field("due_on", err.code()))?;
        if before.version != version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        // Waking a dormant lead is a stage report; a closed one has nothing to plan.
        rules::advance(before.stage, false, Step::Report(LeadStage::New)).map_err(|e| refused(e.code()))?;
        match rows::open_of(c, lead_id)? {
            Some(f) => rows::reschedule(c, f.id, due)?,
            None => {
                rows::plan(c, &before, due, actor.user_id.0, now)?;
            }
        }
        let mut after = LeadState::of(&before);
        after.next_follow_up_on = Some(due);
        leads::update_state(c, lead_id, before.version, &after, now)?;
        let changes = Changes::new().field("next_follow_up_on", before.next_follow_up_on, Some(due));
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LeadUpdated, entity_id: lead_id, store_id: Some(before.store_id), changes },
        )?;
        let row = leads::get(c, lead_id)?;
        view(c, actor, row, today)
    })
}

/// A follow-up of the day list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DueItem {
    pub follow_up: FollowUp,
    pub lead: Lead,
}

/// The actor's follow-ups due today or overdue, the most overdue first (`lead_read`); a
/// manager may read an advisor's list within their scope (`owner_id`).
pub fn day_list(
    app: &App,
    actor: &Actor,
    owner_id: Option<i64>,
    page: PageRequest,
) -> AppResult<(NaiveDate, Page<DueItem>)> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let owner = owner_id.unwrap_or(actor.user_id.0);
        if vis.owners().is_some_and(|o| !o.contains(&owner)) {
            return Err(AppError::Forbidden);
        }
        let today = today(c, now, actor.store_id.0)?;
        let page = rows::due(c, actor.store_id, domain::ids::UserId(owner), today, page)?;
        let ids: Vec<i64> = page.items.iter().map(|(_, l, _, _)| l.id).collect();
        let names = ScopedNames::load(c, actor, &ids)?;
        Ok((
            today,
            page.map(|(f, l, name, mobile)| DueItem {
                follow_up: FollowUp::of(f, &names),
                lead: Lead::of(actor, l, name, mobile, &names, today),
            }),
        ))
    })
}

/// Follow-ups overdue and due today per advisor.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DueCount {
    pub owner_id: i64,
    pub owner_name: String,
    pub overdue: i64,
    pub due_today: i64,
}

/// Per advisor within the actor's scope (the team for a sales manager), the most overdue first.
pub fn due_counts(app: &App, actor: &Actor) -> AppResult<Vec<DueCount>> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let today = today(c, now, actor.store_id.0)?;
        let names = ScopedNames::load(c, actor, &[])?;
        let owners: Vec<i64> = match vis.owners() {
            Some(o) => o.to_vec(),
            None => storage::users::list_for_store(c, actor.store_id.0)?.into_iter().map(|u| u.id).collect(),
        };
        let mut counts: Vec<DueCount> = rows::due_counts(c, actor.store_id.0, &owners, today)?
            .into_iter()
            .map(|(owner_id, overdue, due_today)| DueCount {
                owner_name: names.user(owner_id),
                owner_id,
                overdue,
                due_today,
            })
            .collect();
        counts.sort_by(|a, b| {
            b.overdue.cmp(&a.overdue).then(b.due_today.cmp(&a.due_today)).then(a.owner_id.cmp(&b.owner_id))
        });
        Ok(counts)
    })
}
