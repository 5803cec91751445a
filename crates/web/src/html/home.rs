//! The home page: the work waiting for the user, as cards that capabilities contribute (a count,
//! the first items, a link to the filtered list), then shortcuts to what their role may use.

use super::{Ctx, Flash, render};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Locale;
use crate::session::Staff;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDateTime;
use domain::org::Actor;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

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

/// Every capability's home cards, in the order they are shown.
const CARDS: [CardSource; 4] =
    [super::crm::home_cards, super::sales::home_cards, super::finance::home_cards, super::inventory::home_cards];

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    ctx: Ctx,
    cards: Vec<Card>,
    /// For a role no capability has work for yet: what autodms will give it.
    promise: String,
}

async fn home(State(state): State<AppState>, staff: Staff, Query(f): Query<Flash>) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let cc = CardCtx { l: staff.locale(), now: chrono::Utc::now().naive_utc() };
    let cards = state
        .run(move |app| {
            let mut cards = Vec::new();
            for source in CARDS {
                cards.extend(source(app, &actor, &cc)?);
            }
            // What waits comes first; an empty queue still says it is empty.
            cards.sort_by_key(|c: &Card| c.count == 0);
            Ok(cards)
        })
        .await?;
    let ctx = Ctx::new(&staff, "/", f.flash.as_deref());
    let promise =
        if cards.is_empty() { ctx.t(&format!("home-promise-{}", staff.actor().role.code())) } else { String::new() };
    render(&Home { ctx, cards, promise })
}
