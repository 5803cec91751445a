//! The home page's cards, as capabilities build them: a work queue with its count, its first
//! items and a link to the filtered list.

use crate::i18n::Locale;
use chrono::NaiveDateTime;
use domain::org::Actor;

/// A work queue on the home page.
pub struct Card {
    /// Stable name, for tests and anchors (`queue-awaiting-my-approval`).
    pub id: String,
    pub title: String,
    pub hint: String,
    pub count: i64,
    /// The list of everything in the queue.
    pub href: String,
    pub items: Vec<CardItem>,
    /// What the card says when nothing waits.
    pub empty: String,
}

/// One item of a card: a record the user may open.
pub struct CardItem {
    pub href: String,
    pub title: String,
    pub detail: String,
    pub number: String,
    pub badge: Option<(String, &'static str)>,
    /// How long it has waited, in words ("3 天").
    pub age: String,
}

/// What a card's builder needs besides the application.
pub struct CardCtx {
    pub l: Locale,
    pub now: NaiveDateTime,
}

impl CardCtx {
    /// `since` to now in the largest whole unit: minutes, hours or days.
    pub fn age(&self, since: &NaiveDateTime) -> String {
        let minutes = (self.now - *since).num_minutes().max(0);
        let (key, n) = match minutes {
            m if m < 60 => ("age-minutes", m),
            m if m < 60 * 24 => ("age-hours", m / 60),
            m => ("age-days", m / (60 * 24)),
        };
        self.l.t_args(key, &[("n", n.to_string())])
    }
}

/// A capability's contribution to the home page: the cards of the queues `actor` works from.
/// It runs on the application's thread, inside the page's one request.
pub type CardSource = fn(&app::App, &Actor, &CardCtx) -> Result<Vec<Card>, app::AppError>;
