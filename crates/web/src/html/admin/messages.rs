//! The store's messages that did not go out, with the reason, and sending one again.

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Id;
use crate::html::form::{Answer, answer};
use crate::html::{Ctx, Flash, render};
use crate::session::{MessagesManage, Need};
use app::org::messages::TroubledMessage;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "admin/messages.html")]
pub(super) struct MessagesPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    messages: Vec<TroubledMessage>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    staff: &crate::session::Staff,
    flash: Option<&str>,
    error: Option<String>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let messages = state.run(move |app| app::org::messages::troubled(app, &actor)).await?;
    let ctx = Ctx::new(staff, "/admin/messages", flash);
    render(&MessagesPage {
        crumbs: crumbs(staff.locale(), "nav-messages", "/admin/messages", None),
        ctx,
        messages,
        error,
    })
}

pub(super) async fn messages(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    page(&state, &staff, f.flash.as_deref(), None).await
}

pub(super) async fn retry(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| app::org::messages::retry(app, &actor, id)).await;
    match answer(&staff, result.map(|_| "/admin/messages?flash=message-queued".to_string()))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, message) => {
            Ok((status, page(&state, &staff, None, Some(message)).await?).into_response())
        }
    }
}
