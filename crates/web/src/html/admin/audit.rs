//! The audit log: search by user, record type, record and date; how changes are shown.

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::session::{AuditRead, Need};
use app::PageRequest;
use app::audit::{AuditEntry, AuditFilter};
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
    rows: Vec<AuditEntry>,
    pager: Pager,
    user: String,
    entity: String,
    entity_id: String,
    from: String,
    to: String,
    entities: Vec<(&'static str, String)>,
    users: Vec<(i64, String)>,
}

impl AuditPage {
    fn changes(&self, row: &AuditEntry) -> Vec<(String, String, String)> {
        changes_of(&self.ctx, row)
    }

    fn entity_href(&self, row: &AuditEntry) -> String {
        if row.entity_id == 0 {
            return String::new(); // an event about a list (an export), not one record
        }
        match row.entity_type.as_str() {
            "customer" => format!("/customers/{}", row.entity_id),
            "user" => format!("/admin/users/{}", row.entity_id),
            "store" => format!("/admin/stores/{}", row.entity_id),
            "team" => format!("/admin/teams/{}", row.entity_id),
            "model" => format!("/catalogue/models/{}", row.entity_id),
            _ => String::new(),
        }
    }
}

/// The field changes of an audit row as (label, before, after) for display.
pub fn changes_of(ctx: &Ctx, row: &AuditEntry) -> Vec<(String, String, String)> {
    changes_without(ctx, row, &[])
}

/// `changes_of` without the fields named in `skip` (raw field names, as recorded).
pub fn changes_without(ctx: &Ctx, row: &AuditEntry, skip: &[&str]) -> Vec<(String, String, String)> {
    let serde_json::Value::Object(map) = &row.changes else {
        return vec![];
    };
    map.iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let (b, a) = match v.as_array().map(Vec::as_slice) {
                Some([b, a]) => (shown(ctx, k, b), shown(ctx, k, a)),
                _ => (String::new(), shown(ctx, k, v)),
            };
            (ctx.t(&format!("field-{}", k.replace('_', "-"))), b, a)
        })
        .collect()
}

/// A recorded value as staff read it: money in yuan, codes by their label, record ids as `#id`.
pub(super) fn shown(ctx: &Ctx, field: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    let label = |prefix: &str, code: &str| {
        let key = format!("{prefix}-{code}");
        let text = ctx.t(&key);
        if text == key { code.to_string() } else { text }
    };
    match v {
        Value::Null => "—".to_string(),
        Value::Number(n) if field.ends_with("_fen") => {
            n.as_i64().map(|f| ctx.money(&f)).unwrap_or_else(|| n.to_string())
        }
        Value::Number(n) if field.ends_with("_id") => format!("#{n}"),
        Value::String(s) => match field {
            "status" => label("status", s),
            "statuses" => {
                s.split(',').filter(|c| !c.is_empty()).map(|c| label("status", c)).collect::<Vec<_>>().join("、")
            }
            "command" => label("order-event", s),
            "payment_method" => label("payment", s),
            "channel" => label("channel", s),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
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
    let (result, users) = state
        .run(move |app| {
            let users = app::audit::actors(app, &actor)?;
            Ok((app::audit::search(app, &actor, filter, page)?, users))
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
    render(&AuditPage {
        ctx: Ctx::new(&staff, "/admin/audit", None),
        crumbs: crumbs(l, "nav-audit", "", None),
        rows: result.items,
        pager,
        user: s(&q.user),
        entity: s(&q.entity),
        entity_id: s(&q.entity_id),
        from: s(&q.from),
        to: s(&q.to),
        entities: app::audit::record_types().into_iter().map(|e| (e, l.t(&format!("entity-{e}")))).collect(),
        users: users.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.username))).collect(),
    })
}
