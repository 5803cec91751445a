//! The order list: status tabs, filters, sorting, paging and the Excel export.

use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::session::{Need, OrderRead};
use app::PageRequest;
use app::sales::{OrderFilter, OrderSort, Queue};
use app::sales::{OrderListRow, StatusCount};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use documents::xlsx::Cell;
use domain::Money;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::Channel;
use serde::Deserialize;
use std::collections::HashMap;

/// The colour class of a status tag, the same everywhere (UI.md).
pub fn status_class(status: &str) -> &'static str {
    match status {
        "draft" => "text-bg-secondary",
        "awaiting_confirmation" | "awaiting_approval" => "text-bg-warning",
        "approved" | "delivered" | "closed" => "text-bg-success",
        "cancelled" | "lost" => "text-bg-danger",
        _ => "text-bg-primary",
    }
}

// --- list -------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    /// mine | team | waiting
    view: Option<String>,
    /// A work queue of the home page (`app::sales::Queue` code).
    queue: Option<String>,
    /// An advisor (owner) of the store.
    owner: Option<String>,
    channel: Option<String>,
    model: Option<String>,
    from: Option<String>,
    to: Option<String>,
    min: Option<String>,
    max: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "orders/list.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rows: Vec<OrderListRow>,
    pager: Pager,
    counts: Vec<(String, String, i64)>,
    all_count: i64,
    q: String,
    status: String,
    view: String,
    /// The work queue shown (code and title), if the list was opened from a home card.
    queue: Option<(String, String)>,
    channel: String,
    model: String,
    from: String,
    to: String,
    min: String,
    max: String,
    sort: String,
    per_page: i64,
    models: Vec<(i64, String)>,
    owner: String,
    owners: Vec<(i64, String)>,
    show_owner_filter: bool,
    has_team: bool,
    /// The views (all, mine, team, waiting) differ: not for someone who sees only their own.
    show_views: bool,
    channels: Vec<(&'static str, String)>,
    sorts: Vec<(&'static str, String)>,
    can_write: bool,
    can_approve: bool,
}

impl ListPage {
    fn query(&self, status: &str, view: &str) -> String {
        self.query_sorted(status, view, &self.sort)
    }

    fn query_sorted(&self, status: &str, view: &str, sort: &str) -> String {
        let mut p = vec![];
        for (k, v) in [
            ("q", self.q.as_str()),
            ("view", view),
            ("channel", &self.channel),
            ("model", &self.model),
            ("from", &self.from),
            ("to", &self.to),
            ("min", &self.min),
            ("max", &self.max),
            ("sort", sort),
            ("owner", &self.owner),
            ("status", status),
            ("queue", self.queue.as_ref().map_or("", |q| q.0.as_str())),
        ] {
            if !v.is_empty() {
                p.push(format!("{k}={}", crate::session::urlencode(v)));
            }
        }
        format!("/orders?{}", p.join("&"))
    }

    fn export_href(&self) -> String {
        self.query(&self.status, &self.view).replacen("/orders?", "/orders/export?", 1)
    }

    /// A sortable column's header link: newest / largest first, then the other way round.
    fn sort_href(&self, column: &str) -> String {
        let desc = format!("{column}_desc");
        let next = if self.sort == desc { format!("{column}_asc") } else { desc };
        self.query_sorted(&self.status, &self.view, &next)
    }

    /// The arrow of the column the list is sorted by.
    fn sort_mark(&self, column: &str) -> &'static str {
        match self.sort.strip_prefix(column) {
            Some("_desc") => "↓",
            Some("_asc") => "↑",
            _ => "",
        }
    }

    fn status_href(&self, status: &str) -> String {
        self.query(status, &self.view)
    }

    fn view_href(&self, view: &str) -> String {
        self.query("", view)
    }

    fn tag(&self, status: &impl std::fmt::Display) -> &'static str {
        status_class(&status.to_string())
    }

    fn label(&self, status: &impl std::fmt::Display) -> String {
        self.ctx.t(&format!("status-{status}"))
    }
}

pub(super) fn money_filter(s: &Option<String>) -> Option<i64> {
    nonblank(s).and_then(|v| Money::parse_price(&v).ok()).map(Money::fen)
}

/// The list's filter from its query: the same for the page and its export.
pub(super) async fn filter_of(state: &AppState, actor: &Actor, q: &ListQuery) -> Result<OrderFilter, WebError> {
    // A value the list does not know (an old bookmark, a typo) is refused naming it, never
    // ignored: the list would show every order while the address says it is filtered.
    let mut e = domain::FieldErrors::new();
    let unknown = |v: &Option<String>, known: &dyn Fn(&str) -> bool| nonblank(v).is_some_and(|v| !known(&v));
    if unknown(&q.queue, &|v| Queue::from_code(v).is_some()) {
        e.add("queue", "filter-unknown");
    }
    if unknown(&q.view, &|v| ["mine", "team", "waiting"].contains(&v)) {
        e.add("view", "filter-unknown");
    }
    if unknown(&q.status, &|v| <domain::sales::Status as domain::Code>::from_code(v).is_some()) {
        e.add("status", "filter-unknown");
    }
    if unknown(&q.sort, &|v| OrderSort::from_code(v).is_some()) {
        e.add("sort", "filter-unknown");
    }
    e.into_result().map_err(|e| WebError(app::AppError::Validation(e)))?;
    let view = nonblank(&q.view).unwrap_or_default();
    let a = actor.clone();
    let waiting = view == "waiting";
    let queue = queue_of(q);
    let (team, inbox, base) = state
        .run(move |app| {
            let inbox = if waiting { Some(app::sales::inbox_ids(app, &a)?) } else { None };
            let base = match queue {
                Some(queue) => app::sales::queue_filter(app, &a, queue)?,
                None => OrderFilter::default(),
            };
            Ok((app::sales::team_of(app, &a)?, inbox, base))
        })
        .await?;
    let status = nonblank(&q.status).and_then(|s| <domain::sales::Status as domain::Code>::from_code(&s));
    Ok(OrderFilter {
        statuses: match status {
            Some(s) => vec![s],
            None => base.statuses,
        },
        owner_id: if view == "mine" { Some(actor.user_id.0) } else { num(&q.owner) },
        team_member_ids: if view == "team" { team } else { None },
        model_id: num(&q.model),
        channel: nonblank(&q.channel),
        from: parse_date(&q.from).map(day_start_utc),
        until: parse_date(&q.to).and_then(|d| d.succ_opt()).map(day_start_utc),
        min_total: money_filter(&q.min),
        max_total: money_filter(&q.max),
        q: nonblank(&q.q),
        sort: q.sort.as_deref().and_then(OrderSort::from_code).unwrap_or(base.sort),
        ids: inbox.or(base.ids),
        ..Default::default()
    })
}

/// The filtered list as an Excel workbook: the list's columns, money as numbers in yuan.
pub(super) async fn export(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&state, &actor, &q).await?;
    let rows = state.run(move |app| app::sales::export(app, &actor, &filter)).await?;
    let l = staff.locale();
    let ctx = Ctx::new(&staff, "/orders", None);
    type Row = app::sales::OrderListRow;
    crate::html::xlsx_download(
        &l.t("nav-orders"),
        "orders",
        l,
        &[
            ("order-no", &|o: &Row| Cell::Text(o.order_no.clone())),
            ("field-status", &|o: &Row| Cell::Text(l.t(&format!("status-{}", o.status)))),
            ("order-customer", &|o: &Row| Cell::Text(o.customer_name.clone())),
            ("field-mobile", &|o: &Row| Cell::Text(o.customer_mobile.clone())),
            ("order-vehicle", &|o: &Row| Cell::Text(o.vehicle.clone())),
            ("field-owner-id", &|o: &Row| Cell::Text(o.owner_name.clone())),
            ("field-channel", &|o: &Row| Cell::Text(l.t(&format!("channel-{}", o.channel)))),
            ("field-discount-percent", &|o: &Row| Cell::Percent(o.discount_bp)),
            ("order-total", &|o: &Row| Cell::Yuan(o.total_fen)),
            ("field-created-at", &|o: &Row| Cell::Text(ctx.dt(&o.created_at))),
        ],
        rows,
    )
}

pub(super) async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let view = nonblank(&q.view).unwrap_or_default();
    let filter = filter_of(&state, &actor, &q).await?;
    let page = PageRequest::new(num(&q.page), num(&q.per_page));
    let a3 = actor.clone();
    let (result, counts, models, owners) = state
        .run(move |app| {
            let (page, counts) = app::sales::list(app, &a3, &filter, page)?;
            let models = app::catalogue::models(app, &a3)?;
            let owners = app::org::users::staff_of_store(app, &a3)?;
            Ok((page, counts, models, owners))
        })
        .await?;
    let l = staff.locale();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let by_status: HashMap<domain::sales::Status, i64> =
        counts.iter().map(|c: &StatusCount| (c.status, c.count)).collect();
    let query = [
        ("q", s(&q.q)),
        ("status", s(&q.status)),
        ("view", view.clone()),
        ("channel", s(&q.channel)),
        ("model", s(&q.model)),
        ("from", s(&q.from)),
        ("to", s(&q.to)),
        ("min", s(&q.min)),
        ("max", s(&q.max)),
        ("sort", s(&q.sort)),
        ("owner", s(&q.owner)),
        ("per_page", s(&q.per_page)),
        ("queue", s(&q.queue)),
    ];
    let pager = Pager::new(&result, "/orders", &query);
    let per_page = result.per_page;
    let a = staff.actor();
    render(&ListPage {
        ctx: Ctx::new(&staff, "/orders", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-orders"), String::new())],
        rows: result.items,
        pager,
        counts: domain::sales::Status::ALL
            .iter()
            .filter_map(|st| {
                let code = st.code().to_string();
                let n = *by_status.get(st)?;
                let label = l.t(&format!("status-{code}"));
                Some((code, label, n))
            })
            .collect(),
        all_count: by_status.values().sum(),
        q: s(&q.q),
        status: s(&q.status),
        view,
        queue: queue_of(&q).map(|qu| (qu.code().to_string(), l.t(&format!("queue-{}", qu.code())))),
        channel: s(&q.channel),
        model: s(&q.model),
        from: s(&q.from),
        to: s(&q.to),
        min: s(&q.min),
        max: s(&q.max),
        sort: filter_sort(&q.sort, queue_of(&q).map(Queue::sort).unwrap_or_default()),
        per_page,
        models: models.into_iter().map(|m| (m.id, m.name)).collect(),
        owner: s(&q.owner),
        owners: owners
            .into_iter()
            .filter(|u| {
                use domain::rbac::Role::*;
                matches!(u.role, SalesAdvisor | SalesManager | GeneralManager)
            })
            .map(|u| (u.id, u.display_name))
            .collect(),
        show_owner_filter: a.scope != DataScope::Own,
        has_team: a.team_id.is_some() && a.scope != DataScope::Own,
        show_views: a.scope != DataScope::Own || a.can(Permission::OrderApprove),
        channels: Channel::ALL.iter().map(|c| (c.code(), l.t(&format!("channel-{}", c.code())))).collect(),
        sorts: OrderSort::ALL.iter().map(|s| (s.code(), l.t(&format!("order-sort-{}", s.code())))).collect(),
        can_write: a.can(Permission::OrderWrite),
        can_approve: a.can(Permission::OrderApprove),
    })
}

/// The list's sort: the one chosen, else the queue's, else newest first.
pub(super) fn filter_sort(s: &Option<String>, default: OrderSort) -> String {
    s.as_deref().and_then(OrderSort::from_code).unwrap_or(default).code().to_string()
}

/// The work queue the list was opened from, if any.
fn queue_of(q: &ListQuery) -> Option<Queue> {
    nonblank(&q.queue).and_then(|c| Queue::from_code(&c))
}
