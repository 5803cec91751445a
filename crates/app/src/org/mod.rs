//! Organisation and people: stores and teams of the dealer group, users and their roles, sign-in
//! and sessions, and the first setup.

pub mod auth;
pub mod messages;
pub mod notifications;
pub mod setup;
pub mod users;
pub mod wordings;

crate::kernel::view::view_of!(
    /// A store (4S) of the dealer group.
    Store from storage::org::StoreRow {
        id: i64,
        group_id: i64,
        code: String,
        name: String,
        brand_line: Option<String>,
        address: Option<String>,
        phone: Option<String>,
        timezone: String,
        active: bool,
        /// VINs whose check digit does not match are accepted (imports), each marked unchecked.
        accept_unchecked_vins: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: chrono::NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: chrono::NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// A team of a store.
    Team from storage::org::TeamRow {
        id: i64,
        store_id: i64,
        name: String,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: chrono::NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: chrono::NaiveDateTime,
    }
);

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::ids::{GroupId, StoreId};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::text::{self, StoreCode};
use storage::org::StoreFields;

/// A store form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct StoreInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub brand_line: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// Accept VINs whose check digit does not match (imports), each marked unchecked.
    #[serde(default)]
    pub accept_unchecked_vins: bool,
}

fn yes() -> bool {
    true
}

impl StoreInput {
    fn parse(&self) -> Result<StoreFields, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = e.check("code", StoreCode::parse(&self.code));
        let name = e.check("name", text::required(&self.name, 60));
        let brand_line = e.check("brand_line", text::optional(&self.brand_line, 60));
        let address = e.check("address", text::optional(&self.address, 200));
        let phone = e.check("phone", text::optional(&self.phone, 30));
        e.into_result()?;
        Ok(StoreFields {
            code: code.expect("checked").as_str().to_string(),
            name: name.expect("checked"),
            brand_line: brand_line.expect("checked"),
            address: address.expect("checked"),
            phone: phone.expect("checked"),
            active: self.active,
            accept_unchecked_vins: self.accept_unchecked_vins,
        })
    }
}

/// Whether the actor creates and edits stores: the stores are the group's structure, so group
/// scope only; a store's administrator manages its teams and users.
pub fn manages_stores(actor: &Actor) -> bool {
    actor.can(Permission::StoreManage)
}

/// The store `id` for its edit form: 403 for those who do not manage stores.
pub fn get_store_for_edit(app: &App, actor: &Actor, id: i64) -> AppResult<Store> {
    if !manages_stores(actor) {
        return Err(AppError::Forbidden);
    }
    get_store(app, actor, id)
}

/// Stores the actor may see: the whole group for group scope, otherwise their own store.
pub fn list_stores(app: &App, actor: &Actor) -> AppResult<Vec<Store>> {
    let stores = app.db.read(|c| Ok::<_, AppError>(storage::org::list_stores(c, actor.group_id.0)?))?;
    Ok(stores
        .into_iter()
        .filter(|s| actor.may_access_store(StoreId(s.id), GroupId(s.group_id)))
        .map(Store::from)
        .collect())
}

pub fn get_store(app: &App, actor: &Actor, id: i64) -> AppResult<Store> {
    let store = app.db.read(|c| Ok::<_, AppError>(storage::org::get_store(c, id)?))?;
    if actor.may_access_store(StoreId(store.id), GroupId(store.group_id)) {
        Ok(store.into())
    } else {
        Err(AppError::NotFound)
    }
}

pub fn create_store(app: &App, actor: &Actor, input: &StoreInput) -> AppResult<Store> {
    let now = app.now();
    if !manages_stores(actor) {
        return Err(AppError::Forbidden);
    }
    let fields = input.parse()?;
    app.db.write(|c| {
        let row = storage::org::insert_store(c, actor.group_id.0, &fields, now)
            .map_err(on_duplicate("code", "store-code-taken"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::StoreCreated,
                entity_id: row.id,
                store_id: Some(row.id),
                changes: Changes::new().created("code", &row.code).created("name", &row.name),
            },
        )?;
        Ok(row.into())
    })
}

pub fn update_store(app: &App, actor: &Actor, id: i64, version: i64, input: &StoreInput) -> AppResult<Store> {
    let now = app.now();
    if !manages_stores(actor) {
        return Err(AppError::Forbidden);
    }
    let fields = input.parse()?;
    app.db.write(|c| {
        let before = storage::org::get_store(c, id)?;
        if !actor.may_access_store(StoreId(before.id), GroupId(before.group_id)) {
            return Err(AppError::NotFound);
        }
        let after = storage::org::update_store(c, id, version, &fields, now)
            .map_err(on_duplicate("code", "store-code-taken"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::StoreUpdated,
                entity_id: id,
                store_id: Some(id),
                changes: Changes::new()
                    .field("code", &before.code, &after.code)
                    .field("name", &before.name, &after.name)
                    .field("brand_line", &before.brand_line, &after.brand_line)
                    .field("address", &before.address, &after.address)
                    .field("phone", &before.phone, &after.phone)
                    .field("active", before.active, after.active)
                    .field("accept_unchecked_vins", before.accept_unchecked_vins, after.accept_unchecked_vins),
            },
        )?;
        Ok(after.into())
    })
}

/// Teams of the stores the actor may see.
pub fn list_teams(app: &App, actor: &Actor) -> AppResult<Vec<Team>> {
    let store_ids: Vec<i64> = list_stores(app, actor)?.iter().map(|s| s.id).collect();
    app.db.read(|c| Ok(storage::org::list_teams(c, &store_ids)?.into_iter().map(Team::from).collect()))
}

pub fn create_team(app: &App, actor: &Actor, store_id: i64, name: &str) -> AppResult<Team> {
    let now = app.now();
    require(actor, Permission::OrgManage)?;
    let name = text::required(name, 40).map_err(|e| AppError::field("name", domain::error::ErrorCode::code(&e)))?;
    app.db.write(|c| {
        let store = storage::org::get_store(c, store_id).map_err(|_| AppError::field("store_id", "store-unknown"))?;
        if !actor.may_access_store(StoreId(store.id), GroupId(store.group_id)) {
            return Err(AppError::field("store_id", "store-unknown"));
        }
        let row =
            storage::org::insert_team(c, store.id, &name, now).map_err(on_duplicate("name", "team-name-taken"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::TeamCreated,
                entity_id: row.id,
                store_id: Some(store.id),
                changes: Changes::new().created("name", &row.name),
            },
        )?;
        Ok(row.into())
    })
}

pub fn update_team(app: &App, actor: &Actor, id: i64, version: i64, name: &str, active: bool) -> AppResult<Team> {
    let now = app.now();
    require(actor, Permission::OrgManage)?;
    let name = text::required(name, 40).map_err(|e| AppError::field("name", domain::error::ErrorCode::code(&e)))?;
    app.db.write(|c| {
        let before = storage::org::get_team(c, id)?;
        let store = storage::org::get_store(c, before.store_id)?;
        if !actor.may_access_store(StoreId(store.id), GroupId(store.group_id)) {
            return Err(AppError::NotFound);
        }
        let after = storage::org::update_team(c, id, version, &name, active, now)
            .map_err(on_duplicate("name", "team-name-taken"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::TeamUpdated,
                entity_id: id,
                store_id: Some(store.id),
                changes: Changes::new().field("name", &before.name, &after.name).field(
                    "active",
                    before.active,
                    after.active,
                ),
            },
        )?;
        Ok(after.into())
    })
}

/// What org adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "org",
    listeners: LISTENERS,
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[crate::kernel::registry::Job { name: "org.expire_sessions", every_secs: 3600, run: auth::expire_sessions }],
    permissions: &[
        domain::rbac::Permission::OrgManage,
        domain::rbac::Permission::StoreManage,
        domain::rbac::Permission::UserManage,
        domain::rbac::Permission::AuditRead,
        domain::rbac::Permission::MessagesManage,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::MessageRetried,
        crate::kernel::audit::Action::NoticeWordingSet,
        crate::kernel::audit::Action::NoticeWordingReset,
        crate::kernel::audit::Action::NoticePreferencesSet,
        crate::kernel::audit::Action::StoreCreated,
        crate::kernel::audit::Action::StoreUpdated,
        crate::kernel::audit::Action::TeamCreated,
        crate::kernel::audit::Action::TeamUpdated,
        crate::kernel::audit::Action::UserCreated,
        crate::kernel::audit::Action::UserUpdated,
        crate::kernel::audit::Action::UserPasswordReset,
        crate::kernel::audit::Action::UserPasswordChanged,
        crate::kernel::audit::Action::UserLoggedIn,
        crate::kernel::audit::Action::ApiTokenCreated,
        crate::kernel::audit::Action::ApiTokenRevoked,
    ],
    erasers: &[],
    staff_notices: &[],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[];
