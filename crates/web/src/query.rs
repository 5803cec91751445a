//! Values of query strings and forms: blank means "not given"; dates are the store's calendar days.

use chrono::NaiveDateTime;

/// Blank query values are "no filter".
pub fn nonblank(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// A number from a query string; anything else is "not given".
pub fn num(s: &Option<String>) -> Option<i64> {
    nonblank(s).and_then(|v| v.parse().ok())
}

pub fn parse_date(s: &Option<String>) -> Option<chrono::NaiveDate> {
    nonblank(s).and_then(|v| chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
}

/// A local (store time zone, Asia/Shanghai by default) calendar day as a UTC range start.
pub fn day_start_utc(d: chrono::NaiveDate) -> NaiveDateTime {
    app::kernel::calendar::day_start(chrono_tz::Asia::Shanghai, d)
}
