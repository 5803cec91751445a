//! The price of an order: the vehicle at its guide price with colour and factory options, less
//! the discount, plus the store's accessories and fees, less the trade-in credit. Gifts are
//! valued (approval rules look at them) but not charged. The vehicle price carries the VAT split
//! and the purchase-tax estimate of the order date.

use crate::capitals::to_capitals;
use crate::money::Money;
use crate::tax::{PurchaseTaxRule, Rate, VatSplit, apply_rate, purchase_tax, split_gross};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Discount {
    None,
    /// A fixed amount off the vehicle.
    Amount(Money),
    /// A rate of the vehicle's list price (guide price + colour + options), in basis points.
    Percent(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// 上牌服务费
    Registration,
    /// Insurance premium collected for the insurer.
    Insurance,
    ExtendedWarranty,
    ServicePackage,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: FeeKind,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteInput {
    pub guide_price: Money,
    pub colour_surcharge: Money,
    pub options: Vec<Money>,
    pub accessories: Vec<Money>,
    pub discount: Option<Discount>,
    pub gifts: Vec<Money>,
    pub fees: Vec<Fee>,
    pub trade_in_credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("the discount exceeds the vehicle's list price")]
    DiscountTooLarge,
    #[error("a percent discount is at most 100%")]
    PercentOver100,
    #[error("the trade-in credit exceeds the amount payable")]
    TradeInTooLarge,
    #[error("negative amounts are not allowed here")]
    Negative,
}

impl crate::error::ErrorCode for QuoteError {
    fn code(&self) -> &'static str {
        match self {
            Self::DiscountTooLarge => "discount-too-large",
            Self::PercentOver100 => "discount-percent",
            Self::TradeInTooLarge => "trade-in-too-large",
            Self::Negative => "money-negative",
        }
    }
}

/// Everything the order page, the contract and approval rules need about the price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Quote {
    /// Guide price + colour surcharge + factory options.
    pub list_price: Money,
    pub discount: Money,
    /// Discount as basis points of the list price (rounded down), for approval rules.
    pub discount_bp: u32,
    /// The vehicle's selling price including VAT: what the vehicle sales invoice shows.
    pub vehicle_price: Money,
    pub vehicle_net: Money,
    pub vehicle_vat: Money,
    pub purchase_tax_estimate: Money,
    pub accessories: Money,
    pub fees: Money,
    pub gifts_value: Money,
    pub trade_in_credit: Money,
    /// What the customer pays the store: vehicle + accessories + fees - trade-in.
    pub total_payable: Money,
    pub total_in_capitals: String,
}

fn sum(items: &[Money]) -> Result<Money, QuoteError> {
    items.iter().try_fold(Money::ZERO, |acc, m| {
        if m.fen() < 0 { Err(QuoteError::Negative) } else { acc.checked_add(*m).ok_or(QuoteError::Negative) }
    })
}

/// Prices an order with the VAT rate and purchase-tax rule of its date.
pub fn quote(
    input: &QuoteInput,
    vat: Rate,
    purchase: &PurchaseTaxRule,
    nev_on_catalogue: bool,
) -> Result<Quote, QuoteError> {
    let mut vehicle_parts = vec![input.guide_price, input.colour_surcharge];
    vehicle_parts.extend_from_slice(&input.options);
    let list_price = sum(&vehicle_parts)?;
    let discount = match input.discount.unwrap_or(Discount::None) {
        Discount::None => Money::ZERO,
        Discount::Amount(m) if m.fen() < 0 => return Err(QuoteError::Negative),
        Discount::Amount(m) => m,
        Discount::Percent(bp) if bp > 10_000 => return Err(QuoteError::PercentOver100),
        Discount::Percent(bp) => apply_rate(list_price, Rate::bp(bp)),
    };
    if discount > list_price {
        return Err(QuoteError::DiscountTooLarge);
    }
    let vehicle_price = Money::from_fen(list_price.fen() - discount.fen());
    let VatSplit { net, vat: vehicle_vat, .. } = split_gross(vehicle_price, vat);
    let accessories = sum(&input.accessories)?;
    let fees = sum(&input.fees.iter().map(|f| f.amount).collect::<Vec<_>>())?;
    let gifts_value = sum(&input.gifts)?;
    if input.trade_in_credit.fen() < 0 {
        return Err(QuoteError::Negative);
    }
    let gross = vehicle_price.fen() + accessories.fen() + fees.fen();
    if input.trade_in_credit.fen() > gross {
        return Err(QuoteError::TradeInTooLarge);
    }
    let total_payable = Money::from_fen(gross - input.trade_in_credit.fen());
    let discount_bp = if list_price.fen() == 0 {
        0
    } else {
        (i128::from(discount.fen()) * 10_000 / i128::from(list_price.fen())) as u32
    };
    Ok(Quote {
        list_price,
        discount,
        discount_bp,
        vehicle_price,
        vehicle_net: net,
        vehicle_vat,
        purchase_tax_estimate: purchase_tax(net, nev_on_catalogue, purchase),
        accessories,
        fees,
        gifts_value,
        trade_in_credit: input.trade_in_credit,
        total_payable,
        total_in_capitals: to_capitals(total_payable),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tax::NevRelief;
    use proptest::prelude::*;

    fn yuan(y: &str) -> Money {
        Money::parse_yuan(y).unwrap()
    }

    const VAT: Rate = Rate::bp(1300);
    const PURCHASE: PurchaseTaxRule = PurchaseTaxRule { rate: Rate::bp(1000), nev_relief: NevRelief::None };

    #[test]
    fn domain_example_priced() {
        let q =
            quote(&QuoteInput { guide_price: yuan("550000"), ..Default::default() }, VAT, &PURCHASE, false).unwrap();
        assert_eq!((q.vehicle_net, q.vehicle_vat), (yuan("486725.66"), yuan("63274.34")));
        assert_eq!(q.purchase_tax_estimate, yuan("48672.57"));
        assert_eq!(q.total_in_capitals, "伍拾伍万圆整");
    }

    #[test]
    fn a_full_order() {
        let input = QuoteInput {
            guide_price: yuan("219900"),
            colour_surcharge: yuan("2000"),
            options: vec![yuan("6000")],
            accessories: vec![yuan("680"), yuan("1280")],
            discount: Some(Discount::Percent(500)),
            gifts: vec![yuan("3800")],
            fees: vec![Fee { kind: FeeKind::Registration, amount: yuan("1500") }],
            trade_in_credit: yuan("50000"),
        };
        let q = quote(&input, VAT, &PURCHASE, false).unwrap();
        assert_eq!(q.list_price, yuan("227900"));
        assert_eq!(q.discount, yuan("11395"));
        assert_eq!(q.discount_bp, 500);
        assert_eq!(q.vehicle_price, yuan("216505"));
        assert_eq!(q.total_payable, yuan("169965")); // 216,505 + 1,960 + 1,500 - 50,000
        assert_eq!(q.gifts_value, yuan("3800"));
    }

    #[test]
    fn impossible_prices_are_refused() {
        let base = QuoteInput { guide_price: yuan("100000"), ..Default::default() };
        let with = |d| QuoteInput { discount: Some(d), ..base.clone() };
        assert_eq!(
            quote(&with(Discount::Amount(yuan("100000.01"))), VAT, &PURCHASE, false),
            Err(QuoteError::DiscountTooLarge)
        );
        assert_eq!(quote(&with(Discount::Percent(10_001)), VAT, &PURCHASE, false), Err(QuoteError::PercentOver100));
        let trade = QuoteInput { trade_in_credit: yuan("200000"), ..base.clone() };
        assert_eq!(quote(&trade, VAT, &PURCHASE, false), Err(QuoteError::TradeInTooLarge));
        // a negative amount discount, a negative trade-in
        assert_eq!(
            quote(&with(Discount::Amount(Money::from_fen(-1))), VAT, &PURCHASE, false),
            Err(QuoteError::Negative)
        );
        let negative_trade = QuoteInput { trade_in_credit: Money::from_fen(-1), ..base.clone() };
        assert_eq!(quote(&negative_trade, VAT, &PURCHASE, false), Err(QuoteError::Negative));
    }

    /// Each limit is allowed exactly: all of the price off, 100 %, a trade-in worth all that is
    /// payable (the customer pays nothing more), and nothing at all off.
    #[test]
    fn the_limits_themselves_are_allowed() {
        let base = QuoteInput { guide_price: yuan("100000"), ..Default::default() };
        let with = |d| QuoteInput { discount: Some(d), ..base.clone() };
        let all_off = quote(&with(Discount::Amount(yuan("100000"))), VAT, &PURCHASE, false).unwrap();
        assert_eq!((all_off.vehicle_price, all_off.discount_bp), (Money::ZERO, 10_000));
        let hundred = quote(&with(Discount::Percent(10_000)), VAT, &PURCHASE, false).unwrap();
        assert_eq!(hundred.vehicle_price, Money::ZERO);
        assert_eq!(quote(&with(Discount::Amount(Money::ZERO)), VAT, &PURCHASE, false).unwrap().discount, Money::ZERO);
        let fees = vec![Fee { kind: FeeKind::Registration, amount: yuan("1500") }];
        let trade = QuoteInput { trade_in_credit: yuan("101500"), fees, ..base.clone() };
        let q = quote(&trade, VAT, &PURCHASE, false).unwrap();
        assert_eq!(q.total_payable, Money::ZERO, "a trade-in equal to the amount payable");
        assert_eq!(q.total_in_capitals, "零圆整");
    }

    proptest! {
        #[test]
        fn totals_add_up(guide in 0i64..100_000_000, extras in proptest::collection::vec(0i64..1_000_000, 0..5), pct in 0u32..3000, trade in 0i64..1_000_000) {
            let input = QuoteInput {
                guide_price: Money::from_fen(guide),
                options: extras.iter().map(|e| Money::from_fen(*e)).collect(),
                accessories: extras.iter().map(|e| Money::from_fen(*e / 2)).collect(),
                discount: Some(Discount::Percent(pct)),
                trade_in_credit: Money::from_fen(trade),
                ..Default::default()
            };
            match quote(&input, VAT, &PURCHASE, false) {
                Ok(q) => {
                    prop_assert_eq!(q.vehicle_net.fen() + q.vehicle_vat.fen(), q.vehicle_price.fen());
                    prop_assert_eq!(q.vehicle_price.fen() + q.accessories.fen() + q.fees.fen() - q.trade_in_credit.fen(), q.total_payable.fen());
                    prop_assert!(q.discount_bp <= pct);
                    prop_assert!(q.total_payable.fen() >= 0);
                }
                Err(e) => prop_assert_eq!(e, QuoteError::TradeInTooLarge),
            }
        }
    }
}
