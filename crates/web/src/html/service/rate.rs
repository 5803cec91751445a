//! The store's labour rate (`设置 → 工时单价`): one figure, kept by the store's administrator or
//! general manager.

use super::Messages;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, Flash, render};
use crate::session::{Need, ServiceSettingsManage, Staff};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/labour-rate", get(page).post(save))
}

#[derive(Template)]
#[template(path = "service/rate.html")]
struct RatePage {
    ctx: Ctx,
    rate: String,
    messages: Messages,
}

fn yuan(m: domain::Money) -> String {
    format!("{}.{:02}", m.fen() / 100, m.fen() % 100)
}

fn rate_page(staff: &Staff, rate: String, messages: Messages, flash: Option<&str>) -> RatePage {
    RatePage { ctx: Ctx::new(staff, "/admin/labour-rate", flash), rate, messages }
}

async fn page(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceSettingsManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let rate = state.run(move |app| app::service::labour_rate(app, &actor)).await?;
    render(&rate_page(&staff, yuan(rate), Messages::default(), f.flash.as_deref()))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RateForm {
    rate: String,
}

async fn save(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceSettingsManage>,
    Form(f): Form<RateForm>,
) -> Result<Response, WebError> {
    let (actor, typed) = (staff.actor().clone(), f.rate.clone());
    match state.run(move |app| app::service::set_labour_rate(app, &actor, &typed)).await {
        Ok(_) => Ok(Redirect::to("/admin/labour-rate?flash=labour-rate-saved").into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&rate_page(&staff, f.rate, messages, None))?).into_response())
        }
    }
}
