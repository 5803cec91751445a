//! Resident identity card number, GB 11643-1999.

use crate::error::ErrorCode;
use chrono::NaiveDate;
use std::fmt;

/// An 18-character resident ID with a valid birth date and ISO 7064 MOD 11-2 check character.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResidentIdError {
    #[error("must be 18 characters")]
    Length,
    #[error("only digits, and X as the last character")]
    Character,
    #[error("birth date is not a real date")]
    BirthDate,
    #[error("check character does not match")]
    CheckDigit,
}

impl ErrorCode for ResidentIdError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length => "id-length",
            Self::Character => "id-character",
            Self::BirthDate => "id-birth-date",
            Self::CheckDigit => "id-check",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl ResidentId {
    pub fn parse(input: &str) -> Result<Self, ResidentIdError> {
        let s: String = input.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(ResidentIdError::Length);
        }
        let bytes = s.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
            return Err(ResidentIdError::Character);
        }
        let year: i32 = s[6..10].parse().map_err(|_| ResidentIdError::BirthDate)?;
        let month: u32 = s[10..12].parse().map_err(|_| ResidentIdError::BirthDate)?;
        let day: u32 = s[12..14].parse().map_err(|_| ResidentIdError::BirthDate)?;
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(_) if year >= 1900 => {}
            _ => return Err(ResidentIdError::BirthDate),
        }
        if Self::check_char(&s[..17]) != bytes[17] as char {
            return Err(ResidentIdError::CheckDigit);
        }
        Ok(Self(s))
    }

    /// The check character for the first 17 digits (ISO 7064 MOD 11-2).
    pub fn check_char(first17: &str) -> char {
        let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        CHECK[(sum % 11) as usize]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("validated at parse")
    }

    /// The last four characters, kept in clear for search ("ID tail").
    pub fn tail(&self) -> &str {
        &self.0[14..]
    }

    /// `360426********0071`: the form lists and exports show to roles that do not need the number.
    pub fn masked(&self) -> String {
        mask_id(&self.0)
    }
}

/// Masks the middle of an ID-like string, keeping the region code and the last four.
pub(crate) fn mask_id(s: &str) -> String {
    let n = s.chars().count();
    if n <= 10 {
        return "*".repeat(n);
    }
    let head: String = s.chars().take(6).collect();
    let tail: String = s.chars().skip(n - 4).collect();
    format!("{head}{}{tail}", "*".repeat(n - 10))
}

impl fmt::Debug for ResidentId {
    /// Never print a full ID number into logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn domain_example_is_valid() {
        let id = ResidentId::parse("360426199101010071").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1991, 1, 1).unwrap());
        assert_eq!(id.tail(), "0071");
        assert_eq!(id.masked(), "360426********0071");
    }

    #[test]
    fn rejections_name_the_reason() {
        assert_eq!(ResidentId::parse("36042619910101007"), Err(ResidentIdError::Length));
        assert_eq!(ResidentId::parse("36042619910101007A"), Err(ResidentIdError::Character));
        assert_eq!(ResidentId::parse("360426199102300071"), Err(ResidentIdError::BirthDate));
        assert_eq!(ResidentId::parse("360426199101010072"), Err(ResidentIdError::CheckDigit));
        // lower-case x is accepted and normalised
        let first17 = "11010519491231002";
        let check = ResidentId::check_char(first17);
        let id = format!("{first17}{}", check.to_ascii_lowercase());
        assert_eq!(ResidentId::parse(&id).unwrap().as_str(), format!("{first17}{check}"));
    }

    fn valid_id() -> impl Strategy<Value = String> {
        (100000u32..999999, 1900i32..2025, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(|(r, y, m, d, seq)| {
            let first17 = format!("{r:06}{y:04}{m:02}{d:02}{seq:03}");
            format!("{first17}{}", ResidentId::check_char(&first17))
        })
    }

    proptest! {
        #[test]
        fn every_generated_valid_id_parses(id in valid_id()) {
            let parsed = ResidentId::parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
        }

        /// MOD 11-2 detects every single-digit substitution.
        #[test]
        fn any_single_digit_change_is_caught(id in valid_id(), pos in 0usize..17, delta in 1u8..10) {
            let mut b = id.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(ResidentId::parse(&changed).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = ResidentId::parse(&s);
        }
    }
}
