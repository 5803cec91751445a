//! The audit log: search by user, record type, record and date; how changes are shown.

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::session::{AuditRead, Need};
use app::PageRequest;
use app::kernel::audit::AuditFilter;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

// --- audit ------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AuditQuery {
    user: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    // Strings, so that a mangled page number in a bookmark shows page 1 instead of an error.
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub(super) struct AuditPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rows: Vec<crate::html::history::Entry>,
    pager: Pager,
    user: String,
    entity: String,
    entity_id: String,
    from: String,
    to: String,
    entities: Vec<(&'static str, String)>,
    users: Vec<(i64, String)>,
}

pub(super) async fn audit(
    State(state): State<AppState>,
    Need(staff, _): Need<AuditRead>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let filter = AuditFilter {
        actor_id: nonblank(&q.user).and_then(|u| u.parse().ok()),
        entity_type: nonblank(&q.entity),
        entity_id: nonblank(&q.entity_id).and_then(|e| e.parse().ok()),
        from: parse_date(&q.from).map(day_start_utc),
        until: parse_date(&q.to).and_then(|d| d.succ_opt()).map(day_start_utc),
        ..Default::default()
    };
    let page = PageRequest::new(num(&q.page), num(&q.per_page));
    let (result, names, users) = state
        .run(move |app| {
            let users = app::org::users::actors(app, &actor)?;
            let found = app::kernel::audit::search(app, &actor, filter, page)?;
            let names = app::kernel::audit::names(app, &actor, &found.items)?;
            Ok((found, names, users))
        })
        .await?;
    let l = staff.locale();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let pager = Pager::new(
        &result,
        "/admin/audit",
        &[
            ("user", s(&q.user)),
            ("entity", s(&q.entity)),
            ("entity_id", s(&q.entity_id)),
            ("from", s(&q.from)),
            ("to", s(&q.to)),
        ],
    );
    let ctx = Ctx::new(&staff, "/admin/audit", None);
    let rows = crate::html::history::read(&ctx, &result.items, &names, &[]);
    render(&AuditPage {
        ctx,
        crumbs: crumbs(l, "nav-audit", "", None),
        rows,
        pager,
        user: s(&q.user),
        entity: s(&q.entity),
        entity_id: s(&q.entity_id),
        from: s(&q.from),
        to: s(&q.to),
        entities: app::kernel::audit::record_types().into_iter().map(|e| (e, l.t(&format!("entity-{e}")))).collect(),
        users: users.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.username))).collect(),
    })
}
