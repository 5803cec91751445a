//! Approval rules, edited by an administrator; read by the order flow at confirmation.

use super::ApprovalRule;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppResult, require};
use domain::FieldErrors;
use domain::money::Money;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::sales::PaymentMethod;
use domain::sales::approval::{APPROVER_ORDER, Condition, Rule};
use domain::text;
use storage::DbConnection;
use storage::sales::RuleFields;

/// A rule form: the threshold is a percent for discount_percent_over, yuan for the amount rules,
/// a payment method code for payment_method_is, and ignored for below_floor_price.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RuleInput {
    pub name: String,
    pub condition: String,
    pub threshold: String,
    /// Role codes among sales_manager, general_manager, finance.
    pub levels: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
    pub version: i64,
}

/// The largest amount threshold: ¥10,000,000, above any vehicle's price.
const MAX_AMOUNT_FEN: i64 = 1_000_000_000;

fn yes() -> bool {
    true
}

impl RuleInput {
    fn parse(&self) -> Result<RuleFields, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::required(&self.name, 60));
        let money = |e: &mut FieldErrors| e.check("threshold", Money::parse_price(&self.threshold));
        // The threshold within [0, max] (fen, or hundredths of a percent point): a discount is never
        // over 100 %, so a rule above that would never fire.
        let bounded = |e: &mut FieldErrors, max: i64, code: &'static str| match money(e) {
            Some(m) if (0..=max).contains(&m.fen()) => Some(m),
            Some(_) => {
                e.add("threshold", code);
                None
            }
            None => None,
        };
        let condition = match self.condition.as_str() {
            "discount_percent_over" => bounded(&mut e, 9_999, "threshold-percent-range")
                .and_then(|m| u32::try_from(m.fen()).ok())
                .map(Condition::DiscountPercentOver),
            "discount_amount_over" => {
                bounded(&mut e, MAX_AMOUNT_FEN, "threshold-amount-range").map(Condition::DiscountAmountOver)
            }
            "gifts_value_over" => {
                bounded(&mut e, MAX_AMOUNT_FEN, "threshold-amount-range").map(Condition::GiftsValueOver)
            }
            "below_floor_price" => Some(Condition::BelowFloorPrice),
            "payment_method_is" => match PaymentMethod::from_code(self.threshold.trim()) {
                Some(p) => Some(Condition::PaymentMethodIs(p)),
                None => {
                    e.add("threshold", "payment-required");
                    None
                }
            },
            _ => {
                e.add("condition", "condition-unknown");
                None
            }
        };
        let mut levels: Vec<Role> = Vec::new();
        for l in &self.levels {
            match Role::from_code(l).filter(|r| APPROVER_ORDER.contains(r)) {
                Some(r) if !levels.contains(&r) => levels.push(r),
                Some(_) => {}
                None => e.add("levels", "approver-role-unknown"),
            }
        }
        if levels.is_empty() {
            e.add("levels", "levels-required");
        }
        e.into_result()?;
        let condition = condition.expect("checked");
        Ok(RuleFields {
            name: name.expect("checked"),
            condition: condition.kind().to_string(),
            threshold: condition.threshold(),
            levels: serde_json::to_string(&levels.iter().map(|r| r.code()).collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".into()),
            active: self.active,
        })
    }
}

/// The form values of a stored rule.
pub fn input_of(r: &ApprovalRule) -> RuleInput {
    let threshold = match Condition::from_stored(&r.condition, r.threshold) {
        Some(Condition::DiscountPercentOver(bp)) => Money::from_fen(i64::from(bp)).to_plain(),
        Some(Condition::DiscountAmountOver(m) | Condition::GiftsValueOver(m)) => m.to_plain(),
        Some(Condition::PaymentMethodIs(p)) => p.code().to_string(),
        _ => String::new(),
    };
    RuleInput {
        name: r.name.clone(),
        condition: r.condition.clone(),
        threshold,
        levels: r.levels.clone(),
        active: r.active,
        version: r.version,
    }
}

/// The active rules of a group as domain rules. A row that no longer reads (an unknown condition
/// or role) fails closed: it asks the general manager for every order, and is logged.
pub fn active(c: &mut DbConnection, group_id: i64) -> AppResult<Vec<Rule>> {
    Ok(storage::sales::rules(c, group_id)?
        .into_iter()
        .filter(|r| r.active)
        .map(|r| {
            let condition = Condition::from_stored(&r.condition, r.threshold);
            let roles: Option<Vec<Role>> = serde_json::from_str::<Vec<String>>(&r.levels)
                .ok()
                .and_then(|codes| codes.iter().map(|code| Role::from_code(code)).collect());
            let rule = Rule::stored(r.name, condition, roles);
            if rule.condition == Condition::Unreadable {
                tracing::warn!(rule = r.id, "approval rule does not read: the general manager approves every order");
            }
            rule
        })
        .collect())
}

pub fn list(app: &App, actor: &Actor) -> AppResult<Vec<ApprovalRule>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| Ok(storage::sales::rules(c, actor.group_id.0)?.into_iter().map(ApprovalRule::from).collect()))
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<ApprovalRule> {
    require(actor, Permission::ApprovalRulesManage)?;
    app.db.read(|c| Ok(storage::sales::get_rule(c, actor.group_id, domain::ids::ApprovalRuleId(id))?.into()))
}

pub fn create(app: &App, actor: &Actor, input: &RuleInput) -> AppResult<ApprovalRule> {
    let now = app.now();
    require(actor, Permission::ApprovalRulesManage)?;
    let f = input.parse()?;
    app.db.write(|c| {
        let row = storage::sales::insert_rule(c, actor.group_id.0, &f, now)?;
        let changes = Changes::new()
            .created("name", &row.name)
            .created("condition", &row.condition)
            .created("threshold", row.threshold)
            .created("levels", &row.levels);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::ApprovalRuleCreated, entity_id: row.id, store_id: None, changes },
        )?;
        Ok(row.into())
    })
}

pub fn update(app: &App, actor: &Actor, id: i64, input: &RuleInput) -> AppResult<ApprovalRule> {
    let now = app.now();
    require(actor, Permission::ApprovalRulesManage)?;
    let f = input.parse()?;
    app.db.write(|c| {
        let b = storage::sales::get_rule(c, actor.group_id, domain::ids::ApprovalRuleId(id))?;
        let a =
            storage::sales::update_rule(c, actor.group_id, domain::ids::ApprovalRuleId(id), input.version, &f, now)?;
        let changes = Changes::new()
            .field("name", &b.name, &a.name)
            .field("condition", &b.condition, &a.condition)
            .field("threshold", b.threshold, a.threshold)
            .field("levels", &b.levels, &a.levels)
            .field("active", b.active, a.active);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::ApprovalRuleUpdated, entity_id: id, store_id: None, changes },
        )?;
        Ok(a.into())
    })
}
