//! Customer care's rows: callbacks, complaints with their history, and the announced days that
//! complaint deadlines are counted in.

pub mod callbacks;
pub mod complaints;
pub mod intervals;
pub mod reminders;

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::public_days as pd;
use diesel::prelude::*;
use domain::Code;
use domain::workdays::{Announced, DayKind};

use crate::DbConnection;

/// The announced days from `from` on (a deadline is counted forward from its opening day).
pub fn announced(conn: &mut DbConnection, from: chrono::NaiveDate) -> StorageResult<Announced> {
    let rows: Vec<(chrono::NaiveDate, String)> =
        pd::table.filter(pd::day.ge(from)).order(pd::day).select((pd::day, pd::kind)).load(conn).classify()?;
    Ok(Announced::new(rows.into_iter().filter_map(|(d, k)| DayKind::from_code(&k).map(|k| (d, k)))))
}

/// The announced days of `year`, in order, with their names.
pub fn announced_in(conn: &mut DbConnection, year: i32) -> StorageResult<Vec<(chrono::NaiveDate, DayKind, String)>> {
    let (Some(first), Some(last)) =
        (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return Ok(Vec::new());
    };
    let rows: Vec<(chrono::NaiveDate, String, String)> = pd::table
        .filter(pd::day.between(first, last))
        .order(pd::day)
        .select((pd::day, pd::kind, pd::name))
        .load(conn)
        .classify()?;
    Ok(rows.into_iter().filter_map(|(d, k, n)| DayKind::from_code(&k).map(|k| (d, k, n))).collect())
}

/// Sets what `day` is (replacing what was announced for it), or clears it with `None`.
pub fn announce(conn: &mut DbConnection, day: chrono::NaiveDate, kind: Option<(DayKind, &str)>) -> StorageResult<()> {
    diesel::delete(pd::table.find(day)).execute(conn).classify()?;
    if let Some((kind, name)) = kind {
        diesel::insert_into(pd::table)
            .values((pd::day.eq(day), pd::kind.eq(kind.code()), pd::name.eq(name)))
            .execute(conn)
            .classify()?;
    }
    Ok(())
}
