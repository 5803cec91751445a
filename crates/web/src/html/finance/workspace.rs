//! Finance's workspace: a day's work from one page. Tabs: payments to confirm, balances
//! outstanding by age, the day's receipts by method (the printable daily cash report), refunds
//! to approve and to pay, orders to invoice; each list paged and exported to Excel.

use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, render};
use crate::session::{FinanceRead, Need};
use app::finance::workspace::{self, DailyReport, OrderDue, PaymentLine, PaymentQuery, RefundLine};
use app::{Page, PageRequest};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use documents::xlsx::Cell;
use domain::Money;
use domain::finance::RefundStatus;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/finance", get(show)).route("/finance/export", get(export))
}

pub const TABS: [&str; 5] = ["confirm", "balances", "daily", "refunds", "invoices"];

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct WorkspaceQuery {
    tab: Option<String>,
    page: Option<i64>,
    q: Option<String>,
    method: Option<String>,
    day: Option<String>,
    /// refunds: requested (to approve) | approved (to pay) | paid | rejected
    refund_status: Option<String>,
    flash: Option<String>,
}

impl WorkspaceQuery {
    fn tab(&self) -> &str {
        self.tab.as_deref().filter(|t| TABS.contains(t)).unwrap_or("confirm")
    }

    fn refund_status(&self) -> RefundStatus {
        use domain::Code;
        self.refund_status.as_deref().and_then(RefundStatus::from_code).unwrap_or(RefundStatus::Requested)
    }
}

enum Lists {
    Payments(Page<PaymentLine>),
    Dues(Page<OrderDue>),
    Daily(DailyReport),
    Refunds(Page<RefundLine>),
}

#[derive(Template)]
#[template(path = "finance/workspace.html")]
struct WorkspacePage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    tab: String,
    q: WorkspaceQuery,
    lists: Lists,
    pager: Option<Pager>,
    day: String,
}

impl WorkspacePage {
    fn fen(&self, f: &i64) -> String {
        Money::from_fen(*f).to_string()
    }

    fn tr<T: serde::Serialize>(&self, prefix: &str, v: &T) -> String {
        let code = serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        self.ctx.t(&format!("{prefix}-{code}"))
    }

    fn is_tab(&self, tab: &str) -> bool {
        self.tab == tab
    }

    fn tab_hint(&self) -> String {
        self.ctx.t(&format!("finance-tab-{}-hint", self.tab))
    }

    fn tab_href(&self, tab: &str) -> String {
        format!("/finance?tab={tab}")
    }

    fn export_href(&self) -> String {
        let mut h = format!("/finance/export?tab={}", self.tab);
        if self.tab == "daily" {
            h.push_str(&format!("&day={}", self.day));
        }
        if self.tab == "refunds" {
            h.push_str(&format!("&refund_status={}", self.q.refund_status().code()));
        }
        h
    }

    fn search(&self) -> &str {
        self.q.q.as_deref().unwrap_or("")
    }

    fn method_is(&self, m: &str) -> bool {
        self.q.method.as_deref() == Some(m)
    }

    fn refund_is(&self, s: &str) -> bool {
        self.q.refund_status().code() == s
    }
}

fn label<T: domain::Code>(l: crate::i18n::Locale, prefix: &str, v: T) -> String {
    l.t(&format!("{prefix}-{}", v.code()))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

async fn load(
    state: &AppState,
    staff: &crate::session::Staff,
    q: &WorkspaceQuery,
    page: PageRequest,
) -> Result<(Lists, String), WebError> {
    let actor = staff.actor().clone();
    let tab = q.tab().to_string();
    let day = q.day.as_deref().and_then(|d| d.parse().ok()).unwrap_or_else(today);
    let pq = PaymentQuery {
        status: Some("registered".into()),
        method: q.method.clone().filter(|m| !m.is_empty()),
        q: q.q.clone().filter(|s| !s.is_empty()),
        ..PaymentQuery::default()
    };
    let refund_status = q.refund_status();
    let lists = state
        .run(move |app| {
            Ok(match tab.as_str() {
                "balances" => Lists::Dues(workspace::balances(app, &actor, page)?),
                "invoices" => Lists::Dues(workspace::to_invoice(app, &actor, page)?),
                "daily" => Lists::Daily(workspace::daily(app, &actor, day)?),
                "refunds" => Lists::Refunds(workspace::refunds(app, &actor, Some(refund_status), page)?),
                _ => Lists::Payments(workspace::payments(app, &actor, &pq, page)?),
            })
        })
        .await?;
    Ok((lists, day.to_string()))
}

pub(super) async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<FinanceRead>,
    Query(q): Query<WorkspaceQuery>,
) -> Result<Html<String>, WebError> {
    let page = PageRequest::new(q.page, Some(50));
    let (lists, day) = load(&state, &staff, &q, page).await?;
    let keep = |extra: Vec<(&'static str, String)>| {
        let mut v = vec![("tab", q.tab().to_string())];
        v.extend(extra);
        v
    };
    let pager = match &lists {
        Lists::Payments(p) => Some(Pager::new(
            p,
            "/finance",
            &keep(vec![("q", q.q.clone().unwrap_or_default()), ("method", q.method.clone().unwrap_or_default())]),
        )),
        Lists::Dues(p) => Some(Pager::new(p, "/finance", &keep(vec![]))),
        Lists::Refunds(p) => {
            Some(Pager::new(p, "/finance", &keep(vec![("refund_status", q.refund_status().code().to_string())])))
        }
        Lists::Daily(_) => None,
    };
    let l = staff.locale();
    let ctx = Ctx::new(&staff, "/finance", q.flash.as_deref());
    render(&WorkspacePage {
        crumbs: vec![(l.t("nav-finance-workspace"), String::new())],
        ctx,
        tab: q.tab().to_string(),
        lists,
        pager,
        day,
        q,
    })
}

/// The tab's list (all of it, not a page) as an Excel workbook.
pub(super) async fn export(
    State(state): State<AppState>,
    Need(staff, _): Need<FinanceRead>,
    Query(q): Query<WorkspaceQuery>,
) -> Result<Response, WebError> {
    let (lists, _) = load(&state, &staff, &q, PageRequest { page: 1, per_page: 10_000 }).await?;
    let l = staff.locale();
    let t = |k: &str| l.t(k);
    let (headers, rows): (Vec<String>, Vec<Vec<Cell>>) = match lists {
        Lists::Payments(p) => (
            [
                "order-no",
                "order-customer",
                "field-payment-kind",
                "field-method",
                "field-amount-fen",
                "field-reference",
                "field-paid-on",
                "field-status",
            ]
            .iter()
            .map(|k| t(k))
            .collect(),
            p.items
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.order_no),
                        Cell::Text(r.customer_name),
                        Cell::Text(label(l, "pay-kind", r.payment.kind)),
                        Cell::Text(label(l, "pay-method", r.payment.method)),
                        Cell::Yuan(r.payment.amount_fen),
                        r.payment.reference.into(),
                        Cell::Text(r.payment.paid_on.to_string()),
                        Cell::Text(label(l, "pay-status", r.payment.status)),
                    ]
                })
                .collect(),
        ),
        Lists::Daily(d) => (
            [
                "order-no",
                "order-customer",
                "field-receipt-no",
                "field-payment-kind",
                "field-method",
                "field-amount-fen",
                "field-reference",
            ]
            .iter()
            .map(|k| t(k))
            .collect(),
            d.payments
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.order_no),
                        Cell::Text(r.customer_name),
                        r.payment.receipt_no.into(),
                        Cell::Text(label(l, "pay-kind", r.payment.kind)),
                        Cell::Text(label(l, "pay-method", r.payment.method)),
                        Cell::Yuan(r.payment.amount_fen),
                        r.payment.reference.into(),
                    ]
                })
                .collect(),
        ),
        Lists::Refunds(p) => (
            [
                "order-no",
                "order-customer",
                "field-refund-kind",
                "field-amount-fen",
                "field-breach",
                "field-reason",
                "field-status",
            ]
            .iter()
            .map(|k| t(k))
            .collect(),
            p.items
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.order_no),
                        Cell::Text(r.customer_name),
                        Cell::Text(label(l, "refund-kind", r.refund.kind)),
                        Cell::Yuan(r.refund.amount_fen),
                        r.refund.breach.map(|b| label(l, "breach", b)).into(),
                        Cell::Text(r.refund.reason),
                        Cell::Text(label(l, "refund-status", r.refund.status)),
                    ]
                })
                .collect(),
        ),
        Lists::Dues(p) => (
            ["order-no", "order-customer", "field-status", "order-total", "money-balance", "finance-age-days"]
                .iter()
                .map(|k| t(k))
                .collect(),
            p.items
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.order_no),
                        Cell::Text(r.customer_name),
                        Cell::Text(l.t(&format!("status-{}", r.status))),
                        Cell::Yuan(r.total_fen),
                        Cell::Yuan(r.balance_fen),
                        Cell::Int(r.age_days),
                    ]
                })
                .collect(),
        ),
    };
    let tab = q.tab();
    crate::html::xlsx_download(&l.t(&format!("finance-tab-{tab}")), &format!("finance-{tab}"), &headers, rows)
}
