//! The day list (今日待跟进): the advisor's follow-ups due today or overdue, the most overdue
//! first, each one tap from the lead; above it, for managers, the overdue counts per advisor,
//! each opening that advisor's overdue leads to reassign them.

use super::{label, tier_badge};
use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, num, render};
use crate::session::{LeadRead, Need};
use app::crm::{DueCount, DueItem, follow_ups};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/follow-ups", get(day))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DayQuery {
    owner_id: Option<String>,
    page: Option<String>,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "crm/day.html")]
struct DayPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    day: String,
    page: app::Page<DueItem>,
    pager: Pager,
    counts: Vec<DueCount>,
    /// Whose list it is (another advisor's, for a manager).
    owner: Option<(i64, String)>,
    team: bool,
}

impl DayPage {
    fn tier(&self, code: &str) -> String {
        label(self.ctx.l, "lead-tier", code)
    }
    fn tier_badge(&self, code: &str) -> &'static str {
        tier_badge(code)
    }
    fn stage(&self, code: &str) -> String {
        label(self.ctx.l, "lead-stage", code)
    }
    fn overdue(&self, d: &chrono::NaiveDate) -> bool {
        d.to_string() < self.day
    }
}

async fn day(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadRead>,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let owner = num(&q.owner_id);
    let page_req = app::PageRequest::new(num(&q.page), Some(50));
    let team = actor.scope != domain::rbac::DataScope::Own;
    let (day, page, counts) = state
        .run(move |app| {
            let (day, page) = follow_ups::day_list(app, &actor, owner, page_req)?;
            let counts = if team { follow_ups::due_counts(app, &actor)? } else { Vec::new() };
            Ok((day, page, counts))
        })
        .await?;
    let l = staff.locale();
    let pager = Pager::new(&page, "/follow-ups", &[("owner_id", owner.map(|o| o.to_string()).unwrap_or_default())]);
    let owner = owner.filter(|o| *o != staff.actor().user_id.0).map(|o| {
        (o, counts.iter().find(|c| c.owner_id == o).map(|c| c.owner_name.clone()).unwrap_or_else(|| format!("#{o}")))
    });
    render(&DayPage {
        ctx: Ctx::new(&staff, "/follow-ups", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-follow-ups"), String::new())],
        day: day.to_string(),
        page,
        pager,
        counts,
        owner,
        team,
    })
}
