//! Outgoing e-mail. A use case enqueues the message in its own transaction (so it is sent if and
//! only if the change commits); a worker delivers due messages over SMTP (lettre) with retries.

use crate::{App, AppResult};
use chrono::Duration;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{SmtpTransport, Transport};
use storage::DbConnection;

/// The way a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    /// A short text through the SMS gateway (the buyer's links and signing codes).
    Sms,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }
}

/// After this many failed attempts a message stays `failed` for an operator to look at.
pub const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn enqueue(c: &mut DbConnection, now: chrono::NaiveDateTime, store_id: Option<i64>, mail: &Mail) -> AppResult<()> {
    enqueue_on(c, now, store_id, Channel::Email, mail)
}

/// Queues a message on `channel` (an SMS's `to` is the mobile number, its subject empty).
pub fn enqueue_on(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    store_id: Option<i64>,
    channel: Channel,
    mail: &Mail,
) -> AppResult<()> {
    Ok(storage::outbox::enqueue(c, store_id, channel.code(), &mail.to, &mail.subject, &mail.body, now)?)
}

/// How the worker reaches the mail server.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
}

/// The SMTP side of delivery: one transport with a pool of connections, made once by the worker.
pub struct Mailer {
    transport: SmtpTransport,
    from: String,
}

impl Mailer {
    pub fn new(smtp: &SmtpConfig) -> Self {
        Self {
            transport: SmtpTransport::builder_dangerous(&smtp.host).port(smtp.port).build(),
            from: smtp.from.clone(),
        }
    }
}

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub claimed: usize,
    pub sent: usize,
}

/// Delivers up to `limit` due messages and records the outcomes in one transaction. Claiming moves a message's next attempt forward first, so instances
/// sharing a PostgreSQL database do not send it twice.
pub fn deliver_due(app: &App, mailer: &Mailer, limit: i64) -> AppResult<Delivery> {
    deliver(app, Channel::Email, limit, |m| {
        build(&mailer.from, &m.recipient, &m.subject, &m.body)
            .and_then(|msg| mailer.transport.send(&msg).map(|_| ()).map_err(|e| e.to_string()))
    })
}

/// Delivers up to `limit` due text messages through the SMS gateway, as [`deliver_due`] mail.
pub fn deliver_sms_due(app: &App, gateway: &crate::kernel::sms::SmsGateway, limit: i64) -> AppResult<Delivery> {
    deliver(app, Channel::Sms, limit, |m| gateway.send(&m.recipient, &m.body))
}

/// Claims the due messages of `channel`, sends each with `send`, and records the outcomes.
fn deliver(
    app: &App,
    channel: Channel,
    limit: i64,
    send: impl Fn(&storage::outbox::OutboxRow) -> Result<(), String>,
) -> AppResult<Delivery> {
    let now = app.now();
    let claimed = app.db.write(|c| {
        Ok::<_, crate::AppError>(storage::outbox::claim_due(c, channel.code(), now, limit, Duration::minutes(5))?)
    })?;
    if claimed.is_empty() {
        return Ok(Delivery::default());
    }
    let results: Vec<_> = claimed.iter().map(&send).collect();
    // Outcomes are stamped when the sending is done, not when the batch was claimed.
    let now = app.now();
    app.db.write(|c| {
        for (m, result) in claimed.iter().zip(&results) {
            let attempts = m.attempts + 1;
            match result {
                Ok(()) => storage::outbox::mark_sent(c, m.id, attempts, now)?,
                // Exponential back-off: 1 min, 2 min, 4 min ... until MAX_ATTEMPTS.
                Err(err) => {
                    let retry = now + Duration::seconds(30 * (1i64 << attempts.min(12)));
                    storage::outbox::mark_failed(c, m.id, attempts, err, attempts >= MAX_ATTEMPTS, retry)?;
                }
            }
        }
        Ok::<_, crate::AppError>(())
    })?;
    for (m, result) in claimed.iter().zip(&results) {
        if let Err(err) = result {
            tracing::warn!(message = m.id, channel = channel.code(), error = %err, "delivery failed; will retry");
        }
    }
    Ok(Delivery { claimed: claimed.len(), sent: results.iter().filter(|r| r.is_ok()).count() })
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
