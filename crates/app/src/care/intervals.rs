//! The maker's maintenance schedule per model, from which the reminders count: kept by whoever
//! keeps the group's catalogue (`catalogue_manage`, group data), read by customer care.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::care::reminders::{self as rules, Interval, Schedule};
use domain::org::Actor;
use domain::rbac::Permission;

/// A model with the schedule its reminders use.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ModelSchedule {
    pub model_id: i64,
    pub model_name: String,
    pub first_months: u32,
    pub first_km: i64,
    pub periodic_months: u32,
    pub periodic_km: i64,
    /// The maker's schedule was entered (false: the default, 6 months / 5,000 km then 12 months /
    /// 10,000 km).
    pub set: bool,
}

/// A schedule as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ScheduleInput {
    /// Months from delivery to the first service (1–60).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub first_months: String,
    /// Kilometres to the first service (500–100,000), whichever comes first.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub first_km: String,
    /// Months between services after the first (1–60).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub periodic_months: String,
    /// Kilometres between services after the first (500–100,000).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub periodic_km: String,
}

fn view(m: storage::care::intervals::ModelSchedule) -> ModelSchedule {
    let s = m.schedule.unwrap_or(rules::DEFAULT_SCHEDULE);
    ModelSchedule {
        model_id: m.model_id,
        model_name: m.model_name,
        first_months: s.first.months,
        first_km: s.first.km,
        periodic_months: s.periodic.months,
        periodic_km: s.periodic.km,
        set: m.schedule.is_some(),
    }
}

/// The group's models with their schedules (`care_read` or `catalogue_manage`).
pub fn schedules(app: &App, actor: &Actor) -> AppResult<Vec<ModelSchedule>> {
    if !actor.can(Permission::CatalogueManage) {
        require(actor, Permission::CareRead)?;
    }
    app.db.read(|c| Ok(storage::care::intervals::of_group(c, actor.group_id)?.into_iter().map(view).collect()))
}

/// Sets model `model_id`'s schedule (`catalogue_manage`, group scope): the reminders count from
/// it from the job's next round.
pub fn set_schedule(app: &App, actor: &Actor, model_id: i64, input: &ScheduleInput) -> AppResult<ModelSchedule> {
    let now = app.now();
    require(actor, Permission::CatalogueManage)?;
    let mut e = FieldErrors::new();
    let first_months = e.check("first_months", rules::months(&input.first_months));
    let first_km = e.check("first_km", rules::km(&input.first_km));
    let periodic_months = e.check("periodic_months", rules::months(&input.periodic_months));
    let periodic_km = e.check("periodic_km", rules::km(&input.periodic_km));
    e.into_result()?;
    let (Some(fm), Some(fk), Some(pm), Some(pk)) = (first_months, first_km, periodic_months, periodic_km) else {
        return Err(AppError::internal("checked above"));
    };
    let s = Schedule { first: Interval { months: fm, km: fk }, periodic: Interval { months: pm, km: pk } };
    app.db.write(|c| {
        let models = storage::care::intervals::of_group(c, actor.group_id)?;
        let before = models.into_iter().find(|m| m.model_id == model_id).ok_or(AppError::NotFound)?;
        let was = before.schedule.unwrap_or(rules::DEFAULT_SCHEDULE);
        storage::care::intervals::set(c, model_id, &s, (actor.user_id.0, now))?;
        let changes = Changes::new()
            .field("first_months", was.first.months, fm)
            .field("first_km", was.first.km, fk)
            .field("periodic_months", was.periodic.months, pm)
            .field("periodic_km", was.periodic.km, pk);
        let event = Record { action: Action::ServiceScheduleSet, entity_id: model_id, store_id: None, changes };
        audit::record(c, now, actor, event)?;
        Ok(view(storage::care::intervals::ModelSchedule { schedule: Some(s), updated_at: Some(now), ..before }))
    })
}
