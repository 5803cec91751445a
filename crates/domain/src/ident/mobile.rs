//! Mainland China mobile numbers, validated against libphonenumber's metadata (via the
//! `phonenumber` crate) rather than a hand-kept prefix list that goes stale.

use crate::error::ErrorCode;
use phonenumber::{Type, country};
use std::fmt;

/// An 11-digit mainland mobile number, stored without the +86 prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MobileError {
    #[error("must be 11 digits starting with 1")]
    Format,
    #[error("not a mobile number in use in mainland China")]
    NotMobile,
}

impl ErrorCode for MobileError {
    fn code(&self) -> &'static str {
        match self {
            Self::Format => "mobile-format",
            Self::NotMobile => "mobile-unknown",
        }
    }
}

impl Mobile {
    /// Accepts `13812345678`, `138 1234 5678`, `138-1234-5678`, `+86 138 1234 5678`, `008613812345678`.
    pub fn parse(input: &str) -> Result<Self, MobileError> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
        let national = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| if digits.len() == 13 { digits.strip_prefix("86") } else { None })
            .unwrap_or(&digits);
        let b = national.as_bytes();
        if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) || b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(MobileError::Format);
        }
        let number = phonenumber::parse(Some(country::Id::CN), national).map_err(|_| MobileError::Format)?;
        // The type is looked up in the mainland's number plan: only a number that is valid there
        // has the mobile type (checked over every 13x-19x prefix; `is_valid()` adds nothing).
        let known_mobile =
            matches!(number.number_type(&phonenumber::metadata::DATABASE), Type::Mobile | Type::FixedLineOrMobile);
        if !known_mobile {
            return Err(MobileError::NotMobile);
        }
        Ok(Self(national.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`, for roles that should not see the whole number (UI.md).
    pub fn masked(&self) -> String {
        mask_mobile(&self.0)
    }
}

pub fn mask_mobile(s: &str) -> String {
    if s.len() == 11 { format!("{}****{}", &s[..3], &s[7..]) } else { s.to_string() }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shows_the_national_number_and_refuses_other_lengths() {
        assert_eq!(Mobile::parse("+86 138 1234 5678").unwrap().to_string(), "13812345678");
        assert_eq!(Mobile::parse("138123456789"), Err(MobileError::Format), "12 digits");
        assert_eq!(Mobile::parse("1381234567"), Err(MobileError::Format), "10 digits");
        assert_eq!(Mobile::parse("1381234567x"), Err(MobileError::Format));
    }

    #[test]
    fn accepts_common_spellings() {
        for s in ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678", "8613812345678"] {
            assert_eq!(Mobile::parse(s).unwrap().as_str(), "13812345678", "{s}");
        }
        assert_eq!(Mobile::parse("13812345678").unwrap().masked(), "138****5678");
    }

    #[test]
    fn rejects_non_mobiles() {
        assert_eq!(Mobile::parse("1381234567"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("12812345678"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("02112345678"), Err(MobileError::Format));
        // 140 is not an allocated mobile range
        assert_eq!(Mobile::parse("14012345678"), Err(MobileError::NotMobile));
    }

    proptest! {
        #[test]
        fn common_ranges_parse(prefix in prop::sample::select(vec!["130", "138", "150", "186", "199", "177"]), rest in "[0-9]{8}") {
            let n = format!("{prefix}{rest}");
            let parsed = Mobile::parse(&n).unwrap();
            prop_assert_eq!(parsed.as_str(), n.as_str());
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = Mobile::parse(&s);
        }
    }
}
