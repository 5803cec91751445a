//! Installation tasks run from the command line (no signed-in user): the first group, store and
//! administrator, and password resets. Audited as the CLI.

use crate::kernel::crypto::hash_password;
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult};
use domain::error::ErrorCode;
use domain::rbac::Role;
use domain::text::{self, StoreCode};
use storage::DbConnection;
use storage::audit::NewAuditEvent;
use storage::org::StoreFields;
use storage::users::{UserFields, UserRow};

pub const CLI_ACTOR: &str = "autodms CLI";

fn record(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    group_id: i64,
    store_id: i64,
    action: &str,
    entity_type: &str,
    entity_id: i64,
) -> AppResult<()> {
    storage::audit::insert(
        c,
        &NewAuditEvent {
            group_id,
            store_id: Some(store_id),
            actor_id: None,
            actor_name: CLI_ACTOR,
            at: now,
            action,
            entity_type,
            entity_id,
            changes: "{}",
        },
    )?;
    Ok(())
}

/// The store with `code`, or on an empty database a new group and store, for the first user.
pub fn ensure_store(app: &App, group_name: &str, code: &str, store_name: &str) -> AppResult<crate::org::Store> {
    let now = app.now();
    let code = StoreCode::parse(code).map_err(|e| AppError::field("store_code", e.code()))?;
    app.db.write(|c| {
        if let Some(group) = storage::org::first_group(c)? {
            let stores = storage::org::list_stores(c, group.id)?;
            return stores
                .into_iter()
                .find(|s| s.code == code.as_str())
                .map(crate::org::Store::from)
                .ok_or_else(|| AppError::field("store_code", "store-unknown"));
        }
        let group_id = storage::org::insert_group(c, group_name, now)?;
        let fields = StoreFields {
            code: code.as_str().to_string(),
            name: store_name.to_string(),
            brand_line: None,
            address: None,
            phone: None,
            active: true,
            accept_unchecked_vins: false,
        };
        let store = storage::org::insert_store(c, group_id, &fields, now)?;
        record(c, now, group_id, store.id, "store.created", "store", store.id)?;
        Ok(store.into())
    })
}

pub fn create_user(
    app: &App,
    store: &crate::org::Store,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
) -> AppResult<UserRow> {
    let now = app.now();
    let username = text::username(username).map_err(|e| AppError::field("username", e.code()))?;
    let display_name = text::required(display_name, 40).map_err(|e| AppError::field("display_name", e.code()))?;
    let hash = hash_password(text::new_password(password).map_err(|e| AppError::field("password", e.code()))?);
    let fields = UserFields {
        store_id: store.id,
        team_id: None,
        display_name,
        mobile: None,
        email: None,
        role: role.code().to_string(),
        data_scope: role.default_scope().code().to_string(),
        active: true,
    };
    app.db.write(|c| {
        let user = storage::users::insert_user(c, store.group_id, &username, &hash, &fields, now)
            .map_err(on_duplicate("username", "username-taken"))?;
        record(c, now, store.group_id, store.id, "user.created", "user", user.id)?;
        Ok(user)
    })
}

pub fn reset_password(app: &App, username: &str, password: &str) -> AppResult<()> {
    let now = app.now();
    let hash = hash_password(text::new_password(password).map_err(|e| AppError::field("password", e.code()))?);
    let username = username.trim().to_ascii_lowercase();
    app.db.write(|c| {
        let user = storage::users::find_by_username(c, &username)?.ok_or(AppError::NotFound)?;
        storage::users::set_password(c, user.id, &hash, now)?;
        storage::users::delete_sessions_of(c, user.id, None)?;
        storage::users::clear_all_login_failures(c, &username)?;
        record(c, now, user.group_id, user.store_id, "user.password_reset", "user", user.id)
    })
}

/// Whether the database has no users yet (a fresh install).
pub fn is_empty(app: &App) -> AppResult<bool> {
    app.db.read(|c| Ok(storage::users::count(c)? == 0))
}
