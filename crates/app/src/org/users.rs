//! Staff accounts: created and edited by an administrator within their reach.

/// Users and API tokens as the pages and the API show them (plain data), and the list's filter.
pub use storage::users::UserFilter;

crate::kernel::view::view_of!(
    /// A member of staff as the pages and the API show them (never the password hash).
    User from storage::users::UserRow {
        id: i64,
        #[serde(skip)]
        group_id: i64,
        store_id: i64,
        team_id: Option<i64>,
        username: String,
        display_name: String,
        mobile: Option<String>,
        email: Option<String>,
        #[schema(value_type = String)]
        role: Role,
        #[schema(value_type = String)]
        data_scope: DataScope,
        active: bool,
        #[serde(skip)]
        locale: String,
        version: i64,
        #[serde(skip)]
        created_at: chrono::NaiveDateTime,
        #[serde(skip)]
        updated_at: chrono::NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// A personal API token as its owner sees it (never the token itself after its creation).
    ApiToken from storage::users::ApiTokenRow {
        id: i64,
        user_id: i64,
        name: String,
        prefix: String,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: chrono::NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
        last_used_at: Option<chrono::NaiveDateTime>,
        #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
        revoked_at: Option<chrono::NaiveDateTime>,
    }
);

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::crypto::hash_password;
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::ident::{Email, Mobile};
use domain::ids::{GroupId, StoreId};
use domain::org::Actor;
use domain::rbac::{DataScope, Permission, Role};
use domain::text;
use storage::users::UserFields;
use storage::{DbConnection, Page, PageRequest};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct UserInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub username: String,
    pub display_name: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub store_id: String,
    #[serde(default, deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub team_id: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub email: String,
    pub role: String,
    /// Blank: the role's default scope.
    #[serde(default)]
    pub data_scope: String,
    #[serde(default)]
    pub password: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Parses the form and checks that the store and team exist and are within the actor's reach.
fn parse(c: &mut DbConnection, actor: &Actor, input: &UserInput, e: &mut FieldErrors) -> AppResult<Option<UserFields>> {
    let display_name = e.check("display_name", text::required(&input.display_name, 40));
    let mobile = e.check("mobile", text::optional_with(&input.mobile, Mobile::parse));
    let email = e.check("email", text::optional_with(&input.email, Email::parse));
    let role = Role::from_code(&input.role);
    if role.is_none() {
        e.add("role", "role-unknown");
    }
    let scope = if input.data_scope.trim().is_empty() {
        role.map(Role::default_scope)
    } else {
        let s = DataScope::from_code(&input.data_scope);
        if s.is_none() {
            e.add("data_scope", "scope-unknown");
        }
        s
    };
    // Nobody grants more reach than they have.
    if let Some(s) = scope
        && s > actor.scope
    {
        e.add("data_scope", "scope-beyond-yours");
    }
    if let Some(r) = role
        && !actor.may_grant(r, DataScope::Own)
    {
        e.add("role", "role-beyond-yours");
    }
    let store = match input.store_id.trim().parse::<i64>().ok().map(|id| storage::org::get_store(c, id)) {
        Some(Ok(s)) if actor.may_access_store(StoreId(s.id), GroupId(s.group_id)) => Some(s),
        _ => {
            e.add("store_id", "store-unknown");
            None
        }
    };
    let team_id = match (input.team_id.trim(), &store) {
        ("", _) => None,
        (t, Some(store)) => match t.parse::<i64>().ok().map(|id| storage::org::get_team(c, id)) {
            Some(Ok(team)) if team.store_id == store.id => Some(team.id),
            _ => {
                e.add("team_id", "team-not-in-store");
                None
            }
        },
        (_, None) => None,
    };
    if !e.is_empty() {
        return Ok(None);
    }
    Ok(Some(UserFields {
        store_id: store.expect("checked").id,
        team_id,
        display_name: display_name.expect("checked"),
        mobile: mobile.expect("checked").map(|m| m.as_str().to_string()),
        email: email.expect("checked").map(|m| m.as_str().to_string()),
        role: role.expect("checked").code().to_string(),
        data_scope: scope.expect("checked").code().to_string(),
        active: input.active,
    }))
}

fn visible(actor: &Actor, u: &User) -> bool {
    u.group_id == actor.group_id.0 && (actor.scope == DataScope::Group || u.store_id == actor.store_id.0)
}

impl User {
    /// This user acting in `store_id` (their own store, or one a group user switched to).
    pub fn actor_in(&self, store_id: i64) -> Actor {
        actor(
            domain::ids::UserId(self.id),
            GroupId(self.group_id),
            self.team_id,
            (self.role, self.data_scope),
            &self.display_name,
            domain::ids::StoreId(store_id),
        )
    }
}

/// A user acting in `store_id`: the one place an `Actor` is made from a user's record.
pub(crate) fn actor(
    id: domain::ids::UserId,
    group_id: domain::ids::GroupId,
    team_id: Option<i64>,
    (role, scope): (Role, DataScope),
    display_name: &str,
    store_id: domain::ids::StoreId,
) -> Actor {
    Actor {
        user_id: id,
        group_id,
        store_id,
        team_id: team_id.map(domain::ids::TeamId),
        role,
        scope,
        display_name: display_name.to_string(),
    }
}

/// Whether `actor` may edit, reset or lock `u`: visible, and not above the actor
/// (`Actor::may_manage`). Users the actor sees but may not manage are listed without actions.
pub fn manageable(actor: &Actor, u: &User) -> bool {
    let (role, scope) = (u.role, u.data_scope);
    visible(actor, u) && actor.may_manage(role, scope, StoreId(u.store_id), GroupId(u.group_id))
}

/// The roles `actor` may give (the user form's choices).
pub fn grantable_roles(actor: &Actor) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| actor.may_grant(*r, DataScope::Own)).collect()
}

/// The data scopes `actor` may give.
pub fn grantable_scopes(actor: &Actor) -> Vec<DataScope> {
    DataScope::ALL.into_iter().filter(|s| *s <= actor.scope).collect()
}

pub fn list(app: &App, actor: &Actor, mut filter: UserFilter, page: PageRequest) -> AppResult<Page<User>> {
    require(actor, Permission::UserManage)?;
    filter.group_id = actor.group_id.0;
    if actor.scope != DataScope::Group {
        filter.store_id = Some(actor.store_id.0);
    }
    app.db.read(|c| Ok(storage::users::list(c, &filter, page)?.map(User::from)))
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<User> {
    require(actor, Permission::UserManage)?;
    let u: User = app.db.read(|c| Ok::<_, AppError>(storage::users::get(c, id)?))?.into();
    if visible(actor, &u) { Ok(u) } else { Err(AppError::NotFound) }
}

/// A user the actor may manage (the edit and password forms): 403 for one above them.
pub fn get_manageable(app: &App, actor: &Actor, id: i64) -> AppResult<User> {
    let u = get(app, actor, id)?;
    if manageable(actor, &u) { Ok(u) } else { Err(AppError::Forbidden) }
}

pub fn create(app: &App, actor: &Actor, input: &UserInput) -> AppResult<User> {
    let now = app.now();
    require(actor, Permission::UserManage)?;
    let mut e = FieldErrors::new();
    let username = e.check("username", text::username(&input.username));
    let password = e.check("password", text::new_password(&input.password)).map(hash_password);
    app.db.write(|c| {
        let fields = parse(c, actor, input, &mut e)?;
        let (Some(fields), Some(username), Some(hash)) = (fields, username, password) else {
            return Err(AppError::Validation(e));
        };
        let row = storage::users::insert_user(c, actor.group_id.0, &username, &hash, &fields, now)
            .map_err(on_duplicate("username", "username-taken"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::UserCreated,
                entity_id: row.id,
                store_id: Some(row.store_id),
                changes: Changes::new()
                    .created("username", &row.username)
                    .created("display_name", &row.display_name)
                    .created("role", row.role)
                    .created("data_scope", row.data_scope)
                    .created("store_id", row.store_id)
                    .created("team_id", row.team_id),
            },
        )?;
        Ok(row.into())
    })
}

pub fn update(app: &App, actor: &Actor, id: i64, version: i64, input: &UserInput) -> AppResult<User> {
    let now = app.now();
    require(actor, Permission::UserManage)?;
    let mut e = FieldErrors::new();
    app.db.write(|c| {
        let before: User = storage::users::get(c, id)?.into();
        if !visible(actor, &before) {
            return Err(AppError::NotFound);
        }
        if !manageable(actor, &before) {
            return Err(AppError::Forbidden);
        }
        let Some(fields) = parse(c, actor, input, &mut e)? else {
            return Err(AppError::Validation(e));
        };
        if id == actor.user_id.0 && (!fields.active || fields.role != before.role.code()) {
            // An administrator locking themselves out would leave nobody to undo it.
            return Err(AppError::field("role", "cannot-demote-self"));
        }
        let after = storage::users::update_user(c, id, version, &fields, now)?;
        if !after.active {
            storage::users::delete_sessions_of(c, id, None)?;
        }
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::UserUpdated,
                entity_id: id,
                store_id: Some(after.store_id),
                changes: Changes::new()
                    .field("display_name", &before.display_name, &after.display_name)
                    .field("store_id", before.store_id, after.store_id)
                    .field("team_id", before.team_id, after.team_id)
                    .field("mobile", &before.mobile, &after.mobile)
                    .field("email", &before.email, &after.email)
                    .field("role", &before.role, &after.role)
                    .field("data_scope", &before.data_scope, &after.data_scope)
                    .field("active", before.active, after.active),
            },
        )?;
        Ok(after.into())
    })
}

/// Sets a new password for a user (administrator) and ends their sessions.
pub fn reset_password(app: &App, actor: &Actor, id: i64, password: &str) -> AppResult<()> {
    let now = app.now();
    require(actor, Permission::UserManage)?;
    let hash = text::new_password(password)
        .map(hash_password)
        .map_err(|err| AppError::field("password", domain::error::ErrorCode::code(&err)))?;
    app.db.write(|c| {
        let user: User = storage::users::get(c, id)?.into();
        if !visible(actor, &user) {
            return Err(AppError::NotFound);
        }
        if !manageable(actor, &user) {
            return Err(AppError::Forbidden);
        }
        storage::users::set_password(c, id, &hash, now)?;
        storage::users::delete_sessions_of(c, id, None)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::UserPasswordReset,
                entity_id: id,
                store_id: Some(user.store_id),
                changes: Changes::new(),
            },
        )
    })
}

/// Active staff of the actor's store, for owner pickers and owner names: for those who read the
/// records staff own (customers, orders, leads) or manage the staff.
pub fn staff_of_store(app: &App, actor: &Actor) -> AppResult<Vec<User>> {
    use domain::rbac::Permission as P;
    if ![P::CustomerRead, P::OrderRead, P::LeadRead, P::UserManage].into_iter().any(|p| actor.can(p)) {
        return Err(crate::AppError::Forbidden);
    }
    app.db.read(|c| Ok(storage::users::list_for_store(c, actor.store_id.0)?.into_iter().map(User::from).collect()))
}

/// The group's users whose actions the log may show (the audit page's "who" filter).
pub fn actors(app: &crate::App, actor: &Actor) -> AppResult<Vec<User>> {
    crate::require(actor, domain::rbac::Permission::AuditRead)?;
    let f = storage::users::UserFilter { group_id: actor.group_id.0, ..Default::default() };
    let page = storage::PageRequest::new(Some(1), Some(200));
    app.db.read(|c| Ok(storage::users::list(c, &f, page)?.items.into_iter().map(User::from).collect()))
}
