//! Customer profiles: individuals and companies.

use crate::ident::{CreditCode, Email, Mobile, ResidentId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    Individual,
    Company,
}

impl CustomerKind {
    pub const ALL: [CustomerKind; 2] = [Self::Individual, Self::Company];

    pub fn code(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Company => "company",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "individual" => Some(Self::Individual),
            "company" => Some(Self::Company),
            _ => None,
        }
    }
}

/// What identifies the customer legally: an ID number for a person, a credit code for a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegalIdentity {
    Individual { id_number: Option<ResidentId> },
    Company { credit_code: CreditCode, contact_person: String },
}

/// A validated customer profile as entered, before it gets an id and a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerProfile {
    pub name: String,
    pub mobile: Mobile,
    pub email: Option<Email>,
    pub address: Option<String>,
    pub identity: LegalIdentity,
    pub notes: Option<String>,
    pub preferences: Preferences,
    /// Agreed to marketing messages, and where (`None`: not agreed, or withdrawn).
    pub consent: Option<ConsentSource>,
}

/// What the customer likes, for the advisor's next call and offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    pub tags: Vec<String>,
    pub colour: String,
    pub configuration: String,
    pub contact_time: ContactTime,
}

impl CustomerProfile {
    pub fn kind(&self) -> CustomerKind {
        match self.identity {
            LegalIdentity::Individual { .. } => CustomerKind::Individual,
            LegalIdentity::Company { .. } => CustomerKind::Company,
        }
    }
}

use crate::code::coded;
use crate::error::ErrorCode;
use crate::money::Money;

coded!(
    /// When the customer prefers to be called (联系时段).
    ContactTime {
        Any => "any",
        Morning => "morning",
        Midday => "midday",
        Afternoon => "afternoon",
        Evening => "evening",
        Weekend => "weekend",
    }
);

coded!(
    /// Where the customer's consent to marketing messages was given (PIPL: its source and date
    /// are kept with it).
    ConsentSource {
        /// A form signed in the store.
        InStore => "in_store",
        /// Said on a recorded call.
        Phone => "phone",
        Wechat => "wechat",
        /// Ticked on the website or a lead platform.
        Website => "website",
        /// Replied to a text message.
        Sms => "sms",
    }
);

coded!(
    /// The customer's value to the store, from what they bought (客户价值等级), highest first.
    ValueTier {
        Vip => "vip",
        Key => "key",
        Regular => "regular",
        /// Has not bought yet.
        Prospect => "prospect",
    }
);

/// What a customer must have bought to reach a value tier: both thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRule {
    pub tier: ValueTier,
    pub min_purchases: u32,
    pub min_spend: Money,
}

impl ValueTier {
    /// The tiers a rule reaches, highest first (a prospect is whoever reaches none).
    pub const RANKED: [ValueTier; 3] = [Self::Vip, Self::Key, Self::Regular];

    /// The rule a store starts with until its administrator sets its own: two cars and
    /// ¥600,000 for VIP, one car of ¥300,000 for a key customer, any car for a regular one.
    pub fn default_rule(self) -> ValueRule {
        let (min_purchases, yuan) = match self {
            Self::Vip => (2, 600_000),
            Self::Key => (1, 300_000),
            Self::Regular | Self::Prospect => (1, 0),
        };
        ValueRule { tier: self, min_purchases, min_spend: Money::from_fen(yuan * 100) }
    }
}

/// The store's rules, with the defaults for the tiers it has not set.
pub fn value_rules(stored: &[ValueRule]) -> Vec<ValueRule> {
    ValueTier::RANKED
        .iter()
        .map(|t| stored.iter().find(|r| r.tier == *t).copied().unwrap_or_else(|| t.default_rule()))
        .collect()
}

/// The highest tier whose rule `purchases` cars worth `spend` in all meet.
pub fn value_tier(rules: &[ValueRule], purchases: u32, spend: Money) -> ValueTier {
    value_rules(rules)
        .into_iter()
        .find(|r| purchases > 0 && purchases >= r.min_purchases && spend >= r.min_spend)
        .map_or(ValueTier::Prospect, |r| r.tier)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueRuleError {
    #[error("a tier needs at least one purchase")]
    NoPurchase,
    #[error("a higher tier asks for no less than the tier below it")]
    BelowLower,
}

impl ErrorCode for ValueRuleError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoPurchase => "value-rule-no-purchase",
            Self::BelowLower => "value-rule-below-lower",
        }
    }
}

/// Rules make sense when every tier needs a purchase and each asks at least what the tier below
/// asks (else a VIP could be reached more easily than a key customer). The error names the tier.
pub fn check_value_rules(rules: &[ValueRule]) -> Result<(), (ValueTier, ValueRuleError)> {
    let rules = value_rules(rules);
    for r in &rules {
        if r.min_purchases == 0 {
            return Err((r.tier, ValueRuleError::NoPurchase));
        }
    }
    for pair in rules.windows(2) {
        let (higher, lower) = (pair[0], pair[1]);
        if higher.min_purchases < lower.min_purchases || higher.min_spend < lower.min_spend {
            return Err((higher.tier, ValueRuleError::BelowLower));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error("consent needs its source")]
    SourceRequired,
    #[error("unknown consent source")]
    SourceUnknown,
}

impl ErrorCode for ConsentError {
    fn code(&self) -> &'static str {
        match self {
            Self::SourceRequired => "consent-source-required",
            Self::SourceUnknown => "consent-source-unknown",
        }
    }
}

/// A consent as a form or an API sends it: `given`, and its source's code. Not given: `None`,
/// whatever the source says (unticking withdraws it).
pub fn parse_consent(given: bool, source: &str) -> Result<Option<ConsentSource>, ConsentError> {
    use crate::code::Code;
    match (given, source.trim()) {
        (false, _) => Ok(None),
        (true, "") => Err(ConsentError::SourceRequired),
        (true, code) => ConsentSource::from_code(code).map(Some).ok_or(ConsentError::SourceUnknown),
    }
}

/// The most tags a profile carries, and the longest tag.
pub const MAX_TAGS: usize = 12;
pub const MAX_TAG_CHARS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("too many tags")]
    TooMany,
    #[error("a tag is too long")]
    TooLong,
}

impl ErrorCode for TagError {
    fn code(&self) -> &'static str {
        match self {
            Self::TooMany => "tags-too-many",
            Self::TooLong => "tag-too-long",
        }
    }
}

/// Tags as typed: separated by commas (either width), 、 or semicolons; trimmed, blanks and
/// repeats dropped, in the order typed.
pub fn parse_tags(input: &str) -> Result<Vec<String>, TagError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in input.split([',', '，', '、', ';', '；', '\n']) {
        let tag = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty() || tags.contains(&tag) {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(TagError::TooLong);
        }
        tags.push(tag);
    }
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: i64) -> Money {
        Money::from_fen(y * 100)
    }

    #[test]
    fn tier_is_the_highest_rule_met() {
        let rules = value_rules(&[]);
        assert_eq!(value_tier(&rules, 0, Money::ZERO), ValueTier::Prospect);
        assert_eq!(value_tier(&rules, 1, yuan(150_000)), ValueTier::Regular);
        assert_eq!(value_tier(&rules, 1, yuan(300_000)), ValueTier::Key);
        assert_eq!(value_tier(&rules, 1, yuan(900_000)), ValueTier::Key, "VIP needs two cars");
        assert_eq!(value_tier(&rules, 2, yuan(600_000)), ValueTier::Vip);
        let own = [ValueRule { tier: ValueTier::Vip, min_purchases: 1, min_spend: yuan(400_000) }];
        assert_eq!(value_tier(&own, 1, yuan(450_000)), ValueTier::Vip);
    }

    #[test]
    fn rules_must_rise_with_the_tier() {
        assert_eq!(check_value_rules(&[]), Ok(()));
        let low_vip = [ValueRule { tier: ValueTier::Vip, min_purchases: 2, min_spend: yuan(100_000) }];
        assert_eq!(check_value_rules(&low_vip), Err((ValueTier::Vip, ValueRuleError::BelowLower)));
        let free = [ValueRule { tier: ValueTier::Regular, min_purchases: 0, min_spend: Money::ZERO }];
        assert_eq!(check_value_rules(&free), Err((ValueTier::Regular, ValueRuleError::NoPurchase)));
    }

    #[test]
    fn tags_are_split_trimmed_and_deduplicated() {
        assert_eq!(
            parse_tags(" 老客户，二胎家庭, 老客户 ;  喜欢  SUV "),
            Ok(vec!["老客户".into(), "二胎家庭".into(), "喜欢 SUV".into()])
        );
        assert_eq!(parse_tags(""), Ok(vec![]));
        assert_eq!(parse_tags(&"长".repeat(21)), Err(TagError::TooLong));
        let many = (0..13).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(parse_tags(&many), Err(TagError::TooMany));
    }
}

coded!(
    /// Where a customer's car comes from.
    VehicleOrigin {
        /// Sold and handed over by the store.
        SoldHere => "sold_here",
        /// Bought elsewhere, added when it first comes in.
        Elsewhere => "elsewhere",
    }
);

crate::codes!(
    CustomerKind => "customer kind",
    VehicleOrigin => "vehicle origin",
    ContactTime => "contact time",
    ConsentSource => "consent source",
    ValueTier => "value tier",
);
