//! The home page: the work waiting for the user, as cards that capabilities contribute (a count,
//! the first items, a link to the filtered list), then shortcuts to what their role may use.

pub use super::cards::{Card, CardCtx, CardSource};
use super::{Ctx, Flash, render};
use crate::AppState;
use crate::error::WebError;
use crate::session::Staff;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

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
    let sources: Vec<CardSource> = state.web.iter().filter_map(|w| w.home_cards).collect();
    let cc = CardCtx { l: staff.locale(), now: chrono::Utc::now().naive_utc() };
    let cards = state
        .run(move |app| {
            let mut cards = Vec::new();
            for source in sources {
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
