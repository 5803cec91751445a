//! The store's CRM settings: days between follow-ups per intent tier, and who takes new leads.

use super::label;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::form::{Answer, answer};
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

    fn value_tier(&self, code: &str) -> String {
        label(self.ctx.l, "value-tier", code)
    }

    /// An amount as typed in the form: yuan without grouping.
    fn yuan(&self, fen: &i64) -> String {
        domain::money::Money::from_fen(*fen).to_plain()
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
    let mut bad_value: Option<(&'static str, String)> = None;
    for (k, v) in &f {
        if let Some(tier) = k.strip_prefix("cadence_") {
            match v.trim().parse::<i64>() {
                Ok(d) => {
                    input.cadences.insert(tier.to_string(), d);
                }
                Err(_) => bad = true,
            }
        } else if let Some(rest) = k.strip_prefix("value_") {
            let (tier, part) = rest.rsplit_once('_').unwrap_or((rest, ""));
            let rule = input.value_rules.entry(tier.to_string()).or_default();
            match part {
                "purchases" => match v.trim().parse::<i64>() {
                    Ok(n) => rule.min_purchases = n,
                    Err(_) => bad_value = Some(("value-rule-no-purchase", tier.to_string())),
                },
                "spend" => match domain::money::Money::parse_yuan(v) {
                    Ok(m) => rule.min_spend_fen = m.fen(),
                    Err(e) => bad_value = Some((domain::error::ErrorCode::code(&e), tier.to_string())),
                },
                _ => {}
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
    } else if let Some((code, tier)) = bad_value {
        Err(app::AppError::field(&format!("value_rules.{tier}"), code))
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
