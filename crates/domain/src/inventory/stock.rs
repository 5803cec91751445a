//! Stock as a whole: how long vehicles have stood (aging), and thresholds per model or trim
//! that raise an alert once when the count crosses them, not at every check.

use crate::error::ErrorCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The aging report's buckets of days in stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    Days0To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 4] = [Self::Days0To30, Self::Days31To60, Self::Days61To90, Self::Over90];

    pub fn code(self) -> &'static str {
        match self {
            Self::Days0To30 => "0_30",
            Self::Days31To60 => "31_60",
            Self::Days61To90 => "61_90",
            Self::Over90 => "over_90",
        }
    }
}

/// Days a vehicle has stood since `since` (its arrival in this store, or its first receipt in
/// the group), on `today`: 0 on the day it arrived, never negative.
pub fn days_since(since: NaiveDate, today: NaiveDate) -> i64 {
    (today - since).num_days().max(0)
}

pub fn aging_bucket(days: i64) -> AgingBucket {
    match days {
        ..=30 => AgingBucket::Days0To30,
        31..=60 => AgingBucket::Days31To60,
        61..=90 => AgingBucket::Days61To90,
        _ => AgingBucket::Over90,
    }
}

/// Where a count stands against its thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Below the low threshold: a hot model may run out.
    Low,
    #[default]
    Normal,
    /// Above the high threshold: money tied up.
    High,
}

impl Level {
    pub const ALL: [Level; 3] = [Self::Low, Self::Normal, Self::High];

    pub fn code(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }
}

/// Low and high stock thresholds of a model or trim (either may be absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Threshold {
    pub low: Option<i64>,
    pub high: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdError {
    #[error("a threshold is a count, 0 or more")]
    Negative,
    #[error("the low threshold must be below the high one")]
    LowAboveHigh,
    #[error("a threshold is at most MAX_THRESHOLD cars")]
    TooLarge,
}

/// The largest count a threshold may name: more cars of one model than any store holds.
pub const MAX_THRESHOLD: i64 = 10_000;

impl ErrorCode for ThresholdError {
    fn code(&self) -> &'static str {
        match self {
            Self::Negative => "threshold-negative",
            Self::LowAboveHigh => "threshold-low-above-high",
            Self::TooLarge => "threshold-too-large",
        }
    }
}

impl Threshold {
    pub fn new(low: Option<i64>, high: Option<i64>) -> Result<Self, ThresholdError> {
        if low.is_some_and(|n| n < 0) || high.is_some_and(|n| n < 0) {
            return Err(ThresholdError::Negative);
        }
        if low.is_some_and(|n| n > MAX_THRESHOLD) || high.is_some_and(|n| n > MAX_THRESHOLD) {
            return Err(ThresholdError::TooLarge);
        }
        if let (Some(l), Some(h)) = (low, high)
            && l >= h
        {
            return Err(ThresholdError::LowAboveHigh);
        }
        Ok(Self { low, high })
    }

    /// Below `low` is low, above `high` is high.
    pub fn level(&self, count: i64) -> Level {
        match (self.low, self.high) {
            (Some(l), _) if count < l => Level::Low,
            (_, Some(h)) if count > h => Level::High,
            _ => Level::Normal,
        }
    }
}

/// The alert to raise when a count moves from `before` to `now`: only on entering Low or High,
/// so that a background check that runs every few minutes alerts once per crossing.
pub fn crossing(before: Level, now: Level) -> Option<Level> {
    (now != before && now != Level::Normal).then_some(now)
}
