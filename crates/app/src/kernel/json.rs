//! How the API writes what the database stores: times as RFC 3339 in UTC with at most
//! milliseconds (`2026-12-01T06:17:51.150Z`), JSON text columns as JSON.

use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serializer;

pub fn rfc3339<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(t))
}

pub fn rfc3339_opt<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc3339(t, s),
        None => s.serialize_none(),
    }
}

/// `2026-12-01T06:17:51.150Z`.
pub fn format(t: &NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A JSON text column as a value (text the application never wrote stays a string).
pub fn value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_with_milliseconds_at_most() {
        let t = chrono::DateTime::from_timestamp(1_796_105_871, 150_137_030).unwrap().naive_utc();
        assert_eq!(super::format(&t), "2026-12-01T06:17:51.150Z");
    }
}
