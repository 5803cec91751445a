//! What staff are told in the app (the bell), how each person wants each kind of message, and a
//! store's own wording of a message.

use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{notice_preferences as p, notice_templates as t, notifications as n};
use crate::{DbConnection, Page, PageRequest, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = n)]
pub struct NotificationRow {
    pub id: i64,
    pub store_id: i64,
    pub user_id: i64,
    pub notice: String,
    pub text: String,
    pub link: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

pub struct NewNotification<'a> {
    pub store_id: i64,
    pub user_id: i64,
    pub notice: &'a str,
    pub text: &'a str,
    pub link: Option<&'a str>,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, new: &NewNotification<'_>) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(n::table)
        .values((
            n::store_id.eq(new.store_id),
            n::user_id.eq(new.user_id),
            n::notice.eq(new.notice),
            n::text.eq(new.text),
            n::link.eq(new.link),
            n::created_at.eq(new.now),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}

pub fn unread(conn: &mut DbConnection, user_id: i64) -> StorageResult<i64> {
    native!(conn, c => n::table
        .filter(n::user_id.eq(user_id))
        .filter(n::read_at.is_null())
        .count()
        .get_result(c))
    .classify()
}

/// A person's notifications, the newest first; only the unread ones if `unread_only`.
pub fn list(
    conn: &mut DbConnection,
    user_id: i64,
    unread_only: bool,
    page: PageRequest,
) -> StorageResult<Page<NotificationRow>> {
    let all = (!unread_only).into_sql::<diesel::sql_types::Bool>();
    let query = n::table.filter(n::user_id.eq(user_id)).filter(n::read_at.is_null().or(all));
    let total = native!(conn, c => query.count().get_result::<i64>(c)).classify()?;
    let items = native!(conn, c => query
        .order((n::created_at.desc(), n::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(NotificationRow::as_select())
        .load(c))
    .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Marks one of the person's notifications read (another person's is not found); its row.
pub fn mark_read(
    conn: &mut DbConnection,
    user: domain::ids::UserId,
    id: i64,
    now: NaiveDateTime,
) -> StorageResult<Option<NotificationRow>> {
    let user_id = user.0;
    native!(conn, c => diesel::update(n::table.find(id).filter(n::user_id.eq(user_id)).filter(n::read_at.is_null()))
        .set(n::read_at.eq(now))
        .execute(c))
    .classify()?;
    native!(conn, c => n::table
        .find(id)
        .filter(n::user_id.eq(user_id))
        .select(NotificationRow::as_select())
        .first(c)
        .optional())
    .classify()
}

/// Marks all of a person's notifications read; how many were unread.
pub fn mark_all_read(conn: &mut DbConnection, user_id: i64, now: NaiveDateTime) -> StorageResult<usize> {
    native!(conn, c => diesel::update(n::table.filter(n::user_id.eq(user_id)).filter(n::read_at.is_null()))
        .set(n::read_at.eq(now))
        .execute(c))
    .classify()
}

/// How a person gets one kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct Channels {
    pub in_app: bool,
    pub email: bool,
    pub sms: bool,
}

/// The person's choices, per message key (the keys they never chose are not listed).
pub fn preferences(conn: &mut DbConnection, user_id: i64) -> StorageResult<Vec<(String, Channels)>> {
    let rows: Vec<(String, bool, bool, bool)> = native!(conn, c => p::table
        .filter(p::user_id.eq(user_id))
        .select((p::notice, p::in_app, p::email, p::sms))
        .load(c))
    .classify()?;
    Ok(rows.into_iter().map(|(k, in_app, email, sms)| (k, Channels { in_app, email, sms })).collect())
}

pub fn preference(conn: &mut DbConnection, user_id: i64, notice: &str) -> StorageResult<Option<Channels>> {
    native!(conn, c => p::table
        .find((user_id, notice))
        .select((p::in_app, p::email, p::sms))
        .first::<Channels>(c)
        .optional())
    .classify()
}

pub fn set_preference(conn: &mut DbConnection, user_id: i64, notice: &str, ch: Channels) -> StorageResult<()> {
    native!(conn, c => diesel::delete(p::table.find((user_id, notice))).execute(c)).classify()?;
    native!(conn, c => diesel::insert_into(p::table)
        .values((
            p::user_id.eq(user_id),
            p::notice.eq(notice),
            p::in_app.eq(ch.in_app),
            p::email.eq(ch.email),
            p::sms.eq(ch.sms),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}

/// A store's wording of a message in one language.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct TemplateRow {
    pub store_id: i64,
    pub notice: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub sms: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: i64,
}

pub fn template(
    conn: &mut DbConnection,
    store_id: i64,
    notice: &str,
    locale: &str,
) -> StorageResult<Option<TemplateRow>> {
    native!(conn, c => t::table
        .find((store_id, notice, locale))
        .select(TemplateRow::as_select())
        .first(c)
        .optional())
    .classify()
}

pub fn templates(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<TemplateRow>> {
    native!(conn, c => t::table
        .filter(t::store_id.eq(store_id))
        .order((t::notice, t::locale))
        .select(TemplateRow::as_select())
        .load(c))
    .classify()
}

/// Sets (replaces) a store's wording of a message in a language.
pub fn set_template(conn: &mut DbConnection, row: &TemplateRow) -> StorageResult<()> {
    remove_template(conn, row.store_id, &row.notice, &row.locale)?;
    native!(conn, c => diesel::insert_into(t::table)
        .values((
            t::store_id.eq(row.store_id),
            t::notice.eq(&row.notice),
            t::locale.eq(&row.locale),
            t::subject.eq(&row.subject),
            t::body.eq(&row.body),
            t::sms.eq(&row.sms),
            t::updated_at.eq(row.updated_at),
            t::updated_by.eq(row.updated_by),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}

/// Goes back to the standard wording; whether the store had its own.
pub fn remove_template(conn: &mut DbConnection, store_id: i64, notice: &str, locale: &str) -> StorageResult<bool> {
    let n = native!(conn, c => diesel::delete(t::table.find((store_id, notice, locale))).execute(c)).classify()?;
    Ok(n > 0)
}

/// Replaces a customer's name in what the store's staff were told in the app (anonymisation).
pub fn redact_name(conn: &mut DbConnection, store_id: i64, name: &str, replacement: &str) -> StorageResult<usize> {
    if name.trim().is_empty() {
        return Ok(0);
    }
    let pattern = format!("%{}%", crate::users::escape_like(name));
    let rows: Vec<(i64, String)> = native!(conn, c => n::table
        .filter(n::store_id.eq(store_id))
        .filter(n::text.like(&pattern).escape('\\'))
        .select((n::id, n::text))
        .load(c))
    .classify()?;
    for (id, text) in &rows {
        let text = text.replace(name, replacement);
        native!(conn, c => diesel::update(n::table.find(id)).set(n::text.eq(&text)).execute(c)).classify()?;
    }
    Ok(rows.len())
}

/// Marks every notification made before `at` read (the demo loader: its history was read then).
pub fn read_before(conn: &mut DbConnection, at: NaiveDateTime) -> StorageResult<usize> {
    native!(conn, c => diesel::update(n::table.filter(n::read_at.is_null()).filter(n::created_at.lt(at)))
        .set(n::read_at.eq(n::created_at.nullable()))
        .execute(c))
    .classify()
}
