//! Sales order pages: the list with status tabs, the order form with live totals (htmx), the
//! order page with its timeline and the actions the user may take.

use super::{Ctx, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::session::{Need, OrderRead, OrderWrite, Staff};
use app::PageRequest;
use app::catalogue::{ColourRow, OptionRow};
use app::sales::Reply;
use app::sales::{OrderFilter, OrderSort};
use app::sales::{OrderInput, OrderListRow, OrderView, StatusCount};
use app::{AppError, Conflict};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use documents::xlsx::Cell;
use domain::Money;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::{Channel, Quote};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list).post(create))
        .route("/orders/new", get(new))
        .route("/orders/export", get(export))
        .route("/orders/quote", post(quote))
        .route("/orders/trim-extras", get(trim_extras))
        .route("/orders/{id}", get(show).post(update))
        .route("/orders/{id}/edit", get(edit))
        .route("/orders/{id}/{action}", post(act))
}

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
struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    /// mine | team | waiting
    view: Option<String>,
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
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rows: Vec<OrderListRow>,
    pager: Pager,
    counts: Vec<(String, String, i64)>,
    all_count: i64,
    q: String,
    status: String,
    view: String,
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

fn money_filter(s: &Option<String>) -> Option<i64> {
    nonblank(s).and_then(|v| Money::parse_price(&v).ok()).map(Money::fen)
}

/// The list's filter from its query: the same for the page and its export.
async fn filter_of(state: &AppState, actor: &Actor, q: &ListQuery) -> Result<OrderFilter, WebError> {
    let view = nonblank(&q.view).unwrap_or_default();
    let a = actor.clone();
    let waiting = view == "waiting";
    let (team, inbox) = state
        .run(move |app| {
            let inbox = if waiting { Some(app::sales::inbox_ids(app, &a)?) } else { None };
            Ok((app::sales::team_of(app, &a)?, inbox))
        })
        .await?;
    Ok(OrderFilter {
        statuses: nonblank(&q.status)
            .and_then(|s| <domain::sales::Status as domain::Code>::from_code(&s))
            .into_iter()
            .collect(),
        owner_id: if view == "mine" { Some(actor.user_id.0) } else { num(&q.owner) },
        team_member_ids: if view == "team" { team } else { None },
        model_id: num(&q.model),
        channel: nonblank(&q.channel),
        from: parse_date(&q.from).map(day_start_utc),
        until: parse_date(&q.to).and_then(|d| d.succ_opt()).map(day_start_utc),
        min_total: money_filter(&q.min),
        max_total: money_filter(&q.max),
        q: nonblank(&q.q),
        sort: q.sort.as_deref().and_then(OrderSort::from_code).unwrap_or_default(),
        ids: inbox,
        ..Default::default()
    })
}

/// The filtered list as an Excel workbook: the list's columns, money as numbers in yuan.
async fn export(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&state, &actor, &q).await?;
    let rows = state.run(move |app| app::sales::export(app, &actor, &filter)).await?;
    let l = staff.locale();
    let headers: Vec<String> = [
        "order-no",
        "field-status",
        "order-customer",
        "field-mobile",
        "order-vehicle",
        "field-owner-id",
        "field-channel",
        "field-discount-percent",
        "order-total",
        "field-created-at",
    ]
    .iter()
    .map(|k| l.t(k))
    .collect();
    let ctx = Ctx::new(&staff, "/orders", None);
    let cells = rows.into_iter().map(|o| {
        vec![
            Cell::Text(o.order_no),
            Cell::Text(l.t(&format!("status-{}", o.status))),
            Cell::Text(o.customer_name),
            Cell::Text(o.customer_mobile),
            Cell::Text(o.vehicle),
            Cell::Text(o.owner_name),
            Cell::Text(l.t(&format!("channel-{}", o.channel))),
            Cell::Percent(o.discount_bp),
            Cell::Yuan(o.total_fen),
            Cell::Text(ctx.dt(&o.created_at)),
        ]
    });
    super::xlsx_download(&l.t("nav-orders"), "orders", &headers, cells)
}

async fn list(
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
            let owners = app::users::staff_of_store(app, &a3)?;
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
        channel: s(&q.channel),
        model: s(&q.model),
        from: s(&q.from),
        to: s(&q.to),
        min: s(&q.min),
        max: s(&q.max),
        sort: filter_sort(&q.sort),
        per_page,
        models: models.into_iter().map(|m| (m.id, m.name)).collect(),
        owner: s(&q.owner),
        owners: owners
            .into_iter()
            .filter(|u| matches!(u.role.as_str(), "sales_advisor" | "sales_manager" | "general_manager"))
            .map(|u| (u.id, u.display_name))
            .collect(),
        show_owner_filter: a.scope != DataScope::Own,
        has_team: a.team_id.is_some() && a.scope != DataScope::Own,
        channels: Channel::ALL.iter().map(|c| (c.code(), l.t(&format!("channel-{}", c.code())))).collect(),
        sorts: OrderSort::ALL.iter().map(|s| (s.code(), l.t(&format!("order-sort-{}", s.code())))).collect(),
        can_write: a.can(Permission::OrderWrite),
        can_approve: a.can(Permission::OrderApprove),
    })
}

fn filter_sort(s: &Option<String>) -> String {
    s.as_deref().and_then(OrderSort::from_code).unwrap_or_default().code().to_string()
}

// --- the form ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "orders/form.html")]
struct FormTemplate {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    title: String,
    action: String,
    cancel: String,
    input: OrderInput,
    idempotency_key: String,
    customer_name: String,
    trims: Vec<(String, Vec<(i64, String)>)>,
    /// The rendered colour and option choices of the chosen trim.
    extras: String,
    owners: Vec<(i64, String)>,
    can_assign: bool,
    channels: Vec<(&'static str, String)>,
    errors: HashMap<String, String>,
    form_error: Option<String>,
}

impl FormTemplate {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "is-invalid" } else { "" }
    }

    fn sel(&self, value: &str, current: &str) -> bool {
        value == current
    }

    fn trim_selected(&self, id: &i64) -> bool {
        self.input.trim_id == id.to_string()
    }

    fn owner_selected(&self, id: &i64) -> bool {
        self.input.owner_id == id.to_string()
    }

    /// Three gift rows, filled with what was typed.
    fn gifts(&self) -> Vec<(String, String)> {
        (0..3)
            .map(|i| {
                (
                    self.input.gift_name.get(i).cloned().unwrap_or_default(),
                    self.input.gift_value.get(i).cloned().unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// Colours and options of the chosen trim (an htmx fragment of the form).
#[derive(Template, Default)]
#[template(path = "orders/extras.html")]
struct Extras {
    l: crate::i18n::Locale,
    exterior: Vec<ColourRow>,
    interior: Vec<ColourRow>,
    options: Vec<OptionRow>,
    chosen_exterior: String,
    chosen_interior: String,
    chosen_options: Vec<String>,
    has_trim: bool,
}

impl Extras {
    fn money(&self, fen: &i64) -> String {
        Money::from_fen(*fen).to_string()
    }

    fn checked(&self, id: &i64) -> bool {
        self.chosen_options.contains(&id.to_string())
    }

    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }
}

async fn extras_for(state: &AppState, staff: &Staff, input: &OrderInput) -> Result<Extras, WebError> {
    let Ok(trim_id) = input.trim_id.trim().parse::<i64>() else {
        return Ok(Extras { l: staff.locale(), ..Default::default() });
    };
    let actor = staff.actor().clone();
    let (colours, options) = state
        .run(move |app| {
            let trim = app::catalogue::trim(app, &actor, trim_id)?;
            let d = app::catalogue::model(app, &actor, trim.model_id)?;
            let options = d
                .options
                .into_iter()
                .filter(|o| o.option.active && o.trim_ids.contains(&trim_id))
                .map(|o| o.option)
                .collect::<Vec<_>>();
            Ok((d.colours.into_iter().filter(|c| c.active).collect::<Vec<_>>(), options))
        })
        .await?;
    let (exterior, interior) = colours.into_iter().partition(|c| c.kind == "exterior");
    Ok(Extras {
        l: staff.locale(),
        exterior,
        interior,
        options,
        chosen_exterior: input.exterior_colour_id.clone(),
        chosen_interior: input.interior_colour_id.clone(),
        chosen_options: input.option_ids.clone(),
        has_trim: true,
    })
}

struct Spec {
    title: String,
    action: String,
    cancel: String,
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    spec: Spec,
    input: OrderInput,
    key: String,
    error: Option<&AppError>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let customer_id = input.customer_id.trim().parse::<i64>().ok();
    let (tree, staff_list, customer) = state
        .run(move |app| {
            let customer = match customer_id {
                Some(id) => app::customers::get(app, &actor, id).ok().map(|c| c.name),
                None => None,
            };
            Ok((app::catalogue::tree(app, &actor)?, app::users::staff_of_store(app, &actor)?, customer))
        })
        .await?;
    let l = staff.locale();
    let mut errors = HashMap::new();
    let mut form_error = None;
    match error {
        Some(AppError::Validation(fe)) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            form_error = Some(errors.get("order").cloned().unwrap_or_else(|| l.t("err-validation")));
        }
        Some(AppError::Conflict(Conflict::Stale)) => form_error = Some(l.t("err-stale")),
        Some(other) => form_error = Some(crate::error::describe(other, l).1),
        None => {}
    }
    let trims = tree
        .into_iter()
        .filter(|b| b.brand.active)
        .flat_map(|b| {
            b.models.into_iter().filter(|m| m.model.active).map(move |m| {
                let group = format!("{} {}", b.brand.name, m.model.name);
                let items = m
                    .trims
                    .into_iter()
                    .filter(|t| t.active)
                    .map(|t| (t.id, format!("{} {} · {}", t.model_year, t.name, Money::from_fen(t.msrp_fen))))
                    .collect::<Vec<_>>();
                (group, items)
            })
        })
        .filter(|(_, items)| !items.is_empty())
        .collect();
    let extras = extras_for(state, staff, &input).await?.render().map_err(|e| WebError(AppError::internal(e)))?;
    let status = match error {
        Some(e) => crate::error::status_of(e),
        None => StatusCode::OK,
    };
    let page = FormTemplate {
        ctx: Ctx::new(staff, "/orders", None),
        crumbs: vec![(l.t("nav-orders"), "/orders".into()), (spec.title.clone(), String::new())],
        title: spec.title,
        action: spec.action,
        cancel: spec.cancel,
        idempotency_key: key,
        customer_name: customer.unwrap_or_default(),
        trims,
        extras,
        owners: staff_list
            .into_iter()
            .filter(|u| matches!(u.role.as_str(), "sales_advisor" | "sales_manager" | "general_manager"))
            .map(|u| (u.id, u.display_name))
            .collect(),
        can_assign: staff.actor().scope != DataScope::Own,
        channels: Channel::ALL.iter().map(|c| (c.code(), l.t(&format!("channel-{}", c.code())))).collect(),
        errors,
        form_error,
        input,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    customer_id: Option<String>,
    q: Option<String>,
}

#[derive(Template)]
#[template(path = "orders/pick_customer.html")]
struct PickCustomer {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    q: String,
    customers: Vec<app::customers::CustomerView>,
}

/// A new order: for a customer (from their profile), or first pick one.
async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let l = staff.locale();
    let Some(customer_id) = nonblank(&q.customer_id) else {
        let actor = staff.actor().clone();
        let text = nonblank(&q.q);
        let found = match text.clone() {
            Some(t) => {
                let filter = app::customers::CustomerFilter { q: Some(t), ..Default::default() };
                state
                    .run(move |app| app::customers::list(app, &actor, &filter, PageRequest::new(Some(1), Some(20))))
                    .await?
                    .items
            }
            None => Vec::new(),
        };
        let page = PickCustomer {
            ctx: Ctx::new(&staff, "/orders", None),
            crumbs: vec![(l.t("nav-orders"), "/orders".into()), (l.t("order-new"), String::new())],
            q: text.unwrap_or_default(),
            customers: found,
        };
        return Ok(render(&page)?.into_response());
    };
    let input = OrderInput {
        customer_id,
        discount_kind: "none".into(),
        payment_method: "full".into(),
        channel: "walk_in".into(),
        owner_id: staff.actor().user_id.0.to_string(),
        ..Default::default()
    };
    let spec = Spec { title: l.t("order-new"), action: "/orders".into(), cancel: "/orders".into() };
    form_page(&state, &staff, spec, input, app::crypto::random_token(), None).await
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Form(input): Form<OrderInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    // A form shown without a key (an old tab) still gets one, so a resubmit cannot duplicate it.
    let key = match input.idempotency_key.trim() {
        "" => app::crypto::random_token(),
        k => k.to_string(),
    };
    let sub = input.clone();
    let k2 = key.clone();
    match state.run(move |app| app::sales::create(app, &actor, &input, Some(&k2), Reply::BRIEF)).await {
        Ok(row) => Ok(Redirect::to(&format!("/orders/{}?flash=order-created", row.id)).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = Spec { title: l.t("order-new"), action: "/orders".into(), cancel: "/orders".into() };
            form_page(&state, &staff, spec, sub, key, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders/quote.html")]
struct QuotePanel {
    l: crate::i18n::Locale,
    quote: Option<Quote>,
    problems: Vec<String>,
}

impl QuotePanel {
    fn money(&self, m: &Money) -> String {
        m.to_string()
    }

    fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    fn percent(&self, bp: &u32) -> String {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}

/// The live totals of the form (htmx): the price, or what still keeps it from being priced.
async fn quote(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Form(input): Form<OrderInput>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let l = staff.locale();
    let panel = match state.run(move |app| app::sales::preview(app, &actor, &input)).await {
        Ok(q) => QuotePanel { l, quote: Some(q), problems: vec![] },
        Err(AppError::Validation(fe)) => {
            let mut problems: Vec<String> =
                fe.iter().filter(|e| e.field != "customer_id").map(|e| l.error(e.code)).collect();
            problems.dedup();
            QuotePanel { l, quote: None, problems }
        }
        Err(e) => return Err(e.into()),
    };
    render(&panel)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExtrasQuery {
    trim_id: String,
    exterior_colour_id: String,
    interior_colour_id: String,
    option_ids: Vec<String>,
}

async fn trim_extras(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    axum_extra::extract::Query(q): axum_extra::extract::Query<ExtrasQuery>,
) -> Result<Html<String>, WebError> {
    let input = OrderInput {
        trim_id: q.trim_id,
        exterior_colour_id: q.exterior_colour_id,
        interior_colour_id: q.interior_colour_id,
        option_ids: q.option_ids,
        ..Default::default()
    };
    render(&extras_for(&state, &staff, &input).await?)
}

// --- the order page ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "orders/show.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    o: OrderView,
    link: Option<String>,
    error: Option<String>,
    history: Vec<app::audit::AuditRow>,
}

impl ShowPage {
    fn can(&self, action: &str) -> bool {
        self.o.actions.iter().any(|a| a == action)
    }

    fn tag(&self) -> &'static str {
        status_class(self.o.status.code())
    }

    fn payment_label(&self) -> String {
        self.ctx.t(&format!("payment-{}", self.o.order.payment_method))
    }

    fn channel_label(&self) -> String {
        self.ctx.t(&format!("channel-{}", self.o.order.channel))
    }

    fn status_tag(&self, status: &impl std::fmt::Display) -> &'static str {
        status_class(&status.to_string())
    }

    fn label(&self, status: &impl std::fmt::Display) -> String {
        self.ctx.t(&format!("status-{status}"))
    }

    fn awaiting_approval(&self) -> bool {
        self.o.order.stage == domain::sales::StageName::AwaitingApproval
    }

    fn m(&self, m: &Money) -> String {
        m.to_string()
    }

    fn fen(&self, f: &i64) -> String {
        Money::from_fen(*f).to_string()
    }

    fn percent(&self, bp: &u32) -> String {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }

    fn item_kind(&self, kind: &str, name: &str) -> String {
        if kind == "fee" { self.ctx.t(&format!("fee-{name}")) } else { name.to_string() }
    }

    fn reasons(&self, reasons: &[String]) -> String {
        reasons.join("、")
    }

    fn action_label(&self, action: &str) -> String {
        self.ctx.t(&format!("order-event-{action}"))
    }

    fn changes(&self, row: &app::audit::AuditRow) -> Vec<(String, String, String)> {
        // The terms are the whole price breakdown; their effect shows in the totals' lines.
        super::admin::changes_without(&self.ctx, row, &["terms"])
    }

    fn items_of(&self, kind: &str) -> Vec<&app::sales::OrderItem> {
        self.o.items.iter().filter(|i| i.kind == kind).collect()
    }

    /// Who decided an approval level and when, by the name the timeline recorded for them.
    fn decided(&self, a: &app::sales::ApprovalLevel) -> String {
        let who = a.decided_by.and_then(|id| self.o.timeline.iter().find(|e| e.actor_id == Some(id)));
        let who = who.map(|e| e.actor_name.as_str()).unwrap_or_default();
        let when = a.decided_at.as_ref().map(|at| self.ctx.dt(at)).unwrap_or_default();
        [who, when.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    flash: Option<String>,
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Id(id): Id,
    Query(f): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (o, history, link) = state
        .run(move |app| {
            let o = app::sales::get(app, &actor, id)?;
            let link = app::sales::link_of(app, &o);
            Ok((o, app::audit::history(app, "order", id)?, link))
        })
        .await?;
    let l = staff.locale();
    render(&ShowPage {
        ctx: Ctx::new(&staff, "/orders", f.flash.as_deref()),
        crumbs: vec![(l.t("nav-orders"), "/orders".into()), (o.order.order_no.clone(), String::new())],
        link: link.map(|l| l.url),
        error: f.error.map(|codes| {
            codes
                .split(',')
                .filter(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
                .map(|c| l.error(c))
                .collect::<Vec<_>>()
                .join(" ")
        }),
        history,
        o,
    })
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let o = state.run(move |app| app::sales::get(app, &actor, id)).await?;
    let l = staff.locale();
    let input = app::sales::input_of(&o);
    let spec = Spec {
        title: l.t_args("order-edit", &[("no", o.order.order_no.clone())]),
        action: format!("/orders/{id}"),
        cancel: format!("/orders/{id}"),
    };
    form_page(&state, &staff, spec, input, String::new(), None).await
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
    Form(input): Form<OrderInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::sales::update(app, &actor, id, &input, Reply::BRIEF)).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}?flash=saved")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec =
                Spec { title: l.t("action-edit"), action: format!("/orders/{id}"), cancel: format!("/orders/{id}") };
            form_page(&state, &staff, spec, sub, String::new(), Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    version: i64,
    text: String,
}

/// The buttons of the order page. A refused action comes back to the page with its message.
async fn act(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path((id, action)): axum::extract::Path<(i64, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    if action == "copy" {
        let copy = state.run(move |app| app::sales::copy(app, &actor, id, Reply::BRIEF)).await?;
        return Ok(Redirect::to(&format!("/orders/{}?flash=order-copied", copy.id)).into_response());
    }
    let action2 = action.clone();
    let result = state
        .run(move |app| match action2.as_str() {
            "submit" => app::sales::submit(app, &actor, id, f.version, Reply::BRIEF),
            "approve" => app::sales::approve(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "reject" => app::sales::reject(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "cancel" => app::sales::cancel(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "lost" => app::sales::mark_lost(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "close" => app::sales::close(app, &actor, id, f.version, Reply::BRIEF),
            _ => Err(AppError::NotFound),
        })
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}?flash=order-{action}")).into_response()),
        Err(AppError::Validation(fe)) => {
            // Codes, not text, travel in the URL: the page translates them.
            let codes = fe.iter().map(|e| e.code).collect::<Vec<_>>().join(",");
            Ok(Redirect::to(&format!("/orders/{id}?error={codes}")).into_response())
        }
        Err(AppError::Conflict(Conflict::Refused { code })) => {
            Ok(Redirect::to(&format!("/orders/{id}?error={code}")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
