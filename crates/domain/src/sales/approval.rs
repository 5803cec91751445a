//! Approval rules (DOMAIN.md §2): conditions on the order's price and terms, each naming the
//! roles that must approve. Levels run in a fixed order of seniority; a level lists every rule
//! that needs it, so the approver sees why the order is in front of them.

use super::terms::PaymentMethod;
use crate::money::Money;
use crate::rbac::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "threshold", rename_all = "snake_case")]
pub enum Condition {
    /// Discount above this many basis points of the list price, compared exactly (in fen against
    /// the list price, never a rounded percentage: 3.00002 % is over 3 %).
    DiscountPercentOver(u32),
    /// Discount above this amount.
    DiscountAmountOver(Money),
    /// Vehicle price below the trim's floor price.
    BelowFloorPrice,
    /// Gifts worth more than this.
    GiftsValueOver(Money),
    /// Special payment terms: this payment method.
    PaymentMethodIs(PaymentMethod),
    /// A stored rule that no longer reads (an unknown condition or role): it holds for every order,
    /// so that nothing passes unapproved because a rule was broken. Never stored.
    Unreadable,
}

impl Condition {
    pub const KINDS: [&'static str; 5] =
        ["discount_percent_over", "discount_amount_over", "below_floor_price", "gifts_value_over", "payment_method_is"];

    pub fn kind(&self) -> &'static str {
        match self {
            Self::DiscountPercentOver(_) => "discount_percent_over",
            Self::DiscountAmountOver(_) => "discount_amount_over",
            Self::BelowFloorPrice => "below_floor_price",
            Self::GiftsValueOver(_) => "gifts_value_over",
            Self::PaymentMethodIs(_) => "payment_method_is",
            Self::Unreadable => "unreadable",
        }
    }

    /// The stored threshold: basis points, fen, or the payment method's index.
    pub fn threshold(&self) -> i64 {
        match self {
            Self::DiscountPercentOver(bp) => i64::from(*bp),
            Self::DiscountAmountOver(m) | Self::GiftsValueOver(m) => m.fen(),
            Self::BelowFloorPrice | Self::Unreadable => 0,
            Self::PaymentMethodIs(p) => PaymentMethod::ALL.iter().position(|x| x == p).unwrap_or(0) as i64,
        }
    }

    pub fn from_stored(kind: &str, threshold: i64) -> Option<Self> {
        Some(match kind {
            "discount_percent_over" => Self::DiscountPercentOver(u32::try_from(threshold).ok()?),
            "discount_amount_over" => Self::DiscountAmountOver(Money::from_fen(threshold)),
            "below_floor_price" => Self::BelowFloorPrice,
            "gifts_value_over" => Self::GiftsValueOver(Money::from_fen(threshold)),
            "payment_method_is" => Self::PaymentMethodIs(*PaymentMethod::ALL.get(usize::try_from(threshold).ok()?)?),
            _ => return None,
        })
    }

    fn holds(&self, o: &Subject) -> bool {
        match *self {
            Self::DiscountPercentOver(bp) => {
                i128::from(o.discount.fen()) * 10_000 > i128::from(bp) * i128::from(o.list_price.fen())
            }
            Self::DiscountAmountOver(m) => o.discount > m,
            Self::BelowFloorPrice => o.floor_price.is_some_and(|f| o.vehicle_price < f),
            Self::GiftsValueOver(m) => o.gifts_value > m,
            Self::PaymentMethodIs(p) => o.payment_method == p,
            Self::Unreadable => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub condition: Condition,
    /// The roles that must approve when the condition holds.
    pub levels: Vec<Role>,
}

impl Rule {
    /// A stored rule as read back: its condition and roles, or, when either does not read (an
    /// unknown condition, an unknown or missing role), a rule that holds for every order and asks
    /// the general manager (fail closed: a broken rule never lets an order through unapproved).
    pub fn stored(name: String, condition: Option<Condition>, roles: Option<Vec<Role>>) -> Rule {
        match (condition, roles) {
            (Some(condition), Some(levels)) if !levels.is_empty() => Rule { name, condition, levels },
            _ => Rule { name, condition: Condition::Unreadable, levels: vec![Role::GeneralManager] },
        }
    }
}

/// What the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub discount: Money,
    /// The price the discount is a share of.
    pub list_price: Money,
    pub vehicle_price: Money,
    pub floor_price: Option<Money>,
    pub gifts_value: Money,
    pub payment_method: PaymentMethod,
}

/// One approval level of an order: who approves and the names of the rules that require it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub role: Role,
    pub reasons: Vec<String>,
}

/// Roles that approve, most junior first: a sales manager looks at an order before the general
/// manager, and finance checks payment terms last.
pub const APPROVER_ORDER: [Role; 3] = [Role::SalesManager, Role::GeneralManager, Role::Finance];

/// The approval levels the rules require for `subject`, in order; empty when none apply.
pub fn required_levels(rules: &[Rule], subject: &Subject) -> Vec<Level> {
    APPROVER_ORDER
        .iter()
        .filter_map(|role| {
            let reasons: Vec<String> = rules
                .iter()
                .filter(|r| r.levels.contains(role) && r.condition.holds(subject))
                .map(|r| r.name.clone())
                .collect();
            (!reasons.is_empty()).then_some(Level { role: *role, reasons })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_that_does_not_read_asks_the_general_manager_for_every_order() {
        let broken = [
            Rule::stored("坏规则".into(), None, Some(vec![Role::SalesManager])),
            Rule::stored("坏规则".into(), Some(Condition::BelowFloorPrice), None),
            Rule::stored("坏规则".into(), Some(Condition::BelowFloorPrice), Some(Vec::new())),
        ];
        for rule in broken {
            assert_eq!(rule.condition, Condition::Unreadable);
            let levels = required_levels(std::slice::from_ref(&rule), &subject());
            assert_eq!(levels, [Level { role: Role::GeneralManager, reasons: vec!["坏规则".into()] }]);
        }
        let fine = Rule::stored("低于限价".into(), Some(Condition::BelowFloorPrice), Some(vec![Role::SalesManager]));
        assert_eq!(fine.condition, Condition::BelowFloorPrice);
        assert_eq!(fine.levels, [Role::SalesManager]);
        assert_eq!((Condition::Unreadable.kind(), Condition::Unreadable.threshold()), ("unreadable", 0));
    }

    fn subject() -> Subject {
        // exactly 3 % off 200,000.00, at the floor price
        Subject {
            discount: Money::from_fen(600_000),
            list_price: Money::from_fen(20_000_000),
            vehicle_price: Money::from_fen(19_400_000),
            floor_price: Some(Money::from_fen(19_400_000)),
            gifts_value: Money::from_fen(500_000),
            payment_method: PaymentMethod::Full,
        }
    }

    fn rules() -> Vec<Rule> {
        vec![
            Rule {
                name: "折扣超过 3%".into(),
                condition: Condition::DiscountPercentOver(300),
                levels: vec![Role::SalesManager],
            },
            Rule {
                name: "折扣超过 8%".into(),
                condition: Condition::DiscountPercentOver(800),
                levels: vec![Role::SalesManager, Role::GeneralManager],
            },
            Rule {
                name: "低于最低限价".into(),
                condition: Condition::BelowFloorPrice,
                levels: vec![Role::GeneralManager],
            },
            Rule {
                name: "优惠超过 6,000 元".into(),
                condition: Condition::DiscountAmountOver(Money::from_fen(600_000)),
                levels: vec![Role::SalesManager],
            },
            Rule {
                name: "赠品超过 5,000 元".into(),
                condition: Condition::GiftsValueOver(Money::from_fen(500_000)),
                levels: vec![Role::SalesManager],
            },
            Rule {
                name: "公司购车".into(),
                condition: Condition::PaymentMethodIs(PaymentMethod::Company),
                levels: vec![Role::Finance],
            },
        ]
    }

    #[test]
    fn nothing_required_at_the_threshold() {
        assert!(required_levels(&rules(), &subject()).is_empty());
    }

    #[test]
    fn levels_run_in_seniority_order_with_their_reasons() {
        let s = Subject {
            discount: Money::from_fen(1_800_000),
            vehicle_price: Money::from_fen(17_000_000),
            payment_method: PaymentMethod::Company,
            ..subject()
        };
        let levels = required_levels(&rules(), &s);
        let roles: Vec<Role> = levels.iter().map(|l| l.role).collect();
        assert_eq!(roles, vec![Role::SalesManager, Role::GeneralManager, Role::Finance]);
        assert_eq!(levels[0].reasons, vec!["折扣超过 3%", "折扣超过 8%", "优惠超过 6,000 元"]);
        assert_eq!(levels[1].reasons, vec!["折扣超过 8%", "低于最低限价"]);
    }

    /// Each condition one fen past its threshold, alone: exactly that rule's level is required.
    #[test]
    fn each_condition_holds_one_fen_past_its_threshold() {
        let reasons =
            |s: &Subject| -> Vec<String> { required_levels(&rules(), s).into_iter().flat_map(|l| l.reasons).collect() };
        // 3.000005 %: a rounded comparison in basis points would let it through
        let s = Subject { discount: Money::from_fen(600_001), vehicle_price: Money::from_fen(19_399_999), ..subject() };
        assert_eq!(reasons(&Subject { floor_price: None, ..s }), vec!["折扣超过 3%", "优惠超过 6,000 元"]);
        let s = Subject { vehicle_price: Money::from_fen(19_399_999), ..subject() };
        assert_eq!(reasons(&s), vec!["低于最低限价"]);
        let s = Subject { gifts_value: Money::from_fen(500_001), ..subject() };
        assert_eq!(reasons(&s), vec!["赠品超过 5,000 元"]);
        let s = Subject { payment_method: PaymentMethod::Company, ..subject() };
        assert_eq!(reasons(&s), vec!["公司购车"]);
        let s = Subject {
            discount: Money::from_fen(1_600_001),
            list_price: Money::from_fen(20_000_000),
            floor_price: None,
            ..subject()
        };
        assert_eq!(reasons(&s), vec!["折扣超过 3%", "折扣超过 8%", "优惠超过 6,000 元", "折扣超过 8%"]);
    }

    #[test]
    fn conditions_round_trip_through_storage() {
        for c in [
            Condition::DiscountPercentOver(500),
            Condition::DiscountAmountOver(Money::from_fen(1_000_000)),
            Condition::BelowFloorPrice,
            Condition::GiftsValueOver(Money::from_fen(300_000)),
            Condition::PaymentMethodIs(PaymentMethod::Loan),
        ] {
            assert_eq!(Condition::from_stored(c.kind(), c.threshold()), Some(c));
        }
        assert_eq!(Condition::from_stored("nope", 0), None);
    }
}
