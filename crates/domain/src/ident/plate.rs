//! Chinese motor vehicle number plates (GA 36-2018): a province's one-character abbreviation, the
//! issuing authority's letter, then five characters for an ordinary plate or six for a
//! new-energy plate (green): a small car's `D`/`F` (or since 2022 `A`–`K`) first and four digits
//! last, a large one's five digits and `D`/`F` last. Coach, trailer, police and Hong Kong / Macao
//! plates end in their character (学, 挂, 警, 港, 澳, 领).

use crate::error::ErrorCode;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Plate(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlateError {
    #[error("must start with a province's abbreviation, such as 沪 or 粤")]
    Province,
    #[error("the second character is the authority's letter (A–Z without I and O)")]
    Authority,
    #[error("five characters follow for an ordinary plate, six for a new-energy plate")]
    Serial,
}

impl ErrorCode for PlateError {
    fn code(&self) -> &'static str {
        match self {
            Self::Province => "plate-province",
            Self::Authority => "plate-authority",
            Self::Serial => "plate-serial",
        }
    }
}

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const SUFFIXES: &str = "学挂警港澳领";

/// A letter of a plate: A–Z without I and O.
fn letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

fn serial_char(c: char) -> bool {
    letter(c) || c.is_ascii_digit()
}

/// A new-energy serial: `D1234` style with a letter first (small car) or `12345D` (large).
fn new_energy(s: &[char]) -> bool {
    let small = matches!(s[0], 'A'..='H' | 'J' | 'K') && serial_char(s[1]) && s[2..].iter().all(char::is_ascii_digit);
    let large = s[..5].iter().all(char::is_ascii_digit) && matches!(s[5], 'D' | 'F');
    small || large
}

fn ordinary(s: &[char]) -> bool {
    let (last, body) = s.split_last().expect("five characters");
    body.iter().all(|c| serial_char(*c)) && (serial_char(*last) || SUFFIXES.contains(*last))
}

impl Plate {
    /// Parses a plate as typed: spaces, dots and the middle dot (沪A·12345) are left out, letters
    /// are read as capitals.
    pub fn parse(input: &str) -> Result<Self, PlateError> {
        let chars: Vec<char> = input
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '.' | '-' | '•'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let Some((&province, rest)) = chars.split_first() else { return Err(PlateError::Province) };
        if !PROVINCES.contains(province) {
            return Err(PlateError::Province);
        }
        let Some((&authority, serial)) = rest.split_first() else { return Err(PlateError::Authority) };
        if !letter(authority) {
            return Err(PlateError::Authority);
        }
        let ok = match serial.len() {
            5 => ordinary(serial),
            6 => new_energy(serial),
            _ => false,
        };
        if !ok {
            return Err(PlateError::Serial);
        }
        Ok(Plate(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Green plates: six characters after the authority's letter.
    pub fn is_new_energy(&self) -> bool {
        self.0.chars().count() == 8
    }
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_and_new_energy_plates_are_read_as_typed() {
        assert_eq!(Plate::parse("沪A·12345").unwrap().as_str(), "沪A12345");
        assert_eq!(Plate::parse(" 粤b 8k27m ").unwrap().as_str(), "粤B8K27M");
        let small = Plate::parse("沪AD12345").unwrap();
        assert!(small.is_new_energy());
        assert!(Plate::parse("京AFK1234").is_ok(), "small new-energy: letter, letter or digit, four digits");
        assert!(Plate::parse("粤B12345D").unwrap().is_new_energy(), "large new-energy: five digits, D");
        assert!(Plate::parse("苏E1234学").is_ok());
        assert!(!Plate::parse("沪A12345").unwrap().is_new_energy());
    }

    #[test]
    fn bad_plates_say_which_part_is_wrong() {
        assert_eq!(Plate::parse(""), Err(PlateError::Province));
        assert_eq!(Plate::parse("AA12345"), Err(PlateError::Province));
        assert_eq!(Plate::parse("沪I12345"), Err(PlateError::Authority));
        assert_eq!(Plate::parse("沪"), Err(PlateError::Authority));
        assert_eq!(Plate::parse("沪A1234"), Err(PlateError::Serial));
        assert_eq!(Plate::parse("沪A1O345"), Err(PlateError::Serial), "no letter O");
        assert_eq!(Plate::parse("沪AZ12345"), Err(PlateError::Serial), "Z does not begin a new-energy serial");
        assert_eq!(Plate::parse("沪A12345X"), Err(PlateError::Serial));
        assert_eq!(Plate::parse("沪A12学45"), Err(PlateError::Serial), "学 only last");
    }
}
