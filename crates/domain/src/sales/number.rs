//! Order numbers `SO-{store code}-{YYYYMMDD}-{sequence}`: the sequence is per store per day,
//! allocated in the order's transaction and never reused (contracts and invoices cite it).

use crate::text::StoreCode;
use chrono::NaiveDate;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderNo {
    store: String,
    date: NaiveDate,
    seq: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an order number like SO-SH01-20261123-0001")]
pub struct OrderNoError;

impl OrderNo {
    pub fn new(store: &StoreCode, date: NaiveDate, seq: u32) -> Self {
        Self { store: store.as_str().to_string(), date, seq }
    }

    pub fn parse(input: &str) -> Result<Self, OrderNoError> {
        let mut parts = input.trim().split('-');
        let (Some("SO"), Some(store), Some(date), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(OrderNoError);
        };
        let store = StoreCode::parse(store).map_err(|_| OrderNoError)?;
        let date = NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| OrderNoError)?;
        if seq.len() < 4 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OrderNoError);
        }
        let seq: u32 = seq.parse().map_err(|_| OrderNoError)?;
        if seq == 0 {
            return Err(OrderNoError);
        }
        Ok(Self::new(&store, date, seq))
    }

    pub fn seq(&self) -> u32 {
        self.seq
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }
}

impl fmt::Display for OrderNo {
    /// At least four sequence digits; a store selling more than 9,999 orders a day gets five.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SO-{}-{}-{:04}", self.store, self.date.format("%Y%m%d"), self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_and_parses() {
        let code = StoreCode::parse("SH01").unwrap();
        let no = OrderNo::new(&code, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 1);
        assert_eq!(no.to_string(), "SO-SH01-20261123-0001");
        assert_eq!(OrderNo::parse("SO-SH01-20261123-0001").unwrap(), no);
        let later = OrderNo::parse("SO-SH01-20261207-0042").unwrap();
        assert_eq!((later.date(), later.seq()), (NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), 42));
        for bad in [
            "SO-SH01-20261123-0000",
            "SO-SH01-20261323-0001",
            "PO-SH01-20261123-0001",
            "SO-SH01-20261123-01",
            "SO-S-20261123-0001",
        ] {
            assert_eq!(OrderNo::parse(bad), Err(OrderNoError), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(code in "[A-Z0-9]{2,8}", days in 0i64..20_000, seq in 1u32..200_000) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
            let no = OrderNo::new(&StoreCode::parse(&code).unwrap(), date, seq);
            prop_assert_eq!(OrderNo::parse(&no.to_string()).unwrap(), no);
        }
    }
}
