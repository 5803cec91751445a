//! A lead as it is typed: its facts and their checks, and recording an inquiry (a new lead, with
//! a new customer when the mobile is unknown).

use crate::crm::views::{Lead, view};
use crate::crm::{check_owner, refused, settings};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, ExistingRecord, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::Money;
use domain::code::Code;
use domain::crm::{self as rules, LeadStage, PaymentIntention, Tier, Timeframe};
use domain::customer::ConsentSource;
use domain::error::ErrorCode;
use domain::ident::Mobile;
use domain::ident::mobile_mask::mask_mobile;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::Channel;
use domain::text;
use storage::DbConnection;
use storage::crm::leads::{self as rows, LeadFields, LeadState, NewLead};
use storage::scope::Visibility;

use crate::kernel::calendar::day as today;

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

pub(super) fn code_of<T: Code>(
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
pub(super) fn facts(e: &mut FieldErrors, today: NaiveDate, f: &LeadFacts) -> Option<LeadFields> {
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
pub(super) fn models(c: &mut DbConnection, actor: &Actor, ids: &[i64], e: &mut FieldErrors) -> AppResult<Vec<i64>> {
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
    if actor.scope == DataScope::Own && crate::crm::sells(actor.role) {
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
            storage::crm::settings::mark_assigned(c, domain::ids::StoreId(store), domain::ids::UserId(id), now)?;
            Ok(id)
        }
        None if crate::crm::sells(actor.role) => Ok(actor.user_id.0),
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
        .created("kind", row.kind)
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
