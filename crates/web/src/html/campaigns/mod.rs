//! Recalls and service campaigns' pages (售后 → 召回与服务活动): the group's campaigns with the
//! store's progress, recording one from the maker's notice, and a campaign's page with the cars
//! the store serves that it names.

mod pages;

use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, render};
use crate::session::{CampaignRead, Need};
use app::campaigns::{Campaign, CampaignQuery};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use domain::campaigns::{CampaignKind, CampaignStatus};
use domain::rbac::Permission;

/// What campaigns add to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "campaigns",
    pages: routes,
    api: crate::api::campaigns::routes,
    api_doc: || <crate::api::campaigns::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: None,
    order_panels: &[],
    repair_order_panels: &[],
};

const MENU: &[crate::menu::MenuEntry] = &[crate::menu::MenuEntry {
    group: crate::menu::MenuSection::Service,
    position: 5,
    href: "/service/campaigns",
    label: "nav-campaigns",
    permission: Permission::CampaignRead,
}];

pub fn routes() -> Router<AppState> {
    Router::new().route("/service/campaigns", get(list).post(pages::create)).merge(pages::routes())
}

/// A campaign's kind and status as badges.
pub(crate) fn badges(ctx: &Ctx, k: &Campaign) -> [(String, &'static str); 2] {
    let kind = match k.kind {
        CampaignKind::Recall => "text-bg-danger",
        CampaignKind::Service => "text-bg-info",
    };
    let status = match k.status {
        CampaignStatus::Open => "text-bg-warning",
        CampaignStatus::Closed => "text-bg-secondary",
    };
    [
        (ctx.t(&format!("campaign-kind-{}", k.kind.code())), kind),
        (ctx.t(&format!("campaign-status-{}", k.status.code())), status),
    ]
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Campaign>,
    pager: Pager,
    q: String,
    kind: String,
    tabs: Vec<(String, &'static str, bool)>,
    kinds: Vec<(String, &'static str)>,
}

impl ListPage {
    fn badges(&self, k: &Campaign) -> [(String, &'static str); 2] {
        badges(&self.ctx, k)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

pub(crate) fn kinds(l: crate::i18n::Locale) -> Vec<(String, &'static str)> {
    CampaignKind::ALL.into_iter().map(|k| (l.t(&format!("campaign-kind-{}", k.code())), k.code())).collect()
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CampaignRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let query = CampaignQuery {
        status: q.status.clone(),
        kind: q.kind.clone(),
        q: q.q.clone(),
        page: q.page,
        per_page: q.per_page,
    };
    let filter = query.parse()?;
    let page = app::PageRequest::new(q.page, q.per_page);
    let rows = state.run(move |app| app::campaigns::list(app, &actor, &filter, page)).await?;
    let l = staff.locale();
    let status = q.status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "open".into());
    let tabs =
        ["open", "closed", "all"].into_iter().map(|s| (l.t(&format!("campaign-tab-{s}")), s, status == s)).collect();
    let (text, kind) = (q.q.clone().unwrap_or_default(), q.kind.clone().unwrap_or_default());
    let pager =
        Pager::new(&rows, "/service/campaigns", &[("status", status), ("kind", kind.clone()), ("q", text.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/service/campaigns", q.flash.as_deref()),
        rows: rows.items,
        pager,
        q: text,
        kind,
        tabs,
        kinds: kinds(l),
    })
}
