//! Outgoing e-mail. A use case enqueues the message in its own transaction (so it is sent if and
//! only if the change commits); a worker delivers due messages over SMTP (lettre) with retries.

use crate::{App, AppResult, now};
use chrono::Duration;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{SmtpTransport, Transport};
use storage::DbConnection;

/// After this many failed attempts a message stays `failed` for an operator to look at.
pub const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn enqueue(c: &mut DbConnection, store_id: Option<i64>, mail: &Mail) -> AppResult<()> {
    Ok(storage::outbox::enqueue(c, store_id, &mail.to, &mail.subject, &mail.body, now())?)
}

/// How the worker reaches the mail server.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
}

/// Delivers up to `limit` due messages; returns how many were sent. Claiming moves a message's
/// next attempt forward first, so instances sharing a PostgreSQL database do not send it twice.
pub fn deliver_due(app: &App, smtp: &SmtpConfig, limit: i64) -> AppResult<usize> {
    let claimed = app
        .db
        .write(|c| Ok::<_, crate::AppError>(storage::outbox::claim_due(c, now(), limit, Duration::minutes(5))?))?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let transport = SmtpTransport::builder_dangerous(&smtp.host).port(smtp.port).build();
    let mut sent = 0;
    for m in claimed {
        let attempts = m.attempts + 1;
        let result = build(&smtp.from, &m.recipient, &m.subject, &m.body)
            .and_then(|msg| transport.send(&msg).map(|_| ()).map_err(|e| e.to_string()));
        app.db.write(|c| match &result {
            Ok(()) => storage::outbox::mark_sent(c, m.id, attempts, now()),
            // Exponential back-off: 1 min, 2 min, 4 min ... until MAX_ATTEMPTS.
            Err(err) => {
                let retry = now() + Duration::seconds(30 * (1i64 << attempts.min(12)));
                storage::outbox::mark_failed(c, m.id, attempts, err, attempts >= MAX_ATTEMPTS, retry)
            }
        })?;
        match result {
            Ok(()) => sent += 1,
            Err(err) => tracing::warn!(message = m.id, error = %err, "e-mail delivery failed; will retry"),
        }
    }
    Ok(sent)
}

fn build(from: &str, to: &str, subject: &str, body: &str) -> Result<lettre::Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("from address: {e}"))?;
    let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| e.to_string())
}
