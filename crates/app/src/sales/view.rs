//! Reading orders: the order page, the list with its status counts, the approver's inbox.

use super::{ApprovalLevel, Order, OrderItem, TimelineEvent};
use crate::{App, AppError, AppResult, require};
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::{Channel, Command, Quote, Status, Terms, available_commands};
use std::collections::HashMap;
use storage::customers::Visibility;
use storage::sales::{OrderFilter, OrderRow};
use storage::{DbConnection, Page, PageRequest};

/// One order with everything its page shows and the actions the actor may take.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OrderView {
    pub order: Order,
    #[schema(value_type = String)]
    pub status: Status,
    pub quote: Quote,
    pub terms: Terms,
    pub customer_name: String,
    pub customer_mobile: String,
    pub owner_name: String,
    pub vehicle: String,
    pub exterior_colour: Option<String>,
    pub interior_colour: Option<String>,
    pub floor_price_fen: Option<i64>,
    pub items: Vec<OrderItem>,
    pub timeline: Vec<TimelineEvent>,
    pub approvals: Vec<ApprovalLevel>,
    /// Who decides next, while the order waits for approval.
    pub next_approval: Option<super::round::NextApproval>,
    /// edit, submit, approve, reject, cancel, mark_lost, close
    pub actions: Vec<String>,
}

/// A row of the order list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OrderListRow {
    pub id: i64,
    pub order_no: String,
    #[schema(value_type = String)]
    pub status: Status,
    pub customer_name: String,
    pub customer_mobile: String,
    pub vehicle: String,
    pub owner_name: String,
    #[schema(value_type = String)]
    pub channel: Channel,
    pub total_fen: i64,
    pub discount_bp: i32,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: chrono::NaiveDateTime,
    /// When the order last changed (how long it has been in its state).
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StatusCount {
    #[schema(value_type = String)]
    pub status: Status,
    pub count: i64,
}

fn mask_mobile(actor: &Actor, m: String) -> String {
    if actor.can(Permission::CustomerViewMobile) { m } else { domain::ident::mobile_mask::mask_mobile(&m) }
}

/// What `actor` may do to `row` now (buttons on the page; each use case checks again): the
/// commands the state machine accepts from them, those their role may give.
fn actions(
    actor: &Actor,
    row: &OrderRow,
    round: &[ApprovalLevel],
    party: domain::sales::Party,
) -> AppResult<Vec<String>> {
    let write = actor.can(Permission::OrderWrite);
    let mut a: Vec<&str> = if write { vec!["copy"] } else { Vec::new() };
    for command in available_commands(row.stage()?, &row.facts(), party) {
        let allowed = match command {
            // The level waiting is the approver's only if their role holds it in this round.
            Command::Approve { .. } | Command::Reject { .. } => {
                actor.can(Permission::OrderApprove)
                    && round
                        .iter()
                        .any(|r| r.level == row.approval_level && r.decision.is_none() && r.role == actor.role)
            }
            _ => write,
        };
        if allowed {
            a.push(match command {
                Command::ChangeTerms => "edit",
                ref other => other.code(),
            });
        }
    }
    Ok(a.into_iter().map(str::to_string).collect())
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<OrderView> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        read(c, actor, &vis, id)
    })
}

/// The order page after a write, read on the writer's connection ([`super::Reply::PAGE`]). The
/// actor has just acted on the order within their data scope: they see the result even if the
/// change took the order out of it (a manager handing it to another team's advisor).
pub(super) fn page_after_write(c: &mut DbConnection, actor: &Actor, row: OrderRow) -> AppResult<OrderView> {
    read(c, actor, &Visibility::whole_store(row.store_id), row.id)
}

fn read(c: &mut DbConnection, actor: &Actor, vis: &Visibility, id: i64) -> AppResult<OrderView> {
    let h = storage::sales::header(c, vis, id)?;
    let g = actor.group_id.0;
    let quote: Quote = serde_json::from_str(&h.order.quote).map_err(AppError::internal)?;
    let terms: Terms = serde_json::from_str(&h.order.terms).map_err(AppError::internal)?;
    let (exterior_colour, interior_colour) = colours(c, g, &terms);
    let mut approvals: Vec<ApprovalLevel> =
        storage::sales::approvals(c, id)?.into_iter().map(ApprovalLevel::from).collect();
    let pricing = actor.can(Permission::PricingView);
    if !pricing {
        // Why an order needed approval and what approvers said is the pricing roles' business.
        for a in &mut approvals {
            a.reasons = Vec::new();
            a.comment = None;
        }
    }
    let order = h.order;
    let party = super::party(c, actor, &order)?;
    Ok(OrderView {
        next_approval: super::round::next_approval(c, &order, &approvals)?,
        actions: actions(actor, &order, &approvals, party)?,
        status: Status::of(order.stage()?, &order.facts()),
        items: storage::sales::items(c, id)?.into_iter().map(OrderItem::from).collect(),
        timeline: storage::sales::events(c, id)?
            .into_iter()
            .map(TimelineEvent::from)
            .map(|mut e| {
                if !pricing && matches!(e.action.as_str(), "approve" | "reject") {
                    e.note = None;
                }
                e
            })
            .collect(),
        approvals,
        customer_name: h.customer_name,
        customer_mobile: mask_mobile(actor, h.customer_mobile),
        owner_name: h.owner_name,
        vehicle: format!("{} {} {} {}", h.brand, h.model, h.model_year, h.trim),
        floor_price_fen: h.floor_price_fen.filter(|_| pricing),
        exterior_colour,
        interior_colour,
        quote,
        terms,
        order: order.into(),
    })
}

/// The names of the order's exterior and interior colours.
pub(super) fn colours(c: &mut DbConnection, group_id: i64, terms: &Terms) -> (Option<String>, Option<String>) {
    storage::catalogue::colour_names(c, group_id, (terms.exterior_colour_id, terms.interior_colour_id))
}

/// Names for list rows, loaded once per page (no query per row).
pub(super) fn rows(c: &mut DbConnection, actor: &Actor, orders: Vec<OrderRow>) -> AppResult<Vec<OrderListRow>> {
    let g = actor.group_id.0;
    let store = actor.store_id.0;
    let customer_ids: Vec<i64> = orders.iter().map(|o| o.customer_id).collect();
    let customers: HashMap<i64, (String, String)> = storage::customers::by_ids(c, store, &customer_ids)?
        .into_iter()
        .map(|c| (c.id, (c.name, mask_mobile(actor, c.mobile))))
        .collect();
    let users: HashMap<i64, String> =
        storage::users::list_for_store(c, store)?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let models: HashMap<i64, String> =
        storage::catalogue::list_models(c, g, None)?.into_iter().map(|m| (m.id, m.name)).collect();
    let model_ids: Vec<i64> = orders.iter().map(|o| o.model_id).collect();
    let trims: HashMap<i64, String> =
        storage::catalogue::list_trims(c, g, &model_ids)?.into_iter().map(|t| (t.id, t.name)).collect();
    Ok(orders
        .into_iter()
        .map(|o| {
            let (customer_name, customer_mobile) = customers.get(&o.customer_id).cloned().unwrap_or_default();
            OrderListRow {
                id: o.id,
                vehicle: format!(
                    "{} {}",
                    models.get(&o.model_id).cloned().unwrap_or_default(),
                    trims.get(&o.trim_id).cloned().unwrap_or_default()
                ),
                owner_name: users.get(&o.owner_id).cloned().unwrap_or_else(|| format!("#{}", o.owner_id)),
                order_no: o.order_no,
                status: o.status,
                customer_name,
                customer_mobile,
                channel: o.channel,
                total_fen: o.total_fen,
                discount_bp: o.discount_bp,
                created_at: o.created_at,
                updated_at: o.updated_at,
            }
        })
        .collect())
}

/// A page of orders within the actor's scope, and the number of orders per status under the same
/// filters (the tabs).
pub fn list(
    app: &App,
    actor: &Actor,
    filter: &OrderFilter,
    page: PageRequest,
) -> AppResult<(Page<OrderListRow>, Vec<StatusCount>)> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let filter = &storage::sales::search(c, &vis, filter)?;
        let result = storage::sales::list(c, &vis, filter, page)?;
        let counts = storage::sales::count_by_status(c, &vis, filter)?
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect();
        let Page { items, total, page, per_page } = result;
        Ok((Page { items: rows(c, actor, items)?, total, page, per_page }, counts))
    })
}

/// Every order of the filter, for an Excel export (at most [`crate::kernel::scope::EXPORT_LIMIT`]),
/// in the list's scope and masking; the export itself is audited.
pub fn export(app: &App, actor: &Actor, filter: &OrderFilter) -> AppResult<Vec<OrderListRow>> {
    let now = app.now();
    require(actor, Permission::OrderRead)?;
    let rows = app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let filter = &storage::sales::search(c, &vis, filter)?;
        let mut out = Vec::new();
        let mut page = PageRequest { page: 1, per_page: 1000 };
        loop {
            let batch = storage::sales::list(c, &vis, filter, page)?;
            if batch.total > crate::kernel::scope::EXPORT_LIMIT {
                return Err(AppError::field("export", "export-too-large"));
            }
            let done = batch.page >= batch.pages();
            out.extend(rows(c, actor, batch.items)?);
            if done {
                break;
            }
            page.page += 1;
        }
        Ok::<_, AppError>(out)
    })?;
    app.db.write(|c| {
        crate::kernel::audit::record(
            c,
            now,
            actor,
            crate::kernel::audit::Record {
                action: crate::kernel::audit::Action::OrdersExported,
                entity_id: 0,
                store_id: Some(actor.store_id.0),
                changes: crate::kernel::audit::Changes::new()
                    .created("rows", rows.len())
                    .created("q", &filter.q)
                    .created("statuses", filter.statuses.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")),
            },
        )?;
        Ok(rows)
    })
}

/// The orders waiting for the actor's approval level that they did not ask for (their inbox).
pub fn inbox_ids(app: &App, actor: &Actor) -> AppResult<Vec<i64>> {
    require(actor, Permission::OrderApprove)?;
    app.db.read(|c| waiting_for(c, actor))
}

/// Orders waiting for the actor's approval: the order itself, or a change order of it.
pub(super) fn waiting_for(c: &mut DbConnection, actor: &Actor) -> AppResult<Vec<i64>> {
    let mut ids = storage::sales::waiting_for(c, actor.store_id, actor.role.code(), actor.user_id)?;
    ids.extend(super::change::waiting_for(c, actor)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A page of the actor's inbox, within their data scope.
pub fn inbox(app: &App, actor: &Actor, page: PageRequest) -> AppResult<Page<OrderListRow>> {
    let ids = inbox_ids(app, actor)?;
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let filter = OrderFilter { ids: Some(ids), ..Default::default() };
        let found = storage::sales::list(c, &vis, &filter, page)?;
        let (total, page, per_page) = (found.total, found.page, found.per_page);
        Ok(Page { items: rows(c, actor, found.items)?, total, page, per_page })
    })
}

/// The form values of a stored order (to edit it, or to copy it).
pub fn input_of(o: &OrderView) -> super::OrderInput {
    use domain::Money;
    use domain::sales::Discount;
    let fee = |name: &str| {
        o.items
            .iter()
            .find(|i| i.kind == "fee" && i.name == name)
            .map(|i| Money::from_fen(i.amount_fen).to_plain())
            .unwrap_or_default()
    };
    let gifts: Vec<&OrderItem> = o.items.iter().filter(|i| i.kind == "gift").collect();
    let (kind, value) = match o.terms.discount {
        Discount::None => ("none", String::new()),
        Discount::Amount(m) => ("amount", m.to_plain()),
        Discount::Percent(bp) => ("percent", Money::from_fen(i64::from(bp)).to_plain()),
    };
    let loan = o.terms.loan.as_ref();
    super::OrderInput {
        customer_id: o.order.customer_id.to_string(),
        trim_id: o.order.trim_id.to_string(),
        exterior_colour_id: o.terms.exterior_colour_id.map(|c| c.to_string()).unwrap_or_default(),
        interior_colour_id: o.terms.interior_colour_id.map(|c| c.to_string()).unwrap_or_default(),
        option_ids: o.items.iter().filter_map(|i| i.option_id).map(|i| i.to_string()).collect(),
        registration_fee: fee("registration"),
        insurance_fee: fee("insurance"),
        extended_warranty_fee: fee("extended_warranty"),
        service_package_fee: fee("service_package"),
        discount_kind: kind.into(),
        discount_value: value,
        gift_name: gifts.iter().map(|g| g.name.clone()).collect(),
        gift_value: gifts.iter().map(|g| Money::from_fen(g.amount_fen).to_plain()).collect(),
        trade_in: if o.terms.trade_in.fen() > 0 { o.terms.trade_in.to_plain() } else { String::new() },
        payment_method: o.terms.payment.code().into(),
        lender: loan.map(|x| x.lender.clone()).unwrap_or_default(),
        down_payment: loan.map(|x| x.down_payment.to_plain()).unwrap_or_default(),
        loan_months: loan.map(|x| x.months.to_string()).unwrap_or_default(),
        channel: o.order.channel.code().into(),
        expected_delivery: o.order.expected_delivery.map(|d| d.to_string()).unwrap_or_default(),
        notes: o.order.notes.clone().unwrap_or_default(),
        owner_id: o.order.owner_id.to_string(),
        version: o.order.version,
        lead_id: String::new(),
        idempotency_key: String::new(),
    }
}

/// Team members' ids for the "team" filter of managers.
pub fn team_of(app: &App, actor: &Actor) -> AppResult<Option<Vec<i64>>> {
    if actor.scope == DataScope::Own {
        return Ok(None);
    }
    match actor.team_id {
        Some(t) => app.db.read(|c| Ok(Some(storage::users::team_member_ids(c, t.0)?))),
        None => Ok(None),
    }
}

/// The numbers of the orders `ids` that `actor` may see, for pages that mention orders by id
/// (a factory order's, a truck's); an order out of reach is left out, a reader without
/// `order_read` gets none.
pub fn numbers(app: &App, actor: &Actor, ids: &[i64]) -> AppResult<Vec<(i64, String)>> {
    if !actor.can(Permission::OrderRead) {
        return Ok(Vec::new());
    }
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let mut out = Vec::new();
        for &id in ids {
            if let Ok(row) = storage::sales::get_visible(c, &vis, id) {
                out.push((id, row.order_no));
            }
        }
        Ok(out)
    })
}
