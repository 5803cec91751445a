//! Users, sessions, API tokens and failed-login records.

use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{api_tokens, login_failures, sessions, users};
use crate::{DbConnection, Page, PageRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub group_id: i64,
    pub store_id: i64,
    pub team_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    #[diesel(deserialize_as = crate::codes::Coded<users::role, domain::rbac::Role>)]
    pub role: domain::rbac::Role,
    #[diesel(deserialize_as = crate::codes::Coded<users::data_scope, domain::rbac::DataScope>)]
    pub data_scope: domain::rbac::DataScope,
    pub password_hash: String,
    pub active: bool,
    pub locale: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an administrator edits on a user (not the password, not the username).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserFields {
    pub store_id: i64,
    pub team_id: Option<i64>,
    pub display_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub role: String,
    pub data_scope: String,
    pub active: bool,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_user(
    conn: &mut DbConnection,
    group_id: i64,
    username: &str,
    password_hash: &str,
    f: &UserFields,
    now: NaiveDateTime,
) -> StorageResult<UserRow> {
    diesel::insert_into(users::table)
        .values((
            users::group_id.eq(group_id),
            users::username.eq(username),
            users::password_hash.eq(password_hash),
            users::store_id.eq(f.store_id),
            users::team_id.eq(f.team_id),
            users::display_name.eq(&f.display_name),
            users::mobile.eq(&f.mobile),
            users::email.eq(&f.email),
            users::role.eq(&f.role),
            users::data_scope.eq(&f.data_scope),
            users::active.eq(f.active),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update_user(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    f: &UserFields,
    now: NaiveDateTime,
) -> StorageResult<UserRow> {
    diesel::update(users::table.filter(users::id.eq(id)).filter(users::version.eq(version)))
        .set((f, users::version.eq(version.saturating_add(1)), users::updated_at.eq(now)))
        .returning(users::all_columns)
        .get_result(conn)
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)
}

pub fn set_password(conn: &mut DbConnection, id: i64, hash: &str, now: NaiveDateTime) -> StorageResult<()> {
    let n = diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::version.eq(users::version + 1), users::updated_at.eq(now)))
        .execute(conn)
        .classify()?;
    if n == 1 { Ok(()) } else { Err(StorageError::NotFound) }
}

pub fn set_locale(conn: &mut DbConnection, id: i64, locale: &str) -> StorageResult<()> {
    diesel::update(users::table.find(id)).set(users::locale.eq(locale)).execute(conn).classify()?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<UserRow> {
    native!(conn, c => users::table.find(id).select(UserRow::as_select()).first(c)).classify()
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> StorageResult<Option<UserRow>> {
    users::table.filter(users::username.eq(username)).select(UserRow::as_select()).first(conn).optional().classify()
}

pub fn count(conn: &mut DbConnection) -> StorageResult<i64> {
    users::table.count().get_result(conn).classify()
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub group_id: i64,
    pub store_id: Option<i64>,
    pub role: Option<String>,
    pub active: Option<bool>,
    pub q: Option<String>,
}

pub fn list(conn: &mut DbConnection, f: &UserFilter, page: PageRequest) -> StorageResult<Page<UserRow>> {
    let build = || {
        let mut q = users::table.filter(users::group_id.eq(f.group_id)).into_boxed();
        if let Some(s) = f.store_id {
            q = q.filter(users::store_id.eq(s));
        }
        if let Some(r) = &f.role {
            q = q.filter(users::role.eq(r.clone()));
        }
        if let Some(a) = f.active {
            q = q.filter(users::active.eq(a));
        }
        if let Some(text) = &f.q {
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            q = q.filter(
                lower(users::username)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::display_name).like(pattern).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((users::store_id, users::username))
        .limit(page.per_page)
        .offset(page.offset())
        .select(UserRow::as_select())
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Active users of a store (owner pickers).
pub fn list_for_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<UserRow>> {
    native!(conn, c => users::table
        .filter(users::store_id.eq(store_id))
        .filter(users::active.eq(true))
        .order(users::display_name)
        .select(UserRow::as_select())
        .load(c))
    .classify()
}

/// The active users of a store with a role (for example, who approves at a level).
pub fn with_role(conn: &mut DbConnection, store_id: i64, role: &str) -> StorageResult<Vec<UserRow>> {
    native!(conn, c => users::table
        .filter(users::store_id.eq(store_id))
        .filter(users::role.eq(role))
        .filter(users::active.eq(true))
        .order(users::id)
        .select(UserRow::as_select())
        .load(c))
    .classify()
}

/// Ids of the users of a team (team data scope).
pub fn team_member_ids(conn: &mut DbConnection, team_id: i64) -> StorageResult<Vec<i64>> {
    native!(conn, c => users::table.filter(users::team_id.eq(team_id)).select(users::id).load(c)).classify()
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

// --- sessions ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub store_id: i64,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> StorageResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&row.id),
            sessions::user_id.eq(row.user_id),
            sessions::csrf_token.eq(&row.csrf_token),
            sessions::store_id.eq(row.store_id),
            sessions::created_at.eq(row.created_at),
            sessions::expires_at.eq(row.expires_at),
        ))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// A live session and its user.
pub fn find_session(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> StorageResult<Option<(SessionRow, UserRow)>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(id))
        .filter(sessions::expires_at.gt(now))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()
        .classify()
}

pub fn set_session_store(conn: &mut DbConnection, id: &str, store_id: i64) -> StorageResult<()> {
    diesel::update(sessions::table.find(id)).set(sessions::store_id.eq(store_id)).execute(conn).classify()?;
    Ok(())
}

pub fn delete_session(conn: &mut DbConnection, id: &str) -> StorageResult<()> {
    diesel::delete(sessions::table.find(id)).execute(conn).classify()?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or deactivation).
pub fn delete_sessions_of(conn: &mut DbConnection, user_id: i64, keep: Option<&str>) -> StorageResult<()> {
    let q = sessions::table.filter(sessions::user_id.eq(user_id)).into_boxed();
    let ids: Vec<String> = q.select(sessions::id).load(conn).classify()?;
    let doomed: Vec<String> = ids.into_iter().filter(|id| Some(id.as_str()) != keep).collect();
    diesel::delete(sessions::table.filter(sessions::id.eq_any(doomed))).execute(conn).classify()?;
    Ok(())
}

pub fn delete_expired_sessions(conn: &mut DbConnection, now: NaiveDateTime) -> StorageResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn).classify()
}

// --- failed logins ----------------------------------------------------------------------------

pub fn record_login_failure(
    conn: &mut DbConnection,
    username: &str,
    client: &str,
    at: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(login_failures::table)
        .values((login_failures::username.eq(username), login_failures::client.eq(client), login_failures::at.eq(at)))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// Failures from `client` since `since`, oldest first: for `username` only, or (with `None`) for
/// any user name (password spraying from one address).
pub fn login_failures_since(
    conn: &mut DbConnection,
    client: &str,
    username: Option<&str>,
    since: NaiveDateTime,
) -> StorageResult<Vec<NaiveDateTime>> {
    let mut q = login_failures::table
        .filter(login_failures::client.eq(client))
        .filter(login_failures::at.gt(since))
        .order(login_failures::at)
        .select(login_failures::at)
        .into_boxed();
    if let Some(u) = username {
        q = q.filter(login_failures::username.eq(u));
    }
    q.load(conn).classify()
}

/// Forgets every failure of `username` (an operator reset the password).
pub fn clear_all_login_failures(conn: &mut DbConnection, username: &str) -> StorageResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username))).execute(conn).classify()?;
    Ok(())
}

/// Forgets the failures of `username` from `client` (after a successful login from there).
pub fn clear_login_failures(conn: &mut DbConnection, username: &str, client: &str) -> StorageResult<()> {
    diesel::delete(
        login_failures::table.filter(login_failures::username.eq(username)).filter(login_failures::client.eq(client)),
    )
    .execute(conn)
    .classify()?;
    Ok(())
}

// --- API tokens -------------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_token(
    conn: &mut DbConnection,
    user_id: i64,
    name: &str,
    token_hash: &str,
    prefix: &str,
    now: NaiveDateTime,
) -> StorageResult<ApiTokenRow> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user_id),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::prefix.eq(prefix),
            api_tokens::created_at.eq(now),
        ))
        .returning(api_tokens::all_columns)
        .get_result(conn)
        .classify()
}

/// The unrevoked token with this hash and its (active) user.
pub fn find_token(conn: &mut DbConnection, token_hash: &str) -> StorageResult<Option<(ApiTokenRow, UserRow)>> {
    native!(conn, c => api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select((ApiTokenRow::as_select(), UserRow::as_select()))
        .first(c))
    .optional()
    .classify()
}

pub fn touch_token(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(now)).execute(conn).classify()?;
    Ok(())
}

pub fn list_tokens(conn: &mut DbConnection, user_id: i64) -> StorageResult<Vec<ApiTokenRow>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order(api_tokens::created_at.desc())
        .select(ApiTokenRow::as_select())
        .load(conn)
        .classify()
}

/// Revokes a token of `user_id`; `NotFound` when it is not theirs or already revoked.
pub fn revoke_token(
    conn: &mut DbConnection,
    user_id: domain::ids::UserId,
    id: domain::ids::ApiTokenId,
    now: NaiveDateTime,
) -> StorageResult<ApiTokenRow> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .returning(api_tokens::all_columns)
    .get_result(conn)
    .classify()
}
