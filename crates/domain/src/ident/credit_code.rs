//! Unified social credit code of organisations, GB 32100-2015.

use crate::error::ErrorCode;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("must be 18 characters")]
    Length,
    #[error("contains a character outside the code alphabet")]
    Character,
    #[error("check character does not match")]
    CheckDigit,
}

impl ErrorCode for CreditCodeError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length => "credit-length",
            Self::Character => "credit-character",
            Self::CheckDigit => "credit-check",
        }
    }
}

/// The code alphabet: digits and capitals without I, O, S, V, Z.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c)
}

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let s = input.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let values: Option<Vec<usize>> = s.bytes().map(value).collect();
        let values = values.ok_or(CreditCodeError::Character)?;
        if Self::check_char(&values[..17]) != s.as_bytes()[17] {
            return Err(CreditCodeError::CheckDigit);
        }
        Ok(Self(s))
    }

    fn check_char(first17: &[usize]) -> u8 {
        let sum: usize = first17.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        ALPHABET[(31 - sum % 31) % 31]
    }

    /// Completes 17 alphabet characters with their check character (used by the demo generator).
    pub fn complete(first17: &str) -> Option<Self> {
        let values: Vec<usize> = first17.bytes().map(value).collect::<Option<_>>()?;
        if values.len() != 17 {
            return None;
        }
        let mut s = first17.to_string();
        s.push(Self::check_char(&values) as char);
        Some(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
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
        assert_eq!(CreditCode::parse("91110108551385082q").unwrap().to_string(), "91110108551385082Q");
    }

    #[test]
    fn domain_example_is_valid() {
        assert!(CreditCode::parse("91110108551385082Q").is_ok());
        assert_eq!(CreditCode::parse("91110108551385082R"), Err(CreditCodeError::CheckDigit));
        assert_eq!(CreditCode::parse("91110108551385082"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("9111010855138508IQ"), Err(CreditCodeError::Character));
    }

    proptest! {
        #[test]
        fn completed_codes_parse_and_a_changed_character_fails(
            body in proptest::collection::vec(0usize..31, 17), pos in 0usize..17, delta in 1usize..31,
        ) {
            let first17: String = body.iter().map(|&v| ALPHABET[v] as char).collect();
            let code = CreditCode::complete(&first17).unwrap();
            prop_assert!(CreditCode::parse(code.as_str()).is_ok());
            let mut changed = code.as_str().as_bytes().to_vec();
            changed[pos] = ALPHABET[(body[pos] + delta) % 31];
            // weights are all non-zero mod 31 (a prime), so a single substitution always changes the check
            prop_assert!(CreditCode::parse(std::str::from_utf8(&changed).unwrap()).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = CreditCode::parse(&s);
        }
    }
}
