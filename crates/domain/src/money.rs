//! Money is an integer number of fen (1/100 yuan). No float ever touches an amount.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(value_type = i64, description = "fen (1/100 yuan)"))]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount")]
    Invalid,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("amount out of range")]
    OutOfRange,
    #[error("negative amount")]
    Negative,
}

impl ErrorCode for MoneyError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid => "money-invalid",
            Self::TooManyDecimals => "money-decimals",
            Self::OutOfRange => "money-range",
            Self::Negative => "money-negative",
        }
    }
}

/// The largest amount a single field may hold: 1 billion yuan, well beyond any vehicle.
const MAX_FEN: i64 = 100_000_000_000;

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses an amount in yuan as staff type it: `123456`, `123,456.7`, `¥123,456.78`.
    pub fn parse_yuan(input: &str) -> Result<Self, MoneyError> {
        let trimmed = input.trim();
        let (negative, rest) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let s: String = rest
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let s = s.as_str();
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyError::Invalid);
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Invalid);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        // Only digits are left: a number that does not fit is out of range, whatever its length.
        let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| MoneyError::OutOfRange)? };
        let fen_part: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyError::Invalid)? * 10,
            _ => frac.parse().map_err(|_| MoneyError::Invalid)?,
        };
        let fen = yuan.checked_mul(100).and_then(|f| f.checked_add(fen_part)).ok_or(MoneyError::OutOfRange)?;
        if fen > MAX_FEN {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Money(if negative { -fen } else { fen }))
    }

    /// Like [`Money::parse_yuan`] but refusing negative amounts (prices, fees).
    pub fn parse_price(input: &str) -> Result<Self, MoneyError> {
        let m = Self::parse_yuan(input)?;
        if m.0 < 0 { Err(MoneyError::Negative) } else { Ok(m) }
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Plain yuan with two decimals and no grouping, as a form field shows it: `123456.78`.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Money {
    /// `¥1,234,567.89`, the format of UI.md.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_staff_type() {
        assert_eq!(Money::parse_yuan("123456").unwrap().fen(), 12_345_600);
        assert_eq!(Money::parse_yuan("¥123,456.7").unwrap().fen(), 12_345_670);
        assert_eq!(Money::parse_yuan(" 0.05 ").unwrap().fen(), 5);
        assert_eq!(Money::parse_yuan("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse_yuan("abc"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse_yuan(""), Err(MoneyError::Invalid));
        assert_eq!(Money::parse_price("-1"), Err(MoneyError::Negative));
        for bad in ["+5", "5+", "1.5a", "1e5", "--1", "1.-5", "."] {
            assert_eq!(Money::parse_yuan(bad), Err(MoneyError::Invalid), "{bad}");
        }
        assert_eq!(Money::parse_yuan("1234567890123"), Err(MoneyError::OutOfRange), "13 digits of yuan");
        assert_eq!(Money::parse_yuan("12345678901234567"), Err(MoneyError::OutOfRange), "17 digits");
        assert_eq!(Money::parse_yuan("123456789012345678901234"), Err(MoneyError::OutOfRange), "beyond i64");
        // the largest amount a field holds, exactly, and one fen more
        assert_eq!(Money::parse_yuan("1000000000").unwrap().fen(), MAX_FEN);
        assert_eq!(Money::parse_yuan("-1000000000").unwrap().fen(), -MAX_FEN);
        assert_eq!(Money::parse_yuan("1000000000.01"), Err(MoneyError::OutOfRange));
        assert_eq!(Money::parse_yuan("1.5").unwrap().fen(), 150);
        assert_eq!(Money::parse_yuan(".5").unwrap().fen(), 50);
        assert_eq!(Money::parse_yuan("0").unwrap(), Money::ZERO);
    }

    /// The codes are locale keys (`err-money-…`) and travel in API errors: stable, distinct.
    #[test]
    fn error_codes_are_stable() {
        let codes = [MoneyError::Invalid, MoneyError::TooManyDecimals, MoneyError::OutOfRange, MoneyError::Negative]
            .map(|e| e.code());
        assert_eq!(codes, ["money-invalid", "money-decimals", "money-range", "money-negative"]);
    }

    #[test]
    fn zero_is_neither_negative_nor_signed() {
        assert_eq!(Money::parse_price("0"), Ok(Money::ZERO));
        assert_eq!(Money::ZERO.to_plain(), "0.00");
        assert_eq!(Money::ZERO.to_string(), "¥0.00");
        assert_eq!(Money::from_fen(-1).to_plain(), "-0.01");
    }

    #[test]
    fn groups_of_three_digits() {
        for (fen, shown) in [
            (12_345, "¥123.45"),
            (100_000, "¥1,000.00"),
            (12_345_600, "¥123,456.00"),
            (12_345_678_900, "¥123,456,789.00"),
            (99_900, "¥999.00"),
        ] {
            assert_eq!(Money::from_fen(fen).to_string(), shown);
        }
    }

    #[test]
    fn displays_grouped_yuan() {
        assert_eq!(Money::from_fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
        assert_eq!(Money::from_fen(-100_000).to_string(), "-¥1,000.00");
    }

    proptest! {
        #[test]
        fn display_and_plain_round_trip(fen in -MAX_FEN..=MAX_FEN) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(Money::parse_yuan(&m.to_string()).unwrap(), m);
            prop_assert_eq!(Money::parse_yuan(&m.to_plain()).unwrap(), m);
        }
    }
}
