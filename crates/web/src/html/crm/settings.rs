//! The store's CRM settings: days between follow-ups per intent tier, and who takes new leads.

use super::label;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::inventory::{Answer, answer};
use crate::html::{Ctx, render};
use crate::session::{CrmSettingsManage, Need, Staff};
use app::crm::settings::{self as st, CrmSettings, SettingsInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/crm/settings", get(show).post(save))
}

#[derive(Template)]
#[template(path = "crm/settings.html")]
struct SettingsPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    s: CrmSettings,
    error: Option<String>,
}

impl SettingsPage {
    fn tier(&self, code: &str) -> String {
        label(self.ctx.l, "lead-tier", code)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FlashQuery {
    flash: Option<String>,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    flash: Option<&str>,
    error: Option<String>,
) -> Result<SettingsPage, WebError> {
    let actor = staff.actor().clone();
    let s = state.run(move |app| st::to_manage(app, &actor)).await?;
    let l = staff.locale();
    Ok(SettingsPage {
        ctx: Ctx::new(staff, "/crm/settings", flash),
        crumbs: vec![(l.t("nav-crm-settings"), String::new())],
        s,
        error,
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<CrmSettingsManage>,
    Query(q): Query<FlashQuery>,
) -> Result<Html<String>, WebError> {
    render(&page(&state, &staff, q.flash.as_deref(), None).await?)
}

async fn save(
    State(state): State<AppState>,
    Need(staff, _): Need<CrmSettingsManage>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let mut input = SettingsInput { on_duty: Some(Vec::new()), ..Default::default() };
    let mut bad = false;
    for (k, v) in &f {
        if let Some(tier) = k.strip_prefix("cadence_") {
            match v.trim().parse::<i64>() {
                Ok(d) => {
                    input.cadences.insert(tier.to_string(), d);
                }
                Err(_) => bad = true,
            }
        } else if k == "on_duty"
            && let Ok(id) = v.parse()
        {
            input.on_duty.get_or_insert_with(Vec::new).push(id);
        }
    }
    let actor = staff.actor().clone();
    let result = if bad {
        Err(app::AppError::field("cadences", "lead-cadence-range"))
    } else {
        state.run(move |app| st::set(app, &actor, &input)).await
    };
    match answer(&staff, result.map(|_| "/crm/settings?flash=saved".to_string()))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => {
            Ok((status, render(&page(&state, &staff, None, Some(msg)).await?)?).into_response())
        }
    }
}
