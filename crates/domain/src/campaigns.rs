//! Recalls (召回) and service campaigns (服务活动) from the maker (issue 31, DOMAIN.md §6): each
//! names the cars it applies to by VIN, as a list or as ranges of serial numbers, and says what
//! the workshop is to do. A recall is filed with SAMR and its owners must be told whatever they
//! agreed to; a service campaign is an offer, sent only to owners who accept marketing.
//!
//! A range is two VINs of one production run: the same maker, model and plant (positions 1–8
//! and 10–11) and serial numbers (positions 12–17) from the first to the second. The check
//! digit (position 9) differs from car to car and is not compared.

use crate::code::coded;
use crate::error::ErrorCode;
use crate::ident::Vin;

coded! {
    /// What the maker asks for.
    CampaignKind {
        /// A safety recall filed with SAMR: owners are told whether or not they accept marketing.
        Recall => "recall",
        /// A service campaign (a free check, an update): an offer.
        Service => "service",
    }
}

coded! {
    /// Whether a campaign still applies.
    CampaignStatus {
        Open => "open",
        /// Ended by the maker: no longer warned of at reception.
        Closed => "closed",
    }
}

crate::codes!(
    CampaignKind => "campaign kind",
    CampaignStatus => "campaign status",
);

/// At most this many lines in one VIN list (the maker sends larger recalls as ranges).
pub const MAX_LINES: usize = 50_000;

/// A run of serial numbers of one production run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VinRange {
    /// Positions 1–8 and 10–11 of the VINs in the range.
    pub prefix: String,
    /// Positions 12–17 of the first VIN.
    pub from: String,
    /// Positions 12–17 of the last VIN.
    pub to: String,
}

/// Positions 1–8 and 10–11 of a VIN: what the VINs of one range share.
pub fn run_of(vin: &str) -> String {
    let b = vin.as_bytes();
    if b.len() != 17 {
        return String::new();
    }
    format!("{}{}", &vin[..8], &vin[9..11])
}

/// Positions 12–17 of a VIN: its serial number.
pub fn serial_of(vin: &str) -> &str {
    if vin.len() == 17 { &vin[11..] } else { "" }
}

impl VinRange {
    pub fn contains(&self, vin: &str) -> bool {
        let serial = serial_of(vin);
        run_of(vin) == self.prefix && serial >= self.from.as_str() && serial <= self.to.as_str()
    }
}

/// The cars a campaign names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VinSpec {
    pub vins: Vec<String>,
    pub ranges: Vec<VinRange>,
}

impl VinSpec {
    pub fn contains(&self, vin: &str) -> bool {
        self.vins.iter().any(|v| v == vin) || self.ranges.iter().any(|r| r.contains(vin))
    }

    pub fn is_empty(&self) -> bool {
        self.vins.is_empty() && self.ranges.is_empty()
    }
}

/// Why a VIN list was refused, with the line (from 1) it was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VinListError {
    #[error("no VIN")]
    Empty,
    #[error("more than {MAX_LINES} lines")]
    TooLong,
    #[error("line {0}: not a VIN")]
    NotVin(usize),
    #[error("line {0}: the two VINs are not of one production run")]
    RunDiffers(usize),
    #[error("line {0}: the range ends before it starts")]
    Backwards(usize),
}

impl VinListError {
    /// The line the error was found on.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::NotVin(l) | Self::RunDiffers(l) | Self::Backwards(l) => Some(*l),
            Self::Empty | Self::TooLong => None,
        }
    }
}

impl ErrorCode for VinListError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "campaign-vins-empty",
            Self::TooLong => "campaign-vins-too-long",
            Self::NotVin(_) => "campaign-vin-invalid",
            Self::RunDiffers(_) => "campaign-range-run",
            Self::Backwards(_) => "campaign-range-backwards",
        }
    }
}

fn vin(text: &str) -> Option<String> {
    Vin::parse_without_check(text).ok().map(|v| v.as_str().to_string())
}

/// Reads a maker's VIN list: one VIN or one range (`FIRST~LAST` or `FIRST-LAST`) per line (or
/// separated by commas); blank lines are skipped, a VIN listed twice counts once.
pub fn parse_vins(text: &str) -> Result<VinSpec, VinListError> {
    let mut spec = VinSpec::default();
    let mut seen = std::collections::HashSet::new();
    let lines: Vec<&str> = text.lines().flat_map(|l| l.split([',', '，', ';'])).collect();
    if lines.len() > MAX_LINES {
        return Err(VinListError::TooLong);
    }
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once(['~', '-', '～']) {
            None => {
                let v = vin(line).ok_or(VinListError::NotVin(n))?;
                if seen.insert(v.clone()) {
                    spec.vins.push(v);
                }
            }
            Some((first, last)) => {
                let first = vin(first.trim()).ok_or(VinListError::NotVin(n))?;
                let last = vin(last.trim()).ok_or(VinListError::NotVin(n))?;
                if run_of(&first) != run_of(&last) {
                    return Err(VinListError::RunDiffers(n));
                }
                if serial_of(&last) < serial_of(&first) {
                    return Err(VinListError::Backwards(n));
                }
                spec.ranges.push(VinRange {
                    prefix: run_of(&first),
                    from: serial_of(&first).to_string(),
                    to: serial_of(&last).to_string(),
                });
            }
        }
    }
    if spec.is_empty() {
        return Err(VinListError::Empty);
    }
    Ok(spec)
}

/// The job's name a repair order carries when the campaign's work is done on it: a job whose
/// name holds the campaign's code completes the campaign for that car when the order is settled.
pub fn job_name(code: &str, title: &str) -> String {
    format!("{code} {title}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const A: &str = "LSVAB4BR5NN000100";

    fn with_check(body: &str) -> String {
        let mut b = body.as_bytes().to_vec();
        b[8] = Vin::check_digit(body);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn a_list_and_a_range() {
        let first = with_check("LSVAB4BR0NN000100");
        let last = with_check("LSVAB4BR0NN000900");
        let single = with_check("LFV2A21K0M3000001");
        let text = format!("{single}\n\n {first} ~ {last}\n{single}, {single}");
        let spec = parse_vins(&text).unwrap();
        assert_eq!(spec.vins, vec![single.clone()]);
        assert_eq!(spec.ranges.len(), 1);
        assert!(spec.contains(&single));
        assert!(spec.contains(&with_check("LSVAB4BR0NN000500")));
        assert!(spec.contains(&first) && spec.contains(&last));
        assert!(!spec.contains(&with_check("LSVAB4BR0NN000901")));
        assert!(!spec.contains(&with_check("LSVAB4BR0NN000099")));
        // Another plant (position 11) is another run.
        assert!(!spec.contains(&with_check("LSVAB4BR0NP000500")));
    }

    #[test]
    fn refusals_name_the_line() {
        assert_eq!(parse_vins(" \n"), Err(VinListError::Empty));
        assert_eq!(parse_vins(&format!("{A}\nLSVAB4BR5NN00010")), Err(VinListError::NotVin(2)));
        assert_eq!(parse_vins("LSVAB4BR5NN000100~LSVAB4BR5NP000200"), Err(VinListError::RunDiffers(1)));
        assert_eq!(parse_vins("LSVAB4BR5NN000300-LSVAB4BR5NN000200"), Err(VinListError::Backwards(1)));
        assert_eq!(VinListError::Backwards(7).line(), Some(7));
        let many = vec![A; MAX_LINES + 1].join("\n");
        assert_eq!(parse_vins(&many), Err(VinListError::TooLong));
    }

    proptest! {
        /// A range holds exactly the serials between its ends, whatever the check digits.
        #[test]
        fn a_range_holds_its_serials(from in 0u32..999_000, len in 0u32..1000, probe in 0u32..1_000_000) {
            let first = with_check(&format!("LSVAB4BR0NN{from:06}"));
            let last = with_check(&format!("LSVAB4BR0NN{:06}", from + len));
            let spec = parse_vins(&format!("{first}~{last}")).unwrap();
            let car = with_check(&format!("LSVAB4BR0NN{probe:06}"));
            prop_assert_eq!(spec.contains(&car), probe >= from && probe <= from + len);
        }
    }
}
