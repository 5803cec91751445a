//! Notifications as data: the use cases say what happened and to whom; the text comes from the
//! web layer's locale files through the renderer installed at start-up.

mod order;
mod staff;
pub mod wording;

pub use crate::kernel::outbox::Channel;
use crate::kernel::outbox::{Mail, enqueue, enqueue_on};
use crate::{App, AppResult};
pub use order::to_buyer_and_owner;
pub use staff::{DEFAULT_CHANNELS, to_staff};
use std::sync::Arc;
use storage::DbConnection;
pub use wording::Wording;

/// A message as data: the key of its text in the locale files (`mail-confirm`: its
/// `mail-confirm-subject` and `mail-confirm-body` for e-mail, `mail-confirm-sms` for a text message)
/// and the values the text names. A capability makes its own notices and writes their words in
/// its own locale file (`locales/*/<capability>.ftl`): nothing shared changes
/// (`i18n::tests` checks that every key a use case names has its three texts in both languages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    marketing: bool,
}

impl Notice {
    /// A message that serves the recipient's business with the store.
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new(), marketing: false }
    }

    /// A marketing message (an event, a new model): only to customers who agreed to receive one,
    /// through [`send_marketing`].
    pub fn marketing(key: &'static str) -> Self {
        Self { marketing: true, ..Self::new(key) }
    }

    /// With the value `name` stands for in the text.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Whether the message markets something rather than serving a customer's business with the
    /// store: these need the customer's consent.
    pub fn is_marketing(&self) -> bool {
        self.marketing
    }
}

/// Turns a notice into a subject and a body in `locale` for `channel` (an SMS has no subject).
pub type Renderer = Arc<dyn Fn(&Notice, &str, Channel) -> (String, String) + Send + Sync>;

/// The standard words of a notice (by its key) in a language, with its placeholders as `{$name}`;
/// `None` for a key no locale file has.
pub type Standard = Arc<dyn Fn(&str, &str) -> Option<Wording> + Send + Sync>;

/// How messages are written and where links point.
#[derive(Clone)]
pub struct Messages {
    /// The address customers and staff open links at, e.g. `https://dms.example.com`.
    pub public_url: String,
    pub render: Renderer,
    pub standard: Standard,
    /// An SMS gateway is configured: the buyer's links and codes go by SMS first.
    pub sms: bool,
}

impl Messages {
    /// Plain messages without locale files (tools and tests that do not send mail).
    pub fn plain(public_url: &str) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_string(),
            render: Arc::new(|n, _, _| (format!("{n:?}"), format!("{n:?}"))),
            standard: Arc::new(|_, _| None),
            sms: false,
        }
    }
}

/// Where a message to a customer went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// By SMS to this (masked) mobile number.
    Sms(String),
    /// By e-mail to this (masked) address.
    Email(String),
    /// Nowhere: no SMS gateway or mobile number, and no e-mail address.
    Nothing,
}

/// `z***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Queues a service message about the customer's own business (a link to their order, a signing
/// code) to the contact given: by SMS when a gateway is configured and there is a mobile number,
/// else by e-mail; says where it went, or that it could go nowhere.
pub fn to_customer(
    app: &App,
    c: &mut DbConnection,
    store_id: i64,
    (mobile, email): (Option<&str>, Option<&str>),
    notice: &Notice,
) -> AppResult<Sent> {
    if notice.is_marketing() {
        return Err(crate::AppError::internal("a marketing notice without the customer's consent check"));
    }
    if let Some(mobile) = mobile.filter(|m| app.messages.sms && !m.is_empty()) {
        let (_, text) = wording::render(app, c, Some(store_id), notice, "zh-CN", Channel::Sms)?;
        enqueue_on(
            c,
            app.now(),
            Some(store_id),
            Channel::Sms,
            &Mail { to: mobile.to_string(), subject: String::new(), body: text },
        )?;
        return Ok(Sent::Sms(domain::ident::mobile_mask::mask_mobile(mobile)));
    }
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        queue(app, c, store_id, email, "zh-CN", notice)?;
        return Ok(Sent::Email(mask_email(email)));
    }
    Ok(Sent::Nothing)
}

/// Queues `notice` for `to` in the current transaction. A marketing notice is refused here: it
/// goes through [`send_marketing`], which checks the customer's consent.
pub fn send(app: &App, c: &mut DbConnection, store_id: i64, to: &str, locale: &str, notice: &Notice) -> AppResult<()> {
    if notice.is_marketing() {
        return Err(crate::AppError::internal("a marketing notice without the customer's consent check"));
    }
    queue(app, c, store_id, to, locale, notice)
}

/// Why a marketing message was not queued for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSent {
    /// The customer has not agreed to marketing messages (or withdrew).
    NoConsent,
    /// Agreed, but left no e-mail address.
    NoAddress,
}

/// Queues a marketing `notice` for `customer` if, and only if, they agreed to receive marketing
/// messages (PIPL) and have an address: every sender of marketing goes through here.
pub fn send_marketing(
    app: &App,
    c: &mut DbConnection,
    customer: &storage::customers::CustomerRow,
    notice: &Notice,
) -> AppResult<Result<(), NotSent>> {
    let to = match marketing_address(customer) {
        Ok(to) => to,
        Err(why) => return Ok(Err(why)),
    };
    queue(app, c, customer.store_id, to, "zh-CN", notice)?;
    Ok(Ok(()))
}

/// Where a marketing message to `customer` may go, or why none may.
pub fn marketing_address(customer: &storage::customers::CustomerRow) -> Result<&str, NotSent> {
    if !customer.marketing_consent || customer.anonymised_at.is_some() {
        return Err(NotSent::NoConsent);
    }
    customer.email.as_deref().filter(|e| !e.is_empty()).ok_or(NotSent::NoAddress)
}

fn queue(app: &App, c: &mut DbConnection, store_id: i64, to: &str, locale: &str, notice: &Notice) -> AppResult<()> {
    let (subject, body) = wording::render(app, c, Some(store_id), notice, locale, Channel::Email)?;
    enqueue(c, app.now(), Some(store_id), &Mail { to: to.to_string(), subject, body })
}
