//! Sales orders: created from a customer in a minute, confirmed by the customer through a signed
//! link, approved at the levels the rules require, every step on the order's timeline and in the
//! audit log, in the same transaction as the change and its outgoing messages.

mod input;
mod link;
pub mod rules;
mod view;

pub use input::{OrderInput, Priced, tax_of_day};
pub use link::{
    CustomerLink, CustomerOrder, by_link, customer_confirm, customer_link, customer_request_change, link_of, link_token,
};
pub use view::{Answer, OrderListRow, OrderView, StatusCount, export, get, inbox, inbox_ids, input_of, list, team_of};

use crate::audit::{self, Action, Changes, Event};
use crate::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::ids::UserId;
use domain::order::approval::{Level, Subject, required_levels};
use domain::order::state::Requesters;
use domain::order::state::apply;
use domain::order::{Command, Facts, OrderNo, Party, PaymentMethod, Stage, Status, VehicleFact};
use domain::org::Actor;
use domain::rbac::{DataScope, Permission, Role};
use domain::text::StoreCode;
use storage::DbConnection;
use storage::sales::{OrderFacts, OrderRow, OrderStage};

// --- stage and facts <-> columns --------------------------------------------------------------

pub fn stage_of(row: &OrderRow) -> Stage {
    match row.stage.as_str() {
        "awaiting_confirmation" => Stage::AwaitingConfirmation,
        "awaiting_approval" => Stage::AwaitingApproval {
            level: u8::try_from(row.approval_level).unwrap_or(1),
            levels: u8::try_from(row.approval_levels).unwrap_or(1),
        },
        "approved" => Stage::Approved,
        "closed" => Stage::Closed,
        "cancelled" => Stage::Cancelled,
        "lost" => Stage::Lost,
        _ => Stage::Draft,
    }
}

fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "draft",
        Stage::AwaitingConfirmation => "awaiting_confirmation",
        Stage::AwaitingApproval { .. } => "awaiting_approval",
        Stage::Approved => "approved",
        Stage::Closed => "closed",
        Stage::Cancelled => "cancelled",
        Stage::Lost => "lost",
    }
}

pub fn vehicle_code(v: VehicleFact) -> &'static str {
    match v {
        VehicleFact::None => "none",
        VehicleFact::OrderedFromFactory => "ordered_from_factory",
        VehicleFact::Allocated => "allocated",
        VehicleFact::InTransit => "in_transit",
        VehicleFact::Arrived => "arrived",
    }
}

pub fn facts_of(row: &OrderRow) -> Facts {
    Facts {
        contract_signed: row.contract_signed,
        money_received: row.money_received,
        paid_in_full: row.paid_in_full,
        vehicle: match row.vehicle_fact.as_str() {
            "ordered_from_factory" => VehicleFact::OrderedFromFactory,
            "allocated" => VehicleFact::Allocated,
            "in_transit" => VehicleFact::InTransit,
            "arrived" => VehicleFact::Arrived,
            _ => VehicleFact::None,
        },
        ready_for_delivery: row.ready_for_delivery,
        delivered: row.delivered,
    }
}

pub fn status_code(s: Status) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn stage_columns(stage: Stage, facts: &Facts) -> OrderStage {
    let (level, levels) = match stage {
        Stage::AwaitingApproval { level, levels } => (i32::from(level), i32::from(levels)),
        _ => (0, 0),
    };
    OrderStage {
        stage: stage_code(stage).into(),
        approval_level: level,
        approval_levels: levels,
        status: status_code(Status::of(stage, facts)),
    }
}

/// A refused transition: a missing reason is the form's to fix (422); every other rule is the
/// order's state (409, the code naming the rule).
fn transition_error(e: domain::order::TransitionError) -> AppError {
    match e {
        domain::order::TransitionError::ReasonRequired => AppError::field("reason", e.code()),
        other => refused(other.code()),
    }
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

/// The store's calendar day (orders are numbered and taxed by it), Asia/Shanghai unless configured.
fn store_today(
    c: &mut DbConnection,
    now: NaiveDateTime,
    store_id: i64,
) -> AppResult<(NaiveDate, storage::org::StoreRow)> {
    let store = storage::org::get_store(c, store_id)?;
    let tz: chrono_tz::Tz = store.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    Ok((now.and_utc().with_timezone(&tz).date_naive(), store))
}

/// The order as `actor` may see it; `NotFound` outside the data scope.
fn load(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<OrderRow> {
    let vis = crate::customers::visibility(c, actor)?;
    Ok(storage::sales::get_visible(c, &vis, id)?)
}

/// Who did a step of an order's timeline, and when: a staff member, or the customer by their link.
struct By<'a> {
    at: NaiveDateTime,
    user: Option<i64>,
    name: &'a str,
}

impl<'a> By<'a> {
    fn staff(at: NaiveDateTime, actor: &'a Actor) -> Self {
        Self { at, user: Some(actor.user_id.0), name: &actor.display_name }
    }

    fn customer(at: NaiveDateTime, name: &'a str) -> Self {
        Self { at, user: None, name }
    }
}

fn event(
    c: &mut DbConnection,
    by: By<'_>,
    row: &OrderRow,
    from: Option<&str>,
    action: &str,
    note: Option<&str>,
) -> AppResult<()> {
    storage::sales::insert_event(c, row.id, by.at, by.user, by.name, action, from, &row.status, note)?;
    Ok(())
}

fn audit_of(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    action: Action,
    row: &OrderRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(c, now, actor, Event { action, entity_id: row.id, store_id: Some(row.store_id), changes })
}

// --- create and edit --------------------------------------------------------------------------

/// The price of a form as it is being filled in (the live totals of the order form).
pub fn preview(app: &App, actor: &Actor, input: &OrderInput) -> AppResult<domain::order::Quote> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.read(|c| {
        let (today, _) = store_today(c, now, actor.store_id.0)?;
        Ok(input.price(c, actor.group_id.0, today)?.quote)
    })
}

/// The customer and owner of a new or edited order, within the actor's scope.
fn check_people(
    c: &mut DbConnection,
    actor: &Actor,
    priced: &mut Priced,
    input: &OrderInput,
    current_owner: Option<i64>,
) -> AppResult<()> {
    let vis = crate::customers::visibility(c, actor)?;
    if storage::customers::get_visible(c, &vis, priced.content.customer_id).is_err() {
        return Err(AppError::field("customer_id", "customer-required"));
    }
    let mut e = FieldErrors::new();
    let owner = crate::customers::resolve_owner(c, actor, &input.owner_id, current_owner, &mut e)?;
    e.into_result()?;
    // An order is owned by someone who sells: not a technician or a clerk.
    if owner != actor.user_id.0 && Some(owner) != current_owner {
        let sells = storage::users::get(c, owner)
            .ok()
            .and_then(|u| Role::from_code(&u.role))
            .is_some_and(|r| r.has(Permission::OrderWrite));
        if !sells {
            return Err(AppError::field("owner_id", "owner-not-allowed"));
        }
    }
    priced.content.owner_id = owner;
    Ok(())
}

/// Creates a draft order with a new number. With an idempotency key, a retry of the same request
/// returns the order created the first time instead of a second one.
pub fn create<A: Answer>(app: &App, actor: &Actor, input: &OrderInput, idempotency_key: Option<&str>) -> AppResult<A> {
    let key = idempotency_key.map(str::trim).filter(|k| !k.is_empty());
    match create_once(app, actor, input, key) {
        // Two requests with one key at once (PostgreSQL): the other committed first. Its order is
        // the answer to both, found by running again.
        Err(AppError::Conflict(crate::Conflict::Duplicate { field: "idempotency_key", .. })) => {
            create_once(app, actor, input, key)
        }
        other => other,
    }
}

fn create_once<A: Answer>(app: &App, actor: &Actor, input: &OrderInput, key: Option<&str>) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    if key.is_some_and(|k| k.len() > 200) {
        return Err(AppError::field("idempotency_key", "too-long"));
    }
    // The request's fingerprint: a key reused for another order is refused, as payment APIs do.
    let fingerprint = crate::crypto::token_digest(&serde_json::to_string(input).unwrap_or_default());
    app.db.write(|c| {
        if let Some(k) = key
            && let Some((existing, hash)) = storage::sales::find_idempotent(c, actor.user_id.0, k)?
        {
            if !hash.is_empty() && hash != fingerprint {
                return Err(AppError::field("idempotency_key", "idempotency-key-reused"));
            }
            let row = load(c, actor, existing)?;
            return A::answer(c, actor, row);
        }
        let (today, store) = store_today(c, now, actor.store_id.0)?;
        let mut priced = input.price(c, actor.group_id.0, today)?;
        check_people(c, actor, &mut priced, input, None)?;
        let seq = storage::sales::next_sequence(c, store.id, &today.format("%Y%m%d").to_string())?;
        let code =
            StoreCode::parse(&store.code).map_err(|_| AppError::Internal(format!("bad store code {}", store.code)))?;
        let number = OrderNo::new(&code, today, u32::try_from(seq).unwrap_or(u32::MAX)).to_string();
        let stage = stage_columns(Stage::Draft, &Facts::default());
        let row = storage::sales::insert(c, store.id, &number, actor.user_id.0, &priced.content, &stage, now)?;
        storage::sales::replace_items(c, row.id, &priced.items)?;
        storage::sales::add_requester(c, row.id, actor.user_id.0)?;
        if let Some(k) = key {
            storage::sales::remember_idempotent(c, actor.user_id.0, k, &fingerprint, row.id, now)
                .map_err(crate::error::on_duplicate("idempotency_key", "idempotency-key-reused"))?;
        }
        event(c, By::staff(now, actor), &row, None, "created", None)?;
        audit_of(
            c,
            now,
            actor,
            Action::OrderCreated,
            &row,
            Changes::new()
                .created("order_no", &row.order_no)
                .created("customer_id", row.customer_id)
                .created("total_fen", row.total_fen),
        )?;
        A::answer(c, actor, row)
    })
}

/// A new draft with the terms of order `id`: a new number, priced on today's rates, owned by the
/// actor (unless a manager copies it for its advisor), confirmed and approved again from scratch.
pub fn copy<A: Answer>(app: &App, actor: &Actor, id: i64) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    let source = get(app, actor, id)?;
    let mut input = input_of(&source);
    input.version = 0;
    input.expected_delivery = String::new();
    if actor.scope == DataScope::Own {
        input.owner_id = actor.user_id.0.to_string();
    }
    let row: OrderRow = create(app, actor, &input, None)?;
    app.db.write(|c| {
        event(c, By::staff(now, actor), &row, None, "copied", Some(&source.order.order_no))?;
        A::answer(c, actor, row)
    })
}

/// Whether two orders differ in what the approval rules and the customer's confirmation cover.
fn terms_changed(
    before: &OrderRow,
    after: &storage::sales::OrderContent,
    items_before: &[storage::sales::ItemRow],
    items_after: &[storage::sales::NewItem],
) -> bool {
    let priced_items = |kinds: Vec<(String, Option<i64>, String, i64)>| {
        let mut v = kinds;
        v.sort();
        v
    };
    before.total_fen != after.total_fen
        || before.discount_fen != after.discount_fen
        || before.gifts_fen != after.gifts_fen
        || before.trim_id != after.trim_id
        || before.customer_id != after.customer_id
        || before.terms != after.terms
        || priced_items(
            items_before.iter().map(|i| (i.kind.clone(), i.option_id, i.name.clone(), i.amount_fen)).collect(),
        ) != priced_items(
            items_after.iter().map(|i| (i.kind.clone(), i.option_id, i.name.clone(), i.amount_fen)).collect(),
        )
}

/// Edits an order. A change to the price, discount, gifts, vehicle or payment terms of an order
/// past the draft sends it back to draft: the customer confirms again and the rules run again.
pub fn update<A: Answer>(app: &App, actor: &Actor, id: i64, input: &OrderInput) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let before = load(c, actor, id)?;
        let stage = stage_of(&before);
        if stage.is_terminal() {
            return Err(transition_error(domain::order::TransitionError::Finished));
        }
        let (today, _) = store_today(c, now, before.store_id)?;
        // A draft is priced on today's rates; an order already sent keeps the date of its creation.
        let date = if stage == Stage::Draft { today } else { before.created_at.date() };
        let mut priced = input.price(c, actor.group_id.0, date)?;
        check_people(c, actor, &mut priced, input, Some(before.owner_id))?;
        let items_before = storage::sales::items(c, id)?;
        let changed = terms_changed(&before, &priced.content, &items_before, &priced.items);
        let facts = facts_of(&before);
        let next = if changed && stage != Stage::Draft {
            apply(stage, &facts, party(c, actor, &before)?, &Command::ChangeTerms).map_err(transition_error)?
        } else {
            stage
        };
        let mut row = storage::sales::update_content(c, &before, input.version, &priced.content, now)?;
        storage::sales::replace_items(c, id, &priced.items)?;
        if changed || row.owner_id != before.owner_id {
            // Whoever reshapes an order or hands it over has asked for it: they do not approve it.
            storage::sales::add_requester(c, id, actor.user_id.0)?;
        }
        if next != stage {
            row = storage::sales::set_stage(c, &row, row.version, &stage_columns(next, &facts), now)?;
            event(c, By::staff(now, actor), &row, Some(&before.status), "terms_changed", None)?;
        } else {
            event(c, By::staff(now, actor), &row, Some(&before.status), "edited", None)?;
        }
        let changes = Changes::new()
            .field("total_fen", before.total_fen, row.total_fen)
            .field("discount_fen", before.discount_fen, row.discount_fen)
            .field("gifts_fen", before.gifts_fen, row.gifts_fen)
            .field("trim_id", before.trim_id, row.trim_id)
            .field("customer_id", before.customer_id, row.customer_id)
            .field("owner_id", before.owner_id, row.owner_id)
            .field("payment_method", &before.payment_method, &row.payment_method)
            .field("channel", &before.channel, &row.channel)
            .field("expected_delivery", before.expected_delivery, row.expected_delivery)
            .field("notes", &before.notes, &row.notes)
            .field("terms", &before.terms, &row.terms)
            .field("status", &before.status, &row.status);
        audit_of(c, now, actor, Action::OrderUpdated, &row, changes)?;
        A::answer(c, actor, row)
    })
}

/// Who asked for the order: its owner, its creator, and whoever reshaped or handed it over.
pub(crate) fn requesters(c: &mut DbConnection, row: &OrderRow) -> AppResult<Requesters> {
    let editors = storage::sales::requesters(c, row.id)?.into_iter().map(UserId).collect();
    Ok(Requesters { owner: UserId(row.owner_id), creator: UserId(row.created_by), editors })
}

fn party(c: &mut DbConnection, actor: &Actor, row: &OrderRow) -> AppResult<Party> {
    Ok(requesters(c, row)?.party(actor.user_id))
}

// --- the workflow -----------------------------------------------------------------------------

/// Applies `command` as `actor` at `version`, records the timeline and audit, and returns the row.
fn transition(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
    version: i64,
    command: &Command,
    note: Option<&str>,
) -> AppResult<(OrderRow, Stage)> {
    let stage = stage_of(row);
    let facts = facts_of(row);
    let next = apply(stage, &facts, party(c, actor, row)?, command).map_err(transition_error)?;
    let after = storage::sales::set_stage(c, row, version, &stage_columns(next, &facts), now)?;
    event(c, By::staff(now, actor), &after, Some(&row.status), command.code(), note)?;
    audit_of(
        c,
        now,
        actor,
        Action::OrderTransition,
        &after,
        Changes::new()
            .field("status", &row.status, &after.status)
            .created("command", command.code())
            .created_if("note", note),
    )?;
    Ok((after, next))
}

fn order_link(app: &App, id: i64) -> String {
    format!("{}/orders/{id}", app.messages.public_url)
}

/// Sends the order to the customer for confirmation: an e-mail with a signed, expiring link.
pub fn submit<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let vis = crate::customers::visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, row.customer_id)?;
        let (after, _) = transition(c, now, actor, &row, version, &Command::Submit, None)?;
        if let Some(email) = &customer.email {
            let store = storage::org::get_store(c, row.store_id)?;
            let notice = Notice::ConfirmOrder {
                customer: customer.name.clone(),
                order_no: row.order_no.clone(),
                store: store.name,
                total: domain::Money::from_fen(row.total_fen).to_string(),
                link: link::customer_url(app, row.id),
                advisor: actor.display_name.clone(),
            };
            notify::send(app, c, row.store_id, email, "zh-CN", &notice)?;
        }
        A::answer(c, actor, after)
    })
}

/// The approval levels the rules require for this order now (at confirmation).
fn levels_for(c: &mut DbConnection, group_id: i64, row: &OrderRow) -> AppResult<Vec<Level>> {
    let trim = storage::catalogue::get_trim(c, group_id, row.trim_id)?;
    let quote: domain::order::Quote =
        serde_json::from_str(&row.quote).map_err(|e| AppError::Internal(e.to_string()))?;
    let subject = Subject {
        discount: quote.discount,
        list_price: quote.list_price,
        vehicle_price: quote.vehicle_price,
        floor_price: trim.floor_price_fen.map(domain::Money::from_fen),
        gifts_value: quote.gifts_value,
        payment_method: PaymentMethod::from_code(&row.payment_method).unwrap_or(PaymentMethod::Full),
    };
    Ok(required_levels(&rules::active(c, group_id)?, &subject))
}

/// Staff who approve at `role` in the order's store, for the "waiting for you" e-mail.
fn approvers(c: &mut DbConnection, store_id: i64, role: Role) -> AppResult<Vec<storage::users::UserRow>> {
    Ok(storage::users::with_role(c, store_id, role.code())?)
}

pub(crate) fn notify_approvers(
    app: &App,
    c: &mut DbConnection,
    row: &OrderRow,
    level: &Level,
    customer: &str,
) -> AppResult<()> {
    for u in approvers(c, row.store_id, level.role)? {
        if let Some(email) = &u.email {
            let notice = Notice::ApprovalWaiting {
                order_no: row.order_no.clone(),
                customer: customer.to_string(),
                reasons: level.reasons.join("、"),
                link: order_link(app, row.id),
            };
            notify::send(app, c, row.store_id, email, &u.locale, &notice)?;
        }
    }
    Ok(())
}

/// The level waiting on the order, and the actor's right to decide it.
fn waiting_level(c: &mut DbConnection, actor: &Actor, row: &OrderRow) -> AppResult<storage::sales::ApprovalRow> {
    require(actor, Permission::OrderApprove)?;
    let stage = stage_of(row);
    let Stage::AwaitingApproval { level, .. } = stage else {
        return Err(transition_error(domain::order::TransitionError::WrongState));
    };
    let round = storage::sales::approvals(c, row.id)?;
    // On PostgreSQL another approver may have decided this level after the order was read in this
    // transaction: the order is stale, as its version will say.
    let open = round
        .into_iter()
        .find(|a| a.level == i32::from(level) && a.decision.is_none())
        .ok_or(AppError::Conflict(crate::Conflict::Stale))?;
    if open.role != actor.role.code() {
        return Err(refused("order-not-your-level"));
    }
    Ok(open)
}

pub fn approve<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64, comment: &str) -> AppResult<A> {
    let now = app.now();
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let open = waiting_level(c, actor, &row)?;
        let comment = domain::text::optional(comment, 500).map_err(|e| AppError::field("comment", e.code()))?;
        let level = u8::try_from(open.level).unwrap_or(1);
        let (after, next) = transition(c, now, actor, &row, version, &Command::Approve { level }, comment.as_deref())?;
        storage::sales::decide(c, row.id, open.level, actor.user_id.0, "approved", comment.as_deref(), now)?;
        let customer =
            storage::customers::get_visible(c, &storage::customers::Visibility::whole_store(row.store_id), row.customer_id)?;
        match next {
            Stage::AwaitingApproval { level, .. } => {
                let round = storage::sales::approvals(c, row.id)?;
                if let Some(a) = round.iter().find(|a| a.level == i32::from(level) && a.decision.is_none()) {
                    let lvl = Level {
                        role: Role::from_code(&a.role).unwrap_or(Role::GeneralManager),
                        reasons: serde_json::from_str(&a.reasons).unwrap_or_default(),
                    };
                    notify_approvers(app, c, &after, &lvl, &customer.name)?;
                }
            }
            Stage::Approved => outcome(app, c, actor, &after, true, comment.as_deref().unwrap_or(""), &customer)?,
            _ => {}
        }
        A::answer(c, actor, after)
    })
}

/// Tells the advisor (and, when approved, the customer) how approval ended.
fn outcome(
    app: &App,
    c: &mut DbConnection,
    actor: &Actor,
    row: &OrderRow,
    approved: bool,
    comment: &str,
    customer: &storage::customers::CustomerRow,
) -> AppResult<()> {
    let owner = storage::users::get(c, row.owner_id)?;
    if let Some(email) = &owner.email {
        let notice = Notice::ApprovalOutcome {
            order_no: row.order_no.clone(),
            approved,
            by: actor.display_name.clone(),
            comment: comment.to_string(),
            link: order_link(app, row.id),
        };
        notify::send(app, c, row.store_id, email, &owner.locale, &notice)?;
    }
    if approved && let Some(email) = &customer.email {
        let store = storage::org::get_store(c, row.store_id)?;
        let notice = Notice::OrderApproved {
            customer: customer.name.clone(),
            order_no: row.order_no.clone(),
            store: store.name,
            link: link::customer_url(app, row.id),
        };
        notify::send(app, c, row.store_id, email, "zh-CN", &notice)?;
    }
    Ok(())
}

pub fn reject<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<A> {
    let now = app.now();
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let open = waiting_level(c, actor, &row)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::Reject { reason: reason.clone() }, Some(&reason))?;
        storage::sales::decide(c, row.id, open.level, actor.user_id.0, "rejected", Some(&reason), now)?;
        let customer =
            storage::customers::get_visible(c, &storage::customers::Visibility::whole_store(row.store_id), row.customer_id)?;
        outcome(app, c, actor, &after, false, &reason, &customer)?;
        A::answer(c, actor, after)
    })
}

/// Cancels an order with a reason. Once money has been received, the deposit outcome (定金 /
/// 订金 rules, Civil Code arts. 586-588) must be settled by finance first: that module will pass
/// it here; until then such orders cannot be cancelled from the order page.
pub fn cancel<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::Cancel { reason: reason.clone() }, Some(&reason))?;
        A::answer(c, actor, after)
    })
}

/// 战败: the customer bought elsewhere or gave up, before any contract or payment.
pub fn mark_lost<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let reason =
            domain::text::required(reason, 500).map_err(|_| AppError::field("reason", "order-reason-required"))?;
        let (after, _) =
            transition(c, now, actor, &row, version, &Command::MarkLost { reason: reason.clone() }, Some(&reason))?;
        A::answer(c, actor, after)
    })
}

pub fn close<A: Answer>(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<A> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let (after, _) = transition(c, now, actor, &row, version, &Command::Close, None)?;
        A::answer(c, actor, after)
    })
}

/// Records facts about the order (contract, money, vehicle, delivery). Finance, logistics and
/// delivery call this as they record their own documents; the status follows from the facts.
pub fn record_facts(app: &App, actor: &Actor, id: i64, facts: Facts, note: &str) -> AppResult<OrderRow> {
    let now = app.now();
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let stage = stage_of(&row);
        let status = status_code(Status::of(stage, &facts));
        let cols = OrderFacts {
            contract_signed: facts.contract_signed,
            money_received: facts.money_received || facts.paid_in_full,
            paid_in_full: facts.paid_in_full,
            vehicle_fact: vehicle_code(facts.vehicle).into(),
            ready_for_delivery: facts.ready_for_delivery,
            delivered: facts.delivered,
            status,
        };
        let after = storage::sales::set_facts(c, &row, row.version, &cols, now)?;
        if after.status != row.status {
            event(c, By::staff(now, actor), &after, Some(&row.status), "facts", Some(note))?;
        }
        audit_of(
            c,
            now,
            actor,
            Action::OrderFacts,
            &after,
            Changes::new().field("status", &row.status, &after.status).created("note", note),
        )?;
        Ok(after)
    })
}
