//! What staff are told in the app (the bell): each person's notifications and unread count,
//! marked read one by one or all at once, and how each person wants each kind of message.
//! Nobody reads or marks another person's notifications.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::DEFAULT_CHANNELS;
use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use domain::org::Actor;
use storage::notices::Channels;
use storage::{Page, PageRequest};

/// A notification of the bell.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    /// The notice it comes from (`mail-approval`).
    pub notice: String,
    pub text: String,
    /// The app's page it opens (`/orders/12`), if any.
    pub link: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub read_at: Option<NaiveDateTime>,
}

impl From<storage::notices::NotificationRow> for Notification {
    fn from(r: storage::notices::NotificationRow) -> Self {
        Self { id: r.id, notice: r.notice, text: r.text, link: r.link, created_at: r.created_at, read_at: r.read_at }
    }
}

/// The actor's unread count (the bell's number).
pub fn unread(app: &App, actor: &Actor) -> AppResult<i64> {
    app.db.read(|c| Ok(storage::notices::unread(c, actor.user_id.0)?))
}

/// The actor's notifications, the newest first (only the unread ones if asked).
pub fn inbox(app: &App, actor: &Actor, unread_only: bool, page: PageRequest) -> AppResult<Page<Notification>> {
    app.db.read(|c| {
        let p = storage::notices::list(c, actor.user_id.0, unread_only, page)?;
        Ok(Page {
            items: p.items.into_iter().map(Into::into).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        })
    })
}

/// Marks one of the actor's notifications read (idempotent); another person's is not found.
pub fn read(app: &App, actor: &Actor, id: i64) -> AppResult<Notification> {
    let now = app.now();
    app.db.write(|c| storage::notices::mark_read(c, actor.user_id, id, now)?.map(Into::into).ok_or(AppError::NotFound))
}

/// Marks all of the actor's notifications read; how many were unread.
pub fn read_all(app: &App, actor: &Actor) -> AppResult<usize> {
    let now = app.now();
    app.db.write(|c| Ok(storage::notices::mark_all_read(c, actor.user_id.0, now)?))
}

/// How the actor gets one kind of message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Preference {
    /// The notice (`mail-approval`).
    pub notice: String,
    pub in_app: bool,
    pub email: bool,
    pub sms: bool,
}

/// Every notice the capabilities send to staff, with how the actor gets it.
pub fn preferences(app: &App, actor: &Actor) -> AppResult<Vec<Preference>> {
    let keys: Vec<&str> = app.capabilities.iter().flat_map(|k| k.staff_notices.iter().copied()).collect();
    app.db.read(|c| {
        let chosen = storage::notices::preferences(c, actor.user_id.0)?;
        Ok(keys
            .into_iter()
            .map(|k| {
                let ch = chosen.iter().find(|(n, _)| n == k).map(|(_, ch)| *ch).unwrap_or(DEFAULT_CHANNELS);
                Preference { notice: k.to_string(), in_app: ch.in_app, email: ch.email, sms: ch.sms }
            })
            .collect())
    })
}

/// Sets how the actor gets the notices given (the others keep their choice), audited.
pub fn set_preferences(app: &App, actor: &Actor, input: &[Preference]) -> AppResult<Vec<Preference>> {
    let now = app.now();
    let before = preferences(app, actor)?;
    for p in input {
        if !before.iter().any(|b| b.notice == p.notice) {
            return Err(AppError::field("notice", "notice-unknown"));
        }
    }
    app.db.write(|c| {
        let mut changes = Changes::new();
        for p in input {
            let old = before.iter().find(|b| b.notice == p.notice).expect("checked");
            if old == p {
                continue;
            }
            let ch = Channels { in_app: p.in_app, email: p.email, sms: p.sms };
            storage::notices::set_preference(c, actor.user_id.0, &p.notice, ch)?;
            let word = |x: &Preference| format!("in_app={} email={} sms={}", x.in_app, x.email, x.sms);
            changes = changes.field(&p.notice, word(old), word(p));
        }
        let (user, store) = (actor.user_id.0, Some(actor.store_id.0));
        let record = Record { action: Action::NoticePreferencesSet, entity_id: user, store_id: store, changes };
        audit::record(c, now, actor, record)?;
        Ok::<_, AppError>(())
    })?;
    preferences(app, actor)
}
