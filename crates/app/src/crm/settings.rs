//! The store's CRM settings (`crm_settings_manage`): days between follow-ups per intent tier,
//! which sales advisors take new leads in turn, and the rules of the customers' value tiers.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::code::Code;
use domain::crm::Tier;
use domain::crm::lead::MAX_CADENCE_DAYS;
use domain::customer::{ValueRule, ValueTier, check_value_rules};
use domain::error::ErrorCode;
use domain::money::Money;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use storage::DbConnection;
use storage::crm::settings as rows;

/// The highest spend a value rule may ask: ¥100,000,000.
const MAX_SPEND_FEN: i64 = 10_000_000_000;

/// The days between follow-ups of `tier` in the store.
pub(crate) fn cadence_days(c: &mut DbConnection, store_id: i64, tier: Tier) -> AppResult<u32> {
    let set = rows::cadences(c, store_id)?;
    Ok(set
        .iter()
        .find(|(t, _)| t == tier.code())
        .and_then(|(_, d)| u32::try_from(*d).ok())
        .unwrap_or_else(|| tier.default_cadence_days()))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Cadence {
    /// h | a | b | c | n
    pub tier: String,
    pub days: u32,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Advisor {
    pub user_id: i64,
    pub name: String,
    pub on_duty: bool,
}

/// What a customer must have bought to reach a value tier (both thresholds).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ValueRuleView {
    /// vip | key | regular
    pub tier: String,
    pub min_purchases: i64,
    pub min_spend_fen: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CrmSettings {
    pub cadences: Vec<Cadence>,
    pub advisors: Vec<Advisor>,
    pub value_rules: Vec<ValueRuleView>,
}

/// The store's cadences (every tier) and its advisors on or off duty, for whoever works leads.
pub fn get(app: &App, actor: &Actor) -> AppResult<CrmSettings> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| read(c, actor.store_id.0))
}

/// The same, for the administrator who keeps them (the settings page).
pub fn to_manage(app: &App, actor: &Actor) -> AppResult<CrmSettings> {
    require(actor, Permission::CrmSettingsManage)?;
    app.db.read(|c| read(c, actor.store_id.0))
}

fn read(c: &mut DbConnection, store: i64) -> AppResult<CrmSettings> {
    let cadences = Tier::ALL
        .iter()
        .map(|t| Ok(Cadence { tier: t.code().to_string(), days: cadence_days(c, store, *t)? }))
        .collect::<AppResult<_>>()?;
    let off = rows::off_duty(c, store)?;
    let advisors = rows::active_with_role(c, store, Role::SalesAdvisor.code())?
        .into_iter()
        .map(|(user_id, name)| Advisor { on_duty: !off.contains(&user_id), user_id, name })
        .collect();
    let value_rules = storage::customers::value_rules(c, store)?
        .into_iter()
        .map(|r| ValueRuleView {
            tier: r.tier.code().to_string(),
            min_purchases: i64::from(r.min_purchases),
            min_spend_fen: r.min_spend.fen(),
        })
        .collect();
    Ok(CrmSettings { cadences, advisors, value_rules })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsInput {
    /// Days per tier code (`{"h": 1, "a": 3}`); tiers left out keep theirs.
    #[schema(value_type = Object)]
    pub cadences: std::collections::BTreeMap<String, i64>,
    /// The sales advisors of the store who take new leads in turn; the others are off duty.
    /// Absent: unchanged.
    pub on_duty: Option<Vec<i64>>,
    /// Value-tier rules by tier code (`{"vip": {"min_purchases": 2, "min_spend_fen": 60000000}}`);
    /// tiers left out keep theirs.
    #[schema(value_type = Object)]
    pub value_rules: std::collections::BTreeMap<String, ValueRuleInput>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueRuleInput {
    pub min_purchases: i64,
    pub min_spend_fen: i64,
}

/// Sets the cadences and who is on duty, in one audited write.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "crm_settings", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn set(app: &App, actor: &Actor, input: &SettingsInput) -> AppResult<CrmSettings> {
    let now = app.now();
    require(actor, Permission::CrmSettingsManage)?;
    let mut e = FieldErrors::new();
    let mut days = Vec::new();
    for (code, d) in &input.cadences {
        match Tier::from_code(code) {
            None => e.add(format!("cadences.{code}"), "lead-tier-unknown"),
            Some(_) if !(1..=i64::from(MAX_CADENCE_DAYS)).contains(d) => {
                e.add(format!("cadences.{code}"), "lead-cadence-range")
            }
            Some(t) => days.push((t, i32::try_from(*d).unwrap_or(1))),
        }
    }
    let mut wanted = Vec::new();
    for (code, r) in &input.value_rules {
        let field = format!("value_rules.{code}");
        match ValueTier::from_code(code).filter(|t| ValueTier::RANKED.contains(t)) {
            None => e.add(field, "value-tier-unknown"),
            Some(_) if !(1..=1000).contains(&r.min_purchases) => e.add(field, "value-rule-no-purchase"),
            Some(_) if !(0..=MAX_SPEND_FEN).contains(&r.min_spend_fen) => e.add(field, "money-range"),
            Some(tier) => wanted.push(ValueRule {
                tier,
                min_purchases: u32::try_from(r.min_purchases).unwrap_or(1),
                min_spend: Money::from_fen(r.min_spend_fen),
            }),
        }
    }
    e.into_result()?;
    let store = actor.store_id.0;
    app.db.write(|c| {
        let current = storage::customers::value_rules(c, store)?;
        let merged: Vec<ValueRule> =
            current.iter().map(|r| wanted.iter().find(|w| w.tier == r.tier).copied().unwrap_or(*r)).collect();
        if let Err((tier, why)) = check_value_rules(&merged) {
            return Err(AppError::field(&format!("value_rules.{}", tier.code()), why.code()));
        }
        let advisors = rows::active_with_role(c, store, Role::SalesAdvisor.code())?;
        let on_duty = input.on_duty.as_deref();
        if on_duty.unwrap_or_default().iter().any(|id| !advisors.iter().any(|(a, _)| a == id)) {
            return Err(AppError::field("on_duty", "lead-owner-does-not-sell"));
        }
        let mut changes = Changes::new();
        for (tier, d) in &days {
            let before = cadence_days(c, store, *tier)?;
            rows::set_cadence(c, domain::ids::StoreId(store), tier.code(), *d, actor.user_id, now)?;
            changes = changes.field(&format!("cadence_{}", tier.code()), i64::from(before), i64::from(*d));
        }
        for (old, new) in current.iter().zip(&merged).filter(|(o, n)| o != n) {
            let row = (new.tier.code(), i32::try_from(new.min_purchases).unwrap_or(1), new.min_spend.fen());
            storage::customers::set_value_rule(c, domain::ids::StoreId(store), row, actor.user_id, now)?;
            let tier = new.tier.code();
            changes = changes.field(&format!("value_{tier}_purchases"), old.min_purchases, new.min_purchases).field(
                &format!("value_{tier}_spend_fen"),
                old.min_spend.fen(),
                new.min_spend.fen(),
            );
        }
        let off = rows::off_duty(c, store)?;
        for (id, name) in advisors.iter().filter(|_| on_duty.is_some()) {
            let on = on_duty.unwrap_or_default().contains(id);
            if on == off.contains(id) {
                rows::set_duty(c, domain::ids::StoreId(store), domain::ids::UserId(*id), on)?;
                changes = changes.field(&format!("on_duty {name}"), !on, on);
            }
        }
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::CrmSettingsUpdated, entity_id: store, store_id: Some(store), changes },
        )?;
        read(c, store)
    })
}

/// The users of the store who own leads, within the actor's scope (a team manager's team), by
/// name: the list's filter and the assign form.
pub fn sellers(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = storage::scope::Visibility::of(c, actor)?;
        let mut users: Vec<(i64, String)> = storage::users::list_for_store(c, actor.store_id.0)?
            .into_iter()
            .filter(|u| u.active && super::sells(u.role) && vis.owners().is_none_or(|o| o.contains(&u.id)))
            .map(|u| (u.id, u.display_name))
            .collect();
        users.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(users)
    })
}
