//! The lines of a repair order: labour (a job's standard hours at the store's rate) and parts,
//! each with its payer, and the totals per payer that settlement bills.

use super::Payer;
use crate::money::Money;

/// A labour line's amount: standard hours (in hundredths) at the hourly rate, rounded to the fen.
pub fn labour_amount(hours_x100: i32, rate: Money) -> Money {
    let fen = (i128::from(hours_x100) * i128::from(rate.fen()) + 50) / 100;
    Money::from_fen(i64::try_from(fen).unwrap_or(i64::MAX))
}

/// A part line's amount: quantity times unit price.
pub fn part_amount(quantity: i32, unit_price: Money) -> Money {
    Money::from_fen(unit_price.fen().saturating_mul(i64::from(quantity)))
}

/// A line as settlement sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub payer: Payer,
    pub amount: Money,
}

/// What each payer owes, in [`Payer::ALL`]'s order, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Totals {
    pub by_payer: Vec<(Payer, Money)>,
    pub total: Money,
}

impl Totals {
    pub fn of(lines: &[Line]) -> Totals {
        let by_payer: Vec<(Payer, Money)> = Payer::ALL
            .into_iter()
            .map(|p| {
                let sum = lines.iter().filter(|l| l.payer == p).map(|l| l.amount.fen()).sum::<i64>();
                (p, Money::from_fen(sum))
            })
            .filter(|(_, m)| m.fen() != 0)
            .collect();
        let total = Money::from_fen(by_payer.iter().map(|(_, m)| m.fen()).sum());
        Totals { by_payer, total }
    }

    /// The customer's part: what finance bills them.
    pub fn customer(&self) -> Money {
        self.by_payer.iter().find(|(p, _)| *p == Payer::Customer).map_or(Money::ZERO, |(_, m)| *m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labour_is_hours_at_the_rate_rounded_and_totals_split_by_payer() {
        let rate = Money::from_fen(18_000);
        assert_eq!(labour_amount(150, rate), Money::from_fen(27_000));
        assert_eq!(labour_amount(33, Money::from_fen(101)), Money::from_fen(33));
        assert_eq!(part_amount(4, Money::from_fen(5_550)), Money::from_fen(22_200));
        let t = Totals::of(&[
            Line { payer: Payer::Customer, amount: Money::from_fen(27_000) },
            Line { payer: Payer::Warranty, amount: Money::from_fen(10_000) },
            Line { payer: Payer::Customer, amount: Money::from_fen(22_200) },
        ]);
        assert_eq!(t.customer(), Money::from_fen(49_200));
        assert_eq!(t.total, Money::from_fen(59_200));
        assert_eq!(
            t.by_payer,
            vec![(Payer::Customer, Money::from_fen(49_200)), (Payer::Warranty, Money::from_fen(10_000))]
        );
        assert_eq!(Totals::of(&[]).customer(), Money::ZERO);
    }
}
