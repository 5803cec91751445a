//! Vehicle taxes of DOMAIN.md §3: the VAT split of a tax-inclusive price and the vehicle purchase
//! tax with the new-energy relief of the day. Rates and reliefs are dated data handed in by the
//! caller (stored in the database), never constants: an order keeps the rule of its date.

use crate::money::Money;
use chrono::NaiveDate;

/// A rate in basis points: 13% is `Rate::bp(1300)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(u32);

impl Rate {
    pub const fn bp(bp: u32) -> Self {
        Rate(bp)
    }
}

/// `numerator / denominator` rounded half up (to the fen), for non-negative numbers.
fn div_round_half_up(numerator: i128, denominator: i128) -> i64 {
    debug_assert!(numerator >= 0 && denominator > 0);
    ((2 * numerator + denominator) / (2 * denominator)) as i64
}

/// `amount * rate`, rounded down to the fen: a cap (the 20 % of 定金, a loan-to-value limit) is
/// a ceiling, which a rounded-up fen would exceed (DOMAIN.md §3).
pub fn apply_rate_floor(amount: Money, rate: Rate) -> Money {
    let fen = i128::from(amount.fen().max(0));
    Money::from_fen((fen * i128::from(rate.0) / 10_000) as i64)
}

/// `amount * rate`, rounded half up to the fen.
pub fn apply_rate(amount: Money, rate: Rate) -> Money {
    let fen = i128::from(amount.fen().max(0));
    Money::from_fen(div_round_half_up(fen * i128::from(rate.0), 10_000))
}

/// The invoice split of a tax-inclusive price: `net = round_half_up(gross / (1 + rate))`,
/// `vat = gross - net` (so the two always add up to the gross).
pub fn split_gross(gross: Money, vat: Rate) -> VatSplit {
    let g = i128::from(gross.fen().max(0));
    let net = Money::from_fen(div_round_half_up(g * 10_000, 10_000 + i128::from(vat.0)));
    VatSplit { gross, net, vat: Money::from_fen(gross.fen() - net.fen()) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatSplit {
    pub gross: Money,
    pub net: Money,
    pub vat: Money,
}

/// A value that applies from a date until the next entry of its schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated<T> {
    pub from: NaiveDate,
    pub value: T,
}

/// Dated values; the entry in force on a date is the latest one starting on or before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule<T>(Vec<Dated<T>>);

impl<T> Schedule<T> {
    pub fn new(mut entries: Vec<Dated<T>>) -> Self {
        entries.sort_by_key(|e| e.from);
        Self(entries)
    }

    pub fn on(&self, date: NaiveDate) -> Option<&T> {
        self.0.iter().rev().find(|e| e.from <= date).map(|e| &e.value)
    }
}

/// The new-energy relief of the vehicle purchase tax in force on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NevRelief {
    /// No relief: the full tax.
    None,
    /// Fully exempt (2014-09 to 2023).
    Exempt,
    /// Exempt up to this much tax per vehicle (2024-2025: 30,000 yuan).
    ExemptUpTo(Money),
    /// Tax reduced by this share of the tax, the reduction capped (2026-2027: half, at most 15,000).
    Reduced { share_of_tax: Rate, cap: Money },
}

/// The purchase tax rule of a date: the rate (10%) and the relief for catalogue NEVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseTaxRule {
    pub rate: Rate,
    pub nev_relief: NevRelief,
}

/// 车辆购置税 in DOMAIN.md §3's order of rounding: the tax before relief
/// `T = round_half_up(net × rate)`; for a new-energy vehicle on the exemption catalogue the relief
/// is taken from `T` itself (`min(T, limit)` in 2024-2025, `min(round_half_up(T × 50 %), cap)` in
/// 2026-2027), never from the price, so that `due = T − relief` is one rounding away from exact.
pub fn purchase_tax(price_excl_vat: Money, nev_on_catalogue: bool, rule: &PurchaseTaxRule) -> Money {
    let full = apply_rate(price_excl_vat, rule.rate);
    if !nev_on_catalogue {
        return full;
    }
    let relief = match rule.nev_relief {
        NevRelief::None => 0,
        NevRelief::Exempt => full.fen(),
        NevRelief::ExemptUpTo(limit) => full.fen().min(limit.fen()),
        NevRelief::Reduced { share_of_tax, cap } => apply_rate(full, share_of_tax).fen().min(cap.fen()),
    };
    Money::from_fen(full.fen() - relief)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yuan(y: &str) -> Money {
        Money::parse_yuan(y).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The schedule DOMAIN.md §3 describes, as the database seeds it.
    fn china_vat() -> Schedule<Rate> {
        Schedule::new(vec![
            Dated { from: d("1994-01-01"), value: Rate::bp(1700) },
            Dated { from: d("2018-05-01"), value: Rate::bp(1600) },
            Dated { from: d("2019-04-01"), value: Rate::bp(1300) },
        ])
    }

    fn china_purchase_tax() -> Schedule<PurchaseTaxRule> {
        let rate = Rate::bp(1000);
        Schedule::new(vec![
            Dated { from: d("2001-01-01"), value: PurchaseTaxRule { rate, nev_relief: NevRelief::None } },
            Dated { from: d("2014-09-01"), value: PurchaseTaxRule { rate, nev_relief: NevRelief::Exempt } },
            Dated {
                from: d("2024-01-01"),
                value: PurchaseTaxRule { rate, nev_relief: NevRelief::ExemptUpTo(yuan("30000")) },
            },
            Dated {
                from: d("2026-01-01"),
                value: PurchaseTaxRule {
                    rate,
                    nev_relief: NevRelief::Reduced { share_of_tax: Rate::bp(5000), cap: yuan("15000") },
                },
            },
            Dated { from: d("2028-01-01"), value: PurchaseTaxRule { rate, nev_relief: NevRelief::None } },
        ])
    }

    #[test]
    fn domain_examples_exactly() {
        let s = split_gross(yuan("550000"), Rate::bp(1300));
        assert_eq!((s.net, s.vat), (yuan("486725.66"), yuan("63274.34")));
        let s = split_gross(yuan("147800"), Rate::bp(1700));
        assert_eq!((s.net, s.vat), (yuan("126324.79"), yuan("21475.21")));
        let rule = china_purchase_tax().on(d("2026-11-23")).copied().unwrap();
        assert_eq!(purchase_tax(yuan("486725.66"), false, &rule), yuan("48672.57"));
    }

    #[test]
    fn rates_follow_the_date() {
        let vat = china_vat();
        assert_eq!(vat.on(d("2019-03-31")), Some(&Rate::bp(1600)));
        assert_eq!(vat.on(d("2019-04-01")), Some(&Rate::bp(1300)));
        assert_eq!(vat.on(d("2018-04-30")), Some(&Rate::bp(1700)));
        assert_eq!(vat.on(d("1990-01-01")), None);
    }

    #[test]
    fn new_energy_relief_by_year() {
        let s = china_purchase_tax();
        let net = yuan("400000"); // full tax 40,000
        let on = |date: &str| purchase_tax(net, true, s.on(d(date)).unwrap());
        assert_eq!(on("2023-12-31"), Money::ZERO);
        assert_eq!(on("2025-06-01"), yuan("10000")); // 40,000 - 30,000
        assert_eq!(on("2026-06-01"), yuan("25000")); // 40,000 - min(20,000, 15,000)
        assert_eq!(on("2028-01-01"), yuan("40000"));
        // a cheap NEV in 2025 pays nothing, and in 2026 pays half
        assert_eq!(purchase_tax(yuan("150000"), true, s.on(d("2025-01-01")).unwrap()), Money::ZERO);
        assert_eq!(purchase_tax(yuan("150000"), true, s.on(d("2026-01-01")).unwrap()), yuan("7500"));
        // a petrol car never gets the relief
        assert_eq!(purchase_tax(net, false, s.on(d("2025-06-01")).unwrap()), yuan("40000"));
    }

    #[test]
    fn relief_is_rounded_from_the_tax_not_the_price() {
        // DOMAIN.md §3: net 70,619.47 → T 7,061.95 → relief 3,530.98 → due 3,530.97. Halving the
        // price first (3,530.97 relief) is a fen off.
        let s = china_purchase_tax();
        let rule = s.on(d("2026-03-01")).unwrap();
        assert_eq!(purchase_tax(yuan("70619.47"), true, rule), yuan("3530.97"));
        assert_eq!(purchase_tax(yuan("70619.47"), false, rule), yuan("7061.95"));
        // 2024-2025: exempt up to 30,000 of tax, exactly at and just over the limit
        let rule = s.on(d("2025-03-01")).unwrap();
        assert_eq!(purchase_tax(yuan("300000"), true, rule), Money::ZERO);
        assert_eq!(purchase_tax(yuan("300000.10"), true, rule), yuan("0.01"));
        // 2026-2027 cap: a reduction of exactly 15,000 and one that would be 15,000.01
        let rule = s.on(d("2026-03-01")).unwrap();
        assert_eq!(purchase_tax(yuan("300000"), true, rule), yuan("15000"));
        assert_eq!(purchase_tax(yuan("300000.10"), true, rule), yuan("15000.01"));
    }

    proptest! {
        /// Against the formula written out with exact rationals: T, then the relief from T.
        #[test]
        fn reduced_relief_is_half_the_rounded_tax(net in 0i64..2_000_000_000) {
            let rule = china_purchase_tax().on(d("2026-06-01")).copied().unwrap();
            let t = (net + 5) / 10; // round_half_up(net / 10) in fen
            let relief = ((t + 1) / 2).min(1_500_000); // round_half_up(t / 2)
            prop_assert_eq!(purchase_tax(Money::from_fen(net), true, &rule).fen(), t - relief);
        }

        #[test]
        fn split_adds_up_and_net_is_the_nearest_fen(gross in 0i64..10_000_000_000, bp in prop::sample::select(vec![1300u32, 1600, 1700, 600, 900])) {
            let s = split_gross(Money::from_fen(gross), Rate::bp(bp));
            prop_assert_eq!(s.net.fen() + s.vat.fen(), gross);
            // |net * (1 + rate) - gross| <= half a fen times (1 + rate)
            let back = i128::from(s.net.fen()) * i128::from(10_000 + bp);
            let diff = (back - i128::from(gross) * 10_000).abs();
            prop_assert!(diff * 2 <= i128::from(10_000 + bp), "net is the rounded quotient");
        }

        #[test]
        fn relief_never_increases_the_tax(net in 0i64..2_000_000_000, year in 2001i32..2030) {
            let rule = china_purchase_tax().on(NaiveDate::from_ymd_opt(year, 6, 1).unwrap()).copied().unwrap();
            let with = purchase_tax(Money::from_fen(net), true, &rule);
            let without = purchase_tax(Money::from_fen(net), false, &rule);
            prop_assert!(with.fen() >= 0 && with <= without);
        }
    }
}
