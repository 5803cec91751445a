//! Logins, sessions, password changes and personal API tokens.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::crypto::{dummy_verify, hash_password, random_token, token_digest, verify_password};
use crate::{App, AppError, AppResult, LoginRefusal};
use chrono::Duration;
use domain::FieldErrors;
use domain::ids::{GroupId, StoreId};
use domain::org::Actor;
use domain::text;
use storage::DbConnection;
use storage::users::{ApiTokenRow, SessionRow, UserRow};

/// Failed attempts allowed for one user name from one client address within the window before
/// that pair is slowed down; the delay doubles with each further failure.
pub const MAX_FAILURES: usize = 5;
/// Failures from one address for any user names before that address is slowed down (spraying).
pub const MAX_CLIENT_FAILURES: usize = 30;
pub const LOCK_WINDOW_MINUTES: i64 = 15;
/// The delay after the first failure past the allowance; it doubles up to the window.
const FIRST_DELAY_SECONDS: i64 = 30;

/// How long the next attempt must wait after `failures` (oldest first) with `allowed` free ones:
/// 30 s after the first failure past the allowance, then 60 s, 120 s... at most the window, counted
/// from the latest failure. `None` when an attempt may be made now.
fn throttle(failures: &[chrono::NaiveDateTime], allowed: usize, at: chrono::NaiveDateTime) -> Option<i64> {
    let over = failures.len().checked_sub(allowed)?;
    let delay = (FIRST_DELAY_SECONDS << over.min(10)).min(LOCK_WINDOW_MINUTES * 60);
    let until = *failures.last()? + Duration::seconds(delay);
    (until > at).then(|| (until - at).num_seconds().max(1))
}
pub const SESSION_HOURS: i64 = 12;

/// An established session: the cookie value (shown once) and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub locale: String,
}

/// A session resolved from its cookie.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id: String,
    pub csrf_token: String,
    pub locale: String,
}

pub fn actor_of(user: &UserRow, store_id: i64) -> AppResult<Actor> {
    Ok(crate::org::users::actor(
        domain::ids::UserId(user.id),
        GroupId(user.group_id),
        user.team_id,
        (user.role, user.data_scope),
        &user.display_name,
        domain::ids::StoreId(store_id),
    ))
}

/// Logs in from `client` (the caller's address). Wrong passwords slow down that user name from
/// that address (and an address that tries many names), never the user elsewhere: a stranger's
/// guesses cannot keep the real user out.
pub fn login(app: &App, username: &str, password: &str, client: &str) -> AppResult<NewSession> {
    let username = username.trim().to_ascii_lowercase();
    let at = app.now();
    let outcome = app.db.write(|c| {
        let since = at - Duration::minutes(LOCK_WINDOW_MINUTES);
        let pair = storage::users::login_failures_since(c, client, Some(&username), since)?;
        let from_client = storage::users::login_failures_since(c, client, None, since)?;
        if let Some(seconds) = throttle(&pair, MAX_FAILURES, at).max(throttle(&from_client, MAX_CLIENT_FAILURES, at)) {
            tracing::warn!(username = %username, client, failures = pair.len(), seconds, "login throttled");
            return Ok(Err(LoginRefusal::Locked { minutes: (seconds + 59) / 60 }));
        }
        let user = storage::users::find_by_username(c, &username)?;
        let verified = match &user {
            Some(u) if u.active => verify_password(password, &u.password_hash),
            _ => {
                dummy_verify(password);
                false
            }
        };
        let Some(user) = user.filter(|_| verified) else {
            storage::users::record_login_failure(c, &username, client, at)?;
            return Ok(Err(LoginRefusal::BadCredentials));
        };
        storage::users::clear_login_failures(c, &username, client)?;
        let token = random_token();
        let csrf_token = random_token();
        storage::users::insert_session(
            c,
            &SessionRow {
                id: token_digest(&token),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                store_id: user.store_id,
                created_at: at,
                expires_at: at + Duration::hours(SESSION_HOURS),
            },
        )?;
        let actor = actor_of(&user, user.store_id)?;
        audit::record(
            c,
            at,
            &actor,
            Record {
                action: Action::UserLoggedIn,
                entity_id: user.id,
                store_id: Some(user.store_id),
                changes: Changes::new(),
            },
        )?;
        Ok::<_, AppError>(Ok(NewSession { token, csrf_token, locale: user.locale }))
    })?;
    outcome.map_err(AppError::Unauthenticated)
}

/// The actor behind a session cookie, if the session is live and the user active.
pub fn resolve_session(app: &App, token: &str) -> AppResult<Option<(Actor, SessionInfo)>> {
    let now = app.now();
    let found = app.db.read(|c| Ok::<_, AppError>(storage::users::find_session(c, &token_digest(token), now)?))?;
    match found {
        Some((session, user)) if user.active => {
            let actor = actor_of(&user, session.store_id)?;
            Ok(Some((actor, SessionInfo { id: session.id, csrf_token: session.csrf_token, locale: user.locale })))
        }
        _ => Ok(None),
    }
}

pub fn logout(app: &App, session_id: &str) -> AppResult<()> {
    app.db.write(|c| Ok(storage::users::delete_session(c, session_id)?))
}

/// Group-scope users work in one store at a time and may switch to any active store of their group.
pub fn switch_store(app: &App, actor: &Actor, session_id: &str, store_id: i64) -> AppResult<()> {
    app.db.write(|c| {
        let store = storage::org::get_store(c, store_id)?;
        if !store.active || !actor.may_access_store(StoreId(store.id), GroupId(store.group_id)) {
            return Err(AppError::Forbidden);
        }
        Ok(storage::users::set_session_store(c, session_id, store.id)?)
    })
}

pub fn set_locale(app: &App, actor: &Actor, locale: &str) -> AppResult<()> {
    app.db.write(|c| Ok(storage::users::set_locale(c, actor.user_id.0, locale)?))
}

pub fn change_password(
    app: &App,
    actor: &Actor,
    session_id: Option<&str>,
    current: &str,
    new: &str,
    repeat: &str,
) -> AppResult<()> {
    let now = app.now();
    let mut errors = FieldErrors::new();
    errors.check("new_password", text::new_password(new));
    if new != repeat {
        errors.add("repeat_password", "password-mismatch");
    }
    let hash = hash_password(new);
    app.db.write(|c| {
        let user = storage::users::get(c, actor.user_id.0)?;
        if !verify_password(current, &user.password_hash) {
            errors.add("current_password", "password-wrong");
        }
        errors.clone().into_result()?;
        storage::users::set_password(c, user.id, &hash, now)?;
        storage::users::delete_sessions_of(c, user.id, session_id)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::UserPasswordChanged,
                entity_id: user.id,
                store_id: Some(user.store_id),
                changes: Changes::new(),
            },
        )
    })
}

/// The actor behind `Authorization: Bearer <token>`.
pub fn resolve_api_token(app: &App, token: &str) -> AppResult<Option<Actor>> {
    let digest = token_digest(token);
    let Some((row, user)) = app.db.read(|c| storage::users::find_token(c, &digest))? else {
        return Ok(None);
    };
    // Last use is informational and recorded at most once a minute, so that API traffic is not
    // one extra write per request; a failure to record it must not fail the request.
    let at = app.now();
    if row.last_used_at.is_none_or(|t| at - t > Duration::minutes(1))
        && let Err(e) = app.db.write(|c| storage::users::touch_token(c, row.id, at))
    {
        tracing::warn!(error = %e, "could not record API token use");
    }
    Ok(Some(actor_of(&user, user.store_id)?))
}

/// A new token: the plaintext is returned once and only its digest is stored.
pub fn create_api_token(app: &App, actor: &Actor, name: &str) -> AppResult<(crate::org::users::ApiToken, String)> {
    let now = app.now();
    let name = text::required(name, 60).map_err(|e| AppError::field("name", domain::error::ErrorCode::code(&e)))?;
    let token = format!("adms_{}", random_token());
    let prefix: String = token.chars().take(12).collect();
    app.db.write(|c| {
        let row = storage::users::insert_token(c, actor.user_id.0, &name, &token_digest(&token), &prefix, now)?;
        record_token_event(c, now, actor, Action::ApiTokenCreated, &row)?;
        Ok((row.into(), token.clone()))
    })
}

pub fn list_api_tokens(app: &App, actor: &Actor) -> AppResult<Vec<crate::org::users::ApiToken>> {
    app.db.read(|c| {
        Ok(storage::users::list_tokens(c, actor.user_id.0)?
            .into_iter()
            .map(crate::org::users::ApiToken::from)
            .collect())
    })
}

pub fn revoke_api_token(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    let now = app.now();
    app.db.write(|c| {
        let row = storage::users::revoke_token(c, actor.user_id, domain::ids::ApiTokenId(id), now)?;
        record_token_event(c, now, actor, Action::ApiTokenRevoked, &row)
    })
}

fn record_token_event(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    action: Action,
    row: &ApiTokenRow,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action,
            entity_id: row.id,
            store_id: None,
            changes: Changes::new().created("name", &row.name).created("prefix", &row.prefix),
        },
    )
}

pub fn expire_sessions(app: &App) -> AppResult<usize> {
    let now = app.now();
    app.db.write(|c| Ok(storage::users::delete_expired_sessions(c, now)?))
}

/// Everything a staff page needs about its user: the actor, the session, and the stores they may
/// switch between (one query for the session, one for the stores).
#[derive(Debug, Clone)]
pub struct StaffContext {
    pub actor: Actor,
    pub session: SessionInfo,
    pub stores: Vec<crate::org::Store>,
}

pub fn staff_context(app: &App, token: &str) -> AppResult<Option<StaffContext>> {
    let Some((actor, session)) = resolve_session(app, token)? else {
        return Ok(None);
    };
    let stores = crate::org::list_stores(app, &actor)?;
    Ok(Some(StaffContext { actor, session, stores }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn t(s: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + s, 0).expect("time").naive_utc()
    }

    #[test]
    fn the_delay_grows_with_each_failure_past_the_allowance() {
        let fails = |n: i64| (0..n).map(t).collect::<Vec<_>>();
        assert_eq!(throttle(&fails(4), MAX_FAILURES, t(4)), None);
        assert_eq!(throttle(&fails(5), MAX_FAILURES, t(4)), Some(30));
        assert_eq!(throttle(&fails(5), MAX_FAILURES, t(34)), None, "after 30 s the next attempt may be made");
        assert_eq!(throttle(&fails(6), MAX_FAILURES, t(5)), Some(60));
        assert_eq!(throttle(&fails(7), MAX_FAILURES, t(6)), Some(120));
        assert_eq!(throttle(&fails(40), MAX_FAILURES, t(39)), Some(LOCK_WINDOW_MINUTES * 60), "capped at the window");
    }
}
