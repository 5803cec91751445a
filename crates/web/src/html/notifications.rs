//! The bell: each person's notifications (the unread count in the top bar, loaded after the
//! page), the list, marking read, and how each person wants each kind of message.

use super::{Ctx, Flash, Pager, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::session::Staff;
use app::org::notifications::{Notification, Preference};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(inbox))
        .route("/notifications/bell", get(bell))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/open", post(open))
        .route("/account/notifications", get(preferences).post(preferences_save))
}

/// The bell's badge: the unread count (nothing when none), for the top bar to load.
async fn bell(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let n = state.run(move |app| app::org::notifications::unread(app, &actor)).await?;
    let label = staff.locale().t_args("bell-unread", &[("count", n.to_string())]);
    Ok(Html(if n == 0 {
        String::new()
    } else {
        format!(
            r#"<span class="position-absolute top-0 start-100 translate-middle badge rounded-pill text-bg-danger" id="bell-count" title="{label}">{}</span>"#,
            if n > 99 { "99+".to_string() } else { n.to_string() }
        )
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InboxQuery {
    unread: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "notifications/inbox.html")]
struct InboxPage {
    ctx: Ctx,
    items: Vec<Notification>,
    unread: i64,
    unread_only: bool,
    pager: Pager,
}

async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<InboxQuery>,
) -> Result<Html<String>, WebError> {
    let unread_only = q.unread.as_deref() == Some("1");
    let page = app::PageRequest::new(super::num(&q.page), super::num(&q.per_page));
    let actor = staff.actor().clone();
    let (found, unread) = state
        .run(move |app| {
            let found = app::org::notifications::inbox(app, &actor, unread_only, page)?;
            Ok((found, app::org::notifications::unread(app, &actor)?))
        })
        .await?;
    let query = [("unread", if unread_only { "1".to_string() } else { String::new() })];
    let pager = Pager::new(&found, "/notifications", &query);
    let ctx = Ctx::new(&staff, "/notifications", q.flash.as_deref());
    render(&InboxPage { ctx, items: found.items, unread, unread_only, pager })
}

/// Opens a notification: marked read, then its page (or the list when it has none).
async fn open(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let n = state.run(move |app| app::org::notifications::read(app, &actor, id)).await?;
    Ok(Redirect::to(n.link.as_deref().unwrap_or("/notifications")).into_response())
}

async fn read_all(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    state.run(move |app| app::org::notifications::read_all(app, &actor)).await?;
    Ok(Redirect::to("/notifications?flash=notifications-read").into_response())
}

#[derive(Template)]
#[template(path = "notifications/preferences.html")]
struct PreferencesPage {
    ctx: Ctx,
    preferences: Vec<Preference>,
}

async fn preferences(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let preferences = state.run(move |app| app::org::notifications::preferences(app, &actor)).await?;
    render(&PreferencesPage { ctx: Ctx::new(&staff, "/account/notifications", f.flash.as_deref()), preferences })
}

/// The form's checkboxes: `in_app`, `email`, `sms` each with the notice as value, and a
/// `notice` per row (so that a row with every box cleared is saved too).
async fn preferences_save(
    State(state): State<AppState>,
    staff: Staff,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let has = |name: &str, notice: &str| fields.iter().any(|(k, v)| k == name && v == notice);
    let input: Vec<Preference> = fields
        .iter()
        .filter(|(k, _)| k == "notice")
        .map(|(_, notice)| Preference {
            notice: notice.clone(),
            in_app: has("in_app", notice),
            email: has("email", notice),
            sms: has("sms", notice),
        })
        .collect();
    let actor = staff.actor().clone();
    state.run(move |app| app::org::notifications::set_preferences(app, &actor, &input)).await?;
    Ok(Redirect::to("/account/notifications?flash=preferences-saved").into_response())
}
