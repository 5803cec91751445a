//! The maker's maintenance schedule per model: the first service and periodic maintenance.

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{service_intervals as si, vehicle_models as vm};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::care::reminders::{Interval, Schedule};
use domain::ids::GroupId;

/// A model of the group with its schedule, if one was set.
#[derive(Debug, Clone)]
pub struct ModelSchedule {
    pub model_id: i64,
    pub model_name: String,
    pub schedule: Option<Schedule>,
    pub updated_at: Option<NaiveDateTime>,
}

type Row = (i64, String, Option<i32>, Option<i64>, Option<i32>, Option<i64>, Option<NaiveDateTime>);

fn schedule(first: (Option<i32>, Option<i64>), periodic: (Option<i32>, Option<i64>)) -> Option<Schedule> {
    match (first, periodic) {
        ((Some(fm), Some(fk)), (Some(pm), Some(pk))) => Some(Schedule {
            first: Interval { months: u32::try_from(fm).unwrap_or(6), km: fk },
            periodic: Interval { months: u32::try_from(pm).unwrap_or(12), km: pk },
        }),
        _ => None,
    }
}

/// The group's models, each with its schedule if set, by name.
pub fn of_group(conn: &mut DbConnection, group: GroupId) -> StorageResult<Vec<ModelSchedule>> {
    let rows: Vec<Row> = vm::table
        .left_join(si::table.on(si::model_id.eq(vm::id)))
        .filter(vm::group_id.eq(group.0))
        .order((vm::name, vm::id))
        .select((
            vm::id,
            vm::name,
            si::first_months.nullable(),
            si::first_km.nullable(),
            si::periodic_months.nullable(),
            si::periodic_km.nullable(),
            si::updated_at.nullable(),
        ))
        .load(conn)
        .classify()?;
    Ok(rows
        .into_iter()
        .map(|(model_id, model_name, fm, fk, pm, pk, updated_at)| ModelSchedule {
            model_id,
            model_name,
            schedule: schedule((fm, fk), (pm, pk)),
            updated_at,
        })
        .collect())
}

/// Every model's schedule that was set, by model id.
pub fn all(conn: &mut DbConnection) -> StorageResult<std::collections::HashMap<i64, Schedule>> {
    let rows: Vec<(i64, i32, i64, i32, i64)> = si::table
        .select((si::model_id, si::first_months, si::first_km, si::periodic_months, si::periodic_km))
        .load(conn)
        .classify()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, fm, fk, pm, pk)| schedule((Some(fm), Some(fk)), (Some(pm), Some(pk))).map(|s| (id, s)))
        .collect())
}

/// Sets the model's schedule (replacing the one set before).
pub fn set(conn: &mut DbConnection, model_id: i64, s: &Schedule, (by, now): (i64, NaiveDateTime)) -> StorageResult<()> {
    let values = (
        si::model_id.eq(model_id),
        si::first_months.eq(i32::try_from(s.first.months).unwrap_or(i32::MAX)),
        si::first_km.eq(s.first.km),
        si::periodic_months.eq(i32::try_from(s.periodic.months).unwrap_or(i32::MAX)),
        si::periodic_km.eq(s.periodic.km),
        si::updated_by.eq(by),
        si::updated_at.eq(now),
    );
    native!(conn, c => diesel::insert_into(si::table)
        .values(values)
        .on_conflict(si::model_id)
        .do_update()
        .set((
            si::first_months.eq(i32::try_from(s.first.months).unwrap_or(i32::MAX)),
            si::first_km.eq(s.first.km),
            si::periodic_months.eq(i32::try_from(s.periodic.months).unwrap_or(i32::MAX)),
            si::periodic_km.eq(s.periodic.km),
            si::updated_by.eq(by),
            si::updated_at.eq(now),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}
