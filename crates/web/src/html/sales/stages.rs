//! Stage time limits on the web: the order page's box (how late the order is in its stage, the
//! time it spent in each), and the store's limits page.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::Ctx;
use crate::html::{Flash, render};
use crate::session::{Need, Staff, StageLimitsManage};
use app::sales::stages::{Late, LimitInput, StageLimit, StageSpan};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// Whole days and hours of `minutes`, as the stage messages name them.
fn days_hours(minutes: i64) -> [(&'static str, String); 2] {
    let hours = minutes.max(0) / 60;
    [("days", (hours / 24).to_string()), ("hours", (hours % 24).to_string())]
}

/// "2 天 3 小时" late.
pub(crate) fn late_label(l: crate::i18n::Locale, minutes: i64) -> String {
    l.t_args("stage-late", &days_hours(minutes))
}

#[derive(Template)]
#[template(path = "orders/stages_box.html")]
struct StagesBox<'a> {
    ctx: &'a Ctx,
    late: Option<Late>,
    spans: Vec<StageSpan>,
}

impl StagesBox<'_> {
    fn banner(&self, l: &Late) -> String {
        let [days, hours] = days_hours(l.minutes);
        self.ctx.l.t_args("stage-late-banner", &[("stage", l.status.code().to_string()), days, hours])
    }

    fn took(&self, s: &StageSpan) -> String {
        let (d, h, m) = (s.minutes / 1440, s.minutes % 1440 / 60, s.minutes % 60);
        if d > 0 {
            format!("{d}d {h}h")
        } else if h > 0 {
            format!("{h}h {m}m")
        } else {
            format!("{m}m")
        }
    }
}

/// The order page's stages box: the banner of a late stage at the top, the time in each stage.
pub(super) fn render_box(ctx: &Ctx, (late, spans): (Option<Late>, Vec<StageSpan>)) -> String {
    StagesBox { ctx, late, spans }.render().unwrap_or_else(|e| {
        tracing::error!(%e, "stages box");
        String::new()
    })
}

#[derive(Template)]
#[template(path = "orders/stage_limits.html")]
struct LimitsPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    limits: Vec<StageLimit>,
    errors: BTreeMap<String, String>,
    error: Option<String>,
}

impl LimitsPage {
    fn stage(&self, code: &str) -> String {
        self.ctx.l.t(&format!("status-{code}"))
    }

    fn error_of(&self, field: &str, code: &str) -> Option<&String> {
        self.errors.get(&format!("{field}.{code}"))
    }
}

fn limits_page(staff: &Staff, flash: Option<&str>, limits: Vec<StageLimit>) -> LimitsPage {
    let l = staff.locale();
    LimitsPage {
        ctx: Ctx::new(staff, "/admin/stage-limits", flash),
        crumbs: vec![(l.t("stage-limits-title"), String::new())],
        limits,
        errors: BTreeMap::new(),
        error: None,
    }
}

pub(super) async fn limits(
    State(state): State<AppState>,
    Need(staff, _): Need<StageLimitsManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let limits = state.run(move |app| app::sales::stages::limits(app, &actor)).await?;
    render(&limits_page(&staff, f.flash.as_deref(), limits))
}

/// The form: `remind_hours.<status>` and `escalate_hours.<status>` per stage.
pub(super) async fn limits_save(
    State(state): State<AppState>,
    Need(staff, _): Need<StageLimitsManage>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let value = |name: &str, status: &str| {
        fields.iter().find(|(k, _)| *k == format!("{name}.{status}")).map(|(_, v)| v.trim().to_string())
    };
    let statuses: Vec<String> =
        fields.iter().filter_map(|(k, _)| k.strip_prefix("remind_hours.")).map(str::to_string).collect();
    let input: Vec<LimitInput> = statuses
        .iter()
        .map(|s| LimitInput {
            status: s.clone(),
            // Not a number: 0, which the limits refuse with their message.
            remind_hours: value("remind_hours", s).and_then(|v| v.parse().ok()).unwrap_or(0),
            escalate_hours: value("escalate_hours", s).and_then(|v| v.parse().ok()).unwrap_or(0),
        })
        .collect();
    let actor = staff.actor().clone();
    let typed = input.clone();
    match state.run(move |app| app::sales::stages::set_limits(app, &actor, &input)).await {
        Ok(_) => Ok(Redirect::to("/admin/stage-limits?flash=stage-limits-saved").into_response()),
        Err(app::AppError::Validation(fe)) => {
            let actor = staff.actor().clone();
            let mut limits = state.run(move |app| app::sales::stages::limits(app, &actor)).await?;
            for l in &mut limits {
                if let Some(t) = typed.iter().find(|t| t.status == l.status) {
                    l.remind_hours = i32::try_from(t.remind_hours).unwrap_or(0);
                    l.escalate_hours = i32::try_from(t.escalate_hours).unwrap_or(0);
                }
            }
            let mut page = limits_page(&staff, None, limits);
            let l = staff.locale();
            page.errors = fe.iter().map(|e| (e.field.clone(), l.error(e.code))).collect();
            page.error = Some(fe.iter().map(|e| l.error(e.code)).collect::<Vec<_>>().join(" "));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
