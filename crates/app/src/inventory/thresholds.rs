//! Stock thresholds of a store per model or trim, and the background check that raises an alert
//! (on the home page and by e-mail through the outbox, in the same transaction) once when the
//! free stock crosses one, not at every run.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::inventory::{Level, Threshold, crossing};
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use storage::inventory::thresholds::{self as rows, ThresholdRow};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StockThreshold {
    pub id: i64,
    pub model_id: Option<i64>,
    pub trim_id: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    /// Free stock in stock or on the way now.
    pub count: i64,
    /// `low`, `normal` or `high` as the last check saw it, and since when.
    #[schema(value_type = String)]
    pub level: Level,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub level_since: Option<NaiveDateTime>,
    /// Alerts raised so far.
    pub alerts: i64,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ThresholdInput {
    /// A model, or
    pub model_id: Option<i64>,
    /// a trim (exactly one of the two).
    pub trim_id: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
}

/// The store's thresholds with today's counts.
pub fn of_store(app: &App, actor: &Actor) -> AppResult<Vec<StockThreshold>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        rows::all(c, Some(actor.store_id.0))?
            .into_iter()
            .map(|r| {
                Ok(StockThreshold {
                    count: rows::supply(c, &r)?,
                    alerts: rows::alerts_of(c, r.id)?,
                    id: r.id,
                    model_id: r.model_id,
                    trim_id: r.trim_id,
                    low: r.low_count,
                    high: r.high_count,
                    level: r.level,
                    level_since: r.level_since,
                })
            })
            .collect()
    })
}

/// Sets a model's or a trim's thresholds for the actor's store (`vehicle_manage`).
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "set_threshold", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn set(app: &App, actor: &Actor, input: &ThresholdInput) -> AppResult<()> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let t = Threshold::new(input.low, input.high).map_err(|e| {
        let bad = |n: i64| !(0..=domain::inventory::stock::MAX_THRESHOLD).contains(&n);
        let field = if e == domain::inventory::ThresholdError::LowAboveHigh || input.low.is_some_and(bad) {
            "low"
        } else {
            "high"
        };
        AppError::field(field, e.code())
    })?;
    let key = match (input.model_id, input.trim_id) {
        (Some(m), None) => (Some(m), None),
        (None, Some(t)) => (None, Some(t)),
        _ => return Err(AppError::field("trim_id", "threshold-model-or-trim")),
    };
    app.db.write(|c| {
        let g = actor.group_id.0;
        let known = match key {
            (Some(m), _) => storage::catalogue::get_model(c, g, m).is_ok(),
            (_, Some(tr)) => storage::catalogue::get_trim(c, g, tr).is_ok(),
            _ => false,
        };
        if !known {
            return Err(AppError::field(if key.0.is_some() { "model_id" } else { "trim_id" }, "value-unknown"));
        }
        let id = rows::save(c, actor.store_id.0, key, (t.low, t.high), now)?;
        let changes = Changes::new().created_if("low", t.low).created_if("high", t.high);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::ThresholdSet, entity_id: id, store_id: Some(actor.store_id.0), changes },
        )
    })
}

/// Who hears of a store's stock alerts: its general manager and logistics.
fn recipients(c: &mut storage::DbConnection, store_id: i64) -> AppResult<Vec<storage::users::UserRow>> {
    Ok(storage::users::list_for_store(c, store_id)?
        .into_iter()
        .filter(|u| u.active && matches!(u.role, Role::GeneralManager | Role::Inventory))
        .collect())
}

/// The background check (every few minutes): each threshold's free stock against its levels;
/// entering low or high raises one alert and its e-mails, in one transaction per threshold;
/// staying there raises nothing more. Returns the alerts raised.
pub fn check(app: &App) -> AppResult<usize> {
    let now = app.now();
    let all = app.db.read(|c| rows::all(c, None))?;
    let mut raised = 0;
    for r in all {
        raised += app.db.write(|c| check_one(app, c, now, &r))?;
    }
    Ok(raised)
}

fn check_one(app: &App, c: &mut storage::DbConnection, now: NaiveDateTime, r: &ThresholdRow) -> AppResult<usize> {
    let count = rows::supply(c, r)?;
    let t = Threshold { low: r.low_count, high: r.high_count };
    let level = t.level(count);
    if level == r.level {
        return Ok(0);
    }
    rows::set_level(c, r.id, level, now)?;
    let Some(alert) = crossing(r.level, level) else { return Ok(0) };
    rows::raise(c, r, alert, count, now)?;
    let g = storage::org::get_store(c, r.store_id)?;
    let item = match (r.model_id, r.trim_id) {
        (Some(m), _) => storage::catalogue::get_model(c, g.group_id, m).map(|m| m.name).unwrap_or_default(),
        (_, Some(tr)) => storage::catalogue::get_trim(c, g.group_id, tr).map(|t| t.name).unwrap_or_default(),
        _ => String::new(),
    };
    let limit = if alert == Level::Low { r.low_count } else { r.high_count };
    let key = if alert.code() == "low" { "mail-stock-low" } else { "mail-stock-high" };
    let notice = Notice::new(key)
        .arg("store", &g.name)
        .arg("item", item)
        .arg("count", count)
        .arg("limit", limit.map(|n| n.to_string()).unwrap_or_default())
        .arg("link", format!("{}/stock/thresholds", app.messages.public_url));
    for u in recipients(c, r.store_id)? {
        notify::to_staff(app, c, &u, &notice)?;
    }
    Ok(1)
}
