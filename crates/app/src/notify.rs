//! Notifications as data: the use cases say what happened and to whom; the text comes from the
//! web layer's locale files through the renderer installed at start-up.

use crate::outbox::{Mail, enqueue};
use crate::{App, AppResult};
use std::sync::Arc;
use storage::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The customer is asked to confirm an order through their link.
    ConfirmOrder { customer: String, order_no: String, store: String, total: String, link: String, advisor: String },
    /// The customer asked for a change.
    ChangeRequested { order_no: String, customer: String, note: String, link: String },
    /// An approver has an order waiting.
    ApprovalWaiting { order_no: String, customer: String, reasons: String, link: String },
    /// The outcome of approval, for the advisor.
    ApprovalOutcome { order_no: String, approved: bool, by: String, comment: String, link: String },
    /// The outcome of approval, for the customer.
    OrderApproved { customer: String, order_no: String, store: String, link: String },
    /// The contract is ready for the customer to read and sign on their link.
    ContractReady { customer: String, order_no: String, store: String, link: String },
    /// The one-time code that signs a contract, for the customer.
    SigningCode { customer: String, order_no: String, store: String, code: String, minutes: i64 },
    /// The customer signed; the advisor countersigns.
    CustomerSigned { order_no: String, customer: String, contract_no: String, link: String },
    /// A contract is signed by both: finance collects the money.
    ContractSigned { order_no: String, customer: String, contract_no: String, total: String, link: String },
    /// A model's or trim's free stock crossed a threshold (`level` `low` or `high`).
    StockAlert { store: String, item: String, level: String, count: String, limit: String, link: String },
    /// The advisor's morning list: follow-ups due today and overdue, the first few named.
    FollowUpDigest { advisor: String, store: String, due_today: i64, overdue: i64, first: String, link: String },
    /// A marketing message (an event, a new model): only to customers who agreed to receive
    /// one, through [`send_marketing`].
    Marketing { customer: String, store: String, subject: String, body: String },
}

impl Notice {
    /// Whether the message markets something rather than serving a customer's business with the
    /// store: these need the customer's consent.
    pub fn is_marketing(&self) -> bool {
        matches!(self, Self::Marketing { .. })
    }
}

/// Turns a notice into a subject and a body in `locale`.
pub type Renderer = Arc<dyn Fn(&Notice, &str) -> (String, String) + Send + Sync>;

/// How messages are written and where links point.
#[derive(Clone)]
pub struct Messages {
    /// The address customers and staff open links at, e.g. `https://dms.example.com`.
    pub public_url: String,
    pub render: Renderer,
}

impl Messages {
    /// Plain messages without locale files (tools and tests that do not send mail).
    pub fn plain(public_url: &str) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_string(),
            render: Arc::new(|n, _| (format!("{n:?}"), format!("{n:?}"))),
        }
    }
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
    let (subject, body) = (app.messages.render)(notice, locale);
    enqueue(c, app.now(), Some(store_id), &Mail { to: to.to_string(), subject, body })
}
