//! Leads: the inquiry form (a new or existing customer, offered instead of a duplicate), the
//! scoped list and page, the advisor's edits and stage reports, assignment (by hand or in turn
//! among the advisors on duty), the lost request and the manager's decision, and the order a
//! lead becomes.

pub use storage::crm::leads::{LeadFilter, LeadSort};

use super::views::{FollowUp, Lead, ScopedNames};
use super::{check_owner, refused, settings};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, ExistingRecord, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::Money;
use domain::code::Code;
use domain::crm::{self as rules, LeadStage, LostReason, PaymentIntention, Step, Tier, Timeframe};
use domain::customer::ConsentSource;
use domain::error::ErrorCode;
use domain::ident::Mobile;
use domain::ident::mobile_mask::mask_mobile;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::Channel;
use domain::text;
use storage::DbConnection;
use storage::crm::leads::{self as rows, LeadFields, LeadRow, LeadState, NewLead};
use storage::scope::Visibility;

pub(crate) use crate::kernel::calendar::day as today;

/// One lead as `actor` sees it.
pub(crate) fn view(c: &mut DbConnection, actor: &Actor, r: LeadRow, today: NaiveDate) -> AppResult<Lead> {
    let customer = storage::customers::get_visible(c, &Visibility::whole_store(r.store_id), r.customer_id)?;
    let names = ScopedNames::load(c, actor, &[r.id])?;
    Ok(Lead::of(actor, r, customer.name, customer.mobile, &names, today))
}

/// What an inquiry says about what the customer wants, and what the advisor updates as they
/// learn more: the inquiry form's and the lead edit's shared fields.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LeadFacts {
    /// walk_in | phone | website | referral | social_media | car_platform | event | exhibition | returning | other
    pub channel: String,
    /// Catalogue models of interest.
    pub model_ids: Vec<i64>,
    pub budget_fen: Option<i64>,
    /// within_week | within_month | within_quarter | later | undecided (default)
    pub timeframe: String,
    /// full | loan | undecided (default)
    pub payment_intention: String,
    /// h | a | b | c | n (default: not rated)
    pub tier: String,
    pub trade_in_brand: String,
    pub trade_in_model: String,
    pub trade_in_year: Option<i32>,
    pub trade_in_mileage_km: Option<i32>,
    pub notes: String,
}

/// The inquiry form (HTML or JSON; a lead platform's push).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InquiryInput {
    /// An existing customer of the store (the one the form offered for this mobile number);
    /// empty: a new profile from `name` and `mobile`.
    pub customer_id: Option<i64>,
    pub name: String,
    /// 11 digits starting 1[3-9], optional +86.
    pub mobile: String,
    #[serde(flatten)]
    pub facts: LeadFacts,
    /// Empty: an advisor keeps their own inquiry; anyone else's is given to the next advisor on
    /// duty in turn. Another user needs `lead_assign`.
    pub owner_id: Option<i64>,
    /// The website's or platform's own reference: a second push with it returns the same lead.
    pub external_ref: String,
    /// The first follow-up (today or later); empty: today for a lead not yet talked to, else
    /// the tier's cadence.
    pub next_follow_up_on: Option<NaiveDate>,
    /// A new customer agreed to marketing messages (a website's or platform's checkbox, a form
    /// signed at the show); needs `consent_source`. An existing profile's consent is kept as is.
    #[serde(deserialize_with = "crate::kernel::input::flag")]
    pub marketing_consent: bool,
    /// `in_store`, `phone`, `wechat`, `website`, `sms`.
    pub consent_source: String,
}

/// What the advisor may change on a lead.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LeadEdit {
    pub version: i64,
    #[serde(flatten)]
    pub facts: LeadFacts,
}

fn code_of<T: Code>(
    e: &mut FieldErrors,
    field: &str,
    input: &str,
    default: Option<T>,
    unknown: &'static str,
) -> Option<T> {
    match (input.trim(), default) {
        ("", Some(d)) => Some(d),
        ("", None) => {
            e.add(field, "required");
            None
        }
        (v, _) => T::from_code(v).or_else(|| {
            e.add(field, unknown);
            None
        }),
    }
}

/// A budget above ¥100,000,000 is a typing mistake.
const MAX_BUDGET: Money = Money::from_fen(10_000_000_000);

/// The facts of a lead, parsed: every problem reported at once.
fn facts(e: &mut FieldErrors, today: NaiveDate, f: &LeadFacts) -> Option<LeadFields> {
    let channel = code_of::<Channel>(e, "channel", &f.channel, None, "lead-channel-unknown");
    let timeframe = code_of(e, "timeframe", &f.timeframe, Some(Timeframe::Undecided), "value-unknown");
    let payment =
        code_of(e, "payment_intention", &f.payment_intention, Some(PaymentIntention::Undecided), "value-unknown");
    let tier = code_of(e, "tier", &f.tier, Some(Tier::N), "lead-tier-unknown");
    let (budget_fen, year, mileage) = (f.budget_fen, f.trade_in_year, f.trade_in_mileage_km);
    if budget_fen.is_some_and(|b| !(0..=MAX_BUDGET.fen()).contains(&b)) {
        e.add("budget_fen", "lead-budget-range");
    }
    let brand = e.check("trade_in_brand", text::optional(&f.trade_in_brand, 50)).flatten().unwrap_or_default();
    let model = e.check("trade_in_model", text::optional(&f.trade_in_model, 50)).flatten().unwrap_or_default();
    let this_year = chrono::Datelike::year(&today);
    if year.is_some_and(|y| !(1950..=this_year).contains(&y)) {
        e.add("trade_in_year", "lead-trade-in-year");
    }
    if mileage.is_some_and(|m| !(0..=2_000_000).contains(&m)) {
        e.add("trade_in_mileage_km", "lead-trade-in-mileage");
    }
    let notes = e.check("notes", text::optional(&f.notes, 2000)).flatten().unwrap_or_default();
    Some(LeadFields {
        channel: channel?.code(),
        tier: tier?.code(),
        budget_fen,
        timeframe: timeframe?.code(),
        payment_intention: payment?.code(),
        trade_in_brand: brand,
        trade_in_model: model,
        trade_in_year: year,
        trade_in_mileage_km: mileage,
        notes,
    })
}

/// The models of interest, each an active model of the group; sorted, without repeats.
fn models(c: &mut DbConnection, actor: &Actor, ids: &[i64], e: &mut FieldErrors) -> AppResult<Vec<i64>> {
    let known = storage::catalogue::list_models(c, actor.group_id.0, None)?;
    let mut ids: Vec<i64> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > 10 || ids.iter().any(|id| !known.iter().any(|m| m.id == *id && m.active)) {
        e.add("model_ids", "lead-model-unknown");
    }
    Ok(ids)
}

/// A duplicate mobile number: the profile if the user may open it, else only whom to ask.
fn existing_customer(c: &mut DbConnection, actor: &Actor, mobile: &Mobile) -> AppResult<Option<AppError>> {
    let Some((id, name, owner)) = storage::customers::find_by_mobile(c, actor.store_id.0, mobile.as_str())? else {
        return Ok(None);
    };
    let vis = Visibility::of(c, actor)?;
    let visible = storage::customers::get_visible(c, &vis, id).is_ok();
    let (code, open) =
        if visible { ("lead-customer-exists", Some((id, name))) } else { ("lead-mobile-registered", None) };
    Ok(Some(AppError::Conflict(Conflict::Duplicate {
        field: "mobile",
        code,
        existing: Some(ExistingRecord { open, owner }),
    })))
}

/// The owner of a new lead: the one asked for (checked), else the advisor themselves, else the
/// next advisor on duty in turn.
fn new_owner(c: &mut DbConnection, actor: &Actor, wanted: Option<i64>, now: NaiveDateTime) -> AppResult<i64> {
    if let Some(id) = wanted {
        check_owner(c, actor, id)?;
        return Ok(id);
    }
    if actor.scope == DataScope::Own && super::sells(actor.role) {
        return Ok(actor.user_id.0);
    }
    let store = actor.store_id.0;
    storage::crm::settings::lock_rotation(c, store)?;
    let off = storage::crm::settings::off_duty(c, store)?;
    let vis = Visibility::of(c, actor)?;
    let candidates: Vec<i64> =
        storage::crm::settings::active_with_role(c, store, domain::rbac::Role::SalesAdvisor.code())?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !off.contains(id) && vis.owners().is_none_or(|o| o.contains(id)))
            .collect();
    match storage::crm::settings::next_in_turn(c, &candidates)? {
        Some(id) => {
            storage::crm::settings::mark_assigned(c, store, id, now)?;
            Ok(id)
        }
        None if super::sells(actor.role) => Ok(actor.user_id.0),
        None => Err(refused("lead-no-advisor-on-duty")),
    }
}

/// Records an inquiry as a lead (`lead_write`): for an existing customer of the store, or a new
/// profile (a number already registered is offered instead, or named with whom to ask).
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "record_inquiry", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn record_inquiry(app: &App, actor: &Actor, input: &InquiryInput, key: Option<&str>) -> AppResult<Lead> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let key = crate::kernel::idempotency::Key::new(key, "lead", input)?;
    let external = text::optional(&input.external_ref, 100).map_err(|e| AppError::field("external_ref", e.code()))?;
    let made = app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let (row, today) = (rows::get(c, id)?, today(c, now, actor.store_id.0)?);
            return view(c, actor, row, today);
        }
        // A retried push: the lead that reference made.
        if let Some(r) = &external
            && let Some(id) = rows::by_external_ref(c, actor.store_id.0, r)?
        {
            let (row, today) = (rows::get(c, id)?, today(c, now, actor.store_id.0)?);
            return view(c, actor, row, today);
        }
        let today = today(c, now, actor.store_id.0)?;
        let mut e = FieldErrors::new();
        let customer = match input.customer_id {
            Some(id) => {
                let vis = Visibility::of(c, actor)?;
                storage::customers::hold(c, id)?;
                match storage::customers::get_visible(c, &vis, id) {
                    Ok(row) if row.anonymised_at.is_some() => {
                        e.add("customer_id", "customer-erased");
                        None
                    }
                    Ok(row) => Some(Ok(row.id)),
                    Err(_) => {
                        e.add("customer_id", "customer-required");
                        None
                    }
                }
            }
            None => {
                let name = e.check("name", text::required(&input.name, 100));
                let mobile = e.check("mobile", Mobile::parse(&input.mobile));
                name.zip(mobile).map(Err)
            }
        };
        let fields = facts(&mut e, today, &input.facts);
        let model_ids = models(c, actor, &input.facts.model_ids, &mut e)?;
        if let Some(Err(err)) = input.next_follow_up_on.map(|d| rules::check_follow_up(d, today)) {
            e.add("next_follow_up_on", err.code());
        }
        let consent = e
            .check("consent_source", domain::customer::parse_consent(input.marketing_consent, &input.consent_source))
            .flatten();
        e.into_result()?;
        let (Some(customer), Some(fields)) = (customer, fields) else { return Err(AppError::internal("checked")) };
        if let Err((_, mobile)) = &customer
            && let Some(dup) = existing_customer(c, actor, mobile)?
        {
            return Err(dup);
        }
        let owner_id = new_owner(c, actor, input.owner_id, now)?;
        let customer_id = match customer {
            Ok(id) => id,
            Err((name, mobile)) => new_customer(c, actor, owner_id, (&name, &mobile), consent, now)?,
        };
        let n = NewLead {
            store_id: actor.store_id.0,
            customer_id,
            owner_id,
            fields: &fields,
            external_ref: external.as_deref(),
            created_by: actor.user_id.0,
            now,
        };
        let id = rows::insert(c, &n, &model_ids)
            .map_err(crate::kernel::error::on_duplicate("external_ref", "lead-external-ref-taken"))?;
        key.remember(c, actor, id, now)?;
        let row = rows::get(c, id)?;
        let channel = row.channel;
        let talked = rules::inquiry_was_contact(channel);
        let due = match input.next_follow_up_on {
            Some(d) => d,
            None if talked => rules::next_due(today, settings::cadence_days(c, row.store_id, row.tier)?),
            None => today,
        };
        storage::crm::follow_ups::plan(c, &row, due, actor.user_id.0, now)?;
        let mut state = LeadState::of(&row);
        state.next_follow_up_on = Some(due);
        if talked {
            state.stage = LeadStage::Contacted.code();
            state.last_contact_at = Some(now);
        }
        rows::update_state(c, id, row.version, &state, now)?;
        let changes = Changes::new()
            .created("customer_id", customer_id)
            .created("owner_id", owner_id)
            .created("channel", channel.code())
            .created("tier", row.tier.code())
            .created("stage", state.stage)
            .created("models", &model_ids)
            .created("next_follow_up_on", due)
            .created_if("external_ref", external.as_deref());
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LeadCreated, entity_id: id, store_id: Some(row.store_id), changes },
        )?;
        let row = rows::get(c, id)?;
        view(c, actor, row, today)
    });
    // Pushes of one reference at the same moment (PostgreSQL runs them side by side): one makes
    // the lead, the others fail on its customer's mobile or on the reference itself; they answer
    // with the lead that reference made, as a retry would.
    let (Err(AppError::Conflict(_)), Some(r)) = (&made, &external) else { return made };
    let found = app.db.read(|c| match rows::by_external_ref(c, actor.store_id.0, r)? {
        Some(id) => {
            let (row, today) = (rows::get(c, id)?, today(c, now, actor.store_id.0)?);
            view(c, actor, row, today).map(Some)
        }
        None => Ok(None),
    })?;
    // No lead with that reference: the conflict was another one (a mobile number of the store).
    match found {
        Some(lead) => Ok(lead),
        None => made,
    }
}

/// A new customer profile from an inquiry's name and mobile, owned with the lead.
fn new_customer(
    c: &mut DbConnection,
    actor: &Actor,
    owner_id: i64,
    (name, mobile): (&str, &Mobile),
    consent: Option<ConsentSource>,
    now: NaiveDateTime,
) -> AppResult<i64> {
    let f = storage::customers::CustomerFields {
        kind: domain::customer::CustomerKind::Individual.code().to_string(),
        name: name.to_string(),
        mobile: mobile.as_str().to_string(),
        email: None,
        address: None,
        id_number_enc: None,
        id_number_tail: None,
        id_number_hash: None,
        credit_code: None,
        contact_person: None,
        notes: None,
        owner_id,
        tags: String::new(),
        pref_colour: String::new(),
        pref_configuration: String::new(),
        pref_contact_time: domain::customer::ContactTime::Any.code().to_string(),
        marketing_consent: consent.is_some(),
        consent_source: consent.map(|s| s.code().to_string()),
        consent_at: consent.map(|_| now),
    };
    let row = storage::customers::insert(c, actor.store_id.0, actor.user_id.0, &f, now).map_err(|e| match e {
        storage::StorageError::Duplicate(_) => {
            AppError::Conflict(Conflict::Duplicate { field: "mobile", code: "mobile-taken", existing: None })
        }
        other => other.into(),
    })?;
    let changes = Changes::new()
        .created("kind", &row.kind)
        .created("name", &row.name)
        .created("mobile", mask_mobile(&row.mobile))
        .created("owner_id", row.owner_id)
        .created("marketing_consent", row.marketing_consent)
        .created_if("consent_source", row.consent_source.as_ref());
    audit::record(
        c,
        now,
        actor,
        Record { action: Action::CustomerCreated, entity_id: row.id, store_id: Some(row.store_id), changes },
    )?;
    Ok(row.id)
}

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
        storage::crm::follow_ups::reassign_open(c, id, owner_id)?;
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
    lead_id: i64,
    order_id: i64,
    customer_id: i64,
) -> AppResult<()> {
    rows::lock(c, lead_id)?;
    let vis = Visibility::of(c, actor)?;
    let before = rows::get_visible(c, &vis, lead_id).map_err(|_| AppError::field("lead_id", "lead-unknown"))?;
    if before.customer_id != customer_id {
        return Err(AppError::field("lead_id", "lead-other-customer"));
    }
    let stage = rules::advance(before.stage, before.lost_pending(), Step::Order).map_err(|e| refused(e.code()))?;
    let mut after = LeadState::of(&before);
    after.stage = stage.code();
    after.order_id = Some(order_id);
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
        Ok(rows::of_order(c, order_id)?.filter(|r| vis.allows(r.store_id, r.owner_id)).map(|r| (r.id, r.channel)))
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
