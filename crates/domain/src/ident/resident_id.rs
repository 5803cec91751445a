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
    #[error("birth date is in the future")]
    BornInFuture,
    #[error("no administrative division has this region code")]
    Region,
    #[error("check character does not match")]
    CheckDigit,
}

impl ErrorCode for ResidentIdError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length => "id-length",
            Self::Character => "id-character",
            Self::BirthDate => "id-birth-date",
            Self::BornInFuture => "id-born-in-future",
            Self::Region => "id-region",
            Self::CheckDigit => "id-check",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The GB/T 2260 division codes, current and abolished (`h`), shipped with the binary.
static DIVISIONS: std::sync::LazyLock<Vec<(u32, bool)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(u32, bool)> = include_str!("divisions.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter_map(|w| {
            let (code, historical) = w.strip_suffix('h').map_or((w, false), |c| (c, true));
            code.parse().ok().map(|c| (c, historical))
        })
        .collect();
    v.sort_unstable();
    v
});

/// What the division table says of an ID number's region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// A division that exists today.
    Current,
    /// A division since abolished: its cards are still valid.
    Historical,
    /// Not in the table, but its prefecture (first four digits) is: a county the table lacks.
    Unlisted,
}

impl Region {
    /// `None` when neither the code nor its prefecture is a division (`000000`, `999999`...).
    pub fn of(code: u32) -> Option<Region> {
        let d = &*DIVISIONS;
        if let Ok(i) = d.binary_search_by_key(&code, |(c, _)| *c) {
            return Some(if d[i].1 { Region::Historical } else { Region::Current });
        }
        // The first code of the same prefecture (first four digits), if the table has one.
        let prefecture = code / 100;
        let start = d.partition_point(|(c, _)| *c / 100 < prefecture);
        d.get(start).filter(|(c, _)| *c / 100 == prefecture).map(|_| Region::Unlisted)
    }
}

impl ResidentId {
    /// Parses a card number as of `today` (the application's clock): nobody is born tomorrow.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, ResidentIdError> {
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
            Some(born) if year >= 1900 && born > today => return Err(ResidentIdError::BornInFuture),
            Some(_) if year >= 1900 => {}
            _ => return Err(ResidentIdError::BirthDate),
        }
        if Region::of(s[..6].parse().map_err(|_| ResidentIdError::Region)?).is_none() {
            return Err(ResidentIdError::Region);
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

    /// Whether the region code is a current, abolished or unlisted division.
    pub fn region(&self) -> Region {
        Region::of(self.0[..6].parse().unwrap_or(0)).unwrap_or(Region::Unlisted)
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
pub fn mask_id(s: &str) -> String {
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

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn parse(s: &str) -> Result<ResidentId, ResidentIdError> {
        ResidentId::parse(s, today())
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", ResidentId::check_char(first17))
    }

    #[test]
    fn region_codes_come_from_the_division_table() {
        assert_eq!(parse(&with_check("00000019910101007")), Err(ResidentIdError::Region));
        assert_eq!(parse(&with_check("99999919910101007")), Err(ResidentIdError::Region));
        assert_eq!(parse(&with_check("11990019910101007")), Err(ResidentIdError::Region), "no such prefecture");
        assert_eq!(parse(&with_check("11010519910101007")).unwrap().region(), Region::Current);
        // 崇文区 (110103) was merged into 东城区 in 2010; its people keep their cards
        assert_eq!(parse(&with_check("11010319910101007")).unwrap().region(), Region::Historical);
        assert_eq!(parse(&with_check("11010019910101007")).unwrap().region(), Region::Current);
        assert_eq!(parse(&with_check("11019919910101007")).unwrap().region(), Region::Unlisted);
    }

    #[test]
    fn nobody_is_born_after_today() {
        assert!(parse(&with_check("11010520261201007")).is_ok(), "born today");
        assert_eq!(parse(&with_check("11010520261202007")), Err(ResidentIdError::BornInFuture));
        assert_eq!(parse(&with_check("11010518991231007")), Err(ResidentIdError::BirthDate));
        assert!(parse(&with_check("11010519000101007")).is_ok());
    }

    #[test]
    fn domain_example_is_valid() {
        let id = parse("360426199101010071").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1991, 1, 1).unwrap());
        assert_eq!(id.tail(), "0071");
        assert_eq!(id.masked(), "360426********0071");
        assert_eq!(format!("{id:?}"), "ResidentId(360426********0071)", "never a whole number in a log");
    }

    #[test]
    fn rejections_name_the_reason() {
        assert_eq!(parse("36042619910101007"), Err(ResidentIdError::Length));
        assert_eq!(parse("36042619910101007A"), Err(ResidentIdError::Character));
        assert_eq!(parse("360426199102300071"), Err(ResidentIdError::BirthDate));
        assert_eq!(parse("360426199101010072"), Err(ResidentIdError::CheckDigit));
        // lower-case x is accepted and normalised
        let first17 = "11010519491231002";
        let check = ResidentId::check_char(first17);
        let id = format!("{first17}{}", check.to_ascii_lowercase());
        assert_eq!(parse(&id).unwrap().as_str(), format!("{first17}{check}"));
    }

    fn valid_id() -> impl Strategy<Value = String> {
        let regions: Vec<u32> = DIVISIONS.iter().map(|(c, _)| *c).collect();
        (prop::sample::select(regions), 1900i32..2025, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(
            |(r, y, m, d, seq)| {
                let first17 = format!("{r:06}{y:04}{m:02}{d:02}{seq:03}");
                format!("{first17}{}", ResidentId::check_char(&first17))
            },
        )
    }

    proptest! {
        #[test]
        fn every_generated_valid_id_parses(id in valid_id()) {
            let parsed = parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
        }

        /// MOD 11-2 detects every single-digit substitution.
        #[test]
        fn any_single_digit_change_is_caught(id in valid_id(), pos in 0usize..17, delta in 1u8..10) {
            let mut b = id.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(parse(&changed).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
        }
    }
}
