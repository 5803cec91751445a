//! Loaner cars' pages (售后 → 代步车): the store's fleet with who has each car and the loans
//! (out, overdue, back), lending a car from a repair order, and a loan's page where it is taken
//! back. The repair order page shows the order's loaner in a box registered here.

mod pages;

use crate::AppState;
use crate::error::WebError;
use crate::html::panels::{Loaded, RepairOrderPanel};
use crate::html::{Ctx, Pager, render};
use crate::session::{Need, ServiceRead};
use app::loaners::{Loan, LoanQuery, LoanerCar};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use domain::rbac::Permission;

/// What loaner cars add to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "loaners",
    pages: routes,
    api: crate::api::loaners::routes,
    api_doc: || <crate::api::loaners::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: None,
    order_panels: &[],
    repair_order_panels: &[&LOAN_PANEL],
};

const MENU: &[crate::menu::MenuEntry] = &[crate::menu::MenuEntry {
    group: crate::menu::MenuSection::Service,
    position: 6,
    href: "/service/loaners",
    label: "nav-loaners",
    permission: Permission::ServiceRead,
}];

pub fn routes() -> Router<AppState> {
    Router::new().route("/service/loaners", get(list)).merge(pages::routes())
}

/// A loan's state as a badge.
pub(crate) fn badge(ctx: &Ctx, l: &Loan) -> (String, &'static str) {
    if l.overdue {
        (ctx.t("loan-overdue"), "text-bg-danger")
    } else {
        match l.status {
            domain::loaners::LoanStatus::Out => (ctx.t("loan-status-out"), "text-bg-warning"),
            domain::loaners::LoanStatus::Returned => (ctx.t("loan-status-returned"), "text-bg-success"),
        }
    }
}

#[derive(Template)]
#[template(path = "loaners/list.html")]
struct ListPage {
    ctx: Ctx,
    fleet: Vec<LoanerCar>,
    rows: Vec<Loan>,
    pager: Pager,
    q: String,
    tabs: Vec<(String, &'static str, bool)>,
}

impl ListPage {
    fn badge(&self, l: &Loan) -> (String, &'static str) {
        badge(&self.ctx, l)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    state: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let status = q.state.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "out".into());
    let query = LoanQuery { state: Some(status.clone()), q: q.q.clone(), page: q.page, per_page: q.per_page };
    let page = app::PageRequest::new(q.page, q.per_page);
    let (fleet, rows) = state
        .run(move |app| {
            Ok::<_, app::AppError>((app::loaners::fleet(app, &actor)?, app::loaners::list(app, &actor, &query, page)?))
        })
        .await?;
    let l = staff.locale();
    let tabs = ["out", "overdue", "returned", "all"]
        .into_iter()
        .map(|s| (l.t(&format!("loan-tab-{s}")), s, status == s))
        .collect();
    let text = q.q.clone().unwrap_or_default();
    let pager = Pager::new(&rows, "/service/loaners", &[("state", status), ("q", text.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/service/loaners", q.flash.as_deref()),
        fleet,
        rows: rows.items,
        pager,
        q: text,
        tabs,
    })
}

/// The repair order's loaner box: the car out (to take back) or the loans before, and a way to
/// lend one while the order is open.
const LOAN_PANEL: RepairOrderPanel = RepairOrderPanel { load, render: render_panel };

struct PanelData {
    loans: Vec<Loan>,
    /// Loaner cars free to lend now, for a reader who may lend.
    free: usize,
}

fn load(app: &app::App, actor: &domain::org::Actor, r: &app::service::RepairOrder) -> app::AppResult<Loaded> {
    if !actor.can(Permission::ServiceRead) {
        return Ok(Box::new(None::<PanelData>));
    }
    // A technician opens the orders of their jobs, which their scope does not show loaners of.
    let loans = match app::loaners::of_repair_order(app, actor, r.id) {
        Err(app::AppError::NotFound) => return Ok(Box::new(None::<PanelData>)),
        other => other?,
    };
    let may_lend = r.status.is_open() && actor.can(Permission::ServiceWrite);
    let free = if may_lend { app::loaners::fleet(app, actor)?.iter().filter(|c| c.loan.is_none()).count() } else { 0 };
    if loans.is_empty() && !may_lend {
        return Ok(Box::new(None::<PanelData>));
    }
    Ok(Box::new(Some(PanelData { loans, free })))
}

#[derive(Template)]
#[template(path = "loaners/panel.html")]
struct LoanBox<'a> {
    ctx: &'a Ctx,
    r: &'a app::service::RepairOrder,
    loans: &'a [Loan],
    out: Option<&'a Loan>,
    free: usize,
}

impl LoanBox<'_> {
    fn badge(&self, l: &Loan) -> (String, &'static str) {
        badge(self.ctx, l)
    }
}

fn render_panel(ctx: &Ctx, r: &app::service::RepairOrder, data: Loaded) -> String {
    let Ok(data) = data.downcast::<Option<PanelData>>() else { return String::new() };
    let Some(d) = *data else { return String::new() };
    let out = d.loans.iter().find(|l| l.status == domain::loaners::LoanStatus::Out);
    LoanBox { ctx, r, loans: &d.loans, out, free: d.free }.render().unwrap_or_default()
}
