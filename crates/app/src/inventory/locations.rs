//! A store's places for vehicles (showroom, yard, off-site lot), kept by its administrators
//! (`location_manage`); everybody who reads stock sees them.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult, Conflict, require};
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::inventory::locations::{self as rows, LocationRow};

/// The kinds of place a store keeps cars in.
pub const KINDS: [&str; 3] = ["showroom", "yard", "offsite"];

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Location {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    /// `showroom`, `yard` or `offsite`.
    pub kind: String,
    pub active: bool,
    pub version: i64,
}

fn view(r: LocationRow) -> Location {
    Location { id: r.id, store_id: r.store_id, name: r.name, kind: r.kind, active: r.active, version: r.version }
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LocationInput {
    pub name: String,
    pub kind: String,
    pub active: Option<bool>,
}

fn check(input: &LocationInput) -> AppResult<(String, String)> {
    let mut e = FieldErrors::new();
    let name = domain::text::required(&input.name, 60).map_err(|err| e.add("name", err.code())).ok();
    if !KINDS.contains(&input.kind.as_str()) {
        e.add("kind", "value-unknown");
    }
    e.into_result()?;
    Ok((name.unwrap_or_default(), input.kind.clone()))
}

/// The locations of the actor's store (for those who read stock or keep the locations).
pub fn of_store(app: &App, actor: &Actor) -> AppResult<Vec<Location>> {
    if !actor.can(Permission::LocationManage) {
        require(actor, Permission::VehicleRead)?;
    }
    app.db.read(|c| Ok(rows::of_store(c, actor.store_id.0)?.into_iter().map(view).collect()))
}

/// A location of the actor's store that is in use; `field` names the form field otherwise.
pub(super) fn usable(c: &mut DbConnection, actor_store: i64, id: i64, field: &'static str) -> AppResult<LocationRow> {
    match rows::get(c, id) {
        Ok(r) if r.store_id == actor_store && r.active => Ok(r),
        Ok(_) | Err(storage::StorageError::NotFound) => Err(AppError::field(field, "value-unknown")),
        Err(e) => Err(e.into()),
    }
}

#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "create_location", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn create(app: &App, actor: &Actor, input: &LocationInput) -> AppResult<Location> {
    let now = app.now();
    require(actor, Permission::LocationManage)?;
    let (name, kind) = check(input)?;
    app.db.write(|c| {
        let id = rows::insert(c, actor.store_id.0, &name, &kind, now)
            .map_err(on_duplicate("name", "location-name-taken"))?;
        let changes = Changes::new().created("name", &name).created("kind", &kind);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LocationSaved, entity_id: id, store_id: Some(actor.store_id.0), changes },
        )?;
        Ok(view(rows::get(c, id)?))
    })
}

#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "update_location", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn update(app: &App, actor: &Actor, id: i64, version: i64, input: &LocationInput) -> AppResult<Location> {
    let now = app.now();
    require(actor, Permission::LocationManage)?;
    let (name, kind) = check(input)?;
    app.db.write(|c| {
        let row = rows::get(c, id)?;
        if row.store_id != actor.store_id.0 {
            return Err(AppError::NotFound);
        }
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        let active = input.active.unwrap_or(row.active);
        rows::update(c, &row, &name, &kind, active, now).map_err(on_duplicate("name", "location-name-taken"))?;
        let changes = Changes::new()
            .field("name", &row.name, &name)
            .field("kind", &row.kind, &kind)
            .field("active", row.active, active);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LocationSaved, entity_id: id, store_id: Some(row.store_id), changes },
        )?;
        Ok(view(rows::get(c, id)?))
    })
}
