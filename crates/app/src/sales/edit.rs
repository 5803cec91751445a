//! Creating, copying and editing orders.

use super::{
    Author, OrderInput, Priced, Reply, audit_of, event, get, input_of, load, party, store_day, transition_error,
};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};
use domain::sales::state::apply;
use domain::sales::{Command, Facts, OrderNo, Stage};
use domain::text::StoreCode;
use storage::DbConnection;
use storage::sales::{OrderRow, OrderStage};

/// The price of a form as it is being filled in (the live totals of the order form).
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "preview", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn preview(app: &App, actor: &Actor, input: &OrderInput) -> AppResult<domain::sales::Quote> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.read(|c| {
        let (today, _) = store_day(c, now, actor.store_id.0)?;
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
    let vis = crate::kernel::scope::visibility(c, actor)?;
    storage::customers::hold(c, priced.content.customer_id)?;
    match storage::customers::get_visible(c, &vis, priced.content.customer_id) {
        Ok(customer) if customer.anonymised_at.is_some() => {
            return Err(AppError::field("customer_id", "customer-erased"));
        }
        Ok(_) => {}
        Err(_) => return Err(AppError::field("customer_id", "customer-required")),
    }
    let mut e = FieldErrors::new();
    let owner = crate::kernel::scope::resolve_owner(c, actor, &input.owner_id, current_owner, &mut e)?;
    e.into_result()?;
    // An order is owned by someone who sells: not a technician or a clerk.
    if owner != actor.user_id.0 && Some(owner) != current_owner {
        let sells = storage::users::get(c, owner).ok().is_some_and(|u| u.role.has(Permission::OrderWrite));
        if !sells {
            return Err(AppError::field("owner_id", "owner-not-allowed"));
        }
    }
    priced.content.owner_id = owner;
    Ok(())
}

/// Creates a draft order with a new number. With an idempotency key, a retry of the same request
/// returns the order created the first time instead of a second one.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "create", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn create<T: Send>(
    app: &App,
    actor: &Actor,
    input: &OrderInput,
    idempotency_key: Option<&str>,
    reply: Reply<T>,
) -> AppResult<T> {
    let key = idempotency_key.map(str::trim).filter(|k| !k.is_empty());
    match create_once(app, actor, input, key, reply) {
        // Two requests with one key at once (PostgreSQL): the other committed first. Its order is
        // the answer to both, found by running again.
        Err(AppError::Conflict(crate::Conflict::Duplicate { field: "idempotency_key", .. })) => {
            create_once(app, actor, input, key, reply)
        }
        other => other,
    }
}

fn create_once<T: Send>(
    app: &App,
    actor: &Actor,
    input: &OrderInput,
    key: Option<&str>,
    reply: Reply<T>,
) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    if key.is_some_and(|k| k.len() > 200) {
        return Err(AppError::field("idempotency_key", "too-long"));
    }
    // The request's fingerprint: a key reused for another order is refused, as payment APIs do.
    let fingerprint = crate::kernel::crypto::token_digest(&serde_json::to_string(input).unwrap_or_default());
    app.db.write(|c| {
        if let Some(k) = key
            && let Some((existing, hash)) = storage::sales::find_idempotent(c, actor.user_id.0, k)?
        {
            if !hash.is_empty() && hash != fingerprint {
                return Err(AppError::field("idempotency_key", "idempotency-key-reused"));
            }
            let row = load(c, actor, existing)?;
            return (reply.0)(c, actor, row);
        }
        let (today, store) = store_day(c, now, actor.store_id.0)?;
        let mut priced = input.price(c, actor.group_id.0, today)?;
        check_people(c, actor, &mut priced, input, None)?;
        let seq = storage::sales::next_sequence(c, store.id, &today.format("%Y%m%d").to_string())?;
        let code =
            StoreCode::parse(&store.code).map_err(|_| AppError::internal(format!("bad store code {}", store.code)))?;
        let number = OrderNo::new(&code, today, u32::try_from(seq).unwrap_or(u32::MAX)).to_string();
        let stage = OrderStage::of(Stage::Draft, &Facts::default());
        let row = storage::sales::insert(c, store.id, &number, actor.user_id.0, &priced.content, &stage, now)?;
        storage::sales::replace_items(c, row.id, &priced.items)?;
        storage::sales::add_requester(c, domain::ids::OrderId(row.id), actor.user_id)?;
        if let Some(k) = key {
            storage::sales::remember_idempotent(c, actor.user_id, k, &fingerprint, domain::ids::OrderId(row.id), now)
                .map_err(crate::kernel::error::on_duplicate("idempotency_key", "idempotency-key-reused"))?;
        }
        let lead_id = input.lead().transpose()?;
        raise(app, c, now, By::Staff(actor), Event::OrderCreated { order: &row, lead_id })?;
        event(c, Author::staff(now, actor), &row, None, "created", None)?;
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
        (reply.0)(c, actor, row)
    })
}

/// A new draft with the terms of order `id`: a new number, priced on today's rates, owned by the
/// actor (unless a manager copies it for its advisor), confirmed and approved again from scratch.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "copy", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn copy<T: Send>(app: &App, actor: &Actor, id: i64, reply: Reply<T>) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    let source = get(app, actor, id)?;
    let mut input = input_of(&source);
    input.version = 0;
    input.expected_delivery = String::new();
    if actor.scope == DataScope::Own {
        input.owner_id = actor.user_id.0.to_string();
    }
    let row = create(app, actor, &input, None, Reply::ROW)?;
    app.db.write(|c| {
        event(c, Author::staff(now, actor), &row, None, "copied", Some(&source.order.order_no))?;
        (reply.0)(c, actor, row)
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
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "update", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn update<T: Send>(app: &App, actor: &Actor, id: i64, input: &OrderInput, reply: Reply<T>) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    app.db.write(|c| {
        let before = load(c, actor, id)?;
        let stage = before.stage()?;
        if stage.is_terminal() {
            return Err(transition_error(domain::sales::TransitionError::Finished));
        }
        let (today, _) = store_day(c, now, before.store_id)?;
        // A draft is priced on today's rates; an order already sent keeps the date of its creation.
        let date = if stage == Stage::Draft {
            today
        } else {
            crate::kernel::calendar::day(c, before.created_at, before.store_id)?
        };
        let mut priced = input.price(c, actor.group_id.0, date)?;
        check_people(c, actor, &mut priced, input, Some(before.owner_id))?;
        let items_before = storage::sales::items(c, id)?;
        let changed = terms_changed(&before, &priced.content, &items_before, &priced.items);
        let facts = before.facts();
        let next = if changed && stage != Stage::Draft {
            apply(stage, &facts, party(c, actor, &before)?, &Command::ChangeTerms).map_err(transition_error)?
        } else {
            stage
        };
        let mut row = storage::sales::update_content(c, &before, input.version, &priced.content, now)?;
        storage::sales::replace_items(c, id, &priced.items)?;
        if changed || row.owner_id != before.owner_id {
            // Whoever reshapes an order or hands it over has asked for it: they do not approve it.
            storage::sales::add_requester(c, domain::ids::OrderId(id), actor.user_id)?;
        }
        if next != stage {
            row = storage::sales::set_stage(c, &row, row.version, &OrderStage::of(next, &facts), now)?;
            event(c, Author::staff(now, actor), &row, Some(before.status), "terms_changed", None)?;
            // The contract of the old terms no longer holds: a new version follows approval.
            raise(app, c, now, By::Staff(actor), Event::OrderTermsChanged { order: &row })?;
            row = storage::sales::get(c, id)?;
        } else {
            event(c, Author::staff(now, actor), &row, Some(before.status), "edited", None)?;
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
        (reply.0)(c, actor, row)
    })
}
