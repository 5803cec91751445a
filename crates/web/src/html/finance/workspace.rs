//! Finance's workspace: a day's work from one page. Tabs: payments to confirm, balances
//! outstanding by age, the day's receipts by method (the printable daily cash report), refunds
//! to approve and to pay, orders to invoice; each list paged and exported to Excel.

use crate::AppState;
use crate::error::WebError;
use crate::html::{Ctx, Pager, render, xlsx_download};
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
    /// balances: only orders older than so many days
    min_age: Option<i64>,
    flash: Option<String>,
}

impl WorkspaceQuery {
    fn tab(&self) -> &str {
        self.tab.as_deref().filter(|t| TABS.contains(t)).unwrap_or("confirm")
    }

    fn search(&self) -> Option<String> {
        self.q.clone().filter(|s| !s.trim().is_empty())
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
        if let Some(q) = self.q.search() {
            h.push_str(&format!("&q={}", form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()));
        }
        if let Some(m) = self.q.method.as_deref().filter(|m| !m.is_empty()) {
            h.push_str(&format!("&method={m}"));
        }
        if let Some(d) = self.q.min_age {
            h.push_str(&format!("&min_age={d}"));
        }
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

    fn older_than(&self, d: &i64) -> String {
        self.ctx.l.t_args("finance-older-than", &[("days", d.to_string())])
    }

    fn min_age_is(&self, d: &i64) -> bool {
        self.q.min_age == Some(*d)
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

async fn load(
    state: &AppState,
    staff: &crate::session::Staff,
    q: &WorkspaceQuery,
    page: PageRequest,
) -> Result<(Lists, String), WebError> {
    let actor = staff.actor().clone();
    let tab = q.tab().to_string();
    let day = match q.day.as_deref().and_then(|d| d.parse().ok()) {
        Some(d) => d,
        None => {
            let a = actor.clone();
            state.run(move |app| app::kernel::calendar::today(app, &a)).await?
        }
    };
    let pq = PaymentQuery {
        status: Some("registered".into()),
        method: q.method.clone().filter(|m| !m.is_empty()),
        q: q.search(),
        ..PaymentQuery::default()
    };
    let refund_status = q.refund_status();
    let dq = workspace::DueQuery { q: q.search(), min_age_days: q.min_age };
    let lists = state
        .run(move |app| {
            Ok(match tab.as_str() {
                "balances" => Lists::Dues(workspace::balances(app, &actor, &dq, page)?),
                "invoices" => Lists::Dues(workspace::to_invoice(app, &actor, &dq, page)?),
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
        Lists::Dues(p) => Some(Pager::new(
            p,
            "/finance",
            &keep(vec![
                ("q", q.q.clone().unwrap_or_default()),
                ("min_age", q.min_age.map(|d| d.to_string()).unwrap_or_default()),
            ]),
        )),
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
    let (sheet, name) = (l.t(&format!("finance-tab-{}", q.tab())), format!("finance-{}", q.tab()));
    match lists {
        Lists::Payments(p) => xlsx_download(
            &sheet,
            &name,
            l,
            &[
                ("order-no", &|r: &PaymentLine| Cell::Text(r.order_no.clone())),
                ("order-customer", &|r: &PaymentLine| Cell::Text(r.customer_name.clone())),
                ("field-payment-kind", &|r: &PaymentLine| Cell::Text(label(l, "pay-kind", r.payment.kind))),
                ("field-method", &|r: &PaymentLine| Cell::Text(label(l, "pay-method", r.payment.method))),
                ("field-amount-fen", &|r: &PaymentLine| Cell::Yuan(r.payment.amount_fen)),
                ("field-reference", &|r: &PaymentLine| r.payment.reference.clone().into()),
                ("field-paid-on", &|r: &PaymentLine| Cell::Text(r.payment.paid_on.to_string())),
                ("field-status", &|r: &PaymentLine| Cell::Text(label(l, "pay-status", r.payment.status))),
            ],
            p.items,
        ),
        Lists::Daily(d) => xlsx_download(
            &sheet,
            &name,
            l,
            &[
                ("order-no", &|r: &PaymentLine| Cell::Text(r.order_no.clone())),
                ("order-customer", &|r: &PaymentLine| Cell::Text(r.customer_name.clone())),
                ("field-receipt-no", &|r: &PaymentLine| r.payment.receipt_no.clone().into()),
                ("field-payment-kind", &|r: &PaymentLine| Cell::Text(label(l, "pay-kind", r.payment.kind))),
                ("field-method", &|r: &PaymentLine| Cell::Text(label(l, "pay-method", r.payment.method))),
                ("field-amount-fen", &|r: &PaymentLine| Cell::Yuan(r.payment.amount_fen)),
                ("field-reference", &|r: &PaymentLine| r.payment.reference.clone().into()),
            ],
            d.payments,
        ),
        Lists::Refunds(p) => xlsx_download(
            &sheet,
            &name,
            l,
            &[
                ("order-no", &|r: &RefundLine| Cell::Text(r.order_no.clone())),
                ("order-customer", &|r: &RefundLine| Cell::Text(r.customer_name.clone())),
                ("field-refund-kind", &|r: &RefundLine| Cell::Text(label(l, "refund-kind", r.refund.kind))),
                ("field-amount-fen", &|r: &RefundLine| Cell::Yuan(r.refund.amount_fen)),
                ("field-breach", &|r: &RefundLine| r.refund.breach.map(|b| label(l, "breach", b)).into()),
                ("field-reason", &|r: &RefundLine| Cell::Text(r.refund.reason.clone())),
                ("field-status", &|r: &RefundLine| Cell::Text(label(l, "refund-status", r.refund.status))),
            ],
            p.items,
        ),
        Lists::Dues(p) => xlsx_download(
            &sheet,
            &name,
            l,
            &[
                ("order-no", &|r: &OrderDue| Cell::Text(r.order_no.clone())),
                ("order-customer", &|r: &OrderDue| Cell::Text(r.customer_name.clone())),
                ("field-status", &|r: &OrderDue| Cell::Text(l.t(&format!("status-{}", r.status.code())))),
                ("order-total", &|r: &OrderDue| Cell::Yuan(r.total_fen)),
                ("money-balance", &|r: &OrderDue| Cell::Yuan(r.balance_fen)),
                ("finance-age-days", &|r: &OrderDue| Cell::Int(r.age_days)),
            ],
            p.items,
        ),
    }
}
