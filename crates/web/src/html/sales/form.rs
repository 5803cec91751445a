//! The order form: picking the customer, the vehicle and its extras, live totals (htmx), create.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, nonblank, render};
use crate::session::{Need, OrderWrite, Staff};
use app::PageRequest;
use app::catalogue::{CatalogueOption, Colour};
use app::sales::OrderInput;
use app::sales::Reply;
use app::{AppError, Conflict};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Money;
use domain::rbac::DataScope;
use domain::sales::{Channel, Quote};
use serde::Deserialize;
use std::collections::HashMap;

// --- the form ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "orders/form.html")]
pub(super) struct FormTemplate {
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
    /// A change order of a signed contract: the reason typed so far.
    change: Option<String>,
    /// The lenders of the active loan products (设置 → 贷款产品): the choices of 贷款机构.
    lenders: Vec<String>,
}

impl FormTemplate {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The attributes that tie a refused field to its message for assistive technology.
    fn aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.contains_key(field))
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
pub(super) struct Extras {
    l: crate::i18n::Locale,
    exterior: Vec<Colour>,
    interior: Vec<Colour>,
    options: Vec<CatalogueOption>,
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

pub(super) async fn extras_for(state: &AppState, staff: &Staff, input: &OrderInput) -> Result<Extras, WebError> {
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

pub(super) struct Spec {
    pub(super) title: String,
    pub(super) action: String,
    pub(super) cancel: String,
    /// A change order of a signed contract: the reason typed so far.
    pub(super) change: Option<String>,
}

pub(super) async fn form_page(
    state: &AppState,
    staff: &Staff,
    spec: Spec,
    input: OrderInput,
    key: String,
    error: Option<&AppError>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let customer_id = input.customer_id.trim().parse::<i64>().ok();
    let (tree, staff_list, (customer, lenders)) = state
        .run(move |app| {
            let customer = match customer_id {
                Some(id) => app::customers::get(app, &actor, id).ok().map(|c| c.name),
                None => None,
            };
            let mut lenders: Vec<String> =
                app::finance::loan_products::active(app)?.into_iter().map(|p| p.lender).collect();
            lenders.sort();
            lenders.dedup();
            Ok((app::catalogue::tree(app, &actor)?, app::org::users::staff_of_store(app, &actor)?, (customer, lenders)))
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
            .filter(|u| {
                use domain::rbac::Role::*;
                matches!(u.role, SalesAdvisor | SalesManager | GeneralManager)
            })
            .map(|u| (u.id, u.display_name))
            .collect(),
        can_assign: staff.actor().scope != DataScope::Own,
        channels: Channel::ALL.iter().map(|c| (c.code(), l.t(&format!("channel-{}", c.code())))).collect(),
        errors,
        form_error,
        input,
        change: spec.change,
        lenders,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    customer_id: Option<String>,
    q: Option<String>,
    /// The lead the order is made from: its customer, model, payment intention and channel.
    lead_id: Option<String>,
}

#[derive(Template)]
#[template(path = "orders/pick_customer.html")]
pub(super) struct PickCustomer {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    q: String,
    customers: Vec<app::customers::CustomerView>,
    /// Why the customer asked for cannot have an order from this user.
    error: Option<String>,
}

/// A new order: for a customer (from their profile), or first pick one.
pub(super) async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let l = staff.locale();
    if let Some(lead) = nonblank(&q.lead_id) {
        return from_lead(&state, &staff, &lead).await;
    }
    // A customer the user may not see (or none such) is refused at once, not after filling in
    // the whole form: the page offers the way out, picking a customer.
    let asked = nonblank(&q.customer_id);
    let refused = match asked.as_deref().map(str::parse::<i64>) {
        None => false,
        Some(Err(_)) => true,
        Some(Ok(id)) => {
            let actor = staff.actor().clone();
            match state.run(move |app| app::customers::get(app, &actor, id)).await {
                Ok(_) => false,
                Err(AppError::NotFound) => true,
                Err(e) => return Err(e.into()),
            }
        }
    };
    let customer_id = asked.filter(|_| !refused);
    let Some(customer_id) = customer_id else {
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
            error: refused.then(|| l.t("order-customer-refused")),
        };
        let status = if refused { StatusCode::NOT_FOUND } else { StatusCode::OK };
        return Ok((status, render(&page)?).into_response());
    };
    let input = OrderInput {
        customer_id,
        discount_kind: "none".into(),
        payment_method: "full".into(),
        channel: "walk_in".into(),
        owner_id: staff.actor().user_id.0.to_string(),
        ..Default::default()
    };
    let spec = Spec { title: l.t("order-new"), action: "/orders".into(), cancel: "/orders".into(), change: None };
    form_page(&state, &staff, spec, input, app::kernel::crypto::random_token(), None).await
}

/// The order form filled from a lead: its customer, the first trim of its first model of
/// interest, its payment intention, channel and trade-in; creating the order makes it ordered.
async fn from_lead(state: &AppState, staff: &Staff, lead: &str) -> Result<Response, WebError> {
    let id: i64 = lead.parse().map_err(|_| WebError(AppError::NotFound))?;
    let actor = staff.actor().clone();
    let (draft, trim) = state
        .run(move |app| {
            let d = app::crm::leads::order_draft(app, &actor, id)?;
            let trim = match d.model_id {
                Some(m) => app::catalogue::model(app, &actor, m)?.trims.into_iter().find(|t| t.active).map(|t| t.id),
                None => None,
            };
            Ok((d, trim))
        })
        .await?;
    let l = staff.locale();
    let payment = match draft.payment_intention {
        domain::crm::PaymentIntention::Loan => "loan",
        _ => "full",
    };
    let notes =
        (!draft.trade_in.is_empty()).then(|| format!("{}{}{}", l.t("lead-trade-in"), l.t("colon"), draft.trade_in));
    let input = OrderInput {
        customer_id: draft.customer_id.to_string(),
        trim_id: trim.map(|t| t.to_string()).unwrap_or_default(),
        discount_kind: "none".into(),
        payment_method: payment.into(),
        channel: draft.channel.code().into(),
        notes: notes.unwrap_or_default(),
        owner_id: staff.actor().user_id.0.to_string(),
        lead_id: draft.lead_id.to_string(),
        ..Default::default()
    };
    let spec = Spec {
        title: l.t("order-new"),
        action: "/orders".into(),
        cancel: format!("/leads/{}", draft.lead_id),
        change: None,
    };
    form_page(state, staff, spec, input, app::kernel::crypto::random_token(), None).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Form(input): Form<OrderInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    // A form shown without a key (an old tab) still gets one, so a resubmit cannot duplicate it.
    let key = match input.idempotency_key.trim() {
        "" => app::kernel::crypto::random_token(),
        k => k.to_string(),
    };
    let sub = input.clone();
    let k2 = key.clone();
    match state.run(move |app| app::sales::create(app, &actor, &input, Some(&k2), Reply::BRIEF)).await {
        Ok(row) => Ok(Redirect::to(&format!("/orders/{}?flash=order-created", row.id)).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec =
                Spec { title: l.t("order-new"), action: "/orders".into(), cancel: "/orders".into(), change: None };
            form_page(&state, &staff, spec, sub, key, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders/quote.html")]
pub(super) struct QuotePanel {
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
pub(super) async fn quote(
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
pub(super) struct ExtrasQuery {
    trim_id: String,
    exterior_colour_id: String,
    interior_colour_id: String,
    option_ids: Vec<String>,
}

pub(super) async fn trim_extras(
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
