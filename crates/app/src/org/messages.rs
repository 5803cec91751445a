//! The store's messages that did not go out: e-mails and text messages the outbox worker gave up
//! on (after its retries with back-off) or is still retrying, with the reason; an administrator
//! or the general manager queues one again after fixing the cause (a mistyped address, the SMS
//! gateway down).

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;

/// A message that had trouble.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TroubledMessage {
    pub id: i64,
    /// email | sms
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    /// failed (given up) | pending (being retried)
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub next_attempt_at: NaiveDateTime,
}

impl From<storage::outbox::OutboxRow> for TroubledMessage {
    fn from(r: storage::outbox::OutboxRow) -> Self {
        TroubledMessage {
            id: r.id,
            channel: r.channel,
            recipient: r.recipient,
            subject: if r.subject.is_empty() { r.body.chars().take(60).collect() } else { r.subject },
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
        }
    }
}

/// The messages of the actor's store that failed or are being retried, the newest first.
pub fn troubled(app: &App, actor: &Actor) -> AppResult<Vec<TroubledMessage>> {
    require(actor, Permission::MessagesManage)?;
    app.db.read(|c| Ok(storage::outbox::troubled(c, actor.store_id.0, 200)?.into_iter().map(Into::into).collect()))
}

/// Queues failed message `id` of the actor's store again.
#[tracing::instrument(name = "org", skip_all, fields(use_case = "retry_message", store = actor.store_id.0, actor = actor.user_id.0, message = id))]
pub fn retry(app: &App, actor: &Actor, id: i64) -> AppResult<TroubledMessage> {
    let now = app.now();
    require(actor, Permission::MessagesManage)?;
    app.db.write(|c| {
        let row = storage::outbox::get(c, id)?;
        if row.store_id != Some(actor.store_id.0) {
            return Err(AppError::NotFound);
        }
        storage::outbox::retry(c, id, now).map_err(|e| match e {
            storage::StorageError::Stale => AppError::Conflict(Conflict::Refused { code: "message-not-failed" }),
            other => other.into(),
        })?;
        let changes = Changes::new().created("channel", row.channel.as_str()).created("attempts", row.attempts);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::MessageRetried, entity_id: id, store_id: row.store_id, changes },
        )?;
        Ok(storage::outbox::get(c, id)?.into())
    })
}
