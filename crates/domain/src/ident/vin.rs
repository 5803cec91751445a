//! Vehicle identification number, ISO 3779 / GB 16735.

use crate::error::ErrorCode;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Vin(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VinError {
    #[error("must be 17 characters")]
    Length,
    #[error("only digits and capitals without I, O and Q")]
    Character,
    #[error("check digit (position 9) does not match")]
    CheckDigit,
}

impl ErrorCode for VinError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length => "vin-length",
            Self::Character => "vin-character",
            Self::CheckDigit => "vin-check",
        }
    }
}

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

fn transliterate(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

impl Vin {
    /// Strict parse: the check digit must match (the rule for Chinese and North American VINs).
    pub fn parse(input: &str) -> Result<Self, VinError> {
        let vin = Self::parse_without_check(input)?;
        if vin.check_digit_matches() { Ok(vin) } else { Err(VinError::CheckDigit) }
    }

    /// Shape only: many European makers do not use the check digit, and a dealer setting may accept them.
    pub fn parse_without_check(input: &str) -> Result<Self, VinError> {
        let s = input.trim().to_ascii_uppercase();
        if s.chars().count() != 17 {
            return Err(VinError::Length);
        }
        if !s.bytes().all(|c| transliterate(c).is_some()) {
            return Err(VinError::Character);
        }
        Ok(Self(s))
    }

    pub fn check_digit_matches(&self) -> bool {
        self.0.as_bytes()[8] == Self::check_digit(&self.0)
    }

    /// The check digit the other 16 characters call for (position 9 is ignored).
    pub fn check_digit(vin: &str) -> u8 {
        let sum: u32 = vin.bytes().zip(WEIGHTS).map(|(c, w)| transliterate(c).unwrap_or(0) * w).sum();
        match sum % 11 {
            10 => b'X',
            d => b'0' + d as u8,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shows_as_stored() {
        assert_eq!(Vin::parse("lvshcamb1ce054249").map(|v| v.to_string()).ok().as_deref(), Some("LVSHCAMB1CE054249"));
    }

    #[test]
    fn domain_examples() {
        assert!(Vin::parse("LVSHCAMB1CE054249").is_ok());
        assert!(Vin::parse("1M8GDM9AXKP042788").is_ok());
        assert_eq!(Vin::parse("LVSHCAMB2CE054249"), Err(VinError::CheckDigit));
        assert_eq!(Vin::parse("LVSHCAMB1CE05424"), Err(VinError::Length));
        assert_eq!(Vin::parse("LVSHCAMB1CE05424O"), Err(VinError::Character));
        assert!(Vin::parse_without_check("WVWZZZ1JZXW000001").is_ok());
    }

    proptest! {
        #[test]
        fn generated_vins_round_trip(body in "[A-HJ-NPR-Z0-9]{17}") {
            let mut b = body.into_bytes();
            b[8] = Vin::check_digit(std::str::from_utf8(&b).unwrap());
            let vin = String::from_utf8(b).unwrap();
            let parsed = Vin::parse(&vin.to_lowercase()).unwrap();
            prop_assert_eq!(parsed.as_str(), vin.as_str());
        }

        /// Weights 2-10 and a prime modulus: any one mistyped character (other than the check
        /// digit itself) whose value differs is caught, as is swapping two neighbours of
        /// different values and weights.
        #[test]
        fn one_mistyped_character_or_swapped_pair_is_caught(
            body in "[A-HJ-NPR-Z0-9]{17}", pos in 0usize..17, other in "[A-HJ-NPR-Z0-9]", swap in 0usize..16,
        ) {
            let mut b = body.into_bytes();
            b[8] = Vin::check_digit(std::str::from_utf8(&b).unwrap());
            let good = b.clone();
            let o = other.as_bytes()[0];
            if pos != 8 && transliterate(o) != transliterate(b[pos]) {
                b[pos] = o;
                prop_assert_eq!(Vin::parse(std::str::from_utf8(&b).unwrap()), Err(VinError::CheckDigit));
            }
            let mut t = good.clone();
            let (i, j) = (swap, swap + 1);
            if i != 8 && j != 8 && WEIGHTS[i] != WEIGHTS[j] && transliterate(t[i]) != transliterate(t[j]) {
                t.swap(i, j);
                prop_assert_eq!(Vin::parse(std::str::from_utf8(&t).unwrap()), Err(VinError::CheckDigit));
            }
        }

        #[test]
        fn never_panics(s in "\\PC{0,25}") {
            let _ = Vin::parse(&s);
        }
    }
}
