//! Purchase orders to the maker: the list with the store's reorder suggestions, a draft made
//! from them (or empty), its lines, sending it, receiving deliveries and cancelling.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Flash, Pager, render};
use crate::session::{Need, PartsIssue, PartsPurchase, PartsRead, Staff};
use app::parts::{LineInput, PurchaseOrder, PurchaseQuery, ReceiveInput, ReceiveLine, Suggestion};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::parts::PurchaseStatus;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/parts/purchase-orders", get(list).post(draft))
        .route("/parts/purchase-orders/from-suggestions", post(from_suggestions))
        .route("/parts/purchase-orders/{id}", get(show))
        .route("/parts/purchase-orders/{id}/lines", post(add_line))
        .route("/parts/purchase-orders/{id}/lines/{line}/remove", post(remove_line))
        .route("/parts/purchase-orders/{id}/order", post(order))
        .route("/parts/purchase-orders/{id}/receive", post(receive))
        .route("/parts/purchase-orders/{id}/cancel", post(cancel))
}

#[derive(Template)]
#[template(path = "parts/purchases.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<PurchaseOrder>,
    pager: Pager,
    status: String,
    suggestions: Vec<Suggestion>,
    error: Option<String>,
}

impl ListPage {
    fn badge(&self, s: &PurchaseStatus) -> (String, &'static str) {
        super::purchase_badge(self.ctx.l, *s)
    }

    /// The status tabs: (words, code, current).
    fn tabs(&self) -> Vec<(String, String, bool)> {
        let mut tabs = vec![(self.ctx.t("filter-all"), String::new(), self.status.is_empty())];
        for s in PurchaseStatus::ALL {
            tabs.push((self.ctx.t(&format!("purchase-status-{}", s.code())), s.code().into(), self.status == s.code()));
        }
        tabs
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    flash: Option<&str>,
    error: Option<String>,
) -> Result<ListPage, WebError> {
    let actor = staff.actor().clone();
    let query = PurchaseQuery { status: q.status.clone(), q: q.q.clone(), page: q.page, per_page: q.per_page };
    let filter = query.parse().unwrap_or_default();
    let page = app::PageRequest::new(q.page, q.per_page);
    let (rows, suggestions) = state
        .run(move |app| {
            Ok::<_, app::AppError>((
                app::parts::purchases(app, &actor, &filter, page)?,
                app::parts::suggestions(app, &actor)?,
            ))
        })
        .await?;
    let status = q.status.unwrap_or_default();
    let pager = Pager::new(&rows, "/parts/purchase-orders", &[("status", status.clone())]);
    Ok(ListPage {
        ctx: Ctx::new(staff, "/parts/purchase-orders", flash),
        rows: rows.items,
        pager,
        status,
        suggestions,
        error,
    })
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsRead>,
    Query(q): Query<ListQuery>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&list_page(&state, &staff, q, f.flash.as_deref(), None).await?)
}

/// To the order on success; the list with the refusal otherwise.
async fn made(state: &AppState, staff: &Staff, r: Result<PurchaseOrder, app::AppError>) -> Result<Response, WebError> {
    match r {
        Ok(p) => Ok(Redirect::to(&format!("/parts/purchase-orders/{}?flash=purchase-drafted", p.id)).into_response()),
        Err(e) => {
            let (code, messages) = Messages::of(staff.locale(), e)?;
            let page = list_page(state, staff, ListQuery::default(), None, messages.form).await?;
            Ok((code, render(&page)?).into_response())
        }
    }
}

async fn draft(State(state): State<AppState>, Need(staff, _): Need<PartsPurchase>) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::parts::draft(app, &actor, "", None)).await;
    made(&state, &staff, r).await
}

async fn from_suggestions(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsPurchase>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::parts::from_suggestions(app, &actor)).await;
    made(&state, &staff, r).await
}

#[derive(Template)]
#[template(path = "parts/purchase.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    p: PurchaseOrder,
    again: crate::html::messages::Again,
}

impl ShowPage {
    fn badge(&self) -> (String, &'static str) {
        super::purchase_badge(self.ctx.l, self.p.status)
    }

    fn draft(&self) -> bool {
        self.p.status == PurchaseStatus::Draft
    }

    fn receiving(&self) -> bool {
        self.p.status.on_order()
    }
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    again: Option<(&'static str, Messages, BTreeMap<String, String>)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let p = state.run(move |app| app::parts::purchase(app, &actor, id)).await?;
    let l = staff.locale();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/parts/purchase-orders", flash),
        crumbs: vec![(l.t("nav-purchase-orders"), "/parts/purchase-orders".into()), (p.number.clone(), String::new())],
        p,
        again: crate::html::messages::Again(again),
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, f.flash.as_deref(), None).await?)
}

async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: Result<T, app::AppError>,
    (form, flash): (&'static str, &str),
    typed: BTreeMap<String, String>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/parts/purchase-orders/{id}?flash={flash}")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page = show_page(state, staff, id, None, Some((form, messages, typed))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

fn version(typed: &BTreeMap<String, String>) -> i64 {
    typed.get("version").and_then(|v| v.trim().parse().ok()).unwrap_or(-1)
}

fn field(typed: &BTreeMap<String, String>, name: &str) -> String {
    typed.get(name).cloned().unwrap_or_default()
}

async fn add_line(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsPurchase>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let input = LineInput {
        part_no: field(&typed, "part_no"),
        warehouse: field(&typed, "warehouse"),
        quantity: field(&typed, "quantity"),
        unit_cost: field(&typed, "unit_cost"),
    };
    let (actor, v) = (staff.actor().clone(), version(&typed));
    let r = state.run(move |app| app::parts::add_line(app, &actor, id, v, &input)).await;
    answer(&state, &staff, id, r, ("line", "purchase-line-added"), typed).await
}

async fn remove_line(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsPurchase>,
    Path((id, line)): Path<(i64, i64)>,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&typed));
    let r = state
        .run(move |app| {
            app::parts::remove_line(
                app,
                &actor,
                (domain::ids::PurchaseOrderId(id), domain::ids::PurchaseLineId(line)),
                v,
            )
        })
        .await;
    answer(&state, &staff, id, r, ("line", "purchase-line-removed"), typed).await
}

async fn order(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsPurchase>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&typed));
    let r = state.run(move |app| app::parts::order(app, &actor, id, v)).await;
    answer(&state, &staff, id, r, ("steps", "purchase-ordered"), typed).await
}

async fn cancel(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsPurchase>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let (actor, v) = (staff.actor().clone(), version(&typed));
    let r = state.run(move |app| app::parts::cancel(app, &actor, id, v)).await;
    answer(&state, &staff, id, r, ("steps", "purchase-cancelled"), typed).await
}

/// The delivery form: one `received-{line}` field per line, blank or 0 for none.
async fn receive(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let mut lines = Vec::new();
    let mut bad = false;
    for (k, v) in &typed {
        let Some(line) = k.strip_prefix("received-").and_then(|l| l.parse::<i64>().ok()) else { continue };
        match v.trim() {
            "" | "0" => {}
            n => match n.parse::<i32>() {
                Ok(q) => lines.push(ReceiveLine { line_id: line, quantity: q }),
                Err(_) => bad = true,
            },
        }
    }
    if bad {
        lines.push(ReceiveLine { line_id: 0, quantity: -1 });
    }
    let (actor, v) = (staff.actor().clone(), version(&typed));
    let r = state.run(move |app| app::parts::receive(app, &actor, id, v, &ReceiveInput { lines })).await;
    answer(&state, &staff, id, r, ("receive", "purchase-received"), typed).await
}
